"""Multiple-choice questions: pick the choice the archive supports, with a citation, or abstain.

For each choice we search the question together with the choice, then look for sentences of the retrieved
chunks that contain the choice (normalised as SQuAD does). A choice scores by how much of the question such a
sentence (and its article) shares, weighted by the chunk's retrieval rank and by how recent the article is on
the question's reference date; the best-supported choice wins. When no choice occurs in any retrieved chunk,
Gazette abstains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gazette.answers import abstention, compose
from gazette.chunking import split_sentences
from gazette.lexicon import contains_phrase
from gazette.metrics import normalize_answer
from gazette.models import Answer, Chunk, RetrievedChunk
from gazette.recency import Recency
from gazette.text import coverage, term_set

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


MIN_SUPPORT = 0.05
"""Below this support no choice is named: abstain (set by hand with the multiple-choice path)."""


@dataclass(frozen=True)
class Support:
    score: float
    sentence: str = ""
    chunk: Chunk | None = None


def support(question: str, choice: str, hits: Sequence[RetrievedChunk], other_choices: Sequence[str],
            recency: Recency | None = None) -> Support:
    """How well the retrieved chunks support ``choice`` as the answer to ``question`` (pure).

    With ``recency``, support from articles over a fortnight older than the question's reference date counts its
    older weight (a step, not retrieval's gradual preference for the latest: a question is about its own
    fortnight).
    """
    q_terms = term_set(question) - term_set(choice)
    needle = normalize_answer(choice)
    best = Support(0.0)
    for rank, hit in enumerate(hits):
        weight = 1.0 / (1.0 + 0.15 * rank)
        for chunk in (hit.chunk, *hit.context):
            article_cov = coverage(q_terms, term_set(chunk.title) | term_set(chunk.text), number_weight=1.0)
            for sentence in split_sentences(chunk.text):
                norm = normalize_answer(sentence)
                if not contains_phrase(norm, needle):
                    continue
                s_cov = coverage(q_terms, term_set(sentence), number_weight=1.0)
                # A sentence naming several of the choices (a list) says less about any one of them.
                rivals = sum(1 for o in other_choices if contains_phrase(norm, normalize_answer(o)))
                score = weight * (0.6 * s_cov + 0.4 * article_cov) / (1 + rivals)
                if chunk is not hit.chunk:
                    score *= 0.9 if abs(chunk.index - hit.chunk.index) <= 1 else 0.8
                if recency is not None:
                    score *= recency.step(chunk.published)
                if score > best.score:
                    best = Support(score, sentence, chunk)
    return best


def pick(question: str, choices: Sequence[str], hits_per_choice: Sequence[Sequence[RetrievedChunk]],
         searched_query: str, recency: Recency | None = None, min_score: float = MIN_SUPPORT) -> Answer:
    """Choose among ``choices`` given the hits retrieved for each; cite the supporting sentence (pure)."""
    supports = [
        support(question, c, hits, [o for o in choices if o != c], recency)
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
