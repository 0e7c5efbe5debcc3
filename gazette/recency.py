"""The preference for the current story: one value, carried by a question's search plan to retrieval, the
answerers and multiple choice (pure).

A question is asked on a reference date (its ``--as-of`` date, else today) and is mostly about the news of the
fortnight before it (:data:`gazette.dates.RECENT_DAYS`). Two weights follow from that, both set in
``RetrievalSettings``:

- ``older_weight`` (a step): an article over a fortnight older than the reference date counts this much. Re-scored
  retrieval, the offline answerer's ranking and multiple choice all apply it. It only orders candidates: whether
  to answer is decided on a sentence's own support.
- ``half_life_days`` (gradual): when a question asks for the latest news ("latest", "now", "so far"), or the
  settings prefer recent articles for every question, an article's score falls towards half as it ages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from gazette.dates import within_fortnight


@dataclass(frozen=True)
class RecencyPolicy:
    """The weights, from the settings (``RetrievalSettings``: older_weight, recency_half_life_days, prefer_recent,
    question_dates, out_of_period_weight)."""

    older_weight: float
    half_life_days: float
    prefer_latest: bool
    period_filters: bool = False
    """The period a question names ("in March 2023") filters the search (True) instead of ranking its articles
    first (False: later reports and earlier background stay candidates, at ``out_of_period_weight``)."""
    out_of_period_weight: float = 1.0

    def for_question(self, reference_date: date, latest: bool = False) -> Recency:
        return Recency(reference_date, self.older_weight, self.half_life_days, latest)


@dataclass(frozen=True)
class Recency:
    """How much one question prefers the current story."""

    reference_date: date
    """The question's as-of date: nothing published later is used, and "the current story" ends there."""
    older_weight: float
    half_life_days: float
    latest: bool = False
    """The question asks for the latest news: newer articles rank higher, gradually."""

    def step(self, published: date | None) -> float:
        """1 for an article of the fortnight up to the reference date (or of unknown date), else ``older_weight``."""
        return 1.0 if within_fortnight(published, self.reference_date) else self.older_weight

    def gradual(self, published: date | None, until: date | None = None) -> float:
        """1.0 for an article of the reference day (or of ``until``, when given), falling towards 0.5 for old or
        undated ones."""
        return decay(published, until or self.reference_date, self.half_life_days)

    def newest_first(self) -> Recency:
        """The same question, asking for the latest (a search that found nothing in its dates looks at all of them,
        newest first)."""
        return replace(self, latest=True)


def decay(published: date | None, reference: date, half_life_days: float) -> float:
    """1.0 for an article of the reference day, falling towards 0.5 for old or undated ones (pure)."""
    if published is None:
        return 0.5
    age = max((reference - published).days, 0)
    return 0.5 + 0.5 * math.exp(-age * math.log(2) / half_life_days)
