"""Finding the chunks that answer a question: dense + keyword (BM25) retrieval, fused, time-aware.

1. Dense: the question's embedding against Chroma (cosine). Keyword: BM25 over the same chunks (SQLite FTS5).
2. Fusion: reciprocal rank fusion (Cormack et al. 2009), score = sum of 1 / (60 + rank) over both lists, then
   re-scored by the share of the query's terms each chunk holds and by the fortnight before the reference date.
3. Time: a date range (from --since/--until or from the question's own words, see gazette.timescope) filters
   both lists; a recency preference ("latest") down-weights older articles.
4. Diversity: the chunks of one article collapse to the best one; its neighbours come along as context.

Filters: Chroma's ``where`` is many times slower than a plain query on a large index, so a narrow filter (up to
FILTER_IDS_MAX chunks pass) is served by scoring exactly the chunks that pass, from the float16 copy of their
vectors that the keyword index keeps beside its indexed date and outlet columns. A broader filter filters an
unfiltered candidate list, widened when too few pass, and only then falls back to ``where``. The keyword index
filters in SQL, which stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np

from gazette.catalog import date_to_int
from gazette.embeddings import Embedder
from gazette.models import Chunk, RetrievedChunk, SearchFilters
from gazette.newsdates import in_period, text_dates
from gazette.recency import Recency, RecencyPolicy, decay
from gazette.settings import RetrievalSettings
from gazette.store import Archive
from gazette.text import TermFinder, coverage, term_set
from gazette.timescope import TimeScope

Mode = Literal["hybrid", "dense", "keyword"]
RRF_K = 60
FILTER_IDS_MAX = 20_000  # above this many chunks passing a filter, the ids path gives way to...
WIDEN = 10  # ...an unfiltered query this many times wider, and only then to Chroma's own ``where`` filter


def where_clause(filters: SearchFilters | None) -> dict[str, Any] | None:
    """Chroma metadata filter for ``filters`` (dates are YYYYMMDD integers; outlets matched case-folded)."""
    if filters is None or filters.is_empty():
        return None
    parts: list[dict[str, Any]] = []
    if filters.since:
        parts.append({"published": {"$gte": date_to_int(filters.since)}})
    if filters.until:
        parts.append({"published": {"$lte": date_to_int(filters.until)}})
        parts.append({"published": {"$gt": 0}})
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


def rrf(
    rankings: Sequence[Sequence[RetrievedChunk]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[RetrievedChunk]:
    """Reciprocal rank fusion of several ranked lists (pure): score = sum of weight / (k + rank); the fused score
    replaces the originals."""
    scores: dict[str, float] = {}
    chunks: dict[str, RetrievedChunk] = {}
    for i, ranking in enumerate(rankings):
        weight = weights[i] if weights else 1.0
        for rank, hit in enumerate(ranking, start=1):
            cid = hit.chunk.chunk_id
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
            chunks.setdefault(cid, hit)
    order = sorted(scores, key=lambda c: scores[c], reverse=True)
    return [chunks[c].model_copy(update={"score": scores[c]}) for c in order]


def rerank(
    hits: Sequence[RetrievedChunk], query: str, recency: Recency | None, coverage_weight: float
) -> list[RetrievedChunk]:
    """The fused hits re-scored (pure): times ``1 - coverage_weight + coverage_weight * c``, where c is the share of
    the query's terms in the chunk and its headline, and times the older weight for an article over a fortnight
    older than the question's reference date (``recency``). Fusion only knows ranks; this brings back what each
    chunk says."""
    q_terms = term_set(query)
    finder = TermFinder(q_terms)
    in_title: dict[str, set[str]] = {}  # the chunks of one article share it
    out = []
    for h in hits:
        score = h.score
        if coverage_weight and q_terms:
            title = in_title.get(h.chunk.title)
            if title is None:
                title = in_title[h.chunk.title] = finder.found(h.chunk.title)
            score *= 1.0 - coverage_weight + coverage_weight * coverage(q_terms, title | finder.found(h.chunk.text))
        if recency is not None:
            score *= recency.step(h.chunk.published)
        out.append(h.model_copy(update={"score": score}))
    return sorted(out, key=lambda h: h.score, reverse=True)


def with_newer(hits: Sequence[RetrievedChunk], newer: Sequence[RetrievedChunk], n: int) -> list[RetrievedChunk]:
    """Dense hits merged with those of chunks written since the index was opened: one per chunk (the better score),
    best first, at most ``n`` (pure)."""
    if not newer:
        return list(hits)
    best: dict[str, RetrievedChunk] = {}
    for hit in (*hits, *newer):
        seen = best.get(hit.chunk.chunk_id)
        if seen is None or hit.score > seen.score:
            best[hit.chunk.chunk_id] = hit
    return sorted(best.values(), key=lambda h: h.score, reverse=True)[:n]


def recency_policy(settings: RetrievalSettings) -> RecencyPolicy:
    return RecencyPolicy(settings.older_weight, settings.recency_half_life_days, settings.prefer_recent,
                         period_filters=settings.question_dates == "filter",
                         out_of_period_weight=settings.out_of_period_weight)


def prefer_period(inside: Sequence[RetrievedChunk], everywhere: Sequence[RetrievedChunk], period: TimeScope,
                  weight: float, k: int | None = None) -> list[RetrievedChunk]:
    """Candidates of the period first (pure): the search restricted to the period and the one over all dates,
    merged by chunk (the better score kept); a chunk that neither was published in the period nor speaks of it
    (gazette.newsdates: "last month", "in March", printed dates) counts ``weight`` times its score. With ``k``,
    only what can still reach the best ``k`` articles is read for dates, and the rest is dropped."""
    best: dict[str, RetrievedChunk] = {}
    for hit in (*inside, *everywhere):
        seen = best.get(hit.chunk.chunk_id)
        if seen is None or hit.score > seen.score:
            best[hit.chunk.chunk_id] = hit
    out: list[RetrievedChunk] = []
    top: dict[str, float] = {}  # the best final score of each article so far
    for hit in sorted(best.values(), key=lambda h: h.score, reverse=True):
        if k is not None and len(top) >= k and hit.score < sorted(top.values(), reverse=True)[k - 1]:
            break  # weighting only lowers scores: nothing further can enter the best k articles
        c = hit.chunk
        published_in = c.published is not None and (period.since is None or c.published >= period.since) \
            and (period.until is None or c.published <= period.until)
        if not published_in and not in_period(text_dates(f"{c.title}. {c.text}", c.published), period.since,
                                              period.until):
            hit = hit.model_copy(update={"score": hit.score * weight})
        out.append(hit)
        top[c.doc_id] = max(top.get(c.doc_id, 0.0), hit.score)
    return sorted(out, key=lambda h: h.score, reverse=True)


def collapse(hits: Sequence[RetrievedChunk], k: int) -> list[RetrievedChunk]:
    """The best chunk of each article, best first, at most ``k`` (pure)."""
    out: list[RetrievedChunk] = []
    seen: set[str] = set()
    for hit in hits:
        if hit.chunk.doc_id in seen:
            continue
        seen.add(hit.chunk.doc_id)
        out.append(hit)
        if len(out) == k:
            break
    return out


@dataclass
class Retriever:
    """Hybrid retrieval over one archive. Build it with :meth:`from_settings` (defaults live in the settings)."""

    archive: Archive
    embedder: Embedder
    k: int
    candidates: int
    mode: Mode
    rrf_k: int
    keyword_weight: float  # the BM25 list's weight in the fusion (the dense list's is 1)
    # Hybrid results are re-scored by the share of the query's terms each chunk holds (see rerank); 0 turns it off.
    coverage_weight: float
    recency_policy: RecencyPolicy
    neighbours: bool = True
    seen_rows: int | None = None
    """The keyword index's last chunk row when the vector index was opened: a local Chroma index opened by a
    long-lived reader (the bot) does not see what another process (`gazette ingest`) adds later, so chunks written
    after this row are scored from the keyword index's copy of their vectors and merged in (None: no such merge)."""

    @classmethod
    def from_settings(cls, archive: Archive, embedder: Embedder, settings: RetrievalSettings) -> Retriever:
        return cls(
            archive, embedder, k=settings.k, candidates=settings.candidates, mode=settings.mode, rrf_k=settings.rrf_k,
            keyword_weight=settings.keyword_weight, coverage_weight=settings.coverage_weight,
            recency_policy=recency_policy(settings), seen_rows=archive.keywords.last_row(),
        )

    def dense(self, query: str, n: int, filters: SearchFilters | None) -> list[RetrievedChunk]:
        vector = self.embedder.embed_query(query)
        exact = self.archive.keywords.nearest(vector, n, filters, FILTER_IDS_MAX) if filters is not None and \
            where_clause(filters) is not None else None
        if exact is not None:
            return exact  # every chunk passing a narrow filter, new ones included
        return with_newer(self._dense(vector, n, filters), self._newer(vector, n, filters), n)

    def _newer(self, vector: Any, n: int, filters: SearchFilters | None) -> list[RetrievedChunk]:
        """The best of the chunks written since the vector index was opened (see ``seen_rows``)."""
        if self.seen_rows is None or self.archive.keywords.last_row() <= self.seen_rows:
            return []
        return self.archive.keywords.nearest_after(vector, n, self.seen_rows, filters, FILTER_IDS_MAX) or []

    def _dense(self, vector: Any, n: int, filters: SearchFilters | None) -> list[RetrievedChunk]:
        where = where_clause(filters)
        if where is None or filters is None:
            return self.archive.search(vector, n)
        # A narrow filter (a week, a month, one outlet) was scored exactly in dense(), from the copy of their
        # vectors in the keyword index; a few milliseconds where Chroma's filters take tens to thousands.
        # Too many chunks pass (or a store whose vector copy is not filled yet): the nearest chunks overall,
        # filtered, are usually enough.
        hits = [h for h in self.archive.search(vector, n) if passes(h, filters)]
        enough = max(n // 2, min(n, self.k))  # a short dense list would weaken the fusion
        if len(hits) >= enough:
            return hits
        # Chroma over the list of passing ids (read from the keyword index's date and outlet columns), then a
        # wider unfiltered query, then Chroma's own metadata filter as the last resort.
        ids = self.archive.keywords.matching_ids(filters, FILTER_IDS_MAX)
        if ids is not None:
            return self.archive.search(vector, n, ids=ids)
        hits = [h for h in self.archive.search(vector, n * WIDEN) if passes(h, filters)]
        if len(hits) >= enough:
            return hits[:n]
        return self.archive.search(vector, n, where=where)

    def keyword(self, query: str, n: int, filters: SearchFilters | None) -> list[RetrievedChunk]:
        return self.archive.keywords.search(query, n, filters)

    def ranked(
        self, query: str, filters: SearchFilters | None = None, recency: Recency | None = None,
        mode: Mode | None = None,
    ) -> list[RetrievedChunk]:
        """All candidates, fused and ordered (one entry per chunk, several per article possible). ``recency`` is the
        question's preference for the current story (its reference date, and whether it asks for the latest)."""
        mode = mode or self.mode
        n = self.candidates
        if mode == "dense":
            hits = self.dense(query, n, filters)
        elif mode == "keyword":
            hits = self.keyword(query, n, filters)
        else:
            # The two searches wait on Chroma and SQLite, which release the GIL: run them side by side.
            with ThreadPoolExecutor(1, thread_name_prefix="gazette-bm25") as pool:
                keyword = pool.submit(self.keyword, query, n, filters)
                dense = self.dense(query, n, filters)
                hits = rrf([dense, keyword.result()], self.rrf_k, (1.0, self.keyword_weight))
            hits = rerank(hits, query, recency, self.coverage_weight)
        newest_from: date | None = None
        if recency is not None and recency.latest:
            newest_from = recency.reference_date
        elif self.recency_policy.prefer_latest:
            # No time words in the question: news readers still mean the current story. The reference date is
            # the filters' end (the question's as-of date), else the question's reference date, else today.
            newest_from = (filters.until if filters else None) or (recency.reference_date if recency else date.today())
        if newest_from is not None:
            policy = self.recency_policy
            hits = sorted(
                (h.model_copy(update={"score": h.score * decay(h.chunk.published, newest_from,
                                                               policy.half_life_days)}) for h in hits),
                key=lambda h: h.score, reverse=True,
            )
        return hits

    def search(
        self, query: str, k: int | None = None, filters: SearchFilters | None = None,
        recency: Recency | None = None, mode: Mode | None = None, period: TimeScope | None = None,
    ) -> list[RetrievedChunk]:
        """The best chunk of each of the ``k`` best articles, with neighbouring chunks as context. ``filters``
        are hard limits; a ``period`` (the dates a question names) ranks its articles first, as the settings say
        (or filters, with ``question_dates = filter``)."""
        if period is not None and (period.since or period.until):
            within = (filters or SearchFilters()).narrowed(since=period.since, until=period.until)
            if self.recency_policy.period_filters:
                ranked = self.ranked(query, within, recency, mode)
            else:
                ranked = prefer_period(self.ranked(query, within, recency, mode),
                                       self.ranked(query, filters, recency, mode), period,
                                       self.recency_policy.out_of_period_weight, k or self.k)
        else:
            ranked = self.ranked(query, filters, recency, mode)
        hits = collapse(ranked, k or self.k)
        if self.neighbours:
            hits = [
                h.model_copy(update={"context": self.archive.keywords.neighbours(h.chunk.doc_id, h.chunk.index)})
                for h in hits
            ]
        return hits

    def leads(self, filters: SearchFilters | None, limit: int) -> list[tuple[Chunk, np.ndarray | None]]:
        """The opening chunk of each article passing ``filters``, newest first, with its stored unit vector (None
        when not stored yet): what a briefing groups into stories (gazette.briefing)."""
        return self.archive.keywords.leads(filters, limit)

    def outlets(self) -> list[str]:
        """The outlets of the archive's articles: those a question may name as its source (gazette.outlets)."""
        return self.archive.keywords.outlets()

    def whole_articles(self, hits: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
        """The hits with every other chunk of their article as context (for checking choices against it)."""
        return [
            h.model_copy(update={"context": [
                c for c in self.archive.keywords.article_chunks(h.chunk.doc_id) if c.chunk_id != h.chunk.chunk_id
            ]})
            for h in hits
        ]
