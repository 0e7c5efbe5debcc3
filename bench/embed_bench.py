"""Embedding backends head to head on 1,000-character chunks: throughput and agreement with torch.

    python bench/embed_bench.py [--chunks 256] [--repeats 3] [--bench-dir ../shared/bench]
                                [--out bench/results/embed.json]

Cuts consecutive 1,000-character pieces from the first articles of <bench-dir>/realtimeqa/articles.jsonl.gz and
encodes them with torch (sentence-transformers), ONNX fp32 and ONNX int8, each on every core and on one thread.
Reports chunks per second of wall time (best of the repeats: other work on the machine only slows a run down) and
per CPU-second on one thread (steadier on a busy machine), and the cosine similarity of each backend to torch.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

import numpy as np


def load_chunks(path: Path, n: int, size: int = 1000) -> list[str]:
    chunks: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            chunks += [text[i:i + size] for i in range(0, len(text) - size + 1, size)]
            if len(chunks) >= n:
                break
    return chunks[:n]


def timed(fn, repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best wall time and best CPU time (this process, all threads) over ``repeats`` runs."""
    walls, cpus = [], []
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--bench-dir", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--out", type=Path, default=Path("bench/results/embed.json"))
    args = parser.parse_args(argv)
    source = args.bench_dir / "realtimeqa" / "articles.jsonl.gz"
    if not source.is_file():
        parser.error(f"no benchmark data at {source} (see --bench-dir)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from gazette.embeddings import MiniLMEmbedder, OnnxMiniLMEmbedder

    chunks = load_chunks(source, args.chunks)
    cores = os.cpu_count() or 1
    backends = {
        "torch": lambda threads: MiniLMEmbedder(),
        "onnx-fp32": lambda threads: OnnxMiniLMEmbedder(threads=threads, quantize=False),
        "onnx-int8": lambda threads: OnnxMiniLMEmbedder(threads=threads),
    }
    reference = None
    rows = []
    for name, make in backends.items():
        for threads in (cores, 1):
            if name == "torch":
                torch.set_num_threads(threads)
            embedder = make(threads)
            embedder.embed_documents(chunks[:4])  # load (and export once) before the clock starts
            vectors = embedder.embed_documents(chunks)
            if reference is None:
                reference = vectors
            cos = np.sum(vectors * reference, axis=1)
            wall, cpu = timed(lambda e=embedder: e.embed_documents(chunks), args.repeats)
            rows.append({
                "backend": name, "threads": threads, "chunks": len(chunks), "chunks_per_s": len(chunks) / wall,
                "chunks_per_cpu_s": len(chunks) / cpu, "cosine_to_torch_min": float(cos.min()),
                "cosine_to_torch_mean": float(cos.mean()),
            })
            r = rows[-1]
            print(f"{name:<10} {threads} thread(s): {r['chunks_per_s']:6.1f} chunks/s, {r['chunks_per_cpu_s']:6.1f} "
                  f"per CPU-s, cosine to torch min {r['cosine_to_torch_min']:.4f} mean {r['cosine_to_torch_mean']:.4f}",
                  flush=True)
    base = {r["threads"]: r for r in rows if r["backend"] == "torch"}
    for r in rows:
        r["speedup_vs_torch_wall"] = r["chunks_per_s"] / base[r["threads"]]["chunks_per_s"]
        r["speedup_vs_torch_cpu"] = r["chunks_per_cpu_s"] / base[r["threads"]]["chunks_per_cpu_s"]
    print("\nspeed-up over torch (wall, same threads / per CPU-second):")
    for r in rows:
        print(f"  {r['backend']:<10} {r['threads']} thread(s): {r['speedup_vs_torch_wall']:.2f}x / "
              f"{r['speedup_vs_torch_cpu']:.2f}x")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"chunk_chars": 1000, "load_average": os.getloadavg(), "rows": rows}, indent=2))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
