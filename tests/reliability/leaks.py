"""Check 9's watch: every log record and every payload sent to a fake Discord, searched for the secrets.

The other checks' modules (injection, Discord faults) run under :func:`watched`: DEBUG logging with
:data:`WATCH` on the root logger, and they register their fake Discords here. test_secrets.py runs last (files run
in name order) and asserts that nothing seen held the bot token or the API key. The watch reads records as
Gazette and its libraries write them, before any redaction filter: a secret must not reach a log record at all,
except in the one case only `gazette bot`'s redaction can handle (test_secrets.py covers it separately).
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from typing import Any

from tests.bot.fake_discord import TOKEN

API_KEY = "sk-gazette-FAKE-api-key-0c7e41d9a3b25f68"
SECRETS = (TOKEN, API_KEY)


class LeakWatch(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.records = 0
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        try:
            text = self.format(record)
        except Exception:  # a record that cannot be formatted is still read
            text = repr(record.__dict__)
        if any(secret in text for secret in SECRETS):
            self.leaks.append(text[:400])


WATCH = LeakWatch()
FAKES: list[Any] = []  # every fake Discord of checks 8 and 9 (their recorded requests are read at the end)


@contextlib.contextmanager
def watched() -> Iterator[LeakWatch]:
    """DEBUG logging into the watch for the duration (the root logger's level is restored after)."""
    root = logging.getLogger()
    if WATCH not in root.handlers:
        root.addHandler(WATCH)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield WATCH
    finally:
        root.setLevel(level)


def payload_leaks() -> tuple[int, list[str]]:
    """(requests read, those whose payload or query holds a secret) over every registered fake Discord.

    The Authorization header is where the token belongs, so it is not read.
    """
    read, found = 0, []
    for fake in FAKES:
        for rec in fake.requests:
            read += 1
            text = json.dumps([rec.path, rec.query, rec.json], ensure_ascii=False)
            if any(secret in text for secret in SECRETS):
                found.append(f"{rec.method} {rec.path}: {text[:300]}")
    return read, found
