"""The offline answerer: the archive's own sentences, chosen and cited. No language model, no network.

Each sentence of the retrieved chunks (and their neighbours) is scored against the question; the best one answers,
with one more from the same article when it scores nearly as well. It abstains when no sentence is supported well
enough, when a number the question names is in none of the retrieved articles, or when most of the names it asks
about are missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gazette.answers import abstention, compose
from gazette.chunking import split_sentences
from gazette.embeddings import Embedder
from gazette.followups import Turn, rewrite
from gazette.lexicon import DATEISH
from gazette.models import Answer, Chunk, RetrievedChunk
from gazette.recency import Recency
from gazette.settings import AnswerSettings
from gazette.shortanswer import short_answer
from gazette.text import coverage, names, numbers, term_set, words

# The sentence score, and where each weight came from: all were set by hand when the offline answerer was first
# written, against the questions of our sample archive (tests/eval), and have not been tuned since; the RealTime QA
# figures in the README were measured with them as they are.
COSINE_WEIGHT = 0.45
"""Embedding similarity of sentence and question: the main signal, and the only one for paraphrases."""
COVERAGE_WEIGHT = 0.4
"""Share of the question's terms in the sentence and its headline (numbers count double): names and numbers."""
TYPE_WEIGHT = 0.15
"""Whether the sentence holds the kind of thing asked for (a number for "how many", a date for "when")."""
NEIGHBOUR_PENALTY = 0.9
"""A sentence of a neighbouring chunk, not the retrieved chunk itself: context, slightly less likely the answer."""
MIN_CONTEXT_COVERAGE = 0.5
"""An answer's article (chunk, neighbours, headline) must hold at least half of the question's terms."""
SECOND_SENTENCE_SHARE = 0.85
"""A second sentence is added only when it scores at least this share of the best one's score."""
SIMILAR_JACCARD = 0.6
"""Two sentences sharing this share of their terms say the same thing: the second is not added."""

_HOW_MANY = re.compile(r"\b(how (many|much|long|old|far|big|large)|what (number|percentage|share|amount))\b", re.I)
_WHEN = re.compile(r"\b(when|what (date|day|year|month|time))\b", re.I)
_WHO = re.compile(r"\bwho(m|se)?\b", re.I)


def question_kind(question: str) -> str:
    if _HOW_MANY.search(question):
        return "number"
    if _WHEN.search(question):
        return "date"
    if _WHO.search(question):
        return "person"
    return "other"


def type_match(kind: str, question: str, sentence: str) -> float:
    """1.0 when the sentence holds the kind of thing the question asks for, 0.0 when not, 0.5 if undecided."""
    if kind == "number":
        return 1.0 if numbers(sentence) - numbers(question) else 0.0
    if kind == "date":
        return 1.0 if DATEISH.search(sentence) else 0.0
    if kind == "person":
        return 1.0 if names(sentence) - names(question) else 0.0
    return 0.5


@dataclass
class _Candidate:
    hit: RetrievedChunk
    sentence: str
    chunk: Chunk
    penalty: float = 1.0
    support: float = 0.0  # how well the sentence answers the question
    score: float = 0.0  # support, weighted by the article's age (what candidates are ranked by)
    context_coverage: float = 0.0


@dataclass
class ExtractiveAnswerer:
    """Answers with the archive's own sentences. No language model, no network."""

    embedder: Embedder
    min_support: float
    max_sentences: int
    # Further sentences come from the best sentence's own article: a second article that merely shares the
    # question's words was the usual way a citation ended up naming a source without the answer.
    one_article: bool = True

    @classmethod
    def from_settings(cls, embedder: Embedder, settings: AnswerSettings) -> ExtractiveAnswerer:
        return cls(embedder, settings.min_support, settings.max_sentences)

    def rewrite_query(self, question: str, history: Sequence[Turn]) -> str:
        """A follow-up is searched with the rule-based rewrite (gazette.followups)."""
        return rewrite(question, history)

    def answer(
        self, question: str, hits: Sequence[RetrievedChunk], searched_query: str, recency: Recency | None = None
    ) -> Answer:
        """The best-supported sentence(s) of ``hits``, cited. With ``recency``, sentences of articles over a
        fortnight older than the question's reference date rank with their score times its older weight; whether
        to answer at all is still decided on the chosen sentence's own score."""
        asked = question
        question = searched_query or question  # a rewritten follow-up carries the context
        q_terms = term_set(question)
        q_numbers = numbers(question)
        q_names = names(question)
        kind = question_kind(question)
        cands = [
            _Candidate(hit, s, chunk=chunk, penalty=1.0 if chunk is hit.chunk else NEIGHBOUR_PENALTY)
            for hit in hits
            for chunk in (hit.chunk, *hit.context)
            for s in split_sentences(chunk.text)
            if len(words(s)) >= 3
        ]
        if not cands or not q_terms:
            return abstention(asked, searched_query)
        vectors = self.embedder.embed_documents([c.sentence for c in cands])
        cosines = vectors @ np.asarray(self.embedder.embed_query(question))
        # What each retrieved article (its chunk, neighbours and headline) says, computed once per hit.
        article_terms: dict[int, set[str]] = {}
        article_numbers: dict[int, set[str]] = {}
        for hit in hits:
            body = " ".join(c.text for c in (hit.chunk, *hit.context))
            article_terms[id(hit)] = term_set(hit.chunk.title) | term_set(body)
            article_numbers[id(hit)] = numbers(hit.chunk.title + " " + body)
        for cand, cos in zip(cands, cosines, strict=True):
            context_terms = article_terms[id(cand.hit)]
            cand.context_coverage = coverage(q_terms, context_terms)
            sentence_cov = coverage(q_terms, term_set(cand.sentence) | term_set(cand.chunk.title))
            cand.score = cand.penalty * (
                COSINE_WEIGHT * float(cos) + COVERAGE_WEIGHT * sentence_cov
                + TYPE_WEIGHT * type_match(kind, question, cand.sentence)
            )
            # Numbers the question names (a year, a count) must be in the article, or it is not about that.
            if q_numbers - article_numbers[id(cand.hit)]:
                cand.score = 0.0
            # So must most of the names it asks about ("Eiffel Tower" is not answered by a launch tower).
            if len(q_names - context_terms) > len(q_names) // 3:
                cand.score = 0.0
            cand.support = cand.score
            if recency is not None:
                cand.score *= recency.step(cand.chunk.published)
        cands.sort(key=lambda c: c.score, reverse=True)
        best = cands[0]
        if best.support < self.min_support or best.context_coverage < MIN_CONTEXT_COVERAGE:
            return abstention(asked, searched_query)
        chosen = [best]
        for cand in cands[1:]:
            if len(chosen) >= self.max_sentences:
                break
            if cand.score < max(self.min_support, SECOND_SENTENCE_SHARE * best.score) \
                    or cand.context_coverage < MIN_CONTEXT_COVERAGE:
                break
            if self.one_article and cand.chunk.doc_id != best.chunk.doc_id:
                continue
            if any(_similar(cand.sentence, c.sentence) for c in chosen):
                continue
            chosen.append(cand)
        answer = compose(asked, searched_query, [(c.sentence, c.chunk) for c in chosen])
        return answer.model_copy(update={"short_answer": short_answer(asked, best.sentence, question_kind(asked))})


def _similar(a: str, b: str) -> bool:
    ta, tb = term_set(a), term_set(b)
    return bool(ta | tb) and len(ta & tb) / len(ta | tb) >= SIMILAR_JACCARD
