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

from gazette.app import App, Status
from gazette.errors import UsageError
from gazette.models import Article, FailedSource
from gazette.store import is_archive
from ingest.files import record_to_article
from ingest.pipeline import ingest_items


def _open(path: Path) -> IO[str]:
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rt", encoding="utf-8")
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc


def wanted_ids(questions: Path, n_questions: int) -> list[str]:
    """Article ids of the first ``n_questions`` questions that name articles, in order, without repeats: the
    benchmark's answerable questions (``gcs_doc_ids``), or our own questions' ``doc_id`` (the unanswerable ones
    too: a question about the right topic in the wrong year names the article it must not be answered from)."""
    ids: dict[str, None] = {}
    taken = 0
    with _open(questions) as f:
        for line in f:
            if taken >= n_questions:
                break
            if not line.strip():
                continue
            rec = json.loads(line)
            named = rec.get("gcs_doc_ids") if "gcs_doc_ids" in rec else [rec["doc_id"]] if rec.get("doc_id") else []
            if rec.get("answer_in_articles", True) and named:
                taken += 1
                ids.update(dict.fromkeys(named))
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


def build_subset_store(
    app: App, articles: Path, questions: Path, n_questions: int, extra: int, status: Status | None = None
) -> None:
    """Build (once) a smaller store at ``app.store`` from a benchmark dump: the articles of the first
    ``n_questions`` answerable questions plus ``extra`` others. An existing store is reused as it is; a
    ``subset.json`` beside the catalog records how it was made."""
    say = status or (lambda message: None)
    if is_archive(app.store):
        say(f"using the existing store {app.store} (delete it to rebuild)")
        return
    say(f"building {app.store}: articles of the first {n_questions} answerable questions of {questions} plus "
        f"{extra} others, from {articles}")
    writer = app.open_writer(create=True)
    try:
        summary = ingest_items(writer.archive, writer.embedder, subset_articles(articles, questions, n_questions, extra),
                               max_tokens=app.settings.embedding.max_tokens)
    finally:
        writer.close()
    (app.store / "subset.json").write_text(json.dumps({
        "articles_file": str(articles), "questions_file": str(questions), "subset_questions": n_questions,
        "extra_articles": extra, "articles": summary.articles_added, "chunks": summary.chunks_embedded,
    }, indent=2) + "\n", encoding="utf-8")
