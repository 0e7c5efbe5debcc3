"""Scheduled re-ingest: duration parsing, repetition, failure tolerance and stopping (fake clock)."""

from __future__ import annotations

import threading

import pytest

from gazette.errors import StoreError, UsageError
from ingest.schedule import parse_duration, run_every, stop_on_signal


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("30m", 1800), ("6h", 21600), ("1d", 86400), ("1h30m", 5400), ("1.5h", 5400),
     (" 2M ", 120), ("1h 30m", 5400), ("1s", 1)],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "30", "m", "30x", "-5m", "5m30", "0s", "0.5s", "thirty minutes", "30mm"])
def test_parse_duration_refuses(text):
    with pytest.raises(UsageError):
        parse_duration(text)


class FakeTime:
    """A clock that only moves when a job "works" or the scheduler "sleeps"."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self.starts: list[float] = []

    def clock(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.now += seconds
        return False


def test_runs_repeat_start_to_start_and_a_failure_does_not_stop_them():
    t = FakeTime()
    durations = {1: 10.0, 2: 5.0, 3: 200.0, 4: 1.0}
    failures = []

    def job(run: int) -> None:
        t.starts.append(t.now)
        t.now += durations[run]
        if run == 2:
            raise StoreError("the store is being written by another gazette process")
        if run == 3:
            raise RuntimeError("boom\nwith a second line")

    report = run_every(job, 60, max_runs=4, clock=t.clock, wait=t.wait,
                       on_failure=lambda run, line: failures.append((run, line)))
    assert report.runs == 4 and report.failures == 2 and not report.last_failed
    # Run 3 took longer than the interval: run 4 starts as soon as it ends, never beside it.
    assert t.starts == [0, 60, 120, 320]
    assert t.waits == [50, 55]
    assert failures == [(2, "the store is being written by another gazette process"), (3, "RuntimeError: boom")]


def test_a_stop_request_ends_the_schedule_between_runs():
    stop = threading.Event()
    t = FakeTime()
    runs = []

    def job(run: int) -> None:
        runs.append(run)
        if run == 2:
            stop.set()  # as the SIGTERM handler does, while a run is in progress

    report = run_every(job, 30, stop=stop, clock=t.clock, wait=t.wait)
    assert runs == [1, 2] and report.runs == 2 and t.waits == [30]


def test_a_stop_during_the_wait_ends_it_at_once():
    stop = threading.Event()
    calls = []

    def wait(seconds: float) -> bool:
        calls.append(seconds)
        stop.set()
        return True

    report = run_every(lambda run: None, 3600, stop=stop, wait=wait)
    assert report.runs == 1 and len(calls) == 1 and 0 < calls[0] <= 3600


def test_the_last_failure_is_reported():
    def job(run: int) -> None:
        raise StoreError("down")

    report = run_every(job, 1, max_runs=2, clock=FakeTime().clock, wait=FakeTime().wait)
    assert report.last_failed and report.failures == 2 and report.errors == ["down", "down"]


# -- the command line: `gazette ingest --every` (real model, real store) -----------------------------------


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    from tests.conftest import isolate_env

    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_STORE__PATH", str(tmp_path / "store"))
    return tmp_path


@pytest.fixture
def few(clean_env):
    """A few articles of the sample archive: enough to ingest, quick to embed."""
    from gazette.cli import sample_archive_path

    path = clean_env / "few.jsonl"
    path.write_text("".join(sample_archive_path().read_text(encoding="utf-8").splitlines(True)[:4]))
    return path


@pytest.mark.parametrize(("argv", "message"), [
    (["--every", "5x"], "not a duration"),
    (["--every", "0s"], "shorter than one second"),
    (["--max-runs", "2"], "--max-runs applies to --every"),
])
def test_bad_schedules_are_usage_errors(clean_env, capsys, argv, message):
    from gazette.cli import main, sample_archive_path

    assert main(["ingest", *argv, str(sample_archive_path())]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_every_repeats_the_ingest(few, capsys):
    import json

    from gazette.cli import main

    assert main(["ingest", "--every", "1s", "--max-runs", "2", "--json", str(few)]) == 0
    out, err = capsys.readouterr()
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["articles_added"] == 4 and second["articles_added"] == 0
    assert second["articles_unchanged"] == first["articles_added"]
    assert "ended after 2 runs (0 failed)" in err


@pytest.mark.slow
def test_a_failed_run_is_reported_and_the_schedule_goes_on(clean_env, capsys, embedder):
    from gazette.cli import main, sample_archive_path
    from gazette.store import open_archive

    holder = open_archive(clean_env / "store", create=True, embedding_model=embedder.name,
                          dimensions=embedder.dimensions)  # another writer holds the store
    try:
        code = main(["ingest", "--every", "1s", "--max-runs", "2", str(sample_archive_path())])
    finally:
        holder.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "ingest run 1 failed:" in err and "ingest run 2 failed:" in err and "being written by another" in err
    assert "ended after 2 runs (2 failed)" in err and "Traceback" not in err


def test_a_signal_that_lands_inside_the_schedules_wait_still_stops_it():
    """A handler runs between two steps of the main thread, which may be inside ``stop.wait`` holding the event's
    lock: the handler must not wait on that lock (it used to, and SIGTERM then hung the schedule for good)."""
    import signal

    stop = threading.Event()
    told: list[int] = []
    handler = stop_on_signal(stop, told.append)

    def signalled_inside_wait() -> None:
        with stop._cond:  # what Event.wait holds while it checks the flag
            handler(signal.SIGTERM, None)

    worker = threading.Thread(target=signalled_inside_wait, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert stop.wait(timeout=10) and told == [signal.SIGTERM]
    with pytest.raises(KeyboardInterrupt):  # a second signal stops now
        handler(signal.SIGTERM, None)


@pytest.mark.slow
def test_sigterm_stops_the_schedule_between_runs(few):
    import queue
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "gazette.cli", "ingest", "--every", "6h", "--json", str(few)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True).start()
    try:
        first = lines.get(timeout=300)  # the first run's summary: it is now waiting for the next run
        assert '"articles_added"' in first
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "stopping after the current run" in err and "ended after 1 runs (0 failed)" in err
