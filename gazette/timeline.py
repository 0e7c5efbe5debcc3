"""Timelines: a story's dated developments, oldest first, one verified and cited line each.

The search (gazette.app.Reader.timeline) finds up to ``timeline_articles`` articles on the topic and reads them
whole; the rest are pure functions:

1. :func:`on_topic`: an article is on the topic when it holds most of the topic's names and words (headline
   included).
2. :func:`best_sentence`: each article's development is the sentence that holds most of the topic's words
   (weighted by how rare each is among the articles read: :func:`topic_weights`), with every name the topic
   gives (headline included), preferring the article's first sentence (news puts what happened first) and a
   sentence that gives a date; never a link line (gazette.chunking.boilerplate), a photo's credited caption, a
   heading or label without its full stop, or a sentence that tells what happened well before the article
   (:func:`background`: "On Oct. 3, the storm made landfall" in an article of 20 October would be dated 20
   October).
3. :func:`event_day`: the line's date is the latest day the sentence gives, relative dates resolved against the
   publication date ("on Sunday", "yesterday"), that is not after the publication date, at most a week before it,
   and not about what is to come; else, for a sentence dated by an earlier one ("In Brussels on the same day",
   "the next day"), that sentence's day (:func:`told_day`); else the publication date. "more than five weeks
   after the incursion on 6 August, officials said on Thursday, 12 September" is dated 12 September. A live page
   keeps its first date while its text moves on: a bare weekday read back to the days before that date is moved
   to the coming one when other articles date the same development so (:func:`settle_weekdays`).
4. :func:`merge_copies`: copies of one story (the same day, give or take one, and mostly the same words in the
   sentence or the headline, or sentences close in meaning that give no different figures) become one line; the
   others' outlets are kept as ``copies``.
5. :func:`order_lines`: the ``max_lines`` most relevant lines, at most two a day (:func:`lines_a_day`: more in a
   period too short to fill the lines so), then oldest first (ties: the earlier publication, then the
   better-ranked article).
6. Each line is checked like an answer sentence against its article (gazette.verify) and cited.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from gazette.chunking import boilerplate, ends_as_sentence, photo_caption, split_sentences, unbulleted
from gazette.citations import source_label, with_marker
from gazette.injection import Injections, InstructionDetector
from gazette.lexicon import WEEKDAYS
from gazette.models import ABSTAIN_TEXT, Chunk, Citation, RetrievedChunk, Timeline, TimelineLine
from gazette.newsdates import DateSpan, dated_phrases, speaks_of_future
from gazette.text import coverage, figures, names, numbers, term_set, tidy_input
from gazette.timescope import humanise
from gazette.verify import Evidence, unsupported_facts

MAX_TOPIC_CHARS = 300
TOPIC_COVERAGE = 0.6
"""An article on the topic holds this share of the topic's words (headline included; numbers count double)."""
LEAD_BONUS = 0.3
"""An article's first sentence is what happened (news writing): it wins over a later one nearly as relevant."""
DATED_BONUS = 0.1
"""A sentence that gives a date tells when it happened."""
MIN_SENTENCE_COVERAGE = 0.34
MIN_WITH_TITLE = 0.5
"""A line holds at least a third of the topic's words itself, and half with its headline."""
COPY_SENTENCE = 0.5
COPY_TITLE = 0.6
COPY_SHARED = 0.3
"""Two lines within a day of each other are copies when their sentences share half of their words, their headlines
60%, or their sentences 30% and the same figure."""
SAME_DEVELOPMENT = 0.77
"""Two lines within a day of each other whose sentences are this close in meaning (the cosine of their embeddings)
tell one development in other words ("struck a deal to buy Twitter on Monday" and "is set to buy Twitter"), unless
each gives figures and they share none (a toll of 93 on Saturday and of 96 on Sunday are two developments)."""
MAX_PER_DAY = 2
"""A timeline shows how a story moved: at most two lines a day (the most relevant), so that a day that many articles
retell does not crowd out the days after it."""
_DATED_BY_ANOTHER = re.compile(
    r"\b(?:(?:the\s+same|that)\s+(?:day|morning|afternoon|evening|night)"
    r"|the\s+(?P<next>next|following)\s+(?:day|morning|afternoon|evening|night)"
    r"|the\s+(?P<previous>previous)\s+(?:day|morning|afternoon|evening|night)"
    r"|(?P<n>a|one|two|three)\s+days?\s+(?P<way>later|earlier|before|after)(?!\s+(?:the|a|an|his|her|its|their)\b)"
    r"|the\s+day\s+(?P<way2>before|after)(?!\s+(?:the|a|an|his|her|its|their)\b))",
    re.IGNORECASE)
