"""The article catalog: normalised articles in SQLite, the source of truth beside the vector index.

The index can be rebuilt from the catalog without fetching anything. Each article row records the chunk ids
that were written for it, so a changed or removed article's old chunks can be deleted.

Besides articles, the catalog keeps:

- ``places``: every (place, source) an article was read from. A place is the id a source gave (URL, record id
  or file); an exact copy of a stored article's text under another place is stored once and only gains a place.
- ``stale_chunks``: chunk ids that must leave the index (written in the same transaction that makes them stale).
- ``sources``: when each named source was last ingested and its last error.

An article row with ``indexed = 0`` has been written but its chunks may not be in the index yet: writers record
their intent here first, then touch the index, then mark the row indexed, so a crash at any point is finished
by the next writer from the catalog alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from gazette.models import Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    doc_id      TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    title       TEXT NOT NULL,
    outlet      TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    published   INTEGER,            -- YYYYMMDD, NULL when unknown
    source      TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    chunk_ids   TEXT NOT NULL,      -- JSON list
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS places (
    place_id    TEXT NOT NULL,      -- the id the source gave: URL, record id or file
    source      TEXT NOT NULL,      -- named source, '' for plain paths and URLs
    doc_id      TEXT NOT NULL,      -- the stored article with this text
    url         TEXT NOT NULL DEFAULT '',
    outlet      TEXT NOT NULL DEFAULT '',
    first_seen  TEXT NOT NULL,
    PRIMARY KEY (place_id, source)
);
CREATE INDEX IF NOT EXISTS places_doc ON places (doc_id);
CREATE INDEX IF NOT EXISTS places_source ON places (source);
CREATE TABLE IF NOT EXISTS stale_chunks (chunk_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS sources (
    name        TEXT PRIMARY KEY,
    last_run    TEXT NOT NULL,
    last_error  TEXT
);
"""

# Columns added after the first release of the catalog: (name, declaration).
_ADDED_COLUMNS = (
    ("text_hash", "TEXT NOT NULL DEFAULT ''"),
    ("author", "TEXT NOT NULL DEFAULT ''"),
    ("language", "TEXT NOT NULL DEFAULT ''"),
    ("indexed", "INTEGER NOT NULL DEFAULT 1"),
)


def date_to_int(d: date | None) -> int | None:
    return d.year * 10000 + d.month * 100 + d.day if d else None


