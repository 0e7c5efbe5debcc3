"""Abuse limits: per-user cooldown, question length, channel allow-list, who counts as an admin (pure logic)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from gazette.errors import UsageError


@dataclass
class Cooldown:
    """At most one question per ``seconds`` per user. ``clock`` is injectable for tests."""

    seconds: float
    clock: Callable[[], float] = time.monotonic
    _last: dict[int, float] = field(default_factory=dict)

    def remaining(self, user_id: int) -> float:
        """Seconds the user must still wait (0.0 when they may ask now)."""
        last = self._last.get(user_id)
        if last is None:
            return 0.0
        return max(0.0, self.seconds - (self.clock() - last))

    def start(self, user_id: int) -> None:
        now = self.clock()
        if len(self._last) > 10_000:  # forget users whose cooldown is long over
            self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
        self._last[user_id] = now


def check_question(text: str, max_chars: int) -> str:
    """The question with its white space tidied; UsageError (a friendly sentence) when empty or too long.

    Runs before any retrieval or model call.
    """
    question = " ".join(text.split())
    if not question:
        raise UsageError("Ask me a question, for example: How many North Korean troops are in Kursk?")
    if len(question) > max_chars:
        raise UsageError(
            f"That question is {len(question):,} characters long; please keep it under {max_chars:,} characters."
        )
    return question


def channel_allowed(channel_id: int | None, parent_id: int | None, allowed: Collection[int]) -> bool:
    """Whether Gazette answers in this channel: every channel when the allow-list is empty; a thread counts as
    its parent channel."""
    if not allowed:
        return True
    return channel_id in allowed or (parent_id is not None and parent_id in allowed)


def is_admin(manage_guild: bool, role_ids: Iterable[int], admin_roles: Collection[int]) -> bool:
    """Members with the Manage Server permission, or with one of the configured admin roles."""
    return manage_guild or any(r in admin_roles for r in role_ids)