"""A day told by another sentence's ("In Brussels on the same day, NATO's chief said ...", "the next day", "two
days later"): :func:`told_day` dates it from the sentences before it."""
_DAYS = {"a": 1, "one": 1, "two": 2, "three": 3}
_BY_AN_EVENT = re.compile(r"\bthe\s+(?:day|night|morning|evening|week)\s+(?:after|before)\b", re.IGNORECASE)
TOLD_BACK = 4
"""How many sentences back a day told by another sentence is looked for ("on the same day" three sentences after
"the Pentagon said on Monday, 28 October")."""
RANK_DECAY = 0.03
"""Among lines, a later-ranked article's relevance counts a little less (1 / (1 + 0.03 x rank))."""


def clean_topic(topic: str) -> str:
    """The topic with its white space tidied; UsageError (one line) when empty or too long."""
    return tidy_input(topic, MAX_TOPIC_CHARS, empty="the topic is empty: name a story, e.g. North Korean troops in Kursk",
                      too_long="the topic is too long ({n} characters, at most {limit})")


@dataclass(frozen=True)
class Development:
    """A candidate line: one article's sentence telling what happened, and when."""

    day: date
    dated_by: str
    """"event" or "published"."""
    sentence: str
    chunk: Chunk
    rank: int
    score: float
    copies: tuple[str, ...] = field(default=())
    coming: date | None = None
    """The day a week after ``day`` when ``day`` was read from a bare weekday before the publication date ("died
    Friday" in an article dated Thursday): a live page keeps its first date while its text moves on, so the
    weekday may be the coming one (:func:`settle_weekdays`)."""


EVENT_LAG_DAYS = 7
"""News reports what happened in the days before: a day the sentence gives more than a week before the
publication date is background ("following the attack of 17 November" in an article of 28 November), not the
line's date."""


Phrases = list[tuple[DateSpan, int, int]]


def event_day(sentence: str, published: date | None, phrases: Phrases | None = None) -> tuple[date, str] | None:
    """When what the sentence tells happened: the latest day it gives that is not after ``published`` and at most
    ``EVENT_LAG_DAYS`` before it (relative dates resolved against it; nothing about what is to come), else
    ``published`` itself; None for an undated article whose sentence prints no full date (pure; ``phrases``: the
    sentence's :func:`~gazette.newsdates.dated_phrases`, when already read)."""
    if phrases is None:
        phrases = dated_phrases(sentence, published)
    days = [span.first for span, _, _ in phrases
            if span.grain == "day" and not span.yearless and span.first == span.last
            and (published is None or published - timedelta(days=EVENT_LAG_DAYS) <= span.first <= published)]
    if speaks_of_future(sentence) and published is not None:
        days = [d for d in days if d < published]
    if days:
        return max(days), "event"
    if published is not None:
        return published, "published"
    return None


def told_day(sentence: str, before: Sequence[str], published: date | None) -> date | None:
    """The day of a sentence that dates itself by an earlier one ("on the same day", "the next day", "a day
    later"): that sentence's day (:func:`event_day`, the nearest of the ``TOLD_BACK`` sentences before it that
    gives one), moved as it says (pure). A sentence between them that is itself dated by another, or by an event
    ("The day after the search, ..."), stops the search: its day is not one this reading can tell. None when the
    sentence has no such words, no earlier sentence gives a day, or the day is not in the week up to ``published``
    (as :func:`event_day`)."""
    m = _DATED_BY_ANOTHER.search(sentence)
    if m is None or published is None:
        return None
    if m["next"]:
        shift = 1
    elif m["previous"]:
        shift = -1
    elif m["n"]:
        shift = _DAYS[m["n"].lower()] * (1 if m["way"].lower() in ("later", "after") else -1)
    elif m["way2"]:
        shift = 1 if m["way2"].lower() == "after" else -1
    else:
        shift = 0
    for earlier in list(reversed(before))[:TOLD_BACK]:
        if _DATED_BY_ANOTHER.search(earlier) or _BY_AN_EVENT.search(earlier):
            return None  # "The day after the search, ... That night, ...": a day this reading cannot tell
        found = event_day(earlier, published)
        if found is not None and found[1] == "event":
            day = found[0] + timedelta(days=shift)
            return day if published - timedelta(days=EVENT_LAG_DAYS) <= day <= published else None
    return None


