"""Time in questions: "last week", "in March 2023", "since October", "latest" -> a date range or a recency
preference, relative to a reference date (today unless ``--as-of`` says otherwise). Pure functions.

Calendar rules (documented in README.md):
- today / yesterday: that day (yesterday: the day before the reference date through the reference date).
- on|last WEEKDAY, WEEKDAY's: the latest such day up to the reference date ("last": before it); not a day named
  for an event ("Black Friday"), a habit ("every Sunday", "on Sundays"), one to come or a weekday the question dates.
- the first|second|third|fourth|last week (or weekend) of MONTH [YEAR]: those seven days of it; the week
  to|ending|before DATE: the seven days up to it.
- this week: the past seven days (news readers say "this week" of the last few days, across a weekend);
  this month / this year: from the first day of the current month or year.
- last week / last month / last year: the whole previous calendar week, month or year; last MONTH: the latest such
  month before the reference date's month ("last November" asked in November is a year back).
- past|last N days|weeks|months|years: the N units before the reference date.
- in MONTH [YEAR], in YEAR: that month or year; a month with no year is the latest one not after the reference.
  "in early 2022", "in mid-July 2023": that year or month; "in spring 2020", "in the summer of 2019": the
  season's months (spring March-June, summer June-September, fall September-December).
- since MONTH [YEAR] | YEAR | DATE: from then to the reference date; before|until|by ...: up to then, unless that is
  a deadline after the reference date ("by July 4" asked in June, "by 2028"), which names no period.
- latest, most recent, recent(ly), current(ly), now, newest, so far: no range, but newer sources rank higher.
The range never ends after the reference date: nothing published later can be a source "as of" it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from gazette.dates import parse_date
from gazette.lexicon import MONTH_WORD, MONTHS, NUMBER_WORDS, PERIOD_END_WORDS, WEEKDAYS, mask_named_today
from gazette.newsdates import ClaimDate, claim_dates, humanise, named_month_year

_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365, "years": 365}
_NUMBER_WORDS = {**{w: n for w, n in NUMBER_WORDS.items() if n}, "a": 1, "few": 3, "several": 5}


@dataclass(frozen=True)
class TimeScope:
    since: date | None = None
    until: date | None = None
    recency: bool = False
    phrase: str = ""

    @property
    def is_empty(self) -> bool:
        return self.since is None and self.until is None and not self.recency


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _latest_month(month: int, reference: date) -> int:
    """The year of the latest MONTH that starts on or before ``reference``."""
    return reference.year if month <= reference.month else reference.year - 1


def _cap(scope: TimeScope, reference: date) -> TimeScope:
    until = min(scope.until, reference) if scope.until else None
    return TimeScope(scope.since, until, scope.recency, scope.phrase)


def time_scope(question: str, reference: date) -> TimeScope:
    """The dates a question is about, relative to the reference date ``reference``. Whatever the question says
    ("the past 3000 years", "last 99999999 days", a reference date in year 1), the range stays within the
    calendar: an amount is bounded, and a range that cannot be a date is no range."""
    try:
        return _time_scope(question, reference)
    except (OverflowError, ValueError):
        return TimeScope()


_ORDINAL_WEEKS = ("first", "second", "third", "fourth")

_SEASONS = {"spring": (3, 6), "summer": (6, 9), "fall": (9, 12), "autumn": (9, 12)}
"""A season's months, as news in the northern hemisphere uses them (winter, across two years, names no period)."""

MAX_DAYS_BACK = 366 * 200
"""The longest look back a question can ask for ("the past 3000 years" is the past 200)."""


def _back(reference: date, days: int) -> date:
    """``days`` before the reference date, at most MAX_DAYS_BACK and never before the calendar starts (pure)."""
    days = min(days, MAX_DAYS_BACK, (reference - date.min).days)
    return reference - timedelta(days=days)


# A day of the past week the question names as news does: "on Sunday", "last Sunday", "Sunday's attack": the latest
# such day up to the reference date (the reference day itself when it is one, unless "last"). Not a holiday or an
# event named for its weekday ("Black Friday", "Super Tuesday's results": a capitalised word before it, inside the
# question), "every Sunday" or "on Sundays", and not a weekday the question dates ("on Sunday, 17 November": that
# date is the question's).
_WEEKDAY = re.compile(r"(?P<before>\b[A-Za-z]+\s+)?(?P<day>" + "|".join(d.capitalize() for d in WEEKDAYS)
                      + r")(?:(?='s\b)|\b(?!'|-))(?!,?\s+(?:the\s+)?(?:\d|(?i:" + MONTH_WORD + r")\b))")


