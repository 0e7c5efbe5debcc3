"""The archive folder: a marker file, the article catalog (SQLite) and the vector index (Chroma on disk).

Layout of a store folder::

    gazette-store.json   marker: format version, embedding model, dimensions, collection
    articles.sqlite      the catalog (source of truth)
    chroma/              the Chroma index of chunks (dense vectors)
    keywords.sqlite      the keyword (BM25) index of the same chunks
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gazette.catalog import Catalog, date_to_int, int_to_date
from gazette.errors import StoreError
from gazette.keyword import KeywordIndex
from gazette.models import Chunk, RetrievedChunk

log = logging.getLogger(__name__)

MARKER = "gazette-store.json"
FORMAT = 1


@dataclass(frozen=True)
class StoreStats:
    path: str
    articles: int
    chunks: int
    embedding_model: str


def _chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    return {
        "doc_id": chunk.doc_id,
        "index": chunk.index,
        "title": chunk.title,
        "outlet": chunk.outlet,
        "outlet_key": chunk.outlet.casefold(),
        "url": chunk.url,
        # Chroma range filters take numbers only: dates are YYYYMMDD integers (0 = unknown).
        "published": date_to_int(chunk.published) or 0,
    }


def _chunk_from(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id, doc_id=str(meta["doc_id"]), index=int(meta["index"]), text=text,
        title=str(meta.get("title", "")), outlet=str(meta.get("outlet", "")), url=str(meta.get("url", "")),
        published=int_to_date(int(meta.get("published") or 0)),
    )


class Archive:
    """One Gazette store. Open it with :func:`open_archive`."""

    def __init__(self, path: Path, collection: str, embedding_model: str, dimensions: int) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.path = path
        self.embedding_model = embedding_model
        self.dimensions = dimensions
        self.catalog = Catalog(path / "articles.sqlite")
        self.keywords = KeywordIndex(path / "keywords.sqlite")
        self._client = chromadb.PersistentClient(
            path=str(path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        # embedding_function=None: we always pass vectors, and Chroma's default model would try to download.
        self.collection = self._client.get_or_create_collection(
            collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def close(self) -> None:
        self.catalog.close()
        self.keywords.close()

    # -- writing ---------------------------------------------------------------------------------------
    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        self.collection.upsert(
            ids=[c.chunk_id for c in chunks],
            embeddings=vectors,
            documents=[c.text for c in chunks],
            metadatas=[_chunk_metadata(c) for c in chunks],
        )
        self.keywords.upsert(chunks)

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        if chunk_ids:
            self.collection.delete(ids=list(chunk_ids))
            self.keywords.delete(chunk_ids)

    def ensure_keywords(self, page: int = 5000) -> int:
        """Fill an empty keyword index from the vector index (stores made before it existed); returns the count."""
        total = self.collection.count()
        if total == 0 or self.keywords.count() > 0:
            return 0
        for offset in range(0, total, page):
            res = self.collection.get(include=["documents", "metadatas"], limit=page, offset=offset)
            self.keywords.upsert([
                _chunk_from(cid, doc, meta)
                for cid, doc, meta in zip(res["ids"], res["documents"], res["metadatas"], strict=True)
            ])
        return total

    # -- reading ---------------------------------------------------------------------------------------
    def search(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[RetrievedChunk]:
        count = self.collection.count()
        if count == 0:
            return []
        res = self.collection.query(
            query_embeddings=[vector], n_results=min(k, count), where=where,
            include=["documents", "metadatas", "distances"],
        )
        out = []
        for cid, doc, meta, dist in zip(
            res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
        ):
            out.append(RetrievedChunk(chunk=_chunk_from(cid, doc, meta), score=1.0 - float(dist)))
        return out

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        if not chunk_ids:
            return []
        res = self.collection.get(ids=list(chunk_ids), include=["documents", "metadatas"])
        by_id = {
            cid: _chunk_from(cid, doc, meta)
            for cid, doc, meta in zip(res["ids"], res["documents"], res["metadatas"], strict=True)
        }
        return [by_id[c] for c in chunk_ids if c in by_id]

    def stats(self) -> StoreStats:
        return StoreStats(str(self.path), self.catalog.count(), self.collection.count(), self.embedding_model)


def is_archive(path: Path) -> bool:
    return (path / MARKER).is_file()


def open_archive(
    path: Path, *, create: bool, collection: str = "gazette", embedding_model: str = "", dimensions: int = 0
) -> Archive:
    """Open the store at ``path``. With ``create``, a missing or empty folder becomes a new store.

    Raises StoreError for a folder that is not a Gazette store, or one made with another embedding model.
    """
    path = path.expanduser()
    marker = path / MARKER
    if marker.is_file():
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: unreadable store marker {MARKER} ({exc})") from exc
        if info.get("format") != FORMAT:
            raise StoreError(f"{path}: store format {info.get('format')!r} is not supported (expected {FORMAT})")
        if embedding_model and info.get("embedding_model") != embedding_model:
            raise StoreError(
                f"{path}: store was built with {info.get('embedding_model')!r}, not {embedding_model!r}; "
                "use another --store or rebuild it"
            )
        return Archive(path, info.get("collection", collection), info["embedding_model"], int(info["dimensions"]))
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a Gazette store folder")
    # A folder holding only our own files is a store whose creation was interrupted: finish it.
    ours = {"chroma", MARKER + ".tmp", ".lock"} | {
        f"{db}{suffix}" for db in ("articles.sqlite", "keywords.sqlite") for suffix in ("", "-wal", "-shm")
    }
    if path.is_dir() and any(p.name not in ours for p in path.iterdir()):
        raise StoreError(f"{path} is not a Gazette store (no {MARKER}); choose an empty or new folder")
    if not create:
        raise StoreError(f"no Gazette store at {path}; run `gazette ingest --store {path} PATH...` first")
    if not embedding_model or not dimensions:
        raise ValueError("a new store needs the embedding model name and dimensions")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create store folder {path}: {exc.strerror or exc}") from exc
    archive = Archive(path, collection, embedding_model, dimensions)
    # The marker is written last: a folder without it was never a complete store.
    tmp = path / (MARKER + ".tmp")
    tmp.write_text(
        json.dumps(
            {"format": FORMAT, "embedding_model": embedding_model, "dimensions": dimensions, "collection": collection},
            indent=2,
        ),
        encoding="utf-8",
    )
    tmp.replace(marker)
    return archive
