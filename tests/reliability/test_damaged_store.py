"""Checks 18 and 21: a store that lost its catalog, or is damaged, read-only or on a full disk.

18. The catalog is emptied (``: > articles.sqlite``), loses its rows (all, or half), is emptied while the vector
    index is unusable too, or is emptied before a ``reindex`` or a ``--prune``: the next writer must not wipe
    the index. The articles come back from their chunks, `ask` still answers from them, nothing is pruned.
21. Markers that are not what Gazette writes (``[1]``, ``"dimensions": "abc"``, truncated, ...), garbage or
    truncated SQLite files, a read-only volume, a full disk: each is one ``gazette: error:`` line on stderr that
    says what is wrong and how to recover, never a traceback; a reader needs no writing; a writer repairs what it
    can; a marker claiming other dimensions is corrected once instead of rebuilding the index on every run.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from gazette.cli import main
from tests.conftest import isolate_env
from tests.reliability.conftest import FULL, scaled

FULL_ONLY = pytest.mark.skipif(not FULL, reason="at full strength only (make reliability)")

QUESTION = "How many North Korean troops are in Kursk?"
NEW = {"id": "new-1", "title": "Ferry resumes", "outlet": "Port Gazette", "published": "2024-11-01",
       "text": "The ferry line between Odesa and Varna resumed on Friday after a pause of eleven weeks."}


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run `gazette ...` in-process: (exit code, stdout, stderr)."""
    isolate_env(monkeypatch, tmp_path)
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps(NEW) + "\n")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    run.new = new  # type: ignore[attr-defined]
    return run


def _copy(sample_store: Path, tmp_path: Path, name: str = "store") -> Path:
    dest = tmp_path / name
    shutil.copytree(sample_store, dest)
    return dest


def _count(store: Path) -> tuple[int, int]:
    """(articles in the catalog, chunks in the keyword index), read directly."""
    cat = sqlite3.connect(str(store / "articles.sqlite"))
    kw = sqlite3.connect(str(store / "keywords.sqlite"))
    try:
        return cat.execute("SELECT COUNT(*) FROM articles").fetchone()[0], kw.execute(
            "SELECT COUNT(*) FROM kchunks").fetchone()[0]
    finally:
        cat.close()
        kw.close()


def _answers(cli, store: Path) -> str | None:
    """Why `gazette ask` on the store does not answer the Kursk question with a citation (None when it does)."""
    code, out, err = cli("ask", "--json", "--store", str(store), QUESTION)
    if code != 0:
        return f"ask: exit {code}: {err.strip()[-200:]}"
    answer = json.loads(out)
    if answer["abstained"] or "8,000" not in answer["answer"] or not answer["citations"]:
        return f"ask: {answer['answer'][:100]!r}"
    return None


def _one_error_line(err: str, *wants: str) -> str | None:
    """Why stderr is not one `gazette: error:` line holding each of ``wants`` (None when it is)."""
    if "Traceback" in err:
        return f"a traceback: {err.strip().splitlines()[-1]}"
    lines = [line for line in err.strip().splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("gazette: error:")]
    if len(errors) != 1 or len(lines) != 1:
        return f"{len(errors)} error lines in {len(lines)} lines: {err.strip()[-300:]!r}"
    missing = [w for w in wants if w not in errors[0]]
    return f"the line lacks {missing}: {errors[0]!r}" if missing else None


def _record(score, failures: list[str]) -> None:
    for f in failures:
        score.failed(f)
    assert not failures, failures


# -- check 18 --------------------------------------------------------------------------------------------------


def _empty(store: Path) -> None:
    (store / "articles.sqlite").write_bytes(b"")  # `: > articles.sqlite`
    for suffix in ("-wal", "-shm"):
        Path(f"{store / 'articles.sqlite'}{suffix}").unlink(missing_ok=True)


def _delete_rows(fraction: float) -> Callable[[Path], None]:
    def damage(store: Path) -> None:
        db = sqlite3.connect(str(store / "articles.sqlite"))
        try:
            ids = [r[0] for r in db.execute("SELECT doc_id FROM articles ORDER BY doc_id")]
            db.executemany("DELETE FROM articles WHERE doc_id = ?", [(d,) for d in ids[: int(len(ids) * fraction)]])
            db.commit()
        finally:
            db.close()
    return damage


def _empty_and_break_the_vector_index(store: Path) -> None:
    _empty(store)
    (store / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)


