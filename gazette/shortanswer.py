"""The short answer inside an answer sentence: "Up to 8,000 North Korean troops are in Kursk ..." -> "8,000".

Used for the answer's ``short_answer`` field (a headline for front ends) and for exact-match scoring. Pure
functions; the rules follow the kind of question (see gazette.extractive.question_kind):

- number: the first number in the sentence that the question does not mention, with its currency sign, percent
  sign or scale word ("$35.1 billion", "3.25%", "8,000");
- date: the first date-like phrase ("31 October", "Monday, 4 November", "2023");
- person, place and "which/what X" questions: the first run of capitalised words that the question does not
  mention, a possessive "'s" dropped, never a day or a month alone nor the dateline ("NYON, Switzerland (AP) —");
  for a place, the first such run after a preposition of place ("on the island of Catanduanes"), if any;
- describe ("Who is Kwasi Kwarteng?"): what the sentence says the person is (:func:`description`): an apposition
  ("Dylan Nunn, a 22-year-old student, ..."), "X is a ..." or the words right before the name ("Chancellor Kwasi
  Kwarteng", "Afghanistan vet Brad Mercer");
- any other question ("What did Trump say?", "Why ...?", "Did Barcelona win?"): none. No word or two of the sentence
  is its answer, and a wrong headline is worse than none.
"""

from __future__ import annotations

import re

from gazette.citations import strip_markers
from gazette.lexicon import (
    CAPITALISED_MONTH,
    CAPITALISED_MONTH_ABBREVIATION,
    CAPITALISED_WEEKDAY,
    POSSESSIVE,
    RANK,
    counted_thing,
)
from gazette.text import CALENDAR_WORDS, STOPWORDS, stem

_NUMBER = re.compile(
    r"(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|per ?cent|percent))?"
    r"(?:\s(?:million|billion|trillion|thousand|hundred))?"
)
# A month in full or abbreviated as news writes it ("Aug. 4", "4 Aug 2022").
_MONTH = r"(?:" + CAPITALISED_MONTH + r"|(?:" + CAPITALISED_MONTH_ABBREVIATION + r")\.?)"
_DATE = re.compile(
    r"\b(?:(?:" + CAPITALISED_WEEKDAY + r"),?\s)?\d{1,2}\s" + _MONTH + r"(?:\s\d{4})?(?!\w)"
    r"|\b" + _MONTH + r"\s\d{1,2}(?:,\s\d{4})?\b|\b(?:19|20)\d\d\b"
)
# "Who is/was NAME ...?": the name is the run of capitalised words right after the verb ("Who was No. 1 ...?" and
# "Who is the Tetris player ...?" ask for a name, not about one).
_WHO_IS = re.compile(r"^\W*(?i:(?:and\s+)?who\s+(?:is|was))\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")
# What may follow the name: the question's end, a clause about the person ("Who is Brad Free at the park?", "Who
# is Wally, and why ...?"); not more of a question that asks for someone else ("Who is Hunter Biden married to?").
_AFTER_NAME = re.compile(r"\s*(?:$|[,?;:(–—-]|(?:and|of|at|in|from|on|for)\b)")
_WHO_IS_NOT = frozenset({"no", "the", "a", "an", "that", "this", "it", "he", "she", "they", "there"})
# Words right before a name that introduce it rather than describe it ("said Brad Mercer", "met Kwasi Kwarteng").
_NOT_ROLES = STOPWORDS | frozenset("""says told asks asked added met meet meets thanked thanks called calls urged
    urges joined joins replaced replaces named names sued sues dear""".split())
# Words in "-ly" that may describe a person before the name ("family friend Brad Mercer"); any other is an adverb.
_LY_ROLES = frozenset("family elderly early burly curly holy friendly".split())
# What starts no apposition after "NAME, ": a clause ("Murphy, and Allen figured ...", "Velden, but she ..."), a
# pronoun's ("Asked about Velden, she said ...") or a quote's attribution ("... Velden, said Smith").
_NO_APPOSITION = (r"(?:and|but|or|nor|so|yet|then|while|if|as|he|she|they|it|we|i|you|said|says|told|added|asked|"
                  r"according)\b")
_APPOSITION_END = re.compile(r"[,;:()]|\s[-–—]\s|$")
_NAMED_KINDS = frozenset({"person", "name", "place"})
"""The kinds of question whose short answer is a name in the sentence (a run of capitalised words)."""
# "NYON, Switzerland (AP) — ...", "SAN FRANCISCO — ...": where the story was filed, not a name it tells.
_DATELINE = re.compile(r"^[A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*)*(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?\s*"
                       r"(?:\([^()]{1,40}\)\s*)?[-–—]\s+")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|on|off|from|to|into|of)\s+(?:the\s+)?$", re.I)
