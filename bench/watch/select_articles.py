"""Write the article files the watch measurements ingest, drawn from the shared RealTime QA archive (the files are
written outside the repository: the archive's text is never copied into it).

    python bench/watch/select_articles.py --out DIR [--bench-dir ../shared/bench] [--exclude-store STORE]

Writes, in DIR:

- ``windows.jsonl``: every article published in the five windows of ``windows.json`` (the labelled topics' two
  to three weeks each): the store the matching is measured on;
- ``new.jsonl``: 1,000 articles drawn at random (seed 16) from outside the windows: the run of new articles the
  cost is measured on (``new-250a.jsonl``, ``new-250b.jsonl`` and ``new-500.jsonl`` split it, in order, for
  runs of 250, 250 and 500);
- ``base.jsonl``: 4,000 other articles drawn at random (seed 17): what grows the archive for the cost figure.

``--exclude-store`` leaves out the articles a store already holds (the store is opened read-only), so that
``base.jsonl`` adds to a copy of that store rather than repeating it.

Every record gets its outlet from its URL's host (USA Today, CNN, The Week), as a news source would name it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sqlite3
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = Path(__file__).with_name("windows.json")

OUTLETS = {"usatoday": "USA Today", "usatodaysportsplus": "USA Today", "cnn": "CNN", "theweek": "The Week"}


def outlet(url: str) -> str:
    host = urlsplit(url).netloc.removeprefix("www.").removeprefix("college.")
    return OUTLETS.get(host.split(".")[0], host)


def day(rec: dict) -> str:
    """YYYY-MM-DD from the archive's YYYY/MM/DD ('' when unknown)."""
    return (rec.get("publish_date") or "").replace("/", "-")


def windows() -> list[tuple[str, str]]:
    return [(w["since"], w["until"]) for w in json.loads(WINDOWS.read_text(encoding="utf-8"))["windows"]]


def in_windows(rec: dict, spans: list[tuple[str, str]]) -> bool:
    d = day(rec)
    return bool(d) and any(since <= d <= until for since, until in spans)


def stored_ids(store: Path) -> set[str]:
    uri = f"file:{quote(str((store / 'articles.sqlite').resolve()))}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True)
    try:
        return {r[0] for r in db.execute("SELECT doc_id FROM articles")}
    finally:
        db.close()


def record(rec: dict) -> dict:
    return {"id": rec["doc_id"], "url": rec["url"], "title": rec["title"], "outlet": outlet(rec["url"]),
            "published": day(rec) or None, "text": rec["text"]}


def write(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(record(r), ensure_ascii=False) + "\n" for r in records)
    print(f"{path}: {len(records)} articles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--exclude-store", type=Path)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--base", type=int, default=4000)
    args = parser.parse_args()
    with gzip.open(args.bench_dir / "realtimeqa" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    spans = windows()
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "windows.jsonl", [r for r in records if in_windows(r, spans)])
    excluded = stored_ids(args.exclude_store) if args.exclude_store else set()
    rest = [r for r in records if not in_windows(r, spans) and r["doc_id"] not in excluded and r.get("text")]
    new = random.Random(16).sample(rest, args.new)
    taken = {r["doc_id"] for r in new}
    write(args.out / "new.jsonl", new)
    quarter = args.new // 4
    write(args.out / "new-250a.jsonl", new[:quarter])
    write(args.out / "new-250b.jsonl", new[quarter:2 * quarter])
    write(args.out / "new-500.jsonl", new[2 * quarter:])
    base = random.Random(17).sample([r for r in rest if r["doc_id"] not in taken], args.base)
    write(args.out / "base.jsonl", base)


if __name__ == "__main__":
    main()
