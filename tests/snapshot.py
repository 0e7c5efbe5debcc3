"""Everything a store holds, for comparing two stores (timestamps left out)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np


def store_snapshot(path: Path) -> dict:
    """Index (ids, texts, metadata, embeddings) and catalog (articles, places, pending work) of a store."""
    from gazette.store import open_archive

    archive = open_archive(path, create=False)
    try:
        got = archive.collection.get(include=["documents", "metadatas", "embeddings"])
    finally:
        archive.close()
    order = np.argsort(got["ids"])
    index = {
        "ids": [got["ids"][i] for i in order],
        "documents": [got["documents"][i] for i in order],
        "metadatas": [got["metadatas"][i] for i in order],
        "embeddings": np.asarray(got["embeddings"])[order] if len(order) else np.zeros((0, 0)),
    }
    db = sqlite3.connect(str(path / "articles.sqlite"))
    try:
        catalog = {
            "articles": db.execute(
                "SELECT doc_id, fingerprint, title, outlet, url, published, source, text, chunk_ids, text_hash, "
                "author, language, indexed FROM articles ORDER BY doc_id"
            ).fetchall(),
            "places": db.execute("SELECT place_id, source, doc_id, url, outlet FROM places ORDER BY 1, 2").fetchall(),
            "stale": db.execute("SELECT chunk_id FROM stale_chunks").fetchall(),
        }
    finally:
        db.close()
    return {"index": index, "catalog": catalog}


def assert_same_store(got: dict, want: dict, atol: float = 1e-5) -> None:
    for key in ("ids", "documents", "metadatas"):
        assert got["index"][key] == want["index"][key], key
    assert got["index"]["embeddings"].shape == want["index"]["embeddings"].shape
    assert np.allclose(got["index"]["embeddings"], want["index"]["embeddings"], atol=atol)
    assert got["catalog"] == want["catalog"]