_NOT_ITS_TIME = re.compile(
    r"(?:\b(?:since|following|after|before|until|till|than|that|which|who|whose)\b(?:\s+[^\s;:()—–]+){0,14}"
    r"|\b(?:of|the|a|an|its|their|his|her))\s+(?:(?:in|on)\s+)?$",
    re.IGNORECASE)
"""Words before a date, in its clause, that make it another event's time, a span's edge, a time told in passing or
part of a name, not the time of what the sentence tells: "since 2019", "following the attack of 17 November",
"higher than in 2021", "since the nation identified its first case in May", "the fires that started on Aug. 8",
"the committee investigating the January 6, 2021, attack", "a Feb. 4 Facebook post". The clause runs to a
semicolon, a colon, a dash or a bracket, across commas ("who signed along with Durant, 34, in Brooklyn in 2019"),
up to 14 words."""
_POSSESSIVE = re.compile(r"['’]s\b")
"""A date that owns something names it: "last month's search", "last year's gathering"."""


def background(sentence: str, published: date | None, phrases: Phrases | None = None) -> bool:
    """Whether the sentence tells what happened before the news it is in: it gives its own time ("On 3 October",
    "in 2019", "last month", "two weeks ago"), and every date it gives ends more than ``EVENT_LAG_DAYS`` before
    the publication date. Dated by its article, such a line would carry the wrong day ("On Oct. 3, Ian made
    landfall" in an article of 20 October). A date after "since", "following", "after", "of" and the like is
    another event's or a span's edge and is no such time: "the second mass strike in 11 days, following the attack
    of 17 November" tells the day's strike (pure; ``phrases`` as for :func:`event_day`)."""
    if published is None:
        return False
    if phrases is None:
        phrases = dated_phrases(sentence, published)
    cutoff = published - timedelta(days=EVENT_LAG_DAYS)
    if any(span.last >= cutoff for span, _, _ in phrases):
        return False
    return any(not span.yearless and not _NOT_ITS_TIME.search(sentence[:start]) and not _POSSESSIVE.match(sentence, end)
               for span, start, end in phrases)


_BARE_WEEKDAY = re.compile(r"(?:on\s+)?(?:" + "|".join(WEEKDAYS) + r")", re.IGNORECASE)


def coming_day(sentence: str, published: date | None, day: date, phrases: Phrases | None = None) -> date | None:
    """The coming reading of ``day``: a week later, when ``day`` (the line's date) was read from a bare weekday
    ("Friday", "on Friday"; not "last Friday" or a printed date) one to six days before ``published``; else None
    (pure; ``phrases`` as for :func:`event_day`)."""
    if published is None or not 1 <= (published - day).days <= 6:
        return None
    if phrases is None:
        phrases = dated_phrases(sentence, published)
    read = [span for span, _, _ in phrases if span.first == day and span.grain == "day"]
    if read and all(span.relative and _BARE_WEEKDAY.fullmatch(span.text.strip()) for span in read):
        return day + timedelta(days=7)
    return None


SETTLE_MARGIN_DAYS = 8
"""A weekday settles a week ahead on a witness within a day of it: lines more than 8 days outside a timeline's period
can neither settle in it nor witness one that does."""


def settle_weekdays(devs: Sequence[Development], vectors: np.ndarray | None) -> list[Development]:
    """Each development whose weekday may be the coming one (``coming``) moved there when another article tells
    the same development (:data:`SAME_DEVELOPMENT`), dated by a day its own sentence gives, within a day of the coming
    day, and none dates it so within a day of the earlier reading ("Abe died Friday" in an article dated Thursday 7
    July, while the articles of 8 and 9 July date their telling 8 July). A line dated only by its article's date is
    no witness: a later article retells what happened days before. The others as they were (pure; ``vectors``:
    unit rows, as for :func:`merge_copies`)."""
    if vectors is None:
        return list(devs)
    out: list[Development] = []
    for i, dev in enumerate(devs):
        if dev.coming is None:
            out.append(dev)
            continue
        close = [other for j, other in enumerate(devs) if other.chunk.doc_id != dev.chunk.doc_id
                 and other.dated_by == "event" and float(vectors[i] @ vectors[j]) >= SAME_DEVELOPMENT]
        ahead = any(abs((other.day - dev.coming).days) <= 1 for other in close)
        back = any(abs((other.day - dev.day).days) <= 1 for other in close)
        out.append(replace(dev, day=dev.coming) if ahead and not back else dev)
    return out


