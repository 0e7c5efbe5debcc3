"""Citation verification, for every answerer (pure functions).

Each answer sentence is checked against the chunks it cites: its numbers, dates, quoted words and names must
occur there (headline included). A sentence that fails is dropped; a sentence with no marker is kept only if it
states nothing checkable (no number, date, quote or name). Markers that name no retrieved source were removed
earlier (gazette.citations.renumber). An answer left with no supported, cited sentence abstains.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gazette.chunking import split_sentences
from gazette.citations import build_citations, markers, renumber, strip_markers
from gazette.models import ABSTAIN_TEXT, Answer, Chunk
from gazette.text import names, numbers, stem, term_set

_QUOTED = re.compile(r"[\"“]([^\"”]{3,200})[\"”]")
_MONTH = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I
)


@dataclass(frozen=True)
class Check:
    sentence: str
    supported: bool
    missing: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower().replace("’", "'")).split())


def unsupported_facts(sentence: str, evidence: str) -> list[str]:
    """The facts of ``sentence`` (numbers, months, quoted words, names) that ``evidence`` does not contain."""
    claim = strip_markers(sentence)
    missing = [n for n in sorted(numbers(claim) - numbers(evidence))]
    ev_norm = _norm(evidence)
    missing += [m.lower() for m in _MONTH.findall(claim) if m.lower() not in ev_norm]
    missing += [q for q in _QUOTED.findall(claim) if _norm(q) not in ev_norm]
    ev_terms = term_set(evidence) | {stem(w) for w in ev_norm.split()}
    missing += sorted(n for n in names(claim) if n not in ev_terms and n not in missing)
    return list(dict.fromkeys(missing))


def checkable(sentence: str) -> bool:
    claim = strip_markers(sentence)
    return bool(numbers(claim) or _MONTH.search(claim) or _QUOTED.search(claim) or names(claim))


def check_sentences(text: str, sources: Mapping[int, Chunk]) -> list[Check]:
    """One Check per sentence of ``text`` (markers numbered as in ``sources``)."""
    checks = []
    for sentence in split_sentences(text):
        cited = [sources[n] for n in dict.fromkeys(markers(sentence)) if n in sources]
        if not cited:
            checks.append(Check(sentence, not checkable(sentence), ("no citation",) if checkable(sentence) else ()))
            continue
        evidence = " ".join(f"{c.title}. {c.text}" for c in cited)
        missing = unsupported_facts(sentence, evidence)
        checks.append(Check(sentence, not missing, tuple(missing)))
    return checks


def verify_answer(answer: Answer, sources: Mapping[int, Chunk]) -> Answer:
    """Drop the sentences the cited chunks do not support; renumber; abstain if nothing cited is left.

    ``sources`` maps the answer's current marker numbers to chunks (as its citations do).
    """
    if answer.abstained:
        return answer
    kept = [c.sentence for c in check_sentences(answer.answer, sources) if c.supported]
    text, order = renumber(" ".join(kept), sources.keys())
    if not order:
        return Answer(question=answer.question, answer=ABSTAIN_TEXT, abstained=True, citations=[],
                      searched_query=answer.searched_query, as_of=None)
    old_quotes = {c.chunk_id: c.quote for c in answer.citations}
    citations = build_citations(text, order, {n: sources[n] for n in order})
    for c in citations:
        # Keep a quote the answerer chose if it still stands in the chunk (extractive answers quote themselves).
        if c.chunk_id in old_quotes and old_quotes[c.chunk_id] in sources[order[c.n - 1]].text:
            c.quote = old_quotes[c.chunk_id]
    short = answer.short_answer if answer.short_answer and answer.short_answer in text else None
    return answer.model_copy(update={"answer": text, "citations": citations, "short_answer": short})

