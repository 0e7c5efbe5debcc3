"""The real collaborators behind bot/services.py, over an open Gazette.

Sources are the named sources of the sources file (``GAZETTE_SOURCES__FILE``, as for ``gazette ingest --source``
and ``gazette sources``); a re-ingest is the same job as ``gazette ingest --source NAME`` / ``--all``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services import ArchiveSize, IngestCounts, IngestProgress, ProgressCallback, SourceRow
from gazette.answering import ask
from gazette.app import Gazette
from gazette.errors import UsageError
from gazette.followups import Turn
from gazette.models import Answer, IngestSummary, SearchFilters
from gazette.store import open_archive, source_states

log = logging.getLogger(__name__)


@dataclass
class CoreAnswers:
    """Answers with the core's whole path: rewrite a follow-up, read its time scope, search, answer, verify."""

    app: Gazette

    def answer(self, question: str, history: Sequence[Turn], filters: SearchFilters | None) -> Answer:
        return ask(question, self.app.retriever, self.app.answerer, history=history, filters=filters)


def _specs(app: Gazette):  # type: ignore[no-untyped-def]
    from ingest.sources import load_sources

    return load_sources(app.settings.sources.file)


@dataclass
class NamedSources:
    """The sources file's sources with their kind, article count, last run and last error (like `gazette sources`)."""

    app: Gazette

    def list(self) -> list[SourceRow]:
        specs = _specs(self.app)
        states = source_states(self.app.archive.path)  # this thread's own connection
        rows = []
        for spec in specs.values():
            state = states.get(spec.name)
            rows.append(SourceRow(
                name=spec.name, kind=spec.kind, location=spec.location, articles=state.articles if state else 0,
                last_ingested=state.last_run if state else None, last_error=state.last_error if state else None,
            ))
        return rows


@dataclass
class NamedReingester:
    """Re-reads one named source or all of them, as `gazette ingest --source NAME` / `--all` does.

    Runs in a worker thread. It opens the store there as the writer (the store's lock: a `gazette ingest` running
    in another process makes it fail with a clear message), shares the embedding model, and closes the writer
    when done. The bot's own handle on the store only reads, so answering goes on meanwhile.
    """

    app: Gazette

    def source_names(self) -> list[str]:
        try:
            return list(_specs(self.app))
        except UsageError:
            return []

    def run(self, source: str | None, progress: ProgressCallback, prune: bool = False) -> IngestCounts:
        from ingest.fetch import Fetcher
        from ingest.jobs import run_ingest, targets_for
        from ingest.limits import Limits
        from ingest.sources import select_sources

        settings = self.app.settings
        specs = _specs(self.app)
        chosen = select_sources(specs, [source] if source else [], source is None, settings.sources.file)
        if not chosen:
            raise UsageError(f"{settings.sources.file} defines no sources")
        archive = open_archive(
            self.app.archive.path, create=False, writer=True, collection=settings.store.collection,
            embedding_model=self.app.embedder.name, dimensions=self.app.embedder.dimensions,
        )

        def report(label: str, read: int, total: int | None, s: IngestSummary) -> None:
            progress(IngestProgress(label, read, total, s.articles_added, s.articles_updated, s.articles_unchanged,
                                    len(s.failed)))

        try:
            log.info("re-ingesting %s", ", ".join(s.name for s in chosen))
            summary = run_ingest(
                archive, self.app.embedder, targets_for([], chosen),
                fetcher_factory=lambda: Fetcher.from_settings(settings.fetch),
                max_tokens=settings.embedding.max_tokens, batch_chunks=settings.ingest.batch_chunks, prune=prune,
                progress=report, limits=Limits.from_settings(settings.ingest),
            )
        finally:
            archive.close()
        return IngestCounts(
            sources=tuple(s.name for s in chosen), added=summary.articles_added, updated=summary.articles_updated,
            unchanged=summary.articles_unchanged, removed=summary.articles_removed,
            duplicates=summary.articles_duplicate, failed=len(summary.failed),
            failures=tuple(f"{f.source}: {f.reason}" for f in summary.failed[:5]), notes=tuple(summary.notes[:5]),
        )


@dataclass
class StoreStats:
    """Archive size: articles from the catalog (a read-only connection of its own), chunks from the index."""

    app: Gazette

    def size(self) -> ArchiveSize:
        db = sqlite3.connect(f"file:{self.app.archive.path / 'articles.sqlite'}?mode=ro", uri=True, timeout=30)
        try:
            articles = int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            db.close()
        return ArchiveSize(articles=articles, chunks=self.app.archive.collection.count())