@pytest.mark.check(18)
@pytest.mark.parametrize(("case", "damage", "command"), [
    ("emptied, then ingest", _empty, "ingest"),
    pytest.param("all rows deleted, then ingest", _delete_rows(1.0), "ingest", marks=FULL_ONLY),
    ("half the rows deleted, then ingest", _delete_rows(0.5), "ingest"),
    pytest.param("emptied, then reindex", _empty, "reindex", marks=FULL_ONLY),
    ("emptied with the vector index unusable, then ingest", _empty_and_break_the_vector_index, "ingest"),
])
def test_a_lost_catalog_does_not_wipe_the_index(score, cli, sample_store, tmp_path, case, damage, command):
    store = _copy(sample_store, tmp_path)
    articles, chunks = _count(store)
    damage(store)
    score.tried()
    failures = []
    argv = ["ingest", "--json", "--store", str(store), str(cli.new)] if command == "ingest" else [
        "reindex", "--json", "--store", str(store)]
    code, out, err = cli(*argv)
    if code != 0:
        failures.append(f"{case}: {command} exited {code}: {err.strip()[-300:]}")
    else:
        if command == "ingest" and not any("rebuilt from their chunks" in n for n in json.loads(out)["notes"]):
            failures.append(f"{case}: the summary does not say what was recovered: {json.loads(out)['notes']}")
        got_articles, got_chunks = _count(store)
        extra = 1 if command == "ingest" else 0
        if got_articles != articles + extra or got_chunks < chunks:
            failures.append(f"{case}: {got_articles} articles and {got_chunks} chunks, was {articles} and {chunks}")
        if why := _answers(cli, store):
            failures.append(f"{case}: {why}")
    _record(score, failures)


@pytest.mark.check(18)
def test_prune_after_a_lost_catalog_removes_nothing(score, cli, tmp_path):
    records = [{**NEW, "id": f"wire-{i}", "title": f"Story {i}", "text": f"{NEW['text']} Story number {i}."}
               for i in range(3)]
    src = tmp_path / "wire.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "sources.toml").write_text(f'[sources.wire]\nkind = "file"\npath = "{src}"\n')
    store = tmp_path / "store"
    code, _, err = cli("ingest", "--json", "--store", str(store), "--source", "wire")
    assert code == 0, err
    _empty(store)
    src.write_text(json.dumps(records[0]) + "\n")  # the source now lists one of its three articles
    score.tried()
    code, out, err = cli("ingest", "--json", "--store", str(store), "--source", "wire", "--prune")
    failures = []
    if code != 0:
        failures.append(f"exit {code}: {err.strip()[-200:]}")
    elif _count(store)[0] != 3 or json.loads(out)["articles_removed"]:
        failures.append(f"{_count(store)[0]} articles left, {json.loads(out)['articles_removed']} removed")
    _record(score, failures)


# -- check 21: markers -----------------------------------------------------------------------------------------

MARKERS = {
    "a list": "[1]",
    "dimensions as text": '{"format": 1, "embedding_model": "all-MiniLM-L6-v2", "dimensions": "abc", "collection": "gazette"}',
    "truncated": '{"format": 1, "embedding_model": "all-Mi',
    "null": "null",
    "an empty object": "{}",
    "empty": "",
    "another format": '{"format": 2, "embedding_model": "all-MiniLM-L6-v2", "dimensions": 384}',
    "zero dimensions": '{"format": 1, "embedding_model": "all-MiniLM-L6-v2", "dimensions": 0}',
    "negative dimensions": '{"format": 1, "embedding_model": "all-MiniLM-L6-v2", "dimensions": -384}',
    "dimensions true": '{"format": 1, "embedding_model": "all-MiniLM-L6-v2", "dimensions": true}',
    "dimensions as a float": '{"format": 1, "embedding_model": "all-MiniLM-L6-v2", "dimensions": 384.5}',
    "no model": '{"format": 1, "embedding_model": "", "dimensions": 384}',
    "a model that is a number": '{"format": 1, "embedding_model": 7, "dimensions": 384}',
    "a short collection": '{"format": 1, "embedding_model": "all-MiniLM-L6-v2", "dimensions": 384, "collection": "x"}',
    "nested deeply": "[" * 100_000,
    "binary": "\udcff\udcfe garbage",
}


