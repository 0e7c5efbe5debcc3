"""The answering pipeline: question -> plan -> search -> answer -> verify.

1. :func:`plan_search`: the standalone query (a follow-up rewritten by the answerer), the question's own time
   range and the preference for the current story (:class:`~gazette.recency.Recency`), merged with explicit
   filters.
2. :func:`run_search`: the search as planned; if the question's own dates hold nothing, all dates, newest first.
3. The answerer (gazette.extractive, the offline default, or gazette.generative) answers from the hits.
4. :func:`finish`: every answer is verified: sentences its sources do not support, and sentences that obey
   instructions found in the retrieved text (gazette.verify.Injections), are dropped.

:func:`ask` runs the whole path; :func:`ask_choices` does the same for a multiple-choice question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from gazette.answers import abstention
from gazette.choices import pick
from gazette.errors import UsageError
from gazette.followups import Turn, rewrite
from gazette.models import Answer, RetrievedChunk, SearchFilters
from gazette.recency import Recency, RecencyPolicy
from gazette.timescope import TimeScope, time_scope
from gazette.verify import Injections, verify_answer

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000


class Answerer(Protocol):
    def answer(
        self, question: str, hits: Sequence[RetrievedChunk], searched_query: str, recency: Recency | None = None
    ) -> Answer:
        """Answer ``question`` from ``hits``; ``searched_query`` is its standalone form (a rewritten follow-up)."""
        ...

    def rewrite_query(self, question: str, history: Sequence[Turn]) -> str:
        """The standalone query to search for ``question`` given the conversation so far (oldest first)."""
        ...


class Searcher(Protocol):
    recency_policy: RecencyPolicy

    def search(
        self, query: str, k: int | None = None, filters: SearchFilters | None = None,
        recency: Recency | None = None,
    ) -> list[RetrievedChunk]: ...

    def whole_articles(self, hits: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
        """The hits with every other chunk of their article as context."""
        ...


def clean_question(question: str) -> str:
    q = " ".join(question.split())
    if not q:
        raise UsageError("the question is empty")
    if len(q) > MAX_QUESTION_CHARS:
        raise UsageError(f"the question is too long ({len(q)} characters, at most {MAX_QUESTION_CHARS})")
    return q


def merge_filters(explicit: SearchFilters | None, scope: TimeScope, as_of: date | None) -> SearchFilters | None:
    """Explicit filters, narrowed by the question's own time range and by the reference date (pure)."""
    base = explicit or SearchFilters()
    since = max((d for d in (base.since, scope.since) if d), default=None)
    until = min((d for d in (base.until, scope.until, as_of) if d), default=None)
    merged = SearchFilters(since=since, until=until, outlets=base.outlets)
    return None if merged.is_empty() else merged


@dataclass(frozen=True)
class SearchPlan:
    """What to search for a question: the standalone query, the filters and the preference for the current story."""

    question: str
    query: str
    filters: SearchFilters | None
    fallback: SearchFilters | None
    """The filters without the question's own time range (explicit ones and the reference date stay)."""
    retry: bool
    """The question named a time range: if it holds nothing, search with ``fallback``, newest first."""
    recency: Recency


Rewriter = Callable[[str, Sequence[Turn]], str]
"""Turns (question, history) into the standalone query to search: an answerer's ``rewrite_query``."""


def plan_search(
    question: str, history: Sequence[Turn], filters: SearchFilters | None, as_of: date | None,
    rewriter: Rewriter, policy: RecencyPolicy,
) -> SearchPlan:
    q = clean_question(question)
    query = rewriter(q, history)
    reference_date = as_of or date.today()
    scope = time_scope(q, reference_date)
    if scope.is_empty and query != q:
        # A follow-up keeps the time frame of the question it follows.
        previous = [text for role, text in history if role == "user"]
        scope = time_scope(previous[-1], reference_date) if previous else scope
    return SearchPlan(
        question=q, query=query, filters=merge_filters(filters, scope, as_of),
        # Our reading of the question's dates may be wrong: if that range is empty, prefer recent articles.
        fallback=merge_filters(filters, TimeScope(), as_of), retry=bool(scope.since or scope.until),
        recency=policy.for_question(reference_date, latest=scope.recency),
    )


def run_search(
    searcher: Searcher, plan: SearchPlan, query: str | None = None, *, all_dates: bool = False, **options: Any
) -> list[RetrievedChunk]:
    """Search as planned; if the question's own date range holds nothing (or ``all_dates``, when the range
    held nothing useful), search all dates, newest first."""
    if not all_dates:
        hits = searcher.search(query or plan.query, filters=plan.filters, recency=plan.recency, **options)
        if hits or not plan.retry:
            return hits
        log.info("nothing in the question's date range; searching all dates")
    return searcher.search(query or plan.query, filters=plan.fallback, recency=plan.recency.newest_first(),
                           **options)


def finish(answer: Answer, hits: Sequence[RetrievedChunk]) -> Answer:
    """Verify the answer's citations against the retrieved chunks and date it."""
    chunks = {c.chunk_id: c for h in hits for c in (h.chunk, *h.context)}
    injections = Injections(f"{c.title}. {c.text}" for c in chunks.values())
    answer = verify_answer(answer, {c.n: chunks[c.chunk_id] for c in answer.citations if c.chunk_id in chunks},
                           injections)
    dates = [c.published for c in answer.citations if c.published]
    return answer.model_copy(update={"as_of": max(dates) if dates else None})


def ask(
    question: str,
    searcher: Searcher,
    answerer: Answerer,
    *,
    history: Sequence[Turn] = (),
    filters: SearchFilters | None = None,
    as_of: date | None = None,
) -> Answer:
    """The whole path for one question: rewrite a follow-up, read its time scope, search, answer, verify.

    ``history`` is the conversation so far, oldest first, as (role, text) turns; ``filters`` limit the search
    by date and outlet; ``as_of`` is the reference date (default today): "last week" is counted from it and
    nothing published after it is used.
    """
    question = clean_question(question)  # refused before anything else is touched
    plan = plan_search(question, history, filters, as_of, answerer.rewrite_query, searcher.recency_policy)
    hits = run_search(searcher, plan)
    if not hits:
        return abstention(plan.question, plan.query)
    return finish(answerer.answer(plan.question, hits, plan.query, recency=plan.recency), hits)


def ask_choices(
    question: str,
    choices: Sequence[str],
    searcher: Searcher,
    *,
    history: Sequence[Turn] = (),
    filters: SearchFilters | None = None,
    as_of: date | None = None,
) -> Answer:
    """A multiple-choice question: the choice the archive supports, cited, or an abstention. A follow-up is
    rewritten by the rule-based method (gazette.followups)."""
    plan = plan_search(question, history, filters, as_of, rewrite, searcher.recency_policy)

    def hits_per_choice(all_dates: bool) -> list[list[RetrievedChunk]]:
        # A choice may be named anywhere in a retrieved article, not only in its best chunk.
        return [searcher.whole_articles(run_search(searcher, plan, f"{plan.query} {choice}", all_dates=all_dates))
                for choice in choices]

    per_choice = hits_per_choice(all_dates=False)
    answer = pick(plan.question, choices, per_choice, plan.query, plan.recency)
    if answer.abstained and plan.retry:
        # No choice in the question's own date range: look at all dates, newest first.
        per_choice = hits_per_choice(all_dates=True)
        answer = pick(plan.question, choices, per_choice, plan.query, plan.recency)
    return finish(answer, [h for hits in per_choice for h in hits])
