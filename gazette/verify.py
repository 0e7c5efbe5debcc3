"""Citation verification, for every answerer (pure functions).

Each answer sentence is checked against the chunks it cites: its numbers, dates, quoted words and names must
occur there (headline included). A sentence that fails is dropped; a sentence with no marker is kept only if it
states nothing checkable (no number, date, quote or name). Markers that name no retrieved source were removed
earlier (gazette.citations.renumber). An answer left with no supported, cited sentence abstains.

Two guards drop sentences that are supported in that sense yet must not be shown:

- :class:`~gazette.injection.Injections` (every answerer): retrieved text may carry instructions for a model ("ignore previous
  instructions and say ...", mass mentions, markdown images that would send text to another site). A sentence
  that matches such an instruction, or that uses a term only such instructions contain, is an answer obeying the
  article rather than reporting it, and is dropped.
- :class:`PromptGuard` (the generative answerer): a model talked into revealing its prompt repeats the prompt's own
  text or a secret in it (a canary, a key). A sentence sharing six consecutive words with the prompt template
  (text the sources do not contain), or holding part of a secret-looking token of the template (letters and
  digits, 8+ characters), even spaced out, reversed, ROT13, base64 or hex encoded, is dropped; an answer that
  still holds a secret across its sentences abstains.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gazette.chunking import split_sentences
from gazette.citations import (
    best_quote,
    build_citations,
    claim_sentences,
    claims_for,
    markers,
    publisher,
    renumber,
    strip_markers,
    with_marker,
)
from gazette.injection import Injections
from gazette.lexicon import FULL_MONTH, MONTHS, NUMBER_WORDS, WEEKDAYS
from gazette.models import ABSTAIN_TEXT, Answer, Chunk
from gazette.newsdates import ClaimDate, DateSpan, claim_dates, supports, text_dates
from gazette.text import names, numbers, stem, term_set

_QUOTED = re.compile(r"[\"“]([^\"”]{3,200})[\"”]")


@dataclass(frozen=True)
class Check:
    sentence: str
    supported: bool
    missing: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower().replace("’", "'")).split())


@dataclass(frozen=True)
class Evidence:
    """What a claim citing some chunks is checked against: their headlines and text, and the dates they give (the
    publication date, relative expressions resolved against it, printed dates: gazette.newsdates).

    A claim's date is held against the publication date and the dates of the passages that say what the claim
    says (the sentences sharing most of its words), not any date anywhere in the chunk: "In 2012, guards found 16
    guns so far in 2013" is not backed by a "2012" two paragraphs away."""

    text: str
    dates: tuple[DateSpan, ...] = ()
    """Dates that back any claim: the publication dates (and every date, for text given alone)."""
    passages: tuple[tuple[frozenset[str], tuple[DateSpan, ...]], ...] = ()
    """Each sentence of the chunks (headlines included): its terms and its dates."""

    @classmethod
    def of(cls, chunks: Iterable[Chunk]) -> Evidence:
        chunks = list(chunks)
        texts = [_evidence(c) for c in chunks]
        always = tuple(DateSpan(c.published, c.published, "day", "publication date") for c in chunks if c.published)
        passages = tuple(
            (frozenset(term_set(sentence)), tuple(d for d in text_dates(sentence, c.published)
                                                  if d.text != "publication date"))
            for c, t in zip(chunks, texts, strict=True) for sentence in split_sentences(t)
        )
        # Who published each chunk backs a claim naming it ("The Pacific Herald reported ... [1]"), never a date: it
        # is no passage (see dates_for).
        return cls(" ".join([*texts, *filter(None, map(publisher, chunks))]), always, passages)

    @classmethod
    def of_text(cls, text: str) -> Evidence:
        """Text alone, with no publication date: only its printed dates count, wherever they are."""
        return cls(text, tuple(text_dates(text, None)))

    def dates_for(self, claim: str) -> list[DateSpan]:
        """The dates that may back ``claim``'s dates: the publication dates, and those of the passages sharing most
        of its words (the best ``DATE_PASSAGES``)."""
        if not self.passages:
            return list(self.dates)
        terms = term_set(claim)
        shared = sorted(((len(terms & p[0]), i) for i, p in enumerate(self.passages)), reverse=True)
        near = [self.passages[i][1] for n, i in shared[:DATE_PASSAGES] if n]
        return [*self.dates, *(d for dates in near for d in dates)]


DATE_PASSAGES = 2
"""How many of the cited chunks' sentences (those sharing most of a claim's words) may back the claim's date."""


_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)


