"""Keyword search: BM25 over the chunks, with SQLite's FTS5 (porter stemming), persisted beside the index.

Why FTS5 rather than an in-memory BM25 package: it is updated incrementally (ingest adds and deletes chunks one
article at a time; in-memory BM25 libraries rebuild the whole index), it is transactional and on disk, and it
ships with Python's sqlite3. Its ``bm25()`` ranking is the standard Okapi BM25 (k1=1.2, b=0.75).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gazette.catalog import (
    connect,
    date_to_int,
    int_to_date,
    sqlite_errors_as_store_errors,
    sqlite_store_error,
)
from gazette.errors import StoreError
from gazette.models import Chunk, RetrievedChunk, SearchFilters
from gazette.text import STOPWORDS, words

# The index and the query-side stemming (selective_query) must tokenise alike: one definition for both.
TOKENIZER = "'porter unicode61 remove_diacritics 2'"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS kchunks (
    rowid      INTEGER PRIMARY KEY,
    chunk_id   TEXT NOT NULL UNIQUE,
    doc_id     TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    title      TEXT NOT NULL,
    outlet     TEXT NOT NULL,
    outlet_key TEXT NOT NULL,
    url        TEXT NOT NULL,
    published  INTEGER NOT NULL          -- YYYYMMDD, 0 when unknown
);
CREATE INDEX IF NOT EXISTS kchunks_doc ON kchunks(doc_id);
CREATE INDEX IF NOT EXISTS kchunks_published ON kchunks(published);
CREATE VIRTUAL TABLE IF NOT EXISTS kfts USING fts5(title, text, tokenize = {TOKENIZER});
-- A float16 copy of each chunk's unit-length embedding (rowid = kchunks.rowid), for exact search under a narrow
-- date or outlet filter (see KeywordIndex.nearest). Stores made before it get it filled by the index check.
CREATE TABLE IF NOT EXISTS kvectors (
    rowid INTEGER PRIMARY KEY,
    vec   BLOB NOT NULL
);
"""


def filter_sql(filters: SearchFilters | None) -> tuple[list[str], list[object]]:
    """SQL conditions on ``kchunks k`` for ``filters`` (the same test as gazette.retrieval.passes)."""
    where: list[str] = []
    params: list[object] = []
    if filters and filters.since:
        where.append("k.published >= ?")
        params.append(date_to_int(filters.since))
    if filters and filters.until:
        where.append("k.published <= ? AND k.published > 0")
        params.append(date_to_int(filters.until))
    if filters and filters.outlets:
        where.append(f"k.outlet_key IN ({','.join('?' * len(filters.outlets))})")
        params.extend(o.casefold() for o in filters.outlets)
    return where, params


def query_terms(text: str, max_terms: int = 32) -> list[str]:
    """The content words of ``text``, lower-cased, in order, without repeats; a possessive is its name ("Musk's":
    "musk"), so that it matches the name however the text writes it."""
    seen: list[str] = []
    for w in words(text):
        low = w.lower().removesuffix("'s")  # words() has folded curly apostrophes and left off trailing ones
        if not low or low in STOPWORDS or (len(low) < 2 and not low.isdigit()) or low in seen:
            continue
        seen.append(low)
    return seen[:max_terms]


def or_query(terms: Sequence[str]) -> str:
    """An FTS5 OR-query of ``terms`` (each quoted, so no word is read as an operator)."""
    return " OR ".join('"' + t + '"' for t in terms)


# BM25's cost grows with the postings of the query's terms. Terms found in more chunks than this add little to the
# ranking (their IDF is low) and most of the time, so a query leaves them out, keeping at least its MIN_TERMS
# rarest terms. Small archives never reach the threshold, so their queries are whole.
MAX_POSTINGS = 4000
MIN_TERMS = 3


MAX_LEADS_READ = 100_000
"""The most articles of a period whose ids :meth:`KeywordIndex.leads` reads to spread its sample over."""


DAMAGED_KEYWORDS = ("run `gazette reindex` (or any `gazette ingest`): the writer sets the file aside as "
                    "keywords.sqlite.broken and rebuilds it from the vector index")


