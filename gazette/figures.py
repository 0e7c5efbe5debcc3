"""Figures in news text, and when two of them count the same thing (pure functions).

A figure is a number with what it counts, read from one sentence of an article: "up to 8,000 North Korean troops
are now in Russia's Kursk region, US officials said" gives 8,000 (qualifier "up to"), counting troops (capitalised
modifiers: North Korean), in Kursk, with nothing said about a period, attributed to US officials.

:func:`why_different` is the same-thing rule. Two figures count the same thing only when every one of these holds
(the first that fails is the reason given):

1. neither is a part of a larger count ("42 of the drones", "the four deaths include two ...") and both or neither
   are projections ("could reach 12,000", "plans to send", "is due to"; not "died due to flooding", a cause): a
   projection and a count are other quantities;
2. they count the same kind of thing (troops and soldiers are one kind; drones and missiles are two; "deaths" and
   "fatalities" are people; "Americans" are people, the Americans kept as a modifier; homes, households and
   businesses "without power" are the utilities' customers), with the same capitalised modifiers when both have
   some (North Korean troops are not Russian troops);
3. the same thing happens to them when the text says what (killed, injured, launched or sent, shot down,
   evacuated, arrested, missing): "97 drones" launched and "62 drones" lost to jamming are two counts;
4. in the same place: the most specific place named with the figure ("in Russia's Kursk region" is Kursk; "to
   eastern Russia" is Russia; "in North Carolina" is North Carolina, "in Turkey and Syria" one joint place; a
   sentence's leading "In North Carolina, ..."; "the U.S. death toll"). Troops in Kursk and troops in Russia are
   different counts unless the sources say they are one: no place matches another place, a place named by a
   common noun ("across the two countries", "the state's toll") matches only the same noun, and a figure that
   names none matches only another that names none;
5. over the same period: a count of a period (a week, a night, a month, an attack on a given day: "in the week
   before Sunday, 27 October", "overnight into Thursday, 28 November") matches only a count of the same length
   over overlapping dates, and never a count that names no period. A count that names none, or that says it is a
   running total ("now", "in total", "so far"; a death toll, "rose to 96 Sunday", unless dated to a past event),
   is a standing figure: its publication date does not matter, so
   3,000 troops sent to Russia (23 October) and 10,000 (28 October) are versions of one figure. In a list of
   figures each followed by its own date ("5,000 flights canceled Friday, 3,400 Saturday"), each figure counts over
   its own;
6. a money amount or a share with no counted word matches only one whose clause says mostly the same words.

Dates that say when something was *said* ("US officials said on Thursday, 31 October") are not the figure's
period; a state that gives a figure ("South Carolina reported 46 deaths") is its place. :func:`values_differ` says
whether two versions give different values: ranges that overlap do not, nor do values that agree once the finer is
rounded to the coarser's printed precision ("29.58" and "29.6" inches), or within 2% of an approximate one ("about
10,000" and "roughly 10,100"); "81.6 million" and "83 million" followers are two values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from gazette.lexicon import AFTER_COUNTED, COUNT_WORDS, IRREGULAR_PAST, TITLES, US_STATES
from gazette.newsdates import DateSpan, dated_phrases
from gazette.text import CALENDAR_WORDS, STOPWORDS, stem, term_set

# -- vocabulary ------------------------------------------------------------------------------------------------

APPROXIMATE = ("about", "around", "roughly", "nearly", "almost", "approximately", "some", "close to",
               "an estimated", "estimated")
"""The qualifiers (below) that tell a figure as approximate."""
QUALIFIERS = (
    "up to", "as many as", "as few as", "about", "around", "roughly", "nearly", "almost", "approximately", "some",
    "more than", "over", "at least", "fewer than", "less than", "under", "close to", "an estimated", "estimated",
    "just over", "just under", "well over", "upwards of", "at most", "only", "a total of", "a further", "another",
)
_QUALIFIER = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_NUMWORDS = {w: n for w, n in COUNT_WORDS.items() if n >= 2}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "dozen": 12}
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _amount_pattern(currency: str, number: str, scale: str) -> str:
    return (rf"(?P<{currency}>[$£€])?(?P<{number}>" + _DIGITS + "|" + "|".join(_NUMWORDS) + r")(?![\w]|-[A-Za-z])"
            rf"(?:\s*(?P<{scale}>thousand|million|billion|trillion|bn|dozen)\b)?")


_FIGURE = re.compile(
    r"(?<![\w$£€.,#/-])(?:(?P<q>" + _QUALIFIER + r")\s+)?(?:(?P<between>between)\s+)?"
    + _amount_pattern("c1", "n1", "s1")
    + r"(?:\s*(?P<pct1>%|percent\b|per cent\b))?"
    + r"(?:\s*(?:-|–|\bto\b|\bor\b|(?(between)\band\b|(?!)))\s*" + _amount_pattern("c2", "n2", "s2") + r")?"
    + r"(?:\s*(?P<pct>%|percent\b|per cent\b))?",
    re.IGNORECASE,
)

TIME_UNITS = frozenset("second minute hour day night week month year decade century time".split())
"""Nouns that make a number a duration or an age ("five weeks", "86 minutes"), not a count."""

NOUN_CLASSES: dict[str, str] = {
    **dict.fromkeys(["soldier", "troop", "serviceman", "servicemen", "personnel", "servicemember"], "troop"),
    **dict.fromkeys(["people", "person", "resident", "civilian", "individual", "inhabitant"], "people"),
    **dict.fromkeys(["child", "children", "kid"], "child"),
    **dict.fromkeys(["dead", "death", "fatality", "fatalitie", "body", "bodie", "victim"], "people"),
    **dict.fromkeys(["wounded", "injured", "casualty", "casualtie", "injury", "injurie"], "people"),
    **dict.fromkeys(["house", "home", "building", "dwelling"], "building"),
    **dict.fromkeys(["missile", "rocket"], "missile"),
    **dict.fromkeys(["drone", "shahed", "uav"], "drone"),
    **dict.fromkeys(["bomb"], "bomb"),
    **dict.fromkeys(["vote", "ballot"], "vote"),
    **dict.fromkeys(["customer", "household"], "household"),
    **dict.fromkeys(["inch", "inche"], "inch"),
    **dict.fromkeys(["foot", "feet"], "foot"),
    **dict.fromkeys(["rain", "rainfall", "snow", "snowfall"], "inch"),  # "How much rain fell?" is counted in inches
}
"""Words that count one kind of thing (by stem); any other counted word is its own kind."""
POWER = re.compile(r"\b(?:power|electricity|outages?|blackouts?)\b", re.IGNORECASE)
POWER_CUSTOMERS = frozenset(["household", "building", "business"])
"""Who is without power: outage counts are of utility customers, which news copy calls "customers", "households",
"homes" or "homes and businesses"."""
_OUT_OF_POWER = re.compile(r"\W*(?:[\w'’-]+\s+){0,3}?(?:(?:without|lost|lose|loses|losing|no)\s+(?:power|electricity)|"
                           r"in the dark)\b", re.IGNORECASE)
"""What the words after a count of people say when they are a utility's customers: "1.2 million people (were
still) without power"; not "21,000 people working to restore electricity"."""


def power_kind(kind: str, text: str, after: str) -> str:
    """The kind of a count in ``text`` (a figure's clause or a question): "household" for the utilities' customers
    whatever the copy calls them ("homes and businesses without power"; people, when the words ``after`` the count
    say they are without power: not "more than 100 deaths and nearly 1.6 million customers without power"), else
    ``kind`` (pure)."""
    if kind in POWER_CUSTOMERS and POWER.search(text) or kind == "people" and _OUT_OF_POWER.match(after):
        return "household"
    return kind

