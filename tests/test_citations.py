from datetime import date

import pytest

from gazette.citations import best_quote, build_citations, markers, renumber, with_marker
from gazette.models import Chunk


@pytest.mark.parametrize(
    ("text", "valid", "expected_text", "expected_order"),
    [
        ("A [1]. B [2].", {1, 2}, "A [1]. B [2].", [1, 2]),
        ("A [3]. B [1].", {1, 3}, "A [1]. B [2].", [3, 1]),
        ("A [7]. B [2].", {1, 2}, "A. B [1].", [2]),
        ("A [1, 2] and [2][9].", {1, 2}, "A [1][2] and [2].", [1, 2]),
        ("A [0] [ 2 ; 1 ].", {1, 2}, "A [1][2].", [2, 1]),
        ("No markers.", {1}, "No markers.", []),
        ("Only bad [4].", set(), "Only bad.", []),
    ],
)
def test_renumber(text, valid, expected_text, expected_order):
    assert renumber(text, valid) == (expected_text, expected_order)


def test_markers_keeps_order_and_repeats():
    assert markers("x [2] y [1,2] z [10]") == [2, 1, 2, 10]


def _chunk(n: int, text: str) -> Chunk:
    return Chunk(chunk_id=f"c{n}", doc_id=f"d{n}", index=0, text=text, title=f"T{n}", outlet="O",
                 url=f"https://o.example/{n}", published=date(2024, 11, n))


def test_best_quote_is_verbatim_and_prefers_numbers():
    text = "Troops moved north. Up to 8,000 soldiers are in Kursk, officials said. Weather was cold."
    quote = best_quote(text, "There are 8000 soldiers in Kursk [1].")
    assert quote == "Up to 8,000 soldiers are in Kursk, officials said."
    assert quote in text


def test_build_citations_maps_shown_numbers_to_sources():
    sources = {1: _chunk(1, "Cats sleep a lot. Dogs bark."), 2: _chunk(2, "Drones hit Kyiv. 50 drones flew.")}
    text, order = renumber("50 drones flew over Kyiv [2]. Dogs bark [1].", sources.keys())
    cites = build_citations(text, order, sources)
    assert [(c.n, c.chunk_id) for c in cites] == [(1, "c2"), (2, "c1")]
    assert cites[0].quote == "50 drones flew."
    assert cites[1].quote == "Dogs bark."
    assert cites[0].published == "2024-11-02"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Troops arrived.", "Troops arrived [1]."),
        ("Did troops arrive?", "Did troops arrive [1]?"),
        ("Troops arrived", "Troops arrived [1]"),
        ("  Troops arrived.  ", "Troops arrived [1]."),
        # An abbreviation's full stop stays with it.
        ("Doors open at 5 p.m.", "Doors open at 5 p.m. [1]"),
        ("It was sent to the U.S.", "It was sent to the U.S. [1]"),
        ("He founded Acme Inc.", "He founded Acme Inc. [1]"),
        ("It peaked in the 1990s.", "It peaked in the 1990s [1]."),
        ("It ended with Plan B.", "It ended with Plan B. [1]"),
    ],
)
def test_with_marker(sentence, expected):
    assert with_marker(sentence, 1) == expected
