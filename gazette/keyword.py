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

from gazette.catalog import date_to_int, int_to_date
from gazette.models import Chunk, RetrievedChunk, SearchFilters
from gazette.text import STOPWORDS, words

SCHEMA = """
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
CREATE VIRTUAL TABLE IF NOT EXISTS kfts USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2');
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


def fts_query(text: str, max_terms: int = 32) -> str:
    """An FTS5 OR-query of the content words of ``text`` (each quoted, so no word is read as an operator)."""
    seen: list[str] = []
    for w in words(text):
        low = w.lower().replace("’", "'").strip("'")
        if not low or low in STOPWORDS or (len(low) < 2 and not low.isdigit()) or low in seen:
            continue
        seen.append(low)
    return " OR ".join('"' + t.replace('"', "") + '"' for t in seen[:max_terms])


class KeywordIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        # One connection, shared by the threads of a bot answering several questions at once: serialise it.
        self._lock = threading.RLock()

    def close(self) -> None:
        self.db.close()

    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT COUNT(*) FROM kchunks").fetchone()[0])

    def upsert(self, chunks: Sequence[Chunk]) -> None:
        with self._lock:
            if not chunks:
                return
            with self.db:
                self.db.execute("BEGIN")
                self._delete([c.chunk_id for c in chunks])
                for c in chunks:
                    cur = self.db.execute(
                        "INSERT INTO kchunks (chunk_id, doc_id, idx, title, outlet, outlet_key, url, published) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        (c.chunk_id, c.doc_id, c.index, c.title, c.outlet, c.outlet.casefold(), c.url,
                         date_to_int(c.published) or 0),
                    )
                    self.db.execute("INSERT INTO kfts (rowid, title, text) VALUES (?,?,?)", (cur.lastrowid, c.title, c.text))

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
                self.db.execute("DELETE FROM kchunks WHERE rowid = ?", (row[0],))

    def clear(self) -> None:
        with self._lock:
            with self.db:
                self.db.execute("BEGIN")
                self.db.execute("DELETE FROM kfts")
                self.db.execute("DELETE FROM kchunks")

    def chunk_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self.db.execute("SELECT chunk_id FROM kchunks")}

    def search(self, query: str, k: int, filters: SearchFilters | None = None) -> list[RetrievedChunk]:
        """Top ``k`` chunks by BM25 (score: the negated FTS5 rank, higher is better)."""
        with self._lock:
            match = fts_query(query)
            if not match:
                return []
            where, params = filter_sql(filters)
            where, params = ["kfts MATCH ?", *where], [match, *params]
            sql = (
                "SELECT k.chunk_id, k.doc_id, k.idx, k.title, k.outlet, k.url, k.published, kfts.text, "
                "bm25(kfts, 2.0, 1.0) AS score FROM kfts JOIN kchunks k ON k.rowid = kfts.rowid "
                f"WHERE {' AND '.join(where)} ORDER BY score LIMIT ?"
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

    def article_chunks(self, doc_id: str) -> list[Chunk]:
        """Every chunk of one article, in order."""
        with self._lock:
            rows = self.db.execute(
                "SELECT k.chunk_id, k.doc_id, k.idx, k.title, k.outlet, k.url, k.published, kfts.text FROM kchunks k "
                "JOIN kfts ON kfts.rowid = k.rowid WHERE k.doc_id = ? ORDER BY k.idx",
                (doc_id,),
            ).fetchall()
            return [_chunk(r) for r in rows]

    def neighbours(self, doc_id: str, index: int) -> list[Chunk]:
        with self._lock:
            rows = self.db.execute(
                "SELECT k.chunk_id, k.doc_id, k.idx, k.title, k.outlet, k.url, k.published, kfts.text FROM kchunks k "
                "JOIN kfts ON kfts.rowid = k.rowid WHERE k.doc_id = ? AND k.idx IN (?, ?) ORDER BY k.idx",
                (doc_id, index - 1, index + 1),
            ).fetchall()
            return [_chunk(r) for r in rows]


def _chunk(r: Any) -> Chunk:
    return Chunk(chunk_id=r[0], doc_id=r[1], index=r[2], title=r[3], outlet=r[4], url=r[5],
                 published=int_to_date(r[6]), text=r[7])