def int_to_date(n: int | None) -> date | None:
    if not n:
        return None
    return date(n // 10000, (n // 100) % 100, n % 100)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CatalogEntry:
    doc_id: str
    fingerprint: str
    chunk_ids: list[str]
    indexed: bool = True


@dataclass(frozen=True)
class Place:
    place_id: str
    source: str
    doc_id: str
    url: str
    outlet: str


@dataclass(frozen=True)
class SourceState:
    name: str
    last_run: str
    last_error: str | None
    articles: int


_ARTICLE_COLUMNS = "doc_id, title, text, outlet, url, published, source, author, language"


def _article(row: tuple) -> Article:
    return Article(
        doc_id=row[0], title=row[1], text=row[2], outlet=row[3], url=row[4], published=int_to_date(row[5]),
        source=row[6], author=row[7], language=row[8],
    )


def count_articles(path: Path) -> int:
    """The number of articles in the catalog at ``path``, through a read-only connection of its own."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        db.close()


class Catalog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._migrate()
        self.db.execute("CREATE INDEX IF NOT EXISTS articles_text_hash ON articles (text_hash)")

    def _migrate(self) -> None:
        have = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        missing = [(name, decl) for name, decl in _ADDED_COLUMNS if name not in have]
        if not missing:
            return
        with self.transaction():
            for name, decl in missing:
                self.db.execute(f"ALTER TABLE articles ADD COLUMN {name} {decl}")
            rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles").fetchall()
            for row in rows:
                art = _article(row)
                self.db.execute(
                    "UPDATE articles SET text_hash = ? WHERE doc_id = ?", (art.text_hash, art.doc_id)
                )
                self.db.execute(
                    "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?)",
                    (art.doc_id, "", art.doc_id, art.url, art.outlet, _now()),
                )

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- articles --------------------------------------------------------------------------------------
    def entry(self, doc_id: str) -> CatalogEntry | None:
        row = self.db.execute(
            "SELECT fingerprint, chunk_ids, indexed FROM articles WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return CatalogEntry(doc_id, row[0], json.loads(row[1]), bool(row[2])) if row else None

    def put(self, article: Article, chunk_ids: list[str], *, indexed: bool = True) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO articles (doc_id, fingerprint, title, outlet, url, published, source, text, "
            "chunk_ids, ingested_at, text_hash, author, language, indexed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.doc_id, article.fingerprint, article.title, article.outlet, article.url,
                date_to_int(article.published), article.source, article.text, json.dumps(chunk_ids), _now(),
                article.text_hash, article.author, article.language, int(indexed),
            ),
        )

    def delete(self, doc_id: str) -> None:
        self.db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))

    def get(self, doc_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
        return _article(row) if row else None

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY doc_id").fetchall():
            yield _article(row)

    def chunk_count(self) -> int:
        return sum(len(json.loads(r[0])) for r in self.db.execute("SELECT chunk_ids FROM articles"))

    def doc_with_text(self, text_hash: str) -> str | None:
        """The stored article whose body has this hash (the first by id if, unusually, there are several)."""
        row = self.db.execute(
            "SELECT doc_id FROM articles WHERE text_hash = ? ORDER BY doc_id LIMIT 1", (text_hash,)
        ).fetchone()
        return row[0] if row else None

    # -- the index's bookkeeping -----------------------------------------------------------------------
    def indexed_chunk_ids(self) -> dict[str, str]:
        """Chunk id -> doc id, for every article marked indexed."""
        out: dict[str, str] = {}
        for doc_id, ids in self.db.execute("SELECT doc_id, chunk_ids FROM articles WHERE indexed = 1"):
            for cid in json.loads(ids):
                out[cid] = doc_id
        return out

    def unindexed(self, after: str = "", limit: int = 1000) -> list[tuple[Article, list[str]]]:
        """Articles whose chunks may be missing from the index (doc ids after ``after``, in order), with the
        chunk ids recorded for them."""
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS}, chunk_ids FROM articles WHERE indexed = 0 AND doc_id > ? "
            "ORDER BY doc_id LIMIT ?",
            (after, limit),
        ).fetchall()
        return [(_article(r[:-1]), json.loads(r[-1])) for r in rows]

    def unindexed_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles WHERE indexed = 0").fetchone()[0])

    def mark_indexed(self, doc_id: str, chunk_ids: list[str]) -> None:
        self.db.execute(
            "UPDATE articles SET indexed = 1, chunk_ids = ? WHERE doc_id = ?", (json.dumps(chunk_ids), doc_id)
        )

    def mark_unindexed(self, doc_ids: Iterable[str] | None = None) -> None:
        """Mark some (or, with None, all) articles as needing their chunks written again."""
        if doc_ids is None:
            self.db.execute("UPDATE articles SET indexed = 0")
            return
        self.db.executemany("UPDATE articles SET indexed = 0 WHERE doc_id = ?", [(d,) for d in doc_ids])

    def add_stale(self, chunk_ids: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO stale_chunks VALUES (?)", [(c,) for c in chunk_ids])

    def discard_stale(self, chunk_ids: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM stale_chunks WHERE chunk_id = ?", [(c,) for c in chunk_ids])

    def stale_chunk_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT chunk_id FROM stale_chunks ORDER BY chunk_id")]

    # -- places ----------------------------------------------------------------------------------------
    def place_owner(self, place_id: str) -> str | None:
        row = self.db.execute("SELECT doc_id FROM places WHERE place_id = ? LIMIT 1", (place_id,)).fetchone()
        return row[0] if row else None

    def place(self, place_id: str, source: str) -> Place | None:
        row = self.db.execute(
            "SELECT place_id, source, doc_id, url, outlet FROM places WHERE place_id = ? AND source = ?",
            (place_id, source),
        ).fetchone()
        return Place(*row) if row else None

    def set_place(self, place: Place) -> None:
        """Record where an article was read; every row of the same place follows it to ``place.doc_id``."""
        self.db.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?) ON CONFLICT (place_id, source) DO UPDATE SET "
            "doc_id = excluded.doc_id, url = excluded.url, outlet = excluded.outlet",
            (place.place_id, place.source, place.doc_id, place.url, place.outlet, _now()),
        )
        self.db.execute("UPDATE places SET doc_id = ? WHERE place_id = ?", (place.doc_id, place.place_id))

    def delete_place(self, place_id: str, source: str) -> None:
        self.db.execute("DELETE FROM places WHERE place_id = ? AND source = ?", (place_id, source))

    def places(self, doc_id: str) -> list[Place]:
        rows = self.db.execute(
            "SELECT place_id, source, doc_id, url, outlet FROM places WHERE doc_id = ? ORDER BY place_id, source",
            (doc_id,),
        )
        return [Place(*r) for r in rows]

    def place_count(self, doc_id: str) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM places WHERE doc_id = ?", (doc_id,)).fetchone()[0])

    def places_of_source(self, source: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT place_id FROM places WHERE source = ?", (source,))}

    # -- named sources ---------------------------------------------------------------------------------
    def record_source_run(self, name: str, error: str | None) -> None:
        self.db.execute(
            "INSERT INTO sources VALUES (?,?,?) ON CONFLICT (name) DO UPDATE SET "
            "last_run = excluded.last_run, last_error = excluded.last_error",
            (name, _now(), error),
        )

    def source_states(self) -> dict[str, SourceState]:
        counts = dict(
            self.db.execute("SELECT source, COUNT(DISTINCT doc_id) FROM places WHERE source != '' GROUP BY source")
        )
        return {
            name: SourceState(name, last_run, last_error, int(counts.get(name, 0)))
            for name, last_run, last_error in self.db.execute("SELECT name, last_run, last_error FROM sources")
        }
