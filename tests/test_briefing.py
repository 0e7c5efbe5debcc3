"""Briefings: a question that names no subject gets the period's most reported stories (gazette.briefing)."""

from datetime import date

import numpy as np
import pytest

from gazette.briefing import asks_briefing, briefing_window, day_named, is_roundup, lead_sentence, stories
from gazette.models import Chunk, SearchFilters
from gazette.timescope import time_scope

REF = date(2024, 11, 4)


@pytest.mark.parametrize(
    ("question", "briefing"),
    [
        ("What happened yesterday?", True),
        ("Any news?", True),
        ("anything new?", True),
        ("What are the top stories this week?", True),
        ("What's the news today?", True),
        ("Tell me the headlines", True),
        ("What happened in the week to 3 November?", True),
        ("What happened?", True),
        # a subject of its own is searched for as any question
        ("What happened in Kursk yesterday?", False),
        ("Any news on the North Korean troops?", False),
        ("Who won the election last week?", False),
        ("What is the weather today?", False),
        ("What did I miss?", True),
        ("Catch me up on this week", True),
        ("Anything interesting over the weekend?", True),
        ("Did Ukraine miss its target?", False),
        # what was reported, with no subject (an outlet's name taken out: gazette.outlets)
        ("What was reported yesterday?", True),
        # a follow-up's move in time without its conversation names no period to brief on (with one: below)
        ("And the next day?", False),
        ("What did he say next?", False),
        ("What did it report about the troops?", False),
        ("How many drones did Russia launch last week?", False),
        # nothing but the period, or a follow-up without its conversation, names no news to give
        ("yesterday", False),
        ("Who said so?", False),
        ("What did it say?", False),
        ("How many years did he get?", False),
    ],
)
def test_a_briefing_is_asked_by_a_question_that_names_no_subject(question, briefing):
    assert asks_briefing(question, time_scope(question, REF)) == briefing


def test_a_move_in_time_asks_for_the_news_of_the_period_read_for_it():
    from gazette.timescope import TimeScope

    moved = TimeScope(date(2024, 11, 18), date(2024, 11, 19), False, "18 November")
    assert asks_briefing("And the next day? (happened 18 November)", moved)
    assert not asks_briefing("And the next day? (happened 18 November)", None)
    assert not asks_briefing("And the next day? (missiles 18 November)", moved)  # a subject of its own


@pytest.mark.parametrize(("question", "period"), [
    ("What happened on 2 November?", (date(2024, 11, 2), date(2024, 11, 3))),  # that day and the next
    ("What happened on November 3, 2024?", (date(2024, 11, 3), REF)),  # never after the reference date
    ("What happened on 5 December?", (date(2023, 12, 5), date(2023, 12, 6))),  # the latest 5 December
    ("What happened on 5 December 2024?", None),  # after the reference date
    ("What happened in November?", None),  # a month is a period of its own, not a day
    ("What happened between 1 and 3 November?", (date(2024, 11, 3), REF)),  # one date: "1 and" stays a subject
    ("What happened on 31 February?", None),
])
def test_the_day_a_question_names(question, period):
    day = day_named(question, REF)
    assert (day.since, day.until) == period if period else day is None


@pytest.mark.parametrize(
    ("question", "filters", "newest", "window"),
    [
        # the period the question names
        ("What happened yesterday?", None, None, (date(2024, 11, 3), REF)),
        ("What happened in the week to 3 November?", None, None, (date(2024, 10, 28), date(2024, 11, 3))),
        # within explicit filters
        ("What happened last week?", SearchFilters(since=date(2024, 10, 30)), None,
         (date(2024, 10, 30), date(2024, 11, 3))),
        # no period: the week up to the newest article (an archive no longer updated has a latest week)
        ("Any news?", SearchFilters(until=REF), date(2024, 10, 20), (date(2024, 10, 14), date(2024, 10, 20))),
        ("Any news?", SearchFilters(since=date(2024, 10, 18), until=REF), date(2024, 10, 20),
         (date(2024, 10, 18), date(2024, 10, 20))),
        ("Any news?", SearchFilters(until=REF), None, (None, REF)),  # an empty archive
        # a period with no start is read as its last week, not as everything before its end
        ("What's the latest?", None, date(2024, 10, 20), (date(2024, 10, 14), date(2024, 10, 20))),
        ("What happened until 1 October?", None, date(2024, 9, 30), (date(2024, 9, 24), date(2024, 9, 30))),
        ("What happened until 1 October?", None, None, (None, date(2024, 10, 1))),
    ],
)
def test_the_days_a_briefing_reads(question, filters, newest, window):
    scope = time_scope(question, REF)
    assert briefing_window(scope if scope.since or scope.until else None, filters, newest) == window


