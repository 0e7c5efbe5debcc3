"""Deterministic fakes for what cannot run here (a paid LLM API)."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult


class QueuedChatModel(BaseChatModel):
    """A chat model whose replies are queued in advance; it records every prompt it was sent."""

    replies: list[str]
    prompts: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "queued-fake"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.prompts.append(list(messages))
        if not self.replies:
            raise RuntimeError("no reply queued")
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.replies.pop(0)))])
