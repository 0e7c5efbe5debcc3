"""Answering: question -> retrieve -> answer with citations.

Two answerers share one interface and one output (:class:`~gazette.models.Answer`):

- :class:`ExtractiveAnswerer`, the offline default: picks the sentence(s) of the retrieved chunks that best answer
  the question and cites them; abstains when no sentence is supported well enough.
- :class:`GenerativeAnswerer`: a LangChain chat model behind an LCEL chain (prompt | model | parser). Our code
  numbers the sources, maps the model's [n] markers back to them and drops markers that name no source; it also
  drops sentences that repeat the prompt's own text or a secret (gazette.verify.PromptGuard).

Every answer is then verified (:func:`finish`): sentences its sources do not support, and sentences that obey
instructions found in the retrieved text (gazette.verify.Injections), are dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from gazette.chunking import split_sentences
from gazette.citations import build_citations, renumber, strip_markers, with_marker
from gazette.dates import within_fortnight
from gazette.embeddings import Embedder
from gazette.errors import GazetteError, ModelError, UsageError
from gazette.followups import Turn, keeps_terms, leans_on_history, rewrite
from gazette.models import ABSTAIN_TEXT, Answer, Chunk, RetrievedChunk, SearchFilters
from gazette.shortanswer import short_answer
from gazette.text import coverage, names, numbers, term_set, words
from gazette.timescope import TimeScope, time_scope
from gazette.verify import Injections, PromptGuard, attribute, verify_answer

log = logging.getLogger(__name__)

ABSTAIN = ABSTAIN_TEXT
MAX_QUESTION_CHARS = 2000


class Answerer(Protocol):
    def answer(
        self, question: str, hits: Sequence[RetrievedChunk], searched_query: str, ref: date | None = None
    ) -> Answer: ...


class Searcher(Protocol):
    def search(
        self, query: str, k: int | None = None, filters: SearchFilters | None = None,
        recency_ref: date | None = None, ref: date | None = None,
    ) -> list[RetrievedChunk]: ...


def clean_question(question: str) -> str:
    q = " ".join(question.split())
    if not q:
        raise UsageError("the question is empty")
    if len(q) > MAX_QUESTION_CHARS:
        raise UsageError(f"the question is too long ({len(q)} characters, at most {MAX_QUESTION_CHARS})")
    return q


def abstention(question: str, searched_query: str) -> Answer:
    return Answer(question=question, answer=ABSTAIN, abstained=True, citations=[], searched_query=searched_query)


def merge_filters(explicit: SearchFilters | None, scope: TimeScope, as_of: date | None) -> SearchFilters | None:
    """Explicit filters, narrowed by the question's own time range and by the reference date (pure)."""
    base = explicit or SearchFilters()
    since = max((d for d in (base.since, scope.since) if d), default=None)
    until = min((d for d in (base.until, scope.until, as_of) if d), default=None)
    merged = SearchFilters(since=since, until=until, outlets=base.outlets)
    return None if merged.is_empty() else merged


@dataclass(frozen=True)
class SearchPlan:
    """What to search for a question: the standalone query, the filters and the recency reference."""

    question: str
    query: str
    filters: SearchFilters | None
    recency_ref: date | None
    fallback: SearchFilters | None
    retry: bool
    ref: date


Rewriter = Callable[[str, Sequence[Turn]], str]
"""Turns (question, history) into the standalone query to search: the rule-based :func:`rewrite`, or a model's."""


def plan_search(
    question: str, history: Sequence[Turn] = (), filters: SearchFilters | None = None, as_of: date | None = None,
    rewriter: Rewriter = rewrite,
) -> SearchPlan:
    q = clean_question(question)
    query = rewriter(q, history)
    ref = as_of or date.today()
    scope = time_scope(q, ref)
    if scope.is_empty and query != q:
        # A follow-up keeps the time frame of the question it follows.
        previous = [text for role, text in history if role == "user"]
        scope = time_scope(previous[-1], ref) if previous else scope
    has_range = bool(scope.since or scope.until)
    return SearchPlan(
        question=q, query=query, filters=merge_filters(filters, scope, as_of),
        recency_ref=ref if scope.recency else None,
        # Our reading of the question's dates may be wrong: if that range is empty, prefer recent articles.
        fallback=merge_filters(filters, TimeScope(), as_of), retry=has_range, ref=ref,
    )


