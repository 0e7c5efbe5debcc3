"""Running a job again and again: `gazette ingest --every 30m`.

Runs never overlap: the next one starts ``interval`` after the previous one started, or right after it ended
when it took longer. A failed run is reported and the schedule goes on. A stop request (SIGTERM, Ctrl-C) ends
the schedule between runs; the run in progress is allowed to finish.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

from gazette.errors import GazetteError, UsageError

log = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


def parse_duration(text: str) -> float:
    """Seconds in a duration such as ``90s``, ``30m``, ``6h``, ``1d`` or ``1h30m``; UsageError otherwise."""
    compact = text.strip().lower().replace(" ", "")
    parts = _PART.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise UsageError(f"not a duration: {text!r} (use a number and a unit: 90s, 30m, 6h, 1d, 1h30m)")
    seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds < 1:
        raise UsageError(f"duration {text!r} is shorter than one second")
    return seconds


@dataclass
class ScheduleReport:
    """What a schedule did when it ended."""

    runs: int = 0
    failures: int = 0
    last_failed: bool = False
    errors: list[str] = field(default_factory=list)


def stop_on_signal(stop: threading.Event, on_first: Callable[[int], None]) -> Callable[[int, FrameType | None], None]:
    """A signal handler that asks ``stop`` to end the schedule after the current run, calling ``on_first(signum)``;
    a second signal raises KeyboardInterrupt (stop now). The event is set from a thread of its own: a handler runs
    between two steps of the main thread, which may be inside ``stop.wait`` holding the event's lock, and setting
    the event there would wait on that lock for ever (a SIGTERM landing as the schedule began its wait hung it)."""
    signalled = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal signalled
        if signalled:
            raise KeyboardInterrupt
        signalled = True
        threading.Thread(target=stop.set, name="schedule-stop", daemon=True).start()
        on_first(signum)

    return handler


def run_every(
    job: Callable[[int], object],
    interval_s: float,
    *,
    stop: threading.Event | None = None,
    max_runs: int | None = None,
    clock: Callable[[], float] = time.monotonic,
    wait: Callable[[float], bool] | None = None,
    on_failure: Callable[[int, str], None] | None = None,
) -> ScheduleReport:
    """Call ``job(run_number)`` every ``interval_s`` seconds (start to start) until ``stop`` is set.

    ``wait(seconds)`` sleeps and returns True when asked to stop (by default ``stop.wait``); tests pass a fake
    clock and wait. ``max_runs`` ends the schedule after that many runs. A run that raises is counted, logged
    and passed to ``on_failure(run, one_line)``; the next run follows as planned.
    """
    stop = stop or threading.Event()
    wait = wait or stop.wait
    report = ScheduleReport()
    while not stop.is_set():
        started = clock()
        report.runs += 1
        try:
            job(report.runs)
            report.last_failed = False
        except GazetteError as exc:  # expected trouble (store busy, server down, a source gone): one line
            _failed(report, str(exc), on_failure)
            log.warning("run %d failed: %s", report.runs, exc)
        except Exception as exc:
            _failed(report, f"{type(exc).__name__}: {exc}", on_failure)
            log.exception("run %d failed", report.runs)
        if stop.is_set() or (max_runs is not None and report.runs >= max_runs):
            break
        left = interval_s - (clock() - started)
        if left > 0:
            log.info("next run in %.0f s", left)
            if wait(left):
                break
    return report


def _failed(report: ScheduleReport, message: str, on_failure: Callable[[int, str], None] | None) -> None:
    report.failures += 1
    report.last_failed = True
    report.errors.append(message)
    if on_failure:
        on_failure(report.runs, message.splitlines()[0] if message else "failed")