@pytest.mark.parametrize(
    ("title", "roundup"),
    [("5 things to know for July 15: Jan. 6, Middle East, Roe v. Wade", True),
     ("Malcolm X, airport cat caught: News from around our 50 states", True),
     ("50 States", True),
     ("Your daily briefing: what you need to know today", True),
     ("Five things we learned from the Fed", False),
     ("US says up to 8,000 North Korean troops are in Kursk", False)],
)
def test_a_roundup_of_many_stories_is_no_story(title, roundup):
    assert is_roundup(title) == roundup


def _lead(n: int, text: str, outlet: str, day: int, title: str = "Report") -> Chunk:
    return Chunk(chunk_id=f"c{n}", doc_id=f"d{n}", index=0, text=text, title=title, outlet=outlet,
                 url=f"https://wire.example/{n}", published=date(2024, 11, day))


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float16)
    return v / np.linalg.norm(v.astype(np.float32))


TROOPS = "North Korean troops are in Kursk, officials said on Monday."
STRIKE = "Russia fired 120 missiles at the power grid on Sunday, officials said."
TYPHOON = "A super typhoon hit the Philippines on Saturday, forecasters said."


def test_stories_group_reports_of_one_event_and_rank_the_most_reported_topics_first():
    leads = [  # newest first, as the keyword index gives them
        (_lead(1, TYPHOON, "Pacific Herald", 4), _unit(0, 0, 1)),
        (_lead(2, TROOPS, "Global Desk", 3), _unit(1, 0, 0)),
        (_lead(3, STRIKE, "Kyiv Ledger", 3), _unit(0, 1, 0)),
        (_lead(4, TROOPS, "Baltic Wire", 2), _unit(0.95, 0.1, 0)),  # the troops again, another outlet: one event
        (_lead(5, "5 things to know: troops, typhoon.", "Daily", 2, "5 things to know for Monday"), _unit(0.9, 0, 0.4)),
        (_lead(6, STRIKE, "Kyiv Ledger", 1), _unit(0.1, 0.95, 0)),  # the strike again, the same outlet
        # another event on the troops' topic (0.78 from the first report): it adds to the topic's reach, no line
        (_lead(7, "Russia massed 50,000 troops near Kursk, officials said on Friday.", "Eurasia Monitor", 1),
         _unit(0.75, 0, 0.6)),
    ]
    found = stories(leads, 5)
    # the troops (three articles on the topic, two outlets), the strike (two), the typhoon; the roundup is no story
    assert [[c.chunk_id for c in s.chunks] for s in found] == [["c2", "c4"], ["c3", "c6"], ["c1"]]
    assert [s.reach for s in found] == [3, 2, 1]
    assert [s.line()[1].chunk_id for s in found] == ["c2", "c3", "c1"]  # each story's newest article
    assert [c.chunk_id for s in stories(leads, 1) for c in s.chunks] == ["c2", "c4"]
    # without the topic rule the second troops event is a line of its own
    assert [s.chunks[0].chunk_id for s in stories(leads, 5, same_topic=0.9)] == ["c2", "c3", "c1", "c7"]
    # an article whose vector is not stored yet is a story of its own
    alone = stories([(leads[1][0], None), leads[3]], 5)
    assert [len(s.chunks) for s in alone] == [1, 1]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Live updates: Kursk. " + TROOPS, TROOPS),  # a heading without its full stop is no sentence
        ("Related: Russia fires missiles at the power grid on Sunday. " + TROOPS, TROOPS),  # a link line
        ("KYIV. " + STRIKE, STRIKE),  # too short to tell anything
        ("A version of this story appeared in CNN's weekly royal newsletter on Friday. " + TROOPS, TROOPS),
        ("Sign up for CNN's Wonder Theory science newsletter today. " + TROOPS, TROOPS),
        ("— Recommendations are independently chosen by Reviewed's editors. " + TROOPS, TROOPS),
        ("A heading with no stop", ""),
    ],
)
def test_a_story_line_is_its_first_real_sentence(text, lead):
    assert lead_sentence(_lead(1, text, "Wire", 1)) == lead


