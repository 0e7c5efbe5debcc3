from datetime import date

import pytest

from gazette.lexicon import mask_named_today
from gazette.models import SearchFilters
from gazette.timescope import TimeScope, humanise, period_text, time_scope

REF = date(2024, 11, 13)  # a Wednesday


@pytest.mark.parametrize(
    ("question", "since", "until", "recency"),
    [
        ("What happened in Kursk last week?", date(2024, 11, 4), date(2024, 11, 10), False),
        ("What happened this week?", date(2024, 11, 6), REF, False),
        ("Any strikes today?", REF, REF, False),
        # the weekend just past: its Saturday and Sunday (REF is a Wednesday)
        ("What happened over the weekend?", date(2024, 11, 9), date(2024, 11, 10), False),
        ("Who won the derby last weekend?", date(2024, 11, 9), date(2024, 11, 10), False),
        ("What will happen this weekend?", None, None, False),  # a weekend to come names no past days
        ("What did Zelensky say yesterday?", date(2024, 11, 12), REF, False),
        ("What happened in the past 3 days?", date(2024, 11, 10), REF, False),
        ("Attacks over the last two weeks?", date(2024, 10, 30), REF, False),
        ("What did the ECB do in March 2023?", date(2023, 3, 1), date(2023, 3, 31), False),
        ("What did the ECB do in March?", date(2024, 3, 1), date(2024, 3, 31), False),
        ("What happened in December?", date(2023, 12, 1), date(2023, 12, 31), False),
        ("Who won in 2023?", date(2023, 1, 1), date(2023, 12, 31), False),
        ("Which town holds an egg fry every Fourth of July?", None, None, False),  # a holiday, no period
        ("Who was player of the year in 2023-24?", date(2023, 1, 1), REF, False),  # a season: both years
        ("Who led the league during the 2019-20 season?", date(2019, 1, 1), date(2020, 12, 31), False),
        ("What happened in 2019-2020?", date(2019, 1, 1), date(2020, 12, 31), False),
        ("Where were the fireworks on the 4th of July 2023?", None, None, False),
        ("What happened at the end of July 2023?", date(2023, 7, 1), date(2023, 7, 31), False),
        ("What has changed since October?", date(2024, 10, 1), REF, False),
        ("What has changed since 2 November?", date(2024, 11, 2), REF, False),
        ("Troop numbers before October 2024?", None, date(2024, 9, 30), False),
        ("How many drones this year?", date(2024, 1, 1), REF, False),
        ("What happened last month?", date(2024, 10, 1), date(2024, 10, 31), False),
        ("What happened last year?", date(2023, 1, 1), date(2023, 12, 31), False),
        # "last November" asked in November is a year back; "last March" this year's
        ("What happened last November?", date(2023, 11, 1), date(2023, 11, 30), False),
        ("What happened last March?", date(2024, 3, 1), date(2024, 3, 31), False),
        ("When did the last march end?", None, None, False),  # a march, not March
        # a week of a month, and the week up to a day
        ("How many bombs fell in the last week of October?", date(2024, 10, 25), date(2024, 10, 31), False),
        ("Which film led on the first weekend of December 2021?", date(2021, 12, 1), date(2021, 12, 7), False),
        ("How many died in the second week of March 2020?", date(2020, 3, 8), date(2020, 3, 14), False),
        ("How many drones were launched in the week to 27 October?", date(2024, 10, 21), date(2024, 10, 27),
         False),
        # news counts "the week before" a day up to that day ("in the week before Sunday, 27 October")
        ("How many drones were launched in the week before 27 October?", date(2024, 10, 21), date(2024, 10, 27),
         False),
        ("What happened in the week leading up to 3 November?", date(2024, 10, 28), date(2024, 11, 3), False),
        # a part of a year or month names it; a season of a year names its months
        ("What did the survey reported in late 2021 find?", date(2021, 1, 1), date(2021, 12, 31), False),
        ("What was the rate in early November 2022?", date(2022, 11, 1), date(2022, 11, 30), False),
        ("Why was heat forecast in mid-July 2023?", date(2023, 7, 1), date(2023, 7, 31), False),
        ("What happened in spring 2024?", date(2024, 3, 1), date(2024, 6, 30), False),
        ("Whom did they sign in the summer of 2022?", date(2022, 6, 1), date(2022, 9, 30), False),
        ("Why hold it in spring rather than in late February?", None, None, False),
        # a deadline after the reference date names no period; the question's other dates do
        ("How many shots were given by March 1?", None, date(2024, 3, 1), False),
        ("Will half of adults get a shot by December 4?", None, None, False),
        ("Why was the US expected in June 2024 to miss its goal by December 4?", date(2024, 6, 1),
         date(2024, 6, 30), False),
        ("Why did the city say in 2023 that it would scrap the licences by 2028?", date(2023, 1, 1),
         date(2023, 12, 31), False),
        ("What is the latest on Kursk?", None, REF, True),
        ("How many troops are there now?", None, REF, True),
        ("How many North Korean troops are in Kursk?", None, None, False),
        ("What happened in Kursk?", None, None, False),
        # a newspaper or a show named "Today" names no day
        ("What did USA TODAY's analysis of March 2022 find?", date(2022, 3, 1), date(2022, 3, 31), False),
        ("Who did USA Today rank first?", None, None, False),
        ("Today, who leads the count?", REF, REF, False),
        # a weekday is the latest such day up to the reference date (a Wednesday)
        ("Which cities did Russia hit on Sunday?", date(2024, 11, 10), date(2024, 11, 10), False),
        ("What did Zelensky say on Wednesday?", REF, REF, False),
        ("What did Zelensky say last Wednesday?", date(2024, 11, 6), date(2024, 11, 6), False),
        ("What did Sunday's attack hit?", date(2024, 11, 10), date(2024, 11, 10), False),
        ("What did Ukraine say Monday about the attack?", date(2024, 11, 11), date(2024, 11, 11), False),
        ("Friday, who was hit?", date(2024, 11, 8), date(2024, 11, 8), False),
        # a holiday or event named for its weekday, a habit, what is to come, a range: no day
        ("How much did shoppers spend on Black Friday?", None, None, False),
        ("Who won Super Tuesday's primaries?", None, None, False),
        ("Which shops open on Sundays?", None, None, False),
        ("Which market opens every Sunday?", None, None, False),
        ("What is planned for next Friday?", None, None, False),
        ("What has changed since Monday?", None, None, False),
        # a weekday the question dates: the date is the question's (checked as a stated date, not a period)
        ("What was hit on Sunday, 10 November?", None, None, False),
        ("What was hit on Sunday, November 3?", None, None, False),
    ],
)
def test_time_scope(question, since, until, recency):
    scope = time_scope(question, REF)
    assert (scope.since, scope.until, scope.recency) == (since, until, recency)


