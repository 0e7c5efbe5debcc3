"""Timelines (gazette.timeline): table tests for dating, merging copies and ordering (pure), then timelines over the
sample archive."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from gazette.errors import UsageError
from gazette.models import ABSTAIN_TEXT, Chunk, RetrievedChunk
from gazette.timeline import (
    Development,
    are_copies,
    background,
    best_sentence,
    build_timeline,
    clean_topic,
    coming_day,
    event_day,
    figures_differ,
    lines_a_day,
    merge_copies,
    order_lines,
    settle_weekdays,
    told_day,
)

SUN_27_OCT = date(2024, 10, 27)


@pytest.mark.parametrize("sentence, published, expected", [
    # A relative day, resolved against the publication date.
    ("Russia sent 80 drones overnight into Sunday, the air force said.", date(2024, 10, 28), (SUN_27_OCT, "event")),
    ("The council voted on Tuesday evening.", date(2024, 12, 11), (date(2024, 12, 10), "event")),
    ("Officials said yesterday that the talks had failed.", date(2024, 11, 5), (date(2024, 11, 4), "event")),
    # A printed day after the article's date is not what happened by then.
    ("Biden toured the area on Wednesday, October 5.", date(2022, 10, 2), (date(2022, 10, 2), "published")),
    # A printed day without a year.
    ("US officials said on Thursday, 31 October, that 8,000 troops were in Kursk.", date(2024, 11, 1),
     (date(2024, 10, 31), "event")),
    # The latest day it gives: background dates come first in news writing.
    ("Russian forces have started a counteroffensive, five weeks after the incursion on 6 August, officials said "
     "on Thursday, 12 September.", date(2024, 9, 12), (date(2024, 9, 12), "event")),
    # A day over a week before publication is background: the article's date.
    ("It was the second mass strike in 11 days, following the attack of 17 November.", date(2024, 11, 28),
     (date(2024, 11, 28), "published")),
    # What is to come is not what happened.
    ("The prize will be presented in Oslo on 10 December.", date(2024, 10, 11), (date(2024, 10, 11), "published")),
    # No day at all: the publication date.
    ("Kursk is where Ukraine has held Russian territory since August.", date(2024, 11, 1),
     (date(2024, 11, 1), "published")),
    # An undated article with a printed full date, and one without.
    ("The summit opened on 5 June 2023.", None, (date(2023, 6, 5), "event")),
    ("The summit opened on Tuesday.", None, None),
])
def test_a_line_is_dated_by_its_event_else_by_its_article(sentence, published, expected):
    assert event_day(sentence, published) == expected


PENTAGON = "Roughly 10,000 North Korean soldiers were sent to Russia, the Pentagon said on Monday, 28 October."
TUE_29_OCT = date(2024, 10, 29)


@pytest.mark.parametrize("sentence, before, published, expected", [
    # a day told by the sentence before: the same day, the next, a day earlier, two days later
    ("In Brussels on the same day, NATO's chief said units had reached Kursk.", [PENTAGON], TUE_29_OCT,
     date(2024, 10, 28)),
    ("Later that day, the Kremlin declined to comment.", [PENTAGON, "Officials gave no figure."], TUE_29_OCT,
     date(2024, 10, 28)),
    ("The next day, Seoul summoned Russia's ambassador.", [PENTAGON], TUE_29_OCT, TUE_29_OCT),
    ("A day earlier, Seoul had said 3,000 had been sent.", [PENTAGON], TUE_29_OCT, date(2024, 10, 27)),
    # not after the article, nor more than a week before it
    ("Two days later, the troops moved to the border.", [PENTAGON], TUE_29_OCT, None),
    # nothing before it gives a day, or the sentence is not dated by another
    ("On the same day, NATO's chief spoke.", ["Officials gave no figure."], TUE_29_OCT, None),
    ("NATO's chief spoke the day after the vote.", [PENTAGON], TUE_29_OCT, None),  # another event's day
    ("Units reached Kursk, officials said.", [PENTAGON], TUE_29_OCT, None),
    ("On the same day, NATO's chief spoke.", [PENTAGON], None, None),  # an undated article
    # a day between them told by another, or by an event: not one to read
    ("That night, he met House lawmakers.", [PENTAGON, "The day after the search, he took calls from allies."],
     TUE_29_OCT, None),
    ("That night, he met House lawmakers.", [PENTAGON, "The next day, he took calls."], TUE_29_OCT, None),
    # at most four sentences back
    ("On the same day, NATO's chief spoke.", [PENTAGON, *["Officials gave no figure."] * 4], TUE_29_OCT, None),
])
def test_a_sentence_dated_by_an_earlier_one(sentence, before, published, expected):
    assert told_day(sentence, before, published) == expected


TUE_20_OCT = date(2020, 10, 20)


@pytest.mark.parametrize("sentence, published, expected", [
    # Its own time, well before the article: background, which the article's date would misdate.
    ("On Oct. 3, the storm made landfall near the port.", TUE_20_OCT, True),
    ("The council first voted on the ferry in 2019.", TUE_20_OCT, True),
    ("Two weeks ago, the company said it would cut 500 jobs.", TUE_20_OCT, True),
    ("The storm made landfall last month.", TUE_20_OCT, True),
    # A date within the week before the article, or a day of it, is the news itself.
    ("The storm made landfall on Oct. 14.", TUE_20_OCT, False),
    ("On Oct. 3 the storm made landfall, and on Monday the toll rose to 96.", TUE_20_OCT, False),
    ("The storm made landfall last month.", date(2020, 11, 3), False),  # October ended three days before
    # Another event's time or a span's edge: the sentence tells the day's news.
    ("It was the second mass strike in 11 days, following the attack of 17 November.", date(2024, 11, 28), False),
    ("Rates rose by the most since 1994.", TUE_20_OCT, False),
    ("Turnout was higher than in 2016.", TUE_20_OCT, False),
    # A time told in passing, in a clause of its own.
    ("The business has lost its bookings since the fires that started on Aug. 8.", TUE_20_OCT, False),
    ("Supplies have been short since the nation identified its first case of the disease in May.", TUE_20_OCT,
     False),
    ("The trade comes after the Nets traded Irving, who signed along with Durant, 34, in Brooklyn in 2019.",
     TUE_20_OCT, False),
    ("Helene is the couple's fourth hurricane since moving to the area in 2021.", TUE_20_OCT, False),
    # A date that names something: an event, a post, what a month or year owns.
    ("The panel investigating the January 6, 2021, attack met again.", date(2022, 7, 12), False),
    ("A Feb. 4 Facebook post claims to explain the decision.", date(2023, 2, 15), False),
    ("The ruling limits what prosecutors may read of last month's search.", TUE_20_OCT, False),
    ("The record jackpot, won by a single ticket sold in South Carolina in 2018, is $1.5 billion.", TUE_20_OCT,
     True),
    # No date at all, or no publication date to measure against.
    ("The toll rose to 96, officials said.", TUE_20_OCT, False),
    ("On Oct. 3, the storm made landfall near the port.", None, False),
])
def test_a_sentence_that_tells_an_earlier_time_is_background(sentence, published, expected):
    assert background(sentence, published) is expected


def test_a_background_sentence_is_no_development():
    text = ("On Oct. 3, the Lake Town ferry was closed by the council after a storm. "
            "Lake Town ferry riders rallied at the harbour on Saturday to demand it back.")
    chunk = Chunk(chunk_id="c:0", doc_id="c", index=0, text=text, title="Lake Town ferry riders rally",
                  published=TUE_20_OCT)
    found = best_sentence("Lake Town ferry", [chunk])
    assert found is not None and found[0].startswith("Lake Town ferry riders rallied")
    only_background = Chunk(chunk_id="d:0", doc_id="d", index=0, text=text.split(". ")[0] + ".",
                            title="Lake Town ferry riders rally", published=TUE_20_OCT)
    assert best_sentence("Lake Town ferry", [only_background]) is None


def dev(doc: str, day: date, sentence: str, *, rank: int = 0, score: float = 1.0, title: str = "Kursk",
        outlet: str = "Wire", published: date | None = None) -> Development:
    chunk = Chunk(chunk_id=f"{doc}:0", doc_id=doc, index=0, text=sentence, title=title, outlet=outlet,
                  published=published or day)
    return Development(day, "event", sentence, chunk, rank, score)


A = dev("a", date(2024, 11, 1), "Up to 8,000 North Korean troops are now in Russia's Kursk region, US officials said.",
        outlet="Global Desk")
A_COPY = dev("a2", date(2024, 11, 1), "Up to 8,000 North Korean troops are now in the Kursk region of Russia, US "
             "officials said on Thursday.", rank=3, outlet="Metro Daily")
A_REWRITE = dev("a3", date(2024, 11, 2), "US officials put the number of North Korean soldiers in Kursk at 8,000.",
                rank=4, outlet="Valley Times")
A_SAME_TITLE = dev("a4", date(2024, 11, 1), "Washington gave its estimate after talks with Seoul.", rank=5,
                   title="Kursk", outlet="Hill Post")
B = dev("b", date(2024, 11, 4), "Ukrainian forces have engaged North Korean troops in Kursk for the first time.",
        rank=1, title="First clashes")
B_LATER = dev("b2", date(2024, 11, 8), "Ukrainian forces have engaged North Korean troops in Kursk again.", rank=2,
              title="First clashes")


@pytest.mark.parametrize("a, b, copies", [
    (A, A_COPY, True),           # the same sentence, slightly edited
    (A, A_REWRITE, True),        # a day apart, some shared words and the same figure (8,000)
    (A, A_SAME_TITLE, True),     # the same headline on the same day
    (A, B, False),               # another development
    (B, B_LATER, False),         # similar words, but four days apart: a later development
])
def test_copies_of_one_story(a, b, copies):
    assert are_copies(a, b) is copies
    assert are_copies(b, a) is copies


def test_copies_merge_into_the_best_ranked_line_keeping_the_other_outlets():
    merged = merge_copies([A_COPY, B, A, A_REWRITE])
    assert [d.chunk.doc_id for d in merged] == ["a", "b"]
    assert merged[0].copies == ("Metro Daily", "Valley Times")


@pytest.mark.parametrize("a, b, differ", [
    ("The toll reached 93 on Saturday.", "The toll rose to 96 on Sunday.", True),
    ("The toll reached 93 on Saturday.", "Officials said 93 had died, 12 of them children.", False),  # one shared
    ("The toll reached 93 on Saturday.", "The town was razed by fire.", False),  # one gives no figure
    ("The worst storm since 1977 killed 29.", "The blizzard of 1977 left 23 dead.", True),  # a year is no figure
    ("It was the worst storm since 1977.", "The blizzard of 1977 was worse.", False),
])
def test_figures_differ(a, b, differ):
    assert figures_differ(a, b) is differ
    assert figures_differ(b, a) is differ


C = dev("c", date(2024, 11, 4), "Musk struck a deal to buy the company on Monday.", rank=2, title="Deal struck")
C_OTHER_WORDS = dev("c2", date(2024, 11, 4), "It is official: Musk is set to own the company.", rank=3,
                    title="Musk to own it", outlet="Valley Times")
TOLL_SAT = dev("t1", date(2024, 11, 2), "The death toll reached 93 on Saturday.", rank=4, title="Toll rises")
TOLL_SUN = dev("t2", date(2024, 11, 3), "The death toll rose to 96 on Sunday as the search went on.", rank=5,
               title="Search goes on")


@pytest.mark.parametrize("a, b, closeness, copies", [
    (C, C_OTHER_WORDS, 0.8, True),      # one development in other words, close in meaning
    (C, C_OTHER_WORDS, 0.7, False),     # not close enough
    (C, C_OTHER_WORDS, None, False),    # without the sentences' vectors, only shared words count
    (TOLL_SAT, TOLL_SUN, 0.9, False),   # close, but each gives its own figure: two updates
    (C, B_LATER, 0.95, False),          # four days apart
])
def test_a_development_told_in_other_words(a, b, closeness, copies):
    assert are_copies(a, b, closeness) is copies


def test_merging_reads_the_vectors_of_the_developments_given():
    devs = [C_OTHER_WORDS, B, C]
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6]])  # C_OTHER_WORDS and C: cosine 0.8
    merged = merge_copies(devs, vectors)
    assert [d.chunk.doc_id for d in merged] == ["b", "c"]  # B ranks first; C stays and keeps the other outlet
    assert merged[1].copies == ("Valley Times",)
    assert [d.chunk.doc_id for d in merge_copies(devs)] == ["b", "c", "c2"]


def test_lines_are_the_most_relevant_then_oldest_first():
    lines = [dev("x", date(2024, 11, 4), "x", score=0.9, rank=2), dev("y", date(2024, 10, 1), "y", score=0.5, rank=5),
             dev("z", date(2024, 10, 20), "z", score=0.8, rank=1), dev("w", date(2024, 9, 1), "w", score=0.2, rank=9)]
    assert [d.chunk.doc_id for d in order_lines(lines, 3)] == ["y", "z", "x"]  # w is the least relevant
    same_day = [dev("late", date(2024, 11, 1), "l", published=date(2024, 11, 3), rank=0),
                dev("early", date(2024, 11, 1), "e", published=date(2024, 11, 1), rank=1)]
    assert [d.chunk.doc_id for d in order_lines(same_day, 5)] == ["early", "late"]


def test_at_most_two_lines_a_day_leave_room_for_the_days_after():
    busy = [dev(f"d{i}", date(2024, 11, 1), f"s{i}", score=0.9 - i / 100, rank=i) for i in range(4)]
    later = dev("later", date(2024, 11, 6), "later", score=0.5, rank=9)
    chosen = order_lines([*busy, later], 3)
    assert [d.chunk.doc_id for d in chosen] == ["d0", "d1", "later"]
    assert [d.chunk.doc_id for d in order_lines([*busy, later], 3, per_day=3)] == ["d0", "d1", "d2"]


@pytest.mark.parametrize("since, until, per_day", [
    (None, None, 2),
    (date(2024, 11, 1), None, 2),
    (date(2024, 11, 1), date(2024, 11, 30), 2),
    (date(2024, 11, 1), date(2024, 11, 3), 4),   # 12 lines over 3 days
    (date(2024, 11, 1), date(2024, 11, 1), 12),  # one day may fill every line
    (date(2024, 11, 2), date(2024, 11, 1), 2),   # an empty period: no error
])
def test_a_short_period_lets_a_day_take_more_lines(since, until, per_day):
    assert lines_a_day(12, since, until) == per_day


def test_a_photo_caption_is_no_development():
    text = ("Ana Ruiz/Lake Weekly Riders board the last ferry across Lake Town on Friday evening. "
            "The council voted to close the Lake Town ferry on Friday.")
    chunk = Chunk(chunk_id="c:0", doc_id="c", index=0, text=text, title="Council closes ferry",
                  published=date(2024, 11, 1))
    found = best_sentence("Lake Town ferry", [chunk])
    assert found is not None and found[0].startswith("The council voted")


@pytest.mark.parametrize("heading", [
    "Live updates: Lake Town ferry closure",
    "The claim: The Lake Town ferry was sold to a casino",
    "Lake Town ferry closes after council vote",
])
def test_a_heading_without_its_full_stop_is_no_development(heading):
    text = f"{heading}\n\nThe council voted on Friday to close the Lake Town ferry, which had run since 1950."
    chunk = Chunk(chunk_id="c:0", doc_id="c", index=0, text=text, title="Council closes ferry",
                  published=date(2024, 11, 1))
    found = best_sentence("Lake Town ferry", [chunk])
    assert found is not None and found[0].startswith("The council voted")


@pytest.mark.parametrize("topic", ["", "   ", "\n"])
def test_an_empty_topic_is_one_line(topic):
    with pytest.raises(UsageError, match="^the topic is empty"):
        clean_topic(topic)


def test_nothing_on_the_topic():
    unrelated = RetrievedChunk(chunk=Chunk(chunk_id="c", doc_id="d", index=0, text="The ECB cut rates on Thursday.",
                                           title="ECB", published=date(2024, 10, 17)), score=1.0)
    timeline = build_timeline("North Korean troops in Kursk", [unrelated], max_lines=5)
    assert timeline.abstained and timeline.text == ABSTAIN_TEXT and timeline.lines == []


# -- over the sample archive -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_timeline_over_the_sample_archive(sample_app):
    timeline = sample_app.timeline("North Korean troops in Russia")
    days = [line.date for line in timeline.lines]
    assert days == sorted(days) and len(days) >= 5
    assert days[0] == "2024-10-18" and "special forces" in timeline.lines[0].text
    assert any(line.date == "2024-10-31" and "8,000" in line.text for line in timeline.lines)  # dated by its event
    for line in timeline.lines:  # each line a sentence of the article it cites
        cited = timeline.citations[line.n - 1]
        assert line.text.endswith(f"[{line.n}].") and cited.quote in line.text.replace(f" [{line.n}]", "")
    assert len({line.n for line in timeline.lines}) == len(timeline.lines)


def test_a_line_dated_by_the_sentence_before_it(sample_app):
    """The article of 29 October says NATO's chief spoke "in Brussels on the same day" as the Pentagon's Monday, 28
    October: that line is dated 28 October, not the article's 29."""
    timeline = sample_app.timeline("North Korean troops in Kursk")
    nato = [line for line in timeline.lines if "on the same day" in line.text]
    assert [line.date for line in nato] == ["2024-10-28"]


