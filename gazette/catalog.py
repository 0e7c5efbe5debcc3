"""The article catalog: normalised articles in SQLite, the source of truth beside the vector index.

The index can be rebuilt from the catalog without fetching anything. Each article row records the chunk ids
that were written for it, so a changed or removed article's old chunks can be deleted.

Besides articles, the catalog keeps:

- ``places``: every (place, source) an article was read from. A place is the id a source gave (URL, record id
  or file); an exact copy of a stored article's text under another place is stored once and only gains a place.
- ``stale_chunks``: chunk ids that must leave the index (written in the same transaction that makes them stale).
- ``sources``: when each named source was last ingested and its last error.
- ``runs`` and ``run_articles``: every ingest run, numbered, and the articles it added or changed (what watches
  read: gazette/watches.py). A run is open while it writes (``finished`` is NULL); the next writer closes a run a
  crash left open, so that its articles are still announced.

An article row with ``indexed = 0`` has been written but its chunks may not be in the index yet: writers record
their intent here first, then touch the index, then mark the row indexed, so a crash at any point is finished
by the next writer from the catalog alone.

Readers open the catalog read-only (a store on a read-only volume can be asked); every SQLite error a user can
meet (a damaged or foreign file, a full disk, a read-only folder) becomes one StoreError line that says how to
recover (:func:`sqlite_store_error`), for the catalog and the keyword index alike.
"""

from __future__ import annotations

import functools
import inspect
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from gazette.errors import StoreError
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
CREATE TABLE IF NOT EXISTS runs (
    run_id      INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after a row is deleted
    started     TEXT NOT NULL,
    finished    TEXT,               -- NULL while the run writes (or until the next run closes one cut short)
    added       INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS run_articles (
    run_id      INTEGER NOT NULL,
    doc_id      TEXT NOT NULL,
    change      TEXT NOT NULL,      -- 'added' or 'updated'
    PRIMARY KEY (run_id, doc_id)
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
class Run:
    """One finished ingest run: its number, when it ended, and how many articles it added and changed."""

    run_id: int
    finished: str
    added: int
    updated: int


@dataclass(frozen=True)
class SourceState:
    name: str
    last_run: str
    last_error: str | None
    articles: int


_ARTICLE_COLUMNS = "doc_id, title, text, outlet, url, published, source, author, language"

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 5, 6, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of an error, when it carries one (pure)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damaged(exc: BaseException) -> bool:
    """Whether an SQLite error says the file itself is damaged or no database (not busy, full or read-only)."""
    return sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB) or (
        sqlite_code(exc) is None and isinstance(exc, sqlite3.DatabaseError)
        and not isinstance(exc, sqlite3.OperationalError)
        and any(s in str(exc) for s in ("malformed", "not a database"))
    )


def sqlite_store_error(exc: sqlite3.Error, path: Path, damaged: str) -> StoreError:
    """One line for an SQLite error on the store file ``path``: what is wrong and how to recover (pure).

    ``damaged`` says how to recover that file when it is damaged.
    """
    code = sqlite_code(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if is_damaged(exc):
        message = f"{path} is damaged ({text}); {damaged}"
    elif text.startswith("no such file"):
        message = f"{path} is missing; {damaged}"
    elif text.startswith("no such table"):
        message = f"{path} lacks its tables ({text}: an emptied or foreign file); {damaged}"
    elif code == SQLITE_FULL or "disk is full" in text:
        message = (f"no space left on the device holding {path} ({text}): free some space and run the command "
                   "again (nothing is lost: the next run finishes the interrupted write)")
    elif code == SQLITE_READONLY or "readonly" in text:
        message = (f"{path} is read-only ({text}): asking works on a read-only store, but ingest and reindex need "
                   "to write; run them where the store is writable")
    elif code == SQLITE_CANTOPEN:
        message = f"cannot open {path} ({text}): check that the store folder exists and that this user may read it"
    elif code in (SQLITE_BUSY, SQLITE_LOCKED):
        message = f"{path} is locked by another process ({text}); try again in a moment"
    elif code == SQLITE_IOERR:
        message = f"cannot read or write {path} ({text}): check the disk or volume the store is on"
    else:
        message = f"{path}: {text}"
    return StoreError(message)


_F = TypeVar("_F", bound=Callable[..., Any])


def _translated(fn: _F) -> _F:
    """``fn`` (a method), its SQLite errors turned into StoreErrors by ``self._store_error``."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                yield from fn(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise self._store_error(exc) from exc
        return cast(_F, gen)

    @functools.wraps(fn)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc
    return cast(_F, call)


_C = TypeVar("_C", bound=type)


def sqlite_errors_as_store_errors(cls: _C) -> _C:
    """Class decorator: every public method's SQLite errors become the class's one-line StoreErrors."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _translated(member))
    return cls


def connect(path: Path, *, readonly: bool, check_same_thread: bool = True) -> sqlite3.Connection:
    """An SQLite connection to a store file; read-only ones never create or write anything.

    A read-only connection to a WAL database needs the ``-shm`` file: on a read-only volume without one, the
    file is opened as immutable (nothing can be writing it there).
    """
    if not readonly:
        return sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=check_same_thread)
    if not path.is_file():
        raise sqlite3.OperationalError(f"no such file: {path.name} is missing from the store folder")
    uri = f"file:{_quoted(path)}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=check_same_thread)
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError as exc:
        if sqlite_code(exc) != SQLITE_CANTOPEN and "unable to open" not in str(exc):
            raise
    db = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=30, isolation_level=None,
                         check_same_thread=check_same_thread)
    db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    return db