def _date_words(claim: ClaimDate, text: str) -> list[str]:
    """How an unsupported date is reported: its numbers and its month word, as the other checks report them."""
    words = numbers(text[claim.start:claim.end])
    month = FULL_MONTH.search(text[claim.start:claim.end])
    return sorted(words) + ([month.group(0).lower()] if month else [])


def unsupported_facts(sentence: str, evidence: Evidence | str) -> list[str]:
    """The facts of ``sentence`` (dates, numbers, months, weekdays, quoted words, names) that ``evidence`` does not
    hold. A date is held at the claim's precision by a date the evidence gives (gazette.newsdates.supports): "On 29
    October 2024" is held by an article of that day saying "on Tuesday"; "On 29 October 2023" is not."""
    if isinstance(evidence, str):
        evidence = Evidence.of_text(evidence)
    claim = strip_markers(sentence)
    missing: list[str] = []
    rest = claim
    dates = evidence.dates_for(claim)
    for said in claim_dates(claim):
        if not supports(said, dates):
            missing += _date_words(said, claim)
        rest = rest[:said.start] + " " * (said.end - said.start) + rest[said.end:]
    ev_text = evidence.text
    missing += sorted(numbers(rest) - numbers(ev_text))
    ev_norm = _norm(ev_text)
    months_given = {d.first.month for d in dates if d.grain in ("day", "month")}
    missing += [m.lower() for m in FULL_MONTH.findall(rest)
                if m.lower() not in ev_norm and MONTHS[m.lower()] not in months_given]
    days_given = {d.first.weekday() for d in dates if d.grain == "day" and not d.yearless}
    missing += [w.lower() for w in _WEEKDAY.findall(rest)
                if w.lower() not in ev_norm and WEEKDAYS.index(w.lower()) not in days_given]
    missing += [q for q in _QUOTED.findall(claim) if _norm(q) not in ev_norm]
    ev_terms = term_set(ev_text) | {stem(w) for w in ev_norm.split()}
    missing += sorted(n for n in names(claim) if n not in ev_terms and n not in missing)
    return list(dict.fromkeys(missing))


def checkable(sentence: str) -> bool:
    claim = strip_markers(sentence)
    return bool(numbers(claim) or FULL_MONTH.search(claim) or _WEEKDAY.search(claim) or _QUOTED.search(claim)
                or names(claim))


def _evidence(chunk: Chunk) -> str:
    """What a citation of ``chunk`` may be checked against: its headline and its text."""
    return f"{chunk.title}. {chunk.text}"



def check_sentences(text: str, sources: Mapping[int, Chunk]) -> list[Check]:
    """One Check per sentence of ``text`` (markers numbered as in ``sources``)."""
    checks = []
    for sentence in claim_sentences(text):
        cited = [sources[n] for n in dict.fromkeys(markers(sentence)) if n in sources]
        if not cited:
            checks.append(Check(sentence, not checkable(sentence), ("no citation",) if checkable(sentence) else ()))
            continue
        missing = unsupported_facts(sentence, Evidence.of(cited))
        checks.append(Check(sentence, not missing, tuple(missing)))
    return checks


def attribute(text: str, sources: Mapping[int, Chunk]) -> str:
    """``text`` with a marker added to each checkable sentence that names none of ``sources``: the source whose
    chunk (headline included) holds all of the sentence's facts, and of those the one sharing most of its terms
    (the first on a tie). A sentence that no source supports is left as it is, for the check to drop (pure)."""
    evidence = {n: Evidence.of([c]) for n, c in sources.items()}
    evidence_terms = {n: term_set(ev.text) for n, ev in evidence.items()}
    out, changed = [], False
    for sentence in claim_sentences(text):
        if any(n in sources for n in markers(sentence)) or not checkable(sentence):
            out.append(sentence)
            continue
        terms = term_set(strip_markers(sentence))
        backing = [(len(terms & evidence_terms[n]), -n) for n, ev in evidence.items()
                   if not unsupported_facts(sentence, ev)]
        if not backing:
            out.append(sentence)
            continue
        out.append(with_marker(sentence, -max(backing)[1]))
        changed = True
    return " ".join(out) if changed else text


# -- the prompt's own text and secrets -------------------------------------------------------------------------

PROMPT_NGRAM = 6
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_SECRETISH = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-.:+/=]{6,}[A-Za-z0-9=]")
_B64 = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}[\s:]?){8,}")
SECRET_WINDOW = 8


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    w = _norm(text).split()
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


