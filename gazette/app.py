"""The application layer: what every front end (the CLI, the Discord bot) does with a store, written once.

- :meth:`App.open_reader`: a store opened to answer (no lock), with its retriever and answerer;
- :meth:`App.open_writer`: a store opened to write (its lock held until closed); server settings included;
- :meth:`App.ingest`: an ingest job (files, URLs, named sources) in a writer, with a progress callback;
- :meth:`App.source_rows`, :meth:`App.select_sources`: the named sources and their state;
- :meth:`Reader.counts`: the archive's size; :func:`parse_filters`: date and outlet filters from text;
- :meth:`Reader.timeline`: a story's dated developments; :meth:`Reader.whats_new`: "anything new?" in a
  conversation, answered from what was published after its last answer. "Sources differ" notes come with every
  :meth:`Reader.ask` (gazette.differ), as the settings say.
- :meth:`App.open_watches`: the store's watches (add, list, remove); :meth:`Reader.check_watches`: the digests of
  the ingest runs each watch has not processed (planned for delivery, or only shown).

The core does not import ``ingest``: the entry point that builds an :class:`App` hands it the ingest job
(``ingest.jobs.run_job``), so that the bot and the CLI run the very same one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from gazette.answering import Answerer, ask, ask_choices, clean_question
from gazette.catalog import Catalog
from gazette.dates import parse_date
from gazette.digests import Digest, Digester
from gazette.embeddings import Embedder, embedder_from_settings
from gazette.errors import StoreError, UsageError
from gazette.followups import Turn
from gazette.injection import InstructionDetector
from gazette.models import Answer, IngestProgressCallback, IngestSummary, SearchFilters, Timeline
from gazette.outlets import read_from
from gazette.providers import answerer_from_settings
from gazette.redact import Redactor, secrets_of
from gazette.retrieval import Retriever
from gazette.settings import Settings
from gazette.sources import SourceRow, SourceSpec, load_sources, select_sources
from gazette.store import (
    Archive,
    ArchiveCounts,
    StoreInfo,
    chroma_server,
    is_archive,
    open_archive,
    source_states,
)
from gazette.timeline import build_timeline, clean_topic
from gazette.watches import ANY_GUILD, Watch, WatchStore, check_outlet, check_topic
from gazette.whatsnew import LastAnswer, asks_whats_new, is_new, new_since, nothing_new, own_topic, since_cut

Status = Callable[[str], None]
"""Hears about one-time work in words (the first ONNX export)."""



class _Closing:
    archive: Archive

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


@dataclass
class Reader(_Closing):
    """A store opened to answer questions. Readers take no lock: they work while a writer writes."""

    settings: Settings
    embedder: Embedder
    archive: Archive
    retriever: Retriever
    answerer: Answerer
    _digester: Digester | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.redactor = Redactor(secrets_of(self.settings))
        self.detector = InstructionDetector(self.embedder)

    def ask(self, question: str, *, history: Sequence[Turn] = (), filters: SearchFilters | None = None,
            as_of: date | None = None) -> Answer:
        """The answer, as every front end shows it: Gazette's own secrets never in it, whatever the sources hold."""
        return self.redactor.answer(self._ask(question, history=history, filters=filters, as_of=as_of))

    def _ask(self, question: str, *, history: Sequence[Turn] = (), filters: SearchFilters | None = None,
             as_of: date | None = None) -> Answer:
        """gazette.answering.ask with the news desk's settings ("Sources differ", briefings)."""
        news = self.settings.news
        return ask(question, self.retriever, self.answerer, history=history, filters=filters, as_of=as_of,
                   max_versions=news.max_versions if news.sources_differ else 0,
                   briefing_stories=news.briefing_stories, detector=self.detector, embed=self.embedder.embed_documents)

    def whats_new(self, question: str, last: LastAnswer | None, *, filters: SearchFilters | None = None,
                  as_of: date | None = None) -> Answer | None:
        """A conversation's "anything new?", "what changed?", "any update on that?": the story it last asked about
        (or the topic the question names), answered only from articles published after ``last.as_of``; "Nothing
        new since 4 Nov 2024." when there are none. None when the question is not such a question or there is no
        dated earlier answer: the caller answers it as any other question (gazette.whatsnew). Redacted as
        :meth:`ask` is."""
        if last is None or not asks_whats_new(question):
            return None
        question = clean_question(question)
        # "Any news from Baltic Wire on the troops?": that outlet's news since, on that topic
        asked, filters, _ = read_from(question, filters, self.retriever.outlets())
        topic = own_topic(asked) or last.query
        found = self._ask(topic, filters=since_cut(filters, last.as_of), as_of=as_of)
        if found.abstained or not is_new(found, last.as_of):
            return self.redactor.answer(nothing_new(question, topic, last.as_of))
        return self.redactor.answer(new_since(question, found, last.as_of))

    def timeline(self, topic: str, *, filters: SearchFilters | None = None) -> Timeline:
        """The story's dated developments, oldest first (gazette.timeline): up to ``news.timeline_articles``
        articles on the topic, read whole, one line each, copies merged, at most ``news.timeline_lines``.
        Redacted as :meth:`ask` is."""
        topic = clean_topic(topic)
        news = self.settings.news
        hits = self.retriever.search(topic, k=news.timeline_articles, filters=filters)
        hits = self.retriever.whole_articles(hits)
        return self.redactor.timeline(build_timeline(
            topic, hits, max_lines=news.timeline_lines, since=filters.since if filters else None,
            until=filters.until if filters else None, detector=self.detector, embed=self.embedder.embed_documents))

    def ask_choices(self, question: str, choices: Sequence[str], *, history: Sequence[Turn] = (),
                    filters: SearchFilters | None = None, as_of: date | None = None) -> Answer:
        return self.redactor.answer(
            ask_choices(question, choices, self.retriever, history=history, filters=filters, as_of=as_of,
                        detector=self.detector))

    def counts(self) -> ArchiveCounts:
        return self.archive.counts()

    def check_watches(self, watches: Watches | None, *, plan: bool, only: Sequence[int] | None = None) -> list[Digest]:
        """The digest of every ingest run each watch has not processed yet (see gazette.digests): with ``plan``
        (the bot), recorded for delivery and the watches moved past those runs; without, only returned (`gazette
        watch check`: what the next digests would post). Reads only the runs' new articles; any thread may call
        it."""
        if self._digester is None:
            self._digester = Digester(self.archive.path, self.archive.keywords, self.embedder, self.settings.watch)
        digests = self._digester.check(watches.store if watches else None, plan=plan,
                                       only=set(only) if only is not None else None)
        # As every answer: Gazette's own secrets never in what a front end shows (the bot's posts are redacted
        # again at the Discord edge, from what the plan recorded).
        if not self.redactor.secrets:
            return digests
        return [type(d).model_validate(self.redactor.payload(d.model_dump())) for d in digests]


