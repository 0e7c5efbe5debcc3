"""Deterministic fakes for what cannot run here (a paid LLM API)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult


class QueuedChatModel(BaseChatModel):
    """A chat model whose replies are queued in advance; it records every prompt it was sent.

    A queued reply may be a function of the prompt text (still deterministic), e.g. to cite whichever source
    number holds a fact.
    """

    replies: list[str | Callable[[str], str]]
    prompts: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "queued-fake"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.prompts.append(list(messages))
        if not self.replies:
            raise RuntimeError("no reply queued")
        reply = self.replies.pop(0)
        if callable(reply):
            reply = reply("\n".join(str(m.content) for m in messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])


def source_number_with(text: str, prompt: str) -> int:
    """The [n] of the first numbered source in ``prompt`` whose text contains ``text``."""
    for block in re.split(r"\n\n(?=\[\d+\] )", prompt):
        m = re.match(r".*?\[(\d+)\] ", block, re.S)
        if m and text in block:
            return int(m.group(1))
    raise AssertionError(f"no source with {text!r}")
