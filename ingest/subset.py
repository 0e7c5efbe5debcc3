"""Pick a smaller evaluation archive from a benchmark dump: the articles of the first N answerable questions plus
M others, so that `gazette eval` can build and cache a store in minutes instead of hours.

The benchmark's questions name their articles in ``gcs_doc_ids``; its articles file is JSON Lines, optionally
gzip-compressed, in the format ingest/files.py reads (``doc_id``, ``publish_date`` aliases included).
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from gazette.errors import UsageError
from gazette.models import Article, FailedSource
from ingest.files import record_to_article


def _open(path: Path) -> IO[str]:
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rt", encoding="utf-8")
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc


def wanted_ids(questions: Path, n_questions: int) -> list[str]:
    """Article ids of the first ``n_questions`` answerable questions, in order, without repeats."""
    ids: dict[str, None] = {}
    taken = 0
    with _open(questions) as f:
        for line in f:
            if taken >= n_questions:
                break
            rec = json.loads(line)
            if rec.get("answer_in_articles", True) and rec.get("gcs_doc_ids"):
                taken += 1
                ids.update(dict.fromkeys(rec["gcs_doc_ids"]))
    return list(ids)


def subset_articles(
    articles: Path, questions: Path, n_questions: int, extra: int, seed: int = 13
) -> Iterator[Article | FailedSource]:
    """The articles of the first ``n_questions`` answerable questions, plus ``extra`` others drawn at random."""
    wanted = set(wanted_ids(questions, n_questions))
    others: list[tuple[dict, str]] = []
    rng = random.Random(seed)
    seen_others = 0
    with _open(articles) as f:
        for lineno, line in enumerate(f, start=1):
            rec = json.loads(line)
            source = f"{articles.name}:{lineno}"
            if rec.get("doc_id") in wanted:
                yield record_to_article(rec, source)
            elif extra:
                # reservoir sampling keeps memory bounded
                seen_others += 1
                if len(others) < extra:
                    others.append((rec, source))
                elif (j := rng.randrange(seen_others)) < extra:
                    others[j] = (rec, source)
    for rec, source in others:
        yield record_to_article(rec, source)
