"""`gazette eval`: answer quality on a question file, the tool developers use to test retrieval and prompts.

Question files are JSON Lines in either format:

- the news benchmark's (``question``, ``question_date`` "YYYY/MM/DD", ``choices``, ``answer_index``, ``answer``,
  ``answer_in_articles``): the question date is the reference date, and only questions whose answer occurs in
  their articles (``answer_in_articles``) count as answerable;
- our own: ``{"question", "answer"?, "accepted"?, "doc_id"?, "choices"?, "answer_index"?, "as_of"?, "history"?,
  "unanswerable"?, "split"?}``. A question with no answer, or ``"unanswerable": true``, should be abstained on.
  ``accepted`` lists every form of the answer that counts (default: the answer); ``doc_id`` names the article
  that answers it; ``split`` ("dev", "test") lets one file hold both halves of a set (``--split``).

Metrics (answerable questions unless said otherwise): answer-recall@1/5/10 and MRR@10 of retrieval (the answer
string in a retrieved chunk); multiple-choice accuracy over all questions with choices, an abstention counting as
wrong, with beside it the accuracy over the answerable ones, over those where a choice was made, and the share
abstained; generated-answer EM and token F1 (the short answer when the answerer found one, else the answer text
without markers); citation precision (cited chunks that contain the answer); abstention (share of unanswerable
questions abstained on) and answer rate (share of answerable ones answered). With accepted forms: correct (an
accepted form in the answer), correct from the right article (and a citation of the ``doc_id`` article), quote
precision (citations whose quote holds an accepted form); and the latency of the whole answer path.
"""

from __future__ import annotations

import json
import logging
import random
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gazette.answering import Answerer, ask, ask_choices, plan_search, run_search
from gazette.citations import strip_markers
from gazette.dates import parse_date
from gazette.errors import UsageError
from gazette.followups import rewrite
from gazette.injection import InstructionDetector
from gazette.metrics import contains_answer, exact_match, first_hit_rank, mrr_at, recall_at, token_f1
from gazette.retrieval import Retriever

log = logging.getLogger(__name__)


@dataclass
class EvalQuestion:
    question: str
    answer: str = ""
    choices: list[str] = field(default_factory=list)
    answer_index: int | None = None
    as_of: date | None = None
    history: list[tuple[str, str]] = field(default_factory=list)
    answerable: bool = True
    qid: str = ""
    accepted: list[str] = field(default_factory=list)
    """Every form of the answer that counts as right (the answer itself included)."""
    doc_ids: list[str] = field(default_factory=list)
    """The articles that answer it, when known."""
    split: str = ""


def parse_question(rec: dict[str, Any], line: int, where: str = "line") -> EvalQuestion:
    """One question record; a bad one is a UsageError that names ``where`` (the file) and its line."""
    if not isinstance(rec, dict) or not str(rec.get("question", "")).strip():
        raise UsageError(f"{where}:{line}: a question record needs a non-empty 'question'")
    answer = str(rec.get("answer") or "")
    if "answer_in_articles" in rec:
        answerable = bool(rec["answer_in_articles"])
    else:
        answerable = bool(answer) and not rec.get("unanswerable", False)
    try:
        as_of = parse_date(rec.get("as_of") or rec.get("question_date"))
    except ValueError as exc:
        raise UsageError(f"{where}:{line}: {exc}") from exc
    history = [(str(r), str(t)) for r, t in rec.get("history") or []]
    accepted = [str(a) for a in rec.get("accepted") or [] if str(a).strip()]
    if answer and answer not in accepted:
        accepted.insert(0, answer)
    doc_ids = [str(d) for d in ([rec["doc_id"]] if rec.get("doc_id") else rec.get("expected_sources") or [])]
    return EvalQuestion(
        question=str(rec["question"]).strip(), answer=answer, choices=[str(c) for c in rec.get("choices") or []],
        answer_index=rec.get("answer_index"), as_of=as_of, history=history, answerable=answerable,
        qid=str(rec.get("question_id") or rec.get("id") or line), accepted=accepted, doc_ids=doc_ids,
        split=str(rec.get("split") or ""),
    )


def sample_questions(questions: Sequence[EvalQuestion], n: int, seed: int = 13) -> list[EvalQuestion]:
    """``n`` questions drawn at random (the same ones for the same seed), kept in file order: a sample spread
    over the whole file rather than its first weeks (pure)."""
    if n >= len(questions):
        return list(questions)
    keep = sorted(random.Random(seed).sample(range(len(questions)), n))
    return [questions[i] for i in keep]