@pytest.mark.slow
def test_a_timeline_keeps_to_its_dates_and_its_line_cap(sample_store, embedder):
    from tests.conftest import make_settings, open_reader

    with open_reader(make_settings(sample_store, news={"timeline_lines": 3}), sample_store, embedder=embedder) as r:
        from gazette.app import parse_filters

        timeline = r.timeline("North Korean troops in Russia", filters=parse_filters("2024-10-20", "2024-11-30"))
    assert len(timeline.lines) == 3
    assert all("2024-10-20" <= line.date <= "2024-11-30" for line in timeline.lines)


THU_7_JUL, FRI_1_JUL, FRI_8_JUL = date(2022, 7, 7), date(2022, 7, 1), date(2022, 7, 8)


@pytest.mark.parametrize("sentence, published, day, expected", [
    ("The former leader died Friday after being shot at a rally.", THU_7_JUL, FRI_1_JUL, FRI_8_JUL),
    ("The former leader died on Friday after being shot.", THU_7_JUL, FRI_1_JUL, FRI_8_JUL),
    ("Protesters stormed the office early Wednesday.", date(2022, 7, 12), date(2022, 7, 6), date(2022, 7, 13)),
    # "last Friday" says which; so does a printed date.
    ("The former leader died last Friday.", THU_7_JUL, FRI_1_JUL, None),
    ("The former leader died on Friday, July 1.", THU_7_JUL, FRI_1_JUL, None),
    # The publication day itself, a day the article says another way, a day over a week back, no article date.
    ("The former leader died Thursday.", THU_7_JUL, THU_7_JUL, None),
    ("The former leader died yesterday.", THU_7_JUL, date(2022, 7, 6), None),
    ("The former leader died on Friday, June 24.", THU_7_JUL, date(2022, 6, 24), None),
    ("The former leader died Friday.", None, FRI_1_JUL, None),
])
def test_the_coming_reading_of_a_bare_weekday(sentence, published, day, expected):
    assert coming_day(sentence, published, day) == expected


