"""Dense search under date and outlet filters: the fast paths give what Chroma's own metadata filter gives."""

from __future__ import annotations

from datetime import date

import pytest

import gazette.retrieval as retrieval
from gazette.models import SearchFilters
from gazette.recency import Recency
from gazette.retrieval import where_clause
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

FILTERS = [
    SearchFilters(since=date(2024, 11, 1), until=date(2024, 11, 7)),
    SearchFilters(until=date(2024, 10, 1)),
    SearchFilters(since=date(2024, 12, 1), outlets=("Baltic Wire", "pacific herald")),
    SearchFilters(since=date(2030, 1, 1)),
]


class Counting:
    """The archive, counting which kind of dense search ran."""

    def __init__(self, archive):
        self.archive, self.calls = archive, []

    def __getattr__(self, name):
        return getattr(self.archive, name)

    def search(self, vector, k, where=None, ids=None):
        self.calls.append("where" if where else "ids" if ids is not None else "plain")
        return self.archive.search(vector, k, where=where, ids=ids)


@pytest.mark.parametrize("filters", FILTERS, ids=["week", "until", "outlets", "future"])
def test_exact_path_equals_chromas_where_filter(sample_app, filters, monkeypatch):
    r = sample_app.retriever
    question = "How many North Korean troops are in Kursk?"
    vector = r.embedder.embed_query(question)
    exact = r.archive.search(vector, 10, where=where_clause(filters))

    counting = Counting(r.archive)
    monkeypatch.setattr(r, "archive", counting)
    got = r.dense(question, 10, filters)
    assert counting.calls == []  # scored from the keyword index's vector copy: Chroma is not asked
    assert [h.chunk.chunk_id for h in got] == [h.chunk.chunk_id for h in exact]
    assert [h.score for h in got] == pytest.approx([h.score for h in exact], abs=2e-3)  # float16 copies

    monkeypatch.setattr(retrieval, "FILTER_IDS_MAX", 0)  # a filter too broad for the exact path...
    monkeypatch.setattr(retrieval, "WIDEN", 1)  # ...and a wider query that still finds too few: Chroma's where
    counting.calls.clear()
    got = [h.chunk.chunk_id for h in r.dense(question, 10, filters)]
    # (no chunk passes at all: the count already says so, and Chroma is not asked)
    assert counting.calls == (["plain", "plain", "where"] if exact else [])
    assert got == [h.chunk.chunk_id for h in exact]


def test_a_store_without_the_vector_copy_searches_chroma_by_ids_until_the_check_fills_it(tmp_path, embedder):
    from gazette.cli import sample_archive_path
    from gazette.store import open_archive
    from ingest.files import iter_path
    from ingest.index import ensure_index
    from ingest.pipeline import ingest_items

    archive = open_archive(tmp_path / "s", create=True, embedding_model=embedder.name,
                           dimensions=embedder.dimensions)
    ingest_items(archive, embedder, iter_path(sample_archive_path()))
    with archive.keywords.db:  # as in a store made before the keyword index kept vectors
        archive.keywords.db.execute("DELETE FROM kvectors")
    r = retrieval.Retriever.from_settings(archive, embedder, make_settings().retrieval)
    counting = Counting(archive)
    r.archive = counting  # type: ignore[assignment]
    filters = FILTERS[0]
    before = [h.chunk.chunk_id for h in r.dense("North Korean troops in Kursk", 10, filters)]
    assert counting.calls == ["plain", "ids"] and before

    check = ensure_index(archive, embedder, max_tokens=250)
    assert archive.keywords.ids_without_vectors() == [] and check.chunks_embedded == 0
    assert any("in step" in n for n in check.notes)
    counting.calls.clear()
    assert [h.chunk.chunk_id for h in r.dense("North Korean troops in Kursk", 10, filters)] == before
    assert counting.calls == []
    archive.close()


def test_a_wider_unfiltered_query_serves_a_broad_filter(sample_app, monkeypatch):
    r = sample_app.retriever
    counting = Counting(r.archive)
    monkeypatch.setattr(r, "archive", counting)
    monkeypatch.setattr(retrieval, "FILTER_IDS_MAX", 0)
    f = SearchFilters(until=date(2024, 10, 15))
    hits = r.dense("North Korean troops Kursk", 5, f)
    assert counting.calls == ["plain", "plain"] and len(hits) == 5
    assert all(h.chunk.published <= date(2024, 10, 15) for h in hits)
    exact = r.archive.search(r.embedder.embed_query("North Korean troops Kursk"), 5, where=where_clause(f))
    assert [h.chunk.chunk_id for h in hits] == [h.chunk.chunk_id for h in exact]


def test_enough_unfiltered_hits_pass_so_no_second_search(sample_app, monkeypatch):
    r = sample_app.retriever
    counting = Counting(r.archive)
    monkeypatch.setattr(r, "archive", counting)
    monkeypatch.setattr(retrieval, "FILTER_IDS_MAX", 0)  # a broad filter
    hits = r.dense("North Korean troops Kursk", 40, SearchFilters(since=date(2024, 9, 1)))
    assert counting.calls == ["plain"] and len(hits) == 40
    assert all(h.chunk.published >= date(2024, 9, 1) for h in hits)


