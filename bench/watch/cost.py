"""What a watch check costs: CPU time and memory for the last ingest run of a store, with 100 watches, and how
that grows with the run's size and with the archive's.

    python bench/watch/cost.py --store STORE [--watches 100] [--sizes 250,500,1000] [--inflate 1,10] \
        [--work DIR] [--out bench/results/watch-cost.json]

STORE is a store whose last ingest run added the new articles (e.g. a copy of a store plus one `gazette ingest` of
1,000 articles). It is never written: every case runs on a copy in --work.

- Run size: the copy's last run is cut to its first N articles (the others stay in the archive), for each N.
- Archive size: with --inflate K, the copy's archive holds K times its articles: every stored article is copied K-1
  times under new ids (catalog rows, keyword index rows, float16 vectors; the Chroma index is left alone, as a
  check never reads it). The run's articles are not copied.

Each case runs in a fresh process: the store opened as the bot opens it, the model loaded, 100 watches added (the
topics of cost_topics.txt, after the run's predecessor), then `Reader.check_watches` twice. The first check embeds
the 100 topics; the second is a bot's steady state (topics cached). Reported: CPU time of each check (all threads),
its wall time, and the peak resident memory the check added over the process after loading (VmHWM, reset before).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TOPICS = HERE / "cost_topics.txt"


def topics(n: int) -> list[str]:
    lines = [ln.strip() for ln in TOPICS.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return (lines * (n // len(lines) + 1))[:n]


def copy_store(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".lock", "watches.sqlite*"))


def cut_run(store: Path, keep: int) -> tuple[int, int]:
    """Keep the first ``keep`` articles of the last run; returns (run id, articles kept)."""
    db = sqlite3.connect(str(store / "articles.sqlite"))
    try:
        run = db.execute("SELECT MAX(run_id) FROM runs WHERE finished IS NOT NULL").fetchone()[0]
        rows = [r[0] for r in db.execute("SELECT rowid FROM run_articles WHERE run_id = ? ORDER BY rowid", (run,))]
        db.executemany("DELETE FROM run_articles WHERE rowid = ?", [(r,) for r in rows[keep:]])
        db.commit()
        return int(run), min(keep, len(rows))
    finally:
        db.close()


def inflate(store: Path, times: int) -> int:
    """Copy every article not in the last run ``times - 1`` times under new ids; returns the archive's size."""
    cat = sqlite3.connect(str(store / "articles.sqlite"))
    kw = sqlite3.connect(str(store / "keywords.sqlite"))
    try:
        run = cat.execute("SELECT MAX(run_id) FROM runs").fetchone()[0]
        fresh = {r[0] for r in cat.execute("SELECT doc_id FROM run_articles WHERE run_id = ?", (run,))}
        cols = [r[1] for r in cat.execute("PRAGMA table_info(articles)")]
        rows = [r for r in cat.execute(f"SELECT {', '.join(cols)} FROM articles") if r[0] not in fresh]
        chunks = kw.execute(
            "SELECT k.doc_id, k.chunk_id, k.idx, k.title, k.outlet, k.outlet_key, k.url, k.published, f.title, f.text,"
            " v.vec FROM kchunks k JOIN kfts f ON f.rowid = k.rowid LEFT JOIN kvectors v ON v.rowid = k.rowid"
        ).fetchall()
        chunks = [c for c in chunks if c[0] not in fresh]
        for copy in range(1, times):
            tag = f"~copy{copy}"
            cat.executemany(f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                            [(r[0] + tag, *r[1:]) for r in rows])
            for c in chunks:
                cur = kw.execute("INSERT INTO kchunks (chunk_id, doc_id, idx, title, outlet, outlet_key, url, published)"
                                 " VALUES (?,?,?,?,?,?,?,?)", (c[1] + tag, c[0] + tag, c[2], c[3], c[4], c[5], c[6], c[7]))
                kw.execute("INSERT INTO kfts (rowid, title, text) VALUES (?,?,?)", (cur.lastrowid, c[8], c[9]))
                if c[10] is not None:
                    kw.execute("INSERT INTO kvectors (rowid, vec) VALUES (?,?)", (cur.lastrowid, c[10]))
            cat.commit()
            kw.commit()
        return int(cat.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        cat.close()
        kw.close()


def _hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure(store: Path, n_watches: int) -> dict:
    """In this process: open the store, add the watches, check twice."""
    from gazette.app import App
    from gazette.catalog import Catalog
    from gazette.settings import Settings

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    app = App(settings, store=store)
    reader = app.open_reader()
    reader.embedder.embed_query("warm up")
    catalog = Catalog(store / "articles.sqlite", readonly=True)
    run = catalog.latest_run()
    new = len(catalog.run_doc_ids(run))
    archive = catalog.count()
    catalog.close()
    watches = app.open_watches()
    assert watches is not None
    for topic in topics(n_watches):
        watches.store.add(topic, "", after_run=run - 1, cap=10_000, guild_id=1, channel_id=2)
    checks = []
    for _ in range(2):
        Path("/proc/self/clear_refs").write_text("5")
        base = _rss_kb()
        cpu, wall = time.process_time(), time.perf_counter()
        digests = reader.check_watches(watches, plan=False)
        checks.append({"cpu_s": round(time.process_time() - cpu, 3), "wall_s": round(time.perf_counter() - wall, 3),
                       "peak_added_mb": round((_hwm_kb() - base) / 1024, 1), "digests": len(digests),
                       "stories": sum(len(d.lines) + d.more for d in digests)})
    watches.close()
    reader.close()
    return {"run_articles": new, "archive_articles": archive, "watches": n_watches,
            "process_rss_mb": round(_rss_kb() / 1024, 1), "first_check": checks[0], "steady_check": checks[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--watches", type=int, default=100)
    parser.add_argument("--sizes", default="250,500,1000")
    parser.add_argument("--inflate", default="1")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "gazette-watch-cost")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "watch-cost.json")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one case, in a child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.watches)))
        return
    results = []
    for times in [int(x) for x in args.inflate.split(",")]:
        for size in [int(x) for x in args.sizes.split(",")]:
            case = args.work / f"x{times}-n{size}"
            copy_store(args.store, case)
            run, kept = cut_run(case, size)
            archive = inflate(case, times) if times > 1 else None
            out = subprocess.run([sys.executable, __file__, "--store", str(case), "--measure", str(case),
                                  "--watches", str(args.watches)],
                                 capture_output=True, text=True, env=os.environ | {"HF_HUB_OFFLINE": "1"},
                                 check=False)
            if out.returncode:
                raise SystemExit(out.stderr)
            row = json.loads(out.stdout.strip().splitlines()[-1]) | {"inflated": times, "run": run}
            results.append(row)
            print(json.dumps(row), flush=True)
            shutil.rmtree(case)
            del archive, kept
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"cases": results, "cpu_count": os.cpu_count()}, indent=2) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
