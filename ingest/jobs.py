"""An ingest run: the health check, then each target (named source, path or URL), pruning, source state.

:func:`run_job` is the ingest job of the application layer (gazette.app.App.ingest): the CLI and the bot's
/reingest both run it, in a writer the application opened.

Nothing that one source contains can end a run: each reader turns a bad document into that document's failed
entry, and should a reader still stop on something unforeseen, the rest of that target becomes one failed
entry (and the named source's ``last_error``) and the run goes on with the next target. Only trouble with the
store itself (a full disk, a damaged file) ends a run, as one StoreError line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gazette.app import IngestRequest, Writer
from gazette.embeddings import Embedder
from gazette.models import (
    Article,
    FailedSource,
    IngestProgress,
    IngestProgressCallback,
    IngestSummary,
    SourceReport,
)
from gazette.redact import Redactor, secrets_of
from gazette.sources import SourceSpec
from gazette.store import Archive
from ingest.fetch import Fetcher
from ingest.files import iter_path
from ingest.index import ensure_index
from ingest.limits import DEFAULT_LIMITS, Limits
from ingest.pipeline import Ingestor
from ingest.web import Harvest, Options, iter_url

log = logging.getLogger(__name__)

Item = Article | FailedSource



@dataclass(frozen=True)
class Target:
    """One thing to ingest: a named source, or a plain path or URL given on the command line."""

    spec: SourceSpec | None = None
    location: str = ""

    @property
    def label(self) -> str:
        return self.spec.name if self.spec else self.location


def is_url(text: str) -> bool:
    return "://" in text


def targets_for(locations: Iterable[str], specs: Iterable[SourceSpec]) -> list[Target]:
    return [Target(spec=s) for s in specs] + [Target(location=loc) for loc in locations]


class _LazyFetcher:
    def __init__(self, factory: Callable[[], Fetcher]) -> None:
        self._factory = factory
        self._fetcher: Fetcher | None = None

    def get(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = self._factory()
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def _limited_files(items: Iterable[Item], spec: SourceSpec, harvest: Harvest) -> Iterator[Item]:
    """max_articles, since and the outlet default for file and folder sources."""
    taken = 0
    for item in items:
        if isinstance(item, Article):
            if spec.since and item.published and item.published < spec.since:
                harvest.truncated = True
                continue
            if spec.max_articles is not None and taken >= spec.max_articles:
                harvest.truncated = True
                return
            taken += 1
            if spec.outlet and not item.outlet:
                item = item.model_copy(update={"outlet": spec.outlet})
        yield item


def _items(target: Target, fetcher: _LazyFetcher, harvest: Harvest, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    spec = target.spec
    if spec is None:
        if is_url(target.location):
            yield from iter_url(fetcher.get(), target.location, Options(), harvest)
        else:
            yield from iter_path(Path(target.location).expanduser(), limits)
        return
    if spec.kind in ("file", "folder"):
        assert spec.path is not None
        yield from _limited_files(iter_path(spec.path.expanduser(), limits), spec, harvest)
        return
    assert spec.url is not None
    options = Options(outlet=spec.outlet, max_articles=spec.max_articles, since=spec.since,
                      fetch_pages=spec.fetch_pages)
    yield from iter_url(fetcher.get(), spec.url, options, harvest, kind="url" if spec.kind == "url" else spec.kind)


def guarded(items: Iterator[Item], where: str) -> Iterator[Item]:
    """The items of one target; should reading stop on an exception, the rest is one failed entry for ``where``.

    Readers turn every bad document into its own failed entry; this is the net under them, so that a parser's
    unforeseen error (RecursionError, a library's own exception) costs one source, never the run.
    """
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - one source's content must never end a run
        log.warning("%s: reading stopped: %s: %s", where, type(exc).__name__, exc,
                    exc_info=log.isEnabledFor(logging.DEBUG))
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        yield FailedSource(source=where, reason=f"reading stopped: {type(exc).__name__}{': ' + first if first else ''}")


def _error_line(failures: list[FailedSource]) -> str | None:
    if not failures:
        return None
    first = failures[0]
    more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
    return f"{first.source}: {first.reason}{more}"


def run_job(writer: Writer, request: IngestRequest, progress: IngestProgressCallback | None = None) -> IngestSummary:
    """Ingest what ``request`` names into the store ``writer`` holds, with its settings (fetching, chunk size,
    batches)."""
    settings = writer.settings
    return ingest_targets(
        writer.archive, writer.embedder, targets_for(request.locations, request.sources),
        fetcher_factory=lambda: Fetcher.from_settings(settings.fetch), max_tokens=settings.embedding.max_tokens,
        batch_chunks=settings.ingest.batch_chunks, prune=request.prune, progress=progress,
        limits=Limits.from_settings(settings.ingest), redactor=Redactor(secrets_of(settings)),
    )


def _progress(label: str, read: int, total: int | None, s: IngestSummary) -> IngestProgress:
    return IngestProgress(source=label, read=read, total=total, added=s.articles_added, updated=s.articles_updated,
                          unchanged=s.articles_unchanged, failed=len(s.failed), chunks_embedded=s.chunks_embedded)


def ingest_targets(
    archive: Archive,
    embedder: Embedder,
    targets: Iterable[Target],
    *,
    fetcher_factory: Callable[[], Fetcher],
    max_tokens: int = 250,
    batch_chunks: int = 256,
    prune: bool = False,
    progress: IngestProgressCallback | None = None,
    limits: Limits = DEFAULT_LIMITS,
    redactor: Redactor | None = None,
) -> IngestSummary:
    """Ingest every target into an archive opened as a writer; returns the summary."""
    summary = IngestSummary()
    check = ensure_index(archive, embedder, max_tokens, batch_chunks)
    summary.notes.extend(check.notes)
    # Numbered after the health check: a run a crash cut short is closed (and announced) once its articles are
    # indexed. Every article this run adds or changes is recorded under the number; watches read them.
    summary.run_id = archive.catalog.begin_run()
    ingestor = Ingestor(archive, embedder, max_tokens=max_tokens, batch_chunks=batch_chunks, summary=summary,
                        max_article_chars=limits.max_article_chars, redactor=redactor, run_id=summary.run_id)
    fetcher = _LazyFetcher(fetcher_factory)
    finished = False
    try:
        for target in targets:
            ingestor.source = target.spec.name if target.spec else ""
            harvest = Harvest()
            report = SourceReport(name=target.label)
            failures: list[FailedSource] = []
            if progress:
                progress(_progress(target.label, 0, None, summary))
            where = target.spec.location if target.spec else target.location
            for item in guarded(_items(target, fetcher, harvest, limits), where):
                report.listed += 1
                failed = ingestor.take(item)
                if failed is not None:
                    failures.append(failed)
                if progress:
                    progress(_progress(target.label, report.listed, harvest.listed or None, summary))
            ingestor.flush()
            if target.spec is None:
                continue
            report.failed = len(failures)
            report.complete = not failures and not harvest.truncated
            summary.notes.extend(f"{target.label}: {note}" for note in harvest.notes)
            if prune and report.complete:
                report.pruned = ingestor.prune(target.spec.name)
            elif prune:
                why = f"{len(failures)} failed" if failures else "the listing was limited (max_articles, since)"
                summary.notes.append(f"{target.label}: not pruned, the source was not read in full ({why})")
            archive.catalog.record_source_run(target.spec.name, _error_line(failures))
            summary.sources.append(report)
        finished = True
    finally:
        fetcher.close()
        # Closed even when a store error ended the run: what it wrote is announced. Should closing fail while
        # that error is on its way out, the error is the one reported (the next run closes this one).
        try:
            archive.catalog.finish_run(summary.run_id)
        except Exception:
            if finished:
                raise
            log.warning("could not close ingest run %s; the next run closes it", summary.run_id, exc_info=True)
    return summary
