"""Watches: the topics channels follow, and what each has been sent, in the store folder's ``watches.sqlite``.

A watch is a topic (and optionally an outlet) that a Discord channel follows: after every ingest run, the articles
that run added or changed and that match the topic are posted to the watch's thread as one digest
(gazette/digests.py decides what matches and what a digest says). The file lives in the store folder beside the
catalog, so the ingest job (which numbers its runs in the catalog) and the bot (which reads them) share it
whatever process or container each runs in.

What is kept, and why:

- ``watches``: the topic, where it posts (server, channel, thread), and ``after_run``: the last ingest run it has
  processed. A new watch starts at the latest run: it announces what comes after it, not the archive's past.
- ``posted``: every article a watch has announced, with a sketch of its text (gazette/digests.py), so that no
  article, nor a later copy of it, is announced twice to one watch.
- ``digests`` and ``digest_messages``: delivery. A digest is fixed when planned (in the same transaction that
  records its articles as announced and moves the watch past the run), then sent part by part; each message id
  is recorded as it is posted. A part is sent with a nonce derived from the digest (Discord answers a repeat
  with the message it already posted), and a digest that was tried before is first looked for in its thread, so
  a crash or an error between posting and recording never posts it twice.

Input rules (:func:`check_topic`, :func:`check_outlet`, :func:`cap_reached`) are pure functions: a user's mistake
is one UsageError line and nothing is stored.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from gazette.catalog import open_store_file, sqlite_errors_as_store_errors, sqlite_store_error
from gazette.errors import StoreError, UsageError
from gazette.text import tidy_input

WATCHES_FILE = "watches.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watches (
    watch_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    topic       TEXT NOT NULL,
    outlet      TEXT NOT NULL DEFAULT '',
    guild_id    INTEGER,            -- the Discord server (NULL: added on the command line without one)
    channel_id  INTEGER,            -- where it was added (NULL: tried with `gazette watch check` only)
    thread_id   INTEGER,            -- where its digests go (NULL until the bot opens it)
    added_by    INTEGER,
    added_at    TEXT NOT NULL,
    after_run   INTEGER NOT NULL,   -- the last ingest run it has processed
    disabled    TEXT                -- why it no longer posts (NULL: it posts)
);
CREATE TABLE IF NOT EXISTS posted (
    watch_id    INTEGER NOT NULL,
    doc_id      TEXT NOT NULL,
    run_id      INTEGER NOT NULL,
    sketch      TEXT NOT NULL DEFAULT '[]',  -- JSON: the article text's sketch (a later copy is known by it)
    PRIMARY KEY (watch_id, doc_id)
);
CREATE TABLE IF NOT EXISTS digests (
    watch_id    INTEGER NOT NULL,
    run_id      INTEGER NOT NULL,
    body        TEXT NOT NULL,      -- the digest as JSON, fixed when planned: every try posts the same text
    state       TEXT NOT NULL,      -- 'pending', 'sent' or 'dropped'
    attempts    INTEGER NOT NULL DEFAULT 0,
    planned_at  TEXT NOT NULL,
    sent_at     TEXT,
    PRIMARY KEY (watch_id, run_id)
);
CREATE TABLE IF NOT EXISTS digest_messages (
    watch_id    INTEGER NOT NULL,
    run_id      INTEGER NOT NULL,
    part        INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (watch_id, run_id, part)
);
"""

DAMAGED_WATCHES = ("move it aside and add the watches again (the articles and indexes are not affected); Gazette "
                   "starts a new, empty one")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- input rules (pure) ----------------------------------------------------------------------------------------


def check_topic(text: str, max_chars: int) -> str:
    """The topic with its white space tidied; UsageError (one line) when empty or longer than ``max_chars``."""
    topic = tidy_input(text, max_chars, empty="Give the watch a topic, for example: North Korean troops in Russia",
                       too_long="That topic is {n:,} characters long; keep it to {limit:,} characters (a few words "
                       "that name the story).")
    if not any(ch.isalnum() for ch in topic):
        raise UsageError("A topic needs words to match, for example: North Korean troops in Russia")
    return topic


