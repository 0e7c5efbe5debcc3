"""Word-level helpers: the fast query-term finder agrees with the plain term set."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.errors import UsageError
from gazette.text import (
    TermFinder,
    decade_years,
    figures,
    fold,
    initialisms,
    names,
    term_set,
    tidy_input,
    words,
)

WORDS = ["troops", "troop", "Troop's", "countries", "country", "year-old", "4-year-old", "didn't", "didn’t",
         "attacked", "attack", "8,000", "8000", "the", "days", "-", "--", "'", "’", "É", "İ", "ı", "K", "ſ", "\ud800", "Kursk", "x", "a",
         "4th", "th", "st", "1990s", "s", "ths", "5"]


def test_finder_examples():
    finder = TermFinder(term_set("How many troops from 4 countries, aged 8,000 year-old, attacked Kursk?"))
    text = "Troop's 8,000 soldiers: the countries and stroops attacked a 4-year-old in Kursk-based units."
    assert finder.found(text) == term_set(text) & finder.terms
    assert finder.found(text) >= {"troop", "country", "8000", "attack", "year-old", "4"}
    assert "kursk" not in finder.found(text)  # "Kursk-based" is one word
    assert TermFinder(set()).found(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jean Antonin Mercié", ["Jean", "Antonin", "Mercie"]),  # one word, not "Merci" and a stray letter
        ("Dominion Voting Systems' lawsuit", ["Dominion", "Voting", "Systems", "lawsuit"]),
        ("'15 Minutes of Shame'", ["15", "Minutes", "of", "Shame"]),
        ("didn’t, Koch-affiliated, year--old", ["didn't", "Koch-affiliated", "year", "old"]),
        ("8,000 troops at 5:20", ["8000", "troops", "at", "5", "20"]),
        ("ﬁne l’Oréal", ["fine", "l'Oreal"]),
        ("北京abc", ["abc"]),  # other scripts separate words rather than joining them
        # An ordinal's or a decade's ending belongs to its number; other letters after a number are a word.
        ("July 4th, the 1990s, 21st, 3rd", ["July", "4", "the", "1990", "21", "3"]),
        ("5pm, 4th-quarter, 4ths, 4th's", ["5", "pm", "4", "th-quarter", "4", "ths", "4", "th's"]),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("query, text", [("s", "0S"), ("s", "the 1990s"), ("th", "4TH"), ("th", "4th"), ("pm", "5pm")])
def test_a_number_ending_is_read_as_words_reads_it(query, text):
    terms = term_set(query)
    assert TermFinder(terms).found(text) == term_set(text) & terms


@pytest.mark.parametrize("text, expected", [
    ("96 died in 2023, 12 of them children", {"96", "12"}),
    ("the blizzard of 1977 and the storm of 1851", {"1851"}),
    ("no figure at all", set()),
])
def test_figures_leave_years_aside(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("When they were young in the '70s, a fifth wore glasses.", {"1970", "2070"}),  # as "the 1970s" is read
    ("In the 90s, it closed.", {"1990", "2090"}),
    ("the 1970s and the 2020s", set()),  # four digits are numbers already
    ("4 0s and 50 miles", set()),
])
def test_a_decade_in_two_digits_gives_its_first_years(text, expected):
    assert decade_years(text) == expected


@pytest.mark.parametrize("text, spelled, not_spelled", [
    ("The Federal Aviation Administration granted the licence.", {"faa"}, {"tfaa"}),  # "The" is no initial
    ("The International Atomic Energy Agency has warned.", {"iaea", "aea"}, set()),  # a name's tail too
    ("The Bank of England raised rates.", {"be"}, {"boe"}),  # joining words are skipped
    ("A briefing by the National Intelligence Service followed.", {"nis"}, set()),
    ("the european central bank", set(), {"ecb"}),  # lower case: no name
    ("Kyiv said so.", set(), {"k"}),  # one word: no initialism
    ("Gas topped $4 in the U.S. and in N.J. on Sunday.", {"us", "nj"}, {"u", "s"}),  # written with stops, joined
    ("A. Smith said so, e.g. on Monday.", set(), {"as", "eg", "a"}),  # one letter, or lower case: none
])
def test_initialisms(text, spelled, not_spelled):
    found = initialisms(text)
    assert spelled <= found and not (not_spelled & found)


@pytest.mark.parametrize(("text", "found"), [
    ("The two advanced after February's first round of voting.", set()),  # a month's possessive is a date
    ("Crowds gathered on Monday’s holiday and on Sundays.", set()),
    ("The rally was held by Lightfoot and Preckwinkle.", {"lightfoot", "preckwinkle"}),
])
def test_names_are_no_dates(text, found):
    assert names(text) == found


def test_fold_keeps_ascii_and_names_match_across_accents():
    assert fold("plain text") == "plain text"
    assert names("A statue by Mercié.") == names("A statue by Mercie.") == {"mercie"}
    assert TermFinder(term_set("Mercié")).found("a work by Jean Antonin MERCIÉ") == {"mercie"}


@settings(max_examples=1000, deadline=None, database=None)
@given(query=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
       text=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=30),
       joiner=st.sampled_from([" ", "", "-", ", "]))
def test_finder_equals_the_term_set(query, text, joiner):
    terms = term_set(" ".join(query))
    body = joiner.join(text)
    assert TermFinder(terms).found(body) == term_set(body) & terms


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("  what   happened\n in Kursk? ", 100, "what happened in Kursk?"),
        ("exactly ten", 11, "exactly ten"),
        ("", 10, UsageError("empty!")),
        (" \t\n", 10, UsageError("empty!")),
        (None, 10, UsageError("empty!")),
        ("twelve chars", 11, UsageError("12 > 11")),
    ],
)
def test_tidy_input(text, limit, expected):
    if isinstance(expected, UsageError):
        with pytest.raises(UsageError) as err:
            tidy_input(text, limit, empty="empty!", too_long="{n} > {limit}")
        assert str(err.value) == str(expected)
    else:
        assert tidy_input(text, limit, empty="empty!", too_long="{n} > {limit}") == expected
