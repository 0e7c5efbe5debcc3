"""The short answer inside an answer sentence: "Up to 8,000 North Korean troops are in Kursk ..." -> "8,000".

Used for the answer's ``short_answer`` field (a headline for front ends) and for exact-match scoring. Pure
functions; the rules follow the kind of question (see gazette.answering.question_kind):

- number: the first number in the sentence that the question does not mention, with its currency sign, percent
  sign or scale word ("$35.1 billion", "3.25%", "8,000");
- date: the first date-like phrase ("31 October", "Monday, 4 November", "2023");
- person and "which/what X" questions: the first run of capitalised words that the question does not mention.
"""

from __future__ import annotations

import re

from gazette.citations import strip_markers
from gazette.lexicon import CAPITALISED_MONTH, CAPITALISED_WEEKDAY, counted_thing
from gazette.text import STOPWORDS, stem

_NUMBER = re.compile(
    r"(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|per ?cent|percent))?"
    r"(?:\s(?:million|billion|trillion|thousand|hundred))?"
)
_DATE = re.compile(
    r"\b(?:(?:" + CAPITALISED_WEEKDAY + r"),?\s)?\d{1,2}\s(?:" + CAPITALISED_MONTH + r")(?:\s\d{4})?\b"
    r"|\b(?:" + CAPITALISED_MONTH + r")\s\d{1,2}(?:,\s\d{4})?\b|\b(?:19|20)\d\d\b"
)
_CAPS = re.compile(r"\b[A-Z][\w’'&.-]*(?:\s+(?:of|de|la|van|von|and|the|al|bin|el)?\s*[A-Z][\w’'&.-]*)*")


def _digits(s: str) -> str:
    return re.sub(r"[^\d.]", "", s)


def short_answer(question: str, sentence: str, kind: str) -> str | None:
    text = strip_markers(sentence)
    q_low = question.lower()
    if kind == "number":
        q_numbers = {_digits(m.group(0)) for m in _NUMBER.finditer(question)}
        found = [m for m in _NUMBER.finditer(text)
                 if _digits(m.group(0)) not in q_numbers and not _inside_date(text, m.start())]
        focus = counted_thing(question, bare=False)
        if focus:
            # "how many attack drones did...": the number just before "drones" (a few adjectives allowed)
            noun = stem(focus.lower())
            for m in found:
                after = re.findall(r"[\w'-]+", text[m.end():m.end() + 40])[:4]
                if any(stem(w.lower()) == noun for w in after):
                    return m.group(0).strip()
        return found[0].group(0).strip() if found else None
    if kind == "date":
        dated = _DATE.search(text)
        return dated.group(0) if dated else None
    q_stems = {stem(w) for w in re.findall(r"[\w’'-]+", q_low)}
    for m in _CAPS.finditer(text):
        span = m.group(0).strip(" .")
        words = [w for w in re.findall(r"[\w’'-]+", span)]
        if not words or m.start() == 0 and words[0].lower() in STOPWORDS:
            # a sentence-initial "The" or "In" is not a name; try the rest of the run
            words = words[1:]
            span = " ".join(words)
        if not words or all(stem(w.lower()) in q_stems or w.lower() in STOPWORDS for w in words):
            continue
        return span
    return None


def _inside_date(text: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in _DATE.finditer(text))