@pytest.mark.check(21)
def test_a_damaged_marker_is_one_line(score, cli, sample_store, tmp_path):
    names = list(MARKERS) if scaled(0, 1) else ["a list", "dimensions as text", "truncated", "null", "nested deeply"]
    failures = []
    for name in names:
        store = _copy(sample_store, tmp_path, f"marker-{len(failures)}-{names.index(name)}")
        marker = store / "gazette-store.json"
        marker.write_bytes(MARKERS[name].encode("utf-8", "surrogateescape"))
        commands = [["status", "--store", str(store)], ["ingest", "--json", "--store", str(store), str(cli.new)]]
        if scaled(0, 1):
            commands.append(["ask", "--store", str(store), QUESTION])
        for argv in commands:
            score.tried()
            code, _, err = cli(*argv)
            why = _one_error_line(err, "gazette-store.json", "write it again")
            if code != 1 or why:
                failures.append(f"marker {name}: {argv[0]}: exit {code}: {why}")
    _record(score, failures)


@pytest.mark.check(21)
def test_a_marker_claiming_other_dimensions_is_corrected_once(score, cli, sample_store, tmp_path):
    store = _copy(sample_store, tmp_path)
    marker = store / "gazette-store.json"
    info = json.loads(marker.read_text())
    marker.write_text(json.dumps({**info, "dimensions": 768}))
    score.tried(3)
    failures = []
    code, _, err = cli("ask", "--store", str(store), QUESTION)
    if why := _one_error_line(err, "768", "384", "gazette ingest"):
        failures.append(f"a reader: exit {code}: {why}")
    for run in (1, 2):
        code, out, err = cli("ingest", "--json", "--store", str(store), str(cli.new))
        if code != 0:
            failures.append(f"ingest {run}: exit {code}: {err.strip()[-200:]}")
            continue
        summary = json.loads(out)
        if any("rebuilt" in n for n in summary["notes"]) or summary["chunks_embedded"] > 1:
            failures.append(f"ingest {run} rebuilt the index: {summary['notes']}, {summary['chunks_embedded']} chunks")
    if json.loads(marker.read_text())["dimensions"] != 384:
        failures.append(f"the marker still says {json.loads(marker.read_text())['dimensions']}")
    if why := _answers(cli, store):
        failures.append(why)
    _record(score, failures)


# -- check 21: damaged SQLite files ----------------------------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096) * 3)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


FILES = {"catalog": "articles.sqlite", "keyword index": "keywords.sqlite", "vector index": "chroma/chroma.sqlite3"}


@pytest.mark.check(21)
@pytest.mark.parametrize(("what", "damage"), [
    ("catalog", _garbage), ("keyword index", _truncated), ("vector index", _garbage),
    *(pytest.param(what, damage, marks=FULL_ONLY) for what, damage in [
        ("catalog", _truncated), ("keyword index", _garbage), ("vector index", _truncated)]),
])
def test_a_damaged_database_is_one_line_then_repaired(score, cli, sample_store, tmp_path, what, damage):
    store = _copy(sample_store, tmp_path)
    articles, _ = _count(store)
    target = store / FILES[what]
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    damage(target)
    score.tried(2)
    failures = []
    code, out, err = cli("ask", "--store", str(store), QUESTION)
    # A truncated file may still answer (the part that is left can hold what the question needs): then no error.
    if code != 0 and (why := _one_error_line(err, "gazette reindex")):
        failures.append(f"{what} {damage.__name__}: ask: exit {code}: {why}")
    elif code == 0 and damage is _garbage:
        failures.append(f"{what} {damage.__name__}: ask answered from a file of garbage")
    code, out, err = cli("ingest", "--json", "--store", str(store), str(cli.new))
    if code != 0:
        failures.append(f"{what} {damage.__name__}: the writer did not repair it: exit {code}: {err.strip()[-300:]}")
    else:
        if _count(store)[0] != articles + 1:
            failures.append(f"{what} {damage.__name__}: {_count(store)[0]} articles after the repair, not {articles + 1}")
        if why := _answers(cli, store):
            failures.append(f"{what} {damage.__name__}: after the repair: {why}")
    _record(score, failures)


# -- check 21: a read-only store ---------------------------------------------------------------------------------


