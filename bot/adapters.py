"""The real collaborators behind bot/services.py, over an open Gazette.

Sources are, for now, the files and folders listed in ``GAZETTE_DISCORD__SOURCE_PATHS``, each named by its file
name. This module is the one place to change when named sources (with their own last-ingest bookkeeping) replace
that list: the bot itself only sees the :mod:`bot.services` interfaces.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.services import ArchiveSize, IngestCounts, IngestProgress, ProgressCallback, SourceRow
from gazette.answering import ask
from gazette.app import Gazette
from gazette.errors import UsageError
from gazette.followups import Turn
from gazette.models import Answer, IngestSummary, SearchFilters
from gazette.store import open_archive

log = logging.getLogger(__name__)


@dataclass
class CoreAnswers:
    """Answers with the core's whole path: rewrite a follow-up, search, answer."""

    app: Gazette

    def answer(self, question: str, history: Sequence[Turn], filters: SearchFilters | None) -> Answer:
        return ask(question, self.app.retriever, self.app.answerer, history=history, filters=filters)


def source_names(paths: Sequence[Path]) -> dict[str, Path]:
    """Unique names for configured paths: the file or folder name, numbered when two are alike (pure)."""
    out: dict[str, Path] = {}
    for path in paths:
        base = path.name or str(path)
        name, n = base, 2
        while name in out:
            name, n = f"{base}-{n}", n + 1
        out[name] = path
    return out


class _CatalogReader:
    """Read-only queries on the article catalog, with a connection of its own (usable from any thread)."""

    def __init__(self, store: Path) -> None:
        self.db_path = store / "articles.sqlite"

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def from_path(self, path: Path) -> tuple[int, str | None]:
        """Articles read from ``path`` (a file, its lines or a folder below it) and the newest write time."""
        p = str(path)
        with self._connect() as db:
            row = db.execute(
                "SELECT COUNT(*), MAX(ingested_at) FROM articles WHERE source = ? OR substr(source, 1, ?) IN (?, ?, ?)",
                (p, len(p) + 1, p + ":", p + "[", p + "/"),
            ).fetchone()
        return int(row[0]), row[1]


@dataclass
class PathSources:
    """The configured source paths with their article counts and last ingest time."""

    store: Path
    paths: Sequence[Path]

    def list(self) -> list[SourceRow]:
        reader = _CatalogReader(self.store)
        rows = []
        for name, path in source_names(self.paths).items():
            count, last = reader.from_path(path)
            rows.append(SourceRow(name=name, location=str(path), articles=count, last_ingested=last))
        return rows


@dataclass
class PathReingester:
    """Re-reads the configured paths into the store (unchanged articles are skipped by the pipeline).

    Runs in a worker thread: it opens its own handle on the store there (SQLite connections belong to the
    thread that opened them; Chroma is shared within the process), and shares the embedding model.
    """

    app: Gazette
    paths: Sequence[Path]

    def source_names(self) -> list[str]:
        return list(source_names(self.paths))

    def run(self, source: str | None, progress: ProgressCallback) -> IngestCounts:
        from ingest.files import iter_path
        from ingest.pipeline import ingest_items

        named = source_names(self.paths)
        if source is not None and source not in named:
            known = ", ".join(named) or "none are configured"
            raise UsageError(f"There is no source called {source!r} (sources: {known}).")
        chosen = {source: named[source]} if source is not None else named
        settings = self.app.settings
        archive = open_archive(
            self.app.archive.path, create=False, collection=settings.store.collection,
            embedding_model=self.app.embedder.name, dimensions=self.app.embedder.dimensions,
        )
        total = IngestSummary()
        try:
            for name, path in chosen.items():
                def report(seen: int, s: IngestSummary, name: str = name) -> None:
                    progress(IngestProgress(name, seen, s.articles_added, s.articles_updated, s.articles_unchanged,
                                            len(s.failed)))

                log.info("re-ingesting %s from %s", name, path)
                summary = ingest_items(archive, self.app.embedder, iter_path(path),
                                       max_tokens=settings.embedding.max_tokens, progress=report)
                total.articles_added += summary.articles_added
                total.articles_updated += summary.articles_updated
                total.articles_unchanged += summary.articles_unchanged
                total.chunks_embedded += summary.chunks_embedded
                total.failed += summary.failed
        finally:
            archive.close()
        return IngestCounts(
            sources=tuple(chosen), added=total.articles_added, updated=total.articles_updated,
            unchanged=total.articles_unchanged, removed=0, failed=len(total.failed),
            failures=tuple(f"{f.source}: {f.reason}" for f in total.failed[:5]),
        )


@dataclass
class StoreStats:
    """Archive size: articles from the catalog (own connection), chunks from the Chroma collection."""

    app: Gazette

    def size(self) -> ArchiveSize:
        return ArchiveSize(articles=_CatalogReader(self.app.archive.path).count(),
                           chunks=self.app.archive.collection.count())
