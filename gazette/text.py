"""Word-level text helpers shared by retrieval, answering and citation checks (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from gazette.errors import UsageError
from gazette.lexicon import MONTHS, POSSESSIVE, WEEKDAYS

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself said says say according also new many much did does get got one
    like last latest week month year years day days today yesterday ago recent recently""".split()
)

CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(w + "s" for w in WEEKDAYS)

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# An ordinal's or a decade's ending is part of its number ("4th" and "1990s" are the numbers 4 and 1990), not a
# word of its own: read as words "th" and "s", it matched any other "5th" or "1980s" as one of the question's terms.
_NUMBER_ENDINGS = frozenset({"st", "nd", "rd", "th", "s"})
# A word: letters joined by single inner apostrophes or hyphens ("didn't", "Koch-affiliated"); a trailing
# apostrophe is not part of it ("Systems'" is "Systems"). Text is folded to ASCII first (see fold).
_ENDING = "|".join(sorted(_NUMBER_ENDINGS, key=lambda e: (-len(e), e)))  # longest first: "nd" before "s"
_WORD = re.compile(r"(?P<n>" + _NUMBER.pattern + r")(?:(?:" + _ENDING + r")(?![A-Za-z]|['-][A-Za-z]))?"
                   r"|[A-Za-z]+(?:['-][A-Za-z]+)*")
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Text as words are read from it: accents taken off ("Mercié" is "Mercie", not "Merci" and a stray "é"),
    compatibility forms spelled out ("ﬁ" is "fi"), curly apostrophes made straight, and any other non-ASCII
    character a space, so that it still separates words (pure)."""
    if text.isascii():
        return text
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).replace("’", "'")
    return _NON_ASCII.sub(" ", text)


def normalise_number(token: str) -> str:
    """'8,000' -> '8000', '3.50' stays '3.50'; non-numbers are returned unchanged."""
    if token[:1].isdigit():
        return token.replace(",", "")
    return token


def stem(word: str) -> str:
    """A light suffix stripper: enough to match 'troops'/'troop', 'attacked'/'attack', 'drones'/'drone'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: len(w) - len(suffix)] + repl
    return w


def words(text: str) -> list[str]:
    return [normalise_number(m.group("n") or m.group(0)) for m in _WORD.finditer(fold(text))]


def _content_words(text: str) -> Iterator[tuple[str, str]]:
    """Each word that is no stop word, with its term: a number as normalised, any other word stemmed."""
    for w in words(text):
        if w.lower() not in STOPWORDS:
            yield w, (w if w[0].isdigit() else stem(w))


def terms(text: str) -> list[str]:
    """Content terms: stemmed, lower-cased, stop words dropped, numbers normalised."""
    return [term for _, term in _content_words(text)]


def term_set(text: str) -> set[str]:
    return set(terms(text))


def matching_terms(text: str) -> set[str]:
    """The terms a text's words are matched by when a question is asked of it (pure): :func:`term_set`, and for a word
    the stemmer cut to less than its verb ("replacing", "hired": "replac", "hir"), the verb's own form too
    ("replace", "hire"), as a question asks it ("Whom did he replace?"); for a plural in "-oes", its singular
    ("tornadoes": "tornado"). Only a text's words get the second form: a question's "plane" is not met by "plans"."""
    found: set[str] = set()
    for word, term in _content_words(text):
        found.add(term)
        low = word.lower()
        if low.endswith(("ed", "ing")) and term != low and not term.endswith("e"):
            found.add(term + "e")
        elif low.endswith("oes") and term.endswith("oe"):
            found.add(term[:-1])
    return found


def numbers(text: str) -> set[str]:
    return {w for w in words(text) if w[0].isdigit()}


_YEAR = re.compile(r"(?:19|20)\d\d")
_SHORT_DECADE = re.compile(r"(?:['’]|\b)([1-9]0)s\b")


def decade_years(text: str) -> set[str]:
    """The first years of the decades a text names in two digits ("young in the '70s": 1970, or 2070 for all the text
    says), as :func:`numbers` gives a question's "the 1970s" (pure)."""
    return {f"{century}{m.group(1)}" for m in _SHORT_DECADE.finditer(text) for century in ("19", "20")}


def figures(text: str) -> set[str]:
    """The numbers a text gives, years (1900-2099) aside: what it counts or measures."""
    return {n for n in numbers(text) if not _YEAR.fullmatch(n)}