def test_ranges_never_end_after_the_reference_date():
    assert time_scope("What happened in November?", REF).until == REF
    assert time_scope("since 2025", REF).since == date(2025, 1, 1)


def test_humanise():
    assert humanise(date(2024, 11, 4)) == "4 Nov 2024"


@pytest.mark.parametrize(
    ("since", "until", "said"),
    [
        (date(2021, 1, 1), date(2021, 12, 31), "in 2021"),
        (date(2023, 3, 1), date(2023, 3, 31), "in March 2023"),
        (date(2024, 2, 1), date(2024, 2, 29), "in February 2024"),
        (date(2024, 11, 12), date(2024, 11, 12), "on 12 Nov 2024"),
        (date(2026, 11, 23), date(2026, 11, 29), "from 23 Nov to 29 Nov 2026"),
        (date(2025, 12, 29), date(2026, 1, 4), "from 29 Dec 2025 to 4 Jan 2026"),
        (date(2023, 3, 1), date(2023, 3, 30), "from 1 Mar to 30 Mar 2023"),  # not the whole month
        (date(2024, 11, 4), None, "since 4 Nov 2024"),
        (None, date(2023, 12, 31), "before 1 Jan 2024"),
        (None, None, ""),
        # a period to come, cut at the reference date, is what was read: never "from 1 Mar 2021 to 28 Dec 2020"
        (date(2021, 3, 1), date(2020, 12, 28), "up to 28 Dec 2020"),
    ],
)
def test_period_text(since, until, said):
    assert period_text(TimeScope(since, until)) == said


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("as USA TODAY reported today", "as USA       reported today"),
        ("FLORIDA TODAY and USA Today said", "FLORIDA       and USA       said"),
        ("She was on NBC's Today show.", "She was on NBC's       show."),
        ("Today, the council met.", "Today, the council met."),
        ("It rained. Today it is dry.", "It rained. Today it is dry."),
        ('He said: "Today we vote."', 'He said: "Today we vote."'),
        ("STOCKS FALL TODAY", "STOCKS FALL TODAY"),  # all capitals: no name can be told apart
        ("no day named", "no day named"),
    ],
)
def test_mask_named_today(text, kept):
    assert mask_named_today(text) == kept


@pytest.mark.parametrize(
    ("filters", "since", "until", "merged"),
    [
        (SearchFilters(), None, None, SearchFilters()),
        (SearchFilters(since=date(2023, 3, 10), outlets=("X",)), date(2023, 3, 1), date(2023, 3, 31),
         SearchFilters(since=date(2023, 3, 10), until=date(2023, 3, 31), outlets=("X",))),  # the later start
        (SearchFilters(until=date(2023, 3, 20)), None, date(2023, 3, 31), SearchFilters(until=date(2023, 3, 20))),
        (SearchFilters(), date(2023, 3, 1), None, SearchFilters(since=date(2023, 3, 1))),
        (SearchFilters(since=date(2023, 4, 1)), None, date(2023, 3, 31),  # disjoint: an empty range, kept as such
         SearchFilters(since=date(2023, 4, 1), until=date(2023, 3, 31))),
    ],
)
def test_filters_narrowed_to_a_period(filters, since, until, merged):
    assert filters.narrowed(since=since, until=until) == merged


