"""The generative answerer: a LangChain chat model behind an LCEL chain (prompt | model | parser).

Our code numbers the sources, maps the model's [n] markers back to them and drops markers that name no source;
it also drops sentences that repeat the prompt's own text or a secret (gazette.verify.PromptGuard). The pipeline
(gazette.answering.finish) then checks every claim against the source it cites, as for every answerer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gazette.answers import ABSTAIN, abstention
from gazette.citations import build_citations, renumber
from gazette.errors import GazetteError, ModelError
from gazette.followups import Turn, keeps_terms, leans_on_history, rewrite
from gazette.models import Answer, RetrievedChunk
from gazette.prompts import format_history, looks_abstained, prompt_sources, standalone_line
from gazette.recency import Recency
from gazette.timescope import TimeScope
from gazette.verify import PromptGuard, attribute

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

log = logging.getLogger(__name__)


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
    whole_articles: int = 0  # the model reads the hit chunks only

    def _scrub(self, text: str) -> str:
        for secret in sorted((s for s in self.secrets if s and len(s) >= 6), key=len, reverse=True):
            text = text.replace(secret, "[redacted]")
        return text

    def chain(self, messages: Sequence[tuple[str, str]] | None = None) -> Runnable[dict[str, str], str]:
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
        self, question: str, hits: Sequence[RetrievedChunk], searched_query: str, recency: Recency | None = None,
        period: TimeScope | None = None,
    ) -> Answer:
        # ``recency`` and ``period`` are not used: the model sees each source's date in the prompt. A follow-up is asked in its
        # standalone form, which carries what it refers to.
        sources_text = prompt_sources(hits)
        asked = searched_query or question
        try:
            raw = self.chain().invoke({"sources": sources_text, "question": asked, "abstain": ABSTAIN})
        except GazetteError:
            raise  # already one line for the user (a local model's own error)
        except Exception as exc:  # provider SDKs raise many types; the user needs one line
            message = self._scrub(f"the language model failed: {type(exc).__name__}: {exc}".splitlines()[0])
            # No traceback: the exception's own text may hold the key (some proxies echo it).
            log.debug("model call failed: %s", message)
            raise ModelError(message) from None
        if looks_abstained(raw):  # before the guard: the abstention sentence is the prompt's own text
            return abstention(question, searched_query)
        guard = PromptGuard("\n".join(body for _, body in self.prompt_messages), self.secrets)
        screened = guard.screen(raw, allowed=f"{sources_text}\n{asked}")
        if screened != raw:
            log.warning("dropped answer text that repeated the prompt or a secret")
        raw = screened
        if looks_abstained(raw):
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
