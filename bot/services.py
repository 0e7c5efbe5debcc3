"""What the bot needs from the rest of Gazette, as small interfaces (the application layer, gazette.app, gives the
real ones; bot/adapters.py only adapts their names).

The bot receives these collaborators in its constructor: ``gazette bot`` wires the real ones (bot/adapters.py), tests
wire real ones over a temporary store or deterministic ones where they need specific answer text. Every method is
synchronous and may block (embedding model, disk): the bot calls them in worker threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from gazette.followups import Turn
from gazette.models import Answer, IngestProgressCallback, SearchFilters, Timeline
from gazette.sources import SourceRow
from gazette.store import ArchiveCounts
from gazette.whatsnew import LastAnswer


class AnswerService(Protocol):
    def answer(self, question: str, history: Sequence[Turn], filters: SearchFilters | None) -> Answer:
        """Answer ``question`` given the conversation so far (oldest first). Raises GazetteError subclasses."""
        ...


class NewsDesk(Protocol):
    def timeline(self, topic: str, filters: SearchFilters | None) -> Timeline:
        """The story's dated developments, oldest first. Raises UsageError for an empty topic."""
        ...

    def whats_new(self, question: str, last: LastAnswer, filters: SearchFilters | None) -> Answer | None:
        """In a conversation whose last dated answer is ``last``: "anything new?" answered from what was published
        after it ("Nothing new since ..." when nothing was); None for any other question."""
        ...


@dataclass(frozen=True)
class IngestCounts:
    sources: tuple[str, ...]
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: tuple[str, ...] = ()
    """The first few failures as "source: reason", for the status message."""
    notes: tuple[str, ...] = ()
    """Repairs made and prunes skipped, in words."""




class Reingester(Protocol):
    def source_names(self) -> list[str]: ...

    def run(self, source: str | None, progress: IngestProgressCallback, prune: bool = False) -> IngestCounts:
        """Re-ingest one source (None: all); with ``prune``, drop the articles a source read in full no longer
        lists. ``progress`` is called from the worker thread. Raises UsageError for an unknown source, StoreError
        when another process is writing the store."""
        ...


class SourceLister(Protocol):
    def list(self) -> list[SourceRow]: ...


class ArchiveStats(Protocol):
    def size(self) -> ArchiveCounts: ...
