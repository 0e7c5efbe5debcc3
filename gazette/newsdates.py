"""Dates in news text: the ones it prints, and the relative ones resolved against the article's publication date
(pure functions).

News rarely prints the current year. An article of Tuesday 29 October 2024 says "on Tuesday", "last week", "this
year", "in March"; its publication date is part of what it says. :func:`text_dates` finds every date a text gives:

- printed: "29 October 2024", "Oct. 29, 2024", "October 29", "October 2024", "2024-10-29", a year "2024";
- relative, with a publication date only: "today", "tonight", "yesterday", "tomorrow", "on Tuesday" (the latest
  Tuesday up to the publication day; "next Tuesday" the one after it), "N days/weeks ago", "last/this/next
  week|month|year", "earlier this month", "this season" (the publication year, and the year before for articles of
  January to June: a season that began the previous autumn), and a month or day without a year ("in March",
  "March 3"), which is the occurrence nearest the publication date;
- holidays, as news names days: "New Year's Day", "Christmas Eve", "the Fourth of July", "Thanksgiving",
  "Memorial Day", "Easter" (:data:`HOLIDAYS`). With a year ("New Year's Day 2013") the day is printed; without
  one it is resolved as a printed day without a year is: the latest one, or the coming one when it is at most a
  month ahead or the sentence speaks of what is to come.

:func:`claim_dates` reads the absolute dates a claim (an answer sentence, a question) states. :func:`supports` says
whether one of a text's dates backs a claimed date at the claim's own precision: a day needs that day, a month a
date in that month, a year a date in that year. Impossible dates ("31 February", "year 99999") are ignored.

This runs when a claim is checked, not at ingest: the rules can improve without re-ingesting an archive, and
only the few chunks an answer cites (or a question's candidates) are read, in microseconds each.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.easter import easter

from gazette.chunking import split_sentences
from gazette.lexicon import MONTH_WORD, MONTHS, NUMBER_WORDS, WEEKDAYS, mask_named_today

Grain = Literal["day", "month", "year", "range"]

MIN_YEAR, MAX_YEAR = 1800, 2199
"""Years outside this range are not read as years (a count, an address, an id)."""
YEARLESS = 2000
"""The placeholder year of a yearless span (a leap year: 29 February is a possible day)."""


@dataclass(frozen=True)
class DateSpan:
    """A date a text gives: from ``first`` to ``last`` (inclusive), at a precision (``grain``)."""

    first: date
    last: date
    grain: Grain
    text: str = ""
    relative: bool = False
    """Resolved against the publication date ("on Tuesday"), not printed."""
    yearless: bool = False
    """A printed day or month with no year, in a text with no publication date: its year is unknown (``first``
    carries a placeholder year); it backs only claims that name no year."""


@dataclass(frozen=True)
class ClaimDate:
    """A date a claim states: a year, a month, a day, or a combination (what is None was not said)."""

    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    """Where it is in the claim's text."""

    @property
    def grain(self) -> Grain:
        return "day" if self.day else "month" if self.month else "year"


def _valid(year: int, month: int, day: int) -> date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[date, date] | None:
    first = _valid(year, month, 1)
    if first is None:
        return None
    return first, date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> tuple[date, date] | None:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return None
    return date(year, 1, 1), date(year, 12, 31)


SOON_DAYS = 31
"""A day printed without a year at most this many days after the article's date is the coming one, whatever the
tense: "ready to walk out on Oct. 1" in an article of 27 September, "premieres May 1" in one of 25 April. News
prints the days of its own year without one; further ahead, a yearless day is more often last year's ("the ban
took effect on Jan. 15" in an article of October)."""


def which_year(month: int, day: int, published: date, future: bool = False, soon: int = 0) -> int:
    """The year of a MONTH/DAY given without one: the latest on or before the publication date ("in March" in an
    article of November 2024 is March 2024; "in December" in it is December 2023), or, in a sentence about what
    is to come, the first on or after it ("will open in January": January 2025). A day at most ``soon`` days after
    the publication date is the coming one (:data:`SOON_DAYS` for printed days)."""
    if future:
        return published.year if (month, day) >= (published.month, published.day) else published.year + 1
    for year in (published.year, published.year + 1):
        coming = _valid(year, month, day)
        if coming is not None and 0 < (coming - published).days <= soon:
            return year
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


_FUTURE = re.compile(
    r"\b(?:will|won't|shall|(?:is|are) (?:set|expected|scheduled|due|slated|poised) to|(?:is|are) (?:set|scheduled|"
    r"due|slated) (?:for|on)|plans? to|planning to|upcoming|next)\b|'ll\b",
    re.IGNORECASE,
)


def speaks_of_future(sentence: str) -> bool:
    """Whether a sentence is about what is to come ("will", "is expected to", "next") (pure)."""
    return bool(_FUTURE.search(sentence))


# A question about what was planned at the time it is asked ("As of December 2023, where was the first debate of
# 2024 scheduled to be held?", "How many workers were ready to walk out on Oct. 1?", "... the series, premiering May
# 1?", "When was the 2015 game scheduled?") or one that asks for a goal, a target or a forecast ("What finishing-time
# goal did he set for the Boston Marathon in April 2019?") asks about what is to come, in whatever tense it is put.
_PLANNED = re.compile(r"\b(?:scheduled|planned|set|expected|due|slated|poised|ready|preparing|threatening) to\b"
                      r"|\b(?:re)?(?:schedul(?:e|es|ed|ing)|slated)\b|\bupcoming\b|\bpremier(?:es|ing)\b"
                      r"|\b(?:what|which)\s+(?:[\w-]+\s+){0,2}(?:goals?|targets?|forecasts?|projections?)\b",
                      re.IGNORECASE)