PREDICATES: dict[str, str] = {
    **dict.fromkeys(["killed", "kill", "killing", "kills", "died", "dead", "death", "deaths", "fatalities", "toll",
                     "perished", "bodies"], "killed"),
    **dict.fromkeys(["injured", "injuring", "wounded", "wounding", "hurt", "injuries"], "injured"),
    **dict.fromkeys(["downed", "intercepted", "destroyed", "shot", "lost", "jammed"], "downed"),
    **dict.fromkeys(["evacuated", "fled", "displaced", "evacuation", "evacuations", "evacuate", "flee", "displace"],
                    "evacuated"),
    **dict.fromkeys(["arrested", "detained", "charged", "arrests", "arrest"], "arrested"),
    **dict.fromkeys(["missing"], "missing"),
    **dict.fromkeys(["sickened", "sick", "ill", "illnesses", "infected", "infections", "sickening"], "sick"),
}
"""What happens to the things counted (an outcome), by the verb or participle nearest the figure in its clause.
Verbs of sending, firing or moving are not outcomes: 3,000 troops "sent to Russia" and 10,000 "in Russia" are one
figure, and 97 drones "launched" one count beside 62 "lost to jamming"."""

_PARTICIPLE_NOUNS = frozenset(["wounded", "injured", "killed", "dead", "missing", "displaced", "evacuated",
                               "bodies"])
_OUTCOME_NOUNS = frozenset(["deaths", "fatalities", "injuries"])
"""Nouns that tell an outcome and are what a figure counts: "two hurricane-related deaths", "12 fatalities"."""
_COUNTED_OUTCOMES = _PARTICIPLE_NOUNS | _OUTCOME_NOUNS
_STOCK = re.compile(r"\b(?:now|in total|a total|total|so far|to date|currently|still|at the moment|since|as of)\b",
                    re.IGNORECASE)
# A figure to come ("could reach 12,000"); "may have caused $47 billion" is an estimate of what happened.
_MODAL = re.compile(
    r"\b(?:(?:could|may|might)(?!\s+have\b)|would|will|plans?|planned|planning|expects?|expected|set to|"
    r"likely to|aims?|aiming|"
    r"forecasts?|forecast|projected|projects|target|goal|hopes?|wants?|proposed|proposes|promised|pledged|"
    r"ready to|(?:is|are|was|were|be|been)\s+due to)\b",
    re.IGNORECASE,
)
_WINDOW_WORDS = {
    "overnight": "day", "night": "day", "nightly": "day", "daily": "day", "today": "day", "tonight": "day",
    "yesterday": "day", "week": "week", "weekly": "week", "weekend": "week", "fortnight": "fortnight",
    "month": "month", "monthly": "month", "quarter": "quarter", "quarterly": "quarter", "year": "year",
    "annual": "year", "annually": "year", "season": "year",
}
_WINDOW = re.compile(r"(?<![\w-])(" + "|".join(_WINDOW_WORDS) + r")s?(?![\w-])", re.IGNORECASE)
_GRAIN_UNIT = {"day": "day", "range": "week", "month": "month", "year": "year"}
_REPORTING = (r"said|says|say|told|tells|announced|announces|reported|confirmed|confirms|estimated|"
              r"estimates|claimed|added|adds|stated|wrote|writes|warned|warns|"
              r"believes|believed|according to|saying|gave|put the number|put the figure")
_REPORTING_VERB = re.compile(r"(?<!\ban )(?<!\ba )(?<!\bthe )\b(?:" + _REPORTING + r")\b", re.IGNORECASE)
"""A verb that tells who gave a figure; "an estimated 380,000" is an adjective, not a verb with "An" as speaker."""
_SAID_BEFORE_DATE = re.compile(r"\b(?:" + _REPORTING + r")(?:\s+\w+){0,2}\s+(?:late |early )?(?:on |in )?$",
                               re.IGNORECASE)
_LOCATIVE = frozenset("in into to at inside near across throughout through on toward towards within".split())
_GEO_ADJECTIVES = frozenset(
    "the eastern western northern southern central occupied north south east west northeastern northwestern "
    "southeastern southwestern far".split())
_AND_PLACE = re.compile(r"(?:,\s*|\s+and\s+|\s*/\s*)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?![\w'’])")
HOLIDAYS = frozenset("christmas halloween thanksgiving easter hanukkah ramadan passover".split())
"""Capitalised words after "on" or "in" that name a day, not a place ("blamed on the Christmas storm")."""
_NAME_STARTS = frozenset("new san los las el la st".split())
UNITED_STATES = r"United\s+States(?:\s+of\s+America)?|U\.S\.(?:A\.)?"
"""The United States written out or abbreviated with stops (a regex alternation); "US", "USA", "America" are added
where a bare word cannot be something else."""
_COUNTRY = re.compile(r"\s+(?:(?:most|much|all|parts?)\s+of\s+)?(?:the\s+)?(?:" + UNITED_STATES
                      + r"|USA|US|America)(?!\w)")
"""The United States, however it is written, is one place ("us")."""
_COUNTRY_SUBJECT = re.compile(r"^\W*(?:the\s+)?(?:" + UNITED_STATES + r"|US|America)\s+(?:has|had|have|reported|"
                              r"recorded|confirmed|counted|now has)\b", re.IGNORECASE)
"""A clause whose subject is the country: its figures count there."""
_STATE_SUBJECT = re.compile(r"^\W*(?:and\s+|but\s+|while\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:also\s+|still\s+|now\s+)?"
                            r"(?:has|had|have|reported|recorded|confirmed|counted|saw|logged)\b")
"""A clause whose subject is a state ("Florida also had more than 137,000 customers without electricity, and
Virginia had over 104,000"): its figures count there, when the name is a state's (:func:`state_place`)."""
_PLACE_TAILS = frozenset("region province oblast state county city district area border territory strip".split())
_RUN_STOP = frozenset(
    """a an the of in into to at on by for from with and or but as than that which who whom whose while when where
    were was are is be been being have has had will would could should may might can did do does not no nor so if
    its their his her our your my this these those there here it they he she we you i also per each across over
    under after before since until during between among about around near toward towards against via just only
    more most less least very without within beyond despite amid including like than through throughout upon along
    behind below above beside off out up down away ago apart long wide tall high deep old brought took made gave went
    came left held kept fell rose hit struck told said found won began met put saw got ran""".split()
)
_SEGMENT = re.compile(r",\s+|;\s+|:\s+|\s+[—–−]\s+|\s*\(\s*|\s*\)\s*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ATTRIBUTION_NOUNS = frozenset(
    """officials official agency ministry intelligence police authorities authority officers spokesman spokeswoman
    spokesperson statement government military army command service committee council report reports analysts
    experts estimates sources lawmakers governor mayor minister president office""".split()
)


@dataclass(frozen=True)
class Window:
    """The period a figure counts over: its length and the days it may cover."""

    unit: str
    """"day", "week", "fortnight", "month", "quarter" or "year"."""
    first: date
    last: date