def run_search(searcher: Searcher, plan: SearchPlan, query: str | None = None, **options: Any) -> list[RetrievedChunk]:
    """Search as planned; if the question's own date range holds nothing, search all dates, newest first."""
    hits = searcher.search(query or plan.query, filters=plan.filters, recency_ref=plan.recency_ref, ref=plan.ref,
                           **options)
    if not hits and plan.retry:
        log.info("nothing in the question's date range; searching all dates")
        hits = searcher.search(query or plan.query, filters=plan.fallback, recency_ref=plan.ref, ref=plan.ref,
                               **options)
    return hits


def finish(answer: Answer, hits: Sequence[RetrievedChunk]) -> Answer:
    """Verify the answer's citations against the retrieved chunks and date it."""
    chunks = {c.chunk_id: c for h in hits for c in (h.chunk, *h.context)}
    injections = Injections(f"{c.title}. {c.text}" for c in chunks.values())
    answer = verify_answer(answer, {c.n: chunks[c.chunk_id] for c in answer.citations if c.chunk_id in chunks},
                           injections)
    dates = [c.published for c in answer.citations if c.published]
    return answer.model_copy(update={"as_of": max(dates) if dates else None})


def ask(
    question: str,
    searcher: Searcher,
    answerer: Answerer,
    *,
    history: Sequence[Turn] = (),
    filters: SearchFilters | None = None,
    as_of: date | None = None,
) -> Answer:
    """The whole path for one question: rewrite a follow-up, read its time scope, search, answer, verify.

    ``history`` is the conversation so far, oldest first, as (role, text) turns; ``filters`` limit the search
    by date and outlet; ``as_of`` is the reference date (default today): "last week" is counted from it and
    nothing published after it is used.
    """
    # A generative answerer rewrites follow-ups with its model; otherwise the documented rule-based method.
    plan = plan_search(question, history, filters, as_of, getattr(answerer, "rewrite_query", rewrite))
    hits = run_search(searcher, plan)
    if not hits:
        return abstention(plan.question, plan.query)
    return finish(answerer.answer(plan.question, hits, plan.query, ref=plan.ref), hits)


def ask_choices(
    question: str,
    choices: Sequence[str],
    searcher: Searcher,
    *,
    history: Sequence[Turn] = (),
    filters: SearchFilters | None = None,
    as_of: date | None = None,
) -> Answer:
    """A multiple-choice question: the choice the archive supports, cited, or an abstention."""
    from gazette.choices import pick

    plan = plan_search(question, history, filters, as_of)
    # A choice may be named anywhere in a retrieved article, not only in its best chunk.
    whole = getattr(searcher, "whole_articles", lambda hits: hits)
    per_choice = [whole(run_search(searcher, plan, f"{plan.query} {choice}")) for choice in choices]
    answer = pick(plan.question, choices, per_choice, plan.query, ref=plan.ref)
    if answer.abstained and plan.retry:
        # No choice in the question's own date range: look at all dates, newest first.
        per_choice = [
            whole(searcher.search(f"{plan.query} {choice}", filters=plan.fallback, recency_ref=plan.ref,
                                  ref=plan.ref))
            for choice in choices
        ]
        answer = pick(plan.question, choices, per_choice, plan.query, ref=plan.ref)
    return finish(answer, [h for hits in per_choice for h in hits])


# -- the offline answerer ---------------------------------------------------------------------------------

_HOW_MANY = re.compile(r"\b(how (many|much|long|old|far|big|large)|what (number|percentage|share|amount))\b", re.I)
_WHEN = re.compile(r"\b(when|what (date|day|year|month|time))\b", re.I)
_WHO = re.compile(r"\bwho(m|se)?\b", re.I)
_DATEISH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"\b(19|20)\d\d\b|\b(yesterday|today|tonight|last (week|month|year))\b",
    re.I,
)


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
        return 1.0 if _DATEISH.search(sentence) else 0.0
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
    min_support: float = 0.45
    max_sentences: int = 2
    # Further sentences come from the best sentence's own article: a second article that merely shares the
    # question's words was the usual way a citation ended up naming a source without the answer.
    one_article: bool = True
    # Candidates from articles more than a fortnight older than the question's reference date (``ref``: its
    # as-of date, else today) rank with their score times this (1: no preference); whether to answer at all is
    # still decided on the chosen sentence's own score. News questions are about the current story: an older
    # article that shares the question's words was the usual source of a wrong citation. (0.7 was chosen on a
    # development sample of the benchmark, apart from the sample the README reports.)
    older_weight: float = 0.7

    def answer(
        self, question: str, hits: Sequence[RetrievedChunk], searched_query: str, ref: date | None = None
    ) -> Answer:
        asked = question
        question = searched_query or question  # a rewritten follow-up carries the context
        q_terms = term_set(question)
        q_numbers = numbers(question)
        q_names = names(question)
        kind = question_kind(question)
        cands = [
            _Candidate(hit, s, chunk=chunk, penalty=1.0 if chunk is hit.chunk else 0.9)
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
                0.45 * float(cos) + 0.4 * sentence_cov + 0.15 * type_match(kind, question, cand.sentence)
            )
            # Numbers the question names (a year, a count) must be in the article, or it is not about that.
            if q_numbers - article_numbers[id(cand.hit)]:
                cand.score = 0.0
            # So must most of the names it asks about ("Eiffel Tower" is not answered by a launch tower).
            if len(q_names - context_terms) > len(q_names) // 3:
                cand.score = 0.0
            cand.support = cand.score
            if not within_fortnight(cand.chunk.published, ref):
                cand.score *= self.older_weight
        cands.sort(key=lambda c: c.score, reverse=True)
        best = cands[0]
        if best.support < self.min_support or best.context_coverage < 0.5:
            return abstention(asked, searched_query)
        chosen = [best]
        for cand in cands[1:]:
            if len(chosen) >= self.max_sentences:
                break
            if cand.score < max(self.min_support, 0.85 * best.score) or cand.context_coverage < 0.5:
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
    return bool(ta | tb) and len(ta & tb) / len(ta | tb) >= 0.6