NAME_PREFIX = 5
"""A name is met by a word sharing its first five letters: "Russian" by "Russia", "Ukraine" by "Ukrainian"."""


def _met(terms: set[str], held: set[str]) -> set[str]:
    """The terms ``held`` meets, a name also by another form of it (see NAME_PREFIX)."""
    prefixes = {h[:NAME_PREFIX] for h in held if len(h) >= NAME_PREFIX and not h[0].isdigit()}
    return {t for t in terms if t in held or (len(t) >= NAME_PREFIX and t[:NAME_PREFIX] in prefixes)}


def _coverage(wanted: set[str], text_terms: set[str], weights: dict[str, float] | None = None) -> float:
    """The share of the topic's words a text holds (names by any form: see NAME_PREFIX); with ``weights``, each
    word counts its weight (pure)."""
    if weights is None:
        return coverage(wanted, _met(wanted, text_terms))
    total = sum(weights.get(t, 1.0) for t in wanted)
    return sum(weights.get(t, 1.0) for t in _met(wanted, text_terms)) / total if total else 0.0


def topic_weights(topic: str, articles: Sequence[set[str]]) -> dict[str, float]:
    """How much each of the topic's words tells its articles apart: log(1 + N / df) over the articles read, so
    that "energy grid" weighs more than "Russian" in a timeline of Russian attacks on Ukraine's energy grid
    (pure)."""
    wanted = term_set(topic)
    n = len(articles)
    return {t: math.log(1 + n / max(1, sum(1 for held in articles if _met({t}, held)))) for t in wanted}


def on_topic(topic: str, title: str, body: str, weights: dict[str, float] | None = None) -> bool:
    """Whether an article (its headline and the text read) is about the topic: every name the topic gives and
    most of its words, weighted by ``weights`` when given (pure)."""
    wanted = term_set(topic)
    held = term_set(title) | term_set(body)
    topic_names = names(f"x {topic}")  # a topic is a phrase: its first word may be a name too
    if topic_names - _met(topic_names, held):
        return False
    return bool(wanted) and _coverage(wanted, held, weights) >= TOPIC_COVERAGE


def best_sentence(topic: str, chunks: Sequence[Chunk], weights: dict[str, float] | None = None
                  ) -> tuple[str, Chunk, float] | None:
    """The article's development: the sentence holding most of the topic's words (weighted by ``weights``; the
    first sentence and dated sentences preferred), with its chunk and score; None when no sentence holds enough of
    the topic, or the sentence and headline lack one of the names it gives (pure)."""
    wanted = term_set(topic)
    if not wanted or not chunks:
        return None
    topic_names = names(f"x {topic}")
    title_terms = term_set(chunks[0].title)
    best: tuple[float, str, Chunk] | None = None
    seen: set[str] = set()
    for chunk in sorted(chunks, key=lambda c: c.index):
        for i, sentence in enumerate(split_sentences(chunk.text)):
            if (sentence in seen or len(sentence.split()) < 5 or boilerplate(sentence) or photo_caption(sentence)
                    or not ends_as_sentence(sentence)):  # a heading or a label tells no development
                continue
            seen.add(sentence)
            lead = chunk.index == 0 and i == 0
            terms = term_set(sentence)
            if topic_names - _met(topic_names, terms | title_terms):
                continue
            own = _coverage(wanted, terms, weights)
            with_title = _coverage(wanted, terms | title_terms, weights)
            # An on-topic article's first sentence says what happened, even in other words than the topic's
            # ("power plants and substations" for an energy grid): a third of the topic's words will do.
            first = lead and _coverage(wanted, terms | title_terms) >= MIN_SENTENCE_COVERAGE
            if not first and (own < MIN_SENTENCE_COVERAGE or with_title < MIN_WITH_TITLE):
                continue
            phrases = dated_phrases(sentence, chunk.published)
            if background(sentence, chunk.published, phrases):
                continue  # what happened before this article's news: its date would be wrong
            dated = any(s.grain == "day" for s, _, _ in phrases)
            score = 0.6 * with_title + 0.4 * own + (LEAD_BONUS if lead else 0.0) + (DATED_BONUS if dated else 0.0)
            if best is None or score > best[0]:
                best = (score, sentence, chunk)
    return (best[1], best[2], best[0]) if best else None


