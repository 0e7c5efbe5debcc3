"""Questions that name an outlet of the archive: "Any news from Baltic Wire?", "What did the Pacific Herald report
about North Korean troops?", "According to Northern Courier, how many ...?" (pure functions).

Such a question asks what that outlet published: its articles are the only ones read (as with ``--outlet``), and the
outlet's name is not a word the answer has to contain, since articles rarely print their own outlet's name (the
outlet backs a claim that names it: gazette.verify).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from gazette.briefing import asks_briefing
from gazette.followups import content_terms
from gazette.models import SearchFilters
from gazette.text import CALENDAR_WORDS

# When a question names an outlet as the source it asks about, not as a subject ("Why did CNN fire its anchor?",
# "Who owns the Washington Post?"): after words that give a source ("according to", "per", "news from", "reported
# by", "the latest on"), before a verb of reporting ("What did the Pacific Herald report ...?"), with a possessive
# before a word for its reporting ("Pacific Herald's coverage"), or alone with words asking for news ("Baltic Wire
# headlines").
_SOURCE_BEFORE = re.compile(
    r"(?:\baccording\s+to|\bper|\bvia|\b(?:reported|written|published|covered|run|printed)\s+(?:by|in|on)|"
    r"\b(?:news|latest|headlines?|stories|story|articles?|reports?|reporting|coverage|updates?|anything|new|"
    r"pieces?|say|says|said)\s+(?:from|in|on|by|at))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SOURCE_VERB = re.compile(
    r"^\s*(?:report|reports|reported|reporting|say|says|said|write|writes|wrote|written|publish|publishes|"
    r"published|cover|covers|covered|tell|tells|told|run|runs|ran|claim|claims|claimed)\b",
    re.IGNORECASE,
)
_SOURCE_POSSESSIVE = re.compile(
    r"^(?P<mark>['’]s?)\s+(?:(?:own|latest|top|main|first|new)\s+)?(?:report|reports|reporting|coverage|story|stories|"
    r"headlines?|take|articles?|news|latest|piece|pieces|account|version|figures?)\b",
    re.IGNORECASE,
)
_PAST = frozenset("reported said wrote written published covered told ran claimed".split())
_INTRODUCED = re.compile(r"(?:\baccording\s+to|\bper|\bvia|\b(?:from|in|on|by|at))\s+(?:the\s+)?$", re.IGNORECASE)
"""The words before an outlet's name that go with it when it is taken out: "news from", "according to the"."""
ONLY_OUTLET = "news"
"""What is left of a question that was only an outlet's name ("Baltic Wire?"): its news, a briefing."""


@dataclass(frozen=True)
class OutletMention:
    outlet: str
    """The outlet as the archive names it."""
    rest: str
    """The question without the outlet and the words introducing it."""


@lru_cache(maxsize=4096)
def _pattern(outlet: str) -> re.Pattern[str] | None:
    """How a question writes ``outlet``'s name: its words in order, a leading "The" optional. A one-word name must
    be written as the archive writes it ("Time", not "time"); longer ones in any case ("baltic wire")."""
    words = outlet.split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if not words or not any(c.isalpha() for c in "".join(words)):
        return None
    name = r"\s+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w'’-])(?:{name})(?![\w-])", re.IGNORECASE if len(words) > 1 else 0)


def named_outlet(question: str, outlets: Iterable[str]) -> OutletMention | None:
    """The outlet of ``outlets`` that ``question`` names as its source, and the question without it; None if it
    names none so. The longest name wins ("Global Desk Asia" over "Global Desk"). A question that is only the
    outlet's name, or that and words asking for news, asks for its news (``ONLY_OUTLET``)."""
    capital = question[:1].isupper()
    # the outlet as the archive writes it: the filter on it matches its articles (gazette.keyword.filter_sql)
    for outlet in sorted({o for o in outlets if o.strip()}, key=lambda o: (-len(" ".join(o.split())), o)):
        pattern = _pattern(outlet)
        for found in pattern.finditer(question) if pattern else ():
            if _longer_name(question[found.end():]):
                continue  # "Global Desk Asia" is not the archive's "Global Desk"
            rest = _without(question[:found.start()], question[found.end():])
            if rest is None:
                continue
            rest = _tidy(rest, capital)
            if not content_terms(rest):
                rest = _tidy(ONLY_OUTLET + (rest.strip()[-1:] if rest.strip()[-1:] in "?.!" else ""), capital)
            return OutletMention(outlet, rest)
    return None


def _longer_name(after: str) -> bool:
    """Whether the words after a name go on with it: a capitalised word next, not a day or a month ("Global Desk
    Asia", but not "Global Desk Monday")."""
    word = re.match(r"\s+([A-Z][\w'’-]*)", after)
    return word is not None and word.group(1).lower() not in CALENDAR_WORDS


def _without(before: str, after: str) -> str | None:
    """The question without an outlet's name found between ``before`` and ``after``, if it names the outlet as its
    source: "What did the Pacific Herald report about X?" -> "What did it say about X?" (the verb of reporting
    frames the question, like "say"), "Pacific Herald's coverage of X" -> "coverage of X", "Any news from Baltic
    Wire?" -> "Any news?". None when it names the outlet otherwise ("Who owns the Washington Post?")."""
    bare = re.sub(r"\bthe\s+$", "", before, flags=re.IGNORECASE)
    if verb := _SOURCE_VERB.match(after):
        told = verb.group(0).strip().lower()
        return f"{bare} it {'said' if told in _PAST else 'says' if told.endswith('s') else 'say'}{after[verb.end():]}"
    if possessive := _SOURCE_POSSESSIVE.match(after):
        return f"{bare} {after[possessive.end('mark'):]}"
    rest = f"{bare} {after}"
    if not (_SOURCE_BEFORE.search(before) or not content_terms(rest) or asks_briefing(rest)):
        return None
    lead_in = _INTRODUCED.search(before)  # "news from", "according to the": they go with the name
    return f"{before[:lead_in.start()]} {after}" if lead_in else rest


def _tidy(text: str, capital: bool) -> str:
    """Spaces and commas left by a removed phrase: none before punctuation, none leading, one between words; the
    first letter a capital again if the question's was."""
    text = re.sub(r"\s+([?.!,;:])", r"\1", " ".join(text.split()))
    text = re.sub(r",(?=[?.!])|^[,;:]\s*", "", text)
    return text[:1].upper() + text[1:] if capital else text


def read_from(question: str, filters: SearchFilters | None, outlets: Iterable[str]
              ) -> tuple[str, SearchFilters | None, str | None]:
    """What to search for ``question`` and within which filters (pure): a question naming one of ``outlets`` as its
    source is searched without the name, within that outlet (the outlet is returned third); explicit outlet
    ``filters`` are hard, so a question naming an outlet they leave out is read as it is."""
    source = named_outlet(question, outlets)
    if source is None or filters is not None and filters.outlets \
            and source.outlet.casefold() not in {o.casefold() for o in filters.outlets}:
        return question, filters, None
    return source.rest, (filters or SearchFilters()).model_copy(update={"outlets": (source.outlet,)}), source.outlet
