"""Print the timelines of timeline_topics.json for checking by hand: each line's date and how it was dated, the
article's own date and site, and the sentence. The check (is each line dated right, are the lines in order, is any
line a duplicate of another) is ours; its results are in the README.

    python bench/newsdesk/timeline_run.py --store STORE [--out bench/results/newsdesk-timelines.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--topics", default=str(Path(__file__).parent / "timeline_topics.json"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "newsdesk-timelines.json"))
    args = parser.parse_args()
    from gazette.app import App
    from gazette.settings import Settings

    topics = json.loads(Path(args.topics).read_text(encoding="utf-8"))["topics"]
    out = []
    with App(Settings(_env_file=None), store=Path(args.store)).open_reader() as reader:
        for t in topics:
            started = time.perf_counter()
            timeline = reader.timeline(t["topic"])
            seconds = time.perf_counter() - started
            print(f"\n=== {t['id']}: {t['topic']} ({len(timeline.lines)} lines, {seconds:.1f} s)")
            for line in timeline.lines:
                c = timeline.citations[line.n - 1]
                also = f" +copies {line.copies}" if line.copies else ""
                print(f"  {line.date} [{line.dated_by:<9}] pub {c.published} {c.url.split('/')[2] if c.url else ''}"
                      f" {c.doc_id}{also}\n      {line.text}")
            out.append({"id": t["id"], "topic": t["topic"], "seconds": round(seconds, 2),
                        "timeline": timeline.model_dump()})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
