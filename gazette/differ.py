""""Sources differ": when the retrieved articles give different figures for what a question asks, the answer says so.

Computed from the retrieved sources, never from the answerer's text, so it works the same for the offline answerer
and a generative one (which is not relied on to notice):

1. :func:`asked`: what a "how many / how much / what share" question counts: the kind of thing (the last common
   noun before its verb: "How many North Carolina National Guard members are ...?" counts members; a rate, a
   valuation, wind speed or rain that no "how many" names), what happens to it ("killed"), the place it counts in
   ("in Kursk"; the first place it names unless that only names an event: "in the Hamas attack on Israel" is
   Israel), what it says was done ("have been rescued", met by the verbs that tell the same deed: flights
   "scrubbed" are "canceled"), the people it counts by their country ("How many Americans ...?"), whether it asks
   what is expected (then only projections answer it), its names and its dates.
2. :func:`candidates`: every figure in the sentences of the retrieved chunks (and their neighbours) that answers
   it: the same kind, outcome and place, the deed asked about in its clause, the question's names and most of its
   words around it (the sentence, the one before and the headline), in the question's period (a question naming
   none is not answered by a figure dated over a month before its article), neither a part of a larger count nor
   a projection. A death toll or running total told as it stands, with no place of its own, takes the place its
   headline names ("Maui fire disaster: death toll rises" / "the death toll climbed to 67 Friday") unless its
   sentence names another place; "the county's toll" takes the county its sentence names, and a figure given by a
   place's office ("Georgia Gov. Brian Kemp said") counts in that place (gazette.figures.governed). A question
   that names no place after "in" is not answered by a figure placed somewhere it does not name ("How many cases
   has California reported?" is not New York's 1,748).
3. :func:`versions`: the figure the answer states (the first cited sentence holding one) or else the best-ranked
   candidate is the anchor (but a question that names nothing besides what it counts, "How many troops are there
   now?", ties no candidate to its subject: only the answer's own figure anchors its note); the candidates that
   count the same thing as the anchor (gazette.figures.same_thing) are grouped by value. Each value is one
   version, told by the first article to report it (the better-ranked on a tie), newest first, at most
   ``max_versions``. Two values from one article are versions only when the article
   gives them to different speakers ("11,000, Zelensky said"; "as many as 8,000, US officials said") or both are
   a running death toll (a live page's updates), or when one sentence gives the new figure "up from" the old.
4. :func:`add_note`: each version is a claim ("Global Desk (1 Nov 2024): up to 8,000 North Korean troops in
   Russia's Kursk region, US officials said [1]"), checked like any answer sentence against its article
   (gazette.verify.unsupported_facts, the outlet and date included, and the injection guard). If two versions that
   differ remain, the answer gains a last paragraph "Sources differ: ...; ...." and the versions as data
   (``Answer.differs``); otherwise the answer is returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from gazette.chunking import boilerplate, split_sentences, unbulleted
from gazette.citations import publisher, source_label, strip_markers
from gazette.extractive import QuestionDates, question_kind
from gazette.figures import (
    ATTRIBUTION_NOUNS,
    HOLIDAYS,
    PAST_DAYS,
    PREDICATES,
    UNITED_STATES,
    Figure,
    demonym,
    figures,
    names_place,
    noun_class,
    place_named,
    places_named,
    power_kind,
    predicate_of,
    same_thing,
    same_value,
    state_place,
    values_differ,
)
from gazette.injection import Injections, InstructionDetector, looks_injected
from gazette.lexicon import AUXILIARIES, counted_head, counted_thing
from gazette.models import Answer, Chunk, Citation, RetrievedChunk, Version
from gazette.newsdates import DateSpan
from gazette.text import coverage, names, stem, term_set
from gazette.timescope import TimeScope, humanise
from gazette.verify import Evidence, unsupported_facts

NOTE_PREFIX = "Sources differ:"
MIN_COVERAGE = 0.5
"""A candidate's sentence, the one before it and the headline hold at least half of the question's other words."""

_MONEY_WORDS = frozenset(
    """money aid funding fund cost costs price revenue revenues budget loan loans spend spending pay paid salary
    fine fines worth value sum amount investment deal package raise raised profit profits income sales loss losses
    damage damages jackpot prize""".split())
_SHARE_WORDS = frozenset("percentage percent share proportion rate".split())
_DEATH_TOLL = re.compile(r"\bdeath toll\b|\bhow many (?:people )?(?:died|were killed|have died)\b", re.I)


@dataclass(frozen=True)
class Asked:
    """What a question counts (see :func:`asked`)."""

    kind: str
    """The counted thing's class ("troop"), "$" for any amount of money, "%" for a share, "" if unknown."""
    predicate: str
    place: str
    names: frozenset[str]
    terms: frozenset[str]
    dates: QuestionDates
    verbs: frozenset[str] = frozenset()
    """What the question says was done, beside an outcome ("rescu"): the figure's clause says it too."""
    places: tuple[str, ...] = ()
    """Every place the question names ("in the Hamas attack on Israel": hama, israel); a figure's place must be
    one of them."""
    projected: bool = False
    """It asks what is expected: only projections answer it."""
    people: str = ""
    """The people it counts by their country or place ("How many Americans ...?": "american"), whom a figure
    must name so."""