# "every Sunday", "next Sunday", "since Monday" (a range, not the day): no day of the past week.
_NOT_THE_PAST_DAY = frozenset({"every", "each", "next", "this", "coming", "since", "after", "before", "until", "by",
                               "from"})


def _named_weekday(question: str, reference: date) -> TimeScope | None:
    """The day a question names by its weekday (see _WEEKDAY), or None (pure)."""
    for m in _WEEKDAY.finditer(question):
        before = (m.group("before") or "").strip()
        if before.lower() in _NOT_THE_PAST_DAY or before[:1].isupper() and question[:m.start()].strip() != before:
            continue
        back = (reference.weekday() - WEEKDAYS.index(m.group("day").lower())) % 7
        if back == 0 and before.lower() == "last":
            back = 7
        phrase = m.group(0) if before.lower() in ("on", "last") else m.group("day")
        day = reference - timedelta(days=back)
        return TimeScope(day, day, False, phrase)
    return None


def _time_scope(question: str, reference: date) -> TimeScope:
    masked = mask_named_today(question).replace("’", "'")  # "USA TODAY's piece" names no day
    q = masked.lower()
    m = re.search(r"\b(today|tonight|this morning)\b", q)
    if m:
        return TimeScope(reference, reference, False, m.group(0))
    m = re.search(r"\byesterday\b", q)
    if m:
        return TimeScope(reference - timedelta(days=1), reference, False, m.group(0))
    named = _named_weekday(masked, reference)
    if named is not None:
        return named
    # "the last week of October", "the first weekend of December 2021": seven days of that month
    m = re.search(r"\b(" + "|".join((*_ORDINAL_WEEKS, "last", "final")) + r")\s+(?:week|weekend)\s+of\s+(" + MONTH_WORD
                  + r")\.?(?:\s+((?:19|20)\d\d))?\b", q)
    if m:
        month = MONTHS[m.group(2)]
        year = int(m.group(3)) if m.group(3) else _latest_month(month, reference)
        if m.group(1) in ("last", "final"):
            first = _month_end(year, month) - timedelta(days=6)
        else:
            first = date(year, month, 1 + 7 * _ORDINAL_WEEKS.index(m.group(1)))
        return _cap(TimeScope(first, first + timedelta(days=6), False, m.group(0)), reference)
    # "over the weekend", "last weekend", "this past weekend": the latest Saturday and Sunday up to the reference date
    m = re.search(r"\b(?:over the|during the|last|this past|the past) weekend\b", q)
    if m:
        saturday = reference - timedelta(days=(reference.weekday() - 5) % 7)
        return TimeScope(saturday, min(saturday + timedelta(days=1), reference), False, m.group(0))
    # "in the week to 27 October", "the week ending Sunday, 3 November", "the week before 27 October" (news counts
    # a week up to the day it reports on): the seven days up to that day
    m = re.search(r"\bweek\s+(?:to|ending|ended|through|up to|before|leading up to)\s+(.+?)(?:[?,.;]|$)", q)
    point = _parse_point(m.group(1), reference) if m else None
    if m and point:
        phrase = q[m.start():m.start(1)] + point[2]
        return _cap(TimeScope(point[1] - timedelta(days=6), point[1], False, phrase), reference)
    m = re.search(r"\b(?:in the |over the |during the )?(?:past|last) (\d+|" + "|".join(_NUMBER_WORDS) +
                  r") (days?|weeks?|months?|years?)\b", q)
    if m:
        n = int(m.group(1)[:12]) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
        return TimeScope(_back(reference, n * _UNITS[m.group(2)]), reference, False, m.group(0))
    m = re.search(r"\b(this|last|past) (week|month|year)\b", q)
    if m:
        which, unit = m.groups()
        if unit == "week":
            monday = reference - timedelta(days=reference.weekday())
            if which in ("this", "past"):
                return TimeScope(reference - timedelta(days=7), reference, False, m.group(0))
            return _cap(TimeScope(monday - timedelta(days=7), monday - timedelta(days=1), False, m.group(0)), reference)
        if unit == "month":
            if which == "this":
                return TimeScope(reference.replace(day=1), reference, False, m.group(0))
            if which == "past":
                return TimeScope(reference - timedelta(days=30), reference, False, m.group(0))
            first = reference.replace(day=1) - timedelta(days=1)
            return TimeScope(first.replace(day=1), first, False, m.group(0))
        if which == "this":
            return TimeScope(date(reference.year, 1, 1), reference, False, m.group(0))
        if which == "past":
            return TimeScope(reference - timedelta(days=365), reference, False, m.group(0))
        return TimeScope(date(reference.year - 1, 1, 1), date(reference.year - 1, 12, 31), False, m.group(0))
    m = re.search(r"\blast\s+(" + MONTH_WORD + r")\b", masked, re.IGNORECASE)
    if m and m.group(1)[0].isupper():  # "last November"; not "the last march"
        month = MONTHS[m.group(1).lower()]
        year = named_month_year(month, reference, "last", None)
        return TimeScope(date(year, month, 1), _month_end(year, month), False, m.group(0).lower())
    m = re.search(r"\b(since|after|from|before|until|till|by)\s+(.+?)(?:[?,.;]|$)", q)
    start = _parse_point(m.group(2), reference) if m else None
    if m and start and _deadline_ahead(m.group(1), start, reference):
        # "Biden's goal of 70% by July 4" asked in June, "to scrap the licences by 2028": a deadline to come
        # names no period of the question's; its other dates may ("in June 2021").
        start = None
    if m and start:
        first, last, phrase = start[0], start[1], f"{m.group(1)} {start[2]}"
        if m.group(1) in ("since", "from"):
            return _cap(TimeScope(first, reference, False, phrase), reference)
        if m.group(1) == "after":
            return _cap(TimeScope(last + timedelta(days=1), reference, False, phrase), reference)
        return _cap(TimeScope(None, first - timedelta(days=1) if m.group(1) == "before" else last, False,
                              phrase), reference)
    # a season across two years: "in 2023-24", "during the 2019-20 season"
    m = re.search(r"\b(?:in|during|of|for)\s+(?:the\s+)?((?:19|20)\d\d)[-–/]((?:19|20)?\d\d)\b", q)
    if m:
        year = int(m.group(1))
        if int(m.group(2)[-2:]) == (year + 1) % 100:
            return _cap(TimeScope(date(year, 1, 1), date(year + 1, 12, 31), False, m.group(0)), reference)
    # a season of a year: "in spring 2020", "in the summer of 2019" (its months, a little wide: a season's news
    # runs to its edges)
    m = re.search(r"\b(?:in|during|by)\s+(?:the\s+)?(?:early\s+|late\s+)?(spring|summer|fall|autumn)\s+(?:of\s+)?"
                  r"((?:19|20)\d\d)\b", q)
    if m:
        first_month, last_month = _SEASONS[m.group(1)]
        year = int(m.group(2))
        return _cap(TimeScope(date(year, first_month, 1), _month_end(year, last_month), False, m.group(0)), reference)
    # "the Fourth of July" is a holiday of every year, no period; "in early 2022", "in late November 2021",
    # "in mid-July 2023" name that year or month (a part of it is no period the archive's dates can tell apart);
    # "rather than in late February" names none
    m = re.search(r"(?<!\bfourth )(?<!\b4th )\b(?:in|during|of)\s+(?:(?:early|late|mid)[\s-]+(?=(?:(?:" + MONTH_WORD
                  + r")\.?\s+)?(?:19|20)\d\d\b))?((?:" + MONTH_WORD + r")\.?(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d)\b", q)
    if m:
        point = _parse_point(m.group(1), reference)
        if point:
            return _cap(TimeScope(point[0], point[1], False, m.group(0)), reference)
    m = re.search(r"\b(latest|most recent|recently|recent|currently|current|right now|now|newest|so far|"
                  r"still|yet)\b", q)
    if m:
        return TimeScope(None, reference, True, m.group(0))
    return TimeScope()


