"""The data Gazette passes around: articles, chunks, citations and answers."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field


def content_hash(*parts: str) -> str:
    """A stable hex digest of text parts (used for article and chunk ids)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


ABSTAIN_TEXT = "The archive has nothing on that."


class Article(BaseModel):
    doc_id: str = Field(description="Stable id: the source's own id, else its URL, else its file path.")
    title: str
    text: str
    outlet: str = ""
    url: str = ""
    published: date | None = None
    source: str = Field("", description="Where it was read from (file path and line, or URL).")
    author: str = Field("", description="Byline, when the source gives one.")
    language: str = Field("", description="Primary language subtag, lower case ('en'), when known.")

    @property
    def fingerprint(self) -> str:
        """Hash of everything stored for the article: a change means re-embedding."""
        return content_hash(
            self.title, self.text, self.outlet, self.url, self.published.isoformat() if self.published else "",
            self.author, self.language,
        )

    @property
    def text_hash(self) -> str:
        """Hash of the body alone, white space normalised: two copies of one story share it."""
        return content_hash(" ".join(self.text.split()))


class Chunk(BaseModel):
    chunk_id: str
    doc_id: str
    index: int
    text: str = Field(description="The article text this chunk covers (quotes are taken from it).")
    title: str
    outlet: str = ""
    url: str = ""
    published: date | None = None
    language: str = ""

    def embedding_text(self) -> str:
        """What the model embeds: headline and date give every chunk its context."""
        when = self.published.isoformat() if self.published else ""
        head = " | ".join(p for p in (self.title, self.outlet, when) if p)
        return f"{head}\n{self.text}"


class RetrievedChunk(BaseModel):
    chunk: Chunk
    score: float = Field(description="Retrieval score, higher is closer (fused rank score for hybrid search).")
    context: list[Chunk] = Field(default_factory=list, description="Neighbouring chunks of the same article.")


class SearchFilters(BaseModel):
    """Limits on a search: publication dates (inclusive) and outlets (any of, case-insensitive)."""

    since: date | None = None
    until: date | None = None
    outlets: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self.since is None and self.until is None and not self.outlets

    def narrowed(self, *, since: date | None = None, until: date | None = None) -> SearchFilters:
        """These filters within ``since`` and ``until`` as well (pure): the later start, the earlier end."""
        return SearchFilters(since=max((d for d in (self.since, since) if d), default=None),
                             until=min((d for d in (self.until, until) if d), default=None), outlets=self.outlets)


class Citation(BaseModel):
    n: int
    title: str
    outlet: str
    url: str
    published: str | None = Field(None, description="YYYY-MM-DD")
    quote: str
    doc_id: str
    chunk_id: str


class Version(BaseModel):
    """One of the figures the retrieved sources give for what a question asks, when they differ."""

    value: str = Field(description='The figure as printed, qualifier included: "up to 8,000".')
    outlet: str
    published: str | None = Field(None, description="YYYY-MM-DD")
    attribution: str = Field("", description='Who the article says gave it ("US officials"); "" if nobody.')
    n: int = Field(description="The citation of the article that reports it.")


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    searched_query: str
    as_of: str | None = Field(None, description="Publication date (YYYY-MM-DD) of the newest cited source.")
    choice: int | None = Field(None, description="For a multiple-choice question: the index of the chosen choice.")
    short_answer: str | None = Field(None, description="The bare answer (a number, name or date) when one is found.")
    differs: list[Version] = Field(
        default_factory=list,
        description="When the retrieved sources give different figures for what was asked: each version, newest "
        "first (the answer's last paragraph says the same).",
    )


class TimelineLine(BaseModel):
    """One development of a story: its date, the article's sentence that tells it, and its citation."""

    date: str = Field(description="YYYY-MM-DD: the event's date where the sentence gives it, else the article's.")
    dated_by: str = Field(description='"event" (a date the sentence gives, relative ones resolved) or "published".')
    text: str = Field(description="The sentence, verbatim from the article, ending with its citation marker.")
    n: int
    copies: list[str] = Field(default_factory=list, description="Other outlets that ran the same story (merged).")


class Timeline(BaseModel):
    """A story's dated developments, oldest first, one line each."""

    topic: str
    lines: list[TimelineLine] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    text: str = Field("", description="The lines as text, one per line (or the abstention sentence).")


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest run is: what it reads now, how far, and the running counts."""

    source: str
    """The source, path or URL being read."""
    read: int
    """Items read from it so far."""
    total: int | None = None
    """Items it lists, when known (feeds, sitemaps)."""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    chunks_embedded: int = 0


IngestProgressCallback = Callable[[IngestProgress], None]
"""Hears where an ingest run is (called from the thread that runs it)."""


class FailedSource(BaseModel):
    source: str
    reason: str


class SourceReport(BaseModel):
    """How one named source went in an ingest run."""

    name: str
    listed: int = Field(0, description="Articles (or failures) the source yielded.")
    failed: int = 0
    complete: bool = Field(False, description="Listed in full without errors (only then may --prune remove).")
    pruned: int = Field(0, description="Articles removed because the source no longer lists them.")


class IngestSummary(BaseModel):
    articles_added: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_duplicate: int = Field(0, description="Copies of a stored article's text: only their place is recorded.")
    articles_removed: int = Field(0, description="Articles deleted (pruned, or replaced by a copy of another).")
    chunks_embedded: int = 0
    failed: list[FailedSource] = Field(default_factory=list)
    sources: list[SourceReport] = Field(default_factory=list, description="One report per named source read.")
    notes: list[str] = Field(default_factory=list, description="Repairs made and prunes skipped, in words.")
    run_id: int = Field(0, description="The run's number in the catalog (0: not recorded as a run); watches read "
                        "the articles each run added or changed.")