# What someone said, at the time asked of, would happen: a plan or a forecast told then.
_TOLD_AHEAD = re.compile(r"\b(?:say|said|announce|announced|expect|expected|predict|predicted|project|projected|"
                         r"forecast|forecasted)\b[^?]*?\bwould\b", re.IGNORECASE)


def asks_told_ahead(question: str) -> bool:
    """Whether a question asks what someone said would happen (pure): "Where did the White House say President Biden
    would travel on May 2, 2024?", asked on 29 April, asks of a plan told before its date, not of the trip. Only for
    the dates after the reference date (gazette.answering.asks_after): its other dates are read as any question's."""
    return bool(_TOLD_AHEAD.search(question))


# "Which brewery is launching ...?", "Where was Reba McEntire playing ...?": a verb in the progressive, which asks
# what was to come when its month is still under way (under_way). Lower case: a name is no verb.
# A determiner or possessive right before the "-ing" word makes it a noun: "What is the name of the building?".
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were)\s+(?:(?!of\b)[A-Za-z'-]+\s+){0,4}?"
                          r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bits )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!'s )"
                          r"[a-z]+ing\b(?!\s+(?:of|to)\b)")


def asks_ahead(question: str) -> bool:
    """Whether a question asks about what is to come (or was to come at its reference date) (pure)."""
    return speaks_of_future(question) or bool(_PLANNED.search(question))


# The question's first auxiliary verb ("How big is the purse ...?", "Which rapper has been announced ...?", "... could
# hit Earth ..."): in the present, the perfect or a modal, it asks how things stand at its reference date.
_AUXILIARY = re.compile(r"\b(is|are|am|do|does|has|have|can|could|would|will|may|might|should|was|were|did|had)\b",
                        re.IGNORECASE)


def asks_in_present(question: str) -> bool:
    """Whether a question's first auxiliary verb is in the present or the perfect, or is a modal ("is", "does", "has",
    "could") (pure): it asks how things stand at its reference date, or what is to come, not what happened at a
    later date ("Which rapper has been announced as the 2025 headliner?", "How big is the purse for the January
    2022 event?"). "Who won ...?" and "What did ... say?" are not."""
    m = _AUXILIARY.search(question)
    return m is not None and m.group(1).lower() not in {"was", "were", "did", "had"}


def progressive(question: str) -> bool:
    """Whether a question puts its verb in the progressive ("is launching", "was Reba McEntire playing") (pure):
    of a month still under way at its reference date, it asks what was to come."""
    return bool(_PROGRESSIVE.search(question))


# -- printed dates ------------------------------------------------------------------------------------------

_MONTH = r"(?P<{name}>" + MONTH_WORD + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>1[89]\d\d|2[01]\d\d)"
_WEEKDAY_OPT = r"(?:(?P<{name}>" + "|".join(WEEKDAYS) + r"),?\s+)?"

_PRINTED = re.compile(
    "|".join([
        # 2024-10-29
        r"\b(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)\b",
        # 29 October 2024 / 29 Oct. 2024 / 29th of October, 2024
        r"\b" + _WEEKDAY_OPT.format(name="w1") + _DAY.format(name="d1") + r"\s+(?:of\s+)?" + _MONTH.format(name="m1") +
        r"(?:,?\s+" + _YEAR.format(name="y1") + r")?\b",
        # October 29, 2024 / Oct. 29 2024 / October 29
        r"\b" + _WEEKDAY_OPT.format(name="w2") + _MONTH.format(name="m2") + r"\s+" + _DAY.format(name="d2") + r"\b(?!\s*(?:%|percent|per cent))"
        r"(?:,?\s+" + _YEAR.format(name="y2") + r"\b)?",
        # October 2024 / October of 2024
        r"\b" + _MONTH.format(name="m3") + r"\s+(?:of\s+)?" + _YEAR.format(name="y3") + r"\b",
        # a month alone: "in March", "last November", "in November last year", "next January"; not a name that
        # opens with one ("from Mar-a-Lago": about 100 times in the shared archive, all of them the club)
        r"\b(?:(?P<m4w>last|this|next)|in|during|since|until|by|from|through|early|mid|late|end of|beginning of|"
        r"start of)[\s-]+" + _MONTH.format(name="m4") + r"(?![\w]|(?-i:-[a-z]|-A-))(?!\.?,?\s+(?:of\s+)?\d)"
        r"(?:,?\s+(?:of\s+)?(?P<m4y>last|this|next)\s+year\b)?",
        # a year alone
        r"(?<![\d,.$£€])\b" + _YEAR.format(name="y5") + r"\b(?![,.]\d)(?!\s*(?:%|percent|per cent))",
    ]),
    re.IGNORECASE,
)

# Month words that are also common English words ("may", "march"): months only when capitalised, as news
# text writes months.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "jun", "dec", "sept", "sep", "oct", "nov", "aug", "apr", "feb",
                     "jul"}


def _month_word(g: dict[str, str | None]) -> str | None:
    """The month the match names, or None when it is a lower-case word that is only sometimes a month."""
    word = next((g[k] for k in ("m1", "m2", "m3", "m4") if g.get(k)), None)
    if word is None:
        return None
    if word.lower() in _AMBIGUOUS_MONTHS and not word[0].isupper():
        return None
    return word.lower()


_PAST_PERFECT = re.compile(r"\bhad\b", re.IGNORECASE)

_YEAR_STEP = {"last": -1, "this": 0, "next": 1}


