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
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

import numpy as np

from gazette.answers import abstention, compose
from gazette.briefing import (
    BRIEFING_ARTICLES,
    Embed,
    asks_briefing,
    briefing_window,
    day_named,
    stories,
    up_to_end,
)
from gazette.choices import pick
from gazette.citations import with_marker
from gazette.differ import add_note
from gazette.followups import Turn, leans_on_history, rewrite
from gazette.injection import Injections, InstructionDetector
from gazette.models import ABSTAIN_TEXT, Answer, Chunk, RetrievedChunk, SearchFilters
from gazette.newsdates import (
    asks_ahead,
    asks_in_present,
    asks_told_ahead,
    claim_dates,
    stated_interval,
    to_come,
)
from gazette.outlets import read_from
from gazette.recency import Recency, RecencyPolicy
from gazette.text import tidy_input
from gazette.timescope import TimeScope, humanise, period_text, relative_shift, shift_scope, time_scope
from gazette.verify import verify_answer
from gazette.whatsnew import story_turns

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000


class Answerer(Protocol):
    whole_articles: int
    """How many of the top articles the answerer reads in full (0: the hit chunks and their neighbours)."""

    def answer(
        self, question: str, hits: Sequence[RetrievedChunk], searched_query: str, recency: Recency | None = None,
        period: TimeScope | None = None,
    ) -> Answer:
        """Answer ``question`` from ``hits``; ``searched_query`` is its standalone form (a rewritten follow-up),
        ``period`` the dates it names."""
        ...

    def rewrite_query(self, question: str, history: Sequence[Turn]) -> str:
        """The standalone query to search for ``question`` given the conversation so far (oldest first)."""
        ...


