""""What's new since": in a conversation, "anything new?", "what changed?" or "any update on that?" is answered only
from articles published after the conversation's last answer (pure functions; gazette.app runs them).

- :func:`asks_whats_new`: the question asks for news of the story being discussed, and little else.
- :func:`last_answer`: what the conversation last asked (the standalone query of its last answer) and the as-of
  date of its last dated answer (its newest cited source); a "nothing new" reply has no date and keeps the one
  before.
- :func:`since_cut`: the search filters narrowed to articles published after that date (the day after it: dates
  are days).
- :func:`nothing_new`: the reply when there are none: "Nothing new since 4 Nov 2024."

Outside a conversation (no earlier dated answer), such a question is answered as a plain question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gazette.dates import parse_date
from gazette.followups import Turn, content_terms
from gazette.models import Answer, RetrievedChunk, SearchFilters
from gazette.timescope import humanise

_ASKS = re.compile(
    r"\b(?:anything(?:\s+else)?\s+new|any(?:thing)?\s+(?:new\s+)?(?:updates?|news|developments?|changes?)|"
    r"what(?:'s|’s|\s+is|s)?\s+new|what(?:'s|’s|\s+has|\s+have)?\s+changed|what\s+changed|"
    r"(?:is\s+there|are\s+there)\s+(?:any\s+)?(?:more|updates?|news)|latest\s+on\s+(?:that|this|it)|"
    r"updates?\s+on\s+(?:that|this|it|the\s+story))\b",
    re.IGNORECASE,
)
# The words of a what's-new question that name no topic (gazette.briefing reads them too).
FILLER = frozenset(
    """anything any else new update updates news development developments change changes changed what whats
    latest more story since then there that this it on about regarding so far yet please now thanks ok okay
    hey hi gazette""".split()
)
MAX_OWN_TERMS = 1
"""A what's-new question may add one word of its own ("any update on Kursk?" is still about the story); with more
it names a topic of its own, which is searched instead."""


def asks_whats_new(question: str) -> bool:
    """Whether ``question`` asks what is new in the story under discussion: "anything new?", "what changed?",
    "any update on that?" (pure)."""
    return bool(_ASKS.search(question))


def own_topic(question: str) -> str:
    """The words a what's-new question adds of its own ("anything new on the troops in Kursk?" -> "troops
    Kursk"); "" when it adds at most ``MAX_OWN_TERMS`` (pure)."""
    rest = _ASKS.sub(" ", question)
    terms = [w for w in content_terms(rest) if w.lower().strip("'’") not in FILLER]
    return " ".join(terms) if len(terms) > MAX_OWN_TERMS else ""


def story_turns(history: Sequence[Turn]) -> list[Turn]:
    """The conversation without its what's-new questions that name no topic of their own, and their answers
    (pure): "anything new?" adds no words to the story, so a follow-up after it leans on the question before it.
    Otherwise "What about casualties?" after "anything new?" searched "anything" as part of the story."""
    out: list[Turn] = []
    skipping = False
    for role, text in history:
        if role == "user":
            skipping = asks_whats_new(text) and not own_topic(text)
        if not skipping:
            out.append((role, text))
    return out


@dataclass(frozen=True)
class PastAnswer:
    """One earlier answer of a conversation: the standalone query it answered and its as-of date (YYYY-MM-DD)."""

    query: str
    as_of: str | None


@dataclass(frozen=True)
class LastAnswer:
    """What a what's-new question follows: the last query of the conversation and the date its news ran to."""

    query: str
    as_of: date


def last_answer(answers: Iterable[PastAnswer]) -> LastAnswer | None:
    """From a conversation's answers (oldest first): the last one's query and the last dated one's as-of date;
    None when no answer was dated (nothing to be new since) (pure)."""
    items = [a for a in answers if a.query.strip()]
    if not items:
        return None
    days = [d for d in (_day(a.as_of) for a in items) if d is not None]
    if not days:
        return None
    return LastAnswer(query=items[-1].query, as_of=days[-1])


def _day(text: str | None) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def since_cut(filters: SearchFilters | None, as_of: date) -> SearchFilters:
    """``filters`` narrowed to articles published after ``as_of`` (from the next day) (pure)."""
    base = filters or SearchFilters()
    start = as_of + timedelta(days=1)
    since = max(start, base.since) if base.since else start
    return SearchFilters(since=since, until=base.until, outlets=base.outlets)


def published_after(hits: Sequence[RetrievedChunk], as_of: date) -> list[RetrievedChunk]:
    """The hits published after ``as_of`` (an undated article is not known to be new) (pure)."""
    return [h for h in hits if h.chunk.published is not None and h.chunk.published > as_of]


def is_new(answer: Answer, as_of: date) -> bool:
    """Whether every source an answer cites was published after ``as_of`` (pure)."""
    return bool(answer.citations) and all(
        (d := _day(c.published)) is not None and d > as_of for c in answer.citations
    )


def nothing_new(question: str, query: str, as_of: date) -> Answer:
    """The reply when nothing was published on the story after ``as_of``."""
    return Answer(question=question, answer=f"Nothing new since {humanise(as_of)}.", abstained=True,
                  searched_query=query)


def new_since(question: str, answer: Answer, as_of: date) -> Answer:
    """An answer from the new articles, said to be so: "New since 4 Nov 2024: ..." (the user's question kept); a list
    (a briefing's stories) starts on the next line."""
    gap = "\n\n" if answer.answer.startswith("- ") else " "
    return answer.model_copy(update={"question": question,
                                     "answer": f"New since {humanise(as_of)}:{gap}{answer.answer}"})
