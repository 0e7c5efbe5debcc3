"""kill -9 at several points of `gazette ingest`, then run it again: the store equals an uninterrupted run's.

Each kill is triggered by what the process is doing (Chroma's files appearing or being opened, catalog rows
written but not yet indexed, batches done) rather than by fixed delays, so the points are hit on slow and fast
machines alike. The kills accumulate on one store; a final run must then produce the same ids, texts, metadata,
catalog and (within float tolerance) embeddings as a run that was never interrupted.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gazette.cli import main
from tests.snapshot import assert_same_store, store_snapshot

TOWNS = ["Brovary", "Irpin", "Fastiv", "Obukhiv", "Vyshhorod", "Bucha", "Boyarka", "Vasylkiv", "Bila Tserkva",
         "Pereiaslav", "Uman", "Chernihiv"]


def _article(i: int, town: str) -> dict:
    """A made-up council report, long enough for a few chunks."""
    sentences = [
        f"The {town} city council met on Tuesday to approve a budget of {120 + i * 7} million hryvnia for the coming year.",
        f"Deputy mayor Olena Hrytsenko said {30 + i} schools would receive new heating systems before the winter.",
        f"Residents of {town} had complained about cold classrooms for three years, according to local parents' groups.",
        f"The council also voted to repair {4 + i % 5} bridges damaged by heavy trucks during the summer.",
        f"Work on the bridges is expected to start in March and to last about {6 + i % 4} months.",
        f"A new bus route will connect the railway station with the hospital in {town} from January.",
        f"The route will run every {15 + i % 3 * 5} minutes on weekdays and every half hour at weekends.",
        f"Opposition members criticised the plan, saying the council had ignored the villages around {town}.",
        f"The mayor answered that {2 + i % 3} village roads would be resurfaced with money from the regional fund.",
        "Council meetings are open to the public and are streamed on the city's website.",
        f"The next session, on the water supply of {town}, is planned for the second week of December.",
        f"Local journalists counted {40 + i * 3} residents in the hall, more than at any meeting this year.",
    ]
    return {"id": f"council-{i:02d}", "title": f"{town} council approves {2025} budget", "outlet": "Oblast Herald",
            "published": f"2024-11-{i + 1:02d}", "url": f"https://herald.example/{town.lower().replace(' ', '-')}",
            "text": " ".join(sentences)}


def _archive_file(path: Path) -> Path:
    records = [_article(i, town) for i, town in enumerate(TOWNS)]
    # Two syndicated copies: same text under another id and outlet (stored once, with two places).
    records.append({**records[2], "id": "partner-fastiv", "outlet": "Partner Wire", "url": "https://partner.example/1"})
    records.append({**records[5], "id": "partner-bucha", "outlet": "Partner Wire", "url": "https://partner.example/2"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false", GAZETTE_INGEST__BATCH_CHUNKS="4",
               GAZETTE_STORE__PATH=str(tmp_path / "unused"))
    return env


def _rows(store: Path, where: str) -> int:
    db_path = store / "articles.sqlite"
    if not db_path.exists():
        return 0
    try:
        db = sqlite3.connect(str(db_path), timeout=0.05)
        try:
            return int(db.execute(f"SELECT COUNT(*) FROM articles WHERE {where}").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _has_open(pid: int, name: str) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").endswith(name):
                return True
        except OSError:
            continue
    return False


def _kill_when(cmd, env, cwd, trigger, timeout=240) -> int:
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if trigger(proc.pid):
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err, err.decode(errors="replace")
    return proc.returncode


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the process through /proc")
def test_sigkill_at_any_point_then_rerun_equals_an_uninterrupted_run(tmp_path, monkeypatch, capsys):
    src = _archive_file(tmp_path / "council.jsonl")
    env = _env(tmp_path)
    store = tmp_path / "killed"
    cmd = [sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), "--json", str(src)]
    chroma_db = store / "chroma" / "chroma.sqlite3"
    triggers = [
        ("creating the store (Chroma's first start-up)", lambda pid: chroma_db.exists()),
        ("opening the existing store (Chroma's start-up)", lambda pid: _has_open(pid, "chroma.sqlite3")),
        ("articles written to the catalog, not yet indexed", lambda pid: _rows(store, "indexed = 0") > 0),
        ("a later batch, between its catalog write and its index write",
         lambda pid: _rows(store, "indexed = 1") >= 6 and _rows(store, "indexed = 0") > 0),
    ]
    killed = []
    for label, trigger in triggers:
        killed.append((label, _kill_when(cmd, env, tmp_path, trigger)))
    # Most kills must really have interrupted a run (a fast machine may finish one before its trigger).
    assert sum(code == -signal.SIGKILL for _, code in killed) >= 3, killed

    # Uninterrupted reference and the final run, both through the same command in this process.
    for key in list(os.environ):
        if key.startswith("GAZETTE_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("GAZETTE_INGEST__BATCH_CHUNKS", "4")
    monkeypatch.chdir(tmp_path)
    reference = tmp_path / "reference"
    assert main(["ingest", "--store", str(reference), "--json", str(src)]) == 0
    ref_summary = json.loads(capsys.readouterr().out)
    assert ref_summary["articles_added"] == len(TOWNS) and ref_summary["articles_duplicate"] == 2
    assert main(["ingest", "--store", str(store), "--json", str(src)]) == 0
    capsys.readouterr()

    want = store_snapshot(reference)
    got = store_snapshot(store)
    assert len(want["index"]["ids"]) > len(TOWNS)  # several chunks per article: several batches
    assert_same_store(got, want)
    # And a run after that embeds nothing.
    assert main(["ingest", "--store", str(store), "--json", str(src)]) == 0
    assert json.loads(capsys.readouterr().out)["chunks_embedded"] == 0