def compose(question: str, searched_query: str, parts: Sequence[tuple[str, Chunk]]) -> Answer:
    """An answer from (sentence, chunk) pairs: each sentence cites its chunk; one number per chunk."""
    numbering: dict[str, int] = {}
    sources: dict[int, Chunk] = {}
    pieces = []
    for sentence, chunk in parts:
        n = numbering.setdefault(chunk.chunk_id, len(numbering) + 1)
        sources[n] = chunk
        pieces.append(with_marker(sentence, n))
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


# -- the generative answerer ------------------------------------------------------------------------------


def format_sources(hits: Sequence[RetrievedChunk]) -> str:
    blocks = []
    for n, hit in enumerate(hits, start=1):
        c = hit.chunk
        when = c.published.isoformat() if c.published else "date unknown"
        blocks.append(f"[{n}] {c.title} ({c.outlet or 'unknown outlet'}, {when})\n{c.text}")
    return "\n\n".join(blocks)


HISTORY_TURNS = 6
HISTORY_TURN_CHARS = 400
MAX_QUERY_CHARS = 300


def format_history(history: Sequence[Turn]) -> str:
    """The last turns of a conversation as the rewrite prompt shows them: one line each, markers removed, long
    answers cut (pure)."""
    lines = []
    for role, text in list(history)[-HISTORY_TURNS:]:
        flat = " ".join(strip_markers(text).split())
        if len(flat) > HISTORY_TURN_CHARS:
            flat = flat[:HISTORY_TURN_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(f"{'User' if role == 'user' else 'Gazette'}: {flat}")
    return "\n".join(lines)


_LABEL = re.compile(r"^\s*(standalone question|standalone|rewritten question|question|query)\s*:\s*", re.I)


def standalone_line(raw: str) -> str:
    """The question in a model's rewrite reply: its first line, without a label or quotes; empty when the reply
    is unusable (nothing, an abstention, or longer than a question should be) (pure)."""
    line = next((ln for ln in raw.splitlines() if ln.strip()), "")
    line = _LABEL.sub("", line).strip().strip("\"'`“”‘’").strip()
    line = " ".join(line.split())
    if not line or len(line) > MAX_QUERY_CHARS or _looks_abstained(line):
        return ""
    return line


def _looks_abstained(text: str) -> bool:
    flat = " ".join(text.lower().split())
    return not flat or ABSTAIN.lower().rstrip(".") in flat


@dataclass
class GenerativeAnswerer:
    """A chat model answers from numbered sources; our code keeps only markers that name a source.

    ``secrets`` (the API key) never reach an answer or an error message, even when the provider's error repeats
    them; the prompt's own text and secret-looking tokens in it never reach an answer either.
    """

    chat_model: Any
    prompt_messages: Sequence[tuple[str, str]]
    secrets: Sequence[str] = ()
    # The prompt that turns a follow-up into a standalone question (prompts/rewrite.txt); none: the rule-based way.
    rewrite_messages: Sequence[tuple[str, str]] = ()

    def _scrub(self, text: str) -> str:
        for secret in sorted((s for s in self.secrets if s and len(s) >= 6), key=len, reverse=True):
            text = text.replace(secret, "[redacted]")
        return text

    def chain(self, messages: Sequence[tuple[str, str]] | None = None):  # type: ignore[no-untyped-def]
        """prompt | model | parser, with the answer prompt or the given one (LCEL)."""
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        prompt = ChatPromptTemplate.from_messages(list(messages or self.prompt_messages))
        return prompt | self.chat_model | StrOutputParser()

    def rewrite_query(self, question: str, history: Sequence[Turn]) -> str:
        """A follow-up that leans on the conversation, rewritten by the model into a standalone question.

        A question that stands alone, or one with no earlier question, is searched as it is, with no model call.
        If the model fails, or its reply is empty, too long, an abstention, repeats the prompt or drops a content
        word of the follow-up (it answered instead of rewriting), the rule-based rewrite is used instead: a
        follow-up is never lost to its rewrite.
        """
        fallback = rewrite(question, history)
        if not self.rewrite_messages or not any(role == "user" for role, _ in history) \
                or not leans_on_history(question):
            return fallback
        conversation = format_history(history)
        try:
            raw = self.chain(self.rewrite_messages).invoke({"history": conversation, "question": question})
        except Exception as exc:  # any provider failure: the rule-based rewrite still works
            log.warning("the model could not rewrite the follow-up (%s); using the rule-based rewrite",
                        self._scrub(type(exc).__name__))
            return fallback
        query = standalone_line(raw)
        guard = PromptGuard("\n".join(body for _, body in self.rewrite_messages), self.secrets)
        if not query or not keeps_terms(question, query) or guard.leaks(query, allowed=f"{conversation}\n{question}"):
            log.info("the model's rewrite was not usable; using the rule-based rewrite")
            return fallback
        return query

    def answer(
        self, question: str, hits: Sequence[RetrievedChunk], searched_query: str, ref: date | None = None
    ) -> Answer:
        # ``ref`` is not used: the model sees each source's date in the prompt. A follow-up is asked in its
        # standalone form, which carries what it refers to.
        sources_text = format_sources(hits)
        asked = searched_query or question
        try:
            raw = self.chain().invoke({"sources": sources_text, "question": asked})
        except GazetteError:
            raise  # already one line for the user (a local model's own error)
        except Exception as exc:  # provider SDKs raise many types; the user needs one line
            message = self._scrub(f"the language model failed: {type(exc).__name__}: {exc}".splitlines()[0])
            # No traceback: the exception's own text may hold the key (some proxies echo it).
            log.debug("model call failed: %s", message)
            raise ModelError(message) from None
        if _looks_abstained(raw):  # before the guard: the abstention sentence is the prompt's own text
            return abstention(question, searched_query)
        guard = PromptGuard("\n".join(body for _, body in self.prompt_messages), self.secrets)
        screened = guard.screen(raw, allowed=f"{sources_text}\n{asked}")
        if screened != raw:
            log.warning("dropped answer text that repeated the prompt or a secret")
        raw = screened
        if _looks_abstained(raw):
            return abstention(question, searched_query)
        sources = {n: hit.chunk for n, hit in enumerate(hits, start=1)}
        # Small models often state a fact without its marker: such a sentence cites the source that holds all of
        # its facts, if one does (the check below then holds it to that source like any other citation).
        attributed = attribute(raw.strip(), sources)
        if attributed != raw.strip():
            log.info("the model left sentences uncited; cited them by the sources that hold their facts")
        text, order = renumber(attributed, sources.keys())
        if not order:
            # No claim is tied to a retrieved source: we cannot vouch for it.
            log.info("model answer cited no valid source; abstaining")
            return abstention(question, searched_query)
        return Answer(
            question=question, answer=text, abstained=False, citations=build_citations(text, order, sources),
            searched_query=searched_query,
        )


def build_chat_model(provider: str, model: str, base_url: str | None, api_key: str, temperature: float,
                     timeout_s: float, *, model_path: Path | None = None, context_tokens: int = 4096,
                     max_tokens: int = 512, threads: int = 0) -> Any:
    """The one factory for chat providers; each SDK is imported only when chosen. A local GGUF model
    (``llamacpp``) is checked here, so a wrong path or a missing wheel is a one-line error before any question."""
    if provider == "llamacpp":
        from gazette.localmodel import local_chat

        return local_chat(model_path, context_tokens=context_tokens, max_tokens=max_tokens, temperature=temperature,
                          threads=threads)
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=model, base_url=base_url, api_key=api_key or "not-needed",
                          temperature=temperature, timeout=timeout_s, max_retries=2)
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(model=model, base_url=base_url, temperature=temperature,
                          client_kwargs={"timeout": timeout_s})
    raise UsageError(f"unknown LLM provider {provider!r} (choose extractive, openai, ollama or llamacpp)")


