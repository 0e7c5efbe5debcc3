"""Measure "Sources differ" on our labelled set: precision and recall of the note, and, for every question, that
the answer without its note is the answer Gazette gives with the note turned off.

    python bench/newsdesk/differ_eval.py --shared-store STORE [--sample-store DIR] [--out bench/results/newsdesk-differ.json]

Each line of differ_questions.jsonl is a question we wrote, with the day it is asked (``as_of``), the archive it
is asked of (``store``: "sample", the bundled sample archive, or "shared", the store bench/newsdesk/build_store.py
builds from the shared archive) and our label, made by reading the retrieved articles (show_hits.py):
``differs`` (the retrieved articles give different figures for what is asked) and ``values`` (every figure they
give for it, as numbers: "8,000", "10,000-12,000"). A note is right when it lists at least two versions, all of
them labelled values, and two of them different; a note on a question labelled ``differs: false``, or listing a
value not labelled, is wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                                                       "seventy": 70, "eighty": 80, "ninety": 90}


def numbers(text: str) -> tuple[float, ...]:
    """The numbers of a value as printed: "between 10,000 and 12,000" -> (10000.0, 12000.0); a scale word counts,
    and so do spelled-out numbers ("nine" -> (9.0,), "three dozen" -> (36.0,))."""
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12}
    out = []
    for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(WORDS) + r")\b)"
                         r"(?:\s*(thousand|million|billion|trillion|dozen)\b)?", text, re.IGNORECASE):
        number = m.group(1).lower()
        value = float(WORDS[number]) if number in WORDS else float(number.replace(",", ""))
        out.append(value * scale.get((m.group(2) or "").lower(), 1.0))
    return tuple(out)


def judge(row: dict, differs: list[dict]) -> str:
    """"tp" (a right note), "fp" (a wrong one), "fn" (a missing one) or "tn"."""
    if not differs:
        return "fn" if row["differs"] else "tn"
    if not row["differs"]:
        return "fp"
    allowed = {numbers(v) for v in row["values"]}
    shown = [numbers(v["value"]) for v in differs]
    ok = len(shown) >= 2 and all(s in allowed for s in shown) and len(set(shown)) >= 2
    return "tp" if ok else "fp"


def sample_store(folder: Path) -> Path:
    """The bundled sample archive in a store of its own (built once)."""
    from gazette.app import App, IngestRequest
    from gazette.cli import sample_archive_path
    from gazette.settings import Settings
    from ingest.jobs import run_job

    if not (folder / "gazette-store.json").exists():
        App(Settings(_env_file=None), store=folder, ingest_job=run_job).ingest(
            IngestRequest(locations=(str(sample_archive_path()),)))
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", default=str(Path(__file__).parent / "differ_questions.jsonl"))
    parser.add_argument("--shared-store", required=True)
    parser.add_argument("--sample-store", default=str(ROOT / "bench" / "results" / "sample-store"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "newsdesk-differ.json"))
    args = parser.parse_args()
    from gazette.app import App
    from gazette.differ import split_note
    from gazette.settings import Settings

    rows = [json.loads(line) for line in Path(args.questions).read_text(encoding="utf-8").splitlines() if line.strip()]
    stores = {"sample": sample_store(Path(args.sample_store)), "shared": Path(args.shared_store)}
    on_settings = Settings(_env_file=None)
    off_settings = on_settings.model_copy(update={"news": on_settings.news.model_copy(update={"sources_differ": False})})
    results = []
    for name, store in stores.items():
        mine = [r for r in rows if r["store"] == name]
        if not mine:
            continue
        on_app = App(on_settings, store=store).open_reader()
        off_app = App(off_settings, store=store).open_reader(embedder=on_app.embedder)
        try:
            for row in mine:
                as_of = date.fromisoformat(row["as_of"])
                started = time.perf_counter()
                on = on_app.ask(row["question"], as_of=as_of)
                seconds = time.perf_counter() - started
                off = off_app.ask(row["question"], as_of=as_of)
                verdict = judge(row, [v.model_dump() for v in on.differs])
                text, note = split_note(on.answer)
                unchanged = text == off.answer and on.citations[:len(off.citations)] == off.citations \
                    and on.abstained == off.abstained
                results.append({"id": row["id"], "store": name, "labelled_differs": row["differs"], "verdict": verdict,
                                "note": note, "differs": [v.model_dump() for v in on.differs],
                                "answer_unchanged": unchanged, "seconds": round(seconds, 3)})
                print(f"{verdict:>2}  {row['id']:<28} {'unchanged' if unchanged else 'CHANGED':<9} "
                      f"{[v.value for v in on.differs]}", file=sys.stderr)
        finally:
            on_app.close()
            off_app.close()
    counts = {k: sum(1 for r in results if r["verdict"] == k) for k in ("tp", "fp", "fn", "tn")}
    notes = counts["tp"] + counts["fp"]
    labelled = sum(1 for r in results if r["labelled_differs"])
    summary = {
        "questions": len(results), "labelled_differs": labelled, **counts,
        "precision": round(counts["tp"] / notes, 3) if notes else None,
        "recall": round(counts["tp"] / labelled, 3) if labelled else None,
        "answers_unchanged_without_note": sum(1 for r in results if r["answer_unchanged"]),
        "stores": {k: str(v) for k, v in stores.items()},
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"summary": summary, "results": results}, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
