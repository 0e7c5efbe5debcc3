"""The one factory for answerers: settings (or a given chat model) -> the offline answerer or a generative one.
Each provider's SDK is imported only when it is chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gazette.embeddings import Embedder
from gazette.errors import UsageError
from gazette.extractive import ExtractiveAnswerer
from gazette.generative import GenerativeAnswerer
from gazette.prompts import REWRITE_FIELDS, load_prompt
from gazette.settings import LLMSettings, Settings


def answerer_from_settings(
    settings: Settings, embedder: Embedder, chat_model: Any = None
) -> ExtractiveAnswerer | GenerativeAnswerer:
    """The answerer the settings ask for; ``chat_model`` (tests, callers) overrides the provider."""
    llm = settings.llm
    if chat_model is None and llm.provider == "extractive":
        return ExtractiveAnswerer.from_settings(embedder, settings.answer)
    if chat_model is None:
        chat_model = chat_model_from_settings(llm)
    return GenerativeAnswerer(chat_model, load_prompt(llm.prompt), secrets=(llm.api_key.get_secret_value(),),
                              rewrite_messages=load_prompt(llm.rewrite_prompt, REWRITE_FIELDS))


def chat_model_from_settings(llm: LLMSettings) -> Any:
    return build_chat_model(
        llm.provider, llm.model, llm.base_url, llm.api_key.get_secret_value(), llm.temperature, llm.timeout_s,
        model_path=llm.model_path, context_tokens=llm.context_tokens, max_tokens=llm.max_tokens, threads=llm.threads,
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