def _deadline_ahead(word: str, point: tuple[date, date, str], reference: date) -> bool:
    """Whether "by|before|until POINT" sets a deadline after the reference date: a point that begins after it,
    or one without a year whose reading in the reference date's year lies ahead ("by July 4" asked in June; its
    latest past reading, a year back, is not what is meant)."""
    if word not in PERIOD_END_WORDS:
        return False
    first, _last, words = point
    return first > reference or (not re.search(r"\d{4}", words) and first.year < reference.year)


def _parse_point(text: str, reference: date) -> tuple[date, date, str] | None:
    """A month, a year, a month and year, or a full date at the start of ``text``: (first day, last day, words)."""
    text = text.strip()
    m = re.match(r"(" + MONTH_WORD + r")\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+((?:19|20)\d\d))?\b", text)
    if m:
        month = MONTHS[m.group(1)]
        year = int(m.group(3)) if m.group(3) else _latest_month(month, reference)
        if m.group(2):
            try:
                day = date(year, month, int(m.group(2)))
            except ValueError:
                return None
            return day, day, m.group(0)
        return date(year, month, 1), _month_end(year, month), m.group(0)
    m = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+(" + MONTH_WORD + r")\.?(?:\s+((?:19|20)\d\d))?\b", text)
    if m:
        month = MONTHS[m.group(2)]
        year = int(m.group(3)) if m.group(3) else _latest_month(month, reference)
        try:
            day = date(year, month, int(m.group(1)))
        except ValueError:
            return None
        return day, day, m.group(0)
    m = re.match(r"((?:19|20)\d\d)(?:[-/]\d\d[-/]\d\d)?\b", text)
    if m:
        if len(m.group(0)) > 4:
            try:
                exact = parse_date(m.group(0))
            except ValueError:
                return None
            assert exact is not None
            return exact, exact, m.group(0)
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31), m.group(0)
    return None


