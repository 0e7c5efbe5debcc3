"""Re-validate the offline answerer's weights and thresholds on the natural set's dev half (never on test).

Each question is searched and its candidate sentences scored once (the parts of each score kept), then every
setting of the grid is replayed on those candidates: which sentence would be chosen, and would the answer be
right, from the right article, or an abstention. The weights in gazette/extractive.py and AnswerSettings were
checked this way; bench/natural/STEPS.md says what came out.

    python bench/natural/tune.py --store ~/natural-store [--split dev] [--grid small|full] [--out FILE]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


@dataclass(frozen=True)
class Cand:
    cosine: float
    coverage: float
    window: float
    names: float
    type_match: float
    penalty: float
    step: float
    context: float
    blocked: bool
    holds: bool  # the sentence holds an accepted form
    right_article: bool
    doc_id: str


@dataclass(frozen=True)
class Case:
    qid: str
    answerable: bool
    cands: tuple[Cand, ...]


@dataclass(frozen=True)
class Choice:
    cosine_w: float
    coverage_w: float
    window_w: float
    type_w: float
    min_support: float
    min_context: float
    older: float
    second_share: float = 0.85
    max_sentences: int = 2
    min_names: float = 0.0


def collect(store: Path, questions: Path, split: str) -> list[Case]:
    from gazette.answering import plan_search, read_whole, run_search
    from gazette.app import App
    from gazette.evaluation import load_questions
    from gazette.metrics import contains_answer
    from gazette.settings import get_settings

    reader = App(get_settings(), store=store).open_reader()
    answerer = reader.answerer
    cases = []
    try:
        for q in load_questions(questions, split=split):
            plan = plan_search(q.question, q.history, None, q.as_of, answerer.rewrite_query,
                               reader.retriever.recency_policy)
            if plan.after_reference:
                cases.append(Case(q.qid, q.answerable and bool(q.answer), ()))
                continue
            hits = read_whole(reader.retriever, run_search(reader.retriever, plan), answerer.whole_articles)
            ranked = answerer.ranked(plan.question, hits, plan.query, recency=plan.recency, period=plan.period)
            forms = q.accepted or ([q.answer] if q.answer else [])
            cands = tuple(Cand(
                c.cosine, c.coverage, c.window_coverage, c.name_share, c.type_match, c.penalty, plan.recency.step(c.chunk.published),
                c.context_coverage, c.blocked, any(contains_answer(c.sentence, f) for f in forms),
                c.chunk.doc_id in q.doc_ids, c.chunk.doc_id) for c in ranked)
            cases.append(Case(q.qid, q.answerable and bool(q.answer), cands))
    finally:
        reader.close()
    return cases


def replay(cases: list[Case], ch: Choice) -> dict[str, float]:
    """The answers ``ch`` would give, as ExtractiveAnswerer.answer chooses them: the best sentence, then up to
    ``max_sentences`` from its article scoring at least ``second_share`` of it."""
    right = answered = abstained_un = un = n = quotes = quoted = 0
    for case in cases:
        scored = []
        for c in case.cands:
            cov = (1 - ch.window_w) * c.coverage + ch.window_w * c.window
            support = 0.0 if c.blocked or c.names < ch.min_names else c.penalty * (ch.cosine_w * c.cosine + ch.coverage_w * cov
                                                         + ch.type_w * c.type_match)
            scored.append((support * (1.0 if c.step == 1.0 else ch.older), support, c))
        scored.sort(key=lambda t: t[0], reverse=True)
        best = scored[0] if scored else None
        answers = best is not None and best[1] >= ch.min_support and best[2].context >= ch.min_context
        chosen = []
        if answers and best is not None:
            chosen = [best[2]]
            for score, _support, c in scored[1:]:
                if len(chosen) >= ch.max_sentences or score < max(ch.min_support, ch.second_share * best[0]) \
                        or c.context < ch.min_context:
                    break
                if c.doc_id == best[2].doc_id:
                    chosen.append(c)
        if case.answerable:
            n += 1
            answered += answers
            if chosen:
                right += any(c.holds and c.right_article for c in chosen)
                quotes += 1
                quoted += chosen[0].holds
        else:
            un += 1
            abstained_un += not answers
    return {
        "correct_right_article": round(right / n, 4) if n else 0.0, "answered": round(answered / n, 4) if n else 0.0,
        "abstained_unanswerable": round(abstained_un / un, 4) if un else 0.0,
        "quote_precision": round(quoted / quotes, 4) if quotes else 0.0,
    }


def grid(size: str) -> list[Choice]:
    if size == "small":
        axes: dict[str, list[float]] = {
            "cosine_w": [0.45], "coverage_w": [0.4], "window_w": [0.0], "type_w": [0.15],
            "min_support": [0.40, 0.45, 0.50, 0.55, 0.60], "min_context": [0.5], "older": [0.7],
        }
    else:
        axes = {
            "cosine_w": [0.35, 0.45, 0.55], "coverage_w": [0.3, 0.4, 0.5], "window_w": [0.0, 0.4, 0.8],
            "type_w": [0.15, 0.25], "min_support": [0.45, 0.50, 0.55, 0.60], "min_context": [0.4, 0.5],
            "older": [0.7], "second_share": [0.7, 0.85], "max_sentences": [2, 3],
        }
    keys = list(axes)
    return [Choice(**dict(zip(keys, values, strict=True))) for values in itertools.product(*axes.values())]


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--store", required=True)
    p.add_argument("--questions", default=str(Path(__file__).with_name("questions.jsonl")))
    p.add_argument("--split", default="dev")
    p.add_argument("--grid", choices=("small", "full"), default="small")
    p.add_argument("--out")
    p.add_argument("--cache", help="keep the scored candidates in this file (and reuse them): replays only")
    args = p.parse_args(argv)
    cache = Path(args.cache) if args.cache else None
    if cache and cache.is_file():
        cases = [Case(c["qid"], c["answerable"], tuple(Cand(**x) for x in c["cands"]))
                 for c in json.loads(cache.read_text(encoding="utf-8"))]
    else:
        cases = collect(Path(args.store).expanduser(), Path(args.questions), args.split)
        if cache:
            cache.write_text(json.dumps([{"qid": c.qid, "answerable": c.answerable,
                                          "cands": [x.__dict__ for x in c.cands]} for c in cases]), encoding="utf-8")
    rows: list[dict[str, Any]] = []
    for ch in grid(args.grid):
        rows.append({**ch.__dict__, **replay(cases, ch)})
    # Rank by correct answers from the right article, then abstention on the unanswerable ones.
    rows.sort(key=lambda r: (r["correct_right_article"] + r["abstained_unanswerable"] / 2), reverse=True)
    for r in rows[:15]:
        print(json.dumps(r))
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