def _read_only_runner(store: Path) -> Callable[[list[str]], subprocess.CompletedProcess] | None:
    """Runs `gazette ARGS` with ``store`` read-only: a read-only bind mount (root, where allowed), else chmod."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    gazette = [sys.executable, "-m", "gazette.cli"]
    if os.geteuid() != 0:
        for p in [store, *store.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
        return lambda args: subprocess.run([*gazette, *args], env=env, capture_output=True, text=True, timeout=300)
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    mount = f"mount --bind {store} {store} && mount -o remount,bind,ro {store}"
    probe = subprocess.run([unshare, "-m", "--propagation", "private", "sh", "-c", f"{mount} && true"],
                           capture_output=True, timeout=30)
    if probe.returncode != 0:
        return None

    def run(args: list[str]) -> subprocess.CompletedProcess:
        import shlex

        command = f"{mount} && exec {' '.join(shlex.quote(a) for a in [*gazette, *args])}"
        return subprocess.run([unshare, "-m", "--propagation", "private", "sh", "-c", command], env=env,
                              capture_output=True, text=True, timeout=300)
    return run


@pytest.mark.check(21)
def test_a_read_only_store_answers(score, sample_store, tmp_path, onnx_cache):
    store = _copy(sample_store, tmp_path)
    for suffix in ("-wal", "-shm"):  # as a clean shutdown leaves it: nothing for a read-only reader to reuse
        for f in store.glob(f"*{suffix}"):
            f.unlink()
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps(NEW) + "\n")
    run = _read_only_runner(store)
    if run is None:
        pytest.skip("cannot make a folder read-only here (root without mount namespaces)")
    score.tried(4)
    failures = []
    for args in (["ask", "--json", "--store", str(store), QUESTION],
                 ["ask", "--json", "--store", str(store), "--since", "2024-10-01", "--until", "2024-11-30", QUESTION]):
        done = run(args)
        if done.returncode != 0:
            failures.append(f"{args[:4]}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        elif "8,000" not in json.loads(done.stdout)["answer"]:
            failures.append(f"{args[:4]}: {json.loads(done.stdout)['answer'][:100]!r}")
    done = run(["status", "--store", str(store)])
    if done.returncode != 0 or "articles: 32" not in done.stdout:
        failures.append(f"status: exit {done.returncode}: {done.stdout.strip()} {done.stderr.strip()[-200:]}")
    done = run(["ingest", "--store", str(store), str(new)])
    if done.returncode != 1 or (why := _one_error_line(done.stderr, "read-only", "writable")):
        failures.append(f"ingest: exit {done.returncode}: {why if done.returncode == 1 else done.stderr[-200:]}")
    leftovers = sorted(p.name for p in store.iterdir()) != sorted(p.name for p in sample_store.iterdir()
                                                                   if not p.name.endswith(("-wal", "-shm")))
    if os.geteuid() == 0 and leftovers:
        failures.append(f"the read-only folder changed: {sorted(p.name for p in store.iterdir())}")
    _record(score, failures)


# -- check 21: a full disk ---------------------------------------------------------------------------------------

FULL = sqlite3.OperationalError("database or disk is full")
FULL.sqlite_errorcode = 13  # type: ignore[attr-defined]


class _FullDb:
    """An SQLite connection whose writes fail as on a full disk while ``armed``."""

    armed = True

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def _check(self, sql: str) -> None:
        if _FullDb.armed and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
            raise FULL

    def execute(self, sql: str, *args):  # noqa: ANN002, ANN201
        self._check(sql)
        return self._db.execute(sql, *args)

    def executemany(self, sql: str, *args):  # noqa: ANN002, ANN201
        self._check(sql)
        return self._db.executemany(sql, *args)

    def __enter__(self):  # noqa: ANN204
        return self._db.__enter__()

    def __exit__(self, *exc):  # noqa: ANN002, ANN204
        return self._db.__exit__(*exc)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._db, name)


def _fault_sqlite(monkeypatch, which: str) -> None:
    import gazette.catalog
    import gazette.keyword

    real = gazette.catalog.connect

    def connect(path: Path, **kwargs):  # noqa: ANN003, ANN202
        db = real(path, **kwargs)
        return _FullDb(db) if path.name == which else db

    monkeypatch.setattr(gazette.catalog, "connect", connect)
    monkeypatch.setattr(gazette.keyword, "connect", connect)


def _fault_chroma(monkeypatch) -> None:
    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    def upsert(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise InternalError("error returned from database: (code: 13) database or disk is full; "
                            "No space left on device (os error 28)")

    monkeypatch.setattr(Collection, "upsert", upsert)


def _fault_file_writes(monkeypatch) -> None:
    real = Path.write_text

    def write_text(self: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if self.name.endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)


def _fault_lock(monkeypatch) -> None:
    from filelock import FileLock

    def acquire(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileLock, "acquire", acquire)


FAULTS = {
    "catalog write": lambda mp: _fault_sqlite(mp, "articles.sqlite"),
    "keyword index write": lambda mp: _fault_sqlite(mp, "keywords.sqlite"),
    "vector index write": _fault_chroma,
    "marker write (new store)": _fault_file_writes,
    "writer lock": _fault_lock,
}
FAST_FAULTS = ("catalog write", "vector index write", "marker write (new store)")


@pytest.mark.check(21)
@pytest.mark.parametrize("where", [w if w in FAST_FAULTS else pytest.param(w, marks=FULL_ONLY) for w in FAULTS])
def test_a_full_disk_is_one_line_and_loses_nothing(score, cli, sample_store, tmp_path, where):
    store = tmp_path / "new-store" if "new store" in where else _copy(sample_store, tmp_path)
    before = _count(store)[0] if store.exists() else 0
    score.tried()
    failures = []
    with pytest.MonkeyPatch.context() as mp:
        FAULTS[where](mp)
        code, _, err = cli("ingest", "--json", "--store", str(store), str(cli.new))
    if code != 1 or (why := _one_error_line(err, "no space left", "free some space")):
        failures.append(f"{where}: exit {code}: {why if code == 1 else err.strip()[-300:]}")
    code, out, err = cli("ingest", "--json", "--store", str(store), str(cli.new))  # space freed: the same again
    if code != 0:
        failures.append(f"{where}: the run after it failed: exit {code}: {err.strip()[-300:]}")
    elif _count(store)[0] != before + 1:
        failures.append(f"{where}: {_count(store)[0]} articles, not {before + 1}")
    elif before and (why := _answers(cli, store)):
        failures.append(f"{where}: {why}")
    _record(score, failures)


@pytest.mark.check(21)
@FULL_ONLY
def test_a_really_full_disk(score, sample_store, tmp_path, onnx_cache):
    """The same on a real tmpfs of a few megabytes (root, where mount namespaces are allowed)."""
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or unshare is None:
        pytest.skip("needs root and mount namespaces for a tmpfs")
    mnt = tmp_path / "small"
    mnt.mkdir()
    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps({"id": f"n{i}", "title": f"Story {i}", "text": (
        f"Ferry number {i} resumed on Friday after repairs lasting {i} weeks. ") * 30}) + "\n"
        for i in range(150)))
    gazette = f"{sys.executable} -m gazette.cli"
    script = f"""
