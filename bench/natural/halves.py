"""The later halves of the natural set (test2, test3, ...): build each one's store, and compare two runs.

Each later half is evaluated on a store of its own: a copy of the evaluation store (bench/natural/README.md) with
the half's articles ingested. This builds those stores, reading the articles from the shared benchmark archive by
the doc_ids the half's questions name; and it lists the answers that changed between two `gazette eval --details`
runs, with each one's outcome before and after, which is how each step in STEPS.md was read.

    python bench/natural/halves.py stores --store NATURAL_STORE --into DIR [--bench-dir ../shared/bench] [SPLIT ...]
    gazette eval --store DIR/test17 bench/natural/questions.jsonl --split test17 --details after.jsonl
    python bench/natural/halves.py compare before.jsonl after.jsonl

`stores` skips a half whose store is already in DIR (remove it to rebuild). `compare` prints one block per changed
answer: "RIGHT" (an accepted form, citing the article that answers it), "WRONG", "ABSTAINED" for an answerable
question; "answered" or "abstained" for an unanswerable one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "bench" / "natural" / "questions.jsonl"
REPORTED = ("dev", "test")  # evaluated on the evaluation store itself


def outcome(record: dict[str, Any]) -> str:
    """What one `gazette eval --details` record came to (pure)."""
    if not record["answerable"]:
        return "abstained" if record["abstained"] else "answered"
    if record["abstained"]:
        return "ABSTAINED"
    right_article = any(c["doc_id"] in (record.get("doc_ids") or []) for c in record["cited"])
    return "RIGHT" if record["correct"] and right_article else "WRONG"


def changed(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The (before, after) records of the questions whose answer text changed, in the order of ``after`` (pure)."""
    old = {r["id"]: r for r in before}
    return [(old[r["id"]], r) for r in after if r["id"] in old and old[r["id"]]["answer"] != r["answer"]]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _half_doc_ids(splits: list[str]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {s: set() for s in splits}
    for rec in _read_jsonl(QUESTIONS):
        if rec.get("split") in wanted and rec.get("doc_id"):
            wanted[rec["split"]].add(rec["doc_id"])
    return wanted


def build_stores(store: Path, into: Path, bench_dir: Path, splits: list[str]) -> int:
    archive = bench_dir / "realtimeqa" / "articles.jsonl.gz"
    if not (store / "gazette-store.json").exists():
        print(f"error: {store} is not a Gazette store (build the evaluation store first)", file=sys.stderr)
        return 2
    if not archive.exists():
        print(f"error: {archive} not found (--bench-dir)", file=sys.stderr)
        return 2
    if not splits:
        splits = sorted({r["split"] for r in _read_jsonl(QUESTIONS)} - set(REPORTED), key=lambda s: int(s[4:]))
    todo = [s for s in splits if not (into / s).exists()]
    wanted = _half_doc_ids(todo)
    empty = [s for s in todo if not wanted[s]]
    if empty:
        print(f"error: no questions of split {', '.join(empty)} in {QUESTIONS}", file=sys.stderr)
        return 2
    records: dict[str, list[str]] = {s: [] for s in todo}
    with gzip.open(archive, "rt", encoding="utf-8") as f:
        for line in f:
            doc_id = json.loads(line)["doc_id"]
            for s in todo:
                if doc_id in wanted[s]:
                    records[s].append(line)
    into.mkdir(parents=True, exist_ok=True)
    for s in splits:
        if s not in records:
            print(f"{s}: kept (already in {into})")
            continue
        shutil.copytree(store, into / s)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as tmp:
            tmp.writelines(records[s])
        try:
            done = subprocess.run([sys.executable, "-m", "gazette.cli", "ingest", "--store", str(into / s), tmp.name],
                                  capture_output=True, text=True, check=False)
        finally:
            Path(tmp.name).unlink()
        if done.returncode != 0:
            shutil.rmtree(into / s)
            print(f"error: ingesting {s} failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            return 1
        print(f"{s}: {len(records[s])} articles ingested into {into / s}")
    return 0


def compare(before: Path, after: Path) -> int:
    pairs = changed(_read_jsonl(before), _read_jsonl(after))
    for old, new in pairs:
        print(f"{new['id']}: {outcome(old)} -> {outcome(new)}  {new['question']}")
        print(f"    before: {old['answer'][:300]}")
        print(f"    after:  {new['answer'][:300]}")
    print(f"{len(pairs)} answers changed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("stores", help="build each later half's store")
    s.add_argument("--store", required=True, type=Path, help="the evaluation store (bench/natural/README.md)")
    s.add_argument("--into", required=True, type=Path, help="the folder to build the halves' stores in")
    s.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    s.add_argument("splits", nargs="*", help="the halves to build (default: every later half)")
    c = sub.add_parser("compare", help="the answers that changed between two `gazette eval --details` files")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "stores":
        return build_stores(args.store.expanduser(), args.into.expanduser(), args.bench_dir.expanduser(), args.splits)
    for path in (args.before, args.after):
        if not path.exists():
            print(f"error: {path} not found", file=sys.stderr)
            return 2
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