@pytest.mark.parametrize(("reference", "since", "until"), [
    (date(2024, 11, 10), date(2024, 11, 9), date(2024, 11, 10)),  # a Sunday: this weekend, up to today
    (date(2024, 11, 9), date(2024, 11, 9), date(2024, 11, 9)),  # a Saturday: nothing after it
    (date(2024, 11, 11), date(2024, 11, 9), date(2024, 11, 10)),  # a Monday
    (date(2024, 11, 15), date(2024, 11, 9), date(2024, 11, 10)),  # a Friday: the weekend before
])
def test_over_the_weekend_is_the_latest_saturday_and_sunday(reference, since, until):
    scope = time_scope("What happened over the weekend?", reference)
    assert (scope.since, scope.until) == (since, until)


@pytest.mark.parametrize(
    ("question", "shift"),
    [
        ("And the week before?", (-1, "week")),
        ("What about the previous day?", (-1, "day")),
        ("And a month earlier?", (-1, "month")),
        ("the year before?", (-1, "year")),
        ("And the next day?", (1, "day")),
        ("What about the following week?", (1, "week")),
        ("And two weeks later?", (2, "week")),
        ("3 days after?", (3, "day")),
        # a period of its own, or no move at all
        ("What happened in the week before 27 October?", None),
        ("the week before last", None),
        ("What happened this week?", None),
        ("How many days before the vote?", None),
    ],
)
def test_the_move_a_follow_up_asks_for(question, shift):
    from gazette.timescope import relative_shift

    found = relative_shift(question)
    assert ((found.n, found.unit) if found else None) == shift


@pytest.mark.parametrize(
    ("period", "move", "moved"),
    [
        ((date(2024, 10, 21), date(2024, 10, 27)), "the week before", (date(2024, 10, 14), date(2024, 10, 20))),
        ((date(2024, 11, 4), date(2024, 11, 4)), "the day after", (date(2024, 11, 5), date(2024, 11, 5))),
        # a whole month stays whole
        ((date(2024, 2, 1), date(2024, 2, 29)), "the month after", (date(2024, 3, 1), date(2024, 3, 31))),
        ((date(2024, 3, 1), date(2024, 3, 31)), "the month before", (date(2024, 2, 1), date(2024, 2, 29))),
        ((date(2024, 1, 1), date(2024, 12, 31)), "the year before", (date(2023, 1, 1), date(2023, 12, 31))),
        # never after the reference date (1 December 2024)
        ((date(2024, 11, 25), date(2024, 12, 1)), "the week after", (date(2024, 12, 2), date(2024, 12, 1))),
        # a whole year or month cut at the reference date (1 December 2024) moves to a whole one
        ((date(2024, 1, 1), date(2024, 12, 1)), "the year before", (date(2023, 1, 1), date(2023, 12, 31))),
        ((date(2024, 12, 1), date(2024, 12, 1)), "the month before", (date(2024, 11, 1), date(2024, 11, 30))),
        # too long for the move: a year a week back is that year; a month a week back that month
        ((date(2024, 1, 1), date(2024, 12, 31)), "the week before", None),
        ((date(2024, 10, 1), date(2024, 10, 31)), "the day before", None),
        # nothing to move: an open period; out of the calendar
        ((date(2024, 10, 1), None), "the week before", None),
        ((date(1, 1, 1), date(1, 1, 7)), "the week before", None),
    ],
)
def test_a_period_moved(period, move, moved):
    from gazette.timescope import TimeScope, relative_shift, shift_scope

    shift = relative_shift(move)
    assert shift is not None
    found = shift_scope(TimeScope(*period), shift, date(2024, 12, 1))
    assert ((found.since, found.until) if found else None) == moved


@pytest.mark.parametrize(
    ("text", "move", "moved"),
    [
        ("happened Kursk 4 November", "the day before", "happened Kursk 3 November"),
        ("missiles 1 March 2024", "the day before", "missiles 29 February 2024"),
        ("missiles 1 March", "the day before", "missiles 28 February"),  # no year: one of 365 days
        ("troops October 2024", "two months later", "troops December 2024"),
        ("prize 2023", "the year before", "prize 2022"),
        # too coarse for the move, or a year not stated for a move of years: as it is
        ("troops 2024", "the week before", "troops 2024"),
        ("troops in October", "the year before", "troops in October"),
    ],
)
def test_the_dates_of_a_text_moved(text, move, moved):
    from gazette.timescope import relative_shift, shifted_dates

    shift = relative_shift(move)
    assert shift is not None and shifted_dates(text, shift) == moved


@pytest.mark.parametrize(
    ("question", "names"),
    [("And now?", True), ("What about 28 November?", True), ("What about last year?", True),
     ("anything in March?", True), ("And the week before?", False), ("And the drones?", False)],
)
def test_whether_a_question_names_a_time_of_its_own(question, names):
    from gazette.timescope import names_time, without_dates

    assert names_time(question) is names
    assert without_dates("How many missiles on 17 November 2024 in Kyiv?") == "How many missiles on in Kyiv?"
