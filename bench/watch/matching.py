"""Measure how well watches match: precision and recall of the matcher on our labelled topics (topics.json,
labels.jsonl), with the threshold and keyword weight chosen on some halves (``--choose-on``, default dev, test,
test2 and test3, 49 topics) and reported on the rest (test4 and test5: 12 topics each, written and labelled after the
section term was chosen, by someone who never ran the matcher).

    python bench/watch/matching.py --store STORE [--choose-on dev,test,test2,test3] [--section-weight W]
        [--out bench/results/watch-matching.json] [--unlabelled]

STORE holds the articles of the topics' windows (select_articles.py writes them; `gazette ingest --store STORE
windows.jsonl` builds it). Each topic is checked as a watch would check a run holding every article of its window:
the very code the bot runs (gazette.digests: the keyword index's vectors and terms, the topic's embedding and term
weights; an article's relevance mixes its best chunk's dense score with the mean keyword share of its chunks, plus
the section term at ``--section-weight``, by default the shipped one), at every point of a grid of keyword weights
and thresholds. An article of the window that nobody labelled
counts as off topic (our labels cover every article a pool word or either of the two scores brought up);
``--unlabelled`` lists the articles the chosen setting posts that have no label, for labelling.

Precision and recall are micro-averaged over (topic, article) pairs; the per-topic figures are in the output too.
The grid's best point maximises F1 on the chosen-on halves among the points whose precision there is at least 0.90.
It replaces the shipped settings (WatchSettings' defaults) only when their precision there is below 0.90 or its F1
beats theirs by more than MIN_GAIN: the grid is flat near its top (a few articles apart), and a point that wins by
one or two articles is noise, not a better matcher. Baselines, chosen the same way: dense only, keywords only, and the
matcher before the mean (an article's relevance was its best chunk's mix); and, at its own settings (keyword weight
0.5, threshold 0.405, chosen on dev and test), the matcher before the section term.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from pool import labels, topics, windows  # noqa: E402

from gazette.digests import article_scores as article_scores_of  # noqa: E402
from gazette.digests import relevance, section_score  # noqa: E402
from gazette.settings import WatchSettings  # noqa: E402

WEIGHTS = [round(x, 2) for x in np.arange(0.0, 1.0001, 0.05)]
THRESHOLDS = [round(x, 3) for x in np.arange(0.20, 0.90001, 0.005)]
MIN_PRECISION = 0.90
MIN_GAIN = 0.01  # dev F1 a grid point must gain over the shipped settings to replace them
BEFORE_SECTIONS = (0.5, 0.405)  # the matcher without the section term: its keyword weight and threshold


class Scorer:
    """The labelled store opened as the bot opens it, and the matcher's pieces."""

    def __init__(self, store: Path) -> None:
        from gazette.app import App
        from gazette.catalog import Catalog
        from gazette.digests import Digester
        from gazette.settings import Settings

        self.app = App(Settings(_env_file=None), store=store)  # type: ignore[call-arg]
        self.reader = self.app.open_reader()
        self.catalog = Catalog(store / "articles.sqlite", readonly=True)
        self.digester = Digester(store, self.reader.archive.keywords, self.reader.embedder, self.app.settings.watch)

    def close(self) -> None:
        self.catalog.close()
        self.reader.close()

    def window_ids(self, since: str, until: str) -> list[str]:
        lo, hi = int(since.replace("-", "")), int(until.replace("-", ""))
        return [r[0] for r in self.catalog.db.execute(
            "SELECT doc_id FROM articles WHERE published BETWEEN ? AND ? ORDER BY doc_id", (lo, hi))]

    def per_chunk(self, topic: str, doc_ids: list[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """(the doc ids that have chunks, each chunk's index into them, each chunk's dense score, each chunk's
        keyword score)."""
        present, article_of, dense, keyword, _ = self.scores(topic, doc_ids)
        return present, article_of, dense, keyword

    def scores(self, topic: str,
               doc_ids: list[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`per_chunk`'s, and each article's count of sentences about the topic (the section term's)."""
        from gazette.digests import Batch

        batch = Batch.read(self.reader.archive.keywords, self.catalog, doc_ids, self.reader.embedder)
        found = self.digester.topic(topic)
        dense, keyword = batch.chunk_scores(found)
        return batch.doc_ids, batch.article_of, dense, keyword, batch.section_sentences(found)


def open_scorer(store: Path) -> Scorer:
    return Scorer(store)


def best_by_article(article_of: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, -np.inf)
    np.maximum.at(out, article_of, values)
    return out


def article_scores(scorer: Scorer, topic: str, doc_ids: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Each article's best chunk's dense score and best chunk's keyword score (for pooling candidates)."""
    present, article_of, dense, keyword = scorer.per_chunk(topic, doc_ids)
    best_dense = best_by_article(article_of, dense, len(present))
    best_kw = best_by_article(article_of, keyword, len(present))
    return ({d: float(best_dense[i]) for i, d in enumerate(present)},
            {d: float(best_kw[i]) for i, d in enumerate(present)})


def in_window_order(present: list[str], values: np.ndarray, ids: list[str]) -> np.ndarray:
    """Per-article values (indexed as ``present``) laid out in the window's order (-inf: an article without
    chunks)."""
    at = {d: i for i, d in enumerate(present)}
    return np.array([values[at[d]] if d in at else -np.inf for d in ids])


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "watch-matching.json")
    parser.add_argument("--unlabelled", action="store_true")
    parser.add_argument("--choose-on", default="dev,test,test2,test3",
                        help="the halves the settings are chosen on (default: dev,test,test2,test3; the others are "
                        "reported)")
    parser.add_argument("--section-weight", type=float,
                        help="the section term's weight (default: the shipped GAZETTE_WATCH__SECTION_WEIGHT)")
    args = parser.parse_args()
    all_topics = topics()
    order = list(dict.fromkeys(t["split"] for t in all_topics))  # the halves as written: dev, test, test2, ...
    if unknown := set(args.choose_on.split(",")) - set(order):
        parser.error(f"--choose-on: no such half {', '.join(sorted(unknown))} (the halves: {', '.join(sorted(order))})")
    started = time.perf_counter()
    shipped = WatchSettings()
    ship_w, ship_th = shipped.keyword_weight, shipped.threshold
    section_w = shipped.section_weight if args.section_weight is None else args.section_weight
    scorer = open_scorer(args.store)
    gold = labels()
    spans = windows()
    # For every topic and keyword weight: each article's relevance (its best chunk's), and the labels.
    table: dict[str, dict] = {}
    try:
        for t in all_topics:
            ids = scorer.window_ids(*spans[t["window"]])
            present, article_of, dense, keyword, sections = scorer.scores(t["topic"], ids)
            index = {d: i for i, d in enumerate(ids)}
            # The matcher's relevance (gazette.digests): the best chunk's dense score mixed with the mean keyword
            # share of the article's chunks, plus the section term; as baselines, the matcher before the section
            # term and the one before the mean (the best chunk's mix).
            best_dense, mean_kw = article_scores_of(article_of, dense, keyword, len(present))
            section = section_w * section_score(sections)
            rel = {w: in_window_order(present, relevance(best_dense, mean_kw, w) + section, ids)
                   for w in {*WEIGHTS, ship_w}}
            no_section = {w: in_window_order(present, relevance(best_dense, mean_kw, w), ids)
                          for w in {0.0, 1.0, BEFORE_SECTIONS[0]}}
            chunk_rel = {w: in_window_order(present, best_by_article(article_of, relevance(dense, keyword, w),
                                                                     len(present)), ids) for w in WEIGHTS}
            truth = np.array([bool(gold.get((t["id"], d), False)) for d in ids])
            known = np.array([(t["id"], d) in gold for d in ids])
            table[t["id"]] = {"topic": t, "ids": ids, "rel": rel, "chunk_rel": chunk_rel, "no_section": no_section,
                              "truth": truth, "known": known, "index": index, "present": set(present)}
    finally:
        scorer.close()

    def evaluate(split: str, w: float, th: float, score: str = "rel") -> tuple[dict[str, float], dict[str, dict[str, float]]]:
        """Micro-averaged figures over the topics of ``split`` (several halves joined by commas: "dev,test")."""
        tp = fp = fn = 0
        per: dict[str, dict[str, float]] = {}
        for tid, row in table.items():
            if row["topic"]["split"] not in split.split(","):
                continue
            pred = row[score][w] >= th
            a, b, c = int((pred & row["truth"]).sum()), int((pred & ~row["truth"]).sum()), int((~pred & row["truth"]).sum())
            per[tid] = prf(a, b, c)
            tp, fp, fn = tp + a, fp + b, fn + c
        return prf(tp, fp, fn), per

    grid = []
    for w in WEIGHTS:
        for th in THRESHOLDS:
            dev, _ = evaluate(args.choose_on, w, th)
            grid.append((w, th, dev))
    ok = [g for g in grid if g[2]["precision"] >= MIN_PRECISION] or grid
    best_w, best_th, best_dev = max(ok, key=lambda g: (g[2]["f1"], g[2]["recall"], -g[0]))
    ship_dev, _ = evaluate(args.choose_on, ship_w, ship_th)
    if ship_dev["precision"] >= MIN_PRECISION and best_dev["f1"] - ship_dev["f1"] <= MIN_GAIN:
        w, th, dev, chosen = ship_w, ship_th, ship_dev, "shipped"
    else:
        w, th, dev, chosen = best_w, best_th, best_dev, "grid"
    halves = {h: evaluate(h, w, th) for h in order}
    report = ",".join(h for h in halves if h not in args.choose_on.split(",")) or order[-1]  # nobody chose on it
    # Dense only and keywords only: without the section term.
    plain = [(w_, th_, evaluate(args.choose_on, w_, th_, "no_section")[0]) for w_ in (0.0, 1.0) for th_ in THRESHOLDS]
    dense_only = max((g for g in plain if g[0] == 0.0 and g[2]["precision"] >= MIN_PRECISION),
                     key=lambda g: g[2]["f1"], default=None)
    keyword_only = max((g for g in plain if g[0] == 1.0 and g[2]["precision"] >= MIN_PRECISION),
                       key=lambda g: g[2]["f1"], default=None)

    best_chunk = max(((w_, th_, evaluate(args.choose_on, w_, th_, "chunk_rel")[0]) for w_ in WEIGHTS
                      for th_ in THRESHOLDS),
                     key=lambda g: (g[2]["precision"] >= MIN_PRECISION, g[2]["f1"], g[2]["recall"], -g[0]))

    def sizes(split: str) -> dict[str, int]:
        rows = [r for r in table.values() if r["topic"]["split"] == split]
        return {"topics": len(rows), "articles_checked": sum(len(r["ids"]) for r in rows),
                "labelled": sum(int(r["known"].sum()) for r in rows), "on_topic": sum(int(r["truth"].sum()) for r in rows)}

    before_sections = {h: evaluate(h, *BEFORE_SECTIONS, "no_section")[0] for h in order}
    result = {
        "store": str(args.store), "chosen_on": args.choose_on, "chosen": chosen, "section_weight": section_w,
        "keyword_weight": w, "threshold": th,
        "chosen_on_figures": dev,
        "grid_best": {"keyword_weight": best_w, "threshold": best_th, "chosen_on_figures": best_dev,
                      **{h: evaluate(h, best_w, best_th)[0] for h in halves}},
        **{h: figures | sizes(h) for h, (figures, _) in halves.items()},
        "reported": report,
        "baselines_chosen_the_same_way": {
            "dense_only": None if dense_only is None else {"threshold": dense_only[1], "chosen_on_figures": dense_only[2],
                                                           report: evaluate(report, 0.0, dense_only[1], "no_section")[0]},
            "keyword_only": None if keyword_only is None else {
                "threshold": keyword_only[1], "chosen_on_figures": keyword_only[2],
                report: evaluate(report, 1.0, keyword_only[1], "no_section")[0]},
            "before_sections": {"keyword_weight": BEFORE_SECTIONS[0], "threshold": BEFORE_SECTIONS[1],
                                **before_sections},
            "best_chunk_previous": {"keyword_weight": best_chunk[0], "threshold": best_chunk[1],
                                    "chosen_on_figures": best_chunk[2],
                                    report: evaluate(report, best_chunk[0], best_chunk[1], "chunk_rel")[0]},
        },
        "per_topic": {h: per for h, (_, per) in halves.items()},
        "seconds": round(time.perf_counter() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("chosen_on", "chosen", "section_weight", "keyword_weight", "threshold",
                                             "chosen_on_figures", *halves, "reported", "grid_best")}
                     | {"before_sections": result["baselines_chosen_the_same_way"]["before_sections"],
                        "best_chunk_previous": result["baselines_chosen_the_same_way"]["best_chunk_previous"]},
                     indent=2))
    if args.unlabelled:
        for tid, row in table.items():
            pred = row["rel"][w] >= th
            for d, i in row["index"].items():
                if pred[i] and not row["known"][i]:
                    print(f"unlabelled: {tid} {d} relevance {row['rel'][w][i]:.3f}")


if __name__ == "__main__":
    main()