@dataclass
class Writer(_Closing):
    """A store opened to write: it holds the store's lock until closed (a second writer is refused)."""

    settings: Settings
    embedder: Embedder
    archive: Archive


@dataclass
class Watches:
    """The store's watches as every front end uses them: added (the topic and outlet checked, the server's cap
    held), listed and removed. A user's mistake is one UsageError line and nothing is stored."""

    settings: Settings
    store: WatchStore
    catalog: Path

    def add(self, topic: str, outlet: str | None = None, *, guild_id: int | None = None,
            channel_id: int | None = None, thread_id: int | None = None, added_by: int | None = None) -> Watch:
        """A new watch, from the latest ingest run on: it announces what is ingested after it."""
        topic = check_topic(topic, self.settings.watch.max_topic_chars)
        outlet_name = check_outlet(outlet)
        catalog = Catalog(self.catalog, readonly=True)
        try:
            latest = catalog.latest_run()
        finally:
            catalog.close()
        return self.store.add(topic, outlet_name, after_run=latest, cap=self.settings.watch.max_per_server,
                              guild_id=guild_id, channel_id=channel_id, thread_id=thread_id, added_by=added_by)

    def list(self, guild_id: int | None = ANY_GUILD) -> list[Watch]:
        return self.store.watches(guild_id)

    def remove(self, watch_id: int, guild_id: int | None = ANY_GUILD) -> Watch:
        return self.store.remove(watch_id, guild_id)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


@dataclass(frozen=True)
class IngestRequest:
    """What an ingest run reads: paths and URLs, and named sources."""

    locations: tuple[str, ...] = ()
    sources: tuple[SourceSpec, ...] = ()
    prune: bool = False
    """Remove what a named source no longer lists (only when it was read in full)."""


class IngestJob(Protocol):
    def __call__(self, writer: Writer, request: IngestRequest, progress: IngestProgressCallback | None) -> IngestSummary:
        ...