def named_month_year(month: int, published: date, before: str | None, after: str | None) -> int:
    """The year of a month that a word places (pure): "November last year" (or "this year", "next year") is of
    that year; "last November" the latest November before the publication's month (written in November 2022:
    November 2021; in March 2023: November 2022), "next January" the first after it, "this March" the
    publication's year."""
    if after:
        return published.year + _YEAR_STEP[after.lower()]
    which = (before or "this").lower()
    if which == "last":
        return published.year if month < published.month else published.year - 1
    if which == "next":
        return published.year if month > published.month else published.year + 1
    return published.year


def _printed(text: str, published: date | None, future: bool = False) -> list[tuple[DateSpan, int, int]]:
    out: list[tuple[DateSpan, int, int]] = []
    for m in _PRINTED.finditer(text):
        g = m.groupdict()
        words = m.group(0)
        span: tuple[date, date] | None = None
        grain: Grain = "day"
        relative = yearless = False
        if not g["iy"] and not g["y5"] and _month_word(g) is None:
            continue
        if g["iy"]:
            day = _valid(int(g["iy"]), int(g["im"]), int(g["id"]))
            span = (day, day) if day else None
        elif g["m1"] or g["m2"]:
            month = MONTHS[(g["m1"] or g["m2"]).lower()]
            day_text, year_text = (g["d1"], g["y1"]) if g["m1"] else (g["d2"], g["y2"])
            number = int(day_text)
            if year_text:
                when = _valid(int(year_text), month, number)
            elif published is None:
                when = _valid(YEARLESS, month, number)
                yearless = True
            elif _possible(None, month, number):
                weekday = g["w1"] or g["w2"]
                year = which_year(month, number, published, future, soon=SOON_DAYS)
                if weekday:
                    # "Thursday, 31 October": the year in which that day is a Thursday, nearest the publication
                    fits = [y for y in (year, published.year, published.year - 1, published.year + 1)
                            if (d := _valid(y, month, number)) and d.weekday() == WEEKDAYS.index(weekday.lower())]
                    year = fits[0] if fits else year
                when = _valid(year, month, number)
                relative = True
            else:
                when = None
            span = (when, when) if when else None
        elif g["m3"]:
            span = _month_span(int(g["y3"]), MONTHS[g["m3"].lower()])
            grain = "month"
        elif g["m4"]:
            month = MONTHS[g["m4"].lower()]
            grain = "month"
            if published is None:
                span, yearless = _month_span(YEARLESS, month), True
            elif g["m4y"] or g["m4w"]:
                span, relative = _month_span(named_month_year(month, published, g["m4w"], g["m4y"]), month), True
            else:
                # "could reach 10,000 by December" sets a deadline: the coming December ("By March they had
                # left" tells a past one)
                ahead = future or (words.lower().startswith("by") and not _PAST_PERFECT.search(text))
                edge = 31 if ahead else 1  # "by October" written in October is this October
                span, relative = _month_span(which_year(month, edge, published, ahead), month), True
        elif g["y5"]:
            span = _year_span(int(g["y5"]))
            grain = "year"
        if span is not None:
            out.append((DateSpan(span[0], span[1], grain, words.strip(), relative, yearless), m.start(), m.end()))
    return out


# -- holidays ------------------------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (0 = Monday) of a month; ``n`` = -1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _thanksgiving(year: int) -> date:
    return _nth_weekday(year, 11, 3, 4)  # the fourth Thursday of November (the United States)


HOLIDAYS: dict[str, Callable[[int], date]] = {
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
    "mlk day": lambda y: _nth_weekday(y, 1, 0, 3),
    "valentine's day": lambda y: date(y, 2, 14),
    "presidents day": lambda y: _nth_weekday(y, 2, 0, 3),
    "st. patrick's day": lambda y: date(y, 3, 17),
    "good friday": lambda y: easter(y) - timedelta(days=2),
    "easter": easter,
    "mother's day": lambda y: _nth_weekday(y, 5, 6, 2),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "father's day": lambda y: _nth_weekday(y, 6, 6, 3),
    "fourth of july": lambda y: date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "halloween": lambda y: date(y, 10, 31),
    "veterans day": lambda y: date(y, 11, 11),
    "thanksgiving": _thanksgiving,
    "black friday": lambda y: _thanksgiving(y) + timedelta(days=1),
    "cyber monday": lambda y: _thanksgiving(y) + timedelta(days=4),
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas": lambda y: date(y, 12, 25),
}
"""The holidays news names its days by, each the day it falls on in a year (those of the United States where
countries differ: Thanksgiving, Memorial Day, Labor Day, Mother's Day). "Independence Day" is left out: it is
another day in every country, and a film."""

_HOLIDAY_FORMS: dict[str, str] = {
    "new year's day": "new year's day", "new years day": "new year's day", "new year's eve": "new year's eve",
    "new years eve": "new year's eve", "martin luther king jr. day": "martin luther king day",
    "martin luther king day": "martin luther king day", "mlk day": "mlk day", "valentine's day": "valentine's day",
    "valentines day": "valentine's day", "presidents day": "presidents day", "presidents' day": "presidents day",
    "president's day": "presidents day", "st. patrick's day": "st. patrick's day",
    "saint patrick's day": "st. patrick's day", "st. patricks day": "st. patrick's day", "good friday": "good friday",
    "easter sunday": "easter", "easter": "easter", "mother's day": "mother's day", "mothers day": "mother's day",
    "memorial day": "memorial day", "father's day": "father's day", "fathers day": "father's day",
    "fourth of july": "fourth of july", "4th of july": "fourth of july", "july fourth": "fourth of july",
    "labor day": "labor day", "halloween": "halloween", "veterans day": "veterans day",
    "veterans' day": "veterans day", "veteran's day": "veterans day", "thanksgiving day": "thanksgiving",
    "thanksgiving": "thanksgiving", "black friday": "black friday", "cyber monday": "cyber monday",
    "christmas eve": "christmas eve", "christmas day": "christmas", "christmas": "christmas",
}
# The names that are also words of other things ("a Christmas tree", "the Thanksgiving turkey", "Easter eggs",
# "Halloween costumes") name the day only after a preposition of time, or with "Day" or a year.
_BARE = ("christmas", "thanksgiving", "easter", "halloween")
_HOLIDAY = re.compile(
    r"(?<![\w'’])(?:(?P<prep>on|at|over|for|before|after|until|till|by|since|through|during|from|this|last|next|"
    r"past|coming)\s+(?:the\s+)?)?(?P<name>" + "|".join(
        re.escape(form).replace("'", "['’]").replace(r"\ ", r"\s+")
        for form in sorted(_HOLIDAY_FORMS, key=len, reverse=True)) + r")(?![\w'’])"
    r"(?:,?\s+(?:of\s+)?(?P<year>1[89]\d\d|2[01]\d\d)\b)?",
    re.IGNORECASE,
)