_CAPS = re.compile(r"\b[A-Z][\w’'&.-]*(?:\s+(?:of|de|la|van|von|and|the|al|bin|el)?\s*[A-Z][\w’'&.-]*)*")


def described_name(question: str) -> list[str]:
    """The name a "Who is/was NAME?" question asks about, as its words; [] for any other question (pure)."""
    m = _WHO_IS.match(question)
    if m is None or not _AFTER_NAME.match(question[m.end():]):
        return []
    words = re.findall(r"[\w’'-]+", m.group("name"))
    return [] if not words or words[0].lower() in _WHO_IS_NOT else words


def description(name: list[str], sentence: str) -> str | None:
    """What ``sentence`` says the person ``name`` is (pure): the apposition after the name ("Dylan Nunn, a
    22-year-old student, ..." -> "a 22-year-old student"; any word of the name will do: "Brad, a military veteran"),
    or what follows "NAME is a/an/the", or the words right before the full name ("Afghanistan vet Brad Mercer" ->
    "Afghanistan vet"; "a French sculptor named Jean Antonin Mercié" -> "French sculptor"). None when the sentence
    names the person without saying what they are ("Kwarteng added ...", "said Brad Mercer")."""
    text = strip_markers(sentence)
    if not name:
        return None
    words = "|".join(re.escape(w) for w in name)
    for m in re.finditer(rf"\b(?:(?:{words})\s+)*(?:{words})\b", text):
        after = text[m.end():]
        appos = re.match(r"(?:[’']s?)?,\s+(?=(?:a|an|the|who|whose)\s|(?!" + _NO_APPOSITION + r")[a-z])",
                         after) or re.match(
            r"\s+(?:is|was|has been|had been)\s+(?=(?:a|an|the)\s)", after)
        if appos:
            rest = after[appos.end():]
            end = _APPOSITION_END.search(rest)
            phrase = rest[:end.start() if end else len(rest)].strip(" .")
            if phrase and phrase.split()[0].lower() not in ("who", "whose") or len(phrase.split()) > 2:
                return phrase
        if len(name) > 1 and not m.group(0).startswith(name[0]):
            continue  # "Brad and Corinne Mercer": the words before "Mercer" are another person's name
        before = re.search(r"(?:[\w’'-]+ )+$", text[:m.start()])
        role: list[str] = []
        for w in reversed(before.group(0).split() if before else []):
            if not role and w.lower() in ("named", "called"):
                continue  # "a French sculptor named Jean Antonin Mercié"
            if w.lower() in _NOT_ROLES or w[0].isdigit() or w.endswith("ly") and w.islower() \
                    and w not in _LY_ROLES:
                break  # "said Brad Mercer", "That was purely Sean Forbes trying ...": an adverb is no role
            role.insert(0, w)
        if role:
            return " ".join(role)
    return None


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
    if kind == "rank":
        ranked = RANK.search(text)
        return ranked.group(0) if ranked else None
    if kind == "date":
        dated = _DATE.search(text)
        return dated.group(0) if dated else None
    if kind == "describe":
        return description(described_name(question), text)
    if kind not in _NAMED_KINDS:
        return None  # "What did X say?", "Why ...?": no word or two of the sentence is the answer
    q_stems = {stem(w) for w in re.findall(r"[\w’'-]+", q_low)}
    names: list[tuple[int, str]] = []
    text = _DATELINE.sub("", text, count=1)
    for m in _CAPS.finditer(text):
        span = POSSESSIVE.sub("", m.group(0).strip(" ."))  # "Donald Trump's win" -> "Donald Trump"
        words = [w for w in re.findall(r"[\w’'-]+", span)]
        if not words or m.start() == 0 and words[0].lower() in STOPWORDS:
            # a sentence-initial "The" or "In" is not a name; try the rest of the run
            words = words[1:]
            span = " ".join(words)
        if not words or all(stem(w.lower()) in q_stems or w.lower() in STOPWORDS for w in words):
            continue
        if all(w.lower() in CALENDAR_WORDS for w in words):
            continue  # "on Friday", "In August"
        names.append((m.start(), span))
    if kind == "place":  # "made landfall on the island of Catanduanes": the name after a preposition of place
        names = [(start, span) for start, span in names if _PLACE_BEFORE.search(text[:start])] or names
    return names[0][1] if names else None


def _inside_date(text: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in _DATE.finditer(text))