class Searcher(Protocol):
    recency_policy: RecencyPolicy

    def search(
        self, query: str, k: int | None = None, filters: SearchFilters | None = None,
        recency: Recency | None = None, *, period: TimeScope | None = None,
    ) -> list[RetrievedChunk]: ...

    def whole_articles(self, hits: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
        """The hits with every other chunk of their article as context."""
        ...

    def outlets(self) -> list[str]:
        """The outlets of the archive's articles (what a question may name as its source)."""
        ...

    def leads(self, filters: SearchFilters | None, limit: int) -> list[tuple[Chunk, np.ndarray | None]]:
        """The opening chunk of each article passing ``filters``, newest first, with its unit vector if stored."""
        ...


def clean_question(question: str) -> str:
    return tidy_input(question, MAX_QUESTION_CHARS, empty="the question is empty",
                      too_long="the question is too long ({n} characters, at most {limit})")


def merge_filters(explicit: SearchFilters | None, scope: TimeScope, as_of: date | None) -> SearchFilters | None:
    """Explicit filters, narrowed by the question's own time range and by the reference date (pure)."""
    merged = (explicit or SearchFilters()).narrowed(since=scope.since, until=scope.until).narrowed(until=as_of)
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
    period: TimeScope | None = None
    """The dates the question names ("in March 2023", "last week"): its articles rank first (or filter, as the
    settings say), and an answer must come from an article dated in it or speaking of it."""
    after_reference: bool = False
    """The question asks what happened at a date after its reference date ("Who won the 2031 Tour de France?"):
    nothing published by then can say, so it is not searched."""
    outlet: str | None = None
    """The outlet the question names as its source ("Any news from Baltic Wire?"): only its articles are read, and
    the query is searched without its name (gazette.outlets)."""


Rewriter = Callable[[str, Sequence[Turn]], str]
"""Turns (question, history) into the standalone query to search: an answerer's ``rewrite_query``."""


def plan_search(
    question: str, history: Sequence[Turn], filters: SearchFilters | None, as_of: date | None,
    rewriter: Rewriter, policy: RecencyPolicy, outlets: Sequence[str] = (),
) -> SearchPlan:
    """How to search for ``question``. ``outlets`` are the archive's outlets: a question naming one of them as its
    source reads only that outlet's articles (unless explicit outlet filters leave it out)."""
    q = clean_question(question)
    # the conversation's questions without the outlets they named ("What did Pacific Herald report?" followed by
    # "And Global Desk?" is about the story, not about Pacific Herald): each reads its outlet only
    history = [(role, read_from(text, None, outlets)[0] if role == "user" else text)
               for role, text in story_turns(history)]
    asked, filters, outlet = read_from(q, filters, outlets)
    query = rewriter(asked, history)
    reference_date = as_of or date.today()
    scope = time_scope(q, reference_date)
    if scope.is_empty and query != asked:
        # A follow-up keeps the time frame of the question it follows, or moves it ("And the week before?").
        scope = followed_scope([text for role, text in history if role == "user"], q, reference_date)
    named = bool(scope.since or scope.until)
    return SearchPlan(
        question=q, query=query,
        # Explicit filters and "nothing after the reference date" always hold; the question's own dates filter
        # only when the settings say so, else they are a preference (Retriever.search).
        filters=merge_filters(filters, scope if policy.period_filters else TimeScope(), as_of),
        # Our reading of the question's dates may be wrong: if that range is empty, prefer recent articles.
        fallback=merge_filters(filters, TimeScope(), as_of), retry=named,
        recency=policy.for_question(reference_date, latest=scope.recency),
        period=scope if named else None,
        after_reference=asks_after(q, reference_date), outlet=outlet,
    )


def followed_scope(previous: Sequence[str], question: str, reference_date: date) -> TimeScope:
    """The period a follow-up that names none of its own reads (pure): the one its conversation's questions
    (``previous``, oldest first) last named, kept through follow-ups that name none, and moved by those that move in
    time ("And the week before?" after "... in the week to 27 October?" reads the week to 20 October)."""
    scope = TimeScope()
    for text in [*previous, question]:
        own = time_scope(text, reference_date)
        if not own.is_empty:
            scope = own
        elif text is not question and not leans_on_history(text):
            scope = TimeScope()  # a question of its own, with no period
        elif (shift := relative_shift(text)) is not None:
            scope = shift_scope(scope, shift, reference_date) or scope
    return scope


def asks_after(question: str, reference_date: date) -> bool:
    """Whether ``question`` asks what happened at a date that begins after the reference date (pure). A question
    about what is to come ("Who will host the 2030 World Cup?") is not: plans are news before they happen. Nor is
    one asked in the present or the perfect ("Which rapper has been announced as the 2025 headliner?": how things
    stand at the reference date). Nor is one that also states a date up to the reference date, or names a time up
    to it ("this week", "on Tuesday", "recently"): what it asks is of that time, and a later year names what was
    ahead then ("In April 2013, how many cities were bidding for the 2024 Games?", "Which Republican announced a
    2024 White House bid this week?"). Nor one that asks what someone said would happen (:func:`asks_told_ahead`): the
    plan was news before it."""
    if asks_ahead(question) or asks_in_present(question) or asks_told_ahead(question):
        return False
    stated = [said for said in claim_dates(question) if stated_interval(said) is not None]
    # "In April 2013, ... a bid for the 2024 Games?" is asked of April 2013, the later year a name: after the
    # reference date only when every date it states is
    if not stated or not all(to_come(said, reference_date) for said in stated):
        return False
    scope = time_scope(question, reference_date)
    return not (scope.since is not None and scope.since <= reference_date
                or scope.since is None and scope.until is not None)


def run_search(
    searcher: Searcher, plan: SearchPlan, query: str | None = None, *, all_dates: bool = False, **options: Any
) -> list[RetrievedChunk]:
    """Search as planned; if the question's own date range holds nothing (or ``all_dates``, when the range
    held nothing useful), search all dates, newest first."""
    if not all_dates:
        hits = searcher.search(query or plan.query, filters=plan.filters, recency=plan.recency, period=plan.period,
                               **options)
        if hits or not plan.retry:
            return hits
        log.info("nothing in the question's date range; searching all dates")
    return searcher.search(query or plan.query, filters=plan.fallback, recency=plan.recency.newest_first(),
                           **options)


def read_whole(searcher: Searcher, hits: Sequence[RetrievedChunk], n: int) -> list[RetrievedChunk]:
    """The hits an answerer reads: the first ``n`` with every other chunk of their article as context (the
    offline answerer reads the top articles whole), the rest as retrieved."""
    return searcher.whole_articles(hits[:n]) + list(hits[n:]) if n else list(hits)


def finish(answer: Answer, hits: Sequence[RetrievedChunk], detector: InstructionDetector | None = None) -> Answer:
    """Verify the answer's citations against the retrieved chunks and date it. With ``detector``, instructions in
    the retrieved text are recognised by meaning too, not only by their patterns (gazette.injection)."""
    chunks = {c.chunk_id: c for h in hits for c in (h.chunk, *h.context)}
    # Every retrieved chunk is read for the patterns; those the answer stands on (the hits and the cited chunks)
    # also by meaning, which costs an embedding per sentence with a cue of address.
    close = {h.chunk.chunk_id for h in hits} | {c.chunk_id for c in answer.citations}
    injections = Injections((f"{c.title}. {c.text}" for c in chunks.values()), detector,
                            read_closely=(f"{c.title}. {c.text}" for cid, c in chunks.items() if cid in close))
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
    max_versions: int = 0,
    briefing_stories: int = 0,
    detector: InstructionDetector | None = None,
    embed: Embed | None = None,
) -> Answer:
    """The whole path for one question: rewrite a follow-up, read its time scope, search, answer, verify.

    ``history`` is the conversation so far, oldest first, as (role, text) turns; ``filters`` limit the search
    by date and outlet; ``as_of`` is the reference date (default today): "last week" is counted from it and
    nothing published after it is used. With ``max_versions`` (2 or more), an answer whose retrieved sources give
    different figures for what it asks ends with a "Sources differ" paragraph of at most that many versions
    (gazette.differ); 0 leaves answers as the answerer gave them. A question that names no subject ("What
    happened last week?") is answered with the period's ``briefing_stories`` most reported stories (:func:`brief`;
    0 leaves it to the answerer); ``embed`` (an embedder's ``embed_documents``) picks each story's line.
    """
    question = clean_question(question)  # refused before anything else is touched
    plan = plan_search(question, history, filters, as_of, answerer.rewrite_query, searcher.recency_policy,
                       searcher.outlets())
    if plan.after_reference:
        log.info("the question asks about a date after its reference date; abstaining")
        return abstention(plan.question, plan.query)
    if briefing_stories:
        # "on 17 November": that day (and "And the next day?" after it: the day its query carries)
        period = plan.period or day_named(plan.query, plan.recency.reference_date)
        if asks_briefing(plan.query, period):
            plan = replace(plan, period=period)
            return _scoped(brief(plan, searcher, briefing_stories, detector, embed), plan, searcher)
    hits = run_search(searcher, plan)
    if not hits:
        return _scoped(abstention(plan.question, plan.query), plan, searcher)
    hits = read_whole(searcher, hits, answerer.whole_articles)
    answer = finish(answerer.answer(plan.question, hits, plan.query, recency=plan.recency, period=plan.period), hits,
                    detector)
    if max_versions >= 2:
        answer = add_note(answer, plan.query, hits, max_versions=max_versions, period=plan.period, detector=detector,
                          reference=plan.recency.reference_date)
    return _scoped(answer, plan, searcher)