_COUNTRY_NAME = re.compile(r"\b(?:the\s+)?(?:" + UNITED_STATES + r"|(?-i:US)(?=\s+[a-z]))", re.IGNORECASE)
"""The United States as a name: articles write "US", "U.S.", "nationwide" or nothing (a place after "in" is still
a place the figure must have); "US" before a common noun ("US flights", "the US economy") is the country too."""
_EVENT_WORDS = frozenset(stem(w) for w in "hurricane storm tropical typhoon cyclone".split())
"""Capitalised words that name a kind of event, not the event: "Hurricane Helene" is met by "Helene"."""
_EVENT_NOUNS = frozenset("""attack attacks flood floods flooding wildfire wildfires fire fires earthquake quake storm
    blizzard hurricane crush shooting shootings war outbreak bombing explosion crash""".split())
_TOTALITY = r"\b(?:in total|in all|all told|so far|to date|altogether|overall)\b"
"""Words that ask for the whole count so far: no deed, and no word a figure's sentence must repeat."""
_VERB = re.compile(r"\b(?:did|does|do|will|would|can)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,5}?([a-z]+)"
                   r"(?:\s+" + _TOTALITY + r")?\?\s*$", re.IGNORECASE)
"""The verb that ends a question, before a word of totality: "How many rounds did the gunman fire?", "How many
people did Ian kill in total?"."""


_LIGHT_VERBS = frozenset("cause have get see".split())
"""Verbs that say nothing a figure's clause must repeat: "How much in losses did Ian cause?"."""
_REPORTED = frozenset("reported confirmed recorded announced estimated counted said expected blamed attributed linked"
                      .split())
"""Verbs of telling a count, which need not be in the figure's clause."""


_STATE_ASKED = re.compile(r"\b(?:has|have|had|did|does|do)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:reported|report|"
                          r"recorded|record|confirmed|confirm|counted|count|logged|log)\b")
"""A state that a question asks to have told its count ("How many monkeypox cases has Florida reported?"): the
count's place, as a state that gives a figure is (when the name is a state's: figures.state_place)."""


