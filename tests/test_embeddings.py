"""The ONNX backend against the torch reference: agreement, truncation, token counts, and the export cache."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from gazette import onnx_export
from gazette.cli import sample_archive_path
from gazette.embeddings import MiniLMEmbedder, OnnxMiniLMEmbedder
from gazette.inference import load_window_tokenizer, mean_pool, model_path, pad_batch
from gazette.onnx_export import ExportError, cache_key, ensure_onnx_model, find_cached, model_fingerprint
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

_SHORT = [
    "Rain.",
    "Kursk",
    "How many North Korean troops are in Kursk?",
    "Who won the 2031 Tour de France?",
    "The ceasefire began at 06:00 on 27 November 2024.",
    "Inflation rose to 2.6% in October, from 2.4% in September.",
    "Scores: 3-1, 2-2, 0-4; attendance 61,482.",
    "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
    "$7.9 billion; €1,200; ¥3.5 trillion; 45 km/h; -12 °C",
    "Zelensky met Harris and Trump in New York.",
    "Ünïcödé, accents — and “curly quotes” survive tokenisation.",
    "ALL CAPS HEADLINE: MARKETS TUMBLE AS RATES RISE",
    "a " * 40,
]


def _sample_texts() -> list[str]:
    records = [json.loads(line) for line in sample_archive_path().read_text().splitlines() if line.strip()]
    firsts = [r["text"].split(". ")[0] for r in records[:10]]  # one sentence
    articles = [r["text"] for r in records[10:22]]  # about 240-350 tokens: around and past the window
    doubled = [records[i]["text"] + "\n\n" + records[i + 1]["text"] for i in (22, 25, 28)]  # over 500 tokens
    return firsts + articles + doubled


TEXTS = _SHORT + _sample_texts()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


def test_texts_cover_short_long_and_numbers():
    counts = [len(load_window_tokenizer(model_path(), 10_000).encode(t).ids) for t in TEXTS]
    assert len(TEXTS) >= 36
    assert min(counts) <= 4 and sum(c > 256 for c in counts) >= 8


def test_onnx_vectors_agree_with_torch(embedder, torch_embedder):
    onnx_vectors = embedder.embed_documents(TEXTS)
    torch_vectors = torch_embedder.embed_documents(TEXTS)
    assert onnx_vectors.shape == torch_vectors.shape == (len(TEXTS), 384)
    assert onnx_vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    cos = _cosines(onnx_vectors, torch_vectors)
    worst = int(np.argmin(cos))
    assert cos.min() >= 0.98, f"cosine {cos[worst]:.4f} for {TEXTS[worst][:60]!r}"
    assert embedder.name == torch_embedder.name and embedder.dimensions == torch_embedder.dimensions


def test_fp32_export_matches_torch_closely(onnx_cache, torch_embedder):
    # The export check already compares probes; here the whole pipeline (tokenizer, sorting, pooling) is held to
    # fp32 precision, so a pooling or row-order mistake cannot hide behind int8 noise.
    fp32 = OnnxMiniLMEmbedder(cache_dir=onnx_cache, quantize=False)
    cos = _cosines(fp32.embed_documents(TEXTS), torch_embedder.embed_documents(TEXTS))
    assert cos.min() >= 0.9999


def test_a_texts_vector_does_not_depend_on_its_batch(embedder, torch_embedder):
    # Dynamic int8 scales activations per run: each text runs alone, so re-ingesting it beside other texts
    # (a re-run, crash recovery, a reindex) reproduces its vector exactly, and rows keep their order.
    batched = embedder.embed_documents(TEXTS)
    alone = np.stack([embedder.embed_query(t) for t in TEXTS[::4]])
    assert np.array_equal(batched[::4], alone)
    shuffled = embedder.embed_documents(TEXTS[::-1])[::-1]
    assert np.array_equal(shuffled, batched)
    assert _cosines(alone, torch_embedder.embed_documents(TEXTS[::4])).min() >= 0.98
    assert embedder.embed_documents([]).shape == (0, 384)
    assert np.linalg.norm(embedder.embed_query("")) == pytest.approx(1.0, abs=1e-5)


def test_truncation_and_token_counts_match_sentence_transformers(embedder, torch_embedder):
    st = torch_embedder.model
    window = load_window_tokenizer(model_path(), st.max_seq_length)
    for text in TEXTS:
        expected = st.tokenize([text])["input_ids"][0].tolist()
        assert window.encode(text).ids == expected
        full = len(st.tokenizer(text, truncation=False)["input_ids"])
        assert embedder.count_tokens(text) == torch_embedder.count_tokens(text) == full
    assert st.max_seq_length == 256


@pytest.mark.parametrize(
    ("hidden", "mask", "expected"),
    [
        ([[[1.0, 0.0], [0.0, 1.0]]], [[1, 1]], [[0.70710677, 0.70710677]]),
        ([[[3.0, 4.0], [100.0, -100.0]]], [[1, 0]], [[0.6, 0.8]]),  # padding ignored
        ([[[2.0, 0.0], [4.0, 0.0], [9.0, 9.0]]], [[1, 1, 0]], [[1.0, 0.0]]),
    ],
)
def test_mean_pool(hidden, mask, expected):
    got = mean_pool(np.array(hidden, dtype=np.float32), np.array(mask))
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_pad_batch():
    ids, mask = pad_batch([[101, 7, 102], [101, 102]])
    assert ids.tolist() == [[101, 7, 102], [101, 102, 0]]
    assert mask.tolist() == [[1, 1, 1], [1, 1, 0]]
    assert ids.dtype == mask.dtype == np.int64


# -- the export cache ---------------------------------------------------------------------------------------


def _copy_cache(embedder: OnnxMiniLMEmbedder, to: Path) -> Path:
    model = embedder.onnx_model
    key = cache_key(model_fingerprint(Path(model_path())), True)
    to.mkdir()
    shutil.copy2(model.path, to / model.path.name)
    shutil.copy2(model.path.parent / f"{key}.json", to / f"{key}.json")
    return to


def _no_export(*args, **kwargs):
    raise AssertionError("the model was exported again")


def test_cached_export_is_reused(embedder, tmp_path, monkeypatch):
    cache = _copy_cache(embedder, tmp_path / "cache")
    monkeypatch.setattr(onnx_export, "export_onnx_model", _no_export)
    heard: list[str] = []
    again = OnnxMiniLMEmbedder(cache_dir=cache, status=heard.append)
    assert again.onnx_model.path.parent == cache
    assert again.onnx_model.precision == "int8" and again.onnx_model.agreement >= 0.98
    assert _cosines(again.embed_documents(TEXTS[:5]), embedder.embed_documents(TEXTS[:5])).min() > 0.9999
    assert heard == []


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "manifest", "foreign"])
def test_find_cached_refuses_damaged_files(embedder, tmp_path, damage):
    cache = _copy_cache(embedder, tmp_path / "cache")
    key = cache_key(model_fingerprint(Path(model_path())), True)
    assert find_cached(cache, key) is not None
    onnx_file = next(cache.glob("*.onnx"))
    manifest = cache / f"{key}.json"
    if damage == "truncate":
        onnx_file.write_bytes(onnx_file.read_bytes()[: onnx_file.stat().st_size // 2])
    elif damage == "flip":
        data = bytearray(onnx_file.read_bytes())
        data[len(data) // 2] ^= 0xFF
        onnx_file.write_bytes(bytes(data))
    elif damage == "delete":
        onnx_file.unlink()
    elif damage == "manifest":
        manifest.write_text("{not json")
    else:
        info = json.loads(manifest.read_text())
        manifest.write_text(json.dumps({**info, "file": "../elsewhere.onnx"}))
    assert find_cached(cache, key) is None


def test_damaged_cache_is_rebuilt(embedder, tmp_path, monkeypatch):
    cache = _copy_cache(embedder, tmp_path / "cache")
    onnx_file = next(cache.glob("*.onnx"))
    onnx_file.write_bytes(onnx_file.read_bytes()[:1000])  # an export cut short, a full disk
    os.utime(onnx_file, (time.time() - 7200, time.time() - 7200))  # old enough to be cleaned up
    exports = []
    real_export = onnx_export.export_onnx_model

    def counting_export(*args, **kwargs):
        exports.append(args)
        return real_export(*args, **kwargs)

    monkeypatch.setattr(onnx_export, "export_onnx_model", counting_export)
    heard: list[str] = []
    rebuilt = ensure_onnx_model(Path(model_path()), cache, status=heard.append)
    assert len(exports) == 1 and len(heard) == 1 and "ONNX" in heard[0]
    assert rebuilt.path.exists() and rebuilt.precision == "int8"
    assert sorted(p.name for p in cache.iterdir()) == sorted([rebuilt.path.name, f"{exports[0][2]}.json"])
    assert find_cached(cache, exports[0][2]) == rebuilt
    fresh = OnnxMiniLMEmbedder(cache_dir=cache)
    assert _cosines(fresh.embed_documents(TEXTS[:8]), embedder.embed_documents(TEXTS[:8])).min() > 0.999
    ensure_onnx_model(Path(model_path()), cache)
    assert len(exports) == 1  # and now it is reused


def test_failed_export_leaves_nothing_behind(tmp_path):
    bogus = tmp_path / "model"
    bogus.mkdir()
    (bogus / "config.json").write_text("{}")
    cache = tmp_path / "cache"
    with pytest.raises(ExportError, match="could not export"):
        ensure_onnx_model(bogus, cache)
    assert list(cache.iterdir()) == []


def test_settings_pick_the_backend(tmp_path):
    from gazette.embeddings import embedder_from_settings

    default = embedder_from_settings(make_settings(embedding={"cache_dir": str(tmp_path), "threads": 1}).embedding)
    assert isinstance(default, OnnxMiniLMEmbedder)
    assert default.cache_dir == tmp_path and default.threads == 1 and default.quantize
    assert isinstance(embedder_from_settings(make_settings(embedding={"backend": "torch"}).embedding), MiniLMEmbedder)
    blank = make_settings(embedding={"cache_dir": ""})
    assert blank.embedding.cache_dir is None
