"""The archive folder: a marker file, the article catalog (SQLite) and the vector index (Chroma).

Layout of a store folder::

    gazette-store.json   marker: format version, embedding model, dimensions, collection
    articles.sqlite      the catalog (source of truth)
    chroma/              the Chroma index of chunks (dense vectors); absent in server mode
    keywords.sqlite      the keyword (BM25) index of the same chunks; vector search reads chunk texts from it
    .lock                held by the one process writing (ingest, reindex); readers do not take it

In server mode (a :class:`ChromaServer` is given) the vectors live in a collection on a Chroma server and
everything else stays in the folder: processes sharing a store share the folder (same host or a shared volume)
and the server. The writer lock is still the folder's file lock.

Damage and trouble are one StoreError line each, saying how to recover: a marker that is not the JSON object
Gazette writes, SQLite files that are garbage or truncated, a full disk, a read-only folder. Readers write
nothing: on a read-only volume, where Chroma cannot open its index, they search the keyword index's copy of the
vectors instead. A writer repairs what it can: a damaged catalog or keyword index is moved aside (``.broken``)
and rebuilt from the vector index, a marker whose dimensions the embedding model contradicts is corrected.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gazette.catalog import Catalog, count_articles, date_to_int, int_to_date, is_damaged
from gazette.errors import StoreError
from gazette.keyword import KeywordIndex
from gazette.models import Chunk, RetrievedChunk
from gazette.settings import StoreSettings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

MARKER = "gazette-store.json"
FORMAT = 1


@dataclass(frozen=True)
class Marker:
    """What the store's marker file says."""

    embedding_model: str
    dimensions: int
    collection: str


def parse_marker(text: str, default_collection: str = "gazette") -> Marker:
    """The marker's fields; ValueError saying what is wrong with it (pure)."""
    info = json.loads(text)
    if not isinstance(info, dict):
        raise ValueError(f"a JSON {type(info).__name__}, not an object")
    if info.get("format") != FORMAT:
        raise ValueError(f"store format {info.get('format')!r} is not supported (expected {FORMAT})")
    model, dims = info.get("embedding_model"), info.get("dimensions")
    collection = info.get("collection", default_collection)
    if not isinstance(model, str) or not model.strip():
        raise ValueError(f"embedding_model {model!r} is not a model name")
    if not isinstance(dims, int) or isinstance(dims, bool) or not 0 < dims <= 65536:
        raise ValueError(f"dimensions {dims!r} is not a positive whole number")
    if not isinstance(collection, str) or len(collection) < 3:
        raise ValueError(f"collection {collection!r} is not a collection name (3 characters or more)")
    return Marker(model, dims, collection)


def marker_text(embedding_model: str, dimensions: int, collection: str) -> str:
    return json.dumps({"format": FORMAT, "embedding_model": embedding_model, "dimensions": dimensions,
                       "collection": collection}, indent=2)


def _write_marker(path: Path, embedding_model: str, dimensions: int, collection: str) -> None:
    """Write the marker atomically (a temporary file, then a rename)."""
    tmp = path / (MARKER + ".tmp")
    try:
        tmp.write_text(marker_text(embedding_model, dimensions, collection), encoding="utf-8")
        tmp.replace(path / MARKER)
    except OSError as exc:
        raise os_store_error(exc, path) from exc


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error (OSError, SQLite's or Chroma's) says the disk is full (pure)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "disk is full" in text or "no space left" in text or "disk full" in text


def os_store_error(exc: OSError, path: Path) -> StoreError:
    """One line for an operating system error on the store folder ``path`` (pure)."""
    why = exc.strerror or str(exc)
    if is_disk_full(exc):
        return StoreError(f"no space left on the device holding {path} ({why}): free some space and run the command "
                          "again (nothing is lost: the next run finishes the interrupted write)")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError(f"cannot write to {path} ({why}): asking works on a read-only store, but ingest and "
                          "reindex need to write; run them where the store is writable")
    return StoreError(f"cannot use the store at {path} ({why})")


