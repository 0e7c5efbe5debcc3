from datetime import date

import pytest

from gazette.choices import parse_choices, pick, support
from gazette.errors import UsageError
from gazette.models import Chunk, RetrievedChunk
from gazette.retrieval import recency_policy
from tests.conftest import make_settings


def _recency(day):
    """The preference for the current story as the default settings give it, for a question asked on ``day``."""
    return recency_policy(make_settings().retrieval).for_question(day)


def _hit(n, text, title="News"):
    return RetrievedChunk(chunk=Chunk(chunk_id=f"c{n}", doc_id=f"d{n}", index=0, text=text, title=title,
                                      outlet="O", url="u", published=date(2024, 11, n)), score=1.0)


QUESTION = "Which rapper will headline the 2025 Super Bowl half-time show?"
HITS = [
    _hit(1, "Drake released a new single on Friday. Fans of Drake were delighted."),
    _hit(2, "Kendrick Lamar will headline the 2025 Super Bowl half-time show, the NFL said. It is in New Orleans."),
    _hit(3, "Past half-time performers include Rihanna, Drake and 50 Cent."),
]
CHOICES = ["Kendrick Lamar", "Drake", "Lil Wayne", "50 Cent"]


def test_support_prefers_the_sentence_that_answers_the_question():
    scores = [support(QUESTION, c, HITS, [o for o in CHOICES if o != c]).score for c in CHOICES]
    assert scores.index(max(scores)) == 0
    assert scores[2] == 0.0  # Lil Wayne is never mentioned


def test_pick_cites_the_supporting_sentence():
    ans = pick(QUESTION, CHOICES, [HITS] * 4, QUESTION)
    assert ans.choice == 0 and not ans.abstained
    assert ans.answer.startswith("A) Kendrick Lamar: Kendrick Lamar will headline")
    assert ans.citations[0].chunk_id == "c2" and "Kendrick Lamar" in ans.citations[0].quote


def test_pick_abstains_when_no_choice_is_in_the_archive():
    ans = pick("Who won the 2031 Tour de France?", ["Pogacar", "Vingegaard"], [HITS, HITS], "q")
    assert ans.abstained and ans.choice is None


@pytest.mark.parametrize(("text", "parsed"), [("A|B", ["A", "B"]), (" Kenya | Uganda |", ["Kenya", "Uganda"])])
def test_parse_choices(text, parsed):
    assert parse_choices(text) == parsed


def test_parse_choices_needs_two():
    with pytest.raises(UsageError):
        parse_choices("only one")


def test_pick_prefers_the_fortnight_before_the_reference_date():
    """Two equally worded reports name different winners; the one from the question's own fortnight wins."""
    question = "Which city was chosen to host the 2030 summit?"
    old = RetrievedChunk(chunk=Chunk(chunk_id="old", doc_id="old", index=0, outlet="O", url="u", title="Summit",
                                     text="Lyon was chosen to host the 2030 summit, officials said.",
                                     published=date(2023, 3, 1)), score=1.0)
    new = RetrievedChunk(chunk=Chunk(chunk_id="new", doc_id="new", index=0, outlet="O", url="u", title="Summit",
                                     text="Porto was chosen to host the 2030 summit, officials said.",
                                     published=date(2024, 6, 10)), score=1.0)
    hits = [[old, new], [old, new]]
    assert pick(question, ["Lyon", "Porto"], hits, question, _recency(date(2024, 6, 14))).choice == 1
    assert pick(question, ["Lyon", "Porto"], hits, question, _recency(date(2023, 3, 5))).choice == 0
    # Without a reference date the first-ranked report wins.
    assert pick(question, ["Lyon", "Porto"], hits, question).choice == 0


@pytest.mark.parametrize(("published", "weight"), [(date(2024, 6, 14), 1.0), (date(2024, 5, 31), 1.0),
                                                   (date(2024, 5, 30), 0.7), (date(2024, 6, 15), 0.7),
                                                   (None, 1.0)])
def test_fortnight_weight(published, weight):
    """The step every ranking applies (retrieval, the offline answerer, multiple choice): one value, the
    settings' older weight, for articles outside the fortnight up to the reference date."""
    assert _recency(date(2024, 6, 14)).step(published) == weight