def _holiday_day(name: str, year: int) -> date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return None
    return HOLIDAYS[name](year)


FUTURE_HOLIDAY_DAYS = 183
"""In a sentence about what is to come, a holiday up to half a year ahead is the coming one ("Christmas will be
quieter", in July); further ahead, the latest one ("Black Friday sales rose, and Cyber Monday is next", two days
after Black Friday)."""


def holidays(text: str, published: date | None, future: bool = False) -> list[tuple[DateSpan, int, int]]:
    """The days a text names by their holiday, each with where its words are (pure): "New Year's Day 2013" is
    1 January 2013; "on Christmas Eve" in an article of 20 December 2022 is 24 December 2022, the coming one (at
    most :data:`SOON_DAYS` ahead, or :data:`FUTURE_HOLIDAY_DAYS` in a sentence about what is to come), and in one
    of 10 January 2023 the one before; "last Easter", "since Thanksgiving" the latest, "next Easter", "by
    Christmas" the coming one. A holiday with neither a year nor a publication date says no day. "Christmas",
    "Thanksgiving", "Easter" and "Halloween" name a day only after a preposition ("on Thanksgiving"), with
    "Day" or a year: "a Christmas tree" and "Halloween costumes" are things."""
    out: list[tuple[DateSpan, int, int]] = []
    for m in _HOLIDAY.finditer(text):
        written = re.sub(r"\s+", " ", m.group("name").lower().replace("’", "'"))
        if not m.group("name")[0].isupper() and not m.group("name")[0].isdigit():
            continue  # news capitalises holidays
        name = _HOLIDAY_FORMS[written]
        if written in _BARE and not (m.group("prep") or m.group("year")):
            continue
        start = m.start("name") if not m.group("prep") else m.start()
        if m.group("year"):
            when = _holiday_day(name, int(m.group("year")))
            relative = False
        elif published is not None:
            prep = (m.group("prep") or "").lower()
            days = [d for y in (published.year - 1, published.year, published.year + 1)
                    if (d := _holiday_day(name, y)) is not None]
            coming = min((d for d in days if d >= published), default=None)
            latest = max((d for d in days if d <= published), default=None)
            if prep in ("last", "past", "since"):
                when = latest
            elif prep in ("next", "coming", "until", "till", "by"):
                when = coming
            elif coming is not None and ((coming - published).days <= SOON_DAYS
                                         or future and (coming - published).days <= FUTURE_HOLIDAY_DAYS):
                when = coming
            else:
                when = latest
            relative = True
        else:
            continue
        if when is not None:
            out.append((DateSpan(when, when, "day", m.group(0).strip(), relative), start, m.end()))
    return out


# -- relative expressions -------------------------------------------------------------------------------------

_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(w for w in NUMBER_WORDS if w != "zero") + r"|a|an)"
_RELATIVE = re.compile(
    r"\b(?P<today>today|tonight|this morning|this afternoon|this evening)\b"
    r"|\b(?P<yesterday>yesterday)\b"
    r"|\b(?P<tomorrow>tomorrow)\b"
    r"|\b(?P<which>last|this|next|past|coming)\s+(?P<unit>week|month|year|weekend)\b"
    r"|\b(?P<earlier>earlier|later)\s+this\s+(?P<unit2>week|month|year)\b"
    r"|\b" + _NUMBER + r"\s+(?P<agounit>days?|weeks?|months?|years?)\s+ago\b"
    r"|\b(?P<season>this season)\b"
    r"|\b(?P<wmod>last|this|next|on|since|until|by|from|before|after)?\s*(?P<weekday>"
    + "|".join(WEEKDAYS) + r")\b",
    re.IGNORECASE,
)

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}

# "The sale kicks off Thursday", "Polls open Tuesday", "The law takes effect Monday": a bare weekday after a verb of
# schedule in the present tense is the coming one (or the publication day), as news writes what is to come; "it
# opened Thursday", "said Thursday" stay the latest one. In the shared benchmark archive, where such a weekday is
# followed by its printed date ("opens Friday, Oct. 22"), that date lay ahead of the publication date 66 times, on
# it 7 times and before it 4 times (within a week of it: 16, 7 and none). "A volunteer begins cleaning up on
# Thursday", as a photo caption has it, is an act, not a schedule. The verbs' "-ing" forms ("with the season
# launching Saturday") and a clock time between the verb and the day ("premieres at 8 p.m. Saturday") read the same:
# where the archive's weekday after them is followed by its printed date within a week of publication, that date
# lay ahead 55 times, on the day 13 times and before it twice; "After opening Saturday, ..." is past.
_SCHEDULED_DAY = re.compile(
    r"\b(?:(?:begins|starts|beginning|starting)(?!\s+\w+ing\b)|opens|reopens|kicks? off|takes? effect|"
    r"go(?:es)? on sale|debuts|premieres|ends|closes|resumes|runs through|airs|returns|launches|expires|polls open|"
    r"(?<!\bafter )(?<!\bsince )(?<!\bbefore )(?:opening|reopening|kicking off|taking effect|going on sale|debuting|"
    r"premiering|resuming|airing|launching))\b"
    r"(?:\s+(?!(?:said|says|told|announced|reported)\b)(?:[ap]\.m\.|[\w'’,-]+)){0,8}?\s*$",
    re.IGNORECASE,
)