@dataclass(frozen=True)
class Figure:
    """One figure of one sentence, with what it counts (see the module docstring)."""

    low: float
    high: float
    value: str
    """As printed, qualifier included: "up to 8,000", "between 10,000 and 12,000", "$7.9 billion"."""
    phrase: str
    """From the qualifier to the counted word: "up to 8,000 North Korean troops"."""
    noun: str
    """The counted word as printed ("troops"); "" for an amount or share that names none."""
    kind: str
    """What is counted: the noun's class ("troop"), or the unit of a noun-less amount ("$", "%")."""
    modifiers: tuple[str, ...] = ()
    """Capitalised words between the number and the counted word, lower case ("north", "korean")."""
    predicate: str = ""
    place: str = ""
    """The most specific place named with it (a lower-case stem: "kursk"), "" if none."""
    place_text: str = ""
    window: Window | None = None
    window_text: str = ""
    standing: bool = False
    """A running total ("now", "in total", "so far"): no period, whatever dates its clause gives."""
    projected: bool = False
    partitive: bool = False
    attribution: str = ""
    statement: str = ""
    """What the sentence says of it, verbatim from the figure to its place and period when they follow closely
    ("around 3,000 North Korean soldiers have been sent to Russia"); else the phrase, place and period joined."""
    clause: str = ""
    published: date | None = None
    start: int = 0
    end: int = 0
    terms: frozenset[str] = field(default_factory=frozenset)
    """The clause's content words beside the figure itself (for amounts that name no counted word)."""
    people: str = ""
    """The people it counts by their country or place, when it names them so ("11 Americans": "american")."""
    parts: frozenset[str] = field(default_factory=frozenset)
    """The words of the part it is said to include ("50,000 soldiers, including North Korean troops": the figure
    counts more than those troops)."""


# -- reading figures -----------------------------------------------------------------------------------------


def _amount(number: str, scale: str | None) -> float:
    text = number.lower().replace(",", "")
    value = float(_NUMWORDS[text]) if text in _NUMWORDS else float(text)
    return value * _SCALES.get((scale or "").lower(), 1.0)


def noun_class(word: str) -> str:
    """The kind of thing a counted word counts: "soldiers" -> "troop", "drones" -> "drone" (pure)."""
    low = word.lower().replace("’", "'")
    if low in NOUN_CLASSES:
        return NOUN_CLASSES[low]
    s = stem(low)
    return NOUN_CLASSES.get(s, s)


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int