def open_store_file(path: Path, schema: str, error: Callable[[sqlite3.Error], StoreError], *, readonly: bool,
                    setup: Callable[[sqlite3.Connection], object] | None = None,
                    check_same_thread: bool = True) -> sqlite3.Connection:
    """A store's SQLite file (the catalog, the watches), opened as :func:`connect` opens it. A writer's is made
    ready first: WAL, ``schema``, then ``setup`` (migrations). An unreadable or damaged file raises
    ``error(exc)``, a StoreError that says what to do, with the connection closed."""
    try:
        db = connect(path, readonly=readonly, check_same_thread=check_same_thread)
    except sqlite3.Error as exc:
        raise error(exc) from exc
    if readonly:
        return db
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(schema)
        if setup is not None:
            setup(db)
    except sqlite3.Error as exc:
        db.close()
        raise error(exc) from exc
    except BaseException:
        db.close()
        raise
    return db


def _quoted(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.resolve()), safe="/")


def _article(row: tuple) -> Article:
    return Article(
        doc_id=row[0], title=row[1], text=row[2], outlet=row[3], url=row[4], published=int_to_date(row[5]),
        source=row[6], author=row[7], language=row[8],
    )


def count_articles(path: Path) -> int:
    """The number of articles in the catalog at ``path``, through a read-only connection of its own (so any
    thread may ask). A damaged or missing file is a one-line StoreError."""
    try:
        db = connect(path, readonly=True)
        try:
            return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise sqlite_store_error(exc, path, DAMAGED_CATALOG) from exc


DAMAGED_CATALOG = ("run `gazette reindex` (or any `gazette ingest`): the writer sets the file aside as "
                   "articles.sqlite.broken and rebuilds the articles from the vector index")


