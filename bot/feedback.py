"""The bot's record of its answers and of the 👍/👎 votes on them (SQLite), and their export as eval cases.

Every answer Gazette posts is stored with its question, the conversation before it, its text, sources and the ids
of the Discord messages that carry it; a reaction on any of those messages is a vote. The same table gives a
thread's conversation history and the "questions answered" count.

Export (``gazette feedback export``): one JSON object per voted answer, in the format ``gazette eval`` reads::

    {"id": "feedback-12", "question": "How many North Korean troops are in Kursk?", "answer": "8,000",
     "choices": null, "expected_sources": ["global-desk-..."], "vote": "up", "votes": {"up": 2, "down": 0},
     "as_of": "2024-11-05", "history": [], "bot_answer": "Up to 8,000 ... [1]", "cited_sources": ["global-desk-..."]}

- ``vote`` is the majority: "up", "down" or "tie".
- 👍 on an answer: ``answer`` is its short answer (a number, name or date) when the core found one, else its text
  without markers; ``expected_sources`` are the cited articles' ids.
- 👍 on an abstention: ``"unanswerable": true`` (abstaining was right), ``answer`` null.
- 👎 or a tie: the right answer is unknown: ``answer`` is null and ``"needs_answer": true``; write the answer in
  (or set ``"unanswerable": true``) before using the case. ``expected_sources`` is empty (a wrong answer's
  sources are not expected).
- ``as_of`` is the day the question was asked (its reference date) and ``history`` the conversation before it, as
  [role, text] pairs, so a follow-up is replayed as it was asked. ``bot_answer`` and ``cited_sources`` say what
  Gazette answered.
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
from gazette.citations import strip_markers
from gazette.errors import StoreError
from gazette.followups import Turn
from gazette.models import Answer
from gazette.whatsnew import PastAnswer

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
    history        TEXT NOT NULL,      -- JSON list of [role, text]: the conversation before the question
    answer         TEXT NOT NULL,
    short_answer   TEXT,
    abstained      INTEGER NOT NULL,
    searched_query TEXT NOT NULL,
    sources        TEXT NOT NULL       -- JSON list of citations
);
CREATE INDEX IF NOT EXISTS answers_by_thread ON answers (thread_id, id);
CREATE TABLE IF NOT EXISTS answer_messages (
    message_id INTEGER PRIMARY KEY,
    answer_id  INTEGER NOT NULL REFERENCES answers (id)
);
CREATE TABLE IF NOT EXISTS threads (      -- threads Gazette opened: every message there is for Gazette
    thread_id INTEGER PRIMARY KEY,
    opened_at TEXT NOT NULL
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
        thread_id: int | None = None, message_ids: Iterable[int] = (), history: Sequence[Turn] = (),
    ) -> int:
        sources = json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False)
        turns = json.dumps([list(t) for t in history], ensure_ascii=False)
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO answers (asked_at, guild_id, channel_id, thread_id, user_id, question, history, answer,"
                " short_answer, abstained, searched_query, sources) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (_now(), guild_id, channel_id, thread_id, user_id, answer.question, turns, answer.answer,
                 answer.short_answer, int(answer.abstained), answer.searched_query, sources),
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

    def add_thread(self, thread_id: int) -> None:
        self._run("INSERT OR IGNORE INTO threads VALUES (?, ?)", (thread_id, _now()))

    def opened_thread(self, thread_id: int) -> bool:
        """Whether Gazette opened this thread (its conversations need no mention)."""
        return bool(self._run("SELECT 1 FROM threads WHERE thread_id = ?", (thread_id,)))

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

    def thread_answers(self, thread_id: int, limit: int = 20) -> list[PastAnswer]:
        """The thread's last ``limit`` answers, oldest first: the standalone query each answered and its as-of date
        (its newest cited source's; none for an abstention), for "anything new?" (gazette.whatsnew)."""
        rows = self._run(
            "SELECT searched_query, sources FROM answers WHERE thread_id = ? ORDER BY id DESC LIMIT ?",
            (thread_id, limit),
        )
        out = []
        for query, sources in reversed(rows):
            try:
                dates = [s.get("published") for s in json.loads(sources) if isinstance(s, dict)]
            except ValueError:
                dates = []
            shown = [d for d in dates if isinstance(d, str) and d]
            out.append(PastAnswer(query=query, as_of=max(shown) if shown else None))
        return out

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
        """Every vote with its answer: question, history, answer, short answer, abstained, sources (parsed),
        user id, vote (+1/-1), times."""
        rows = self._run(
            "SELECT a.id, a.question, a.history, a.answer, a.short_answer, a.abstained, a.sources, a.asked_at,"
            " v.user_id, v.vote, v.voted_at FROM votes v JOIN answers a ON a.id = v.answer_id ORDER BY a.id, v.voted_at"
        )
        keys = ("answer_id", "question", "history", "answer", "short_answer", "abstained", "sources", "asked_at",
                "user_id", "vote", "voted_at")
        out = []
        for row in rows:
            item = dict(zip(keys, row, strict=True))
            item["sources"] = json.loads(item["sources"])
            item["history"] = [tuple(t) for t in json.loads(item["history"])]
            item["abstained"] = bool(item["abstained"])
            out.append(item)
        return out

    # -- export ----------------------------------------------------------------------------------------------
    def eval_cases(self, votes: str = "all") -> Iterator[dict[str, Any]]:
        """One eval case per voted answer (format in the module docstring); ``votes``: "up", "down" (down or
        tie) or "all"."""
        by_answer: dict[int, dict[str, Any]] = {}
        for v in self.votes():
            case = by_answer.setdefault(v["answer_id"], {"row": v, "up": 0, "down": 0})
            case["up" if v["vote"] > 0 else "down"] += 1
        for case in by_answer.values():
            out = eval_case(case["row"], case["up"], case["down"])
            if votes == "all" or (out["vote"] == "up") == (votes == "up"):
                yield out

    def export_jsonl(self, out: IO[str], votes: str = "all") -> int:
        n = 0
        for case in self.eval_cases(votes):
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
            n += 1
        return n


def eval_case(row: dict[str, Any], up: int, down: int) -> dict[str, Any]:
    """An eval case from an answer row and its vote counts (pure; format in the module docstring)."""
    vote = "up" if up > down else "down" if down > up else "tie"
    cited = list(dict.fromkeys(s["doc_id"] for s in row["sources"]))
    right = vote == "up"
    case: dict[str, Any] = {
        "id": f"feedback-{row['answer_id']}",
        "question": row["question"],
        "answer": (row.get("short_answer") or strip_markers(row["answer"]).strip())
        if right and not row["abstained"] else None,
        "choices": None,
        "expected_sources": cited if right else [],
        "vote": vote,
        "votes": {"up": up, "down": down},
        "as_of": row["asked_at"][:10],
        "history": [list(t) for t in row.get("history", [])],
        "bot_answer": row["answer"],
        "cited_sources": cited,
    }
    if right and row["abstained"]:
        case["unanswerable"] = True
    elif not right:
        case["needs_answer"] = True
    return case
