"""Briefings on a store of the shared archive: each question that names no subject ("What happened last week?"),
asked as of each reference date, answered as Gazette answers it (gazette.briefing through gazette.app.Reader.ask),
printed for reading by hand (each line: its article's date, headline and cited sentence), with three checks made
by the script: every cited article is dated in the period read, no two lines cite one article, no line comes from
a roundup's headline; and the time each briefing took, p50 and p95.

    python bench/newsdesk/briefing_run.py --store BRIEF_STORE --build ../shared/bench/realtimeqa/articles.jsonl.gz \\
        --months 2022/10,2022/11 --as-of 2022-10-10,2022-10-24,2022-11-07,2022-11-14,2022-11-28 \\
        [--questions "What happened last week?|Any news?"] [--out bench/results/briefings.json]

With ``--build``, the store is first made of every article of the shared archive published in those months (a
briefing reads a period whole, so the store holds all of it; 1,447 articles for October and November 2022),
unless it exists already.

The first briefing is answered once to warm the store and the model (not timed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

QUESTIONS = "What happened last week?|Any news?|What happened yesterday?|What were the top stories this week?"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build(archive: Path, store: Path, months: list[str]) -> None:
    """Ingest every article of ``archive`` published in ``months`` into ``store`` (a new folder)."""
    import gzip
    import tempfile

    from gazette.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        picked = Path(tmp) / "articles.jsonl"
        with gzip.open(archive, "rt", encoding="utf-8") as src, picked.open("w", encoding="utf-8") as out:
            for line in src:
                if (json.loads(line).get("publish_date") or "")[:7] in months:
                    out.write(line)
        if cli(["ingest", "--store", str(store), str(picked)]) != 0:
            raise SystemExit("the ingest failed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--as-of", required=True, help="reference dates, YYYY-MM-DD, comma-separated")
    parser.add_argument("--questions", default=QUESTIONS, help="questions, separated by |")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "briefings.json"))
    parser.add_argument("--build", help="the shared archive's articles.jsonl.gz, to build the store from")
    parser.add_argument("--months", default="2022/10,2022/11", help="with --build: the months it holds (YYYY/MM)")
    args = parser.parse_args()
    if args.build and not Path(args.store).exists():
        build(Path(args.build), Path(args.store), [m.strip() for m in args.months.split(",") if m.strip()])
    from gazette.app import App
    from gazette.briefing import asks_briefing, is_roundup
    from gazette.settings import Settings
    from gazette.timescope import time_scope

    days = [date.fromisoformat(d.strip()) for d in args.as_of.split(",") if d.strip()]
    questions = [q.strip() for q in args.questions.split("|") if q.strip()]
    reader = App(Settings(), store=Path(args.store)).open_reader()
    reader.ask(questions[0], as_of=days[0])  # warm-up, not timed
    runs, times = [], []
    for as_of in days:
        for question in questions:
            scope = time_scope(question, as_of)
            assert asks_briefing(question, scope if scope.since or scope.until else None), question
            started = time.perf_counter()
            answer = reader.ask(question, as_of=as_of)
            times.append(time.perf_counter() - started)
            cited = [{"published": c.published, "title": c.title, "quote": c.quote, "doc_id": c.doc_id}
                     for c in answer.citations]
            run = {
                "as_of": as_of.isoformat(), "question": question, "abstained": answer.abstained,
                "answer": answer.answer, "lines": cited, "seconds": round(times[-1], 3),
                "in_period": all((scope.since is None or c["published"] >= scope.since.isoformat())
                                 and (scope.until is None or c["published"] <= scope.until.isoformat())
                                 for c in cited) if scope.since or scope.until else None,
                "one_line_per_article": len({c["doc_id"] for c in cited}) == len(cited),
                "no_roundup": not any(is_roundup(c["title"]) for c in cited),
            }
            runs.append(run)
            print(f"\n## {question} (as of {as_of}; {run['seconds']:.2f} s)")
            print(answer.answer if answer.abstained else "")
            for c in cited:
                print(f"- {c['published']} | {c['title'][:80]}\n    {c['quote'][:220]}")
    reader.close()
    summary = {
        "briefings": len(runs), "abstained": sum(r["abstained"] for r in runs),
        "lines": sum(len(r["lines"]) for r in runs),
        "all_in_period": all(r["in_period"] is not False for r in runs),
        "one_line_per_article": all(r["one_line_per_article"] for r in runs),
        "no_roundup": all(r["no_roundup"] for r in runs),
        "seconds_p50": round(statistics.median(times), 3), "seconds_p95": round(pct(times, 0.95), 3),
    }
    print("\n" + json.dumps(summary, indent=1))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"summary": summary, "runs": runs}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
