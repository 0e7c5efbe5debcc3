"""Build the store the news-desk measurements run on: a copy of an existing store of the shared archive (the
natural-question store: 1,040 articles drawn at random) plus every article of the stories in stories.json.

    python bench/newsdesk/build_store.py --base STORE --store NEW_STORE [--bench-dir ../shared/bench]
    python bench/newsdesk/build_store.py --list            # each story's article count

The base store is only read (copied); the articles stay in the shared benchmark folder: they are streamed to a
temporary file outside the repository and ingested from there.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def load_articles(bench_dir: Path) -> list[dict]:
    with gzip.open(bench_dir / "realtimeqa" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def day(record: dict) -> str:
    return (record.get("publish_date") or "").replace("/", "-")


def story_articles(story: dict, articles: list[dict]) -> list[dict]:
    """The archive's articles of one story: published in its range, holding every word of one keyword group."""
    out = []
    for a in articles:
        if not (story["from"] <= day(a) <= story["to"]):
            continue
        text = f"{a['title']} {a['text']}".lower()
        if any(all(k in text for k in group) for group in story["any"]):
            out.append(a)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench-dir", default=str(ROOT.parent / "shared" / "bench"))
    parser.add_argument("--base", help="an existing store of the shared archive to copy (read only)")
    parser.add_argument("--store", help="the store to create")
    parser.add_argument("--list", action="store_true", help="only list the stories and their article counts")
    args = parser.parse_args()
    stories = json.loads((Path(__file__).parent / "stories.json").read_text(encoding="utf-8"))["stories"]
    articles = load_articles(Path(args.bench_dir))
    chosen: dict[str, dict] = {}
    for story in stories:
        found = story_articles(story, articles)
        print(f"{story['id']:<20} {len(found):>4} articles", file=sys.stderr)
        chosen.update((a["doc_id"], a) for a in found)
    print(f"{len(chosen)} articles in all", file=sys.stderr)
    if args.list:
        return 0
    if not args.base or not args.store:
        parser.error("--base and --store are needed to build")
    store = Path(args.store).expanduser()
    if store.exists():
        parser.error(f"{store} exists; give a new folder")
    shutil.copytree(Path(args.base).expanduser(), store, ignore=shutil.ignore_patterns(".lock"))
    from gazette.app import App, IngestRequest
    from gazette.settings import Settings
    from ingest.jobs import run_job

    with tempfile.TemporaryDirectory(prefix="newsdesk-") as tmp:
        path = Path(tmp) / "stories.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for a in chosen.values():
                out.write(json.dumps(a, ensure_ascii=False) + "\n")
        summary = App(Settings(_env_file=None), store=store, ingest_job=run_job).ingest(
            IngestRequest(locations=(str(path),)), create=False)
    print(summary.model_dump_json(indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
