"""Building answers: an abstention, and an answer made of cited sentences (pure).

Every answerer (offline, generative, multiple choice) returns an :class:`~gazette.models.Answer`; these are the two
ways one is put together from the archive's own sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gazette.chunking import unbulleted
from gazette.citations import build_citations, renumber, with_marker
from gazette.models import ABSTAIN_TEXT, Answer, Chunk

ABSTAIN = ABSTAIN_TEXT


def abstention(question: str, searched_query: str) -> Answer:
    return Answer(question=question, answer=ABSTAIN, abstained=True, citations=[], searched_query=searched_query)


def compose(question: str, searched_query: str, parts: Sequence[tuple[str, Chunk]],
            shown: Callable[[str, Chunk], str] | None = None) -> Answer:
    """An answer from (sentence, chunk) pairs: each sentence cites its chunk; one number per chunk. A sentence is
    shown without the list marker its page put before it, and as ``shown`` writes it, if given (its quote stays the
    article's words)."""
    parts = [(unbulleted(sentence), chunk) for sentence, chunk in parts]
    numbering: dict[str, int] = {}
    sources: dict[int, Chunk] = {}
    pieces = []
    for sentence, chunk in parts:
        n = numbering.setdefault(chunk.chunk_id, len(numbering) + 1)
        sources[n] = chunk
        pieces.append(with_marker(shown(sentence, chunk) if shown else sentence, n))
    body, order = renumber(" ".join(pieces), sources.keys())
    citations = build_citations(body, order, sources)
    # The quote of an extractive answer is the very sentence it shows.
    for citation, (sentence, _chunk) in zip(citations, _first_per_chunk(parts), strict=True):
        citation.quote = sentence.strip()
    return Answer(question=question, answer=body, abstained=False, citations=citations, searched_query=searched_query)


def _first_per_chunk(parts: Sequence[tuple[str, Chunk]]) -> list[tuple[str, Chunk]]:
    seen: set[str] = set()
    out = []
    for sentence, chunk in parts:
        if chunk.chunk_id not in seen:
            seen.add(chunk.chunk_id)
            out.append((sentence, chunk))
    return out