def test_matching_ids_respects_the_limit(sample_app):
    kw = sample_app.archive.keywords
    f = SearchFilters(since=date(2024, 11, 1), until=date(2024, 11, 30))
    ids = kw.matching_ids(f, 10_000)
    assert ids and all(c.published and date(2024, 11, 1) <= c.published <= date(2024, 11, 30)
                       for c in sample_app.archive.get_chunks(ids))
    assert kw.matching_ids(f, len(ids)) == ids and kw.matching_ids(f, len(ids) - 1) is None


def _hit(cid: str):
    from gazette.models import Chunk, RetrievedChunk

    return RetrievedChunk(chunk=Chunk(chunk_id=cid, doc_id=cid, index=0, text="t", title="", outlet="", url="",
                                      published=None), score=0.0)


def test_rrf_sums_weighted_reciprocal_ranks():
    from gazette.retrieval import rrf

    dense, keyword = [_hit("a"), _hit("b"), _hit("c")], [_hit("c"), _hit("d")]
    fused = rrf([dense, keyword], k=60)
    assert [h.chunk.chunk_id for h in fused] == ["c", "a", "b", "d"]  # c is in both lists
    assert fused[0].score == pytest.approx(1 / 63 + 1 / 61)
    weighted = rrf([dense, keyword], k=1, weights=(1.0, 3.0))
    assert [h.chunk.chunk_id for h in weighted] == ["c", "d", "a", "b"]
    assert weighted[1].score == pytest.approx(3 / 3)


def test_prefer_recent_weights_every_question_by_age_from_the_as_of_date(sample_app):
    from dataclasses import replace

    from gazette.recency import decay as recency_weight

    plain = sample_app.retriever
    recent = replace(plain, recency_policy=replace(plain.recency_policy, prefer_latest=True, half_life_days=10.0))
    f = SearchFilters(until=date(2024, 12, 20))
    before = {h.chunk.chunk_id: h for h in plain.ranked("North Korean troops in Kursk", f)}
    after = recent.ranked("North Korean troops in Kursk", f)
    assert [h.score for h in after] == sorted((h.score for h in after), reverse=True)
    for h in after:
        expected = before[h.chunk.chunk_id].score * recency_weight(h.chunk.published, date(2024, 12, 20), 10.0)
        assert h.score == pytest.approx(expected)
    assert [h.chunk.chunk_id for h in after] != list(before)  # the order really changed


def test_rerank_weighs_query_terms_and_the_fortnight():
    from gazette.models import Chunk, RetrievedChunk
    from gazette.retrieval import rerank

    def hit(cid, text, day, score):
        return RetrievedChunk(chunk=Chunk(chunk_id=cid, doc_id=cid, index=0, text=text, title="", outlet="", url="",
                                          published=day), score=score)

    def ref_(day, older_weight=0.7):
        return Recency(day, older_weight, 30.0)

    ref = ref_(date(2024, 11, 30))
    hits = [hit("vague", "Officials met on Monday.", date(2024, 11, 25), 0.030),
            hit("full", "North Korean troops reached Kursk.", date(2024, 11, 24), 0.025),
            hit("old", "North Korean troops reached Kursk.", date(2024, 9, 1), 0.028)]
    query = "North Korean troops in Kursk"
    out = rerank(hits, query, ref, coverage_weight=0.5)
    assert [h.chunk.chunk_id for h in out] == ["full", "old", "vague"]
    assert out[0].score == pytest.approx(0.025)  # every term present, recent: unchanged
    assert out[1].score == pytest.approx(0.028 * 0.7)
    assert out[2].score == pytest.approx(0.030 * 0.5)  # none of the terms: half
    # Both off: the fused order stays.
    assert [h.chunk.chunk_id for h in rerank(hits, query, ref_(date(2024, 11, 30), 1.0), 0.0)] == ["vague", "old", "full"]
    # An archive not kept up to date: with every article old, only the terms count.
    later = rerank(hits, query, ref_(date(2026, 1, 1)), 0.5)
    assert [h.chunk.chunk_id for h in later] == ["old", "full", "vague"]


def test_prefer_period_ranks_the_period_first_and_keeps_later_reports():
    from gazette.models import Chunk, RetrievedChunk
    from gazette.retrieval import prefer_period
    from gazette.timescope import TimeScope

    def hit(cid, text, day, score):
        return RetrievedChunk(chunk=Chunk(chunk_id=cid, doc_id=cid, index=0, text=text, title="", outlet="", url="",
                                          published=day), score=score)

    march = TimeScope(date(2023, 3, 1), date(2023, 3, 31))
    inside = [hit("in", "The council voted on Tuesday.", date(2023, 3, 15), 0.02)]
    everywhere = [hit("later", "In March the council voted to close the pool.", date(2023, 6, 1), 0.05),
                  hit("other", "The pool reopened.", date(2024, 6, 1), 0.03),
                  hit("in", "The council voted on Tuesday.", date(2023, 3, 15), 0.01)]
    out = prefer_period(inside, everywhere, march, 0.5)
    # "later" speaks of March 2023 (its "In March" resolves against June 2023): no weight; "other" does not.
    assert [(h.chunk.chunk_id, h.score) for h in out] == [("later", 0.05), ("in", 0.02), ("other", 0.015)]
    # With k, what cannot reach the best k articles is not read for dates, and is dropped.
    assert [h.chunk.chunk_id for h in prefer_period(inside, everywhere, march, 0.5, k=1)] == ["later"]
