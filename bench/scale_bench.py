"""Where one machine ends: a synthetic store of N chunks, then retrieval latency, memory, disk and start-up.

    .venv/bin/python bench/scale_bench.py --chunks 1000000 --insert-budget-s 600 --out scale.json

Build phase (this process): random unit vectors (384 dimensions, as all-MiniLM-L6-v2) and short synthetic texts
(words drawn from a Zipf-distributed vocabulary, so the keyword index has realistic posting lists), written
with the store's own ``Archive.upsert`` (Chroma + keyword index) in batches, until N chunks or the insert budget
is spent; the N reached is reported. The marker names the real embedding model so the real query path runs.

Query phase (a fresh process, as a bot starting against the store): time to open the store, time until the
first answer from ``gazette.answering.ask`` (model load included), then retrieval latency through the real
``Retriever`` (query embedding included): dense, hybrid (dense + BM25, fused) and dense with a one-month date
filter. "Cold" is the first query of each kind after opening (Chroma loads its HNSW index from disk; the OS page
cache is not dropped, so truly cold disks are slower); "warm" is p50/p95 over the following queries. Memory is the
query process's resident set (current and peak); disk is the store folder's size (or the server's data folder).

Server mode: ``--server HOST:PORT`` writes the vectors to a Chroma server instead (disk then counts only the
folder; pass ``--server-data`` to count the server's folder too).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

DIMENSIONS = 384
EPOCH = date(2020, 1, 1)
DAYS = 6 * 365
OUTLETS = [f"Outlet {i}" for i in range(20)]


def vocabulary(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))))
    return sorted(words)


def zipf_sampler(vocab: list[str], rng: np.random.Generator):  # type: ignore[no-untyped-def]
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    weights /= weights.sum()
    cumulative = np.cumsum(weights)

    def sample(n: int) -> np.ndarray:
        return np.searchsorted(cumulative, rng.random(n))

    return sample


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set of this process in MB (Linux /proc)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, amount = line.split(":")
            values[key] = int(amount.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "n": len(ordered)}


def server_of(text: str | None):  # type: ignore[no-untyped-def]
    if not text:
        return None
    from gazette.store import ChromaServer

    host, _, port = text.rpartition(":")
    return ChromaServer(host, int(port))


# -- build ----------------------------------------------------------------------------------------------------


def load_real_questions(path: Path, rng: random.Random, n: int = 2000) -> list[tuple[str, date | None]]:
    """Questions (and their dates) from a benchmark question file, to measure a store of real articles."""
    from gazette.dates import parse_date

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        day = parse_date(rec.get("question_date") or rec.get("as_of")) if (
            rec.get("question_date") or rec.get("as_of")) else None
        out.append((rec["question"], day))
    rng.shuffle(out)
    return out[:n]


def build(args: argparse.Namespace, store: Path) -> dict:
    from gazette.embeddings import MODEL_NAME
    from gazette.models import Chunk
    from gazette.store import open_archive

    rng = np.random.default_rng(args.seed)
    vocab = vocabulary(args.vocabulary, args.seed)
    sample = zipf_sampler(vocab, rng)
    archive = open_archive(store, create=True, embedding_model=MODEL_NAME, dimensions=DIMENSIONS,
                           server=server_of(args.server))
    started = time.perf_counter()
    done = 0
    try:
        while done < args.chunks and time.perf_counter() - started < args.insert_budget_s:
            n = min(args.batch, args.chunks - done)
            vectors = rng.standard_normal((n, DIMENSIONS)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            word_ids = sample(n * args.words)
            days = rng.integers(0, DAYS, n)
            chunks = []
            for i in range(n):
                number = done + i
                text = " ".join(vocab[w] for w in word_ids[i * args.words:(i + 1) * args.words])
                chunks.append(Chunk(
                    chunk_id=f"c{number:08d}", doc_id=f"d{number // 4:08d}", index=number % 4, text=text,
                    title=f"Article {number // 4}", outlet=OUTLETS[number % len(OUTLETS)],
                    url=f"https://example.org/{number // 4}", published=EPOCH + timedelta(days=int(days[i])),
                ))
            archive.upsert(chunks, vectors)
            done += n
            rate = done / (time.perf_counter() - started)
            if args.progress:
                print(f"\r  {done:,} chunks, {rate:,.0f}/s", end="", file=sys.stderr, flush=True)
            elif done % 50_000 < n:  # a log line now and then when stderr is a file
                print(f"  {done:,} chunks, {rate:,.0f}/s", file=sys.stderr, flush=True)
    finally:
        archive.close()
    if args.progress:
        print(file=sys.stderr)
    elapsed = time.perf_counter() - started
    return {"chunks": done, "requested": args.chunks, "insert_s": round(elapsed, 1),
            "chunks_per_s": round(done / elapsed, 1), "words_per_chunk": args.words,
            "budget_reached": done < args.chunks}


# -- query (a fresh process) ------------------------------------------------------------------------------------


KINDS = ("store_vector_search", "store_vector_search_date_where", "store_keyword_search", "dense", "hybrid",
         "dense_date_filter", "hybrid_date_filter", "hybrid_week_filter", "hybrid_until_filter")


def kind_list(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = sorted(set(names) - set(KINDS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown kind {', '.join(unknown)} (known: {', '.join(KINDS)})")
    return names


def query(args: argparse.Namespace, store: Path) -> dict:
    launched = float(os.environ.get("SCALE_BENCH_LAUNCHED", time.time()))
    from gazette.app import App
    from gazette.models import SearchFilters
    from gazette.settings import Settings

    store_settings: dict = {"path": store}
    if args.server:
        host, _, port = args.server.rpartition(":")
        store_settings |= {"chroma_host": host, "chroma_port": int(port)}
    settings = Settings(_env_file=None, store=store_settings)
    rng = random.Random(args.seed + 1)
    vocab = vocabulary(args.vocabulary, args.seed)
    middling = vocab[50:5000]  # neither stop-word frequent nor unseen
    real = load_real_questions(Path(args.questions), rng) if args.questions else []
    asked: list[date | None] = [None]  # the date of the last question drawn (real questions)

    def question() -> str:
        if real:
            text, day = real[rng.randrange(len(real))]
            asked[0] = day
            return text
        return " ".join(rng.sample(middling, 5)) + "?"

    t0 = time.perf_counter()
    app = App(settings, store=store).open_reader()
    opened = time.perf_counter() - t0
    try:
        answer = app.ask(question())  # loads the model, embeds, searches, answers
        first_answer = time.time() - launched
        retriever = app.retriever

        def before_question(days: int) -> SearchFilters:
            """The ``days`` before the last real question's date, else a random window of the synthetic span."""
            end = asked[0] or EPOCH + timedelta(days=rng.randrange(days, DAYS))
            return SearchFilters(since=end - timedelta(days=days), until=end)

        def month() -> SearchFilters:
            return before_question(30)

        def week() -> SearchFilters:
            return before_question(7)

        def until() -> SearchFilters:
            return SearchFilters(until=before_question(0).until)

        from gazette.retrieval import where_clause

        archive = app.archive
        vec_rng = np.random.default_rng(args.seed + 2)

        def unit() -> np.ndarray:
            v = vec_rng.standard_normal(DIMENSIONS).astype(np.float32)
            return v / np.linalg.norm(v)

        kinds = {
            # The stores alone (no query embedding): Chroma's HNSW search, with a metadata filter, and BM25.
            "store_vector_search": lambda q: archive.search(unit(), retriever.candidates),
            "store_vector_search_date_where": lambda q: archive.search(
                unit(), retriever.candidates, where=where_clause(month())),
            "store_keyword_search": lambda q: archive.keywords.search(q, retriever.candidates),
            # The real retrieval path (query embedding included).
            "dense": lambda q: retriever.ranked(q, mode="dense"),
            "hybrid": lambda q: retriever.ranked(q, mode="hybrid"),
            "dense_date_filter": lambda q: retriever.ranked(q, filters=month(), mode="dense"),
            "hybrid_date_filter": lambda q: retriever.ranked(q, filters=month(), mode="hybrid"),
            "hybrid_week_filter": lambda q: retriever.ranked(q, filters=week(), mode="hybrid"),
            "hybrid_until_filter": lambda q: retriever.ranked(q, filters=until(), mode="hybrid"),
        }
        assert tuple(kinds) == KINDS
        if args.kinds:
            kinds = {name: run for name, run in kinds.items() if name in args.kinds}
        latency = {}
        for name, run in kinds.items():
            t = time.perf_counter()
            run(question())
            cold = time.perf_counter() - t
            warm = []
            for _ in range(args.queries):
                q = question()
                t = time.perf_counter()
                run(q)
                warm.append(time.perf_counter() - t)
            latency[name] = {"cold_ms": round(cold * 1000, 1), "warm": percentiles(warm)}
        embed = []
        for _ in range(args.queries):
            q = question()
            t = time.perf_counter()
            app.embedder.embed_query(q)
            embed.append(time.perf_counter() - t)
        current, peak = rss_mb()
        stats = app.archive.info()
        # Without it (a store from before the keyword index kept vectors), filtered dense search goes through Chroma.
        vector_copy = not archive.keywords.ids_without_vectors()
    finally:
        app.close()
    return {"open_store_s": round(opened, 2), "first_answer_s_from_launch": round(first_answer, 2),
            "first_answer_abstained": answer.abstained, "latency": latency,
            "query_embedding": percentiles(embed), "rss_mb": round(current), "peak_rss_mb": round(peak),
            "chunks_in_store": stats.chunks, "vector_copy_complete": vector_copy}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=1_000_000, help="chunks to insert (default 1,000,000)")
    parser.add_argument("--insert-budget-s", type=float, default=float("inf"),
                        help="stop inserting after this many seconds and measure the N reached")
    parser.add_argument("--batch", type=int, default=5000, help="chunks per upsert")
    parser.add_argument("--words", type=int, default=60, help="words per synthetic chunk text")
    parser.add_argument("--vocabulary", type=int, default=50_000, help="distinct synthetic words")
    parser.add_argument("--queries", type=int, default=50, help="warm queries per kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", help="store folder (default: a temporary one, deleted afterwards)")
    parser.add_argument("--reuse", action="store_true", help="measure an existing --store without building")
    parser.add_argument("--build-only", action="store_true",
                        help="build --store and stop (measure it later with --reuse, e.g. on a quieter machine)")
    parser.add_argument("--server", metavar="HOST:PORT", help="put the vectors on this Chroma server")
    parser.add_argument("--server-data", help="the server's data folder, counted in the disk figure")
    parser.add_argument("--questions", help="real questions (benchmark JSONL with question_date) for an existing "
                        "store of real articles: date filters end at each question's date")
    parser.add_argument("--kinds", type=kind_list, default=None,
                        help="measure only these latency kinds, comma-separated (default: all)")
    parser.add_argument("--out", help="also write the figures as JSON here")
    parser.add_argument("--query-only", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    args.progress = sys.stderr.isatty()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    if args.query_only:
        print(json.dumps(query(args, Path(args.store))))
        return 0

    with tempfile.TemporaryDirectory(prefix="gazette-scale-") as tmp:
        store = Path(args.store).expanduser() if args.store else Path(tmp) / "store"
        result: dict = {"machine": {"cpus": os.cpu_count()}}
        if not args.reuse:
            print(f"building {args.chunks:,} chunks in {store} ...", file=sys.stderr)
            result["build"] = build(args, store)
        if args.build_only:
            print(json.dumps(result, indent=2))
            return 0
        disk = folder_mb(store) + (folder_mb(Path(args.server_data)) if args.server_data else 0.0)
        result["disk_mb"] = round(disk, 1)
        print("measuring in a fresh process ...", file=sys.stderr)
        child = [sys.executable, __file__, "--query-only", "--store", str(store), "--queries", str(args.queries),
                 "--seed", str(args.seed), "--vocabulary", str(args.vocabulary)]
        if args.questions:
            child += ["--questions", str(Path(args.questions).resolve())]
        if args.server:
            child += ["--server", args.server]
        if args.kinds:
            child += ["--kinds", ",".join(args.kinds)]
        env = {**os.environ, "SCALE_BENCH_LAUNCHED": str(time.time())}
        out = subprocess.run(child, check=True, capture_output=True, text=True, env=env).stdout
        result["query"] = json.loads(out.strip().splitlines()[-1])
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
