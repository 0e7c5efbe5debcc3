"""Gather the candidates we label for each watch topic (topics.json), and show them for labelling.

    python bench/watch/pool.py --show TOPIC_ID [--store STORE] > VIEW.txt   # outside the repository; read, then label
    python bench/watch/pool.py --sizes [--store STORE]

A topic's candidates are the articles of its window that hold one of its pool words (in the headline or text; a
word joined with '+' needs all its parts), plus, with ``--store`` (a store of the windows' articles), the 30 best
by each of two chunk scores (the best chunk's embedding similarity, the best chunk's weighted topic terms) at any
threshold, so that the matcher is judged on articles found by other means as well as on its own (and every article
a chosen setting posts is labelled too: matching.py --unlabelled). Every article of the window outside the
pool counts as off topic.

``--show`` prints, for each candidate not yet labelled, its date, outlet, headline and the passages around its
pool words (the view is written outside the repository: it quotes the archive).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from select_articles import ROOT, day, outlet  # noqa: E402

TOPICS = HERE / "topics.json"
LABELS = HERE / "labels.jsonl"
WINDOWS = HERE / "windows.json"


def topics() -> list[dict]:
    return json.loads(TOPICS.read_text(encoding="utf-8"))["topics"]


def windows() -> dict[str, tuple[str, str]]:
    return {w["name"]: (w["since"], w["until"]) for w in json.loads(WINDOWS.read_text(encoding="utf-8"))["windows"]}


def labels() -> dict[tuple[str, str], bool]:
    out: dict[tuple[str, str], bool] = {}
    if LABELS.is_file():
        for line in LABELS.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[(rec["topic"], rec["doc_id"])] = rec["on_topic"]
    return out


def window_articles(bench_dir: Path) -> dict[str, list[dict]]:
    """Each window's articles, from the shared archive."""
    import gzip

    spans = windows()
    out: dict[str, list[dict]] = {name: [] for name in spans}
    with gzip.open(bench_dir / "realtimeqa" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            d = day(rec)
            for name, (since, until) in spans.items():
                if d and since <= d <= until:
                    out[name].append(rec)
    return out


def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)


def pool_hits(topic: dict, rec: dict) -> list[tuple[int, int]]:
    """Where the topic's pool words occur in 'title. text' ((start, end) spans; empty: not pooled)."""
    text = f"{rec['title']}. {rec['text']}"
    spans: list[tuple[int, int]] = []
    for entry in topic["pool"]:
        parts = [_pattern(p) for p in entry.split("+")]
        found = [list(p.finditer(text)) for p in parts]
        if all(found):
            spans += [m.span() for ms in found for m in ms]
    return sorted(spans)


def store_candidates(store: Path, topic: dict, articles: list[dict], n: int = 30) -> set[str]:
    """The ``n`` best of the window's articles by embedding similarity, and by weighted topic terms."""
    from matching import article_scores, open_scorer

    scorer = open_scorer(store)
    try:
        dense, keyword = article_scores(scorer, topic["topic"], [a["doc_id"] for a in articles])
    finally:
        scorer.close()
    best = set(sorted(dense, key=lambda d: -dense[d])[:n]) | set(sorted(keyword, key=lambda d: -keyword[d])[:n])
    return {d for d in best if keyword.get(d, 0) > 0 or dense.get(d, 0) > 0}


def pools(bench_dir: Path, store: Path | None) -> dict[str, tuple[list[dict], set[str]]]:
    """topic id -> (the window's articles, the doc ids of its pool)."""
    by_window = window_articles(bench_dir)
    out = {}
    for t in topics():
        articles = by_window[t["window"]]
        pooled = {a["doc_id"] for a in articles if pool_hits(t, a)}
        if store is not None:
            pooled |= store_candidates(store, t, articles)
        out[t["id"]] = (articles, pooled)
    return out


def snippets(topic: dict, rec: dict, width: int = 160, most: int = 4) -> list[str]:
    text = f"{rec['title']}. {rec['text']}"
    out, last = [], -1
    for start, end in pool_hits(topic, rec):
        if start <= last:
            continue
        a, b = max(0, start - width), min(len(text), end + width)
        out.append(" ".join(text[a:b].split()))
        last = b
        if len(out) == most:
            break
    return out or [" ".join(rec["text"][:2 * width].split())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--store", type=Path)
    parser.add_argument("--show", metavar="TOPIC_ID")
    parser.add_argument("--all", action="store_true", help="with --show: labelled candidates too")
    parser.add_argument("--sizes", action="store_true")
    args = parser.parse_args()
    done = labels()
    found = pools(args.bench_dir, args.store)
    if args.sizes:
        for t in topics():
            articles, pooled = found[t["id"]]
            todo = [d for d in pooled if (t["id"], d) not in done]
            on = sum(1 for d in pooled if done.get((t["id"], d)))
            print(f"{t['id']:<18} {t['split']:<5} window {len(articles):>4}  pool {len(pooled):>3}  to label "
                  f"{len(todo):>3}  on topic {on:>3}")
        return
    t = next(t for t in topics() if t["id"] == args.show)
    articles, pooled = found[t["id"]]
    for rec in sorted((a for a in articles if a["doc_id"] in pooled), key=lambda a: (day(a), a["title"])):
        if (t["id"], rec["doc_id"]) in done and not args.all:
            continue
        print(f"## {rec['doc_id']} | {day(rec)} | {outlet(rec['url'])} | {rec['title']} | {len(rec['text'])} chars, "
              f"{len(pool_hits(t, rec))} hits")
        for s in snippets(t, rec):
            print(f"   … {s} …")


if __name__ == "__main__":
    main()