def _bounds(plan: SearchPlan) -> SearchFilters:
    """What the plan may read whatever the question's own dates: the explicit filters, up to the reference date."""
    return (plan.fallback or SearchFilters()).narrowed(until=plan.recency.reference_date)


def _newest(searcher: Searcher, filters: SearchFilters) -> date | None:
    """The publication date of the newest article passing ``filters`` (one indexed read), or None."""
    return next((c.published for c, _ in searcher.leads(filters, 1)), None)


def brief(plan: SearchPlan, searcher: Searcher, most: int, detector: InstructionDetector | None = None,
          embed: Embed | None = None) -> Answer:
    """A question that names no subject ("What happened last week?", "Any news?"): the ``most`` most reported
    stories of the period it names (else of the archive's latest week up to the reference date), one cited lead
    sentence each, most reported first, verified like any answer (gazette.briefing)."""
    bounds, period = _bounds(plan), plan.period
    # the latest week, up to the end of a period with no start
    newest = _newest(searcher, up_to_end(period, bounds)) if period is None or period.since is None else None
    since, until = briefing_window(period, bounds, newest)
    window = SearchFilters(since=since, until=until, outlets=bounds.outlets)
    found = stories(searcher.leads(window, BRIEFING_ARTICLES), most)
    lines = [line for story in found if (line := story.line(embed)) is not None]
    if not lines:
        return abstention(plan.question, plan.query)
    chunks = [chunk for _, chunk in lines]
    log.info("a briefing: %d stories from %s to %s", len(lines), since, until)
    answer = finish(compose(plan.question, plan.query, lines), [RetrievedChunk(chunk=c, score=0.0) for c in chunks],
                    detector)
    # One story a paragraph, as a list: each line is its citation's quote (the verified sentence), one per article.
    return answer if answer.abstained else answer.model_copy(
        update={"answer": "\n\n".join(f"- {with_marker(c.quote, c.n)}" for c in answer.citations)})


def _scoped(answer: Answer, plan: SearchPlan, searcher: Searcher) -> Answer:
    """An abstention on a question that names a period or an outlet says what was read ("The archive has nothing on
    that in Baltic Wire from 23 Nov 2026 to 29 Nov 2026."): "last week" is counted from the reference date, and an
    archive that is no longer updated has nothing from it. When the period starts after the archive's newest article
    (within the explicit filters), it says so too: "...; its newest article is from 19 Dec 2024."."""
    when = period_text(plan.period) if plan.period is not None else ""
    if not answer.abstained or not (when or plan.outlet):
        return answer
    said = " ".join(part for part in (ABSTAIN_TEXT.removesuffix("."), plan.outlet and f"in {plan.outlet}", when)
                    if part)
    if plan.period is not None and plan.period.since is not None:
        newest = _newest(searcher, _bounds(plan))
        if newest is not None and newest < plan.period.since:
            said += f"; its newest article is from {humanise(newest)}"
    return answer.model_copy(update={"answer": f"{said}."})


def ask_choices(
    question: str,
    choices: Sequence[str],
    searcher: Searcher,
    *,
    history: Sequence[Turn] = (),
    filters: SearchFilters | None = None,
    as_of: date | None = None,
    detector: InstructionDetector | None = None,
) -> Answer:
    """A multiple-choice question: the choice the archive supports, cited, or an abstention. A follow-up is
    rewritten by the rule-based method (gazette.followups)."""
    plan = plan_search(question, history, filters, as_of, rewrite, searcher.recency_policy, searcher.outlets())

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
    return finish(answer, [h for hits in per_choice for h in hits], detector)