def _relative(text: str, published: date, future: bool = False,
              taken: Sequence[tuple[int, int]] = ()) -> list[tuple[DateSpan, int, int]]:
    out: list[tuple[DateSpan, int, int]] = []
    p = published
    for m in _RELATIVE.finditer(mask_named_today(text)):  # "USA TODAY reported" is no date
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue  # "Thursday" of "Thursday, 31 October": the printed date says which
        ahead = future or bool(m.group("weekday") and _SCHEDULED_DAY.search(text, max(0, m.start() - 80), m.start()))
        try:
            found = _resolve_relative(m, p, ahead)
        except (OverflowError, ValueError):
            continue  # a publication date at the edge of the calendar: no such relative date
        out.extend((span, m.start(), m.end()) for span in found)
    return out


def _resolve_relative(m: re.Match[str], p: date, future: bool) -> list[DateSpan]:
    """The date(s) one relative expression names, against the publication date ``p``."""
    g = m.groupdict()
    words = m.group(0).strip()
    span: tuple[date, date] | None = None
    grain: Grain = "day"
    if g["today"]:
        span = (p, p)
    elif g["yesterday"]:
        span = (p - timedelta(days=1),) * 2
    elif g["tomorrow"]:
        span = (p + timedelta(days=1),) * 2
    elif g["which"] or g["earlier"]:
        which = (g["which"] or "this").lower()
        unit = (g["unit"] or g["unit2"]).lower()
        span, grain = _calendar_unit(which, unit, p)
    elif g["agounit"]:
        n = g["n"].lower()
        amount = int(n) if n.isdigit() else 1 if n in ("a", "an") else NUMBER_WORDS[n]
        unit = g["agounit"].lower().rstrip("s")
        if unit == "day":
            span = (p - timedelta(days=amount),) * 2
        elif unit == "year":
            span, grain = _year_span(p.year - amount), "year"
        else:
            back = p - timedelta(days=amount * _UNIT_DAYS[unit])
            span, grain = (back - timedelta(days=3), back + timedelta(days=3)), "range"
    elif g["season"]:
        # The publication year, and the year before for a season that began the previous autumn.
        years = [p.year, p.year - 1] if p.month <= 6 else [p.year]
        return [DateSpan(y[0], y[1], "year", words, True) for y in map(_year_span, years) if y is not None]
    elif g["weekday"]:
        target = WEEKDAYS.index(g["weekday"].lower())
        mod = (g["wmod"] or "").lower()
        days_back = (p.weekday() - target) % 7
        days_ahead = (target - p.weekday()) % 7
        if mod == "next":
            when = p + timedelta(days=days_ahead or 7)
        elif mod == "last":
            when = p - timedelta(days=days_back or 7)
        elif future and mod != "since":
            when = p + timedelta(days=days_ahead)
        else:
            when = p - timedelta(days=days_back)
        span = (when, when)
    return [DateSpan(span[0], span[1], grain, words, True)] if span is not None else []