def period_text(scope: TimeScope) -> str:
    """The period a question names, as an abstention says it (pure): "in 2021", "in March 2023", "on 12 Nov 2024",
    "from 23 Nov to 29 Nov 2026", "since 4 Nov 2024", "before 1 Jan 2024", "up to 28 Dec 2020" (a period to come,
    cut at the reference date); "" when it names none."""
    since, until = scope.since, scope.until
    if since and until and since > until:
        # A period that begins after the reference date, to which the range was cut ("in March 2021", asked on 28
        # December 2020 of what is to come): what was read is what was published up to the reference date.
        return f"up to {humanise(until)}"
    if since and until:
        if since == until:
            return f"on {humanise(since)}"
        if (since.month, since.day, until.month, until.day) == (1, 1, 12, 31) and since.year == until.year:
            return f"in {since.year}"
        if since.day == 1 and until == _month_end(since.year, since.month):
            return f"in {calendar.month_name[since.month]} {since.year}"
        first = humanise(since).removesuffix(f" {since.year}") if since.year == until.year else humanise(since)
        return f"from {first} to {humanise(until)}"
    if since:
        return f"since {humanise(since)}"
    if until:
        return f"before {humanise(until + timedelta(days=1))}"
    return ""


# -- follow-ups that move the period of the question they follow: "And the week before?", "the next day?" --------

@dataclass(frozen=True)
class Shift:
    """A move in time a follow-up asks for: ``n`` units (negative: back), a unit of day, week, month or year."""

    n: int
    unit: str
    phrase: str


_SHIFT_UNIT = r"(?:day|week|month|year)"
_SHIFT = re.compile(
    r"\b(?:the\s+(?P<dir1>previous|prior|preceding|next|following)\s+(?P<unit1>" + _SHIFT_UNIT + r")"
    r"|the\s+(?P<unit2>" + _SHIFT_UNIT + r")\s+(?P<dir2>before|after|earlier|prior)"
    r"|(?P<n>a|an|one|two|three|four|five|six|\d{1,2})\s+(?P<unit3>" + _SHIFT_UNIT + r")s?\s+"
    r"(?P<dir3>before|after|earlier|later))\b"
    # "the week before 27 October" names its own day (time_scope reads it)
    r"(?!\s*,?\s*(?:\d|the\s+\d|(?:" + MONTH_WORD + r")\b|last\b|this\b|that\b))",
    re.IGNORECASE,
)
_BACK_WORDS = frozenset({"previous", "prior", "preceding", "before", "earlier"})
_SHIFT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}


def relative_shift(question: str) -> Shift | None:
    """The move a follow-up asks for from the period it follows, or None (pure): "And the week before?" is a week
    back, "the next day?" a day on, "two months later?" two months on. "The week before 27 October" names a period
    of its own and is none."""
    m = _SHIFT.search(question)
    if m is None:
        return None
    unit = (m.group("unit1") or m.group("unit2") or m.group("unit3")).lower()
    word = (m.group("dir1") or m.group("dir2") or m.group("dir3")).lower()
    count = m.group("n")
    n = 1 if count is None or count.lower() in ("a", "an") else \
        int(count) if count.isdigit() else NUMBER_WORDS.get(count.lower(), 1)
    return Shift(-n if word in _BACK_WORDS else n, unit, m.group(0)) if n else None


