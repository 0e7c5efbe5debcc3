"""What a labeller reads to label one question of the "Sources differ" set: the articles retrieved for it (as the
answer's pipeline retrieves them) and every sentence of theirs that holds a number (in digits or words), whatever Gazette's rules make
of it. The labels (a real disagreement or not, and its values) are written by hand in differ_questions.jsonl.

    python bench/newsdesk/show_hits.py --store STORE --as-of 2023-08-15 "How many people died in the Maui fires?"
    python bench/newsdesk/show_hits.py --store STORE --id shared-maui-dead bench/newsdesk/differ_questions.jsonl
    python bench/newsdesk/show_hits.py --store STORE --all shared bench/newsdesk/differ_questions.jsonl

``--all NAME`` prints every question of the file asked of that archive ("sample" or "shared"), in one process.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                    r"dozens?|hundreds|thousands)\b", re.IGNORECASE)
"""A sentence that holds a number, in digits or in words."""
sys.path.insert(0, str(ROOT))


def retrieved(reader, question: str, as_of: date | None):  # noqa: ANN001, ANN201 - a bench script
    from gazette.answering import plan_search, read_whole, run_search

    plan = plan_search(question, [], None, as_of, reader.answerer.rewrite_query, reader.retriever.recency_policy)
    return read_whole(reader.retriever, run_search(reader.retriever, plan), reader.answerer.whole_articles)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("question", help="a question, or with --id the question file")
    parser.add_argument("--store", required=True)
    parser.add_argument("--as-of")
    parser.add_argument("--id", help="the question of this id in the file given")
    parser.add_argument("--all", metavar="NAME", help="every question of the file given asked of this archive")
    args = parser.parse_args()
    from gazette.app import App
    from gazette.chunking import split_sentences
    from gazette.settings import Settings

    if args.id or args.all:
        rows = [json.loads(line) for line in Path(args.question).read_text(encoding="utf-8").splitlines() if line]
        asks = [(r["question"], date.fromisoformat(r["as_of"]), r["id"]) for r in rows
                if r["id"] == args.id or r.get("store") == args.all]
    else:
        asks = [(args.question, date.fromisoformat(args.as_of) if args.as_of else None, "")]
    with App(Settings(_env_file=None), store=Path(args.store)).open_reader() as reader:
        for question, as_of, qid in asks:
            show(question, as_of, qid, retrieved(reader, question, as_of), split_sentences)
    return 0


def show(question: str, as_of: date | None, qid: str, hits: list, split_sentences) -> None:  # noqa: ANN001
    print(f"\n##### {qid} Q: {question} (as of {as_of})")
    for rank, hit in enumerate(hits):
        c = hit.chunk
        print(f"\n[{rank}] {c.doc_id} {c.published} {c.outlet or c.url[:60]} | {c.title}")
        seen = set()
        for chunk in sorted((c, *hit.context), key=lambda x: x.index):
            for s in split_sentences(chunk.text):
                if s in seen or not NUMBER.search(s):
                    continue
                seen.add(s)
                print(f"    - {' '.join(s.split())[:400]}")


if __name__ == "__main__":
    sys.exit(main())
