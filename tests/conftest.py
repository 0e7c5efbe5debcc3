"""Shared fixtures: the real embedding model and real on-disk Chroma stores in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from gazette.cli import sample_archive_path  # noqa: E402
from gazette.settings import Settings  # noqa: E402


def _drop_gazette_vars(mp: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("GAZETTE_"):
            mp.delenv(key)


def isolate_env(mp: pytest.MonkeyPatch, cwd: Path) -> None:
    """Keep the developer's GAZETTE_* variables and .env out of one test: drop them, work in ``cwd``."""
    _drop_gazette_vars(mp)
    mp.chdir(cwd)


def make_settings(store: Path | None = None, **overrides: object) -> Settings:
    """Settings that ignore the developer's .env and GAZETTE_* variables."""
    values: dict[str, object] = {"_env_file": None, **overrides}
    if store is not None:
        values["store"] = {"path": store}
    with pytest.MonkeyPatch.context() as mp:
        _drop_gazette_vars(mp)
        return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def onnx_cache(request, tmp_path_factory) -> Path:
    """The exported ONNX model lives in pytest's cache folder (never the user's home): exported once, reused by
    later sessions, in-process CLI runs and subprocesses alike (they all read XDG_CACHE_HOME)."""
    cache = request.config.cache
    base = cache.mkdir("xdg-cache") if cache is not None else tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(base))
        yield base / "gazette" / "onnx"


@pytest.fixture(scope="session")
def embedder(onnx_cache):
    """The default backend (ONNX, int8)."""
    from gazette.embeddings import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder(cache_dir=onnx_cache)


@pytest.fixture(scope="session")
def torch_embedder():
    """The reference backend (sentence-transformers on torch)."""
    from gazette.embeddings import MiniLMEmbedder

    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, embedder) -> Path:
    """The bundled sample archive, ingested once per test session (read-only for tests)."""
    from gazette.store import open_archive
    from ingest.files import iter_path
    from ingest.pipeline import ingest_items

    path = tmp_path_factory.mktemp("sample") / "store"
    archive = open_archive(path, create=True, embedding_model=embedder.name, dimensions=embedder.dimensions)
    summary = ingest_items(archive, embedder, iter_path(sample_archive_path()))
    archive.close()
    assert not summary.failed, summary.failed
    return path


def open_reader(settings: Settings, store: Path, **options: object):  # noqa: ANN201 (gazette.app.Reader)
    """The store opened to answer, as every front end opens it (gazette.app.App.open_reader)."""
    from gazette.app import App

    return App(settings, store=store).open_reader(**options)  # type: ignore[arg-type]


@pytest.fixture
def sample_app(sample_store, embedder):
    app = open_reader(make_settings(sample_store), sample_store, embedder=embedder)
    yield app
    app.close()
