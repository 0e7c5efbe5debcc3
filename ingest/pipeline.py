"""Articles -> chunks -> embeddings -> archive, idempotently.

An article whose fingerprint matches the catalog is left alone (nothing embedded). A new or changed article is
chunked and embedded; its chunks are upserted, the chunks it no longer has are deleted, and only then is its
catalog row written. A run cut short therefore redoes at most the articles of its last batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from gazette.chunking import chunk_article
from gazette.embeddings import Embedder
from gazette.models import Article, Chunk, FailedSource, IngestSummary
from gazette.store import Archive

log = logging.getLogger(__name__)

Progress = Callable[[int, IngestSummary], None]
"""Called after each article with the number of articles seen so far and the running summary."""


@dataclass
class _Pending:
    article: Article
    chunks: list[Chunk]
    old_chunk_ids: list[str]
    is_new: bool


@dataclass
class Ingestor:
    archive: Archive
    embedder: Embedder
    max_tokens: int = 250
    batch_chunks: int = 256
    summary: IngestSummary = field(default_factory=IngestSummary)
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _seen: dict[str, str] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        previous = self._seen.get(article.doc_id)
        if previous == article.fingerprint:
            self.summary.articles_unchanged += 1
            return
        self._seen[article.doc_id] = article.fingerprint
        entry = self.archive.catalog.entry(article.doc_id)
        if previous is None and entry is not None and entry.fingerprint == article.fingerprint:
            self.summary.articles_unchanged += 1
            return
        chunks = chunk_article(article, self.max_tokens, self.embedder.count_tokens)
        if not chunks:
            self.summary.failed.append(FailedSource(source=article.source or article.doc_id, reason="article has no text"))
            return
        # A doc_id met twice in one run: the later copy replaces the earlier, still pending, one.
        self._pending.pop(article.doc_id, None)
        self._pending[article.doc_id] = _Pending(
            article, chunks, entry.chunk_ids if entry else [], is_new=entry is None
        )
        if sum(len(p.chunks) for p in self._pending.values()) >= self.batch_chunks:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        pending = list(self._pending.values())
        self._pending.clear()
        chunks = [c for p in pending for c in p.chunks]
        vectors = self.embedder.embed_documents([c.embedding_text() for c in chunks])
        self.archive.upsert(chunks, np.asarray(vectors))
        for p in pending:
            new_ids = {c.chunk_id for c in p.chunks}
            self.archive.delete_chunks([cid for cid in p.old_chunk_ids if cid not in new_ids])
            self.archive.catalog.put(p.article, [c.chunk_id for c in p.chunks])
            if p.is_new:
                self.summary.articles_added += 1
            else:
                self.summary.articles_updated += 1
        self.summary.chunks_embedded += len(chunks)

    def fail(self, failure: FailedSource) -> None:
        self.summary.failed.append(failure)


def ingest_items(
    archive: Archive,
    embedder: Embedder,
    items: Iterable[Article | FailedSource],
    *,
    max_tokens: int = 250,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest articles (failures are only recorded) and return the counts."""
    ingestor = Ingestor(archive, embedder, max_tokens=max_tokens)
    seen = 0
    for item in items:
        if isinstance(item, FailedSource):
            ingestor.fail(item)
        else:
            ingestor.add(item)
        seen += 1
        if progress:
            progress(seen, ingestor.summary)
    ingestor.flush()
    if progress:
        progress(seen, ingestor.summary)
    return ingestor.summary
