"""Follow-up questions: rewrite a question that leans on the conversation into a standalone search query.

The rule-based method (used when no language model is configured), documented in README.md:

1. With no history, or a question that already stands alone, the question is searched as it is.
2. A question "leans on" the conversation when it starts with a continuation word ("and", "also", "what about",
   "how about", "then", "so"), refers back with a pronoun or demonstrative ("he", "she", "they", "it", "his",
   "their", "that", "this", "those", "there", "then"...), or has fewer than three content terms.
3. Such a question is searched together with the names, numbers and content terms of the last user question
   that it does not already contain: "and how many drones?" after "How many missiles did Russia fire in the week
   before 27 October?" searches "and how many drones? (Russia fire 27 October)": the thing counted or asked
   for in the earlier question ("missiles") is left out when the follow-up names its own. A season across two years
   ("2022-23") is one term.
4. A follow-up that refers to a person ("he", "she", "they", "her") also takes the names the answer to that
   question gave in its first sentence: "And who was he replacing?" after "Who did Disney name as CEO in November
   2022?", answered "Disney brought back former CEO Bob Iger ...", searches "... (Disney name CEO November 2022 Bob
   Iger)". The person may be one the answer named, not the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gazette.lexicon import POSSESSIVE, counted_thing
from gazette.text import CALENDAR_WORDS, STOPWORDS, stem, words
from gazette.timescope import names_time, relative_shift, shifted_dates, without_dates

Turn = tuple[str, str]
"""One conversation turn: (role, text), role "user" or "assistant"."""

_CONTINUATION = re.compile(r"^\s*(and|also|what about|how about|then|so|but|plus|or)\b", re.I)
_BACK_REFERENCE = re.compile(
    r"\b(he|she|they|it|him|her|them|his|hers|its|their|theirs|that|this|those|these|there|then|the same|"
    r"next|earlier|later|instead)\b",
    re.I,
)
_QUESTION_WORDS = {"how", "what", "when", "where", "who", "whom", "whose", "which", "why"}
_PERSONAL = re.compile(r"\b(he|she|him|her|his|hers|they|them|their)\b", re.I)
_NAME_RUN = re.compile(r"(?<![\w'’.-])[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)+")


def _key(word: str) -> str:
    """How a content word is compared: numbers as they are, words by their stem."""
    return word if word[0].isdigit() else stem(word)


# A season across two years ("the 2022-23 NBA season"): one term, kept whole, for its second year is no count a
# follow-up's article must print (gazette.extractive reads "2022-23" as a season, "2022 23" as a year and a number).
_SEASON = re.compile(r"(?<![\w.-])(?:19|20)\d\d[-–/]\d\d(?![\w-])")


def _words(text: str) -> list[str]:
    """The words of ``text`` (gazette.text.words), a season across two years as one."""
    out: list[str] = []
    start = 0
    for m in _SEASON.finditer(text):
        out += [*words(text[start:m.start()]), m.group(0)]
        start = m.end()
    return [*out, *words(text[start:])]


def content_terms(text: str) -> list[str]:
    """Content words of ``text`` in order, original spelling kept (numbers normalised), no repeats."""
    seen: set[str] = set()
    out = []
    for w in _words(text):
        low = w.lower()
        if low in STOPWORDS or low in _QUESTION_WORDS or len(w) < 2 and not w.isdigit():
            continue
        key = _key(w)
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


def leans_on_history(question: str) -> bool:
    return bool(
        _CONTINUATION.search(question) or _BACK_REFERENCE.search(question) or len(content_terms(question)) < 3
    )


def _keys(text: str) -> set[str]:
    return {_key(w) for w in content_terms(text)}


def keeps_terms(question: str, query: str) -> bool:
    """Whether ``query`` still holds every content term of ``question``: a model's rewrite must ask the same thing,
    not answer it or change the subject (pure)."""
    return _keys(question) <= _keys(query)


def _focus(question: str, another_time: bool) -> str | None:
    """The thing a follow-up counts or asks about: "and how many drones?" -> "drones", "What about casualties?" ->
    "casualties"; None for "What about 28 November?" or "What about the following week?" (``another_time``: it
    moves in time or names a time of its own), which ask of another time, not of another thing."""
    found = counted_thing(question)
    if found is None or found.lower() not in STOPWORDS:
        return found
    if another_time:
        return None
    after = re.search(r"\b(?:what|how)\s+about\s+(?:the\s+)?([A-Za-z][\w'-]*)", question, re.IGNORECASE)
    if after is None or after.group(1).lower() in STOPWORDS | CALENDAR_WORDS:
        return None
    return after.group(1)


def answered_names(answer: str) -> list[str]:
    """The words of the names of two or more capitalised words in an answer's first sentence, in order (pure): "Disney
    brought back former CEO Bob Iger [1]." -> ["CEO", "Bob", "Iger"]; a leading stop word is no name ("The Venezuelan
    government" names nothing), and a possessive ends its name ("Russia's Kursk region" names "Russia" and "Kursk",
    one word each)."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", answer.strip(), maxsplit=1)[0]
    out: list[str] = []
    for m in _NAME_RUN.finditer(first):
        for part in re.split(r"(?<=[’']s)\s+", m.group(0)):
            run = [POSSESSIVE.sub("", w) for w in part.split()]
            while run and run[0].lower() in STOPWORDS:
                run = run[1:]
            if len(run) >= 2:
                out += content_terms(" ".join(run))
    return out


def rewrite(question: str, history: Sequence[Turn]) -> str:
    """The standalone query to search for ``question`` given the earlier turns (pure). The last user question is
    taken as it was searched: a follow-up of a follow-up ("When did they arrive?" after "Who said so?" after "How
    many North Korean troops are in Kursk?") keeps the story the conversation is about."""
    users = [i for i, (role, text) in enumerate(history) if role == "user" and text.strip()]
    if not users or not leans_on_history(question):
        return question
    last = users[-1]
    previous = rewrite(history[last][1], history[:last])
    shift = relative_shift(question)
    own_time = shift is None and names_time(question)
    if shift is not None:
        previous = shifted_dates(previous, shift)  # "And the day before?": its dates, a day back
    elif own_time:
        previous = without_dates(previous)  # "What about 28 November?": that day, not the earlier one
    have = _keys(question)
    # "and how many drones?" after "how many missiles ...?" swaps the thing counted: drop the old one
    old_focus, new_focus = counted_thing(previous), _focus(question, another_time=shift is not None or own_time)
    if old_focus and new_focus:
        have.add(stem(old_focus))
    extra = [w for w in content_terms(previous) if _key(w) not in have]
    if _PERSONAL.search(question) and last + 1 < len(history) and history[last + 1][0] == "assistant":
        # "And who was he replacing?" after "Who did Disney name as CEO?" and its answer "... Bob Iger": the person
        # referred to may be one the answer named, not the question
        have |= {_key(w) for w in extra}
        for w in answered_names(history[last + 1][1]):
            if _key(w) not in have:
                have.add(_key(w))
                extra.append(w)
    if not extra:
        return question
    return f"{question.strip()} ({' '.join(extra)})"
