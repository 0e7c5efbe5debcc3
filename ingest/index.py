"""Keeping the vector index in step with the catalog: writing chunks, the start-up health check, reindex.

The catalog is the source of truth. Every writer records its intent there before touching the index
(article rows with ``indexed = 0``, chunk ids to delete in ``stale_chunks``), so after a crash the next writer
can finish the job from the catalog alone: :func:`ensure_index` deletes the stale chunks, re-embeds the
articles not marked indexed, and compares the index with the catalog (an index Chroma cannot open or query
is rebuilt from the stored articles). Chunk ids and embeddings are deterministic, so the result equals an
uninterrupted run.

Every deletion a writer makes goes through the catalog's list of stale chunks. So the whole set of chunks of an
article the catalog does not know at all, as Gazette writes them, is no leftover to delete: the catalog lost
that article (emptied with ``: > articles.sqlite``, rows deleted, a damaged file moved aside). Such articles are
rebuilt from their chunks (:func:`recover_lost_articles`; the chunks overlap by a sentence, so the text comes
back, white space aside), never pruned; the health check and ``reindex`` both do this before anything else.
When the catalog holds no article at all, every chunk in the index counts as lost. Anything else unknown
(a chunk Gazette did not write, part of an article) is removed as before, with a note.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
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


def merged_text(pieces: Sequence[str]) -> str:
    """The text the chunks ``pieces`` (in order) were cut from: each overlaps the next by a sentence (pure).

    Where no overlap is found, the pieces are joined with a space.
    """
    import re

    text = pieces[0] if pieces else ""
    for nxt in pieces[1:]:
        cut = 0
        # The longest start of ``nxt`` (ending where a word ends) that ``text`` ends with.
        for end in sorted((m.start() for m in re.finditer(r"\s", nxt)), reverse=True):
            if end <= len(text) and text.endswith(nxt[:end]):
                cut = end
                break
        if not cut and text.endswith(nxt):
            continue
        text = text + nxt[cut:] if cut else f"{text} {nxt}"
    return text


def article_from_chunks(chunks: Iterable[Chunk]) -> Article:
    """An article rebuilt from its chunks, as the index holds them (pure). Byline and source are not in the index."""
    ordered = sorted(chunks, key=lambda c: c.index)
    first = ordered[0]
    return Article(doc_id=first.doc_id, title=first.title, text=merged_text([c.text for c in ordered]),
                   outlet=first.outlet, url=first.url, published=first.published, language=first.language)


def whole_article(chunks: Sequence[Chunk]) -> bool:
    """Whether chunks are all of one article: indices 0..n-1, one doc id, headline, URL, outlet and date (pure)."""
    if not chunks:
        return False
    first = chunks[0]
    same = all((c.doc_id, c.title, c.url, c.outlet, c.published) == (first.doc_id, first.title, first.url,
                                                                       first.outlet, first.published) for c in chunks)
    return same and sorted(c.index for c in chunks) == list(range(len(chunks)))


def recover_lost_articles(archive: Archive, from_keywords: bool = False, page: int = 5000) -> int:
    """Rebuild the catalog rows of articles whose chunks the index holds but the catalog has lost; their count.

    The chunks come from the vector index (rows written as indexed: nothing to embed), or, with
    ``from_keywords`` (the vector index cannot be used), from the keyword index (rows written not indexed, so
    that they are embedded again). Chunks listed as stale are deletions in progress, not losses. An article is
    rebuilt when its chunks are whole and Gazette's, or whatever they are when the catalog holds no article.
    """
    catalog = archive.catalog
    present = archive.keywords.chunk_ids() if from_keywords else archive.all_chunk_ids()
    lost = sorted(present - catalog.recorded_chunk_ids() - set(catalog.stale_chunk_ids()))
    if not lost:
        return 0
    emptied = catalog.count() == 0
    by_doc: dict[str, list[tuple[Chunk, bool]]] = {}
    for i in range(0, len(lost), page):
        ids = lost[i:i + page]
        pairs = ([(c, True) for c in archive.keywords.chunks(ids).values()] if from_keywords
                 else archive.index_chunks(ids))
        for c, ours in pairs:
            by_doc.setdefault(c.doc_id, []).append((c, ours))
    recovered = 0
    with catalog.transaction():
        for doc_id in sorted(by_doc):
            if catalog.entry(doc_id) is not None:
                continue  # chunks of a known article that it no longer lists: leftovers, removed as orphans
            chunks = sorted((c for c, _ in by_doc[doc_id]), key=lambda c: c.index)
            if not emptied and not (all(ours for _, ours in by_doc[doc_id]) and whole_article(chunks)):
                continue  # not an article Gazette wrote: removed as chunks of no article
            catalog.put(article_from_chunks(chunks), [c.chunk_id for c in chunks], indexed=not from_keywords)
            recovered += 1
    if recovered:
        log.warning("the catalog of %s had lost %d articles that the index holds; rebuilt them from their chunks",
                    archive.path, recovered)
    return recovered


def _lost_note(count: int) -> str:
    return (f"the catalog had lost {count} articles that the index still held: they were rebuilt from their chunks, "
            "not removed (bylines and the sources they came from are not kept in the index: ingest the sources "
            "again to restore them)")


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
    check.notes.extend(archive.repairs)
    usable = archive.index_reset or index_usable(archive)
    if not usable and archive.server is not None:
        # A server that fails now is most likely down or overloaded, not damaged: never drop its collection here.
        raise StoreError(
            f"the Chroma server at {archive.server.url} cannot serve collection {archive.collection_name!r} "
            "now; check the server, then retry (`gazette reindex` rebuilds the collection from the catalog)"
        )
    # Articles the catalog lost are rebuilt from the index before it is compared with the catalog: else their
    # chunks would be removed as "chunks of no article", and every answer with them.
    if archive.index_reset or not usable:
        lost = recover_lost_articles(archive, from_keywords=True)
    else:
        apply_stale(archive)
        lost = recover_lost_articles(archive)
    if lost:
        check.notes.append(_lost_note(lost))
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
    """Drop the vector index and embed every stored article again (nothing is fetched).

    Articles the catalog has lost are first rebuilt from the index (see :func:`recover_lost_articles`), so that a
    reindex of an emptied catalog does not drop them with the index.
    """
    if index_usable(archive):
        apply_stale(archive)
        recover_lost_articles(archive)
    else:
        recover_lost_articles(archive, from_keywords=True)
    with archive.catalog.transaction():
        archive.catalog.mark_unindexed()
        archive.catalog.discard_stale(archive.catalog.stale_chunk_ids())
    archive.reset_index()
    return finish_unindexed(archive, embedder, max_tokens, batch_chunks, progress)
