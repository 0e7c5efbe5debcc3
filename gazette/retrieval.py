"""Finding the chunks that answer a question."""

from __future__ import annotations

from dataclasses import dataclass

from gazette.embeddings import Embedder
from gazette.models import RetrievedChunk
from gazette.store import Archive


@dataclass
class Retriever:
    """Dense retrieval over the archive's Chroma index; at most one chunk per article ranks twice in a row."""

    archive: Archive
    embedder: Embedder
    k: int = 6
    candidates: int = 30

    def search(self, query: str, k: int | None = None) -> list[RetrievedChunk]:
        k = k or self.k
        hits = self.archive.search(self.embedder.embed_query(query), max(self.candidates, k))
        return diversify(hits, k)


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
