"""Finding the chunks that answer a question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gazette.catalog import date_to_int
from gazette.embeddings import Embedder
from gazette.models import RetrievedChunk, SearchFilters
from gazette.store import Archive


def where_clause(filters: SearchFilters | None) -> dict[str, Any] | None:
    """Chroma metadata filter for ``filters`` (dates are YYYYMMDD integers; outlets matched case-folded)."""
    if filters is None or filters.is_empty():
        return None
    parts: list[dict[str, Any]] = []
    if filters.since:
        parts.append({"published": {"$gte": date_to_int(filters.since)}})
    if filters.until:
        parts.append({"published": {"$lte": date_to_int(filters.until)}})
    if filters.outlets:
        parts.append({"outlet_key": {"$in": [o.casefold() for o in filters.outlets]}})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def passes(hit: RetrievedChunk, filters: SearchFilters | None) -> bool:
    """The same test as :func:`where_clause`, in Python (pure)."""
    if filters is None or filters.is_empty():
        return True
    c = hit.chunk
    if filters.since and (c.published is None or c.published < filters.since):
        return False
    if filters.until and (c.published is None or c.published > filters.until):
        return False
    return not filters.outlets or c.outlet.casefold() in {o.casefold() for o in filters.outlets}


@dataclass
class Retriever:
    """Dense retrieval over the archive's Chroma index, at most two chunks per article.

    Filters are applied to an unfiltered candidate list first (Chroma's ``where`` is many times slower than a
    plain query on a large index); only when too few candidates pass is the filtered query run.
    """

    archive: Archive
    embedder: Embedder
    k: int = 6
    candidates: int = 30

    def search(self, query: str, k: int | None = None, filters: SearchFilters | None = None) -> list[RetrievedChunk]:
        k = k or self.k
        vector = self.embedder.embed_query(query)
        hits = self.archive.search(vector, max(self.candidates, k))
        kept = [h for h in hits if passes(h, filters)]
        if len(kept) < k and where_clause(filters) is not None:
            kept = self.archive.search(vector, max(self.candidates, k), where=where_clause(filters))
        return diversify(kept, k)


def diversify(hits: list[RetrievedChunk], k: int, per_article: int = 2) -> list[RetrievedChunk]:
    """Keep the best ``k`` hits with at most ``per_article`` chunks from any one article (pure)."""
    out: list[RetrievedChunk] = []
    taken: dict[str, int] = {}
    for hit in sorted(hits, key=lambda h: h.score, reverse=True):
        if taken.get(hit.chunk.doc_id, 0) >= per_article:
            continue
        taken[hit.chunk.doc_id] = taken.get(hit.chunk.doc_id, 0) + 1
        out.append(hit)
        if len(out) == k:
            break
    return out
