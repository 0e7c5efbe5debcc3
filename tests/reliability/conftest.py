"""The reliability and security suite: each test belongs to one numbered check and counts its tries and failures.

    make reliability                 # the whole suite (GAZETTE_RELIABILITY=full), scorecard at the end
    pytest tests/reliability         # the fast subset (also part of `make test`, so CI runs it)

A test declares its check with ``@pytest.mark.check(N)`` and reports what it tried through the ``score`` fixture:
``score.tried(n)`` for n attempts (payloads, kill points, generated examples), ``score.failed(what)`` for each
attempt that broke a promise. A test that fails without recording a failure (an exception, an assertion) counts
as one failure. The scorecard (check, tries, failures) is printed at the end of the run and, with
GAZETTE_SCORECARD=FILE, written there as JSON.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHECKS = {
    1: "kill -9 during ingest, then re-run",
    2: "one writer; answers during an ingest",
    3: "changed and deleted articles leave nothing stale",
    4: "prompt injection from users",
    5: "indirect injection through articles",
    6: "Discord output fuzzing",
    7: "network refusals and caps",
    8: "Discord faults, permissions and floods",
    9: "no secret in any log or message",
    10: "parser fuzzing",
    11: "a remote document cannot end a run",
    12: "folders stay inside their root; no secret in output",
    13: "absurd amounts in questions",
    14: "injection paraphrases",
    15: "deep JSON",
    16: "feeds keep to their hosts",
    17: "control characters",
    18: "emptied catalog",
    19: "FIFOs and special files",
    20: "size caps",
    21: "damaged store",
    22: "Discord presentation",
}

FULL = os.environ.get("GAZETTE_RELIABILITY", "").lower() == "full"


def scaled(fast: int, full: int) -> int:
    """How many tries a check makes: ``fast`` in CI's subset, ``full`` in `make reliability`."""
    return full if FULL else fast


@dataclass
class Tally:
    tries: int = 0
    failures: list[str] = field(default_factory=list)


_TALLIES: dict[int, Tally] = defaultdict(Tally)


@dataclass
class Score:
    check: int
    recorded_failure: bool = False

    def tried(self, n: int = 1) -> None:
        _TALLIES[self.check].tries += n

    def failed(self, what: str) -> None:
        self.recorded_failure = True
        _TALLIES[self.check].failures.append(what)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"check(n): the reliability check (1-{max(CHECKS)}) a test belongs to")


@pytest.fixture
def score(request: pytest.FixtureRequest) -> Score:
    marker = request.node.get_closest_marker("check")
    if marker is None or marker.args[0] not in CHECKS:
        raise pytest.UsageError(f"{request.node.nodeid} needs @pytest.mark.check(N) with N in 1..{max(CHECKS)}")
    s = Score(marker.args[0])
    request.node.stash[_SCORE] = s
    return s


_SCORE = pytest.StashKey[Score]()


@pytest.fixture
async def faulty(monkeypatch):  # type: ignore[no-untyped-def]
    """The local fake Discord with injectable faults (checks 8 and 9), the discord.py client pointed at it."""
    import discord
    import yarl
    from discord.gateway import DiscordWebSocket

    from tests.reliability.leaks import FAKES
    from tests.reliability.test_discord_faults import FaultyDiscord

    fake = FaultyDiscord()
    await fake.start()
    FAKES.append(fake)
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    yield fake
    await fake.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    marker = item.get_closest_marker("check")
    if marker is None or report.when not in ("setup", "call"):
        return
    s = item.stash.get(_SCORE, None)
    if report.when == "call" and s is None:
        _TALLIES[marker.args[0]].tries += 1  # a test that does not count its tries is one try
    if report.failed and not (s is not None and s.recorded_failure):
        _TALLIES[marker.args[0]].failures.append(f"{item.nodeid}: {report.when} failed")
    elif report.when == "call" and s is not None and _TALLIES[s.check].tries == 0:
        s.tried()


def scorecard_rows() -> list[dict]:
    return [{"check": n, "name": CHECKS[n], "tries": _TALLIES[n].tries, "failures": len(_TALLIES[n].failures),
             "examples": _TALLIES[n].failures[:3]} for n in sorted(_TALLIES)]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    rows = scorecard_rows()
    if not rows:
        return
    tr = terminalreporter
    tr.section(f"reliability scorecard ({'full' if FULL else 'fast subset'})")
    tr.write_line(f"{'check':<5} {'name':<52} {'tries':>7} {'failures':>8}")
    for r in rows:
        tr.write_line(f"{r['check']:<5} {r['name']:<52} {r['tries']:>7} {r['failures']:>8}")
        for example in r["examples"]:
            tr.write_line(f"      ! {example[:200]}")
    tr.write_line(f"{'':<5} {'total':<52} {sum(r['tries'] for r in rows):>7} "
                  f"{sum(r['failures'] for r in rows):>8}")
    if out := os.environ.get("GAZETTE_SCORECARD"):
        Path(out).write_text(json.dumps({"mode": "full" if FULL else "fast", "checks": rows}, indent=2) + "\n",
                             encoding="utf-8")