def check_outlet(text: str | None, max_chars: int = 100) -> str:
    """An outlet name with its white space tidied ('' for none); UsageError when over ``max_chars``."""
    outlet = " ".join((text or "").split())
    if len(outlet) > max_chars:
        raise UsageError(f"That outlet name is {len(outlet):,} characters long; keep it to {max_chars:,}.")
    return outlet


def cap_reached(count: int, cap: int) -> bool:
    """Whether a server holding ``count`` watches may add no more under a cap of ``cap``."""
    return count >= cap


def cap_message(cap: int) -> str:
    return (f"This server already has {cap} watches, the most allowed (GAZETTE_WATCH__MAX_PER_SERVER); remove one "
            "with /watch remove first.")


def nonce(salt: str, watch_id: int, run_id: int, part: int) -> int:
    """The nonce a digest's part is sent with: the same for every try of that part, different for every other
    message and every store (``salt``), and a positive 63-bit integer as Discord accepts (pure)."""
    digest = hashlib.blake2b(f"{salt}:{watch_id}:{run_id}:{part}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1 or 1


def digest_key(watch_id: int, run_id: int) -> str:
    """The words every message of a digest carries (its last line), by which a retry finds what was posted."""
    return f"watch {watch_id} · run {run_id}"


# -- records ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Watch:
    watch_id: int
    topic: str
    outlet: str
    guild_id: int | None
    channel_id: int | None
    thread_id: int | None
    added_by: int | None
    added_at: str
    after_run: int
    disabled: str | None

    @property
    def active(self) -> bool:
        return self.disabled is None


@dataclass(frozen=True)
class PendingDigest:
    """A planned digest not yet fully posted: its watch, run, body (JSON) and how often it was tried."""

    watch: Watch
    run_id: int
    body: str
    attempts: int


_WATCH_COLUMNS = ("watch_id, topic, outlet, guild_id, channel_id, thread_id, added_by, added_at, after_run, "
                  "disabled")


def _watch(row: Sequence[Any]) -> Watch:
    return Watch(int(row[0]), str(row[1]), str(row[2]), _int(row[3]), _int(row[4]), _int(row[5]), _int(row[6]),
                 str(row[7]), int(row[8]), None if row[9] is None else str(row[9]))


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


ANY_GUILD = -1
"""For :meth:`WatchStore.watches` and :meth:`WatchStore.remove`: watches of every server."""


def no_such_watch(watch_id: int, guild_id: int | None = ANY_GUILD) -> UsageError:
    """The one-line error for an unknown watch id, pointing to the listing where it was asked: the command line
    (every server's watches) or a Discord server (its own)."""
    listing = "gazette watch list shows them" if guild_id == ANY_GUILD else "/watch list shows this server's watches"
    return UsageError(f"There is no watch {watch_id} here; {listing}.")


_C = TypeVar("_C", bound=type)


def _serialised(cls: _C) -> _C:
    """Class decorator: every public method holds the instance's lock (the bot calls from several threads)."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            def locked(fn: Callable[..., Any]) -> Callable[..., Any]:
                @functools.wraps(fn)
                def call(self: Any, *args: Any, **kwargs: Any) -> Any:
                    with self._lock:
                        return fn(self, *args, **kwargs)
                return call
            setattr(cls, name, locked(member))
    return cls


@_serialised
@sqlite_errors_as_store_errors
class WatchStore:
    """The watches file of one store folder. Open it with :meth:`open`; every method is one short SQLite
    transaction, so the bot, `gazette watch` and an ingest job in other processes can share it."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self._lock = threading.RLock()
        self.db = open_store_file(
            path, SCHEMA, self._store_error, readonly=readonly, check_same_thread=False,
            setup=lambda db: db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(8),)))

    @classmethod
    def open(cls, store: Path, *, readonly: bool = False) -> WatchStore | None:
        """The watches file of the store folder ``store``; read-only, None when it does not exist yet."""
        path = store / WATCHES_FILE
        if readonly and not path.is_file():
            return None
        return cls(path, readonly=readonly)

    def _store_error(self, exc: sqlite3.Error) -> StoreError:
        return sqlite_store_error(exc, self.path, DAMAGED_WATCHES)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @property
    def salt(self) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        return str(row[0]) if row else "gazette"

    # -- watches ---------------------------------------------------------------------------------------------
    def add(self, topic: str, outlet: str, *, after_run: int, cap: int, guild_id: int | None = None,
            channel_id: int | None = None, thread_id: int | None = None, added_by: int | None = None) -> Watch:
        """Store a watch (its topic and outlet already checked); UsageError, nothing stored, when its server
        already has ``cap`` watches. The count and the insert are one transaction: two adds at once cannot both
        take the last place."""
        with self._transaction():
            count = self.db.execute("SELECT COUNT(*) FROM watches WHERE guild_id IS ?", (guild_id,)).fetchone()[0]
            if cap_reached(int(count), cap):
                raise UsageError(cap_message(cap))
            cur = self.db.execute(
                "INSERT INTO watches (topic, outlet, guild_id, channel_id, thread_id, added_by, added_at, after_run)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (topic, outlet, guild_id, channel_id, thread_id, added_by, _now(), after_run),
            )
        watch = self.get(int(cur.lastrowid or 0))
        assert watch is not None
        return watch

    def get(self, watch_id: int) -> Watch | None:
        row = self.db.execute(f"SELECT {_WATCH_COLUMNS} FROM watches WHERE watch_id = ?", (watch_id,)).fetchone()
        return _watch(row) if row else None

    def watches(self, guild_id: int | None = ANY_GUILD) -> list[Watch]:
        """The watches of one server (None: those added without one), or of all (ANY_GUILD), oldest first."""
        if guild_id == ANY_GUILD:
            rows = self.db.execute(f"SELECT {_WATCH_COLUMNS} FROM watches ORDER BY watch_id")
        else:
            rows = self.db.execute(f"SELECT {_WATCH_COLUMNS} FROM watches WHERE guild_id IS ? ORDER BY watch_id",
                                   (guild_id,))
        return [_watch(r) for r in rows]

    def remove(self, watch_id: int, guild_id: int | None = ANY_GUILD) -> Watch:
        """Delete a watch with what it posted and any digest still to send; UsageError for an id this server
        has no watch of (nothing is deleted)."""
        with self._transaction():
            watch = self.get(watch_id)
            if watch is None or (guild_id != ANY_GUILD and watch.guild_id != guild_id):
                raise no_such_watch(watch_id, guild_id)
            for table in ("watches", "posted", "digests", "digest_messages"):
                self.db.execute(f"DELETE FROM {table} WHERE watch_id = ?", (watch_id,))
        return watch

    def set_thread(self, watch_id: int, thread_id: int) -> None:
        self.db.execute("UPDATE watches SET thread_id = ? WHERE watch_id = ?", (thread_id, watch_id))

    def disable(self, watch_id: int, reason: str) -> None:
        """Stop a watch (its thread or channel is gone): it plans nothing more and its unsent digests are dropped."""
        with self._transaction():
            self.db.execute("UPDATE watches SET disabled = ? WHERE watch_id = ?", (reason, watch_id))
            self.db.execute("UPDATE digests SET state = 'dropped' WHERE watch_id = ? AND state = 'pending'",
                            (watch_id,))

    # -- what each watch announced ---------------------------------------------------------------------------
    def posted(self, watch_id: int) -> dict[str, str]:
        """doc_id -> the sketch (JSON) of every article the watch has announced."""
        return dict(self.db.execute("SELECT doc_id, sketch FROM posted WHERE watch_id = ?", (watch_id,)).fetchall())

    def plan(self, watch_id: int, run_id: int, body: str | None, posts: Sequence[tuple[str, str]]) -> bool:
        """Record what a watch makes of a run, in one transaction: the digest to send (None: nothing matched),
        its articles as announced (doc_id, sketch), and the watch moved past the run. False (nothing changed)
        when the watch is gone, disabled, or past the run already."""
        with self._transaction():
            row = self.db.execute("SELECT after_run, disabled FROM watches WHERE watch_id = ?",
                                  (watch_id,)).fetchone()
            if row is None or row[1] is not None or int(row[0]) >= run_id:
                return False
            if body is not None:
                self.db.execute("INSERT OR REPLACE INTO digests (watch_id, run_id, body, state, planned_at) "
                                "VALUES (?,?,?,'pending',?)", (watch_id, run_id, body, _now()))
            self.db.executemany("INSERT OR IGNORE INTO posted VALUES (?,?,?,?)",
                                [(watch_id, doc_id, run_id, sketch) for doc_id, sketch in posts])
            self.db.execute("UPDATE watches SET after_run = ? WHERE watch_id = ?", (run_id, watch_id))
        return True

    def skip_to(self, watch_id: int, run_id: int) -> None:
        """Move a watch to ``run_id`` without planning (a rebuilt catalog numbers its runs afresh)."""
        self.db.execute("UPDATE watches SET after_run = ? WHERE watch_id = ?", (run_id, watch_id))

    # -- delivery --------------------------------------------------------------------------------------------
    def pending(self) -> list[PendingDigest]:
        """The digests planned and not yet sent, of watches still posting, oldest first."""
        rows = self.db.execute(
            f"SELECT {', '.join('w.' + c.strip() for c in _WATCH_COLUMNS.split(','))}, d.run_id, d.body, d.attempts "
            "FROM digests d JOIN watches w ON w.watch_id = d.watch_id "
            "WHERE d.state = 'pending' AND w.disabled IS NULL ORDER BY d.watch_id, d.run_id"
        ).fetchall()
        return [PendingDigest(_watch(r[:10]), int(r[10]), str(r[11]), int(r[12])) for r in rows]

    def attempt(self, watch_id: int, run_id: int) -> int:
        """Count a try at sending a digest (before it is made); returns how many tries came before."""
        with self._transaction():
            row = self.db.execute("SELECT attempts FROM digests WHERE watch_id = ? AND run_id = ?",
                                  (watch_id, run_id)).fetchone()
            self.db.execute("UPDATE digests SET attempts = attempts + 1 WHERE watch_id = ? AND run_id = ?",
                            (watch_id, run_id))
        return int(row[0]) if row else 0

    def sent_parts(self, watch_id: int, run_id: int) -> dict[int, int]:
        """part -> message id of the digest's parts already posted."""
        return dict(self.db.execute("SELECT part, message_id FROM digest_messages WHERE watch_id = ? AND run_id = ?",
                                    (watch_id, run_id)).fetchall())

    def record_part(self, watch_id: int, run_id: int, part: int, message_id: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO digest_messages VALUES (?,?,?,?)", (watch_id, run_id, part, message_id))

    def mark_sent(self, watch_id: int, run_id: int) -> None:
        self.db.execute("UPDATE digests SET state = 'sent', sent_at = ? WHERE watch_id = ? AND run_id = ?",
                        (_now(), watch_id, run_id))

    def drop(self, watch_id: int, run_id: int) -> None:
        """Give up on one digest (it could not be sent after many tries)."""
        self.db.execute("UPDATE digests SET state = 'dropped' WHERE watch_id = ? AND run_id = ?", (watch_id, run_id))

    def digest_states(self, watch_id: int) -> list[tuple[int, str]]:
        """(run, state) of every digest planned for a watch, oldest first."""
        return [(int(r), str(s)) for r, s in self.db.execute(
            "SELECT run_id, state FROM digests WHERE watch_id = ? ORDER BY run_id", (watch_id,))]

    def nonce(self, watch_id: int, run_id: int, part: int) -> int:
        return nonce(self.salt, watch_id, run_id, part)