def developments(topic: str, hits: Sequence[RetrievedChunk]) -> list[Development]:
    """One development per on-topic article of ``hits`` (each hit with its article's chunks as context) (pure)."""
    out: list[Development] = []
    articles = [sorted({c.chunk_id: c for c in (hit.chunk, *hit.context)}.values(), key=lambda c: c.index)
                for hit in hits]
    weights = topic_weights(topic, [term_set(hit.chunk.title) | term_set(" ".join(c.text for c in chunks))
                                    for hit, chunks in zip(hits, articles, strict=True)])
    for rank, (hit, chunks) in enumerate(zip(hits, articles, strict=True)):
        body = " ".join(c.text for c in chunks)
        if not on_topic(topic, hit.chunk.title, body, weights):
            continue
        found = best_sentence(topic, chunks, weights)
        if found is None:
            continue
        sentence, chunk, score = found
        phrases = dated_phrases(sentence, chunk.published)  # read once, for the day and its coming reading
        when = event_day(sentence, chunk.published, phrases)
        if when is not None and when[1] == "published" and _DATED_BY_ANOTHER.search(sentence):
            # "on the same day": the day of a sentence before it (the article is split only for such a line)
            said = [s for c in chunks for s in split_sentences(c.text)]
            told = told_day(sentence, said[:said.index(sentence)] if sentence in said else [], chunk.published)
            when = (told, "event") if told is not None else when
        if when is None:
            continue
        out.append(Development(when[0], when[1], sentence.strip(), chunk, rank, score / (1 + RANK_DECAY * rank),
                               coming=coming_day(sentence, chunk.published, when[0], phrases)))
    return out


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def figures_differ(a: str, b: str) -> bool:
    """Whether two sentences each give figures (years aside: gazette.text.figures) and share none of them
    (pure)."""
    figures_a, figures_b = figures(a), figures(b)
    return bool(figures_a) and bool(figures_b) and not figures_a & figures_b


def are_copies(a: Development, b: Development, closeness: float | None = None) -> bool:
    """Whether two lines tell one story: within a day of each other, with mostly the same words in the sentence
    or the headline, or some shared words and the same figure, or (``closeness``: their sentences' cosine) the
    same development in other words (:data:`SAME_DEVELOPMENT`) (pure)."""
    if abs((a.day - b.day).days) > 1:
        return False
    if a.chunk.doc_id == b.chunk.doc_id:
        return True
    words_a, words_b = term_set(a.sentence), term_set(b.sentence)
    shared = _jaccard(words_a, words_b)
    if shared >= COPY_SENTENCE or _jaccard(term_set(a.chunk.title), term_set(b.chunk.title)) >= COPY_TITLE:
        return True
    figures_a = {n for n in numbers(a.sentence) if len(n) >= 2}
    if shared >= COPY_SHARED and bool(figures_a & numbers(b.sentence)):
        return True
    return closeness is not None and closeness >= SAME_DEVELOPMENT and not figures_differ(a.sentence, b.sentence)


def merge_copies(devs: Sequence[Development], vectors: np.ndarray | None = None) -> list[Development]:
    """One line per story: each development joins the first kept line it copies (the better-ranked one stays,
    the other's outlet is added to its copies); ``vectors`` (row i: development i's sentence, unit length) tell
    developments told in other words (pure)."""
    kept: list[tuple[int, Development]] = []
    for j in sorted(range(len(devs)), key=lambda k: (devs[k].rank, devs[k].day)):
        dev = devs[j]
        for slot, (i, line) in enumerate(kept):
            closeness = float(vectors[i] @ vectors[j]) if vectors is not None else None
            if are_copies(line, dev, closeness):
                label = source_label(dev.chunk)
                if label not in line.copies and label != source_label(line.chunk):
                    kept[slot] = (i, replace(line, copies=(*line.copies, label)))
                break
        else:
            kept.append((j, dev))
    return [line for _, line in kept]


