"""BM25 query building: common terms are left out of a query on a large index, for speed."""

from __future__ import annotations

import pytest

import gazette.keyword as keyword
from gazette.keyword import KeywordIndex, query_terms
from gazette.models import Chunk


def _chunks(texts: list[str]) -> list[Chunk]:
    return [Chunk(chunk_id=f"c{i}", doc_id=f"d{i}", index=0, text=t, title="", outlet="", url="", published=None)
            for i, t in enumerate(texts)]


@pytest.fixture
def index(tmp_path):
    kw = KeywordIndex(tmp_path / "keywords.sqlite")
    texts = ["Troops gathered near the border today."] * 30 + [
        "Officials said 8,000 troops were in Kursk.", "Drones struck a refinery overnight.",
        "The minister resigned after the inquiry.",
    ]
    kw.upsert(_chunks(texts))
    yield kw
    kw.close()


def test_postings_count_chunks_per_stemmed_term(index):
    # "troops" is indexed as "troop" by the porter tokenizer; "gathering" and "gathered" share "gather".
    assert index.postings(["troops", "kursk", "gathering", "unseen"]) == [31, 1, 30, 0]


def test_common_terms_are_dropped_only_above_the_threshold(index, monkeypatch):
    q = "How many troops gathered in Kursk after the inquiry?"
    assert query_terms(q) == ["troops", "gathered", "kursk", "inquiry"]
    assert index.selective_query(q) == '"troops" OR "gathered" OR "kursk" OR "inquiry"'  # a small index: whole
    monkeypatch.setattr(keyword, "MAX_POSTINGS", 5)
    # Too few rare terms: the MIN_TERMS rarest are kept.
    assert index.selective_query(q) == '"gathered" OR "kursk" OR "inquiry"'
    monkeypatch.setattr(keyword, "MIN_TERMS", 1)
    assert index.selective_query(q) == '"kursk" OR "inquiry"'
    assert {h.chunk.chunk_id for h in index.search(q, 3)} == {"c30", "c32"}
    assert index.selective_query("troops gathered") == '"gathered"'  # every term common: still a query
    assert len(index.search("troops gathered", 3)) == 3