@dataclass
class App:
    """The application over one store, built by an entry point from its settings."""

    settings: Settings
    store: Path = field(default=Path())
    """The store folder (default: the settings' ``store.path``)."""
    sources_file: Path = field(default=Path())
    """The named sources' file (default: the settings' ``sources.file``)."""
    ingest_job: IngestJob | None = None
    """``ingest.jobs.run_job``, given by the entry point (the core does not import ingest)."""

    def __post_init__(self) -> None:
        if self.store == Path():
            self.store = self.settings.store.path
        self.store = self.store.expanduser()
        if self.sources_file == Path():
            self.sources_file = self.settings.sources.file
        self.sources_file = self.sources_file.expanduser()

    # -- stores ------------------------------------------------------------------------------------------------
    def embedder(self, status: Status | None = None) -> Embedder:
        return embedder_from_settings(self.settings.embedding, status)

    def _archive(self, *, create: bool, writer: bool, embedder: Embedder | None) -> Archive:
        return open_archive(
            self.store, create=create, writer=writer, collection=self.settings.store.collection,
            embedding_model=embedder.name if embedder else "", dimensions=embedder.dimensions if embedder else 0,
            server=chroma_server(self.settings.store),
        )

    def open_reader(self, *, embedder: Embedder | None = None, chat_model: Any = None,
                    status: Status | None = None) -> Reader:
        """The store opened to answer: retriever and answerer as the settings say (``chat_model`` overrides the
        provider, for tests and callers)."""
        embedder = embedder or self.embedder(status)
        archive = self._archive(create=False, writer=False, embedder=embedder)
        try:
            retriever = Retriever.from_settings(archive, embedder, self.settings.retrieval)
            answerer = answerer_from_settings(self.settings, embedder, chat_model)
        except BaseException:
            archive.close()
            raise
        return Reader(self.settings, embedder, archive, retriever, answerer)

    def open_writer(self, *, create: bool = False, embedder: Embedder | None = None,
                    status: Status | None = None) -> Writer:
        """The store opened to write (``create``: a missing or empty folder becomes a new store)."""
        embedder = embedder or self.embedder(status)
        return Writer(self.settings, embedder, self._archive(create=create, writer=True, embedder=embedder))

    def info(self) -> StoreInfo:
        """The store's counts and model, opened as a reader with no model loaded (a health check)."""
        archive = self._archive(create=False, writer=False, embedder=None)
        try:
            return archive.info()
        finally:
            archive.close()

    # -- ingest ------------------------------------------------------------------------------------------------
    def ingest(self, request: IngestRequest, progress: IngestProgressCallback | None = None, *,
               embedder: Embedder | None = None, create: bool = True, status: Status | None = None) -> IngestSummary:
        """One ingest run in a writer of its own, closed at the end (the lock refuses a second writer)."""
        if self.ingest_job is None:
            raise RuntimeError("this App was built without an ingest job (the entry point passes ingest.jobs.run_job)")
        writer = self.open_writer(create=create, embedder=embedder, status=status)
        try:
            return self.ingest_job(writer, request, progress)
        finally:
            writer.close()

    # -- watches -----------------------------------------------------------------------------------------------
    def open_watches(self, *, readonly: bool = False) -> Watches | None:
        """The watches of the store (kept in its folder, beside the catalog); read-only, None when none was ever
        added. StoreError when the folder holds no store."""
        if not is_archive(self.store):
            raise StoreError(f"no Gazette store at {self.store}; run `gazette ingest --store {self.store} PATH...` "
                             "first")
        store = WatchStore.open(self.store, readonly=readonly)
        return Watches(self.settings, store, self.store / "articles.sqlite") if store else None

    # -- named sources ------------------------------------------------------------------------------------------
    def load_sources(self) -> dict[str, SourceSpec]:
        return load_sources(self.sources_file)

    def select_sources(self, names: Sequence[str], everything: bool) -> list[SourceSpec]:
        """The sources named (in order), or all; UsageError for an unknown name or a file with none."""
        chosen = select_sources(self.load_sources(), list(names), everything, self.sources_file)
        if not chosen:
            raise UsageError(f"{self.sources_file} defines no sources")
        return chosen

    def source_rows(self) -> list[SourceRow]:
        """Each named source with its kind, article count, last run and last error. Reads the catalog through a
        connection of its own, so any thread may call it while a writer works."""
        states = source_states(self.store)
        rows = []
        for spec in self.load_sources().values():
            state = states.get(spec.name)
            rows.append(SourceRow(
                name=spec.name, kind=spec.kind, location=spec.location, outlet=spec.outlet,
                articles=state.articles if state else 0, last_ingested=state.last_run if state else None,
                last_error=state.last_error if state else None,
            ))
        return rows


def parse_filters(since: str | None = None, until: str | None = None, outlets: Sequence[str] = (), *,
                  labels: tuple[str, str] = ("since", "until")) -> SearchFilters | None:
    """Date and outlet filters from what a user typed; None when there are none. ``labels`` name the two date
    fields in errors as the front end shows them ("--since", "since:"). UsageError (one line) for a date that
    cannot be read or a range that ends before it starts."""

    def day(value: str | None, label: str) -> date | None:
        if value is None or not value.strip():
            return None
        try:
            return parse_date(value.strip())
        except ValueError:
            raise UsageError(f"{label}: not a date: {value.strip()!r} (use YYYY-MM-DD, e.g. 2024-11-01)") from None

    start, end = day(since, labels[0]), day(until, labels[1])
    if start and end and start > end:
        raise UsageError(f"{labels[0]} is after {labels[1]}")
    filters = SearchFilters(since=start, until=end, outlets=tuple(o.strip() for o in outlets if o and o.strip()))
    return None if filters.is_empty() else filters
