"""Citation markers: numbering sources, mapping [n] back, dropping markers that name no source (pure functions).

Only numbers we handed to the answerer are valid. Valid markers are renumbered 1..m in order of first use, so
the reader's list of sources has no gaps; every other marker is removed from the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlparse

from gazette.chunking import ends_with_abbreviation, split_sentences
from gazette.models import Chunk, Citation
from gazette.text import numbers, term_set

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")


_LEADING_MARKERS = re.compile(r"^(?:\s*" + MARKER.pattern + r")+")


def claim_sentences(text: str) -> list[str]:
    """The sentences of an answer, each with its markers: a marker written after the sentence's closing quote
    ('... the film, "Coco." [1]') belongs to that sentence, not to the next (pure)."""
    out: list[str] = []
    for sentence in split_sentences(text):
        lead = _LEADING_MARKERS.match(sentence)
        if lead and out:
            out[-1] = f"{out[-1]} {lead.group(0).strip()}"
            sentence = sentence[lead.end():].strip()
        if sentence:
            out.append(sentence)
    return out


def markers(text: str) -> list[int]:
    """All source numbers named in ``text``, in order, repeats kept."""
    return [int(n) for m in MARKER.finditer(text) for n in re.split(r"[,;]", m.group(1))]


def with_marker(sentence: str, n: int) -> str:
    """``sentence`` citing source ``n``: the marker goes before its closing full stop, if any, unless that stop
    ends an abbreviation ("at 5 p.m. [1]", not "at 5 p.m [1].")."""
    text = sentence.strip()
    if text[-1:] not in ".!?" or ends_with_abbreviation(text):
        return f"{text} [{n}]"
    return f"{text[:-1]} [{n}]{text[-1]}"


def renumber(text: str, valid: Iterable[int]) -> tuple[str, list[int]]:
    """Rewrite markers to 1..m by first use; drop numbers not in ``valid``.

    Returns the new text and ``order``: order[i] is the original number now shown as [i + 1].
    """
    allowed = set(valid)
    order: list[int] = []

    def sub(m: re.Match[str]) -> str:
        kept = []
        for raw in re.split(r"[,;]", m.group(1)):
            n = int(raw)
            if n not in allowed:
                continue
            if n not in order:
                order.append(n)
            new = order.index(n) + 1
            if new not in kept:
                kept.append(new)
        return "".join(f"[{k}]" for k in kept)

    out = MARKER.sub(sub, text)
    out = re.sub(r"[ \t]+([.,;:!?])", r"\1", out)   # "said ." left by a dropped marker
    out = re.sub(r"[ \t]{2,}", " ", out).strip()
    return out, order


def strip_markers(text: str) -> str:
    return renumber(text, set())[0]


def best_quote(chunk_text: str, claim: str) -> str:
    """The sentence of ``chunk_text`` that shares most with ``claim`` (numbers count double).

    Always a verbatim substring of ``chunk_text``.
    """
    sentences = split_sentences(chunk_text) or [chunk_text]
    claim_terms = term_set(strip_markers(claim))
    claim_numbers = numbers(claim)

    def overlap(s: str) -> float:
        return len(claim_terms & term_set(s)) + 2 * len(claim_numbers & numbers(s))

    return max(sentences, key=overlap)


def claims_for(text: str, n: int) -> str:
    """The sentences of an answer that cite [n] (after renumbering), markers removed."""
    return " ".join(s for s in claim_sentences(text) if n in markers(s))


def build_citations(answer_text: str, order: Sequence[int], sources: dict[int, Chunk]) -> list[Citation]:
    """Citation entries for the renumbered ``answer_text``; ``order`` maps shown numbers to source numbers."""
    citations = []
    for shown, original in enumerate(order, start=1):
        chunk = sources[original]
        quote = best_quote(chunk.text, claims_for(answer_text, shown) or answer_text)
        citations.append(
            Citation(
                n=shown, title=chunk.title, outlet=chunk.outlet, url=chunk.url,
                published=chunk.published.isoformat() if chunk.published else None, quote=quote,
                doc_id=chunk.doc_id, chunk_id=chunk.chunk_id,
            )
        )
    return citations


def publisher(chunk: Chunk) -> str | None:
    """Who published ``chunk``: its outlet, else its web site's host ("edition.cnn.com"); None when neither is
    known (pure). The answer prompt names a source so, and a claim citing it may name it (gazette.verify)."""
    if chunk.outlet.strip():
        return " ".join(chunk.outlet.split())
    host = urlparse(chunk.url).hostname if chunk.url else None
    return host.removeprefix("www.") if host else None


def source_label(chunk: Chunk) -> str:
    """How a source is named in running text: its publisher, else "a source" (pure)."""
    return publisher(chunk) or "a source"
