"""Draw the articles our natural-question set is written about: a seeded random sample of the shared benchmark
archive, spread over its years and sections.

    python bench/natural/select_articles.py [--n 240] [--seed 2026] [--bench-dir ../shared/bench]
    python bench/natural/select_articles.py --show DOC_ID      # one article's date, outlet, title and text

The questions (bench/natural/*.jsonl) name these articles by doc_id; the articles themselves stay in the shared
benchmark folder and are never copied into the repository.

Rules: an article needs a publication date and 1,500 to 20,000 characters of text (shorter pages are stubs,
longer ones are round-ups with no main fact). Each year gets a share of the sample proportional to the square
root of its article count (so 2022's 7,000 articles do not crowd out 2015's 470), and within a year the draw goes
round the sections (the URL's section path: news/politics, sports/nfl, ...) so that no section dominates.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def section(url: str) -> str:
    """The section an article's URL files it under: 'usatoday:news/politics', 'cnn:politics', 'theweek:news'."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    segs = [s for s in parts.path.split("/") if s]
    if "cnn.com" in host:
        # /2022/10/30/football/slug/index.html
        rest = [s for s in segs if not s.isdigit()]
        return f"cnn:{rest[0] if rest else ''}"
    if "theweek" in host:
        return f"theweek:{'/'.join(segs[:2])}"
    # usatoday: /story/news/politics/2022/...
    head = []
    for s in segs[1:]:
        if s.isdigit():
            break
        head.append(s)
    return f"{host.split('.')[0]}:{'/'.join(head[:2])}"


def load(bench_dir: Path) -> list[dict]:
    with gzip.open(bench_dir / "realtimeqa" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def eligible(rec: dict) -> bool:
    return bool(rec.get("publish_date")) and 1500 <= len(rec.get("text") or "") <= 20000


def select(records: list[dict], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    by_year: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        if eligible(rec):
            by_year[rec["publish_date"][:4]].append(rec)
    years = sorted(by_year)
    weights = {y: math.sqrt(len(by_year[y])) for y in years}
    total = sum(weights.values())
    quota = {y: max(1, round(n * weights[y] / total)) for y in years}
    chosen: list[dict] = []
    for y in years:
        by_section: dict[str, list[dict]] = defaultdict(list)
        for rec in sorted(by_year[y], key=lambda r: r["doc_id"]):
            by_section[section(rec["url"])].append(rec)
        sections = sorted(by_section)
        rng.shuffle(sections)
        for s in sections:
            rng.shuffle(by_section[s])
        picked: list[dict] = []
        while len(picked) < min(quota[y], len(by_year[y])):
            for s in sections:
                if by_section[s] and len(picked) < quota[y]:
                    picked.append(by_section[s].pop())
        chosen.extend(picked)
    rng.shuffle(chosen)
    return chosen[:n]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=240)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--bench-dir", default=str(ROOT.parent / "shared" / "bench"))
    p.add_argument("--show", metavar="DOC_ID", help="print one article instead of the sample")
    p.add_argument("--chars", type=int, default=6000, help="with --show: at most this many characters of text")
    args = p.parse_args(argv)
    records = load(Path(args.bench_dir))
    if args.show:
        for rec in records:
            if rec["doc_id"] == args.show:
                print(f"{rec['doc_id']}  {rec['publish_date']}  {rec['url']}\n{rec['title']}\n")
                print(rec["text"][: args.chars])
                return 0
        print(f"no article {args.show}", file=sys.stderr)
        return 1
    for i, rec in enumerate(select(records, args.n, args.seed)):
        print(f"{i:03d}\t{rec['doc_id']}\t{rec['publish_date']}\t{section(rec['url'])}\t{rec['title'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
