"""The added cost per question of the news-desk answers: the "Sources differ" step (gazette.differ.add_note, timed
inside each real answer) over a question set, p50 and p95, beside the whole answer's time; and the same over the
questions that ask for a figure (the only ones where the step reads anything: gazette.differ.asked).

    python bench/newsdesk/latency.py --store STORE [--questions bench/natural/questions.jsonl] [--sample 120]
        [--out bench/results/newsdesk-latency.json]

The first five questions are answered once to warm the store and the model (not timed), then each question is
timed once.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--questions", default=str(ROOT / "bench" / "natural" / "questions.jsonl"))
    parser.add_argument("--extra", default=str(Path(__file__).parent / "differ_questions.jsonl"),
                        help="our 'Sources differ' questions of the shared archive, timed as well")
    parser.add_argument("--sample", type=int, default=120)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "newsdesk-latency.json"))
    args = parser.parse_args()
    import gazette.answering as answering
    from gazette.app import App
    from gazette.differ import asked
    from gazette.settings import Settings

    rows = [json.loads(line) for line in Path(args.questions).read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if not r.get("history")]
    random.Random(2026).shuffle(rows)
    rows = rows[:args.sample]
    if args.extra and Path(args.extra).exists():
        rows += [json.loads(line) for line in Path(args.extra).read_text(encoding="utf-8").splitlines()
                 if line.strip() and json.loads(line).get("store") == "shared"]
    note_times: list[float] = []
    original = answering.add_note

    def timed(*a, **k):  # noqa: ANN002, ANN003, ANN202 - wraps the real step
        started = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            note_times.append(time.perf_counter() - started)

    answering.add_note = timed
    totals, notes, noted, counting = [], [], 0, []
    with App(Settings(_env_file=None), store=Path(args.store)).open_reader() as reader:
        info = reader.archive.info()
        for r in rows[:5]:
            reader.ask(r["question"], as_of=date.fromisoformat(r["as_of"]) if r.get("as_of") else None)
        for r in rows:
            note_times.clear()
            started = time.perf_counter()
            answer = reader.ask(r["question"], as_of=date.fromisoformat(r["as_of"]) if r.get("as_of") else None)
            totals.append(time.perf_counter() - started)
            notes.append(sum(note_times))
            noted += bool(answer.differs)
            counting.append(asked(r["question"]) is not None)
    figure_notes = [t for t, c in zip(notes, counting, strict=True) if c]
    result = {
        "store": {"path": info.path, "articles": info.articles, "chunks": info.chunks},
        "questions": len(rows), "with_a_note": noted,
        "note_ms": {"p50": round(1000 * pct(notes, 0.5), 1), "p95": round(1000 * pct(notes, 0.95), 1),
                    "mean": round(1000 * statistics.fmean(notes), 1), "max": round(1000 * max(notes), 1)},
        "answer_ms": {"p50": round(1000 * pct(totals, 0.5), 1), "p95": round(1000 * pct(totals, 0.95), 1)},
        "figure_questions": len(figure_notes),
        "note_ms_figure_questions": {"p50": round(1000 * pct(figure_notes, 0.5), 1),
                                     "p95": round(1000 * pct(figure_notes, 0.95), 1)} if figure_notes else None,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
