"""Date parsing for article metadata, and the news fortnight (pure functions)."""

from __future__ import annotations

import re
from datetime import date, datetime

RECENT_DAYS = 14  # a question asked on a date is mostly about that fortnight's news


def within_fortnight(published: date | None, reference: date | None) -> bool:
    """Whether an article is of the ``RECENT_DAYS`` up to the reference date (True when either date is unknown)."""
    if reference is None or published is None:
        return True
    return 0 <= (reference - published).days <= RECENT_DAYS


_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y")


def parse_date(value: object) -> date | None:
    """Parse a publication date from common forms; None for empty input.

    Accepts date/datetime objects, YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, ISO 8601 timestamps and
    "4 November 2024" / "Nov 4, 2024". Raises ValueError for text that is not a date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}", text)
    if iso:
        return date(int(iso[1]), int(iso[2]), int(iso[3]))
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")
