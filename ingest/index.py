"""Keeping the vector index in step with the catalog: writing chunks, the start-up health check, reindex.

The catalog is the source of truth. Every writer records its intent there before touching the index
(article rows with ``indexed = 0``, chunk ids to delete in ``stale_chunks``), so after a crash the next writer
can finish the job from the catalog alone: :func:`ensure_index` deletes the stale chunks, re-embeds the
articles not marked indexed, and compares the index with the catalog (an index Chroma cannot open or query
is rebuilt from the stored articles). Chunk ids and embeddings are deterministic, so the result equals an
uninterrupted run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from gazette.catalog import Catalog
from gazette.chunking import chunk_article
from gazette.embeddings import Embedder
from gazette.errors import StoreError
from gazette.models import Article, Chunk
from gazette.store import Archive

log = logging.getLogger(__name__)

DELETE_BATCH = 5000

ReindexProgress = Callable[[int, int], None]
"""Called as (articles done, articles in all)."""
"""Called with (articles done, articles to do)."""


def apply_stale(archive: Archive) -> int:
    """Delete the chunks the catalog lists as stale from the index, then forget them."""
    stale = archive.catalog.stale_chunk_ids()
    for i in range(0, len(stale), DELETE_BATCH):
        part = stale[i:i + DELETE_BATCH]
        archive.delete_chunks(part)
        archive.catalog.discard_stale(part)
    return len(stale)


def write_chunks(archive: Archive, embedder: Embedder, batch: Sequence[tuple[str, list[Chunk]]]) -> int:
    """Embed and upsert the chunks of articles already written (not indexed) to the catalog; mark them indexed."""
    apply_stale(archive)
    chunks = [c for _, cs in batch for c in cs]
    if chunks:
        vectors = embedder.embed_documents([c.embedding_text() for c in chunks])
        archive.upsert(chunks, np.asarray(vectors))
    if batch:
        with archive.catalog.transaction():
            for doc_id, cs in batch:
                archive.catalog.mark_indexed(doc_id, [c.chunk_id for c in cs])
    return len(chunks)


def finish_unindexed(
    archive: Archive, embedder: Embedder, max_tokens: int, batch_chunks: int = 256, progress: ReindexProgress | None = None
) -> tuple[int, int]:
    """Re-chunk and embed every article not marked indexed. Returns (articles, chunks embedded)."""
    catalog = archive.catalog
    apply_stale(archive)
    total = catalog.unindexed_count()
    done = embedded = 0
    batch: list[tuple[str, list[Chunk]]] = []
    for article, recorded in _unindexed(catalog):
        chunks = chunk_article(article, max_tokens, embedder.count_tokens)
        ids = [c.chunk_id for c in chunks]
        with catalog.transaction():
            # Chunks recorded for this article but no longer produced (another window size) must go.
            catalog.add_stale(sorted(set(recorded) - set(ids)))
            catalog.discard_stale(ids)
        batch.append((article.doc_id, chunks))
        if sum(len(cs) for _, cs in batch) >= batch_chunks:
            embedded += write_chunks(archive, embedder, batch)
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    embedded += write_chunks(archive, embedder, batch)
    done += len(batch)
    if progress:
        progress(done, total)
    return done, embedded


def _unindexed(catalog: Catalog) -> Iterator[tuple[Article, list[str]]]:
    """All unindexed articles, a page at a time (the whole archive during a reindex)."""
    after = ""
    while True:
        page = catalog.unindexed(after)
        if not page:
            return
        yield from page
        after = page[-1][0].doc_id


def index_usable(archive: Archive) -> bool:
    """Can the index be counted, read and queried? (A kill during Chroma's start-up can break it.)"""
    try:
        count = archive.collection.count()
        if count:
            archive.collection.get(limit=1, include=["embeddings", "documents", "metadatas"])
            probe = np.full(archive.dimensions or 1, 1.0, dtype=np.float32)
            archive.collection.query(query_embeddings=[probe / np.linalg.norm(probe)], n_results=1)
    except Exception as exc:  # Chroma raises many types for a damaged index
        log.warning("the vector index at %s is not usable: %s", archive.path, exc)
        return False
    return True


@dataclass
class IndexCheck:
    """What the start-up health check found and did."""

    rebuilt: bool = False
    articles_reindexed: int = 0
    chunks_embedded: int = 0
    orphans_removed: int = 0
    notes: list[str] = field(default_factory=list)


def ensure_index(
    archive: Archive, embedder: Embedder, max_tokens: int, batch_chunks: int = 256, progress: ReindexProgress | None = None
) -> IndexCheck:
    """The writer's health check: finish interrupted writes and make the index match the catalog."""
    catalog = archive.catalog
    check = IndexCheck()
    usable = archive.index_reset or index_usable(archive)
    if not usable and archive.server is not None:
        # A server that fails now is most likely down or overloaded, not damaged: never drop its collection here.
        raise StoreError(
            f"the Chroma server at {archive.server.url} cannot serve collection {archive.collection_name!r} "
            "now; check the server, then retry (`gazette reindex` rebuilds the collection from the catalog)"
        )
    if archive.index_reset or not usable:
        with catalog.transaction():
            catalog.mark_unindexed()
            catalog.discard_stale(catalog.stale_chunk_ids())
        if not archive.index_reset:
            archive.reset_index()
        check.rebuilt = True
        check.notes.append("the vector index could not be used and was rebuilt from the catalog")
    articles, chunks = finish_unindexed(archive, embedder, max_tokens, batch_chunks, progress)
    expected = catalog.indexed_chunk_ids()
    if archive.collection.count() != len(expected):
        present = archive.all_chunk_ids()
        orphans = sorted(present - expected.keys())
        missing = sorted({expected[c] for c in expected.keys() - present})
        with catalog.transaction():
            catalog.add_stale(orphans)
            catalog.mark_unindexed(missing)
        more_articles, more_chunks = finish_unindexed(archive, embedder, max_tokens, batch_chunks, progress)
        articles, chunks = articles + more_articles, chunks + more_chunks
        check.orphans_removed = len(orphans)
        if orphans:
            check.notes.append(f"removed {len(orphans)} chunks of no article from the vector index")
    synced = archive.sync_keywords()
    if synced:
        check.notes.append(f"brought {synced} chunks of the keyword index in step with the vector index")
    check.articles_reindexed, check.chunks_embedded = articles, chunks
    if articles and not check.rebuilt:
        check.notes.append(f"finished indexing {articles} articles left over by an interrupted run")
    if articles or check.orphans_removed:
        log.info("index check: %s", "; ".join(check.notes))
    return check


def reindex(
    archive: Archive, embedder: Embedder, max_tokens: int, batch_chunks: int = 256, progress: ReindexProgress | None = None
) -> tuple[int, int]:
    """Drop the vector index and embed every stored article again (nothing is fetched)."""
    with archive.catalog.transaction():
        archive.catalog.mark_unindexed()
        archive.catalog.discard_stale(archive.catalog.stale_chunk_ids())
    archive.reset_index()
    return finish_unindexed(archive, embedder, max_tokens, batch_chunks, progress)