def shift_date(day: date, shift: Shift) -> date:
    """``day`` moved by ``shift`` (pure); a month or a year later keeps the day where it can ("31 March" a month back
    is 29 February in a leap year). Raises OverflowError or ValueError out of the calendar."""
    if shift.unit in ("day", "week"):
        return day + timedelta(days=shift.n * (7 if shift.unit == "week" else 1))
    months = shift.n * (12 if shift.unit == "year" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift_scope(scope: TimeScope, shift: Shift, reference: date) -> TimeScope | None:
    """The period ``scope`` moved by ``shift`` (pure): "the week to 27 October" a week back is the week to 20
    October; a whole month or year stays whole ("October 2024" a month on is November 2024). It never ends after
    the reference date. None when ``scope`` has no start and end to move, is over twice as long as the move (a week
    back of a year asked about is no other year), or moves out of the calendar."""
    if scope.since is None or scope.until is None:
        return None
    if (scope.until - scope.since).days + 1 > 2 * _SHIFT_DAYS[shift.unit]:
        return None  # "the week before" a year asked about is still that year
    try:
        since, until = shift_date(scope.since, shift), shift_date(scope.until, shift)
        if shift.unit in ("month", "year") and scope.since.day == 1:
            # a whole month or year moves to a whole one, also when it was cut at the reference date ("in 2024"
            # asked on 20 December 2024, a year back, is all of 2023)
            whole_year = scope.since.month == 1 and scope.until.year == scope.since.year and (
                (scope.until.month, scope.until.day) == (12, 31) or scope.until == reference)
            whole_month = (scope.until.year, scope.until.month) == (scope.since.year, scope.since.month) and (
                scope.until == _month_end(scope.until.year, scope.until.month) or scope.until == reference)
            if whole_year and shift.unit == "year":
                until = date(since.year, 12, 31)
            elif whole_month:
                until = _month_end(since.year, since.month)
            elif scope.until == _month_end(scope.until.year, scope.until.month):
                until = _month_end(until.year, until.month)
    except (OverflowError, ValueError):
        return None
    return _cap(TimeScope(since, until, scope.recency, shift.phrase), reference)


_ANY_DAY = date(2000, 7, 1)
"""A reference date for asking only whether a question names a period at all (which does not depend on it)."""


def names_time(question: str) -> bool:
    """Whether ``question`` names a date, a period or "now" of its own ("in March", "last week", "on 4 November",
    "now"), whatever the reference date (pure)."""
    return bool(claim_dates(question)) or not time_scope(question, _ANY_DAY).is_empty


def shifted_dates(text: str, shift: Shift) -> str:
    """``text`` with each date it states moved by ``shift`` (pure): "Kursk 4 November" a day back is "Kursk 3
    November", "October 2024" a month on "November 2024". A date too coarse for the move stays as it is ("in
    August 2013" a week earlier is most likely still August 2013), and so does a month or a day without its year
    for a move of years ("in October" a year back is still October)."""
    out = text
    for said in sorted(claim_dates(text), key=lambda c: c.start, reverse=True):
        out = out[:said.start] + _moved(said, shift, text) + out[said.end:]
    return " ".join(out.split())


def _moved(said: ClaimDate, shift: Shift, text: str) -> str:
    """One stated date moved, written as news writes it (see :func:`shifted_dates`)."""
    fine = {"day": 3, "week": 3, "month": 2, "year": 1}[shift.unit]
    have = 3 if said.day else 2 if said.month else 1
    if have < fine or shift.unit == "year" and said.year is None:
        return text[said.start:said.end]
    # a day without its year is moved in a year of the same length (29 February only in a leap year)
    year = said.year or (2004 if (said.month, said.day) == (2, 29) else 2001)
    try:
        moved = shift_date(date(year, said.month or 1, said.day or 1), shift)
    except (OverflowError, ValueError):
        return " "
    month = calendar.month_name[moved.month]
    written = f"{moved.day} {month}" if said.day else month if said.month else ""
    return " ".join(part for part in (written, str(moved.year) if said.year else "") if part) or " "


def without_dates(text: str) -> str:
    """``text`` without the dates it states (pure)."""
    for said in sorted(claim_dates(text), key=lambda c: c.start, reverse=True):
        text = text[:said.start] + " " + text[said.end:]
    return " ".join(text.split())