def load_questions(path: Path, limit: int | None = None, split: str | None = None) -> list[EvalQuestion]:
    """The questions of ``path`` (only those of ``split``, when given), at most ``limit``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{n}: malformed JSON ({exc.msg})") from exc
        q = parse_question(rec, n, str(path))
        if split and q.split != split:
            continue
        out.append(q)
        if limit and len(out) >= limit:
            break
    if not out:
        raise UsageError(f"{path} holds no questions" + (f" of split {split!r}" if split else ""))
    return out


@dataclass
class _Tally:
    ranks: list[int | None] = field(default_factory=list)
    mc: list[float] = field(default_factory=list)
    mc_answerable: list[float] = field(default_factory=list)
    mc_abstained: list[float] = field(default_factory=list)
    em: list[float] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)
    cites: list[float] = field(default_factory=list)
    quotes: list[float] = field(default_factory=list)
    correct: list[float] = field(default_factory=list)
    correct_source: list[float] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)
    abstained_unanswerable: list[float] = field(default_factory=list)
    latency_ms: list[float] = field(default_factory=list)


def _retrieval_rank(retriever: Retriever, q: EvalQuestion, mode: str) -> tuple[int | None, float]:
    plan = plan_search(q.question, q.history, None, q.as_of, rewrite, retriever.recency_policy, retriever.outlets())
    started = time.perf_counter()
    hits = run_search(retriever, plan, k=10, mode=mode)
    elapsed = (time.perf_counter() - started) * 1000
    texts = [f"{h.chunk.title}\n{h.chunk.text}" for h in hits]
    ranks = [r for r in (first_hit_rank(texts, form) for form in q.accepted or [q.answer]) if r is not None]
    return (min(ranks) if ranks else None), elapsed


def evaluate(
    questions: Sequence[EvalQuestion],
    retriever: Retriever,
    answerers: dict[str, Answerer],
    *,
    baselines: bool = False,
    answers: bool = True,
    progress: Callable[[int], None] | None = None,
    details: list[dict[str, Any]] | None = None,
    detector: InstructionDetector | None = None,
) -> dict[str, Any]:
    """Run every question; return the metrics (one block per answerer, plus retrieval baselines). With
    ``details``, one record per question and answerer is appended to it (what was asked, answered and cited)."""
    started = time.perf_counter()
    modes = ["hybrid", "dense", "keyword"] if baselines else [retriever.mode]
    retrieval: dict[str, _Tally] = {m: _Tally() for m in modes}
    per_answerer: dict[str, _Tally] = {name: _Tally() for name in answerers}
    for i, q in enumerate(questions, start=1):
        rank: int | None = None
        if q.answerable and q.answer:
            for mode in modes:
                found, ms = _retrieval_rank(retriever, q, mode)
                retrieval[mode].ranks.append(found)
                retrieval[mode].latency_ms.append(ms)
                rank = found if mode == retriever.mode else rank
        if answers:
            for name, answerer in answerers.items():
                record = _score_answer(per_answerer[name], q, retriever, answerer, detector)
                if details is not None:
                    details.append({"id": q.qid, "answerer": name, "rank": rank, **record})
        if progress:
            progress(i)
    wall = time.perf_counter() - started
    answerable = sum(1 for q in questions if q.answerable and q.answer)
    result: dict[str, Any] = {
        "questions": len(questions),
        "answerable": answerable,
        "unanswerable": len(questions) - answerable,
        "with_choices": sum(1 for q in questions if q.choices and q.answer_index is not None),
        "wall_time_s": round(wall, 1),
        "retrieval": {mode: _retrieval_block(t) for mode, t in retrieval.items()},
    }
    if answers:
        result["answers"] = {name: _answer_block(t) for name, t in per_answerer.items()}
    return result


def _score_answer(t: _Tally, q: EvalQuestion, retriever: Retriever, answerer: Answerer,
                  detector: InstructionDetector | None = None) -> dict[str, Any]:
    """Ask ``q``, add the outcome to the tally, and return it as a record."""
    if q.choices and q.answer_index is not None:
        mc = ask_choices(q.question, q.choices, retriever, history=q.history, as_of=q.as_of, detector=detector)
        t.mc.append(float(mc.choice == q.answer_index))
        t.mc_abstained.append(float(mc.abstained))
        if q.answerable:
            t.mc_answerable.append(float(mc.choice == q.answer_index))
    started = time.perf_counter()
    ans = ask(q.question, retriever, answerer, history=q.history, as_of=q.as_of, detector=detector)
    t.answer_ms.append((time.perf_counter() - started) * 1000)
    holding: set[str] | None = None  # the cited chunks that hold an accepted form
    if q.answerable and q.answer:
        forms = q.accepted or [q.answer]
        t.answered.append(float(not ans.abstained))
        text = "" if ans.abstained else (ans.short_answer or strip_markers(ans.answer))
        t.em.append(max(exact_match(text, form) for form in forms))
        t.f1.append(max(token_f1(text, form) for form in forms))
        said = "" if ans.abstained else strip_markers(ans.answer)
        right = any(contains_answer(said, form) for form in forms)
        t.correct.append(float(right))
        if q.doc_ids:
            t.correct_source.append(float(right and any(c.doc_id in q.doc_ids for c in ans.citations)))
        if not ans.abstained:
            chunks = retriever.archive.get_chunks([c.chunk_id for c in ans.citations])
            holding = {c.chunk_id for c in chunks
                       if any(contains_answer(f"{c.title}\n{c.text}", form) for form in forms)}
            t.cites.extend(float(c.chunk_id in holding) for c in chunks)
            t.quotes.extend(float(any(contains_answer(c.quote, form) for form in forms)) for c in ans.citations)
    else:
        t.abstained_unanswerable.append(float(ans.abstained))
    return {
        "question": q.question, "as_of": q.as_of.isoformat() if q.as_of else None, "expected": q.answer or None,
        "answerable": q.answerable, "doc_ids": q.doc_ids, "answer": ans.answer, "abstained": ans.abstained,
        "searched_query": ans.searched_query,
        "cited": [{"doc_id": c.doc_id, "chunk_id": c.chunk_id, "published": c.published, "quote": c.quote,
                   **({"holds": c.chunk_id in holding} if holding is not None else {})} for c in ans.citations],
        "correct": bool(t.correct and q.answerable and q.answer and t.correct[-1]),
    }


def _mean(xs: Iterable[float]) -> float | None:
    xs = list(xs)
    return round(sum(xs) / len(xs), 4) if xs else None


def _pct(xs: Sequence[float], q: float) -> float | None:
    if not xs:
        return None
    return round(statistics.quantiles(xs, n=100, method="inclusive")[int(q) - 1], 1) if len(xs) > 1 else xs[0]


def _retrieval_block(t: _Tally) -> dict[str, Any]:
    return {
        "n": len(t.ranks),
        "recall@1": round(recall_at(t.ranks, 1), 4), "recall@5": round(recall_at(t.ranks, 5), 4),
        "recall@10": round(recall_at(t.ranks, 10), 4), "mrr@10": round(mrr_at(t.ranks, 10), 4),
        "latency_ms_p50": _pct(t.latency_ms, 50), "latency_ms_p95": _pct(t.latency_ms, 95),
    }


def _answer_block(t: _Tally) -> dict[str, Any]:
    return {
        "multiple_choice_accuracy": _mean(t.mc), "multiple_choice_n": len(t.mc),
        "multiple_choice_accuracy_answerable": _mean(t.mc_answerable),
        "multiple_choice_accuracy_when_chosen": _mean(
            right for right, abstained in zip(t.mc, t.mc_abstained, strict=True) if not abstained),
        "multiple_choice_abstained": _mean(t.mc_abstained),
        "exact_match": _mean(t.em), "f1": _mean(t.f1),
        "citation_precision": _mean(t.cites), "citations": len(t.cites),
        "quote_precision": _mean(t.quotes),
        "correct": _mean(t.correct), "correct_from_right_article": _mean(t.correct_source),
        "answer_latency_ms_p50": _pct(t.answer_ms, 50), "answer_latency_ms_p95": _pct(t.answer_ms, 95),
        "answer_rate_answerable": _mean(t.answered),
        "abstention_rate_unanswerable": _mean(t.abstained_unanswerable),
    }


def render_report(result: dict[str, Any]) -> str:
    lines = [
        f"questions: {result['questions']} ({result['answerable']} answerable, {result['unanswerable']} not; "
        f"{result['with_choices']} with choices); wall time {result['wall_time_s']} s",
        "retrieval     n     R@1    R@5    R@10   MRR@10  p50 ms  p95 ms",
    ]
    for mode, b in result["retrieval"].items():
        lines.append(
            f"  {mode:<9} {b['n']:>5}  {b['recall@1']:.3f}  {b['recall@5']:.3f}  {b['recall@10']:.3f}  "
            f"{b['mrr@10']:.3f}   {b['latency_ms_p50'] or 0:>6}  {b['latency_ms_p95'] or 0:>6}"
        )
    for name, b in result.get("answers", {}).items():
        fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
        lines.append(
            f"answers [{name}]: multiple choice {fmt(b['multiple_choice_accuracy'])} (n={b['multiple_choice_n']}; "
            f"answerable {fmt(b['multiple_choice_accuracy_answerable'])}, when a choice was made "
            f"{fmt(b['multiple_choice_accuracy_when_chosen'])}, abstained {fmt(b['multiple_choice_abstained'])}), "
            f"EM {fmt(b['exact_match'])}, F1 {fmt(b['f1'])}, citation precision {fmt(b['citation_precision'])} "
            f"(n={b['citations']}), answered {fmt(b['answer_rate_answerable'])} of answerable, "
            f"abstained {fmt(b['abstention_rate_unanswerable'])} of unanswerable"
        )
        lines.append(
            f"  correct {fmt(b['correct'])}, from the right article {fmt(b['correct_from_right_article'])}, "
            f"quotes holding the answer {fmt(b['quote_precision'])}; answer latency p50 "
            f"{b['answer_latency_ms_p50'] or 0} ms, p95 {b['answer_latency_ms_p95'] or 0} ms"
        )
    return "\n".join(lines)
