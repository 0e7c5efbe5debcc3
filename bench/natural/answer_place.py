"""Where the sentence that holds the answer stands among the offline answerer's candidates, question by question.

For each answerable question of a split, the question is searched and its candidate sentences scored as
`gazette ask` does (ExtractiveAnswerer.ranked); the candidates from the right article that hold an accepted form
are the answer's sentences. The best placed of them is then one of:

- ``first``: ranked first (the answer gives it, if its support clears the threshold);
- ``refused: kind``: refused because it lacks the kind of answer asked for (`can_answer`: no count for "how many",
  no word of cause for "why", ...);
- ``refused: other``: refused by another rule (a name, number or date of the question missing from the article, an
  outcome not reported);
- ``outranked``: a candidate, but another sentence ranks higher;
- ``not a candidate``: no candidate sentence holds an accepted form (a retrieval miss, or the form is worded
  otherwise in the article).

    python bench/natural/answer_place.py --store ~/natural-store --split test9 [--questions FILE] [--show]

bench/natural/STEPS.md's "Thirteenth step" counts these for the why and how halves.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PLACES = ("first", "refused: kind", "refused: other", "outranked", "not a candidate")


def place(ranks: list[tuple[int, bool, bool]]) -> str:
    """The place of the best placed answer sentence, from (rank, refused, kind_ok) of each (pure)."""
    if not ranks:
        return "not a candidate"
    rank, refused, kind_ok = min(ranks)
    if rank == 0 and not refused:
        return "first"
    if refused:
        return "refused: other" if kind_ok else "refused: kind"
    return "outranked"


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--store", required=True)
    p.add_argument("--questions", default=str(Path(__file__).with_name("questions.jsonl")))
    p.add_argument("--split", required=True)
    p.add_argument("--show", action="store_true", help="print each question's id, its place and the question")
    args = p.parse_args(argv)

    from gazette.answering import plan_search, read_whole, run_search
    from gazette.app import App
    from gazette.evaluation import load_questions
    from gazette.extractive import can_answer, question_kind
    from gazette.metrics import contains_answer
    from gazette.settings import get_settings

    reader = App(get_settings(), store=Path(args.store).expanduser()).open_reader()
    answerer = reader.answerer
    counts: Counter[str] = Counter()
    try:
        for q in load_questions(Path(args.questions), split=args.split):
            if not (q.answerable and q.answer):
                continue
            plan = plan_search(q.question, q.history, None, q.as_of, answerer.rewrite_query,
                               reader.retriever.recency_policy)
            hits = read_whole(reader.retriever, run_search(reader.retriever, plan), answerer.whole_articles)
            ranked = answerer.ranked(plan.question, hits, plan.query, recency=plan.recency, period=plan.period)
            kind = question_kind(plan.query)
            forms = q.accepted or [q.answer]
            ranks = [(i, c.blocked, can_answer(kind, plan.query, c.sentence)) for i, c in enumerate(ranked)
                     if c.chunk.doc_id in q.doc_ids and any(contains_answer(c.sentence, f) for f in forms)]
            where = place(ranks)
            counts[where] += 1
            if args.show:
                print(f"{q.qid}\t{where}\t{q.question}")
    finally:
        reader.close()
    for name in PLACES:
        print(f"{name}: {counts[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
