"""Gazette's own secrets (the Discord token, the LLM API key, the Chroma token) kept out of everything it outputs.

An archive can hold anything, a folder ingest of a secrets file or a page quoting a token included. One guard,
:class:`Redactor`, stands at the output edges: every answer a reader gives (gazette.app.Reader: the CLI, its JSON
and the bot's answers), every payload the bot posts, and the bot's and the CLI's logs. A secret is replaced by
``[redacted]``; text that still holds one in disguise (spaced out, reversed, encoded: gazette.verify.PromptGuard)
is replaced whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gazette.models import Answer
from gazette.settings import Settings
from gazette.verify import PromptGuard

REDACTED = "[redacted]"
MIN_SECRET_CHARS = 6
"""Shorter values are not treated as secrets (they would match ordinary words)."""


def secrets_of(settings: Settings) -> list[str]:
    """The secret values the settings hold (empty ones left out)."""
    values = (settings.discord.token, settings.llm.api_key, settings.store.chroma_token)
    return [v.get_secret_value().strip() for v in values if v.get_secret_value().strip()]


class Redactor:
    """Replaces secrets in text, answers and Discord payloads (pure once built)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET_CHARS}, key=len, reverse=True)
        self._guard = PromptGuard("", self.secrets) if self.secrets else None

    def exact(self, text: str) -> str:
        """``text`` with each secret replaced where it occurs as it is (logs and tracebacks: long texts, kept)."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def text(self, text: str) -> str:
        """``text`` as it may be shown: each secret replaced, and the whole text replaced when one is still there
        in disguise (spaced out, reversed, encoded)."""
        if not self.secrets or not text:
            return text
        text = self.exact(text)
        if self._guard is not None and self._guard.holds_secret(text):
            return REDACTED
        return text

    def answer(self, answer: Answer) -> Answer:
        """The answer with every field a front end shows redacted."""
        if not self.secrets:
            return answer
        citations = [c.model_copy(update={"title": self.text(c.title), "outlet": self.text(c.outlet),
                                          "url": self.text(c.url), "quote": self.text(c.quote)})
                     for c in answer.citations]
        return answer.model_copy(update={
            "question": self.text(answer.question), "answer": self.text(answer.answer),
            "searched_query": self.text(answer.searched_query), "citations": citations,
            "short_answer": self.text(answer.short_answer) if answer.short_answer else answer.short_answer,
        })

    def payload(self, value: Any) -> Any:
        """A Discord payload (strings, lists and dicts of them, as embeds are) with every string redacted."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.payload(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.payload(v) for v in value)
        return value