@dataclass(frozen=True)
class ChromaServer:
    """Where a Chroma server listens (server mode)."""

    host: str
    port: int = 8000
    ssl: bool = False
    token: str = field(default="", repr=False)

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl else 'http'}://{self.host}:{self.port}"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


def chroma_server(settings: StoreSettings) -> ChromaServer | None:
    """The Chroma server the settings name (server mode), or None for vectors in the store folder."""
    if not settings.chroma_host:
        return None
    return ChromaServer(settings.chroma_host, settings.chroma_port, settings.chroma_ssl,
                        settings.chroma_token.get_secret_value())


@dataclass(frozen=True)
class ArchiveCounts:
    """How big an archive is: articles in the catalog, chunks in the vector index."""

    articles: int
    chunks: int


@dataclass(frozen=True)
class StoreInfo:
    """What `gazette status` shows of a store."""

    path: str
    articles: int
    chunks: int
    embedding_model: str
    collection: str


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
        "language": chunk.language,
    }


CHUNK_METADATA_KEYS = frozenset({"doc_id", "index", "title", "outlet", "outlet_key", "url", "published", "language"})
"""The metadata fields Gazette writes with every chunk (see _chunk_metadata)."""


def _chunk_from(chunk_id: str, text: str, meta: Mapping[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id, doc_id=str(meta["doc_id"]), index=int(meta["index"]), text=text,
        title=str(meta.get("title", "")), outlet=str(meta.get("outlet", "")), url=str(meta.get("url", "")),
        published=int_to_date(int(meta.get("published") or 0)), language=str(meta.get("language", "")),
    )


def _reason(exc: BaseException) -> str:
    """One line about why a Chroma call failed."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _index_error(exc: BaseException, path: Path, doing: str) -> StoreError:
    """One line for a Chroma call that failed on the store at ``path`` (pure)."""
    if isinstance(exc, StoreError):
        return exc
    if is_disk_full(exc):
        return StoreError(f"no space left on the device holding {path} ({_reason(exc)}): free some space and run "
                          "the command again (nothing is lost: the next run finishes the interrupted write)")
    return StoreError(f"{path}: the vector index failed while {doing} ({_reason(exc)}); if this persists, run "
                      "`gazette reindex` to rebuild it from the catalog")


SEARCH_ATTEMPTS = 4
"""How many times a search is tried while Chroma has not yet written the index segment a concurrent write just
created ("Nothing found on disk"): a question asked while the first articles of a store are ingested."""


def segment_not_ready(exc: BaseException) -> bool:
    """Whether a Chroma error is its index segment not written yet by a concurrent writer (pure): transient, unlike
    a damaged index."""
    return "Nothing found on disk" in str(exc)


def where_mask(where: dict[str, Any], columns: dict[str, np.ndarray]) -> np.ndarray:
    """Which rows pass a Chroma ``where`` filter, over metadata given as equal-length column arrays (pure).

    Supports what Gazette's filters use and a little more: ``$and``, ``$or``, ``{field: value}`` and the
    operators ``$eq``, ``$ne``, ``$gt``, ``$gte``, ``$lt``, ``$lte``, ``$in`` and ``$nin``.
    """
    size = len(next(iter(columns.values()))) if columns else 0
    mask = np.ones(size, dtype=bool)
    for key, cond in where.items():
        if key in ("$and", "$or"):
            parts = [where_mask(c, columns) for c in cond]
            mask &= np.logical_and.reduce(parts) if key == "$and" else np.logical_or.reduce(parts)
            continue
        col = columns[key]
        ops = cond if isinstance(cond, dict) else {"$eq": cond}
        for op, value in ops.items():
            if op == "$eq":
                mask &= col == value
            elif op == "$ne":
                mask &= col != value
            elif op == "$gt":
                mask &= col > value
            elif op == "$gte":
                mask &= col >= value
            elif op == "$lt":
                mask &= col < value
            elif op == "$lte":
                mask &= col <= value
            elif op in ("$in", "$nin"):
                found = np.isin(col, list(value))
                mask &= found if op == "$in" else ~found
            else:
                raise ValueError(f"unsupported filter operator {op!r}")
    return mask


class VectorsFromKeywords:
    """The calls a reader makes of a Chroma collection, answered from the keyword index's float16 copy of every
    chunk's vector (exact cosine search). Used where Chroma cannot open the index: a read-only store."""

    def __init__(self, keywords: KeywordIndex) -> None:
        self._keywords = keywords
        self._table: tuple[list[str], dict[str, np.ndarray], np.ndarray] | None = None

    def _loaded(self) -> tuple[list[str], dict[str, np.ndarray], np.ndarray]:
        if self._table is None:
            table = self._keywords.vector_table()
            if table is None:
                raise StoreError(f"{self._keywords.path.parent}: the vector index cannot be opened on this read-only "
                                 "store, and the keyword index lacks some vectors: open the store once where it is "
                                 "writable (any `gazette ingest` fills them)")
            ids, columns, matrix = table
            self._table = ids, columns, matrix
        return self._table

    def count(self) -> int:
        return self._keywords.count()

    def get(self, ids: Sequence[str] | None = None, include: Sequence[str] = (), limit: int | None = None,
            offset: int | None = None, **_: Any) -> dict[str, Any]:
        if ids is None:
            ordered = sorted(self._keywords.chunk_ids())
            ids = ordered[offset or 0:(offset or 0) + limit if limit is not None else None]
        chunks = self._keywords.chunks(list(ids))
        found = [c for c in ids if c in chunks]
        return {"ids": found, "documents": [chunks[c].text for c in found],
                "metadatas": [_chunk_metadata(chunks[c]) for c in found]}

    def query(self, query_embeddings: Sequence[Any], n_results: int = 10, where: dict[str, Any] | None = None,
              ids: Sequence[str] | None = None, **_: Any) -> dict[str, Any]:
        chunk_ids, columns, matrix = self._loaded()
        mask = where_mask(where, columns) if where else np.ones(len(chunk_ids), dtype=bool)
        if ids is not None:
            mask &= np.isin(np.asarray(chunk_ids, dtype=object), list(ids))
        rows = np.flatnonzero(mask)
        out_ids, out_dist = [], []
        for q in query_embeddings:
            from gazette.keyword import top_k

            best = top_k(matrix[rows], np.asarray(q, dtype=np.float32), n_results) if len(rows) else []
            out_ids.append([chunk_ids[rows[i]] for i, _ in best])
            out_dist.append([1.0 - score for _, score in best])
        return {"ids": out_ids, "distances": out_dist}


def _forget_chroma_system(index: Path) -> None:
    """Chroma caches one "system" per path, even one whose start-up failed (it is cached before it starts):
    drop the one for ``index`` so that opening it again really starts afresh."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        for ident, system in list(SharedSystemClient._identifier_to_system.items()):
            where = system.settings.persist_directory
            if where and Path(where).resolve() == index.resolve():
                SharedSystemClient._identifier_to_system.pop(ident, None)
                SharedSystemClient._identifier_to_refcount.pop(ident, None)
    except Exception:  # a private cache: if its shape changes, a retry merely fails as before
        log.debug("could not clear Chroma's cached system for %s", index, exc_info=True)


class Archive:
    """One Gazette store. Open it with :func:`open_archive`.

    With ``repair`` (writers only), an index that Chroma cannot open is moved out of the way and started
    afresh; ``index_reset`` then says so, and the caller re-embeds the catalog into it. With ``server``, the
    vectors live on that Chroma server; one that cannot be reached is an error, never a reason to rebuild.
    """

    def __init__(
        self, path: Path, collection: str, embedding_model: str, dimensions: int, *, repair: bool = False,
        lock: Any = None, server: ChromaServer | None = None,
    ) -> None:
        self.path = path
        self.server = server
        self.embedding_model = embedding_model
        self.dimensions = dimensions
        self.collection_name = collection
        self.index_reset = False
        self._client: ClientAPI | None = None
        # A Chroma collection; on a read-only store, VectorsFromKeywords answers the reads a reader makes of it.
        self.collection: Collection
        self.repairs: list[str] = []
        """What opening repaired, in words (a writer's health check reports them)."""
        self._lock = lock
        self._client = None
        self.catalog = self._open_sqlite(Catalog, "articles.sqlite", repair, "the articles are rebuilt from the "
                                         "vector index")
        try:
            self.keywords = self._open_sqlite(KeywordIndex, "keywords.sqlite", repair, "it is rebuilt from the vector "
                                              "index")
        except BaseException:
            self.catalog.close()
            raise
        try:
            self._open_index()
        except Exception as exc:
            if server is not None:
                self._close_files()
                raise StoreError(
                    f"cannot use collection {collection!r} on the Chroma server at {server.url}: {_reason(exc)}"
                ) from exc
            if not repair and not os.access(path, os.W_OK):
                # Chroma cannot open an index it may not write (a read-only volume): a reader needs no writing.
                log.info("the vector index at %s cannot be opened read-only (%s); searching the keyword index's "
                         "copy of the vectors", path, _reason(exc))
                self._close_client()
                self.collection = VectorsFromKeywords(self.keywords)  # type: ignore[assignment]  # the reads only
                return
            if not repair:
                self._close_files()
                raise StoreError(f"{path}: the vector index cannot be opened ({_reason(exc)}); run `gazette reindex` "
                                 "to rebuild it from the catalog") from exc
            log.warning("the vector index at %s cannot be opened (%s); rebuilding it from the catalog", path, exc)
            try:
                self._discard_index()
                self._open_index()
            except Exception as again:
                self._close_files()
                if isinstance(again, OSError):
                    raise os_store_error(again, path) from again
                raise _index_error(again, path, "being rebuilt") from again
            self.index_reset = True

    def _open_sqlite(self, kind: Callable[..., Any], name: str, writer: bool, rebuilt: str) -> Any:
        """Open the catalog or keyword index: read-only for readers; a writer moves a damaged file aside and starts
        it afresh (the health check then rebuilds its content from the vector index)."""
        path = self.path / name
        try:
            return kind(path, readonly=not writer)
        except StoreError as exc:
            if not writer or not is_damaged(exc.__cause__ or exc):
                raise
            aside = _move_aside(path)
            log.warning("%s is damaged (%s); moved aside as %s", path, exc.__cause__, aside.name)
            self.repairs.append(f"{name} was damaged ({exc.__cause__}): it was moved aside as {aside.name}, and "
                                f"{rebuilt}")
            return kind(path, readonly=False)

    def _close_files(self) -> None:
        self.catalog.close()
        self.keywords.close()

    def _open_index(self) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self._client = None
        client: ClientAPI
        if self.server is not None:
            client = chromadb.HttpClient(
                host=self.server.host, port=self.server.port, ssl=self.server.ssl, headers=self.server.headers(),
                settings=ChromaSettings(anonymized_telemetry=False),
            )
        else:
            client = chromadb.PersistentClient(
                path=str(self.path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
            )
        self._client = client
        # embedding_function=None: we always pass vectors, and Chroma's default model would try to download.
        self.collection = client.get_or_create_collection(
            self.collection_name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def _discard_index(self) -> None:
        """Close the Chroma client (if any) and move the index folder aside (kept for inspection)."""
        self._close_client()
        _forget_chroma_system(self.path / "chroma")
        index = self.path / "chroma"
        if index.exists():
            aside = self.path / "chroma.broken"
            shutil.rmtree(aside, ignore_errors=True)
            index.replace(aside)

    def _close_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                # Client.close() exists on the concrete clients (chromadb 1.x), not on the ClientAPI interface.
                getattr(client, "close")()  # noqa: B009
            except Exception:  # closing is best effort; the process may be ending anyway
                log.debug("closing the Chroma client failed", exc_info=True)

    def reset_index(self) -> None:
        """Drop the collection and create it empty (the catalog is untouched). Writers only."""
        self.keywords.clear()
        client = self._client
        assert client is not None, "the index is open while the archive is"
        try:
            client.delete_collection(self.collection_name)
        except Exception as exc:
            if self.server is not None:
                raise StoreError(
                    f"cannot reset collection {self.collection_name!r} on the Chroma server at {self.server.url}: "
                    f"{_reason(exc)}"
                ) from exc
            log.warning("dropping the collection failed; moving the index folder aside", exc_info=True)
            self._discard_index()
            self._open_index()
            return
        self.collection = client.get_or_create_collection(
            self.collection_name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def close(self) -> None:
        self.catalog.close()
        self.keywords.close()
        self._close_client()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- writing ---------------------------------------------------------------------------------------
    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        try:
            self.collection.upsert(
                ids=[c.chunk_id for c in chunks],
                embeddings=vectors,
                documents=[c.text for c in chunks],
                metadatas=[_chunk_metadata(c) for c in chunks],
            )
        except Exception as exc:  # Chroma raises many types: one line, the catalog's protocol recovers next run
            raise _index_error(exc, self.path, "writing chunks") from exc
        self.keywords.upsert(chunks, vectors)

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        if chunk_ids:
            try:
                self.collection.delete(ids=list(chunk_ids))
            except Exception as exc:  # noqa: BLE001 - as in upsert
                raise _index_error(exc, self.path, "deleting chunks") from exc
            self.keywords.delete(chunk_ids)

    def sync_keywords(self, page: int = 5000) -> int:
        """Make the keyword index hold exactly the vector index's chunks, and their vectors (it is derived from them).

        Fills the keyword index of a store made before it existed (or before it kept vectors), and repairs one cut
        short by a crash. Returns the number of chunks added, removed or given their vector.
        """
        changed = 0
        if self.keywords.count() != self.collection.count():
            present, wanted = self.keywords.chunk_ids(), self.all_chunk_ids()
            extra = sorted(present - wanted)
            self.keywords.delete(extra)
            missing = sorted(wanted - present)
            for i in range(0, len(missing), page):
                res = self.collection.get(ids=missing[i:i + page], include=["documents", "metadatas", "embeddings"])
                self.keywords.upsert([
                    _chunk_from(cid, doc, meta)
                    for cid, doc, meta in zip(res["ids"], res["documents"] or [], res["metadatas"] or [], strict=True)
                ], np.asarray(res["embeddings"]))
            changed += len(extra) + len(missing)
        without = self.keywords.ids_without_vectors()
        for i in range(0, len(without), page):
            res = self.collection.get(ids=without[i:i + page], include=["embeddings"])
            if res["ids"]:
                self.keywords.set_vectors(res["ids"], np.asarray(res["embeddings"]))
            changed += len(res["ids"])
        return changed

    def search(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None, ids: Sequence[str] | None = None,
    ) -> list[RetrievedChunk]:
        """The ``k`` nearest chunks; ``where`` filters on metadata, ``ids`` limits the search to those chunks."""
        # No count() first to cap ``k``: Chroma returns what it has, and count() cost 17 ms at 195,000 chunks.
        if ids is not None and not ids:
            return []
        # Chroma returns ids and distances only: reading 50 documents and metadata back from its SQLite took
        # most of a query's time on a large store. The keyword index holds the same chunks (one write path fills
        # both) and reads them by primary key; Chroma is asked only for any it lacks.
        from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

        try:
            for attempt in Retrying(stop=stop_after_attempt(SEARCH_ATTEMPTS), wait=wait_exponential(0.05, max=0.5),
                                    retry=retry_if_exception(segment_not_ready), reraise=True):
                with attempt:
                    res = self.collection.query(
                        query_embeddings=[vector], n_results=min(k, len(ids)) if ids is not None else k, where=where,
                        ids=list(ids) if ids is not None else None, include=["distances"],
                    )
        except Exception as exc:  # noqa: BLE001 - a damaged index: one line, not a traceback
            raise _index_error(exc, self.path, "searching") from exc
        found_ids = res["ids"][0]
        chunks = self.keywords.chunks(found_ids)
        missing = [cid for cid in found_ids if cid not in chunks]
        if missing:
            chunks.update((c.chunk_id, c) for c in self.get_chunks(missing))
        return [
            RetrievedChunk(chunk=chunks[cid], score=1.0 - float(dist))
            for cid, dist in zip(found_ids, (res["distances"] or [[]])[0], strict=True) if cid in chunks
        ]

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        if not chunk_ids:
            return []
        try:
            res = self.collection.get(ids=list(chunk_ids), include=["documents", "metadatas"])
        except Exception as exc:  # noqa: BLE001 - a damaged index: one line, not a traceback
            raise _index_error(exc, self.path, "reading chunks") from exc
        by_id = {
            cid: _chunk_from(cid, doc, meta)
            for cid, doc, meta in zip(res["ids"], res["documents"] or [], res["metadatas"] or [], strict=True)
        }
        return [by_id[c] for c in chunk_ids if c in by_id]

    def index_chunks(self, chunk_ids: Sequence[str]) -> list[tuple[Chunk, bool]]:
        """The vector index's chunks of these ids, each with whether Gazette wrote it (its metadata has every
        field Gazette writes); for rebuilding articles the catalog lost."""
        if not chunk_ids:
            return []
        try:
            res = self.collection.get(ids=list(chunk_ids), include=["documents", "metadatas"])
        except Exception as exc:  # noqa: BLE001 - a damaged index: one line, not a traceback
            raise _index_error(exc, self.path, "reading chunks") from exc
        out = []
        for cid, doc, meta in zip(res["ids"], res["documents"] or [], res["metadatas"] or [], strict=True):
            try:
                out.append((_chunk_from(cid, doc or "", meta or {}), CHUNK_METADATA_KEYS <= set(meta or {})))
            except (KeyError, TypeError, ValueError):
                continue  # not even a chunk's shape: nothing to rebuild from
        return out

    def all_chunk_ids(self, page: int = 10_000) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=page, offset=offset)["ids"]
            ids.update(got)
            if len(got) < page:
                return ids
            offset += page

    def counts(self) -> ArchiveCounts:
        """Articles in the catalog (read through a read-only connection of its own, so that any thread may ask,
        a writer's included) and chunks in the vector index."""
        try:
            chunks = self.collection.count()
        except Exception as exc:  # noqa: BLE001 - a damaged index: one line, not a traceback
            raise _index_error(exc, self.path, "counting chunks") from exc
        return ArchiveCounts(articles=count_articles(self.path / "articles.sqlite"), chunks=chunks)

    def info(self) -> StoreInfo:
        counts = self.counts()
        return StoreInfo(str(self.path), counts.articles, counts.chunks, self.embedding_model, self.collection_name)


def _move_aside(path: Path) -> Path:
    """Rename a damaged SQLite file (and its -wal and -shm) to ``NAME.broken``, replacing an older one."""
    aside = path.with_name(path.name + ".broken")
    try:
        for suffix in ("", "-wal", "-shm"):
            src, dst = Path(str(path) + suffix), Path(str(aside) + suffix)
            if src.exists():
                src.replace(dst)
            elif dst.exists():
                dst.unlink()
    except OSError as exc:
        raise os_store_error(exc, path.parent) from exc
    return aside


def is_archive(path: Path) -> bool:
    return (path / MARKER).is_file()


def source_states(path: Path) -> dict[str, Any]:
    """The named sources' ingest state in the store at ``path`` ({} when there is no store yet).

    Opens a connection of its own, so any thread may call it while a writer works.
    """
    if not is_archive(path):
        return {}
    catalog = Catalog(path / "articles.sqlite", readonly=True)
    try:
        return catalog.source_states()
    finally:
        catalog.close()


LOCK = ".lock"


def _writer_lock(path: Path) -> Any:
    """Take the store's writer lock without waiting; StoreError if another process holds it.

    The lock is an OS file lock: it goes with the process, so a killed writer never leaves it behind.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(str(path / LOCK), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{path} is being written by another gazette process (ingest or reindex); try again when it has finished"
        ) from None
    except OSError as exc:  # a read-only folder, a full disk
        raise os_store_error(exc, path) from exc
    return lock


def _open_locked(path: Path, writer: bool, **kwargs: Any) -> Archive:
    lock = _writer_lock(path) if writer else None
    try:
        return Archive(path, repair=writer, lock=lock, **kwargs)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def open_archive(
    path: Path, *, create: bool, collection: str = "gazette", embedding_model: str = "", dimensions: int = 0,
    writer: bool | None = None, server: ChromaServer | None = None,
) -> Archive:
    """Open the store at ``path``. With ``create``, a missing or empty folder becomes a new store.

    A writer (``writer``, by default the same as ``create``) holds the store's lock until ``close()``, and may
    rebuild an index Chroma cannot open. With ``server``, the vectors are read from and written to that Chroma
    server (the folder keeps the marker, catalog, keyword index and lock). Raises StoreError for a folder that
    is not a Gazette store, one made with another embedding model, or one another process is writing.
    """
    writer = create if writer is None else writer
    path = path.expanduser()
    marker = path / MARKER
    if marker.is_file():
        info = _read_marker(path, embedding_model, dimensions, collection)
        if embedding_model and info.embedding_model != embedding_model:
            raise StoreError(
                f"{path}: store was built with {info.embedding_model!r}, not {embedding_model!r}; "
                "use another --store or rebuild it"
            )
        wrong_dims = bool(dimensions) and info.dimensions != dimensions
        if wrong_dims and not writer:
            raise StoreError(
                f"{marker} says the vectors have {info.dimensions} dimensions, but {info.embedding_model} makes "
                f"{dimensions}: the marker is wrong; any `gazette ingest` (or `gazette reindex`) corrects it"
            )
        archive = _open_locked(
            path, writer, collection=info.collection, embedding_model=info.embedding_model,
            dimensions=dimensions if wrong_dims else info.dimensions, server=server,
        )
        if wrong_dims:
            # The model decides its vectors' size. Believing the marker made every run's health check probe the
            # index with the wrong size, find it "unusable" and rebuild the whole index, run after run.
            try:
                _write_marker(path, info.embedding_model, dimensions, info.collection)
            except BaseException:
                archive.close()
                raise
            archive.repairs.append(f"the store marker said {info.dimensions} dimensions, but {info.embedding_model} "
                                   f"makes {dimensions}: the marker was corrected")
        return archive
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a Gazette store folder")
    # A folder holding only our own files is a store whose creation was interrupted: finish it.
    ours = {"chroma", "chroma.broken", MARKER + ".tmp", LOCK} | {
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
    archive = _open_locked(path, True, collection=collection, embedding_model=embedding_model, dimensions=dimensions,
                           server=server)
    if server is not None and archive.catalog.count() == 0 and archive.collection.count():
        # Two store folders sharing one server collection would delete each other's chunks as "orphans".
        held = archive.collection.count()
        archive.close()
        raise StoreError(
            f"collection {collection!r} on the Chroma server at {server.url} already holds {held} chunks of "
            "another store; choose another GAZETTE_STORE__COLLECTION for this one"
        )
    # The marker is written last: a folder without it was never a complete store.
    try:
        _write_marker(path, embedding_model, dimensions, collection)
    except BaseException:
        archive.close()
        raise
    return archive


def _read_marker(path: Path, embedding_model: str, dimensions: int, collection: str) -> Marker:
    """The marker of the store at ``path``; StoreError saying what is wrong and what to write instead."""
    try:
        return parse_marker((path / MARKER).read_text(encoding="utf-8"), collection)
    except (OSError, UnicodeError, ValueError, RecursionError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        model = embedding_model or "all-MiniLM-L6-v2"
        dims = dimensions or 384
        raise StoreError(
            f"{path}: unreadable store marker {MARKER} ({why}); restore it from a backup, or write it again as "
            f"{json.dumps(json.loads(marker_text(model, dims, collection)))} (the model and collection this store "
            "was built with)"
        ) from exc