def _calendar_unit(which: str, unit: str, p: date) -> tuple[tuple[date, date] | None, Grain]:
    shift = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit in ("week", "weekend"):
        monday = p - timedelta(days=p.weekday()) + timedelta(weeks=shift)
        if unit == "weekend":
            return (monday + timedelta(days=5), monday + timedelta(days=6)), "range"
        return (monday, monday + timedelta(days=6)), "range"
    if unit == "month":
        index = p.year * 12 + (p.month - 1) + shift
        return _month_span(index // 12, index % 12 + 1), "month"
    return _year_span(p.year + shift), "year"


def humanise(d: date) -> str:
    """12 Nov 2024."""
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


# What a day may be shown for: a weekday or a day named by its distance from the article's ("on Thursday",
# "yesterday", "last Friday"); not a holiday, nor a weekday that names no one day ("a Tuesday", "the last Monday in
# May", "every Friday").
_SHOWN_DAY = re.compile(r"^(?:(?:on|last|this|next|early|late)\s+)?(?:" + "|".join(WEEKDAYS) +
                        r"|yesterday|today|tonight|tomorrow)$", re.IGNORECASE)
_DAY_PART = re.compile(r"\s+(?:morning|afternoon|evening|night)\b", re.IGNORECASE)
"""The part of the day that follows a day's name, which the resolved date follows: "Thursday night (25 Mar 2021)"."""
_GENERIC_DAY = re.compile(r"\b(?:a|an|the|every|each)\s*$", re.IGNORECASE)
_QUOTE_MARK = re.compile(r"[“”\"]")


def with_days_resolved(sentence: str, published: date | None) -> str:
    """The sentence with the day each relative day stands for after it, as the article's date resolves it (pure):
    "convicted on Thursday" in an article of 5 August 2022 -> "convicted on Thursday (4 Aug 2022)", and after the
    part of the day it names, "Thursday night (4 Aug 2022)". Left as they are: a sentence that prints a day of its
    own (the day is there to read), one that quotes (a quote keeps the speaker's words, and its tense is not the
    sentence's: "“We will vote on Monday,” she said on Tuesday"), a text with no publication date, a holiday and a
    weekday that names no one day ("a Tuesday", "the last Monday in May")."""
    phrases = dated_phrases(sentence, published)
    if _QUOTE_MARK.search(sentence) or any(span.grain == "day" and re.search(r"\d", span.text)
                                           for span, _, _ in phrases):
        return sentence
    parts: list[str] = []
    last = 0
    for span, start, end in phrases:
        if span.relative and span.grain == "day" and _SHOWN_DAY.match(span.text.strip()) \
                and not _GENERIC_DAY.search(sentence, 0, start):
            end = m.end() if (m := _DAY_PART.match(sentence, end)) else end  # "Saturday evening (8 Dec 2012)"
            parts += [sentence[last:end], f" ({humanise(span.first)})"]
            last = end
    return "".join(parts) + sentence[last:]


def dated_phrases(sentence: str, published: date | None) -> list[tuple[DateSpan, int, int]]:
    """The dates one sentence gives, each with where its words are (start, end), in order: printed dates, and
    relative ones resolved against ``published`` (none without it). The publication date itself is not a phrase
    of the sentence and is not listed (pure)."""
    return sorted(_sentence_dates(sentence, published), key=lambda item: item[1])


def _sentence_dates(sentence: str, published: date | None) -> list[tuple[DateSpan, int, int]]:
    """Printed dates, holidays and (with ``published``) relative expressions of one sentence. A year that is part
    of a holiday ("Christmas 2022") is the holiday's; the weekday of one ("Black Friday") is no weekday of its own."""
    future = speaks_of_future(sentence)
    named = holidays(sentence, published, future)
    printed = [(span, start, end) for span, start, end in _printed(sentence, published, future)
               if not any(s <= start and end <= e for _, s, e in named)]
    found = printed + named
    if published is not None:
        found += _relative(sentence, published, future, [(s, e) for _, s, e in found])
    return found


def text_dates(text: str, published: date | None) -> list[DateSpan]:
    """Every date ``text`` gives: printed ones always, relative ones resolved against ``published`` (none without
    it), and the publication date itself. Impossible dates are left out; nothing raises."""
    found: list[DateSpan] = []
    for sentence in split_sentences(text) if published is not None else [text]:
        found += [span for span, _, _ in _sentence_dates(sentence, published)]
    if published is not None:
        found.append(DateSpan(published, published, "day", "publication date"))
    return found


# -- dates a claim states -------------------------------------------------------------------------------------


def claim_dates(text: str) -> list[ClaimDate]:
    """The absolute dates a claim states (a day, a month, a year, with or without the others), where they are.
    Relative words ("on Tuesday") are not claims of a date here: they are checked as the claim's words."""
    out: list[ClaimDate] = []
    for m in _PRINTED.finditer(text):
        g = m.groupdict()
        year = month = day = None
        if not g["iy"] and not g["y5"] and _month_word(g) is None:
            continue
        if g["iy"]:
            year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
        elif g["m1"] or g["m2"]:
            month = MONTHS[(g["m1"] or g["m2"]).lower()]
            day = int(g["d1"] or g["d2"])
            y = g["y1"] or g["y2"]
            year = int(y) if y else None
        elif g["m3"]:
            year, month = int(g["y3"]), MONTHS[g["m3"].lower()]
        elif g["m4"]:
            month = MONTHS[g["m4"].lower()]
        elif g["y5"]:
            year = int(g["y5"])
        if day is not None and not _possible(year, month, day):
            continue
        out.append(ClaimDate(year, month, day, m.start(), m.end()))
    # A holiday with its year states that day ("on New Year's Day 2013"). Its year stays where the claim's date
    # is (what a question's terms leave out); the holiday's name stays a word of the claim.
    for span, _start, end in holidays(text, None):
        bare = next((d for d in out if d.day is None and d.month is None and d.end == end), None)
        if bare is not None:
            out[out.index(bare)] = ClaimDate(span.first.year, span.first.month, span.first.day, bare.start, bare.end)
    return out


def _possible(year: int | None, month: int | None, day: int) -> bool:
    if month is None:
        return False
    return _valid(year if year is not None else 2024, month, day) is not None  # 2024: a leap year


def supports(claim: ClaimDate, evidence: list[DateSpan]) -> bool:
    """Whether some date of the evidence backs the claimed date at its own precision (pure)."""
    for e in evidence:
        if e.yearless and claim.year is not None:
            continue
        if claim.day is not None:
            if e.grain != "day":
                continue
            d = e.first
            if d.day == claim.day and d.month == claim.month and (claim.year is None or d.year == claim.year):
                return True
        elif claim.month is not None:
            if (e.first.year, e.first.month) != (e.last.year, e.last.month) or e.grain == "year":
                continue  # a span over several months does not say which one
            if e.first.month == claim.month and (claim.year is None or e.first.year == claim.year):
                return True
        elif claim.year is not None:
            if e.first.year == e.last.year == claim.year:
                return True
    return False


REPORTING_LAG_DAYS = 7
"""News of an event runs for days after it: a question about 1 December is met by an article of 2 December."""


def claim_interval(claim: ClaimDate, year: int) -> tuple[date, date] | None:
    """The days a claimed date covers, in ``year`` when the claim names none (None if impossible)."""
    y = claim.year if claim.year is not None else year
    if claim.day is not None and claim.month is not None:
        day = _valid(y, claim.month, claim.day)
        return (day, day) if day else None
    if claim.month is not None:
        return _month_span(y, claim.month)
    return _year_span(y)


def stated_interval(claim: ClaimDate) -> tuple[date, date] | None:
    """The days a claimed date covers in the year it names itself (None when it names no year, or is impossible):
    "in April 2013" is 1 to 30 April 2013, "in April" nothing of its own."""
    return claim_interval(claim, claim.year) if claim.year is not None else None


def under_way(claim: ClaimDate, reference: date) -> bool:
    """Whether a month or day a question states ("in April 2023", "on 3 May 2024") had begun but not ended by the
    reference date (pure). A year is not: "Who won the 2025 Daytona 500?", asked in June 2025, asks what happened."""
    span = stated_interval(claim) if claim.month is not None else None
    return span is not None and span[0] <= reference < span[1]


def to_come(claim: ClaimDate, reference: date) -> bool:
    """Whether a date a question states begins after the reference date (pure): asked on 1 May 2023, "his May 13,
    2023 rally" or "moving in 2024" can only be what was to come (planned, scheduled, forecast), whatever the
    tense of the question's verb."""
    span = stated_interval(claim)
    return span is not None and span[0] > reference


# The day a report came out, not the day of what it tells: "..., the agency announced Thursday", "officials said on
# Monday". Only a day right after a verb of reporting; "On Thursday, officials said" may date the event, and a
# thing "released Friday" (a film, a prisoner) is the event.
_REPORTED_ON = re.compile(r"\b(?:said|says|announced|announces|reported|reports|confirmed|disclosed|revealed|"
                          r"stated)(?:\s+(?:on|late|early))?\s*$", re.I)
REPORTED_LAG_DAYS = 45
"""A year's count comes out in the weeks after the year: "officers found a record 3,391 guns, the agency announced
Thursday" (12 January 2017) tells of 2016. What is reported of a month or a day is read as before, the report's
day as the event's ("Russian forces are fighting on the outskirts of Kurakhove, officials said on Thursday, 14
November" tells nothing of early October)."""


def report_days(sentence: str, published: date | None) -> tuple[list[DateSpan], list[DateSpan]]:
    """The dates a sentence gives (:func:`dated_phrases`), as those of what it tells and the days it was reported
    (pure): a day right after a verb of reporting ("..., the agency announced Thursday", "officials said on
    Monday"). "On Thursday, officials said ..." is of the first kind."""
    told: list[DateSpan] = []
    reported: list[DateSpan] = []
    for span, start, _ in dated_phrases(sentence, published):
        (reported if span.grain == "day" and _REPORTED_ON.search(sentence, 0, start) else told).append(span)
    return told, reported


def dated_elsewhere(stated: Sequence[ClaimDate], spans: Sequence[DateSpan], published: date | None,
                    period_end: date | None = None, lag_days: int = REPORTING_LAG_DAYS,
                    reported: Sequence[DateSpan] = ()) -> bool:
    """Whether a sentence tells its event on a day outside the period a question names, in an article published
    after that period (pure): "Chita Rivera ... died Tuesday" (30 January 2024) for "How old was Chita Rivera when
    she died in 2021?". True when every stated date names its year, the article came out over ``lag_days`` after
    the last of them, the sentence gives a day of its own (printed or resolved, ``spans``, or the day it was
    reported, ``reported``) and none of its dates (any grain) falls in or just after a stated date (a day reported,
    when the stated date is a year: in the :data:`REPORTED_LAG_DAYS` after it). A sentence with no day ("Last year,
    the average refund was ...") or one that also gives the question's date ("from $390,000 in April 2022") is not.
    ``period_end`` is the last day of the period the question names (gazette.timescope), when it runs past its
    dates: "killed since February 2022" runs to the question's reference date, so no article is published after
    it."""
    stated_days = _stated_days(stated, period_end)
    if published is None or stated_days is None:
        return False
    bounds, end = stated_days
    if published <= end + timedelta(days=lag_days):
        return False
    spans = [s for s in spans if not s.yearless]
    reported = [s for s in reported if not s.yearless]
    if not any(s.grain == "day" for s in (*spans, *reported)):
        return False
    report_lags = [max(lag_days, REPORTED_LAG_DAYS) if claim.grain == "year" else lag_days for claim in stated]
    return not any(in_period(spans, first - timedelta(days=1), last + timedelta(days=lag_days))
                   or in_period(reported, first - timedelta(days=1), last + timedelta(days=report_lag))
                   for (first, last), report_lag in zip(bounds, report_lags, strict=True))


# A year printed as the time of what a sentence tells: after "in", "on", "during" or "throughout", with "early",
# "mid" or "late" between ("in early 2021", "on March 3, 2021"); not one that names a thing ("the 2019 law", "its
# 2021 season") nor a comparison ("the most since 2000").
_TIME_OF_EVENT = re.compile(r"\b(?:in|on|during|throughout)\s+(?:(?:early|mid|late)[\s-]+)?$", re.I)
PRINTED_YEAR = re.compile(r"\b" + _YEAR.format(name="year") + r"\b")
"""A year printed as one: "2021", "1999" (1800-2199)."""
# The year is the time of the sentence's own event only when no clause that describes (a relative clause, a time
# clause, a first time) comes before it and no other clause follows: "Taser, which was founded in 1993, ...", "The
# sleepers were introduced in 2009 and all 4.7 million are being recalled" tell the event asked about besides.
_CLAUSE_BEFORE = re.compile(r"\b(?:which|who|whom|whose|that|when|where|while|after|before|until|since|once|first|"
                            r"because|although|though)\b|[—–(]", re.I)
_CLAUSE_AFTER = re.compile(r"\s(?:and|but|while|when|before|after)\s|;|\s[—–]\s", re.I)
# "came close in 2021, when he won ... before losing ...": a "when" right after the year tells what happened in that
# year, and all that follows it with it.
_WHEN_THEN = re.compile(r",?\s+when\b", re.I)
# What may come before the date a sentence opens with (:func:`opens_in`): "In", "On", "During", "In early".
_OPENING = re.compile(r"\s*(?:(?:in|on|during)\s+(?:(?:early|mid|late)[\s-]+)?)?", re.I)


def dated_before(stated: Sequence[ClaimDate], sentence: str, published: date | None) -> bool:
    """Whether a sentence tells what it tells in a year before the dates a question states (pure): it prints a year
    as the time of its own event ("in 2021", "on March 3, 2021", `_TIME_OF_EVENT`; in its only clause,
    `_CLAUSE_BEFORE`, `_CLAUSE_AFTER`), and every date it gives (:func:`dated_phrases`, resolved against
    ``published`` too) ends before the first stated date. "A record 14.1 million people visited the park in 2021"
    does not answer "How many people visited the park in 2022?"; "Nearly 13 million visited last year, fewer than
    the 14.1 million who visited in 2021" (in an article of 2023) does. A later year may be a plan made then ("will
    open in 2025"), so only earlier ones count; only where every stated date names its year."""
    stated_days = _stated_days(stated, None)
    if stated_days is None or not PRINTED_YEAR.search(sentence):  # most sentences print no year: no dates read
        return False
    start = min(first for first, _ in stated_days[0])
    dated = dated_phrases(sentence, published)
    if not any(not span.relative and PRINTED_YEAR.search(span.text) and _TIME_OF_EVENT.search(sentence[:begin])
               and not _CLAUSE_BEFORE.search(sentence[:begin])
               and (_WHEN_THEN.match(sentence, end) is not None or not _CLAUSE_AFTER.search(sentence[end:]))
               for span, begin, end in dated):
        return False
    return all(not span.yearless and span.last < start for span, _, _ in dated)


def opens_in(sentence: str, published: date | None) -> list[DateSpan]:
    """The printed date with a year a sentence opens with, set off by a comma, as the time of all it tells (pure):
    "In September 2019, a teenager gave birth in her cell, while she awaited trial", though a clause follows (which
    :func:`dated_before` does not read as the year of all the sentence tells)."""
    if not PRINTED_YEAR.search(sentence):
        return []
    return [span for span, begin, end in dated_phrases(sentence, published)
            if not span.relative and PRINTED_YEAR.search(span.text) and _OPENING.fullmatch(sentence, 0, begin)
            and sentence[end:end + 1] == ","]


LATER_REPORT_DAYS = 365
"""An article published over a year after the period a question names tells of its own time where it does not name
that period (:func:`told_later`)."""
HISTORY_DAYS = 3653
"""Ten years on, an article about the period is history told (an anniversary, a retrospective), whose sentences need
not name it (:func:`told_later`)."""


def told_later(stated: Sequence[ClaimDate], spans: Sequence[DateSpan], published: date | None,
               period_end: date | None = None) -> bool:
    """Whether an answer from an article published one to ten years after the period a question names tells of a
    later time, for none of its dates at hand (``spans``: those of the sentence, the one before it and the headline)
    falls in that period (pure). "How long was Curt Flynn sentenced to prison in 2019 ...?" is not answered by "Flynn
    was sentenced to three months in prison" in an article of 2022: the sentence tells that year's sentencing, not
    one of 2019; a sentence that names the year ("In 2019, Flynn was sentenced to ...") does answer. An article
    decades after the period ("the Great Blizzard of 1978", in 2017) tells history and is not read, nor is a
    question whose dates do not all name their year. ``period_end`` as for :func:`dated_elsewhere`."""
    stated_days = _stated_days(stated, period_end)
    if published is None or stated_days is None or not _years_after(published, stated_days[1]):
        return False
    dated = [s for s in spans if not s.yearless]
    return not any(in_period(dated, first, last + timedelta(days=REPORTING_LAG_DAYS))
                   for first, last in stated_days[0])


def written_years_after(stated: Sequence[ClaimDate], published: date | None, period_end: date | None = None) -> bool:
    """Whether an article was published one to ten years (:data:`LATER_REPORT_DAYS`, :data:`HISTORY_DAYS`) after
    the last day of the dates a question states, all of which name their year (pure)."""
    stated_days = _stated_days(stated, period_end)
    return published is not None and stated_days is not None and _years_after(published, stated_days[1])


def _years_after(published: date, end: date) -> bool:
    return timedelta(days=LATER_REPORT_DAYS) < published - end <= timedelta(days=HISTORY_DAYS)


def _stated_days(stated: Sequence[ClaimDate], period_end: date | None) -> tuple[list[tuple[date, date]], date] | None:
    """The days each stated date covers and the last day of them all (or ``period_end``, when later); None when
    there is no stated date or one names no year (or is impossible)."""
    intervals = [stated_interval(d) for d in stated]
    if not intervals or any(i is None for i in intervals):
        return None
    bounds = [i for i in intervals if i is not None]
    return bounds, max([last for _, last in bounds] + ([period_end] if period_end is not None else []))


def reported(claim: ClaimDate, evidence: list[DateSpan], lag_days: int = REPORTING_LAG_DAYS) -> bool:
    """Whether the evidence speaks of the claimed date or reports it in the days after (a question's date: "Who won
    on 1 December 2022?" is answered by an article of 2 December). Looser than :func:`supports`, which holds an
    answer's own date to its precision (pure)."""
    for e in evidence:
        if e.yearless and claim.year is not None:
            continue
        span = claim_interval(claim, e.first.year)
        if span is None:
            continue
        first, last = span[0] - timedelta(days=1), span[1] + timedelta(days=lag_days)
        if e.grain == "day" and first <= e.first <= last:
            return True
        if e.grain != "day" and span[0] <= e.first and e.last <= span[1]:
            return True
    return False


def in_period(spans: list[DateSpan], since: date | None, until: date | None) -> bool:
    """Whether any of the spans falls in the period (inclusive; an open end is unbounded)."""
    for s in spans:
        if (since is None or s.last >= since) and (until is None or s.first <= until):
            return True
    return False
