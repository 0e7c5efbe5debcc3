"""A local GGUF model, run in this process by llama.cpp (the optional ``xllamacpp`` wheel), as a LangChain chat model.

``GAZETTE_LLM__PROVIDER=llamacpp`` with ``GAZETTE_LLM__MODEL_PATH=/models/model.gguf``: no server, no network. The
model loads on the first question. ``pip install 'gazette[local]'`` installs the wheel (prebuilt, CPU).
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.messages.utils import convert_to_openai_messages
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr

from gazette.errors import ModelError, UsageError

GGUF_MAGIC = b"GGUF"
NO_WHEEL = "the llamacpp provider needs the xllamacpp wheel: pip install 'gazette[local]'"


def check_gguf(path: Path) -> Path:
    """The path, if it names a readable GGUF file; else a one-line UsageError (pure but for reading 4 bytes)."""
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except IsADirectoryError:
        raise UsageError(f"GAZETTE_LLM__MODEL_PATH: {path} is a folder, not a GGUF file") from None
    except OSError as exc:
        raise UsageError(f"GAZETTE_LLM__MODEL_PATH: cannot read {path}: {exc.strerror or exc}") from None
    if magic != GGUF_MAGIC:
        raise UsageError(f"GAZETTE_LLM__MODEL_PATH: {path} is not a GGUF model file")
    return path


def reply_text(reply: dict[str, Any]) -> str:
    """The text of an OpenAI-shaped chat completion, or a ModelError with llama.cpp's own message (pure)."""
    error = reply.get("error")
    if error:
        message = error.get("message") if isinstance(error, dict) else str(error)
        raise ModelError(f"the local model failed: {message}")
    try:
        return str(reply["choices"][0]["message"]["content"] or "")
    except (KeyError, IndexError, TypeError):
        raise ModelError("the local model gave a reply with no message") from None


class LlamaCppChat(BaseChatModel):
    """A GGUF model through xllamacpp's in-process llama.cpp server. One question at a time per model."""

    model_path: Path
    context_tokens: int = 4096
    max_tokens: int = 512
    temperature: float = 0.0
    threads: int = 0  # 0: llama.cpp's default (the machine's cores)
    _server: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _start(self) -> Any:
        if self._server is None:
            try:
                import xllamacpp
            except ImportError:
                raise UsageError(NO_WHEEL) from None
            params = xllamacpp.CommonParams()
            params.model.path = str(self.model_path)
            params.n_ctx = self.context_tokens
            params.n_parallel = 1
            params.verbosity = -1  # llama.cpp's own log lines stay off the terminal
            if self.threads:
                params.cpuparams.n_threads = self.threads
                params.cpuparams_batch.n_threads = self.threads
            try:
                self._server = xllamacpp.Server(params)
            except Exception as exc:  # llama.cpp reports a model it cannot load as a plain RuntimeError
                raise ModelError(f"could not load {self.model_path.name}: {exc}") from None
        return self._server

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        request: dict[str, Any] = {
            "messages": convert_to_openai_messages(messages),
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }
        if stop:
            request["stop"] = stop
        with self._lock:
            reply = self._start().handle_chat_completions(request)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply_text(reply)))])


def local_chat(model_path: Path | None, **options: Any) -> LlamaCppChat:
    """The model the settings name, checked now (path set, a GGUF file, the wheel installed) so that a mistake is
    a one-line error before any question; it loads on the first question."""
    if model_path is None:
        raise UsageError("the llamacpp provider needs GAZETTE_LLM__MODEL_PATH, the path of a GGUF model file")
    if importlib.util.find_spec("xllamacpp") is None:
        raise UsageError(NO_WHEEL)
    return LlamaCppChat(model_path=check_gguf(model_path.expanduser()), **options)
