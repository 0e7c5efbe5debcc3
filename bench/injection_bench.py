"""The instruction detector (gazette.injection) on real news and on paraphrased instructions.

- false positives: sentences of real articles of the shared archive (drawn at random, fixed seed) taken for
  instructions, as a share of all sentences read (target: at most 1 in 1,000);
- recall: the paraphrased instructions of tests/reliability/paraphrases.py caught, by the patterns alone and with
  the embedding model beside them.

    python bench/injection_bench.py [--articles 2000] [--bench-dir ../shared/bench] [--out FILE]

Both are given for several thresholds, so that the one in gazette/injection.py can be checked.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

THRESHOLDS = (0.5, 0.55, 0.58, 0.6, 0.62, 0.65, 0.7)


def sample_sentences(bench_dir: Path, articles: int, seed: int) -> list[list[str]]:
    from gazette.chunking import split_sentences

    with gzip.open(bench_dir / "realtimeqa" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    rng = random.Random(seed)
    chosen = rng.sample(records, min(articles, len(records)))
    return [split_sentences(r.get("text") or "") for r in chosen]


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--bench-dir", default=str(ROOT.parent / "shared" / "bench"))
    p.add_argument("--out")
    args = p.parse_args(argv)

    from gazette.embeddings import OnnxMiniLMEmbedder
    from gazette.injection import _CUE, InstructionDetector, looks_injected
    from tests.reliability.paraphrases import FERRY_FACTS, PARAPHRASES

    detector = InstructionDetector(OnnxMiniLMEmbedder())
    articles = sample_sentences(Path(args.bench_dir), args.articles, args.seed)
    total = sum(len(a) for a in articles)
    started = time.perf_counter()
    # Per sentence: flagged by pattern, else the best similarity over itself and its two pairs (cued ones only).
    by_pattern = 0
    best: list[float] = []
    cued = 0
    for sentences in articles:
        for i, s in enumerate(sentences):
            if looks_injected(s):
                by_pattern += 1
                continue
            if not _CUE.search(s):
                continue
            cued += 1
            texts = [s] + [f"{sentences[min(i, j)]} {sentences[max(i, j)]}" for j in (i - 1, i + 1)
                           if 0 <= j < len(sentences)]
            best.append(max(detector.similarity(texts)))
    seconds = time.perf_counter() - started
    from gazette.chunking import split_sentences

    recall = {}
    for threshold in THRESHOLDS:
        detector.threshold = threshold
        caught = 0
        for payload in PARAPHRASES:
            sentences = split_sentences(f"{FERRY_FACTS} {payload}")
            facts = len(split_sentences(FERRY_FACTS))
            flagged = detector.instructions(sentences)
            caught += any(i >= facts for i in flagged) and not any(i < facts for i in flagged)
        recall[threshold] = caught / len(PARAPHRASES)
    patterns_only = sum(any(looks_injected(s) for s in split_sentences(p)) for p in PARAPHRASES) / len(PARAPHRASES)
    rows = []
    for threshold in THRESHOLDS:
        flagged = by_pattern + sum(1 for b in best if b >= threshold)
        rows.append({"threshold": threshold, "news_sentences": total, "flagged": flagged,
                     "false_positive_rate": round(flagged / total, 5), "paraphrase_recall": round(recall[threshold], 3)})
    result = {"articles": len(articles), "sentences": total, "flagged_by_patterns": by_pattern,
              "cued_sentences_embedded": cued, "seconds": round(seconds, 1),
              "paraphrase_recall_patterns_only": round(patterns_only, 3), "by_threshold": rows}
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