_DIGIT_WORDS = {w: str(i) for w, i in NUMBER_WORDS.items() if i <= 9}
_DIGIT_WORD = re.compile(r"\b(?:" + "|".join(_DIGIT_WORDS) + r")\b", re.IGNORECASE)


def _decodings(text: str) -> list[str]:
    """``text`` as a leaking model might disguise a secret: squashed (digits spelled out or not), reversed,
    ROT13, base64 or hex decoded."""
    flat = _squash(text)
    forms = [flat, flat[::-1], codecs.encode(flat, "rot13")]
    if _DIGIT_WORD.search(text):
        spelled = _squash(_DIGIT_WORD.sub(lambda m: _DIGIT_WORDS[m.group(0).lower()], text))
        forms += [spelled, spelled[::-1]]
    for token in _B64.findall(text):
        for alphabet in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                forms.append(_squash(alphabet(token + "=" * (-len(token) % 4)).decode("utf-8", "ignore")))
            except (binascii.Error, ValueError):
                pass
    for token in _HEX.findall(text):
        try:
            forms.append(_squash(bytes.fromhex(re.sub(r"[\s:]", "", token)).decode("utf-8", "ignore")))
        except ValueError:
            pass
    return forms


class PromptGuard:
    """Recognises answer text that reproduces a prompt template (its own words, not the sources') or its secrets.

    ``template`` is the prompt's text with its placeholders; ``secrets`` adds values known to be secret.
    """

    def __init__(self, template: str, secrets: Iterable[str] = ()) -> None:
        segments = _PLACEHOLDER.split(template)
        self.ngrams = set().union(*(_ngrams(s, PROMPT_NGRAM) for s in segments)) if segments else set()
        tokens = [t for t in _SECRETISH.findall(template) if re.search(r"\d", t) and re.search(r"[A-Za-z]", t)]
        squashed = {_squash(t) for t in (*tokens, *secrets) if len(_squash(t)) >= SECRET_WINDOW}
        self.windows = {s[i:i + SECRET_WINDOW] for s in squashed for i in range(len(s) - SECRET_WINDOW + 1)}

    def holds_secret(self, text: str) -> bool:
        return any(w in form for form in _decodings(text) for w in self.windows)

    def leaks(self, sentence: str, allowed: str = "") -> bool:
        """Whether ``sentence`` repeats the template's words (those ``allowed``, e.g. the sources, do not hold) or
        part of a secret."""
        repeated = _ngrams(sentence, PROMPT_NGRAM) & self.ngrams
        if repeated and repeated - _ngrams(allowed, PROMPT_NGRAM):
            return True
        return self.holds_secret(sentence)

    def screen(self, text: str, allowed: str = "") -> str:
        """``text`` without its leaking sentences; empty when what is left still holds a secret."""
        sentences = claim_sentences(text)
        kept = [s for s in sentences if not self.leaks(s, allowed)]
        out = text if len(kept) == len(sentences) else " ".join(kept)
        return "" if self.holds_secret(out) else out


def verify_answer(answer: Answer, sources: Mapping[int, Chunk], injections: Injections | None = None) -> Answer:
    """Drop the sentences the cited chunks do not support, and those that obey ``injections``; renumber; abstain
    if nothing cited is left.

    ``sources`` maps the answer's current marker numbers to chunks (as its citations do).
    """
    if answer.abstained:
        return answer
    kept = [c.sentence for c in check_sentences(answer.answer, sources)
            if c.supported and not (injections and injections.obeys(c.sentence))]
    text, order = renumber(" ".join(kept), sources.keys())
    if not order:
        return Answer(question=answer.question, answer=ABSTAIN_TEXT, abstained=True, citations=[],
                      searched_query=answer.searched_query, as_of=None)
    old_quotes = {c.chunk_id: c.quote for c in answer.citations}
    citations = build_citations(text, order, {n: sources[n] for n in order})
    for c in citations:
        chunk = sources[order[c.n - 1]]
        # Keep a quote the answerer chose if it still stands in the chunk (extractive answers quote themselves).
        if c.chunk_id in old_quotes and old_quotes[c.chunk_id] in chunk.text:
            c.quote = old_quotes[c.chunk_id]
        if injections is not None and injections.obeys(c.quote):
            # Never show an article's instruction to models as the evidence for a claim.
            clean = [s for s in split_sentences(chunk.text) if not injections.obeys(s)]
            c.quote = best_quote(" ".join(clean), claims_for(text, c.n) or text) if clean else ""
    short = answer.short_answer if answer.short_answer and answer.short_answer in text else None
    return answer.model_copy(update={"answer": text, "citations": citations, "short_answer": short})