def weekday_dev(doc: str, day: date, published: date, coming: date | None = None,
                dated_by: str = "event") -> Development:
    chunk = Chunk(chunk_id=f"{doc}:0", doc_id=doc, index=0, text="x", title="Abe", outlet=doc, published=published)
    return Development(day, dated_by, "x", chunk, 0, 1.0, coming=coming)


LIVE = weekday_dev("live", FRI_1_JUL, THU_7_JUL, coming=FRI_8_JUL)  # a live page's first date, its text of 8 July
LATER = weekday_dev("later", FRI_8_JUL, date(2022, 7, 9))  # another article telling it, dated 8 July
EARLIER = weekday_dev("earlier", FRI_1_JUL, date(2022, 7, 2))  # another article that dates it 1 July


@pytest.mark.parametrize("devs, cosine, expected", [
    ([LIVE, LATER], 0.9, [FRI_8_JUL, FRI_8_JUL]),          # another article dates it the coming day: moved
    ([LIVE, LATER], 0.74, [FRI_1_JUL, FRI_8_JUL]),         # the same story, not the same development
    ([LIVE, LATER, EARLIER], 0.9, [FRI_1_JUL, FRI_8_JUL, FRI_1_JUL]),  # both readings told: left as it was
    ([LIVE, weekday_dev("live", FRI_8_JUL, THU_7_JUL)], 0.9, [FRI_1_JUL, FRI_8_JUL]),  # its own article: no witness
    ([LIVE], 0.9, [FRI_1_JUL]),
    # A line dated by its article's date only (a retelling days later) is no witness.
    ([LIVE, weekday_dev("retold", FRI_8_JUL, FRI_8_JUL, dated_by="published")], 0.9, [FRI_1_JUL, FRI_8_JUL]),
])
def test_a_weekday_moves_to_the_coming_one_when_other_articles_date_it_so(devs, cosine, expected):
    gram = np.full((len(devs), len(devs)), cosine)
    np.fill_diagonal(gram, 1.0)
    vectors = np.linalg.cholesky(gram)  # rows of unit length whose pairwise cosines are ``cosine``
    assert [d.day for d in settle_weekdays(devs, vectors)] == expected
    assert [d.day for d in settle_weekdays(devs, None)] == [d.day for d in devs]  # no vectors: nothing moves


