"""The embedding model as an ONNX file: exported once per machine from the package's weights, then cached.

The recipe: torch traces the model (``torch.onnx.export``, offline), ONNX Runtime's transformer optimizer fuses
attention, GELU and layer norms, and dynamic quantization stores the weight matrices as int8, per output channel.
Before a file is kept, it embeds a few probe texts and is compared with the torch model: int8 is kept only if
every probe's cosine similarity to torch is at least ``MIN_AGREEMENT``, else the fp32 file is kept (and a warning
logged).

The cache is keyed by a hash of the model files and the recipe version, so a changed model is exported again.
Files are written under a temporary name and renamed into place; a manifest written last names the file and its
SHA-256. Loading checks the digest, so a truncated or damaged file (an export cut short, a bad disk) is found and
rebuilt instead of failing later.

torch, transformers, onnx and onnxruntime are imported only while exporting or loading.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gazette.errors import GazetteError
from gazette.inference import load_window_tokenizer, mean_pool, onnx_session, pad_batch

if TYPE_CHECKING:
    from transformers import PretrainedConfig, PreTrainedModel

log = logging.getLogger(__name__)

RECIPE = "1"
"""Bump when the export recipe changes: the cache key includes it, so old files are not reused."""

MIN_AGREEMENT = 0.98
"""Lowest cosine similarity to the torch model, on every probe text, for the int8 file to be kept."""

Status = Callable[[str], None]

# Varied probe texts for the export-time check: short, a question, numbers and dates, names, and one longer than
# the model's window. Written for this purpose.
_PROBES = (
    "Rain tomorrow.",
    "How many troops crossed the border last week?",
    "The council approved a budget of $4.2 billion on 14 March 2024, up 3.1% from the year before.",
    "Maria Okonkwo-Lindqvist, 47, was named chief executive of the Port of Rotterdam on Tuesday.",
    "Scores: 3-1, 2-2, 0-4; attendance 61,482; kick-off 19:45 CET.",
    " ".join(
        f"Paragraph {i}: the committee heard testimony about water rates, bridge repairs and school "
        f"funding, and several residents asked why the vote had been delayed again."
        for i in range(14)
    ),
)


class ExportError(GazetteError):
    """The embedding model could not be exported to ONNX, or the export disagrees with the torch model."""


@dataclass(frozen=True)
class OnnxModel:
    path: Path
    precision: str  # "int8" or "fp32"
    agreement: float  # lowest cosine similarity to torch over the probe texts
    max_length: int  # the model's token window (256 for all-MiniLM-L6-v2)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def model_fingerprint(model_dir: Path) -> str:
    """SHA-256 over every file of the model folder (relative names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(model_dir).as_posix().encode() + b"\0")
        with open(path, "rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()


def max_seq_length(model_dir: Path, default: int = 256) -> int:
    """The token window sentence-transformers uses (sentence_bert_config.json)."""
    try:
        return int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return default


def cache_key(fingerprint: str, quantize: bool) -> str:
    return f"minilm-{fingerprint[:16]}-r{RECIPE}-{'int8' if quantize else 'fp32'}"


def find_cached(cache_dir: Path, key: str) -> OnnxModel | None:
    """The cached model for ``key`` if its manifest is readable and the file's digest matches, else None."""
    manifest = cache_dir / f"{key}.json"
    try:
        info = json.loads(manifest.read_text())
        path = cache_dir / info["file"]
        if path.parent != cache_dir:
            raise ValueError("file outside the cache")
        if file_sha256(path) != info["sha256"]:
            log.warning("cached ONNX model %s is damaged (digest mismatch); exporting it again", path)
            return None
        return OnnxModel(path, info["precision"], float(info["agreement"]), int(info["max_length"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("cached ONNX manifest %s is unreadable (%s); exporting again", manifest, exc)
        return None


def ensure_onnx_model(
    model_dir: Path, cache_dir: Path, *, quantize: bool = True, status: Status | None = None
) -> OnnxModel:
    """The cached ONNX file for the model in ``model_dir``, exported first if missing or damaged."""
    cache_dir = cache_dir.expanduser()
    key = cache_key(model_fingerprint(model_dir), quantize)
    found = find_cached(cache_dir, key)
    if found is not None:
        log.debug("using cached ONNX model %s (%s)", found.path, found.precision)
        return found
    if status:
        status(f"Preparing the ONNX embedding model in {cache_dir} (once per machine, about 15 s) ...")
    started = time.perf_counter()
    model = export_onnx_model(model_dir, cache_dir, key, quantize=quantize)
    log.info(
        "exported %s (%s, agreement %.4f) in %.1f s", model.path, model.precision, model.agreement,
        time.perf_counter() - started,
    )
    return model


def export_onnx_model(model_dir: Path, cache_dir: Path, key: str, *, quantize: bool = True) -> OnnxModel:
    """Export, optimise, quantise and check the model; publish it atomically under ``key`` in ``cache_dir``."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_work_dirs(cache_dir)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".export-") as tmp:
            work = Path(tmp)
            model, config = _load_torch_model(model_dir)
            max_length = max_seq_length(model_dir)
            fp32 = work / "model.onnx"
            _trace(model, fp32)
            optimised = work / "optimised.onnx"
            _optimise(fp32, optimised, config)
            reference = _torch_vectors(model, model_dir, max_length)
            fp32_agreement = _agreement(optimised, model_dir, max_length, reference)
            if fp32_agreement < 0.999:
                raise ExportError(f"the ONNX export disagrees with the torch model (cosine {fp32_agreement:.4f})")
            chosen, precision, agreement = optimised, "fp32", fp32_agreement
            if quantize:
                int8 = work / "int8.onnx"
                _quantise(optimised, int8)
                int8_agreement = _agreement(int8, model_dir, max_length, reference)
                if int8_agreement >= MIN_AGREEMENT:
                    chosen, precision, agreement = int8, "int8", int8_agreement
                else:
                    log.warning(
                        "int8 ONNX model agrees only %.4f with torch (< %.2f): keeping fp32", int8_agreement,
                        MIN_AGREEMENT,
                    )
            agreement = round(agreement, 6)
            digest = file_sha256(chosen)
            final = cache_dir / f"{key}-{digest[:12]}.onnx"
            os.replace(chosen, final)
            _write_atomic(
                cache_dir / f"{key}.json",
                json.dumps({
                    "file": final.name, "sha256": digest, "precision": precision, "agreement": agreement,
                    "max_length": max_length, "recipe": RECIPE, "source": str(model_dir),
                }, indent=2),
            )
    except ExportError:
        raise
    except Exception as exc:  # torch, onnx and onnxruntime raise many kinds; the user needs one line
        raise ExportError(f"could not export the embedding model to ONNX: {type(exc).__name__}: {exc}") from exc
    _remove_superseded(cache_dir, key, keep=final)
    return OnnxModel(final, precision, agreement, max_length)


def _remove_superseded(cache_dir: Path, key: str, keep: Path, older_than_s: float = 3600) -> None:
    """Earlier files of the same key (damaged ones); a file another process exported just now may be in use."""
    now = time.time()
    for old in cache_dir.glob(f"{key}-*.onnx"):
        with contextlib.suppress(OSError):
            if old != keep and now - old.stat().st_mtime > older_than_s:
                old.unlink()


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _remove_stale_work_dirs(cache_dir: Path, older_than_s: float = 3600) -> None:
    """Work folders left by an export that was killed (a running export's folder is younger)."""
    now = time.time()
    for stale in cache_dir.glob(".export-*"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > older_than_s:
                shutil.rmtree(stale, ignore_errors=True)


def _load_torch_model(model_dir: Path) -> tuple[PreTrainedModel, PretrainedConfig]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch  # noqa: F401  (imported here so that the cost is paid only when exporting)
    from transformers import AutoConfig, AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    config = AutoConfig.from_pretrained(str(model_dir))
    # Eager attention traces into the plain MatMul/Softmax pattern that the optimiser fuses into one Attention op.
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    return model, config


def _trace(model: PreTrainedModel, out: Path) -> None:
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert: PreTrainedModel) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    example = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python control flow on shapes
        torch.onnx.export(
            LastHiddenState(model).eval(), (example, example, torch.zeros_like(example)), str(out),
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            dynamic_axes={n: axes for n in ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")},
            opset_version=17, dynamo=False,
        )


def _optimise(src: Path, out: Path, config: PretrainedConfig) -> None:
    from onnxruntime.transformers import optimizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optimised = optimizer.optimize_model(
            str(src), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size,
            opt_level=0,
        )
    fused = optimised.get_fused_operator_statistics()
    log.debug("ONNX optimiser fused: %s", {k: v for k, v in fused.items() if v})
    optimised.save_model_to_file(str(out))


def _quantise(src: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel weights: per-tensor int8 lost agreement on CPUs without VNNI (cosine down to 0.89 on long
    # chunks, the int16 accumulation saturates); per channel keeps it at 0.98 or more. Measured on AVX2, 1,000-
    # character chunks: int8 ran 1.6x torch per CPU-second (keeping the feed-forward output fp32: 1.3x).
    with _quiet_logging():
        quantize_dynamic(
            str(src), str(out), weight_type=QuantType.QInt8, per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )


@contextlib.contextmanager
def _quiet_logging() -> Iterator[None]:
    """The quantiser logs advice and per-tensor notes on the root logger: keep them off the user's screen."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)


def _probe_batch(model_dir: Path, max_length: int) -> tuple[np.ndarray, np.ndarray]:
    tokenizer = load_window_tokenizer(str(model_dir), max_length)
    return pad_batch([e.ids for e in tokenizer.encode_batch(list(_PROBES))])


def _torch_vectors(model: PreTrainedModel, model_dir: Path, max_length: int) -> np.ndarray:
    import torch

    ids, mask = _probe_batch(model_dir, max_length)
    with torch.no_grad():
        hidden = model(
            input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
            token_type_ids=torch.zeros_like(torch.from_numpy(ids)),
        ).last_hidden_state.numpy()
    return mean_pool(hidden, mask)


def _agreement(path: Path, model_dir: Path, max_length: int, reference: np.ndarray) -> float:
    ids, mask = _probe_batch(model_dir, max_length)
    session = onnx_session(str(path), threads=0, cached=False)
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    vectors = mean_pool(hidden, mask)
    return float(np.min(np.sum(vectors * reference, axis=1)))
