"""Checks 12 (read side), 15, 19 and 20: what a folder or file given to `gazette ingest` can make it do.

12. A folder holds symlinks to /proc/self/environ, /etc/passwd, a folder outside it, a file beside it; a path on
    the command line is a symlink into /proc. None is read: each is a failed entry with its reason, and the
    store holds no byte of what they point to (the ingest runs with a fake bot token in its environment).
15. JSON nested a thousand levels (and a hundred thousand) in a JSON Lines line, in a JSON file, inside a record:
    one failed entry each, the good records beside them stored. Any exception one record raises (MemoryError
    included) is that record's failure.
19. A FIFO given as the path (which a reader would wait on forever, holding the writer lock), FIFOs and sockets
    inside a folder, symlinks to /dev devices: each is a failed entry, found without opening it, at once.
20. Size caps on local files: a file larger than ``ingest.max_file_bytes``, gzip bombs (JSON Lines and Markdown),
    a JSON Lines line or HTML file larger than one document may be, an article longer than
    ``ingest.max_article_chars``: each a failed entry, the good file beside them stored, and a large JSON Lines
    file is streamed (memory holds one record, not the file).
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from gazette.cli import main
from tests.conftest import isolate_env
from tests.reliability.conftest import scaled
from tests.reliability.test_parsers_fuzz import time_limit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks, FIFOs and /proc")

TOKEN = "FAKE.token.123-red-team"
GOOD = {"id": "good-1", "title": "Ferry resumes", "outlet": "Port Gazette", "published": "2024-11-01",
        "text": "The ferry line between Odesa and Varna resumed on Friday after a pause of eleven weeks."}
OTHER = {"id": "good-2", "title": "Bridge reopens", "outlet": "City Desk", "published": "2024-11-02",
         "text": "The Darnytskyi bridge reopened to traffic on Saturday after repairs lasting four months."}


def _env(monkeypatch, tmp_path: Path, **settings: str) -> Path:
    isolate_env(monkeypatch, tmp_path)
    store = tmp_path / "store"
    monkeypatch.setenv("GAZETTE_STORE__PATH", str(store))
    for key, value in settings.items():
        monkeypatch.setenv(f"GAZETTE_INGEST__{key.upper()}", value)
    return store


def _ingest(capsys, *paths: Path | str) -> tuple[int, dict, str]:
    code = main(["ingest", "--json", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 and out.strip() else {}), err


def _stored(store: Path) -> dict[str, tuple]:
    db = sqlite3.connect(f"file:{store / 'articles.sqlite'}?mode=ro", uri=True)
    try:
        return {r[0]: r[1:] for r in db.execute("SELECT doc_id, title, text, source FROM articles")}
    finally:
        db.close()


def _record(score, failures: list[str]) -> None:
    for f in failures:
        score.failed(f)
    assert not failures, failures


# -- check 12 --------------------------------------------------------------------------------------------------


@pytest.mark.check(12)
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_a_folder_reads_nothing_outside_it(score, tmp_path):
    folder, outside = tmp_path / "f", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n")
    (outside / "secret.md").write_text(f"# Deploy notes\nThe bot token is {TOKEN}.\n")
    (outside / "notes").mkdir()
    (outside / "notes" / "more.md").write_text(f"# More notes\nToken again: {TOKEN}.\n")
    links = {
        "environ.md": "/proc/self/environ", "passwd.txt": "/etc/passwd", "status.txt": "/proc/self/status",
        "cmdline.md": "/proc/1/cmdline", "kernel.txt": "/sys/kernel/hostname" if Path("/sys/kernel").exists()
        else "/sys", "secret.md": str(outside / "secret.md"), "relative.md": "../outside/secret.md",
        "notes": str(outside / "notes"), "etc": "/etc", "zero.txt": "/dev/zero", "null.jsonl": "/dev/null",
    }
    for name, target in links.items():
        (folder / name).symlink_to(target)
    (folder / "inside.jsonl").symlink_to(folder / "good.jsonl")  # a link inside the folder is read where it leads
    single = tmp_path / "single.md"
    single.symlink_to("/proc/self/environ")
    score.tried(len(links) + 1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env.update(GAZETTE_DISCORD__TOKEN=TOKEN, GAZETTE_STORE__PATH=str(tmp_path / "store"), HF_HUB_OFFLINE="1")
    done = subprocess.run([sys.executable, "-m", "gazette.cli", "ingest", "--json", str(folder), str(single)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    failures = []
    if done.returncode != 0:
        failures.append(f"exit {done.returncode}: {done.stderr.strip()[-300:]}")
    else:
        summary = json.loads(done.stdout)
        failed = {Path(f["source"]).name: f["reason"] for f in summary["failed"]}
        for name in [*links, "single.md"]:
            if not failed.get(name, "").startswith("refused"):
                failures.append(f"{name}: not refused ({failed.get(name)!r})")
        stored = _stored(tmp_path / "store")
        if set(stored) != {"good-1"}:
            failures.append(f"stored {sorted(stored)}")
    for path in (tmp_path / "store").rglob("*"):
        if path.is_file() and TOKEN.encode() in path.read_bytes():
            failures.append(f"the token is in {path.relative_to(tmp_path)}")
    if TOKEN in done.stdout + done.stderr:
        failures.append("the token was printed")
    _record(score, failures)


# -- check 15 --------------------------------------------------------------------------------------------------


def _deep_lines(full: bool) -> list[str]:
    depths = [1000, 5000, 100_000] if full else [1000, 100_000]
    lines = []
    for d in depths:
        lines += ["[" * d + "]" * d, "[" * d, '{"a":' * d + "1" + "}" * d, '{"text": ' + "[" * d + "]" * d + "}"]
    lines += ['{"id": ' + "[" * 990 + "]" * 990 + ', "text": "Deep id."}',
              '{"text": "Deep date.", "published": ' + "{" + '"a":' * 995 + "1" + "}" * 995 + "}",
              '{"text": "x", "title": ' + "[" * 995 + "]" * 995 + "}"]
    return lines


@pytest.mark.check(15)
def test_deep_json_is_one_failed_entry(score, tmp_path, monkeypatch, capsys):
    store = _env(monkeypatch, tmp_path)
    bad = _deep_lines(scaled(0, 1) == 1)
    src = tmp_path / "archive.jsonl"
    src.write_text("\n".join([json.dumps(GOOD), *bad, json.dumps(OTHER)]) + "\n")
    files = {}
    for i, d in enumerate([1000, 100_000]):
        files[f"deep{i}.json"] = "[" * d + "]" * d
        first = {**GOOD, "id": f"array-{i}", "text": f"{GOOD['text']} Record {i} of an array."}
        files[f"deep-after-good{i}.json"] = "[" + json.dumps(first) + "," + "[" * d + "]" * d + "]"
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    score.tried(len(bad) + len(files))
    code, summary, err = _ingest(capsys, src, *(tmp_path / n for n in files))
    failures = []
    if code != 0:
        failures.append(f"exit {code}: {err.strip()[-300:]}")
    else:
        stored = _stored(store)
        want = {"good-1", "good-2", "array-0", "array-1"}
        if not want <= set(stored):
            failures.append(f"good records lost: {sorted(want - set(stored))}")
        failed = [f["source"] for f in summary["failed"]]
        for lineno in range(2, 2 + len(bad)):
            n = failed.count(f"{src}:{lineno}")
            # A deep value inside a readable record may be read (as text) or fail; never more than one entry.
            if n > 1 or (n == 0 and lineno - 2 < len(bad) - 3):
                failures.append(f"line {lineno}: {n} failed entries")
        for name in files:
            if failed.count(str(tmp_path / name)) != 1:
                failures.append(f"{name}: {failed.count(str(tmp_path / name))} failed entries")
    _record(score, failures)


@pytest.mark.check(15)
def test_any_exception_from_one_record_is_its_failure(score, tmp_path, monkeypatch):
    """The class, not the case: a record whose reading raises MemoryError, RecursionError or a parser's own error
    (simulated in the date parser) is one failed entry; the records around it are read."""
    from gazette.models import Article, FailedSource
    from ingest import files

    real = files.parse_date
    errors = [MemoryError(), RecursionError("maximum recursion depth exceeded"), KeyError("x"), TypeError("odd"),
              UnicodeError("bad"), OverflowError("big"), AttributeError("none")]

    def fragile(value):  # noqa: ANN001, ANN202
        if isinstance(value, str) and value.startswith("raise-"):
            raise errors[int(value.split("-")[1])]
        return real(value)

    monkeypatch.setattr(files, "parse_date", fragile)
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join([json.dumps(GOOD)] + [json.dumps({**OTHER, "id": f"x{i}", "published": f"raise-{i}"})
                                                   for i in range(len(errors))] + [json.dumps(OTHER)]) + "\n")
    score.tried(len(errors))
    items = list(files.iter_path(src))
    failures = []
    got = [type(i).__name__ for i in items]
    if got != ["Article"] + ["FailedSource"] * len(errors) + ["Article"]:
        failures.append(f"read {got}")
    failed = [i for i in items if isinstance(i, FailedSource)]
    if [f.source for f in failed] != [f"{src}:{n}" for n in range(2, 2 + len(errors))]:
        failures.append(f"failed entries {[f.source for f in failed]}")
    if not all(isinstance(i, Article | FailedSource) for i in items):
        failures.append("something else was yielded")
    _record(score, failures)


# -- check 19 --------------------------------------------------------------------------------------------------


@pytest.mark.check(19)
def test_a_fifo_as_the_path_fails_at_once_and_frees_the_lock(score, tmp_path, monkeypatch, capsys):
    store = _env(monkeypatch, tmp_path)
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n")
    score.tried(2)
    failures = []
    started = time.monotonic()
    try:
        with time_limit(20):
            code, summary, err = _ingest(capsys, fifo, good)
    except BaseException as exc:  # noqa: BLE001 - a hang is what this looks for
        failures.append(f"hung or crashed: {type(exc).__name__}: {exc}")
        code, summary, err = -1, {}, ""
    if code == 0:
        reasons = {f["source"]: f["reason"] for f in summary["failed"]}
        if "FIFO" not in reasons.get(str(fifo), ""):
            failures.append(f"the FIFO's failed entry: {reasons.get(str(fifo))!r}")
        if "good-1" not in _stored(store):
            failures.append("the good file beside it was not stored")
    elif not failures:
        failures.append(f"exit {code}: {err.strip()[-200:]}")
    # The writer lock was released: a second ingest gets it at once (the FIFO given alone, as in the issue).
    try:
        with time_limit(20):
            code, summary, err = _ingest(capsys, fifo)
        if code != 0 and "no such file" not in err:
            failures.append(f"the second ingest: exit {code}: {err.strip()[-200:]}")
    except BaseException as exc:  # noqa: BLE001
        failures.append(f"the second ingest hung: {exc}")
    if time.monotonic() - started > 30:
        failures.append(f"took {time.monotonic() - started:.0f} s")
    _record(score, failures)


@pytest.mark.check(19)
def test_special_files_in_a_folder_are_failed_entries(score, tmp_path):
    from gazette.models import Article, FailedSource
    from ingest.files import iter_path

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n")
    os.mkfifo(folder / "pipe.md")
    os.mkfifo(folder / "pipe.jsonl.gz")
    sockets = []
    for name in ("sock.jsonl", "sock.html"):
        s = socket.socket(socket.AF_UNIX)
        try:
            s.bind(str(folder / name))
        except OSError:  # a path too long for AF_UNIX: fewer tries
            s.close()
            continue
        sockets.append(s)
    specials = {p.name for p in folder.iterdir() if p.name != "good.jsonl"}
    for name, target in (("zero.txt", "/dev/zero"), ("random.md", "/dev/urandom"), ("tty.jsonl", "/dev/tty")):
        if Path(target).exists():
            (folder / name).symlink_to(target)
            specials.add(name)
    score.tried(len(specials))
    failures = []
    try:
        with time_limit(20):
            items = list(iter_path(folder))
    except BaseException as exc:  # noqa: BLE001
        items = []
        failures.append(f"hung or crashed: {type(exc).__name__}: {exc}")
    finally:
        for s in sockets:
            s.close()
    failed = {Path(i.source).name: i.reason for i in items if isinstance(i, FailedSource)}
    for name in specials:
        if not failed.get(name, "").startswith("refused"):
            failures.append(f"{name}: {failed.get(name)!r}")
    if [i.doc_id for i in items if isinstance(i, Article)] != ["good-1"]:
        failures.append("the good file was not read")
    _record(score, failures)


# -- check 20 --------------------------------------------------------------------------------------------------


def _bomb(path: Path, unpacked: int, piece: bytes = b"\0") -> None:
    """A gzip file that unpacks to ``unpacked`` bytes: one small member repeated (gzip readers read them all)."""
    member = gzip.compress(piece * (8 << 20), compresslevel=9)
    path.write_bytes(member * max(1, unpacked // (8 << 20)))


@pytest.mark.check(20)
def test_over_cap_files_and_articles_are_failed_entries(score, tmp_path, monkeypatch, capsys):
    store = _env(monkeypatch, tmp_path, max_file_bytes="300000", max_article_chars="4000")  # 100,000 per document
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n")
    record = json.dumps({**OTHER, "id": "{}", "text": OTHER["text"] + " More." * 300}) + "\n"
    big = "".join(record.replace('"{}"', f'"big-{i}"') for i in range(400))  # ~800 KB
    cases = {
        "big.jsonl": big,  # its size is known: refused before it is read
        "long-line.jsonl": json.dumps({**OTHER, "id": "long", "text": "word " * 30_000}) + "\n"
        + json.dumps({**OTHER, "id": "after-long"}) + "\n",
        "long-article.md": "# Long\n" + "A sentence of the article. " * 200,           # 5,400 characters
        "huge.html": "<html><body><p>" + "x " * 60_000 + "</p></body></html>",
        "huge.json": "[" + ",".join(record.strip().replace('"{}"', f'"json-{i}"') for i in range(400)) + "]",
    }
    for name, text in cases.items():
        (folder / name).write_text(text)
    # Compressed: the size shows only while reading; what came before the cap is kept.
    (folder / "big.jsonl.gz").write_bytes(gzip.compress(big.replace('"big-', '"gz-').encode()))
    _bomb(folder / "bomb.jsonl.gz", scaled(64, 1024) << 20)
    _bomb(folder / "bomb.md.gz", scaled(64, 512) << 20, b"a ")
    _bomb(folder / "lines.jsonl.gz", scaled(64, 1024) << 20, b"{}\n")
    names = [*cases, "big.jsonl.gz", "bomb.jsonl.gz", "bomb.md.gz", "lines.jsonl.gz"]
    score.tried(len(names))
    failures = []
    started = time.monotonic()
    code, summary, err = _ingest(capsys, folder)
    if code != 0:
        failures.append(f"exit {code}: {err.strip()[-300:]}")
    else:
        failed: dict[str, list[str]] = {}
        for f in summary["failed"]:
            failed.setdefault(Path(f["source"].split(":")[0].split("#")[0]).name, []).append(f["reason"])
        for name in names:
            # A file of nothing but bad records stops early (no file of articles), before its byte cap.
            if not any("max_file_bytes" in r or "max_article_chars" in r or "larger" in r or "stopped reading" in r
                       for r in failed.get(name, [])):
                failures.append(f"{name}: no over-cap failed entry ({failed.get(name, [])[:2]})")
        if len(summary["failed"]) > 3 * len(names) + 2 * 1000:
            failures.append(f"{len(summary['failed'])} failed entries: a bad file floods the summary")
        stored = _stored(store)
        for doc in ("good-1", "after-long", "gz-0"):
            if doc not in stored:
                failures.append(f"{doc} (before or beside an over-cap item) was not stored")
        if any(len(text) > 4000 for _, text, _ in stored.values()):
            failures.append("an article over max_article_chars was stored")
        if any(doc.startswith(("big-", "json-")) for doc in stored):
            failures.append("a file over max_file_bytes was read")
    if time.monotonic() - started > scaled(60, 180):
        failures.append(f"took {time.monotonic() - started:.0f} s")
    _record(score, failures)


@pytest.mark.check(20)
def test_a_large_json_lines_file_is_streamed(score, tmp_path):
    """Memory while reading a JSON Lines file (and a JSON array) stays near one record, whatever the file's size."""
    from ingest.files import iter_path

    size_mb = scaled(16, 200)
    line = json.dumps({**OTHER, "id": "{}", "text": OTHER["text"] * 20}) + "\n"
    count = (size_mb << 20) // len(line)
    jsonl = tmp_path / "large.jsonl"
    with jsonl.open("w") as out:
        for i in range(count):
            out.write(line.replace('"{}"', f'"r{i}"'))
    array = tmp_path / "large.json"
    with array.open("w") as out:
        out.write("[")
        for i in range(count):
            out.write(("," if i else "") + line.strip().replace('"{}"', f'"a{i}"'))
        out.write("]")
    score.tried(2)
    failures = []
    for path in (jsonl, array):
        tracemalloc.start()
        try:
            read = sum(1 for _ in iter_path(path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        if read != count:
            failures.append(f"{path.name}: read {read} of {count} records")
        if peak > 16 << 20:
            failures.append(f"{path.name} ({size_mb} MB): peak memory {peak >> 20} MB")
    _record(score, failures)


@pytest.mark.check(20)
def test_a_bomb_of_bad_records_stops_at_once_under_the_default_caps(score, tmp_path):
    """Gigabytes of blank records (each a failed entry) used to be read to the end, one failure at a time."""
    from gazette.models import Article, FailedSource
    from ingest.files import iter_path

    bomb = tmp_path / "blank.jsonl.gz"
    _bomb(bomb, scaled(256, 4096) << 20, b"{}\n")
    mixed = tmp_path / "mixed.jsonl"
    good = json.dumps(GOOD) + "\n"
    mixed.write_text("".join(good.replace('"good-1"', f'"m{i}"') + "not json\n" for i in range(1500)))
    score.tried(2)
    failures = []
    started = time.monotonic()
    with time_limit(60):
        items = list(iter_path(bomb))
    if time.monotonic() - started > 10 or not items or "stopped reading" not in items[-1].reason:
        failures.append(f"the bomb: {len(items)} items in {time.monotonic() - started:.1f} s, last "
                        f"{items[-1].reason if items else None!r}")
    if len(items) > 1002:
        failures.append(f"the bomb: {len(items)} failed entries listed")
    items = list(iter_path(mixed))  # as many bad lines as good ones: read to the end
    if sum(isinstance(i, Article) for i in items) != 1500 or not isinstance(items[-1], FailedSource):
        failures.append(f"a file with a bad line after each good one was not read to the end: {items[-1]}")
    _record(score, failures)