def article_hit(doc: str, published: date, title: str, text: str, outlet: str) -> RetrievedChunk:
    return RetrievedChunk(chunk=Chunk(chunk_id=f"{doc}:0", doc_id=doc, index=0, text=text, title=title,
                                      outlet=outlet, published=published), score=1.0)


def test_a_live_pages_weekday_settles_in_the_timeline_before_its_period_is_applied():
    # A live page first dated Thursday 7 July whose text tells Friday's death, and an article of Saturday 9 July
    # telling it too: with their sentences one development (the fake embedder gives both the same vector), the
    # page's "Friday" is 8 July, not 1 July, so it joins the other article's line and counts in a period from 8 July.
    live = article_hit("live", THU_7_JUL, "Former leader shot at rally",
                       "The former leader died Friday after being shot at a campaign rally in the city.", "Live Wire")
    later = article_hit("later", date(2022, 7, 9), "Former leader dies after rally shooting",
                        "The former leader died on Friday after he was shot while speaking at a campaign rally.",
                        "Evening Post")

    def same_vector(sentences: list[str]) -> np.ndarray:
        return np.ones((len(sentences), 2)) / np.sqrt(2)

    for since in (None, FRI_8_JUL):
        timeline = build_timeline("former leader shot at campaign rally", [live, later], max_lines=5, since=since,
                                  embed=same_vector)
        assert [line.date for line in timeline.lines] == ["2022-07-08"]
        assert timeline.lines[0].copies  # the two articles are one line
    # Without the sentences' vectors nothing witnesses the coming Friday: the page's line stays on 1 July.
    alone = build_timeline("former leader shot at campaign rally", [live, later], max_lines=5)
    assert sorted(line.date for line in alone.lines) == ["2022-07-01", "2022-07-08"]


def test_a_line_is_shown_without_its_list_marker():
    page = RetrievedChunk(chunk=Chunk(chunk_id="c", doc_id="d", index=0, title="Helene live updates",
                                      text="− The death toll from Helene surpassed 200 on Thursday across the "
                                           "Southeast.", published=date(2024, 10, 3)), score=1.0)
    timeline = build_timeline("Helene death toll", [page], max_lines=5)
    assert [line.text for line in timeline.lines] == [
        "The death toll from Helene surpassed 200 on Thursday across the Southeast [1]."]
    assert timeline.citations[0].quote in page.chunk.text and not timeline.citations[0].quote.startswith("−")
