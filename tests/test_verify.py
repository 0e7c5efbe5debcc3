from datetime import date

import pytest

from gazette.models import Answer, Chunk, Citation
from gazette.verify import attribute, check_sentences, unsupported_facts, verify_answer

EVIDENCE = ("US says 8,000 troops are in Kursk. Up to 8,000 North Korean troops are in Russia's Kursk region, "
            "US officials said on 31 October. Zelensky called the response “muted”.")


@pytest.mark.parametrize(
    ("sentence", "missing"),
    [
        ("Up to 8,000 troops are in Kursk [1].", []),
        ("Up to 9,000 troops are in Kursk [1].", ["9000"]),
        ("Officials said so on 31 October [1].", []),
        ("Officials said so in December [1].", ["december"]),
        ("Zelensky called it “muted” [1].", []),
        ("Zelensky called it “shameful” [1].", ["shameful"]),
        ("Troops reached Kursk, Blinken said [1].", ["blinken"]),
        ("North Korean troops are in the region [1].", []),
    ],
)
def test_unsupported_facts(sentence, missing):
    assert unsupported_facts(sentence, EVIDENCE) == missing


def _chunk(n, text):
    return Chunk(chunk_id=f"c{n}", doc_id=f"d{n}", index=0, text=text, title=f"T{n}", outlet="O",
                 url="https://o.example", published=date(2024, 11, n))


def _answer(text, ns):
    cites = [Citation(n=n, title="t", outlet="o", url="u", published=None, quote="q", doc_id=f"d{n}",
                      chunk_id=f"c{n}") for n in ns]
    return Answer(question="q", answer=text, abstained=False, citations=cites, searched_query="q")


def test_verify_drops_unsupported_sentences_and_renumbers():
    sources = {1: _chunk(1, "Russia fired 30 missiles on Sunday."), 2: _chunk(2, EVIDENCE)}
    ans = verify_answer(_answer("Russia fired 45 missiles [1]. Up to 8,000 troops are in Kursk [2].", [1, 2]), sources)
    assert ans.answer == "Up to 8,000 troops are in Kursk [1]."
    assert [(c.n, c.chunk_id) for c in ans.citations] == [(1, "c2")]
    assert ans.citations[0].quote in EVIDENCE


def test_verify_abstains_when_nothing_is_supported_and_keeps_plain_connectives():
    sources = {1: _chunk(1, "Russia fired 30 missiles on Sunday.")}
    assert verify_answer(_answer("Russia fired 45 missiles [1].", [1]), sources).abstained
    kept = verify_answer(_answer("In short, it was a heavy week. Russia fired 30 missiles [1].", [1]), sources)
    assert kept.answer == "In short, it was a heavy week. Russia fired 30 missiles [1]."
    # an uncited sentence with a checkable fact is dropped
    checks = check_sentences("Kyiv lost power for 12 hours. Russia fired 30 missiles [1].", sources)
    assert [c.supported for c in checks] == [False, True]


def _chunk(n, text, title="Wire report"):
    return Chunk(chunk_id=f"c{n}", doc_id=f"d{n}", index=0, text=text, title=title)


SOURCES = {
    1: _chunk(1, "Russia fired 30 missiles on Sunday, Ukraine's air force said."),
    2: _chunk(2, "Up to 8,000 North Korean troops are in Kursk, US officials said."),
    3: _chunk(3, "Officials in Seoul said 8,000 soldiers had left North Korea.", title="Seoul briefing"),
}


@pytest.mark.parametrize(("text", "expected"), [
    # every fact in one source: cite it; of two that hold them, the one sharing more words
    ("Up to 8,000 North Korean troops are in Kursk.", "Up to 8,000 North Korean troops are in Kursk [2]."),
    ("Seoul said 8,000 soldiers left.", "Seoul said 8,000 soldiers left [3]."),
    # facts split over two sources, or in none: left uncited (the check drops it)
    ("Russia fired 30 missiles and 8,000 troops are in Kursk.",
     "Russia fired 30 missiles and 8,000 troops are in Kursk."),
    ("It is 9,000.", "It is 9,000."),
    # nothing checkable, or already citing a given source: untouched
    ("That is what officials said.", "That is what officials said."),
    ("Russia fired 30 missiles [1]. Up to 8,000 troops are in Kursk",
     "Russia fired 30 missiles [1]. Up to 8,000 troops are in Kursk [2]"),
    # a marker that names no source does not count as a citation
    ("Russia fired 30 missiles [7].", "Russia fired 30 missiles [7] [1]."),
])
def test_attribute(text, expected):
    assert attribute(text, SOURCES) == expected