def _protected(sentence: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Segment boundaries of the sentence: commas and the like outside dates ("Sunday, 27 October")."""
    cuts = []
    for m in _SEGMENT.finditer(sentence):
        if any(s < m.start() < e for s, e in spans):
            continue
        cuts.append((m.start(), m.end()))
    return cuts


def _segments(sentence: str, spans: Sequence[tuple[int, int]]) -> list[_Clause]:
    out: list[_Clause] = []
    pos = 0
    for start, end in _protected(sentence, spans):
        if start > pos:
            out.append(_Clause(pos, start))
        pos = end
    if pos < len(sentence):
        out.append(_Clause(pos, len(sentence)))
    return out


_CONTINUES = re.compile(r"^(?:and\s+|or\s+)?(?:(?:" + _QUALIFIER + r")\s+)?[$£€]?\d", re.IGNORECASE)
_PARTICIPLE_START = re.compile(r"^(?:and\s+)?(?:[a-z]+ing|including|among them)\b")
_VERB_START = re.compile(r"^(?:were|was|are|is|have|has|had|remain|remains|remained)\b")
"""A segment that opens with a verb ends an aside: "Fourteen people, including four children, were confirmed dead"."""


def clauses(sentence: str, spans: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The sentence cut into clauses at commas, semicolons, colons, dashes and brackets (never inside a date):
    a list continued after a comma ("800 bombs, more than 360 drones and 40 missiles at Ukraine") and a participle
    clause ("..., firing 120 missiles") stay with the clause before them (pure)."""
    merged: list[list[int]] = []
    for seg in _segments(sentence, spans):
        text = sentence[seg.start:seg.end].strip()
        if merged and (_CONTINUES.match(text) or _PARTICIPLE_START.match(text) or _VERB_START.match(text)):
            merged[-1][1] = seg.end
        else:
            merged.append([seg.start, seg.end])
    return [(s, e) for s, e in merged]


def _window(spans: Sequence[tuple[DateSpan, int, int]], text: str, published: date | None
            ) -> tuple[Window | None, str]:
    """The period a clause's figures count over: from its dates and its words for a length of time."""
    word = _WINDOW.search(text)
    unit = _WINDOW_WORDS[word.group(1).lower()] if word else ""
    if spans:
        first = min(s.first for s, _, _ in spans)
        last = max(s.last for s, _, _ in spans)
        if not unit:
            unit = _GRAIN_UNIT[min((s.grain for s, _, _ in spans), key=list(_GRAIN_UNIT).index)]
        shown = text[min(s for _, s, _ in spans):max(e for _, _, e in spans)]
        if word and word.start() < min(s for _, s, _ in spans):
            shown = text[word.start():max(e for _, _, e in spans)]
        return Window(unit, first, last), _trim_phrase(text, shown)
    if unit and published is not None:
        days = {"day": 1, "week": 7, "fortnight": 14, "month": 31, "quarter": 92, "year": 366}[unit]
        return Window(unit, published - timedelta(days=days), published), word.group(0) if word else ""
    return None, ""


def _trim_phrase(text: str, shown: str) -> str:
    """The window's words with the preposition that introduces them ("in the week before Sunday, 27 October")."""
    at = text.find(shown)
    before = text[:at]
    m = re.search(r"\b(?:in|on|during|over|overnight into|into|since|until|by|between|the week (?:before|to|"
                  r"ending)|in the week (?:before|to|ending))(?:\s+the)?(?:\s+week\s+(?:before|to|ending))?\s*$",
                  before, re.IGNORECASE)
    return (before[m.start():] + shown).strip() if m else shown.strip()


def _place(words: Sequence[re.Match[str]], text: str, after: int, before: int) -> tuple[str, str]:
    """The most specific place of the first locative phrase after ``after`` (else the last one before
    ``before``): "in Russia's Kursk region" -> ("kursk", "in Russia's Kursk region")."""
    phrases = _place_phrases(words, text)
    later = [p for p in phrases if p[0] >= after]
    if later:
        return later[0][1], later[0][2]
    earlier = [p for p in phrases if p[0] < before]
    return (earlier[-1][1], earlier[-1][2]) if earlier else ("", "")


_WHERE = re.compile(r"where\b", re.IGNORECASE)


def _place_before(words: Sequence[re.Match[str]], sentence: str, clause_start: int) -> tuple[str, str]:
    """The place of a phrase with "in" that ends right before a clause ("in South Carolina, where 761,000 homes were
    in the dark" places the 761,000 in South Carolina; "on Twitter, where he has 83 million followers" places
    nothing), else ("", "")."""
    phrases = _place_phrases([w for w in words if w.start() < clause_start], sentence)
    if phrases and phrases[-1][2].lower().startswith("in ") \
            and not sentence[phrases[-1][0] + len(phrases[-1][2]):clause_start].strip(" ,"):
        return phrases[-1][1], phrases[-1][2]
    return "", ""


def _place_phrases(words: Sequence[re.Match[str]], text: str) -> list[tuple[int, str, str]]:
    """Every locative phrase naming a place: (where it starts, its most specific place, its text)."""
    phrases: list[tuple[int, str, str]] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.group(0).lower() not in _LOCATIVE or i and w.group(0).lower() == "to" \
                and words[i - 1].group(0).lower() == "according":  # "according to CNN" names a source
            i += 1
            continue
        j = i + 1
        place, end = "", w.end()
        parts: list[str] = []
        joined = False  # the next capitalised word continues the name ("North Carolina"), unless after "'s"
        country = _COUNTRY.match(text, w.end())
        if country:
            phrases.append((w.start(), "us", text[w.start():country.end()]))
            i += 1
            continue
        while j < len(words):
            token = words[j].group(0)
            low = token.lower().replace("’", "'")
            bare = low[:-2] if low.endswith("'s") else low
            gap = text[words[j - 1].end():words[j].start()]
            if gap.strip():
                break
            if bare in _PLACE_TAILS and place:
                end = words[j].end()  # "Knott County" is Knott, "Lee county" Lee
                j += 1
                break
            named = bare not in STOPWORDS or bare in _NAME_STARTS and j + 1 < len(words) \
                and words[j + 1].group(0)[:1].isupper()  # "New York", not "The"
            if token[0].isupper() and bare not in CALENDAR_WORDS and named and bare not in HOLIDAYS:
                parts = [*parts, stem(bare)] if joined else [stem(bare)]
                joined = bare == low
                place, end = " ".join(parts), words[j].end()
            elif (low in _GEO_ADJECTIVES or "-" in low) and not place:
                pass  # "in eastern Kentucky", "in flood-stricken Kentucky"
            else:
                break
            j += 1
        if place:
            more = _AND_PLACE.match(text, end)
            if more and more.group(1).lower() not in STOPWORDS | CALENDAR_WORDS | HOLIDAYS | TITLES \
                    and not re.match(r"\.\s", text[more.end():more.end() + 2]):  # ", Gov. Roy Cooper said"
                other = " ".join(stem(x.lower()) for x in more.group(1).split())
                place = " & ".join(sorted({place, other}))  # one count of both places
                end = more.end()
                j = next((k for k in range(j, len(words)) if words[k].start() >= end), len(words))
            phrases.append((w.start(), place, text[w.start():end]))
        i = max(j, i + 1)
    return phrases


_BOTH = re.compile(r"\b(?:died|killed|dead|deceased)\s+(?:or|and)\s+(?:were\s+)?(?:injured|wounded|hurt)\b|"
                   r"\b(?:injured|wounded)\s+(?:or|and)\s+(?:dead|deceased|killed)\b", re.IGNORECASE)


def _predicate(text: str, start: int, end: int, others: Sequence[tuple[int, int]] = ()) -> str:
    """The class of the verb or participle nearest the figure (``start``..``end`` in ``text``), "" if none;
    "killed or injured" when the clause counts both together ("45 people died or were injured"). A verb that a
    conjunction parts from the figure but not from another figure of the clause (``others``) is that figure's:
    in "two people have died and 45 people have been hospitalized" the 45 did not die."""
    if _BOTH.search(text):
        return "killed or injured"
    best: tuple[int, str] | None = None
    for m in _WORD.finditer(text):
        cls = PREDICATES.get(m.group(0).lower())
        if cls is None:
            continue
        if _parted(text, (start, end), m) and any(not _parted(text, o, m) for o in others):
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end if m.start() >= end else 0
        if best is None or distance < best[0]:
            best = (distance, cls)
    return best[1] if best else ""


def _parted(text: str, span: tuple[int, int], word: re.Match[str]) -> bool:
    """Whether a conjunction ("and", "as", "while", ...) stands between the figure at ``span`` and ``word``."""
    between = text[span[1]:word.start()] if word.start() >= span[1] else text[word.end():span[0]]
    return bool(_BOUNDARY.search(between))


def place_named(text: str) -> tuple[str, str]:
    """The most specific place of the first locative phrase of ``text`` ("How many troops are in Russia's Kursk
    region?" -> ("kursk", "in Russia's Kursk region")); ("", "") when it names none (pure)."""
    return _place(list(_WORD.finditer(text)), text, 0, 0)


def places_named(text: str) -> list[tuple[str, str]]:
    """The most specific place of every locative phrase of ``text``, with the phrase, in order: "How many Americans
    were killed in the Hamas attack on Israel?" -> [("hama", "in the Hamas"), ("israel", "on Israel")] (pure; a name
    after "in" need not be a place)."""
    return [(p, t) for _, p, t in _place_phrases(list(_WORD.finditer(text)), text)]


def names_place(text: str, place: str) -> bool:
    """Whether ``text`` (a headline) names ``place`` (as figures give it) anywhere, not only after "in" (pure):
    "Maui fires: 96 dead" names "maui", "North Carolina toll rises" "north carolina"; "US monkeypox cases top
    9,000" names "us"."""
    if place == "us":
        text = re.sub(r"\bUSA TODAY\b", "", text, flags=re.IGNORECASE)  # the outlet, not the country
        return bool(_COUNTRY.search(f" {text}")) or bool(re.search(r"\bU\.?S\.?(?![\w.])", text))
    if " & " in place:
        return all(names_place(text, part) for part in place.split(" & "))
    runs: list[list[str]] = [[]]
    for w in _WORD.findall(text):
        low = w.lower().replace("’", "'")
        if w[:1].isupper():
            runs[-1].append(stem(low.removesuffix("'s")))
            if low.endswith("'s"):
                runs.append([])
        elif runs[-1]:
            runs.append([])
    return any(f" {place} " in f" {' '.join(run)} " for run in runs if run)


def predicate_of(text: str) -> str:
    """What ``text`` says happens to what it counts (killed, injured, downed, evacuated, arrested, missing), by
    its first such word; "" when it says none (pure)."""
    for m in _WORD.finditer(text):
        cls = PREDICATES.get(m.group(0).lower())
        if cls:
            return cls
    return ""


def attribution(sentence: str, at: int) -> str:
    """Who the sentence says gave the figure at ``at``: "US officials" of "..., US officials said", "the Pentagon"
    of "according to the Pentagon", "President Volodymyr Zelensky" of "Zelensky gave a higher estimate, saying
    ..."; "" when it names nobody (pure)."""
    found: list[tuple[int, str]] = []
    for m in _REPORTING_VERB.finditer(sentence):
        verb = m.group(0).lower()
        who = ""
        if verb == "according to":
            who = _words_after(sentence, m.end())
        elif verb == "saying":
            who = _subject_before(sentence, m.start(), clause_start=True)
        elif verb in ("said", "says") and sentence[:m.start()].rstrip().endswith(","):
            # "..., said Daniel Hokanson, head of the National Guard"; else the subject before it ("..., Col.
            # Steven McCraw, who heads the Texas Department of Public Safety, said Friday")
            who = _words_after(sentence, m.end()) or _subject_before(sentence, m.start())
        else:
            who = _subject_before(sentence, m.start())
            if not who and verb in ("said", "says"):
                who = _words_after(sentence, m.end())
        if who:
            found.append((abs(m.start() - at), who))
    for m in _PER_SOURCE.finditer(sentence):  # "..., per the governor's office": as "according to"
        if who := _words_after(sentence, m.end()):
            found.append((abs(m.start() - at), who))
    return min(found)[1] if found else ""


_PER_SOURCE = re.compile(r"\bper(?=\s+(?:the\s|[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*\s*(?:[,;:)]|\.?$)))")
""""per" before a source ("per the CDC", "per Reuters"); not "per day", "per cent", "per capita" or "per Troy
ounce"."""


def _looks_like_source(words: Sequence[str]) -> bool:
    return any(w[:1].isupper() for w in words) or any(w.lower() in ATTRIBUTION_NOUNS for w in words)


_OWNERS = frozenset("his her its their our my your".split())
_NO_SPEAKER = frozenset("he she it they we i you this that these those there the a an".split())
"""Words that name nobody a reader could look up: "He said" and "It fell 4%, saying ..." give no speaker."""


def _speaker(words: Sequence[str]) -> str:
    """The speaker as a note names it: "" for a pronoun or a bare article ("He", "The"), a day ("..., the CDC said
    Friday") or words holding a number (the figure itself: "At least 13 people were reported dead"); a possessive's
    owner ("the CDC's" -> "the CDC"); no list bullet ("∎ Georgia Gov. Brian Kemp")."""
    words = [w for w in (re.sub(r"^[^\w\"“]+", "", w) for w in words) if w]
    if words and words[0].lower() in _OWNERS:
        return ""  # "his office", "their spokesman": whose, the note cannot say
    if not words or all(re.sub(r"['’]s$", "", w.lower()) in _NO_SPEAKER for w in words) \
            or any(w.lower() in CALENDAR_WORDS for w in words) or any(c.isdigit() for w in words for c in w):
        return ""
    text = " ".join(words).strip(" ,")
    return re.sub(r"['’]s$", "", text)


_CLAUSE_OPENERS = frozenset("""and but as while so which who that although though where when because since after
    before if whereas once until""".split())
"""Words that open a clause before its subject ("although authorities said", "where officials say")."""
_SUBJECT_OPENERS = _CLAUSE_OPENERS | {"for"}
"""Words dropped before a speaker: a clause's opener, and "for" ("A spokesman for the secretary of state's office
said": the office)."""


def _subject_before(sentence: str, verb_at: int, clause_start: bool = False) -> str:
    """The words naming the speaker just before a reporting verb, back to the clause's start."""
    head = sentence[:verb_at].rstrip()
    if clause_start:
        # "President Volodymyr Zelensky gave a higher estimate, saying ...": the subject of the clause before.
        head = re.sub(r"[,;:]\s*$", "", head)
        cut = max(head.rfind(", "), head.rfind("; "))
        clause = head[cut + 1:].strip() if cut >= 0 else head
        run: list[str] = []
        for w in clause.split():
            if w[:1].isupper() or (run and w.lower() in ("of", "the")):
                run.append(w)
            elif run:
                break
        words = run
    else:
        # the clause starts after a comma (one closing a quotation too: '"... beat them," UConn coach Geno
        # Auriemma said'), a semicolon, a colon, a dash or "that"
        cut = max(head.rfind(", "), head.rfind("; "), head.rfind(": "), head.lower().rfind(" that "),
                  head.rfind(',"'), head.rfind(",”"), head.rfind(" – "), head.rfind(" — "))
        clause = head[cut + 1:].strip(" -–—") if cut >= 0 else head
        words = clause.split()[-6:]
        while words and words[-1].lower() in ("has", "have", "had", "was", "were", "is", "also", "later", "then",
                                               "again", "separately", "previously", "has also", "had also"):
            words.pop()
        while words and words[0].lower() in _SUBJECT_OPENERS:
            words.pop(0)
    words = [w.strip("\"“”'") for w in words]
    if not words or not _looks_like_source(words) or len(words) > 6:
        return ""
    if any(w.lower() in STOPWORDS - {"the", "of", "us"} and not w[:1].isupper()
           and not (w.lower() == "for" and _inside_name(words, i)) for i, w in enumerate(words[1:], start=1)):
        return ""
    return _speaker(words)


def _inside_name(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` joins two capitalised words of one name ("Centers for Disease Control")."""
    return 0 < i < len(words) - 1 and words[i - 1][:1].isupper() and words[i + 1][:1].isupper()


def _words_after(sentence: str, end: int) -> str:
    """The speaker named after "according to" or an inverted "said": words up to punctuation, a function word or
    a verb (at most six)."""
    words: list[str] = []
    tokens = [m.group(0) for m in re.finditer(r"[\w'’.&-]+|[^\w\s]", sentence[end:])]
    for i, w in enumerate(tokens):
        low = w.lower()
        if not re.match(r"\w", w) or len(words) == 8:
            break
        # "for" inside a name: "the Centers for Disease Control and Prevention"
        inner = low == "for" and _inside_name([*words, *tokens[i:i + 2]], len(words))
        if low in STOPWORDS and low not in ("the", "of", "and", "us") and not inner or (
                w[:1].islower() and low.endswith(("ed", "ing")) and low not in ("ministry",)):
            break
        # a sentence's full stop is no part of the name; an initialism's is ("the U.N.", "U.S.")
        words.append(w if re.fullmatch(r"(?:[A-Za-z]\.){2,}", w) else w.rstrip("."))
    while words and words[-1].lower() in ("of", "the", "and", "for"):
        words.pop()
    return _speaker(words) if words and _looks_like_source(words) else ""


_BOUNDARY = re.compile(r"\b(?:and|but|while|which|who|whom|that|as|because|after|before|when|whereas)\b",
                       re.IGNORECASE)


def _projected(text: str, start: int, end: int) -> bool:
    """Whether the clause says the figure is to come ("could reach 12,000", "plans to send 10,000"): a modal word
    before it, or after it up to the next conjunction ("8,000 ... had been moved to Kursk and would likely be
    sent" is not a projection of the 8,000)."""
    if _MODAL.search(text[:start]):
        return True
    tail = text[end:]
    stop = _BOUNDARY.search(tail)
    return bool(_MODAL.search(tail[:stop.start()] if stop else tail))


_RATIO_BEFORE = re.compile(r"\b(?:one|two|three|\d+)\s+(?:in|out of)\s+$", re.IGNORECASE)
"""The words before a ratio's second number ("one in four", "3 out of 10")."""


def figures(sentence: str, published: date | None = None) -> list[Figure]:
    """Every figure of ``sentence`` (an article's sentence, with the article's publication date for its relative
    dates), in order. Years, dates, times, ages, ordinals and durations are not figures (pure)."""
    dated = dated_phrases(sentence, published)
    date_spans = [(s, e) for _, s, e in dated]
    cuts = clauses(sentence, date_spans)
    words = list(_WORD.finditer(sentence))
    lead_window, lead_text = _leading_window(sentence, cuts, dated, published)
    lead_place = _leading_place(sentence, cuts, words)
    out: list[Figure] = []
    found = [m for m in _FIGURE.finditer(sentence) if not any(s <= m.start("n1") < e for s, e in date_spans)]
    numbers_at = [(m.start(), m.end()) for m in found]  # every number, for whose verb is whose
    for m in found:
        number = m.group("n1")
        after = sentence[m.end():m.end() + 3]
        if any(re.match(r"\s*[:.]\d|-[A-Za-z]|\s*(?:a\.m|p\.m|am\b|pm\b)", sentence[e:e + 5])
               for e in (m.end("n1"), m.end("n2") if m.group("n2") else -1) if e >= 0) \
                or re.match(r"[-–][A-Za-z]", after):
            continue
        if re.fullmatch(r"1[89]\d\d|2[01]\d\d", number) and not m.group("c1"):
            continue  # a year
        label = re.search(r"(?:^|(?<=[a-z,;:] ))([A-Z][\w-]*) $", sentence[:m.start()])
        if label and not m.group("q") and label.group(1).lower() not in CALENDAR_WORDS:
            continue  # "Article 6", "Section 230": a number naming a thing
        if number.lower() in _NUMWORDS and not m.group("q") and not m.group("s1") \
                and m.start() > 0 and sentence[:m.start()].rstrip().endswith(("the", "The")):
            continue  # "the two men": not a count
        if _RATIO_BEFORE.search(sentence, 0, m.start()):
            continue  # "one in four cases": a share, not a count
        low = _amount(number, m.group("s1"))
        high = _amount(m.group("n2"), m.group("s2") or m.group("s1")) if m.group("n2") else low
        if high < low:
            continue  # "10-2": a score, not a range
        percent = bool(m.group("pct") or m.group("pct1"))
        currency = m.group("c1") or m.group("c2") or ""
        noun, mods, partitive, noun_end, participle = _counted(sentence, m.end(), allow_of=bool(percent or currency))
        people = ""
        if demonym(noun):
            people = stem(noun.lower())
            noun, mods = "people", (*mods, people)  # "11 Americans": people, and which people
        if noun[:1].islower() and noun.endswith("ed") and out and out[-1].noun:
            noun = out[-1].noun  # "5,000 flights canceled Friday and 3,100 canceled on Sunday": flights
        if noun and stem(noun.lower()) in TIME_UNITS:
            continue
        if noun and noun.lower() in CALENDAR_WORDS:
            # "rose to 96 Sunday": the day it was said, not what is counted
            noun, mods, participle, noun_end = "", (), "", m.end()
        clause = next(((s, e) for s, e in cuts if s <= m.start() < e), (0, len(sentence)))
        running = False
        told_from = m.start()  # where the sentence starts telling the figure
        if not noun and not percent and not currency:
            # "the death toll rose to 120", "the number of people evacuated reached 3,000"
            noun, toll, toll_at = _counted_before(sentence[clause[0]:m.start()])
            if not noun:
                continue
            participle = participle or toll
            running = noun == "dead"
            told_from = clause[0] + toll_at
        kind = "%" if percent else currency if currency else noun_class(noun)
        text = sentence[clause[0]:clause[1]]
        kind = power_kind(kind, text, sentence[noun_end:clause[1]])  # "1.9 million homes ... without power"
        local = [(d, s - clause[0], e - clause[0]) for d, s, e in dated
                 if clause[0] <= s < clause[1] and not _SAID_BEFORE_DATE.search(sentence[max(0, s - 40):s])]
        nxt = min((s for s, _ in numbers_at if m.start() < s < clause[1]), default=clause[1])
        listed = any(clause[0] <= s < clause[1] and s != m.start() for s, _ in numbers_at)
        own = [d for d in local if listed and m.end() - clause[0] <= d[1] < nxt - clause[0]]
        if own:
            local = own  # "5,000 flights canceled Friday, 3,400 Saturday": each figure its own day
        past = published is not None and any(d.last < published - timedelta(days=PAST_DAYS) for d, _, _ in local)
        standing = running and not past or bool(_STOCK.search(text))  # a death toll is a running total
        window, window_text = (None, "") if standing else _window(local, text, published)
        if window is None and not standing and lead_window is not None:
            window, window_text = lead_window, lead_text
        stop = _PLACE_STOP.search(sentence, max(noun_end, m.end()), clause[1])
        limit = stop.start() if stop else clause[1]  # "... rose to 32 Saturday as crews in Florida searched"
        place, place_text = _place([w for w in words if clause[0] <= w.start() < limit], sentence,
                                   noun_end, m.start())
        toll_place = _scope(text[:m.start() - clause[0]], "", first=clause[0] == 0)
        if toll_place == "us" or toll_place and not place:
            place, place_text = toll_place, ""  # "the U.S. death toll rose to 32"
        if not place and lead_place[0] and clause[0] > 0:
            place, place_text = lead_place  # "In North Carolina, the death toll reached 97"
        if not place and _WHERE.match(text):
            place, place_text = _place_before(words, sentence, clause[0])
        if not place:
            place = _scope(text[:m.start() - clause[0]], text, first=clause[0] == 0)
        said_by = attribution(sentence, m.start())
        if not place:
            place = governed(said_by)  # "Georgia Gov. Brian Kemp said 25 people were killed"
        if not place and _COUNTRY_SUBJECT.match(text):
            place = "us"  # "The U.S. had reported more than 7,100 cases"
        if not place and (subject := _STATE_SUBJECT.match(text)):
            place = state_place(subject.group(1))  # "Virginia had over 104,000"
        others = [(s - clause[0], e - clause[0]) for s, e in numbers_at
                  if clause[0] <= s < clause[1] and s != m.start()]
        predicate = participle or _predicate(text, m.start() - clause[0], noun_end - clause[0], others)
        value = sentence[m.start():m.end()].strip()
        phrase = sentence[m.start():noun_end].strip() if noun else value
        # a count named before its number is told from there: "Helene's death toll hit 200", not "200"
        statement = _statement(sentence, told_from, max(noun_end, m.end()), sentence[told_from:m.start()] + phrase,
                               place_text, window_text, clause[1])
        shown = set(term_set(phrase)) | set(term_set(place_text)) | set(term_set(window_text))
        partitive = partitive or bool(_INCLUDES.search(sentence[:m.start()])) \
            or bool(_OF_WHOLE.search(sentence[:m.start()]))  # "the four deaths include two"; "30 of Florida's 67"
        out.append(Figure(
            low=low, high=high, value=value, phrase=phrase, noun=noun, kind=kind, modifiers=mods,
            predicate=predicate, place=place, place_text=place_text, window=window, window_text=window_text,
            standing=standing, projected=_projected(text, m.start() - clause[0], max(noun_end, m.end()) - clause[0]),
            partitive=partitive, people=people,
            attribution=said_by, statement=statement, clause=text.strip(),
            published=published,
            start=m.start(), end=noun_end if noun else m.end(),
            terms=frozenset(term_set(text) - shown - _reporting_terms(text)),
            parts=frozenset(term_set(aside.group(1))) if (aside := _ASIDE.match(sentence, noun_end)) else frozenset(),
        ))
    return out


PAST_DAYS = 31
"""A date more than this many days before the article's own is another event's ("the 1977 blizzard killed 29")."""

STATEMENT_WORDS = 25
"""A verbatim statement of a figure is at most this many words; a longer one is told as phrase, place, period."""


def _statement(sentence: str, start: int, end: int, phrase: str, place_text: str, window_text: str,
               clause_end: int) -> str:
    """What a sentence says of a figure (see Figure.statement)."""
    stop = end
    for part in (place_text, window_text):
        if not part:
            continue
        at = sentence.find(part, end, clause_end)
        if at < 0:
            stop = -1
            break
        stop = max(stop, at + len(part))
    if stop > 0:
        verbatim = sentence[start:stop].strip()
        if len(verbatim.split()) <= STATEMENT_WORDS:
            return verbatim
    told_after = (place_text if place_text not in phrase else "", window_text if window_text not in phrase else "")
    return " ".join([phrase, *(_lower_preposition(p) for p in told_after if p)]).strip()


_OPENS_PLACE_OR_PERIOD = _LOCATIVE | frozenset("during since over last this from by".split())


def _lower_preposition(part: str) -> str:
    """A place or period read from the start of its sentence, told after the figure: "In Tennessee" -> "in
    Tennessee"."""
    first = part.split(" ", 1)[0]
    return part[0].lower() + part[1:] if first.lower() in _OPENS_PLACE_OR_PERIOD else part


def _reporting_terms(text: str) -> set[str]:
    return {stem(m.group(0).lower()) for m in _REPORTING_VERB.finditer(text)}


_INCLUDES = re.compile(r"\b(?:include|includes|included|including|among them|among those)\b[^.]*$|"
                       r"^\W*(?:of|among)\s+(?:those|them|these|the\s+(?:dead|victims|\w+ed))\b", re.IGNORECASE)
"""A part of a count told before ("the four deaths include two", "Of those, two were killed by trees")."""
_ASIDE = re.compile(r"\s*,?\s*(?:including|among them|among whom)\s+([^,;.()]*)", re.IGNORECASE)
_OF_WHOLE = re.compile(r"\d\s+of\s+(?:the\s+|its\s+|their\s+|[A-Z][\w.-]*['’]s\s+)?(?:" + _QUALIFIER + r"\s+)?$",
                       re.IGNORECASE)
"""The whole a part is counted out of: in "30 of Florida's 67 counties" the 67 is not what is counted."""
_PLACE_STOP = re.compile(r"\s(?:as|while|when|whereas|because|after|before|but)\s")
_TOLL_OF = re.compile(r"(?:^|[^\w'’])((?:[A-Z][\w.-]*\s+){0,2}(?:[A-Z][\w.-]*(?:['’]s)?\s+))death toll\b")
_SCOPE_NOUN = (r"(country|countries|state|states|county|counties|region|nation|area|city|island|territory|province|"
               r"provinces|strip)")
_SCOPE = re.compile(r"\b(?:in|across|throughout|within)\s+(?:the\s+|both\s+|all\s+|its\s+|their\s+)?"
                    r"(?:two\s+|three\s+|several\s+|multiple\s+|many\s+|affected\s+)?" + _SCOPE_NOUN + r"\b"
                    r"|\b(?:the|its|their)\s+" + _SCOPE_NOUN[:-1] + r")['’]s\b")


def _scope(before: str, clause: str, first: bool = True) -> str:
    """A figure's place when it names none, from how its clause scopes it: a place before "death toll" ("the U.S.
    death toll", "the Florida death toll": not "Helene's death toll", an event), or a place named only by a common
    noun ("across the two countries", "the state's toll": "~countries", "~state", which match only each other)."""
    toll = _TOLL_OF.search(before)
    words = toll.group(1).split() if toll else []
    if len(words) > 1 and words[-1].lower()[:-2] in _PLACE_TAILS and words[-1].endswith(("'s", "’s")):
        words = words[:-1]  # "Buncombe County's death toll": a place, wherever it stands
    elif toll and not (toll.start(1) > 0 or not first):
        words = []  # not a headline's first word ("Storm death toll rises to 39")
    if words:
        last = words[-1]
        if not last.endswith(("'s", "’s")) and last.lower() not in STOPWORDS | {"the"}:
            if _COUNTRY.match(" " + last):
                return "us"
            return " ".join(stem(w.lower()) for w in words if w[:1].isupper() and w.lower() not in STOPWORDS)
    found = _SCOPE.search(clause)
    if found:
        return "~" + stem((found.group(1) or found.group(2)).lower())
    return ""


_GOVERNS = re.compile(
    r"^\W*(?:the\s+)?((?:[A-Z][\w'’-]*\s+){1,3}?)(?:County\s+|State\s+)?(?:Gov\.|Governor|Lt\. Gov\.|Sheriff|"
    r"Mayor|[Cc]oroner|[Hh]ealth [Mm]inistry|[Hh]ealth [Dd]epartment|[Ee]mergency [Mm]anagement)")


def state_place(name: str) -> str:
    """A US state's name as a place is written ("South Carolina" -> "south carolina", stemmed as places are); ""
    for any other name (pure)."""
    name = name.removeprefix("the ")
    return " ".join(stem(w) for w in name.lower().split()) if name.lower() in US_STATES else ""


def governed(speaker: str) -> str:
    """The place a speaker's office covers, when the speaker is named by it or is a state: "Georgia Gov. Brian Kemp"
    and "Georgia" -> "georgia",
    "the Anderson County Sheriff's Office" -> "anderson", "The Gaza health ministry" -> "gaza"; "" for any other
    speaker ("US officials" count more than their own country) (pure)."""
    if state := state_place(speaker):
        return state  # "South Carolina reported 46 deaths"
    m = _GOVERNS.match(speaker)
    if not m:
        return ""
    words = [w for w in m.group(1).split() if w.lower() not in STOPWORDS]
    return " ".join(stem(w.lower().replace("’", "'").removesuffix("'s")) for w in words) if words else ""


def _leading_place(sentence: str, cuts: Sequence[tuple[int, int]], words: Sequence[re.Match[str]]
                   ) -> tuple[str, str]:
    """A sentence that opens with a place ("In North Carolina, ..."): the place of the figures after it that name
    none of their own."""
    if len(cuts) < 2:
        return "", ""
    start, end = cuts[0]
    text = sentence[start:end]
    if len(text.split()) > 5 or not re.match(r"\s*(?:In|Across|Throughout|Inside)\s", text):
        return "", ""
    return _place([w for w in words if start <= w.start() < end], sentence, start, end)


def _leading_window(sentence: str, cuts: Sequence[tuple[int, int]], dated: Sequence[tuple[DateSpan, int, int]],
                    published: date | None) -> tuple[Window | None, str]:
    """A sentence that opens with a period ("Overnight into Sunday, ...", "Over the preceding week, ..."): the
    period of the figures after it that give none of their own."""
    if len(cuts) < 2:
        return None, ""
    start, end = cuts[0]
    text = sentence[start:end]
    if len(text.split()) > 6 or not _WINDOW.search(text) or _FIGURE.search(text) and re.search(r"\d", text):
        return None, ""
    local = [(d, s - start, e - start) for d, s, e in dated if start <= s < end]
    return _window(local, text, published)


_TOLL = re.compile(
    r"\b(?:(?P<toll>death toll)|number of (?P<noun>[A-Za-z][\w-]*)(?:\s+(?P<what>killed|dead|injured|wounded|"
    r"missing|evacuated|displaced|arrested))?)\b(?P<rest>[^,;]*?)\s*(?:rose|rises|climbed|climbs|jumped|jumps|"
    r"increased|increases|reached|reaches|hit|hits|topped|tops|surpassed|surpasses|passed|exceeded|exceeds|"
    r"stood|stands|is|was|has risen|had risen|to|at|of)?(?:\s+(?:to|at))?\s*(?:" + _QUALIFIER + r")?\s*$",
    re.IGNORECASE,
)


def _counted_before(before: str) -> tuple[str, str, int]:
    """The counted word named before a number, what happened to it, and where its words start (with "the" or an
    owner before them): "Helene's death toll rose to" -> ("dead", "killed", 0); "the number of people evacuated
    reached" -> ("people", "evacuated", 0); ("", "", len(before)) otherwise."""
    m = _TOLL.search(before)
    if not m or len(m.group("rest").split()) > 4:
        return "", "", len(before)
    owner = re.search(r"(?:\b(?:the|its|their)(?:\s+[\w.-]+['’]s)?|\b[\w.-]+['’]s)\s+$", before[:m.start()],
                      re.IGNORECASE)
    at = owner.start() if owner else m.start()
    if m.group("toll"):
        return "dead", "killed", at
    what = (m.group("what") or "").lower()
    return m.group("noun"), PREDICATES.get(what, what), at


def _counted(sentence: str, pos: int, allow_of: bool) -> tuple[str, tuple[str, ...], bool, int, str]:
    """The counted word after a number at ``pos``: (noun, capitalised modifiers, partitive, end, predicate of a
    participle noun such as "wounded")."""
    rest = sentence[pos:]
    partitive = False
    m = re.match(r"\s+of\s+(?:the|them|its|their|those|these|whom|which|his|her)\b", rest, re.IGNORECASE)
    if m:
        if not allow_of:
            partitive = True
        pos += m.end()
        rest = sentence[pos:]
    elif allow_of:
        m = re.match(r"\s+(?:in|of|worth of)\s+", rest, re.IGNORECASE)
        if m and not re.match(r"\s+(?:in|of)\s+(?:the\s+)?[A-Z]", rest):
            probe = _run(sentence, pos + m.end())
            if probe[0]:
                pos += m.end()
    run, end = _run(sentence, pos)
    if not run:
        return "", (), partitive, pos, ""
    participle = ""
    noun = run[-1]
    if noun.lower() in _OUTCOME_NOUNS:
        participle = PREDICATES[noun.lower()]
    elif noun.lower() in _PARTICIPLE_NOUNS:
        participle = PREDICATES.get(noun.lower(), noun.lower())
        if len(run) >= 2:
            noun = run[-2]
            run = run[:-1]
        else:
            noun = "people"
    mods = tuple(w.lower() for w in run[:-1] if w[:1].isupper())
    return noun, mods, partitive, end, participle


_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ians|ans|is|ese)")


def demonym(word: str) -> bool:
    """Whether a counted word names people by their country or place (pure): "Americans", "Israelis",
    "Palestinians", "Chinese", "Floridians"."""
    return bool(_DEMONYM.fullmatch(word)) and stem(word.lower()) not in NOUN_CLASSES


_NUMBER = r"(?:\d[\d,.]*|\b(?:" + "|".join(COUNT_WORDS) + r")\b)"
_COUNT_AND_AFTER = re.compile(
    r"(?:" + _NUMBER + r"|\b(?:dozens?|hundreds?|thousands?|millions?)\b)"
    r"(?=((?:\s+[\w'\"“”‘’-]+){1,4}))", re.IGNORECASE)
"""A number (digits or spelled out) and, looked ahead to, not taken, the four words after it, where what it
counts is named: "93 missiles and nearly 200 drones" leaves "200 drones" to be read in turn."""
_QUOTES = "'\"“”‘’"
"""Quotation marks a word after a number may carry ('"skilled trade" workers'); no other punctuation is in one."""
_ABOUT = r"(?:(?:" + _QUALIFIER + r")\s+)?"
_NUMBERED_AS = re.compile(
    r"((?:[\w'’-]+\s+){1,4}?)(?:now\s+)?(?:number|numbers|numbered|total|totals|totaled|totalled)\s+" + _ABOUT
    + _NUMBER, re.IGNORECASE)
"""Up to four words before a verb of counting and its number: "North Korean troops in Kursk now number about
11,000" counts troops."""
_NUMBER_OF = re.compile(
    r"\bnumber\s+of\s+([\w'’-]+)\b[^.;]*?\b(?:is|was|are|were|stood|stands|rose|fell|reached|hit|climbed|grew|"
    r"at|to)\s+" + _ABOUT + _NUMBER, re.IGNORECASE)
"""The number of a thing and its figure after a verb or "at": "puts the number of migrants who arrived ... at
2,397" counts migrants."""


def counts(sentence: str, word: str) -> bool:
    """Whether a number of the sentence counts ``word`` (pure): the word's kind (:func:`noun_class`) is among the
    four words after the number ("about 165 'skilled trade' workers", "Hundreds of soldiers" count workers and
    soldiers), or, for people, a demonym is ("3.3 million Ohioans" counts people); or it is among the four words
    before a verb of counting ("troops in Kursk now number about 11,000") or right after "the number of" with its
    figure later in the sentence ("the number of migrants ... at 2,397"). "712-626 vote" counts no workers, "eight
    passengers" no riders."""
    want = noun_class(word)
    before = [w for m in _NUMBERED_AS.finditer(sentence) for w in m.group(1).split()]
    before += [m.group(1) for m in _NUMBER_OF.finditer(sentence)]
    if any(noun_class(w.strip(_QUOTES)) == want for w in before):
        return True
    for m in _COUNT_AND_AFTER.finditer(sentence):
        for after in m.group(1).split():
            after = after.strip(_QUOTES)
            if after and (noun_class(after) == want or want == "people" and demonym(after)):
                return True
    return False


def _run(sentence: str, pos: int) -> tuple[list[str], int]:
    """Up to four words after ``pos`` before a function word or punctuation."""
    run: list[str] = []
    end = pos
    for m in _WORD.finditer(sentence, pos):
        gap = sentence[end:m.start()]
        if gap.strip() or (run and not gap):
            break
        word = m.group(0)
        if word.lower() in _RUN_STOP or word.lower() in _SCALES or len(run) == 4:
            break
        if run and (word.lower() in PREDICATES and word.lower() not in _COUNTED_OUTCOMES
                    or word[:1].islower() and word.lower().endswith(("ed", "ing")) and word.lower() not in
                    _PARTICIPLE_NOUNS or word.lower() in IRREGULAR_PAST or word.lower() in AFTER_COUNTED):
            break  # a verb or an adverb after the counted word: "60 residents attended", "people still without"
        run.append(word.strip("'’"))
        end = m.end()
    if run and run[0].lower() in PREDICATES and run[0].lower() not in _COUNTED_OUTCOMES:
        return [], pos
    return run, end


# -- the rule ---------------------------------------------------------------------------------------------------

PERIOD_SLACK_DAYS = 0
"""Two periods match when their days overlap (a week to 27 October does not meet a week to 20 October)."""
CLAUSE_OVERLAP = 0.3
"""An amount that names no counted word matches another when their clauses share this share of their words."""


def why_different(a: Figure, b: Figure) -> str | None:
    """Why two figures do not count the same thing, or None when they do (the rule of the module docstring)."""
    if a.partitive or b.partitive:
        return "part of a larger count"
    if a.projected != b.projected:
        return "a projection"
    if a.kind != b.kind:
        return "different things counted"
    if a.modifiers and b.modifiers and set(a.modifiers) != set(b.modifiers):
        return "different modifiers"
    if a.predicate != b.predicate:
        return "something different happens to them"
    if a.place != b.place:
        return "different places"
    if (a.window is None) != (b.window is None):
        return "one counts a period, the other does not"
    if a.window is not None and b.window is not None:
        if a.window.unit != b.window.unit:
            return "periods of different lengths"
        slack = timedelta(days=PERIOD_SLACK_DAYS)
        if a.window.last + slack < b.window.first or b.window.last + slack < a.window.first:
            return "different periods"
    if not a.noun and not b.noun:
        if a.noun != b.noun:
            return "different things counted"
        union = a.terms | b.terms
        if not union or len(a.terms & b.terms) / len(union) < CLAUSE_OVERLAP:
            return "different amounts"
    elif (a.kind in ("$", "£", "€", "%")) and stem(a.noun.lower()) != stem(b.noun.lower()):
        return "different amounts"
    return None


def same_thing(a: Figure, b: Figure) -> bool:
    return why_different(a, b) is None


_PRINTED = re.compile(r"(\d[\d,]*)(?:\.(\d+))?(?:\s*(thousand|million|billion|trillion|bn)\b)?", re.IGNORECASE)


def printed_step(value: str) -> float:
    """The precision a figure is printed to (pure): "29.58" -> 0.01, "1.9 million" -> 100,000, "83 million" ->
    1,000,000, "8,000" and "five" -> 1."""
    m = _PRINTED.search(value)
    if not m:
        return 1.0
    return 10.0 ** -len(m.group(2) or "") * _SCALES.get((m.group(3) or "").lower(), 1.0)


_APPROXIMATE = re.compile(r"^\W*(?:" + "|".join(APPROXIMATE) + r")\b", re.IGNORECASE)
APPROXIMATE_TOLERANCE = 0.02
"""A figure told as approximate ("about 10,000", "roughly 10,100") agrees with values within 2% of it."""


def _slack(a: Figure, b: Figure) -> float:
    """How far apart two figures' values may be and still be one value: half the coarser printed precision, what
    rounding the finer one to it can change ("29.58" and "29.6" inches are one value, "nearly 30" too; "81.6
    million" and "83 million" are two), or 2% of an approximate figure ("about 10,000" and "roughly 10,100")."""
    slack = max(printed_step(a.value), printed_step(b.value)) / 2
    for f in (a, b):
        if _APPROXIMATE.search(f.value):
            slack = max(slack, APPROXIMATE_TOLERANCE * max(abs(f.low), abs(f.high)))
    return slack * (1 + 1e-9)


def values_differ(a: Figure, b: Figure) -> bool:
    """Whether two figures of one thing give different values: points that stay apart when the finer is rounded to
    the coarser's printed precision, ranges that do not overlap (pure). Qualifiers are not values: "up to 8,000"
    and "as many as 8,000" agree."""
    slack = _slack(a, b)
    return b.high < a.low - slack or b.low > a.high + slack


def same_value(a: Figure, b: Figure) -> bool:
    """Whether two figures give one value (the same point or the same range, up to rounding to the coarser printed
    precision)."""
    slack = _slack(a, b)
    return abs(a.low - b.low) <= slack and abs(a.high - b.high) <= slack