@sqlite_errors_as_store_errors
class KeywordIndex:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """The keyword index at ``path``; ``readonly`` opens it without writing anything (readers)."""
        self.path = path
        self.readonly = readonly
        try:
            self.db = connect(path, readonly=readonly, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc
        try:
            if not readonly:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(SCHEMA)
            # Document frequencies of the index's terms (a view of the FTS index, in the connection's temp schema).
            self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kvocab USING fts5vocab(main, kfts, 'row')")
        except sqlite3.Error as exc:
            self.db.close()
            raise self._store_error(exc) from exc
        # The same tokenizer in memory, to find the indexed (stemmed) form of a query's words.
        self._tok = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._tok.execute(f"CREATE VIRTUAL TABLE q USING fts5(x, tokenize = {TOKENIZER})")
        self._tok.execute("CREATE VIRTUAL TABLE qv USING fts5vocab(q, 'instance')")
        # One connection, shared by the threads of a bot answering several questions at once: serialise it.
        self._lock = threading.RLock()
        self._outlets: tuple[int, list[str]] | None = None  # (last chunk row when read, the outlets)

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        return sqlite_store_error(exc, self.path, DAMAGED_KEYWORDS)

    def postings(self, terms: Sequence[str]) -> list[int]:
        """For each query term, the number of chunks holding it (its most frequent token, as indexed; a term of
        several tokens is counted by those of two letters or more, so the "o" of "o'neill" does not count it as
        common as a letter)."""
        with self._lock:
            self._tok.executemany("INSERT INTO q(rowid, x) VALUES (?, ?)", list(enumerate(terms)))
            tokens: dict[int, set[str]] = {}
            for row, token in self._tok.execute("SELECT doc, term FROM qv"):
                tokens.setdefault(row, set()).add(token)
            tokens = {row: {t for t in found if len(t) > 1} or found for row, found in tokens.items()}
            self._tok.execute("DELETE FROM q")
            distinct = sorted(set().union(*tokens.values())) if tokens else []
            docs = dict(self.db.execute(
                f"SELECT term, doc FROM temp.kvocab WHERE term IN ({','.join('?' * len(distinct))})", distinct
            ).fetchall()) if distinct else {}
        return [max((docs.get(t, 0) for t in tokens.get(i, ())), default=0) for i in range(len(terms))]

    def selective_query(self, text: str) -> str:
        """The FTS5 query for ``text``, without the terms too common to be worth their cost (see MAX_POSTINGS)."""
        terms = query_terms(text)
        if not terms:
            return ""
        by_rarity = sorted(zip(self.postings(terms), range(len(terms)), strict=True))
        kept = {i for n, i in by_rarity if n <= MAX_POSTINGS}
        if len(kept) < MIN_TERMS:
            kept = {i for _, i in by_rarity[:MIN_TERMS]}
        return or_query([t for i, t in enumerate(terms) if i in kept])

    def close(self) -> None:
        self.db.close()
        self._tok.close()

    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT COUNT(*) FROM kchunks").fetchone()[0])

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray | None = None) -> None:
        """Add or replace ``chunks``, with their embeddings (one row each) when given."""
        with self._lock:
            if not chunks:
                return
            blobs = vector_blobs(vectors) if vectors is not None else [None] * len(chunks)
            with self.db:
                self.db.execute("BEGIN")
                self._delete([c.chunk_id for c in chunks])
                for c, blob in zip(chunks, blobs, strict=True):
                    cur = self.db.execute(
                        "INSERT INTO kchunks (chunk_id, doc_id, idx, title, outlet, outlet_key, url, published) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        (c.chunk_id, c.doc_id, c.index, c.title, c.outlet, c.outlet.casefold(), c.url,
                         date_to_int(c.published) or 0),
                    )
                    self.db.execute("INSERT INTO kfts (rowid, title, text) VALUES (?,?,?)", (cur.lastrowid, c.title, c.text))
                    if blob is not None:
                        self.db.execute("INSERT INTO kvectors (rowid, vec) VALUES (?,?)", (cur.lastrowid, blob))

    def set_vectors(self, chunk_ids: Sequence[str], vectors: np.ndarray) -> None:
        """Store the embeddings of chunks the index already holds (ids it lacks are skipped)."""
        with self._lock, self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR REPLACE INTO kvectors (rowid, vec) SELECT rowid, ? FROM kchunks WHERE chunk_id = ?",
                zip(vector_blobs(vectors), chunk_ids, strict=True),
            )

    def ids_without_vectors(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self.db.execute(
                "SELECT k.chunk_id FROM kchunks k LEFT JOIN kvectors v ON v.rowid = k.rowid WHERE v.rowid IS NULL"
            )]

    def delete(self, chunk_ids: Sequence[str]) -> None:
        with self._lock:
            if chunk_ids:
                with self.db:
                    self.db.execute("BEGIN")
                    self._delete(chunk_ids)

    def _delete(self, chunk_ids: Sequence[str]) -> None:
        for cid in chunk_ids:
            row = self.db.execute("SELECT rowid FROM kchunks WHERE chunk_id = ?", (cid,)).fetchone()
            if row:
                self.db.execute("DELETE FROM kfts WHERE rowid = ?", (row[0],))
                self.db.execute("DELETE FROM kvectors WHERE rowid = ?", (row[0],))
                self.db.execute("DELETE FROM kchunks WHERE rowid = ?", (row[0],))

    def clear(self) -> None:
        with self._lock:
            with self.db:
                self.db.execute("BEGIN")
                self.db.execute("DELETE FROM kfts")
                self.db.execute("DELETE FROM kvectors")
                self.db.execute("DELETE FROM kchunks")

    def chunk_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self.db.execute("SELECT chunk_id FROM kchunks")}

    def search(self, query: str, k: int, filters: SearchFilters | None = None) -> list[RetrievedChunk]:
        """Top ``k`` chunks by BM25 (score: the negated FTS5 rank, higher is better)."""
        with self._lock:
            match = self.selective_query(query)
            if not match:
                return []
            where, params = filter_sql(filters)
            # Rank first, then read the k winners' columns: reading the text of every matching chunk before
            # sorting took twice as long. The chunk table joins the ranking only when a filter needs it.
            join = " JOIN kchunks k ON k.rowid = kfts.rowid" if where else ""
            where, params = ["kfts MATCH ?", *where], [match, *params]
            sql = (
                f"SELECT {CHUNK_COLUMNS}, best.score "
                f"FROM (SELECT kfts.rowid AS id, bm25(kfts, 2.0, 1.0) AS score FROM kfts{join} "
                f"WHERE {' AND '.join(where)} ORDER BY score LIMIT ?) best "
                "JOIN kchunks k ON k.rowid = best.id JOIN kfts ON kfts.rowid = best.id ORDER BY best.score"
            )
            rows = self.db.execute(sql, [*params, k]).fetchall()
            return [RetrievedChunk(chunk=_chunk(r), score=-float(r[8])) for r in rows]

    def matching_ids(self, filters: SearchFilters, limit: int) -> list[str] | None:
        """The ids of the chunks that pass ``filters``, or None when more than ``limit`` do (from the
        ``published`` index: milliseconds even on a large archive)."""
        where, params = filter_sql(filters)
        sql = f"SELECT k.chunk_id FROM kchunks k WHERE {' AND '.join(where) or '1'} LIMIT ?"
        with self._lock:
            ids = [r[0] for r in self.db.execute(sql, [*params, limit + 1])]
        return None if len(ids) > limit else ids

    def nearest(
        self, vector: np.ndarray, k: int, filters: SearchFilters, limit: int
    ) -> list[RetrievedChunk] | None:
        """The ``k`` chunks passing ``filters`` most similar to ``vector`` (cosine), scored exactly from the stored
        float16 embeddings; None when more than ``limit`` chunks pass or some of them have no stored embedding.

        Chroma's metadata filter, and even its search over a given id list, cost tens to hundreds of milliseconds
        on a large index; scoring a week's few hundred chunks here takes a few.
        """
        where, params = filter_sql(filters)
        cond = " AND ".join(where) or "1"
        with self._lock:
            # Count first (the published index alone): a broad filter gives up before reading any vector.
            passing = self.db.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM kchunks k WHERE {cond} LIMIT ?)", [*params, limit + 1]
            ).fetchone()[0]
            if passing > limit:
                return None
            if not passing:
                return []
            rows = self.db.execute(
                f"SELECT k.rowid, v.vec FROM kchunks k JOIN kvectors v ON v.rowid = k.rowid WHERE {cond}", params
            ).fetchall()
            if len(rows) < passing or len(rows[0][1]) != 2 * len(vector):  # vectors missing, or another model's
                return None
            best = top_k(np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(len(rows), -1),
                         vector, k)
            found = self._chunks_by("k.rowid", [rows[i][0] for i, _ in best])
        return [RetrievedChunk(chunk=found[rows[i][0]], score=score) for i, score in best if rows[i][0] in found]

    def last_row(self) -> int:
        """The highest chunk row: chunks written later (by any process) have higher ones."""
        with self._lock:
            return int(self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM kchunks").fetchone()[0])

    def nearest_after(
        self, vector: np.ndarray, k: int, after: int, filters: SearchFilters | None, limit: int
    ) -> list[RetrievedChunk] | None:
        """Like :meth:`nearest`, over the chunks written after row ``after`` only: what a reader's vector index,
        opened before another process ingested them, cannot see yet. None when more than ``limit`` are new."""
        where, params = filter_sql(filters)
        cond = " AND ".join(["k.rowid > ?", *where])
        with self._lock:
            rows = self.db.execute(
                f"SELECT k.rowid, v.vec FROM kchunks k JOIN kvectors v ON v.rowid = k.rowid WHERE {cond} LIMIT ?",
                [after, *params, limit + 1],
            ).fetchall()
            if len(rows) > limit:
                return None
            if not rows or len(rows[0][1]) != 2 * len(vector):
                return []
            best = top_k(np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(len(rows), -1),
                         vector, k)
            found = self._chunks_by("k.rowid", [rows[i][0] for i, _ in best])
        return [RetrievedChunk(chunk=found[rows[i][0]], score=score) for i, score in best if rows[i][0] in found]

    def vector_table(self) -> tuple[list[str], dict[str, np.ndarray], np.ndarray] | None:
        """Every chunk's id, filter columns (doc_id, published, outlet_key) and float16 unit vector, in row order;
        None when some chunk has no stored vector. For searching without Chroma (a read-only store)."""
        with self._lock:
            rows = self.db.execute(
                "SELECT k.chunk_id, k.doc_id, k.published, k.outlet_key, v.vec FROM kchunks k "
                "LEFT JOIN kvectors v ON v.rowid = k.rowid ORDER BY k.rowid"
            ).fetchall()
        if any(r[4] is None for r in rows):
            return None
        columns = {
            "doc_id": np.asarray([r[1] for r in rows], dtype=object),
            "published": np.asarray([r[2] for r in rows], dtype=np.int64),
            "outlet_key": np.asarray([r[3] for r in rows], dtype=object),
        }
        width = len(rows[0][4]) // 2 if rows else 0
        matrix = np.frombuffer(b"".join(r[4] for r in rows), dtype=np.float16).reshape(len(rows), width)
        return [r[0] for r in rows], columns, matrix

    def article_chunks(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one article, in order."""
        with self._lock:
            rows = self.db.execute(
                f"SELECT {CHUNK_COLUMNS} FROM kchunks k "
                "JOIN kfts ON kfts.rowid = k.rowid WHERE k.doc_id = ? ORDER BY k.idx",
                (doc_id,),
            ).fetchall()
            return [_chunk(r) for r in rows]

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        """The chunks of these ids that the index holds, by id."""
        return self._chunks_by("k.chunk_id", chunk_ids)

    def _chunks_by(self, column: str, keys: Sequence[Any]) -> dict[Any, Chunk]:
        """The chunks whose ``column`` (chunk id or row id) is one of ``keys``, by that key."""
        out: dict[Any, Chunk] = {}
        with self._lock:
            for start in range(0, len(keys), 500):  # under SQLite's limit on bound parameters
                batch = list(keys[start:start + 500])
                rows = self.db.execute(
                    f"SELECT {CHUNK_COLUMNS}, {column} FROM kchunks k JOIN kfts ON kfts.rowid = k.rowid "
                    f"WHERE {column} IN ({','.join('?' * len(batch))})",
                    batch,
                ).fetchall()
                out.update((r[8], _chunk(r)) for r in rows)
        return out

    def chunks_with_vectors(self, doc_ids: Sequence[str]) -> list[tuple[Chunk, np.ndarray | None]]:
        """Every chunk of these articles with its stored unit vector (float16; None when not stored yet), by
        article id then position: read through the article index, so the cost follows the articles asked for,
        not the size of the archive (watches read a run's new articles this way)."""
        out: list[tuple[Chunk, np.ndarray | None]] = []
        with self._lock:
            for start in range(0, len(doc_ids), 500):
                batch = list(doc_ids[start:start + 500])
                rows = self.db.execute(
                    f"SELECT {CHUNK_COLUMNS}, v.vec FROM kchunks k JOIN kfts ON kfts.rowid = k.rowid "
                    f"LEFT JOIN kvectors v ON v.rowid = k.rowid WHERE k.doc_id IN ({','.join('?' * len(batch))}) "
                    "ORDER BY k.doc_id, k.idx",
                    batch,
                ).fetchall()
                out.extend((_chunk(r), np.frombuffer(r[8], dtype=np.float16) if r[8] is not None else None)
                           for r in rows)
        return out

    def outlets(self) -> list[str]:
        """Every outlet of the indexed articles, as first written, sorted. One scan of the chunk rows, read again
        only when chunks have been written since (by this or another process), so a question pays for it once."""
        with self._lock:
            last = self.last_row()
            if self._outlets is None or self._outlets[0] != last:
                names = self.db.execute("SELECT MIN(outlet) FROM kchunks WHERE outlet_key != '' GROUP BY outlet_key")
                self._outlets = (last, sorted(str(r[0]) for r in names))
            return list(self._outlets[1])

    def leads(self, filters: SearchFilters | None, limit: int) -> list[tuple[Chunk, np.ndarray | None]]:
        """The first chunk of each article passing ``filters`` (dated ones only), newest first, with its stored unit
        vector (None when not stored yet): all of them, or ``limit`` spread evenly over the period, newest and
        oldest included (a year is not read as its last weeks). Read through the ``published`` index, so the cost
        follows the period asked for, not the size of the archive."""
        where, params = filter_sql(filters)
        with self._lock:
            rowids = [r[0] for r in self.db.execute(
                f"SELECT k.rowid FROM kchunks k WHERE {' AND '.join(['k.idx = 0', 'k.published > 0', *where])} "
                "ORDER BY k.published DESC, k.rowid DESC LIMIT ?", [*params, MAX_LEADS_READ if limit > 1 else limit])]
            if len(rowids) > limit:
                rowids = [rowids[round(i * (len(rowids) - 1) / max(limit - 1, 1))] for i in range(limit)]
            rows = []
            for start in range(0, len(rowids), 500):  # under SQLite's limit on bound parameters
                batch = rowids[start:start + 500]
                rows += self.db.execute(
                    f"SELECT {CHUNK_COLUMNS}, v.vec, k.rowid FROM kchunks k JOIN kfts ON kfts.rowid = k.rowid "
                    f"LEFT JOIN kvectors v ON v.rowid = k.rowid WHERE k.rowid IN ({','.join('?' * len(batch))})",
                    batch).fetchall()
        position = {rowid: i for i, rowid in enumerate(rowids)}
        rows.sort(key=lambda r: position[r[9]])
        return [(_chunk(r), np.frombuffer(r[8], dtype=np.float16) if r[8] is not None else None) for r in rows]

    def neighbours(self, doc_id: str, index: int) -> list[Chunk]:
        with self._lock:
            rows = self.db.execute(
                f"SELECT {CHUNK_COLUMNS} FROM kchunks k "
                "JOIN kfts ON kfts.rowid = k.rowid WHERE k.doc_id = ? AND k.idx IN (?, ?) ORDER BY k.idx",
                (doc_id, index - 1, index + 1),
            ).fetchall()
            return [_chunk(r) for r in rows]


def vector_blobs(vectors: np.ndarray) -> list[bytes]:
    """Each row of ``vectors``, scaled to unit length, as float16 bytes (pure)."""
    m = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return [row.tobytes() for row in (m / np.where(norms > 0, norms, 1.0)).astype(np.float16)]


def top_k(matrix: np.ndarray, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(row, cosine similarity) of the ``k`` rows of ``matrix`` (unit length) nearest ``vector``, best first (pure)."""
    if k <= 0 or not len(matrix):
        return []
    q = np.asarray(vector, dtype=np.float32)
    q = q / (np.linalg.norm(q) or 1.0)
    scores = matrix.astype(np.float32) @ q
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return [(int(i), float(scores[i])) for i in top[np.argsort(-scores[top], kind="stable")]]


# The columns _chunk reads, in its order (``k`` is kchunks, joined with kfts on rowid).
CHUNK_COLUMNS = "k.chunk_id, k.doc_id, k.idx, k.title, k.outlet, k.url, k.published, kfts.text"


def _chunk(r: Any) -> Chunk:
    return Chunk(chunk_id=r[0], doc_id=r[1], index=r[2], title=r[3], outlet=r[4], url=r[5],
                 published=int_to_date(r[6]), text=r[7])
