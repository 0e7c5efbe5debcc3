"""Ingest throughput: Gazette against the naive LangChain pipeline and against its own embedding backend.

    python bench/ingest_bench.py [--articles N] [--bench-dir ../shared/bench] [--out bench/results/ingest.json]

On the first N articles of <bench-dir>/realtimeqa/articles.jsonl.gz, in one run, each in its own subprocess (so
that peak memory is per pipeline):
  gazette      Gazette's ingest (ingest_items) into a fresh store, default embedding backend
  reingest     the same articles again into that store (should embed nothing)
  bare         the bare embedding backend encoding Gazette's own chunk texts in one call (the ceiling)
  naive        RecursiveCharacterTextSplitter defaults + HuggingFaceEmbeddings + Chroma.from_documents
  gazette-torch  Gazette's ingest with the torch backend, for comparison
For each: time (wall and CPU), articles/s, chunks/s, coverage (the share of article characters inside the model's 256-token window,
each character counted once), indexed characters/s, peak RSS and store size. Model loading and the one-time ONNX
export happen before the clock starts. Needs the bench extra: pip install -e ".[bench]" (or `make bench`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

STAGES = ("gazette", "reingest", "bare", "naive", "gazette-torch")
TARGETS = {
    "coverage": 0.98,  # share of article characters inside the model's window
    "indexed_chars_vs_naive": 2.5,  # Gazette's indexed characters per second / the naive pipeline's
    "gazette_vs_bare": 0.8,  # Gazette's chunks per second / the bare backend's
    "reingest_speedup": 50.0,  # first ingest time / second ingest time (with 0 chunks embedded)
}


@dataclass
class Result:
    stage: str
    backend: str
    articles: int
    chunks: int
    chunks_embedded: int
    seconds: float
    cpu_seconds: float
    article_chars: int
    covered_chars: int
    peak_rss_mb: float
    store_mb: float | None
    notes: dict = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        return self.covered_chars / self.article_chars if self.article_chars else 0.0

    def rates(self) -> dict[str, float]:
        s = max(self.seconds, 1e-9)
        return {
            "articles_per_s": self.articles / s,
            "chunks_per_s": self.chunks_embedded / s,
            "indexed_chars_per_s": self.covered_chars / s if self.chunks_embedded else 0.0,
            "coverage": self.coverage,
        }


# -- coverage (pure) ----------------------------------------------------------------------------------------


def union_length(spans: list[tuple[int, int]]) -> int:
    """Characters covered by half-open spans, each counted once."""
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def surviving_chars(text: str, tokenizer) -> int:  # type: ignore[no-untyped-def]
    """How many leading characters of ``text`` the model sees, given a tokenizer that truncates at its window."""
    enc = tokenizer.encode(text)
    if len(enc.ids) < tokenizer.truncation["max_length"]:
        return len(text)  # nothing cut
    ends = [end for (_, end), special in zip(enc.offsets, enc.special_tokens_mask, strict=True) if not special]
    return ends[-1] if ends else 0


def locate(text: str, pieces: list[str]) -> list[int]:
    """Start offset of each piece in ``text``, searching forward (pieces come in order and may overlap); -1 if lost."""
    starts, cursor = [], 0
    for piece in pieces:
        at = text.find(piece, cursor)
        if at < 0:
            at = text.find(piece)
        starts.append(at)
        if at >= 0:
            cursor = at + 1
    return starts


def covered_in_article(text: str, bodies: list[str], visible: list[int]) -> tuple[int, int]:
    """(characters of ``text`` inside some chunk's window, chunks not found in the text)."""
    spans, lost = [], 0
    for start, body, n in zip(locate(text, bodies), bodies, visible, strict=True):
        if start < 0:
            lost += 1
            continue
        spans.append((start, start + min(n, len(body))))
    return union_length(spans), lost


# -- workers (each runs in its own process) ----------------------------------------------------------------


def load_articles(path: Path, n: int):  # type: ignore[no-untyped-def]
    from gazette.models import Article
    from ingest.files import record_to_article

    articles, skipped = [], 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if lineno > n:
                break
            item = record_to_article(json.loads(line), f"{path.name}:{lineno}")
            if isinstance(item, Article):
                articles.append(item)
            else:
                skipped += 1
    return articles, skipped


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _window_tokenizer():  # type: ignore[no-untyped-def]
    from gazette.inference import load_window_tokenizer, model_path
    from gazette.onnx_export import max_seq_length

    path = model_path()
    return load_window_tokenizer(path, max_seq_length(Path(path)))


def _gazette_coverage(articles, embedder, max_tokens: int) -> tuple[int, int, int, list[str]]:  # type: ignore[no-untyped-def]
    """(covered characters, chunks, chunks not found, embedding texts) for Gazette's chunking of ``articles``."""
    from gazette.chunking import chunk_article

    tok = _window_tokenizer()
    covered = n_chunks = lost = 0
    texts: list[str] = []
    for article in articles:
        chunks = chunk_article(article, max_tokens, embedder.count_tokens)
        visible = []
        for c in chunks:
            full = c.embedding_text()
            texts.append(full)
            head = len(full) - len(c.text)
            visible.append(max(0, surviving_chars(full, tok) - head))
        got, missing = covered_in_article(article.text, [c.text for c in chunks], visible)
        covered += got
        lost += missing
        n_chunks += len(chunks)
    return covered, n_chunks, lost, texts


def _embedder(backend: str):  # type: ignore[no-untyped-def]
    from gazette.embeddings import embedder_from_settings
    from gazette.settings import Settings

    settings = Settings(_env_file=None, embedding={"backend": backend})  # type: ignore[arg-type]
    embedder = embedder_from_settings(settings.embedding, status=lambda m: print(f"  {m}", file=sys.stderr, flush=True))
    embedder.embed_documents(["warm up: load the model (and export it once) before the clock starts"])
    return embedder, settings


def work_gazette(args: argparse.Namespace) -> Result:
    from gazette.store import open_archive
    from ingest.pipeline import ingest_items

    articles, skipped = load_articles(args.articles_file, args.articles)
    embedder, settings = _embedder(args.backend)
    store = Path(args.store)
    fresh = not store.exists()
    archive = open_archive(store, create=True, embedding_model=embedder.name, dimensions=embedder.dimensions)
    cpu, started = _cpu(), time.perf_counter()
    summary = ingest_items(archive, embedder, articles, max_tokens=settings.embedding.max_tokens)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    archive.close()
    covered, n_chunks, lost, _ = _gazette_coverage(articles, embedder, settings.embedding.max_tokens)
    return Result(
        stage=args.stage, backend=args.backend, articles=len(articles), chunks=n_chunks,
        chunks_embedded=summary.chunks_embedded, seconds=seconds, cpu_seconds=cpu,
        article_chars=sum(len(a.text) for a in articles), covered_chars=covered, peak_rss_mb=_peak_rss_mb(),
        store_mb=_dir_mb(store),
        notes={"fresh_store": fresh, "skipped_records": skipped, "chunks_not_located": lost,
               "added": summary.articles_added, "unchanged": summary.articles_unchanged,
               "failed": len(summary.failed)},
    )


def work_bare(args: argparse.Namespace) -> Result:
    articles, skipped = load_articles(args.articles_file, args.articles)
    embedder, settings = _embedder(args.backend)
    covered, n_chunks, lost, texts = _gazette_coverage(articles, embedder, settings.embedding.max_tokens)
    cpu, started = _cpu(), time.perf_counter()
    vectors = embedder.embed_documents(texts)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    assert len(vectors) == len(texts)
    return Result(
        stage=args.stage, backend=args.backend, articles=len(articles), chunks=n_chunks, chunks_embedded=len(texts),
        seconds=seconds, cpu_seconds=cpu, article_chars=sum(len(a.text) for a in articles), covered_chars=covered,
        peak_rss_mb=_peak_rss_mb(), store_mb=None, notes={"skipped_records": skipped, "chunks_not_located": lost},
    )


def work_naive(args: argparse.Namespace) -> Result:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from gazette.inference import model_path

    articles, skipped = load_articles(args.articles_file, args.articles)
    embeddings = HuggingFaceEmbeddings(model_name=model_path())
    embeddings.embed_documents(["warm up: load the model before the clock starts"])
    store = Path(args.store)
    docs = [Document(page_content=a.text, metadata={"doc_id": a.doc_id, "title": a.title}) for a in articles]
    cpu, started = _cpu(), time.perf_counter()
    chunks = RecursiveCharacterTextSplitter().split_documents(docs)
    db = Chroma.from_documents(chunks, embeddings, persist_directory=str(store), collection_name="naive")
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    stored = db._collection.count()
    del db
    tok = _window_tokenizer()  # HuggingFaceEmbeddings runs sentence-transformers: the same 256-token window
    by_doc: dict[str, list[str]] = {}
    for c in chunks:
        by_doc.setdefault(c.metadata["doc_id"], []).append(c.page_content)
    covered = lost = 0
    for a in articles:
        bodies = by_doc.get(a.doc_id, [])
        got, missing = covered_in_article(a.text, bodies, [surviving_chars(b, tok) for b in bodies])
        covered += got
        lost += missing
    return Result(
        stage=args.stage, backend="torch (sentence-transformers via langchain-huggingface)", articles=len(articles),
        chunks=len(chunks), chunks_embedded=stored, seconds=seconds, cpu_seconds=cpu,
        article_chars=sum(len(a.text) for a in articles), covered_chars=covered, peak_rss_mb=_peak_rss_mb(),
        store_mb=_dir_mb(store), notes={"skipped_records": skipped, "chunks_not_located": lost},
    )


def work_prepare(args: argparse.Namespace) -> Result:
    """Export the ONNX model once (if this machine has not yet) so that no stage pays for it or holds its memory."""
    _embedder(args.backend)
    return Result(stage="prepare", backend=args.backend, articles=0, chunks=0, chunks_embedded=0, seconds=0.0,
                  cpu_seconds=0.0, article_chars=0, covered_chars=0, peak_rss_mb=_peak_rss_mb(), store_mb=None)


WORKERS = {"prepare": work_prepare, "gazette": work_gazette, "reingest": work_gazette, "gazette-torch": work_gazette, "bare": work_bare,
           "naive": work_naive}


# -- the parent ---------------------------------------------------------------------------------------------


def run_stage(stage: str, backend: str, store: Path | None, args: argparse.Namespace) -> Result:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [sys.executable, __file__, "--worker", stage, "--backend", backend, "--articles", str(args.articles),
           "--bench-dir", str(args.bench_dir), "--result", str(out)]
    if store is not None:
        cmd += ["--store", str(store)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    print(f"- {stage} ({backend}) ...", file=sys.stderr, flush=True)
    stage_started = time.perf_counter()
    try:
        subprocess.run(cmd, check=True, env=env)
        data = json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)
    result = Result(**data)
    r = result.rates()
    print(f"  {result.seconds:.1f} s timed ({time.perf_counter() - stage_started:.0f} s in all), "
          f"{r['chunks_per_s']:.1f} chunks/s, coverage {r['coverage']:.3f}", file=sys.stderr, flush=True)
    return result


def default_backend() -> str:
    from gazette.settings import EmbeddingSettings

    return str(EmbeddingSettings().backend)


def check_targets(results: dict[str, Result]) -> dict[str, dict[str, float | bool | None]]:
    def rate(stage: str, key: str) -> float | None:
        return results[stage].rates()[key] if stage in results else None

    checks: dict[str, dict[str, float | bool | None]] = {}

    def add(name: str, value: float | None, ok: bool | None = None) -> None:
        target = TARGETS[name]
        checks[name] = {"value": value, "target": target,
                        "met": (value is not None and value >= target) if ok is None else ok}

    add("coverage", rate("gazette", "coverage"))
    g, n, b = rate("gazette", "indexed_chars_per_s"), rate("naive", "indexed_chars_per_s"), rate("bare", "chunks_per_s")
    add("indexed_chars_vs_naive", g / n if g and n else None)
    gc = rate("gazette", "chunks_per_s")
    add("gazette_vs_bare", gc / b if gc and b else None)
    if "gazette" in results and "reingest" in results:
        speedup = results["gazette"].seconds / max(results["reingest"].seconds, 1e-9)
        add("reingest_speedup", speedup, speedup >= TARGETS["reingest_speedup"] and results["reingest"].chunks_embedded == 0)
    return checks


def render_table(results: dict[str, Result]) -> str:
    head = (f"{'pipeline':<14} {'backend':<8} {'seconds':>8} {'CPU s':>7} {'art/s':>7} {'chunks':>7} {'chunks/s':>9} "
            f"{'coverage':>8} {'indexed chars/s':>15} {'peak RSS MB':>11} {'store MB':>8}")
    lines = [head, "-" * len(head)]
    for stage, res in results.items():
        r = res.rates()
        store = f"{res.store_mb:.0f}" if res.store_mb is not None else "-"
        lines.append(
            f"{stage:<14} {res.backend.split()[0]:<8} {res.seconds:8.1f} {res.cpu_seconds:7.0f} {r['articles_per_s']:7.2f} "
            f"{res.chunks_embedded:7d} {r['chunks_per_s']:9.1f} {r['coverage']:8.3f} {r['indexed_chars_per_s']:15,.0f} "
            f"{res.peak_rss_mb:11.0f} {store:>8}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="how many articles from the start of the file")
    parser.add_argument("--bench-dir", type=Path, default=Path("../shared/bench"), help="benchmark data folder")
    parser.add_argument("--out", type=Path, default=Path("bench/results/ingest.json"), help="JSON results file")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {','.join(STAGES)}")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--backend", default="", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.articles_file = args.bench_dir / "realtimeqa" / "articles.jsonl.gz"
    if not args.articles_file.is_file():
        parser.error(f"no benchmark data at {args.articles_file} (see --bench-dir)")

    if args.worker:
        args.stage = args.worker
        result = WORKERS[args.worker](args)
        args.result.write_text(json.dumps(asdict(result)))
        return 0

    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stages: {', '.join(sorted(unknown))}")
    backend = default_backend()
    work = Path(tempfile.mkdtemp(prefix="gazette-bench-"))
    results: dict[str, Result] = {}
    started = time.perf_counter()
    load = os.getloadavg()
    try:
        gazette_store = work / "gazette-store"
        if backend != "torch" and {"gazette", "bare"} & set(stages):
            run_stage("prepare", backend, None, args)
        for stage in stages:
            if stage == "reingest" and "gazette" not in results:
                print("- reingest skipped: it needs the gazette stage first", file=sys.stderr)
                continue
            store = {"gazette": gazette_store, "reingest": gazette_store, "gazette-torch": work / "torch-store",
                     "naive": work / "naive-store"}.get(stage)
            stage_backend = "torch" if stage in ("gazette-torch", "naive") else backend
            if stage == "gazette-torch" and backend == "torch":
                continue
            try:
                results[stage] = run_stage(stage, stage_backend, store, args)
            except subprocess.CalledProcessError as exc:
                print(f"  {stage} failed (exit {exc.returncode}); going on without it", file=sys.stderr)
            write_report(args, backend, results, started, load)  # a run cut short keeps what it measured
    finally:
        shutil.rmtree(work, ignore_errors=True)
    checks = check_targets(results)
    print()
    print(f"Ingest benchmark: first {args.articles} articles of {args.articles_file.name}, default backend {backend!r}")
    print(render_table(results))
    print()
    for name, c in checks.items():
        value = "n/a" if c["value"] is None else f"{c['value']:.3f}"
        print(f"{name:<24} {value:>8}  target >= {c['target']}  {'met' if c['met'] else 'NOT met'}")
    write_report(args, backend, results, started, load)
    print(f"\nwritten to {args.out}")
    return 0


def write_report(
    args: argparse.Namespace, backend: str, results: dict[str, Result], started: float, load: tuple[float, ...]
) -> None:
    report = {
        "articles": args.articles, "default_backend": backend, "wall_seconds": time.perf_counter() - started,
        "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                    "python": platform.python_version(), "load_average_at_start": load,
                    "load_average_at_end": os.getloadavg()},
        "results": {s: {**asdict(r), **r.rates()} for s, r in results.items()},
        "targets": check_targets(results),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.exit(main())