@sqlite_errors_as_store_errors
class Catalog:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.db = open_store_file(path, SCHEMA, self._store_error, readonly=readonly, setup=self._setup)

    def _setup(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._migrate()
        db.execute("CREATE INDEX IF NOT EXISTS articles_text_hash ON articles (text_hash)")

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        return sqlite_store_error(exc, self.path, DAMAGED_CATALOG)

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
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._store_error(exc) from exc
        try:
            yield
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back already (a full disk does)
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise self._store_error(exc) from exc

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

    def recorded_chunk_ids(self) -> set[str]:
        """Every chunk id some article row records, indexed or not."""
        out: set[str] = set()
        for (ids,) in self.db.execute("SELECT chunk_ids FROM articles"):
            out.update(json.loads(ids))
        return out

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

    # -- ingest runs -----------------------------------------------------------------------------------
    def begin_run(self) -> int:
        """Number a new ingest run (writers only: the store's lock makes it the only one). A run a crash left
        open is closed first, so that the articles it wrote are announced like any other run's."""
        with self.transaction():
            self.db.execute("UPDATE runs SET finished = ? WHERE finished IS NULL", (_now(),))
            cur = self.db.execute("INSERT INTO runs (started) VALUES (?)", (_now(),))
        return int(cur.lastrowid or 0)

    def record_run_articles(self, run_id: int, changes: Iterable[tuple[str, str]]) -> None:
        """Record (doc_id, 'added' | 'updated') for a run; an article met twice in one run keeps its first entry."""
        self.db.executemany("INSERT OR IGNORE INTO run_articles VALUES (?,?,?)",
                            [(run_id, doc_id, change) for doc_id, change in changes])

    def finish_run(self, run_id: int) -> None:
        """Close a run: from now on readers see it, with its counts."""
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished = ?, added = (SELECT COUNT(*) FROM run_articles WHERE run_id = ? AND "
                "change = 'added'), updated = (SELECT COUNT(*) FROM run_articles WHERE run_id = ? AND "
                "change = 'updated') WHERE run_id = ?", (_now(), run_id, run_id, run_id))

    def _has_runs(self) -> bool:
        """Whether the catalog has the runs tables (a reader of a store no writer has opened since they were
        added sees none)."""
        return self.db.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'run_articles')"
        ).fetchone()[0] == 2

    def latest_run(self) -> int:
        """The number of the last finished run (0 when there is none)."""
        if not self._has_runs():
            return 0
        return int(self.db.execute("SELECT COALESCE(MAX(run_id), 0) FROM runs WHERE finished IS NOT NULL")
                   .fetchone()[0])

    def runs_after(self, run_id: int, limit: int = 100) -> list[Run]:
        """The finished runs after ``run_id``, oldest first, up to the first one still open (never past it)."""
        if not self._has_runs():
            return []
        rows = self.db.execute(
            "SELECT run_id, finished, added, updated FROM runs WHERE run_id > ? ORDER BY run_id LIMIT ?",
            (run_id, limit),
        ).fetchall()
        out = []
        for row in rows:
            if row[1] is None:
                break
            out.append(Run(int(row[0]), str(row[1]), int(row[2]), int(row[3])))
        return out

    def run_doc_ids(self, run_id: int) -> list[str]:
        """The articles a run added or changed, in the order recorded."""
        if not self._has_runs():
            return []
        return [r[0] for r in self.db.execute("SELECT doc_id FROM run_articles WHERE run_id = ? ORDER BY rowid",
                                              (run_id,))]

    def outlets(self, doc_ids: Sequence[str]) -> dict[str, list[str]]:
        """Every outlet each article was read from: its own first, then its places' (first seen first), without
        repeats."""
        out: dict[str, list[str]] = {d: [] for d in doc_ids}
        for start in range(0, len(doc_ids), 500):
            batch = list(doc_ids[start:start + 500])
            marks = ",".join("?" * len(batch))
            rows = [*self.db.execute(f"SELECT doc_id, outlet FROM articles WHERE doc_id IN ({marks})", batch),
                    *self.db.execute(f"SELECT doc_id, outlet FROM places WHERE doc_id IN ({marks}) "
                                     "ORDER BY first_seen, place_id", batch)]
            for doc_id, outlet in rows:
                name = " ".join(str(outlet or "").split())
                if name and name not in out[doc_id]:
                    out[doc_id].append(name)
        return out

    def source_states(self) -> dict[str, SourceState]:
        counts = dict(
            self.db.execute("SELECT source, COUNT(DISTINCT doc_id) FROM places WHERE source != '' GROUP BY source")
        )
        return {
            name: SourceState(name, last_run, last_error, int(counts.get(name, 0)))
            for name, last_run, last_error in self.db.execute("SELECT name, last_run, last_error FROM sources")
        }
