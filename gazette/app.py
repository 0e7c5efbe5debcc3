"""Wiring: settings -> embedder, archive, retriever and answerer. Used by every entry point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazette.answering import Answerer, ExtractiveAnswerer, GenerativeAnswerer, build_chat_model
from gazette.embeddings import Embedder, build_embedder
from gazette.prompts import REWRITE_FIELDS, load_prompt
from gazette.retrieval import Retriever
from gazette.settings import Settings, StoreSettings
from gazette.store import Archive, ChromaServer, open_archive


@dataclass
class Gazette:
    settings: Settings
    embedder: Embedder
    archive: Archive
    retriever: Retriever
    answerer: Answerer

    def close(self) -> None:
        self.archive.close()


def make_embedder(settings: Settings, status: Callable[[str], None] | None = None) -> Embedder:
    """The embedder the settings ask for; ``status`` hears about one-time work (the first ONNX export)."""
    e = settings.embedding
    return build_embedder(
        e.backend, e.batch_size, cache_dir=e.cache_dir, threads=e.threads, quantize=e.quantize, status=status
    )


def chroma_server(store: StoreSettings) -> ChromaServer | None:
    """The Chroma server the settings name (server mode), or None for vectors in the store folder."""
    if not store.chroma_host:
        return None
    return ChromaServer(store.chroma_host, store.chroma_port, store.chroma_ssl, store.chroma_token.get_secret_value())


def make_answerer(settings: Settings, embedder: Embedder, chat_model: Any = None) -> Answerer:
    """The answerer the settings ask for; ``chat_model`` (tests, callers) overrides the provider."""
    llm = settings.llm
    if chat_model is None and llm.provider == "extractive":
        return ExtractiveAnswerer(
            embedder, settings.answer.min_support, settings.answer.max_sentences,
            older_weight=settings.answer.older_weight,
        )
    if chat_model is None:
        chat_model = build_chat_model(
            llm.provider, llm.model, llm.base_url, llm.api_key.get_secret_value(), llm.temperature, llm.timeout_s,
            model_path=llm.model_path, context_tokens=llm.context_tokens, max_tokens=llm.max_tokens,
            threads=llm.threads,
        )
    return GenerativeAnswerer(chat_model, load_prompt(llm.prompt), secrets=(llm.api_key.get_secret_value(),),
                              rewrite_messages=load_prompt(llm.rewrite_prompt, REWRITE_FIELDS))


def open_gazette(
    settings: Settings, store: Path | None = None, *, create: bool = False, embedder: Embedder | None = None,
    chat_model: Any = None, status: Callable[[str], None] | None = None,
) -> Gazette:
    embedder = embedder or make_embedder(settings, status)
    archive = open_archive(
        store or settings.store.path, create=create, collection=settings.store.collection,
        embedding_model=embedder.name, dimensions=embedder.dimensions, server=chroma_server(settings.store),
    )
    r = settings.retrieval
    retriever = Retriever(archive, embedder, r.k, r.candidates, r.mode, rrf_k=r.rrf_k, keyword_weight=r.keyword_weight,
                          prefer_recent=r.prefer_recent, recency_half_life_days=r.recency_half_life_days,
                          coverage_weight=r.coverage_weight, older_weight=r.older_weight)
    return Gazette(settings, embedder, archive, retriever, make_answerer(settings, embedder, chat_model))
