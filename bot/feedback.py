"""The bot's record of its answers and of the 👍/👎 votes on them (SQLite), and their export as eval cases.

Every answer Gazette posts is stored with its question, text, sources and the ids of the Discord messages that carry
it; a reaction on any of those messages is a vote. The same table gives a thread's conversation history and the
"questions answered" count.

Export (``gazette feedback export``): one JSON object per line for each answer that has votes::

    {"question": ..., "answer": ..., "choices": null, "expected_sources": [doc_id, ...], "vote": "up",
     "votes": {"up": 2, "down": 0}, "cited_sources": [doc_id, ...], "asked_at": "2024-11-05T10:00:00+00:00"}

``vote`` is the majority ("up", "down" or "tie"); ``expected_sources`` are the cited articles' ids when the
majority voted up, else empty (a wrong answer's sources are not expected); ``cited_sources`` always lists them.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from bot.formatting import DOWN_EMOJI, UP_EMOJI
from gazette.errors import StoreError
from gazette.followups import Turn
from gazette.models import Answer

VOTES = {UP_EMOJI: 1, DOWN_EMOJI: -1}
_MODIFIERS = dict.fromkeys([0xFE0F, *range(0x1F3FB, 0x1F400)])


def vote_emoji(emoji: str) -> str | None:
    """👍 or 👎 for a reaction (any skin tone), None for any other emoji (pure)."""
    base = emoji.translate(_MODIFIERS)
    return base if base in VOTES else None

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at       TEXT NOT NULL,
    guild_id       INTEGER,
    channel_id     INTEGER NOT NULL,
    thread_id      INTEGER,            -- the thread the conversation continues in
    user_id        INTEGER NOT NULL,   -- who asked
    question       TEXT NOT NULL,
    answer         TEXT NOT NULL,
    abstained      INTEGER NOT NULL,
    searched_query TEXT NOT NULL,
    sources        TEXT NOT NULL       -- JSON list of citations
);
CREATE INDEX IF NOT EXISTS answers_by_thread ON answers (thread_id, id);
CREATE TABLE IF NOT EXISTS answer_messages (
    message_id INTEGER PRIMARY KEY,
    answer_id  INTEGER NOT NULL REFERENCES answers (id)
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers (id),
    user_id   INTEGER NOT NULL,
    vote      INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at  TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedbackStore:
    """One SQLite file; safe to call from any thread (one connection behind a lock; every call is short)."""

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the feedback database {self.path}: {exc}") from exc
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- answers ---------------------------------------------------------------------------------------------
    def record_answer(
        self, answer: Answer, *, user_id: int, channel_id: int, guild_id: int | None = None,
        thread_id: int | None = None, message_ids: Iterable[int] = (),
    ) -> int:
        sources = json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False)
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO answers (asked_at, guild_id, channel_id, thread_id, user_id, question, answer, abstained,"
                " searched_query, sources) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (_now(), guild_id, channel_id, thread_id, user_id, answer.question, answer.answer,
                 int(answer.abstained), answer.searched_query, sources),
            )
            answer_id = int(cur.lastrowid or 0)
            self._db.executemany(
                "INSERT OR REPLACE INTO answer_messages VALUES (?, ?)", [(m, answer_id) for m in message_ids]
            )
        return answer_id

    def answer_for_message(self, message_id: int) -> int | None:
        rows = self._run("SELECT answer_id FROM answer_messages WHERE message_id = ?", (message_id,))
        return int(rows[0][0]) if rows else None

    def answered(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM answers")[0][0])

    def is_conversation(self, thread_id: int) -> bool:
        return bool(self._run("SELECT 1 FROM answers WHERE thread_id = ? LIMIT 1", (thread_id,)))

    def history(self, thread_id: int, max_messages: int) -> list[Turn]:
        """The thread's last ``max_messages`` messages as (role, text) turns, oldest first: each answered
        question is a user turn followed by Gazette's answer."""
        if max_messages <= 0:
            return []
        pairs = (max_messages + 1) // 2
        rows = self._run(
            "SELECT question, answer FROM answers WHERE thread_id = ? ORDER BY id DESC LIMIT ?", (thread_id, pairs)
        )
        turns: list[Turn] = []
        for question, text in reversed(rows):
            turns += [("user", question), ("assistant", text)]
        return turns[-max_messages:]

    # -- votes -----------------------------------------------------------------------------------------------
    def vote(self, message_id: int, user_id: int, emoji: str) -> bool:
        """Record a 👍/👎 on one of Gazette's answer messages (a user's later vote replaces the earlier one).
        False when the message is not an answer or the emoji is not a vote."""
        value = VOTES.get(emoji)
        answer_id = self.answer_for_message(message_id)
        if value is None or answer_id is None:
            return False
        self._run("INSERT OR REPLACE INTO votes VALUES (?, ?, ?, ?)", (answer_id, user_id, value, _now()))
        return True

    def unvote(self, message_id: int, user_id: int, emoji: str) -> bool:
        """A removed reaction withdraws that vote (only if it is still the user's current one)."""
        value = VOTES.get(emoji)
        answer_id = self.answer_for_message(message_id)
        if value is None or answer_id is None:
            return False
        self._run("DELETE FROM votes WHERE answer_id = ? AND user_id = ? AND vote = ?", (answer_id, user_id, value))
        return True

    def vote_totals(self) -> tuple[int, int]:
        """(👍, 👎) over all answers."""
        up, down = self._run("SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM votes")[0]
        return int(up), int(down)

    def votes(self) -> list[dict[str, Any]]:
        """Every vote with its answer: question, answer, sources (parsed), user id, vote (+1/-1), time."""
        rows = self._run(
            "SELECT a.id, a.question, a.answer, a.sources, a.asked_at, v.user_id, v.vote, v.voted_at"
            " FROM votes v JOIN answers a ON a.id = v.answer_id ORDER BY a.id, v.voted_at"
        )
        keys = ("answer_id", "question", "answer", "sources", "asked_at", "user_id", "vote", "voted_at")
        out = []
        for row in rows:
            item = dict(zip(keys, row, strict=True))
            item["sources"] = json.loads(item["sources"])
            out.append(item)
        return out

    # -- export ----------------------------------------------------------------------------------------------
    def eval_cases(self) -> Iterator[dict[str, Any]]:
        """One eval case per voted answer (format in the module docstring)."""
        by_answer: dict[int, dict[str, Any]] = {}
        for v in self.votes():
            case = by_answer.setdefault(v["answer_id"], {"row": v, "up": 0, "down": 0})
            case["up" if v["vote"] > 0 else "down"] += 1
        for case in by_answer.values():
            yield eval_case(case["row"], case["up"], case["down"])

    def export_jsonl(self, out: IO[str]) -> int:
        n = 0
        for case in self.eval_cases():
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
            n += 1
        return n


def eval_case(row: dict[str, Any], up: int, down: int) -> dict[str, Any]:
    """An eval case from an answer row and its vote counts (pure)."""
    vote = "up" if up > down else "down" if down > up else "tie"
    cited = list(dict.fromkeys(s["doc_id"] for s in row["sources"]))
    return {
        "question": row["question"],
        "answer": row["answer"],
        "choices": None,
        "expected_sources": cited if vote == "up" else [],
        "vote": vote,
        "votes": {"up": up, "down": down},
        "cited_sources": cited,
        "asked_at": row["asked_at"],
    }