@pytest.mark.parametrize(
    ("title", "text", "line"),
    [
        # a feature that opens on a scene: the sentence that tells the news is the one closest to the headline
        ("Meet the crew who just landed at the space station",
         "When astronauts venture aboard a station in orbit, they see a world without borders. "
         "The capsule carried NASA astronauts Nicole Mann and Josh Cassada to the space station on Thursday.",
         "The capsule carried NASA astronauts Nicole Mann and Josh Cassada to the space station on Thursday."),
        # a news lead tells it first, and the first sentence wins a near-tie
        ("Liz Truss resigns as British prime minister",
         "British Prime Minister Liz Truss announced Thursday that she will be stepping down. "
         "She had been in office for only 45 days, the shortest term of any prime minister.",
         "British Prime Minister Liz Truss announced Thursday that she will be stepping down."),
        # the headline's figures are its news: the sentence that gives them all, not a later one that is close in
        # meaning but refers back to them ("The glide bomb count ...")
        ("Over 1,100 glide bombs and 560 drones in one week, Zelensky says",
         "Russia launched more than 1,100 guided aerial bombs and over 560 attack drones at Ukraine in the week "
         "to Sunday, President Volodymyr Zelensky said. "
         "The glide bomb count was the highest weekly figure Zelensky has cited this autumn.",
         "Russia launched more than 1,100 guided aerial bombs and over 560 attack drones at Ukraine in the week "
         "to Sunday, President Volodymyr Zelensky said."),
        # ... unless no opening sentence gives them all (a figure in words): then closeness in meaning decides
        ("Over 1,100 glide bombs in one week, Zelensky says",
         "Ukraine's president spoke on Sunday in Kyiv about the war with visiting ministers. "
         "More than a thousand glide bombs were dropped on Ukraine in one week, Zelensky said.",
         "More than a thousand glide bombs were dropped on Ukraine in one week, Zelensky said."),
    ],
)
def test_a_story_line_is_the_opening_sentence_closest_to_the_headline(embedder, title, text, line):
    chunk = Chunk(chunk_id="c1", doc_id="d1", index=0, text=text, title=title, outlet="Wire", url="",
                  published=date(2022, 10, 20))
    assert lead_sentence(chunk, embedder.embed_documents) == line


def test_a_briefing_answers_from_the_period_it_names(sample_app):
    """Asked on 6 November, "the week to 3 November" lists that week's stories, each cited from an article of it;
    the troops reported by two outlets that week are one line."""
    ans = sample_app.ask("What happened in the week to 3 November?", as_of=date(2024, 11, 6))
    assert not ans.abstained and len(ans.citations) >= 2
    assert all("2024-10-28" <= c.published <= "2024-11-03" for c in ans.citations)
    assert "North Korean" in ans.answer and "Syrskyi" in ans.answer
    assert sum("North Korean" in c.quote for c in ans.citations) == 1
    assert all(c.quote and c.quote.rstrip(".") in ans.answer for c in ans.citations)  # each line its quote
    # one story a list item, each its own paragraph
    assert ans.answer.startswith("- ") and ans.answer.count("\n\n- ") == len(ans.citations) - 1


def test_a_briefing_of_the_day_a_question_names(sample_app):
    """"What happened on 17 November?" lists that day's stories: the typhoon and the strike on the power grid."""
    ans = sample_app.ask("What happened on 17 November?", as_of=date(2024, 12, 20))
    assert not ans.abstained and {c.published for c in ans.citations} == {"2024-11-17"}
    assert "Man-yi" in ans.answer and "120 missiles" in ans.answer
    # a question with a subject of its own stays a question
    kursk = sample_app.ask("What happened in Kursk on 4 November?", as_of=date(2024, 12, 20))
    assert not kursk.answer.startswith("- ") and "Kursk" in kursk.answer


def test_a_briefing_without_a_period_is_the_archive_latest_week(sample_app):
    ans = sample_app.ask("Any news?", as_of=date(2026, 12, 4))
    assert not ans.abstained and ans.as_of == "2024-12-19"
    assert all(c.published >= "2024-12-13" for c in ans.citations)


def test_a_question_with_a_subject_or_a_period_after_the_archive_is_no_briefing(sample_app):
    kursk = sample_app.ask("What happened in Kursk yesterday?", as_of=date(2024, 11, 5))
    assert not kursk.abstained and all("Kursk" in c.quote or "Kursk" in c.title for c in kursk.citations)
    empty = sample_app.ask("What happened last week?", as_of=date(2026, 12, 4))
    assert empty.abstained and empty.answer == ("The archive has nothing on that from 23 Nov to 29 Nov 2026; its newest "
                                                "article is from 19 Dec 2024.")


def test_briefings_can_be_turned_off(sample_store, embedder):
    from tests.conftest import make_settings, open_reader

    with open_reader(make_settings(sample_store, news={"briefing_stories": 0}), sample_store,
                     embedder=embedder) as reader:
        ans = reader.ask("What happened in the week to 3 November?", as_of=date(2024, 11, 6))
    assert ans.abstained  # no subject to look for: as before briefings