def names(text: str) -> set[str]:
    """Capitalised words that do not start a sentence: a cheap stand-in for named entities. Months and weekdays
    are dates, not names (they are checked as dates), "February's" too."""
    found: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", fold(text)):
        tokens = [m.group(0) for m in _WORD.finditer(sentence)]
        for tok in tokens[1:]:
            if tok[0].isupper() and tok.lower() not in STOPWORDS \
                    and POSSESSIVE.sub("", tok.lower()).rstrip("'’") not in CALENDAR_WORDS:
                found.add(stem(tok))
    return found


def coverage(question_terms: set[str], text_terms: set[str], number_weight: float = 2.0) -> float:
    """Weighted share of the question's terms found in a text: a number weighs ``number_weight`` (double by
    default: a question's number is what pins its answer down), a word 1."""

    def weight(term: str) -> float:
        return number_weight if term[0].isdigit() else 1.0

    total = sum(weight(t) for t in question_terms)
    if not total:
        return 0.0
    return sum(weight(t) for t in question_terms & text_terms) / total


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


class TermFinder:
    """Which of a query's terms a text holds: the same as ``term_set(text) & query_terms``, several times faster
    on long texts, since only the words that could stem to a query term are stemmed.

    Every word that stems to a term starts with the term less its last letter (see :func:`stem`), so one regex of
    those prefixes finds the few words worth stemming.
    """

    def __init__(self, query_terms: set[str]) -> None:
        self.terms = frozenset(query_terms)
        prefixes = sorted({t[:-1] if len(t) > 1 else t for t in self.terms if not t[0].isdigit()}, key=len,
                          reverse=True)
        alternatives = "|".join(re.escape(p) for p in prefixes)
        # A word runs on through letters and single inner apostrophes or hyphens, as _WORD reads it.
        self._words = re.compile("(?:" + alternatives + ")(?:[a-z]|['-](?=[a-z]))*") if prefixes else None
        self._numbers = any(t[0].isdigit() for t in self.terms)

    def found(self, text: str) -> set[str]:
        out: set[str] = set()
        text = fold(text)
        if self._words is not None:
            low = text.lower()  # ASCII after fold: the same length, letter for letter
            for m in self._words.finditer(low):
                # Only a word's start counts (as _WORD reads it): no letter just before it, nor a letter and one
                # apostrophe or hyphen ("year-old": "old" is inside the word).
                j = m.start() - 1
                if j >= 0 and (low[j] in _LETTERS or low[j] in "'-" and j >= 1 and low[j - 1] in _LETTERS):
                    continue
                w = m.group(0)
                if j >= 0 and low[j].isdigit() and text[m.start():m.end()] in _NUMBER_ENDINGS:
                    continue  # "4th": the number's ending, as _WORD reads it (in lower case only: "0S" is 0 and S)
                if w not in STOPWORDS and (t := stem(w)) in self.terms:
                    out.add(t)
        if self._numbers:
            out.update(t for t in (normalise_number(n) for n in _NUMBER.findall(text)) if t in self.terms)
        return out


def tidy_input(text: str | None, max_chars: int, *, empty: str, too_long: str) -> str:
    """A user's text (a question, a topic) with its white space tidied; UsageError (one line) when it is empty
    (``empty``) or longer than ``max_chars`` (``too_long``, formatted with ``n`` and ``limit``)."""
    tidy = " ".join((text or "").split())
    if not tidy:
        raise UsageError(empty)
    if len(tidy) > max_chars:
        raise UsageError(too_long.format(n=len(tidy), limit=max_chars))
    return tidy


_INITIALISM_JOINS = frozenset({"of", "and", "for", "the", "on", "de", "&"})
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:" + "|".join(map(re.escape, sorted(_INITIALISM_JOINS)))
                              + r")\s+)*[A-Z][a-z]+)+")


_DOTTED_INITIALISM = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}")


def initialisms(text: str) -> set[str]:
    """The initialisms a text's names spell ("Federal Aviation Administration": "faa", "International Atomic
    Energy Agency": "iaea"), lower case, as terms: a question about "the FAA" is about the article that spells it
    out. Joining words ("of", "and") are skipped; the tails of runs of two to six words. And those it writes with
    stops, joined: "U.S." is "us", so a question about "the US" is about the article that writes "the U.S." (pure)."""
    found: set[str] = {m.group(0).replace(".", "").lower() for m in _DOTTED_INITIALISM.finditer(text)}
    for m in _CAPITALISED_RUN.finditer(fold(text)):
        initials = [w[0] for w in m.group(0).split() if w.lower() not in _INITIALISM_JOINS]
        # Each tail too: "Agency chief Rafael Grossi" aside, "Yesterday Federal Aviation Administration" holds "faa".
        found.update("".join(initials[i:]).lower() for i in range(len(initials) - 1) if len(initials) - i <= 6)
    return found
