"""The real collaborators behind bot/services.py: thin adapters over the application layer (gazette.app), which
the CLI uses too. Sources are the named sources of the sources file; a re-ingest is the same job as
``gazette ingest --source NAME`` / ``--all``, in a writer opened with the same settings (server mode included).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.services import IngestCounts
from gazette.app import App, IngestRequest, Reader, Watches
from gazette.errors import UsageError
from gazette.followups import Turn
from gazette.models import Answer, IngestProgressCallback, SearchFilters, Timeline
from gazette.sources import SourceRow
from gazette.store import ArchiveCounts
from gazette.watches import PendingDigest, Watch
from gazette.whatsnew import LastAnswer

log = logging.getLogger(__name__)


@dataclass
class CoreAnswers:
    """Answers with the core's whole path: rewrite a follow-up, read its time scope, search, answer, verify."""

    reader: Reader

    def answer(self, question: str, history: Sequence[Turn], filters: SearchFilters | None) -> Answer:
        return self.reader.ask(question, history=history, filters=filters)


@dataclass
class CoreNewsDesk:
    """Timelines and "anything new?", as `gazette timeline` and `gazette chat` give them (gazette.app.Reader)."""

    reader: Reader

    def timeline(self, topic: str, filters: SearchFilters | None) -> Timeline:
        return self.reader.timeline(topic, filters=filters)

    def whats_new(self, question: str, last: LastAnswer, filters: SearchFilters | None) -> Answer | None:
        return self.reader.whats_new(question, last, filters=filters)


@dataclass
class NamedSources:
    """The sources file's sources with their kind, article count, last run and last error (like `gazette sources`)."""

    app: App

    def list(self) -> list[SourceRow]:
        return self.app.source_rows()


@dataclass
class NamedReingester:
    """Re-reads one named source or all of them, as `gazette ingest --source NAME` / `--all` does.

    Runs in a worker thread. The application opens the store there as the writer (the store's lock: a `gazette
    ingest` running in another process makes it fail with a clear message), with the reader's embedding model,
    and closes the writer when done. The bot's own reader goes on answering meanwhile.
    """

    app: App
    reader: Reader

    def source_names(self) -> list[str]:
        try:
            return list(self.app.load_sources())
        except UsageError:
            return []

    def run(self, source: str | None, progress: IngestProgressCallback, prune: bool = False) -> IngestCounts:
        chosen = self.app.select_sources([source] if source else [], everything=source is None)
        log.info("re-ingesting %s", ", ".join(s.name for s in chosen))
        summary = self.app.ingest(IngestRequest(sources=tuple(chosen), prune=prune), progress,
                                  embedder=self.reader.embedder, create=False)
        return IngestCounts(
            sources=tuple(s.name for s in chosen), added=summary.articles_added, updated=summary.articles_updated,
            unchanged=summary.articles_unchanged, removed=summary.articles_removed,
            duplicates=summary.articles_duplicate, failed=len(summary.failed),
            failures=tuple(f"{f.source}: {f.reason}" for f in summary.failed[:5]), notes=tuple(summary.notes[:5]),
        )


@dataclass
class ArchiveSize:
    """Archive size: articles from the catalog, chunks from the index (Archive.counts)."""

    reader: Reader

    def size(self) -> ArchiveCounts:
        return self.reader.counts()


@dataclass
class StoreWatches:
    """The store's watches, as `gazette watch` uses them (gazette.app.Watches), and the digests the reader plans
    from the catalog's ingest runs (Reader.check_watches). The watches file is opened once, by the bot."""

    watches: Watches
    reader: Reader

    @classmethod
    def open(cls, app: App, reader: Reader) -> StoreWatches:
        watches = app.open_watches()
        assert watches is not None  # opened to write: made when missing
        return cls(watches, reader)

    def close(self) -> None:
        self.watches.close()

    def add(self, topic: str, outlet: str | None, *, guild_id: int | None, channel_id: int | None,
            thread_id: int | None, added_by: int | None) -> Watch:
        return self.watches.add(topic, outlet, guild_id=guild_id, channel_id=channel_id, thread_id=thread_id,
                                added_by=added_by)

    def for_guild(self, guild_id: int | None) -> list[Watch]:
        return self.watches.list(guild_id)

    def get(self, watch_id: int) -> Watch | None:
        return self.watches.store.get(watch_id)

    def remove(self, watch_id: int, guild_id: int | None) -> Watch:
        return self.watches.remove(watch_id, guild_id)

    def set_thread(self, watch_id: int, thread_id: int) -> None:
        self.watches.store.set_thread(watch_id, thread_id)

    def plan(self) -> int:
        return len(self.reader.check_watches(self.watches, plan=True))

    def pending(self) -> list[PendingDigest]:
        return self.watches.store.pending()

    def attempt(self, watch_id: int, run_id: int) -> int:
        return self.watches.store.attempt(watch_id, run_id)

    def sent_parts(self, watch_id: int, run_id: int) -> dict[int, int]:
        return self.watches.store.sent_parts(watch_id, run_id)

    def record_part(self, watch_id: int, run_id: int, part: int, message_id: int) -> None:
        self.watches.store.record_part(watch_id, run_id, part, message_id)

    def mark_sent(self, watch_id: int, run_id: int) -> None:
        self.watches.store.mark_sent(watch_id, run_id)

    def drop(self, watch_id: int, run_id: int) -> None:
        self.watches.store.drop(watch_id, run_id)

    def disable(self, watch_id: int, reason: str) -> None:
        self.watches.store.disable(watch_id, reason)

    def nonce(self, watch_id: int, run_id: int, part: int) -> int:
        return self.watches.store.nonce(watch_id, run_id, part)