def lines_a_day(max_lines: int, since: date | None, until: date | None) -> int:
    """How many lines one day may take: :data:`MAX_PER_DAY`, or more when the period asked for has too few days to
    fill ``max_lines`` that way (a timeline of one day may fill all its lines) (pure)."""
    if since is None or until is None or until < since:  # no period (an empty one holds no line anyway)
        return MAX_PER_DAY
    return max(MAX_PER_DAY, math.ceil(max_lines / ((until - since).days + 1)))


def order_lines(devs: Sequence[Development], max_lines: int, per_day: int = MAX_PER_DAY) -> list[Development]:
    """The ``max_lines`` most relevant lines, at most ``per_day`` of one day, oldest first; ties: the earlier
    publication, then the better-ranked article (pure)."""
    top: list[Development] = []
    taken: dict[date, int] = {}
    for dev in sorted(devs, key=lambda d: (-d.score, d.rank)):
        if len(top) == max_lines:
            break
        if taken.get(dev.day, 0) < per_day:
            taken[dev.day] = taken.get(dev.day, 0) + 1
            top.append(dev)
    return sorted(top, key=lambda d: (d.day, d.chunk.published or d.day, d.rank))


def render_lines(lines: Sequence[TimelineLine]) -> str:
    return "\n".join(f"{humanise(date.fromisoformat(line.date))} — {line.text}" for line in lines)


def build_timeline(topic: str, hits: Sequence[RetrievedChunk], *, max_lines: int, since: date | None = None,
                   until: date | None = None, detector: InstructionDetector | None = None,
                   embed: Callable[[list[str]], np.ndarray] | None = None) -> Timeline:
    """The timeline of ``topic`` from ``hits`` (articles with their chunks as context): developments, copies
    merged (``embed``: unit vectors of sentences, to find a development told in other words), the dates kept to
    ``since``..``until``, checked, at most ``max_lines``, oldest first (pure but for ``embed``)."""
    def within(day: date, margin: int = 0) -> bool:
        return ((since is None or day >= since - timedelta(days=margin))
                and (until is None or day <= until + timedelta(days=margin)))

    # Only what may end in the period, or witness a weekday that may settle in it (a week and a day around it:
    # settle_weekdays), is checked and embedded.
    devs = [d for d in developments(topic, hits) if within(d.day, SETTLE_MARGIN_DAYS)]
    chunks = {c.chunk_id: c for h in hits for c in (h.chunk, *h.context)}
    close = {d.chunk.chunk_id for d in devs}  # with a detector, the developments' chunks are read by meaning too
    injections = Injections((f"{c.title}. {c.text}" for c in chunks.values()), detector,
                            read_closely=(f"{c.title}. {c.text}" for cid, c in chunks.items() if cid in close))
    devs = [d for d in devs if not injections.obeys(d.sentence)
            and not unsupported_facts(d.sentence, Evidence.of([d.chunk]))]
    vectors = embed([d.sentence for d in devs]) if embed is not None and devs else None
    devs = settle_weekdays(devs, vectors)
    keep = [i for i, d in enumerate(devs) if within(d.day)]
    devs = [devs[i] for i in keep]
    vectors = vectors[keep] if vectors is not None else None
    chosen = order_lines(merge_copies(devs, vectors), max_lines, lines_a_day(max_lines, since, until))
    if not chosen:
        return Timeline(topic=topic, abstained=True, text=ABSTAIN_TEXT)
    lines: list[TimelineLine] = []
    citations: list[Citation] = []
    numbers_by_chunk: dict[str, int] = {}
    for d in chosen:
        n = numbers_by_chunk.get(d.chunk.chunk_id)
        if n is None:
            n = numbers_by_chunk[d.chunk.chunk_id] = len(citations) + 1
            citations.append(Citation(
                n=n, title=d.chunk.title, outlet=d.chunk.outlet, url=d.chunk.url,
                published=d.chunk.published.isoformat() if d.chunk.published else None, quote=unbulleted(d.sentence),
                doc_id=d.chunk.doc_id, chunk_id=d.chunk.chunk_id,
            ))
        text = with_marker(re.sub(r"\s+", " ", unbulleted(d.sentence)), n)
        lines.append(TimelineLine(date=d.day.isoformat(), dated_by=d.dated_by, text=text, n=n, copies=list(d.copies)))
    return Timeline(topic=topic, lines=lines, citations=citations, text=render_lines(lines))