set -u
mount -t tmpfs -o size=8m tmpfs {mnt} || exit 77
cp -a {sample_store} {mnt}/s
avail=$(df -k --output=avail {mnt} | tail -1)
head -c $(( (avail - 300) * 1024 )) /dev/zero > {mnt}/filler 2>/dev/null
{gazette} ingest --json --store {mnt}/s {many} > {tmp_path}/full.out 2> {tmp_path}/full.err
echo $? > {tmp_path}/full.rc
rm {mnt}/filler
{gazette} ingest --json --store {mnt}/s {many} > {tmp_path}/freed.out 2> {tmp_path}/freed.err
echo $? > {tmp_path}/freed.rc
{gazette} status --json --store {mnt}/s > {tmp_path}/status.out 2>&1
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")}
    env.update(HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    done = subprocess.run([unshare, "-m", "--propagation", "private", "bash", "-c", script], env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode == 77:
        pytest.skip("tmpfs cannot be mounted here")
    score.tried(2)
    failures = []
    rc, err = (tmp_path / "full.rc").read_text().strip(), (tmp_path / "full.err").read_text()
    if rc != "1" or (why := _one_error_line(err, "no space left")):
        failures.append(f"on the full disk: exit {rc}: {why if rc == '1' else err.strip()[-300:]}")
    rc = (tmp_path / "freed.rc").read_text().strip()
    status = json.loads((tmp_path / "status.out").read_text() or "{}")
    if rc != "0" or status.get("articles") != 32 + 150:
        failures.append(f"after freeing space: exit {rc}, {status}: {(tmp_path / 'freed.err').read_text()[-300:]}")
    _record(score, failures)
