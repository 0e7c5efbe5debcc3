"""The quote a digest would post for every labelled on-topic (topic, article) pair of the watch set, and which of
them are a heading, a label or a teaser without its full stop. Prints those; writes every quote as JSON for
comparing two versions of the code.

    python bench/watch/quotes.py --store STORES/watch-labelled [--out bench/results/watch-quotes.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
HERE = Path(__file__).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "watch-quotes.json"))
    args = parser.parse_args()
    from gazette.app import App
    from gazette.chunking import ends_as_sentence
    from gazette.digests import Digester, best_sentence
    from gazette.settings import Settings

    topics = {t["id"]: t["topic"] for t in json.loads((HERE / "topics.json").read_text(encoding="utf-8"))["topics"]}
    pairs: dict[str, list[str]] = defaultdict(list)
    for line in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        if label["on_topic"] and label["topic"] in topics:
            pairs[label["topic"]].append(label["doc_id"])
    settings = Settings(_env_file=None)
    out = []
    with App(settings, store=Path(args.store)).open_reader() as reader:
        digester = Digester(reader.archive.path, reader.archive.keywords, reader.embedder, settings.watch)
        for topic_id, doc_ids in pairs.items():
            weights = digester.topic(topics[topic_id]).weights
            for doc_id in doc_ids:
                chunks = reader.archive.keywords.article_chunks(doc_id)
                if chunks:
                    out.append({"topic": topic_id, "doc_id": doc_id, "quote": best_sentence(chunks, weights)})
    not_sentences = [q for q in out if q["quote"] and not ends_as_sentence(q["quote"])]
    print(f"{len(out)} quotes; {len(not_sentences)} without a full stop")
    for q in not_sentences:
        print(f"  {q['topic']}: {q['quote']}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
