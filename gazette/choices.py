"""Multiple-choice questions: pick the choice the archive supports, with a citation, or abstain.

For each choice we search the question together with the choice, then look for sentences of the retrieved
chunks that contain the choice (normalised as SQuAD does). A choice scores by how much of the question such a
sentence (and its article) shares, weighted by the chunk's retrieval rank and by how recent the article is on
the question's reference date; the best-supported choice wins. When no choice occurs in any retrieved chunk,
Gazette abstains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gazette.chunking import split_sentences
from gazette.dates import within_fortnight
from gazette.metrics import normalize_answer
from gazette.models import Answer, Chunk, RetrievedChunk
from gazette.text import term_set

_CHOICE_LETTERS = "ABCDEFGHIJ"


def parse_choices(text: str) -> list[str]:
    """'A|B|C|D' -> ['A', 'B', 'C', 'D'] (blank entries dropped); at least two are needed."""
    from gazette.errors import UsageError

    choices = [c.strip() for c in text.split("|") if c.strip()]
    if len(choices) < 2:
        raise UsageError("--choices needs at least two choices separated by '|', e.g. \"Kenya|Uganda\"")
    if len(choices) > len(_CHOICE_LETTERS):
        raise UsageError(f"--choices takes at most {len(_CHOICE_LETTERS)} choices")
    return choices


def contains(haystack_norm: str, needle_norm: str) -> bool:
    """Whole-word containment of already normalised strings."""
    return bool(needle_norm) and re.search(r"(?:^| )" + re.escape(needle_norm) + r"(?: |$)", haystack_norm) is not None


@dataclass(frozen=True)
class Support:
    score: float
    sentence: str = ""
    chunk: Chunk | None = None


def _coverage(q_terms: set[str], terms: set[str]) -> float:
    return len(q_terms & terms) / len(q_terms) if q_terms else 0.0


OLDER_WEIGHT = 0.5


def fortnight_weight(published: date | None, ref: date | None) -> float:
    """1.0 for an article of the fortnight up to the reference date (or of unknown date), less for older.

    A step, not retrieval's gradual ``recency_weight``: a quiz is about its own fortnight, not the latest news.
    """
    return 1.0 if within_fortnight(published, ref) else OLDER_WEIGHT


def support(question: str, choice: str, hits: Sequence[RetrievedChunk], other_choices: Sequence[str],
            ref: date | None = None) -> Support:
    """How well the retrieved chunks support ``choice`` as the answer to ``question`` (pure).

    With a reference date ``ref``, support from the fortnight before it counts double that from older articles.
    """
    q_terms = term_set(question) - term_set(choice)
    needle = normalize_answer(choice)
    best = Support(0.0)
    for rank, hit in enumerate(hits):
        weight = 1.0 / (1.0 + 0.15 * rank)
        for chunk in (hit.chunk, *hit.context):
            article_cov = _coverage(q_terms, term_set(chunk.title) | term_set(chunk.text))
            for sentence in split_sentences(chunk.text):
                norm = normalize_answer(sentence)
                if not contains(norm, needle):
                    continue
                s_cov = _coverage(q_terms, term_set(sentence))
                # A sentence naming several of the choices (a list) says less about any one of them.
                rivals = sum(1 for o in other_choices if contains(norm, normalize_answer(o)))
                score = weight * (0.6 * s_cov + 0.4 * article_cov) / (1 + rivals)
                if chunk is not hit.chunk:
                    score *= 0.9 if abs(chunk.index - hit.chunk.index) <= 1 else 0.8
                score *= fortnight_weight(chunk.published, ref)
                if score > best.score:
                    best = Support(score, sentence, chunk)
    return best


def pick(question: str, choices: Sequence[str], hits_per_choice: Sequence[Sequence[RetrievedChunk]],
         searched_query: str, min_score: float = 0.05, ref: date | None = None) -> Answer:
    """Choose among ``choices`` given the hits retrieved for each; cite the supporting sentence (pure)."""
    from gazette.answering import abstention, compose

    supports = [
        support(question, c, hits, [o for o in choices if o != c], ref)
        for c, hits in zip(choices, hits_per_choice, strict=True)
    ]
    best = max(range(len(choices)), key=lambda i: supports[i].score)
    s = supports[best]
    if s.score < min_score or s.chunk is None:
        return abstention(question, searched_query)
    answer = compose(question, searched_query, [(s.sentence, s.chunk)])
    label = f"{_CHOICE_LETTERS[best]}) {choices[best]}"
    return answer.model_copy(update={"answer": f"{label}: {answer.answer}", "choice": best,
                                     "short_answer": choices[best]})