def _asked_places(question: str, found: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """Where the question's count is: its first place, unless that place only names an event and another place
    follows ("in the Hamas attack on Israel": Israel; "in Knott County in the Kentucky flooding": Knott; "in the
    Maui wildfires": Maui)."""
    if not found:
        return ()
    first, phrase = found[0]
    after = question[question.find(phrase) + len(phrase):].split()
    if len(found) > 1 and after and after[0].lower().strip("?,.") in _EVENT_NOUNS:
        return (found[1][0],)
    return (first,)


def asked_verbs(question: str) -> frozenset[str]:
    """What a question asks was done to the things counted, when that is not an outcome the figures know (pure):
    "rescued", "fire" ("How many rounds did the gunman fire?"); a figure's clause must say it."""
    # a passive or perfect participle ("have been rescued", "were hospitalized"), in lower case: not "United"
    words = set(re.findall(r"\b(?:been|were|was|are|is|be)\s+([a-z]{4,}ed)\b", question))
    m = _VERB.search(question)
    if m:
        words.add(m.group(1))
    return frozenset(stem(w) for w in words if w.islower() and w not in PREDICATES and w not in AUXILIARIES
                     and not predicate_of(w) and w not in _REPORTED | _LIGHT_VERBS)


_SAME_DEEDS = (
    "cancel cancelled canceled scrub scrubbed ground grounded",
    "activate activated mobilize mobilized mobilise mobilised deploy deployed",
    "burn burned burnt scorch scorched char charred engulf engulfed consume consumed blacken blackened",
)
"""Verbs that tell one deed in news copy: flights "scrubbed" are "canceled", Guard members "activated" are
"mobilized", acres a fire "burned" it "scorched" or "engulfed"."""


def _stems_of(word: str) -> set[str]:
    return {stem(word), stem(word.removesuffix("d")), stem(word.removesuffix("ed"))}


_DEED_GROUPS = [set().union(*(_stems_of(w) for w in group.split())) for group in _SAME_DEEDS]


def _verb_stems(text: str) -> set[str]:
    """The stems of a text's words, each also without a past ending ("fired" gives "fir" and "fire"), and those of
    the verbs that tell the same deed ("canceled" gives "scrub")."""
    out: set[str] = set()
    for w in re.findall(r"[a-z]+", text.lower()):
        out |= _stems_of(w)
    for group in _DEED_GROUPS:
        if out & group:
            out |= group
    return out


_RATE = re.compile(r"^\W*what\b[^?]*?\b(?:rate|percentage|share)\b", re.IGNORECASE)
"""A question for a share that names no "how much": "What unemployment rate do Fed officials expect ...?"."""
_VALUATION = re.compile(r"^\W*what\b[^?]*?\b(?:valuation|price tag)\b", re.IGNORECASE)
_WIND = re.compile(r"\bhow (?:strong|fast|powerful)\b[^?]*\b(?:winds?|gusts?)\b", re.IGNORECASE)
_GROWTH = re.compile(r"\bhow much\b[^?]*\b(?:grow|expand|shrink|contract)\b", re.IGNORECASE)
_FORECAST = re.compile(r"\b(?:expect|expects|expected|forecast|forecasts|project|projects|projected|predict|"
                       r"predicts|predicted|anticipate|anticipates|anticipated)\b", re.IGNORECASE)
"""A question that asks what is expected ("How much do Fed officials expect the economy to grow?"): it is
answered by projections, and only by them."""


def asked(question: str, period: TimeScope | None = None, reference: date | None = None) -> Asked | None:
    """What ``question`` counts, or None when it asks for no figure (pure). ``reference`` is the question's as-of
    date: with it, a month still under way asked of in the progressive is what is to come, as for the answerer
    (gazette.extractive.QuestionDates.of)."""
    death_toll = bool(_DEATH_TOLL.search(question))
    measure = "%" if _RATE.search(question) else "$" if _VALUATION.search(question) \
        else "mph" if _WIND.search(question) else ""
    if question_kind(question) != "number" and not death_toll and not measure:
        return None
    counted = counted_head(question) or counted_thing(question) or ""
    low = counted.lower()
    people = stem(low) if demonym(counted) else ""
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
    if death_toll:
        kind, counted = "people", "people"
    elif measure:
        kind = measure
    elif _GROWTH.search(question):
        kind = "%"
    elif low in _SHARE_WORDS or words & {"percentage", "percent", "proportion"} \
            or re.search(r"\bhow much of\b", question, re.I):  # "How much of the fire is contained?"
        kind = "%"
    elif low in _MONEY_WORDS or re.search(r"\bhow much\b", question, re.I) and (
            low in AUXILIARIES or not low or words & _MONEY_WORDS):
        kind = "$"
    elif people:
        kind = "people"  # "How many Americans ...?": people, and the name must be met
    elif low and low not in AUXILIARIES:
        # "How many homes and businesses were without power?", "How many people lost power?"
        kind = power_kind(noun_class(counted), question, question[question.find(counted) + len(counted):])
    elif words & _MONEY_WORDS:
        kind = "$"  # "How big was the Mega Millions jackpot?"
    else:
        kind = ""
    predicate = "killed" if death_toll else predicate_of(question)
    place, _ = place_named(question)
    dates = QuestionDates.of(question, period, reference)
    found = places_named(question)
    if not found and (subject := _STATE_ASKED.search(question)) and (state := state_place(subject.group(1))):
        found = [(state, subject.group(1))]
    places = _asked_places(question, found)
    undated = re.sub(_TOTALITY, " ", dates.undated(question), flags=re.IGNORECASE)
    for _, phrase in found:  # the places are matched as places, not as words
        undated = undated.replace(phrase, " ")
    skip = {stem(low)} if counted and not people else set()
    not_terms = skip | {place} | set(places) | {"many", "much", "percentage", "number", "toll"}
    named = names(_COUNTRY_NAME.sub(" ", undated)) - skip - set(places) - {stem(h) for h in HOLIDAYS} - _EVENT_WORDS
    return Asked(kind=kind, predicate=predicate, place=places[0] if places else place, verbs=asked_verbs(question),
                 names=frozenset(named),
                 terms=frozenset(term_set(undated) - not_terms), dates=dates, places=places,
                 projected=bool(_FORECAST.search(question)),
                 people=people)


@dataclass(frozen=True)
class Candidate:
    """A figure that answers the question, where it was read."""

    figure: Figure
    sentence: str
    chunk: Chunk
    rank: int
    """The article's place in the retrieved list (0: the best)."""


def _matches_kind(figure: Figure, want: Asked) -> bool:
    if want.kind == "$":
        return figure.kind in ("$", "£", "€")
    if want.kind:
        return figure.kind == want.kind
    return bool(figure.noun) and stem(figure.noun.lower()) in want.terms


_CURRENT = re.compile(r"\b(?:have|has|are|is|remain|remains)\b", re.IGNORECASE)
"""A count told as it stands ("96 people have been killed", "36 are dead"), not a past event's ("killed 85")."""
_ONE_PLACE = re.compile(r"\b(?:the|his|her|its|their)\s+(?:county|state|country|city|island|province|region|"
                        r"territory)(?:['’]s)?(?!\w)", re.IGNORECASE)
"""A place named by a common noun in the singular ("the county's toll", "in his state"): the one the text names."""
_LABELLED = re.compile(r"^\W*[A-Z][\w.'’ -]{0,30}:\s")


def _elsewhere(sentence: str, want: Asked) -> bool:
    """Whether a sentence names a place of its own that the question does not ("..., which killed 85 in
    California"; "• Kansas: Three people have died"): its figures are not placed by the headline."""
    return bool(_LABELLED.match(sentence)) or any(p not in want.places for p, _ in places_named(sentence))


def _name_met(name: str, held: set[str]) -> bool:
    """A name is met by itself or by its people's word: "korea" by "korean", "israel" by "israeli"."""
    return name in held or len(name) >= 4 and any(h.startswith(name) and len(h) - len(name) <= 3 for h in held)


def _same_people(a: str, b: str) -> bool:
    """Whether two words name one people or its place, either way round: "israel" and "israeli"."""
    return _name_met(a, {b}) or _name_met(b, {a})


_GENERIC_PLACE = frozenset(stem(w) for w in "county city state region province island parish district".split())


def place_met(place: str, held: set[str]) -> bool:
    """Whether a question's words name a figure's place (pure): all the words of each of its parts but the generic
    ones ("north carolina" is not named by "South Carolina"; "knott county" is by "Knott"), so that a count over two
    places ("florida & georgia") does not answer for one of them; "us" by "US", "United States" or "America"."""
    if place == "us":
        return any(_name_met(w, held) for w in ("us", "unit", "america"))
    parts = [words for part in place.split(" & ") if (words := [w for w in part.split() if w not in _GENERIC_PLACE])]
    return bool(parts) and all(all(_name_met(w, held) for w in words) for words in parts)


def answers(figure: Figure, want: Asked, around: set[str]) -> bool:
    """Whether a figure answers the question: its kind, outcome and place, most of the question's names (all but
    a third) and half of its words in ``around`` (the terms of the sentence, the one before and the headline), its period (pure)."""
    if figure.partitive or figure.projected != want.projected or not _matches_kind(figure, want):
        return False
    if figure.predicate != want.predicate:
        return False
    if want.places and figure.place not in want.places:
        return False
    if not want.places and figure.place and not figure.place.startswith("~") \
            and not place_met(figure.place, set(want.names | want.terms)):
        return False  # "How many cases has California reported?": not New York's 1,748
    if want.verbs and not want.verbs <= _verb_stems(figure.clause):
        return False  # "How many people were rescued?": not the 4,000 in shelters
    if want.people and not (figure.people and _same_people(want.people, figure.people)):
        return False  # "How many Americans ...?" is not answered by a count of people
    if figure.people and not any(_same_people(figure.people, a) for a in want.names | want.terms | set(want.places)):
        return False  # "How many people were killed in Israel?": not the 30 Americans among them
    if want.names and figure.parts and all(_name_met(n, set(figure.parts)) for n in want.names) \
            and not any(_name_met(n, set(figure.modifiers)) for n in want.names):
        return False  # "50,000 soldiers, including North Korean troops" is not a count of North Korean troops
    held = around | set(figure.modifiers) | ({figure.place} if figure.place else set())
    missing = [n for n in want.names if not _name_met(n, held)]
    if len(missing) > len(want.names) // 3:
        return False  # most of the names it asks about ("North Korea" is met by "North Korean" troops)
    if want.terms and coverage(set(want.terms), held) < MIN_COVERAGE:
        return False
    if not (want.dates.stated or want.dates.period is not None):
        # a question that names no time asks about the story, not an event of months or years before
        return figure.window is None or figure.published is None \
            or figure.window.last >= figure.published - timedelta(days=PAST_DAYS)
    if figure.window is not None:
        spans = [DateSpan(figure.window.first, figure.window.last, "range")]
    elif figure.published is not None:
        spans = [DateSpan(figure.published, figure.published, "day")]
    else:
        return False
    return want.dates.met_by(spans, figure.published)


def candidates(want: Asked, hits: Sequence[RetrievedChunk]) -> list[Candidate]:
    """The figures of the retrieved chunks (and their neighbours) that answer the question, in retrieval order;
    a sentence read twice (chunks overlap by a sentence) counts once (pure)."""
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for rank, hit in enumerate(hits):
        for chunk in sorted((hit.chunk, *hit.context), key=lambda c: c.index):
            title_terms = term_set(chunk.title)
            title_place = next((p for p in want.places if names_place(chunk.title, p)), "")
            before = ""
            for sentence in split_sentences(chunk.text):
                key = (chunk.doc_id, sentence)
                if key in seen or boilerplate(sentence) or not re.search(
                        r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten)\b", sentence, re.I):
                    before = sentence
                    continue
                seen.add(key)
                around = term_set(f"{before} {sentence}") | title_terms
                for fig in figures(sentence, chunk.published):
                    if not fig.place and title_place and (fig.standing or _CURRENT.search(fig.clause)) \
                            and not _elsewhere(sentence, want):
                        # a toll or a running total placed by its headline ("Maui fires: 96 dead")
                        fig = replace(fig, place=title_place)
                    elif fig.place.startswith("~") and _ONE_PLACE.search(fig.clause) \
                            and not _elsewhere(sentence, want):
                        # "the county's death toll of 42" in a sentence on Lee County (or after one)
                        named = [p for p in want.places if names_place(f"{before} {sentence}", p)]
                        if len(named) == 1:
                            fig = replace(fig, place=named[0])
                    if answers(fig, want, around):
                        out.append(Candidate(fig, sentence, chunk, rank))
                before = sentence
    return out


def _anchor(found: Sequence[Candidate], answer: Answer, want: Asked) -> Candidate | None:
    """The figure the answer states: the first of its cited sentences holding a candidate (an extractive answer
    quotes them; a generative one is matched by the figure's value in its text), else the best-ranked candidate
    (a wrong answer still gets the versions of what was asked). None when the question names nothing but what it
    counts: no candidate is tied to its subject, so only the answer's own figure can anchor a note ("How many
    troops are there now?", answered with "Up to 8,000 North Korean troops are now in Russia's Kursk region", is
    not told of a brigade's 3,000 to 5,000 soldiers and Russia's 50,000)."""
    if answer.abstained or not found:
        return None
    text = " ".join(strip_markers(answer.answer).split())
    cited = {c.doc_id for c in answer.citations}
    def shown(c: Candidate) -> str:  # the sentence as an answer shows it
        return " ".join(unbulleted(c.sentence).split())

    # a generative answer restates the value within its own sentence: "including at least 14 Americans"
    stated = [c for c in found if c.chunk.doc_id in cited and (shown(c) in text or c.figure.value in text
                                                                  or _lower_first(c.figure.value) in text)]
    if stated:
        return min(stated, key=lambda c: text.find(shown(c)) % (len(text) + 1))
    if not (want.names or want.terms or want.places):
        return None
    return found[0]


def versions(found: Sequence[Candidate], anchor: Candidate, max_versions: int) -> list[Candidate]:
    """One candidate per value of what the anchor counts, newest first; empty unless two of the values differ
    (pure)."""
    same = [c for c in found if same_thing(anchor.figure, c.figure) and same_story(anchor, c)]
    groups: list[list[Candidate]] = []
    for c in same:
        for group in groups:
            if same_value(group[0].figure, c.figure):
                group.append(c)
                break
        else:
            groups.append([c])
    if len(groups) < 2:
        return []
    chosen = [min(g, key=lambda c: (c.chunk.published or date.max, c.rank)) for g in groups]
    chosen = _distinct_speakers(chosen)
    if not any(values_differ(a.figure, b.figure) for i, a in enumerate(chosen) for b in chosen[i + 1:]):
        return []
    chosen.sort(key=lambda c: (c.chunk.published or date.min, -c.rank), reverse=True)
    return chosen[:max_versions]


def same_story(a: Candidate, b: Candidate) -> bool:
    """Whether two figures that name no place can be of one story (pure): from one article, or from chunks that
    share a word of their headlines or a name. "Tropical Storm Trami ... killed more than 150 people" (under "Super
    Typhoon Man-yi slams into the Philippines' Catanduanes island") and "three people were killed" (under
    "Zaporizhzhia hit again as Zelensky counts a week of Russian air attacks") count the dead of two events; the
    Coast Guard's rescues off Lahaina under "Death toll in Maui disaster hits 80" and "Hawaii wildfire updates"
    are one story's. A figure with a place is placed by it (gazette.figures.same_thing)."""
    if a.figure.place or b.figure.place or a.chunk.doc_id == b.chunk.doc_id:
        return True
    return bool(_story_words(a.chunk) & _story_words(b.chunk))


def _story_words(chunk: Chunk) -> set[str]:
    return term_set(chunk.title) | names(f"x {chunk.title}. {chunk.text}")


def _distinct_speakers(chosen: list[Candidate]) -> list[Candidate]:
    """Versions from one article stay only if each is given to a different, named speaker, if each is a running
    death toll told as it rose (a live page's updates: "Death toll increases to 34", "Storm death toll rises to
    39"), or if one sentence tells both, the new figure "up from" the one before."""
    out: list[Candidate] = []
    for c in chosen:
        same_doc = [o for o in out if o.chunk.doc_id == c.chunk.doc_id]
        if same_doc and all(_running_toll(o.figure) for o in (c, *same_doc)):
            out.append(c)
            continue
        if same_doc and all(o.sentence == c.sentence and _updates(c.sentence, o.figure, c.figure) for o in same_doc):
            out.append(c)  # "At least 54 people died ..., up from the county's previously announced toll of 42"
            continue
        if same_doc and (not c.figure.attribution or any(
                not o.figure.attribution or o.figure.attribution.lower() == c.figure.attribution.lower()
                for o in same_doc)):
            continue
        out.append(c)
    return out


_UPDATE = re.compile(r"\b(?:up|down|rising|rose|grew|climbed|increased|jumped) from\b|\bpreviously (?:announced|"
                     r"reported|said|given)\b", re.IGNORECASE)
"""A sentence that tells a figure with the one it replaces."""


def _updates(sentence: str, a: Figure, b: Figure) -> bool:
    """Whether two figures of one sentence are a figure and the one it replaces (pure): one before the sentence's
    "up from" ("rose from", ...), the other after it; any two with "previously announced" ("reported", ...).
    "... will end the year at 4.3% before easing to 2.7% in 2023, up from its prior forecasts of 2.6% and 2.3%,
    respectively" pairs neither 4.3% with 2.7% (two years' forecasts) nor 2.6% with 2.3%."""
    m = _UPDATE.search(sentence)
    if m is None:
        return False
    if m.group(0).lower().startswith("previously"):
        return True  # "the previously announced toll of 42 rose to 54": both may follow it
    return (a.start < m.start()) != (b.start < m.start())


def _running_toll(figure: Figure) -> bool:
    """A death toll read as such ("the death toll rose to 96"): a running total."""
    return figure.noun == "dead" and figure.standing


def _lower_first(phrase: str) -> str:
    """"Up to 8,000 ..." -> "up to 8,000 ..." (a qualifier; a name keeps its capital)."""
    first = phrase.split(" ", 1)[0]
    if first[:1].isupper() and first.lower() in {"up", "as", "about", "around", "roughly", "nearly", "almost",
                                                 "approximately", "some", "more", "over", "at", "fewer", "less",
                                                 "under", "close", "an", "estimated", "just", "well", "upwards",
                                                 "only", "a", "another", "between", "the", "its", "their",
                                                 "death", "number"}:
        return phrase[0].lower() + phrase[1:]
    return phrase


def _in_sentence(speaker: str) -> str:
    """A speaker read at the start of its sentence, as written after a comma: "The agency" -> "the agency",
    "Officials" -> "officials"; a title before a name keeps its capital ("President Joe Biden")."""
    first, *rest = speaker.split()
    if first in ("The", "A", "An") \
            or first.lower() in ATTRIBUTION_NOUNS and not any(w[:1].isupper() for w in rest):
        return first.lower() + speaker[len(first):]
    return speaker


def claim(c: Candidate) -> str:
    """The version as the note tells it, without its marker: "Global Desk (1 Nov 2024): up to 8,000 North Korean
    troops in Russia's Kursk region, US officials said" (pure: every word comes from the article or its
    metadata)."""
    f = c.figure
    text = _lower_first(" ".join((f.statement or f.phrase).split()))
    if f.attribution:
        text += f", {_in_sentence(f.attribution)} said"
    when = f" ({humanise(c.chunk.published)})" if c.chunk.published else ""
    return f"{source_label(c.chunk)}{when}: {text}"


def checked(c: Candidate, injections: Injections | None = None) -> bool:
    """Whether the version's claim holds against its article like any answer sentence: every number, date, name
    and quoted word it states is in the chunk (its outlet and date included), and it obeys no instruction found
    in the retrieved text."""
    chunk = c.chunk
    labelled = chunk.model_copy(update={"title": f"{source_label(chunk)}. {chunk.title}"})
    text = claim(c)
    if looks_injected(c.sentence) or injections is not None and (injections.obeys(text)
                                                                  or injections.obeys(c.sentence)):
        return False  # a figure read from an instruction to a model is not a version
    return not unsupported_facts(text, Evidence.of([labelled]))


def add_note(answer: Answer, question: str, hits: Sequence[RetrievedChunk], *, max_versions: int = 4,
             period: TimeScope | None = None, detector: InstructionDetector | None = None,
             reference: date | None = None) -> Answer:
    """``answer`` with a "Sources differ" paragraph and ``differs`` when the retrieved figures for what it asks
    differ (see the module docstring); the very same answer otherwise. With ``detector``, the articles the versions
    come from are also read for instructions by meaning (gazette.injection). ``reference`` is the question's as-of
    date (the answerer's own, so that both read the question's dates alike)."""
    if answer.abstained or max_versions < 2 or not hits:
        return answer
    want = asked(question, period, reference)
    if want is None:
        return answer
    found = candidates(want, hits)
    anchor = _anchor(found, answer, want)
    if anchor is None:
        return answer
    chunks = {c.chunk_id: c for h in hits for c in (h.chunk, *h.context)}
    chosen = versions(found, anchor, max_versions)
    close = {c.chunk.chunk_id for c in chosen}
    injections = Injections((f"{c.title}. {c.text}" for c in chunks.values()), detector,
                            read_closely=(f"{c.title}. {c.text}" for cid, c in chunks.items() if cid in close))
    kept = [c for c in chosen if checked(c, injections)]
    if len(kept) < 2 or not any(values_differ(a.figure, b.figure) for i, a in enumerate(kept) for b in kept[i + 1:]):
        return answer
    return with_versions(answer, kept)


def with_versions(answer: Answer, kept: Sequence[Candidate]) -> Answer:
    """The answer with the note paragraph: each version cites its chunk (a chunk the answer cites keeps its
    number, and so does the same sentence of its article read from an overlapping chunk; others are numbered
    after the answer's own sources)."""
    citations = [c.model_copy() for c in answer.citations]
    number = {c.chunk_id: c.n for c in citations}
    quoted = {(c.doc_id, c.quote.strip()): c.n for c in citations}
    items: list[str] = []
    differs: list[Version] = []
    for c in kept:
        n = number.get(c.chunk.chunk_id) or quoted.get((c.chunk.doc_id, c.sentence.strip()))
        if n is None:
            n = len(citations) + 1
            number[c.chunk.chunk_id] = n
            citations.append(Citation(
                n=n, title=c.chunk.title, outlet=c.chunk.outlet, url=c.chunk.url,
                published=c.chunk.published.isoformat() if c.chunk.published else None, quote=c.sentence.strip(),
                doc_id=c.chunk.doc_id, chunk_id=c.chunk.chunk_id,
            ))
        items.append(f"{claim(c)} [{n}]")
        differs.append(Version(
            value=_lower_first(" ".join(c.figure.value.split())), outlet=publisher(c.chunk) or "",  # as the note
            published=c.chunk.published.isoformat() if c.chunk.published else None,
            attribution=c.figure.attribution, n=n,
        ))
    note = f"{NOTE_PREFIX} " + "; ".join(items) + "."
    dates = [c.published for c in citations if c.published]
    return answer.model_copy(update={
        "answer": f"{answer.answer.rstrip()}\n\n{note}", "citations": citations, "differs": differs,
        "as_of": max(dates) if dates else answer.as_of,
    })


def split_note(text: str) -> tuple[str, str]:
    """An answer's text and its "Sources differ" paragraph ("" when it has none), for front ends that show the
    note as a section of its own (pure)."""
    head, sep, note = text.rpartition(f"\n\n{NOTE_PREFIX} ")
    if not sep:
        return text, ""
    return head, f"{NOTE_PREFIX} {note}"
