"""Checks 1-3: kill -9 during ingest, one writer with answers during an ingest, nothing stale after changes.

1. `gazette ingest` is killed at random points (seeded: GAZETTE_RELIABILITY_SEED, printed), alternating between
   two versions of an archive so that a kill can land in an update as well as in a first ingest or while the
   store opens. After each kill the ingest is run again; the store (index ids, texts, metadata, embeddings,
   catalog and keyword index) must equal an uninterrupted run's.
2. While an ingest runs, a second one is refused with one line and a non-zero exit, and questions asked of the
   store (fresh `gazette ask`-style opens and one long-lived reader) get answers; the first ingest finishes.
3. Articles changed (text, title), removed (with --prune) or removed from one of their places leave nothing old
   to find by dense search, keyword search or `ask`.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gazette.cli import main
from tests.reliability.conftest import scaled
from tests.snapshot import assert_same_store, store_snapshot
from tests.test_crash import TOWNS, _archive_file, _article, _env, _has_open

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches processes through /proc")


def keyword_snapshot(store: Path) -> list[tuple]:
    """The keyword index's chunks and their vector copies (row ids left out: they change with every rewrite)."""
    db = sqlite3.connect(str(store / "keywords.sqlite"))
    try:
        return db.execute(
            "SELECT k.chunk_id, k.doc_id, k.idx, k.title, k.outlet, k.outlet_key, k.url, k.published, f.title, f.text, "
            "v.vec FROM kchunks k JOIN kfts f ON f.rowid = k.rowid LEFT JOIN kvectors v ON v.rowid = k.rowid "
            "ORDER BY k.chunk_id"
        ).fetchall()
    finally:
        db.close()


def differences(got: Path, want: dict) -> str | None:
    """What differs between the store at ``got`` and a snapshot ``want`` (None when equal)."""
    try:
        snap = {**store_snapshot(got), "keywords": keyword_snapshot(got)}
        assert_same_store(snap, want)
        assert snap["keywords"] == want["keywords"], "keyword index"
    except AssertionError as exc:
        return f"differs: {exc}"
    except Exception as exc:  # noqa: BLE001 - a store that cannot be read differs too
        return f"cannot be read: {type(exc).__name__}: {exc}"
    return None


def full_snapshot(store: Path) -> dict:
    return {**store_snapshot(store), "keywords": keyword_snapshot(store)}


def _changed_file(path: Path) -> Path:
    """The archive with every third article rewritten and two retitled (same ids: updates, not additions)."""
    records = [json.loads(line) for line in _archive_file(path.with_suffix(".v1")).read_text().splitlines()]
    for i, r in enumerate(records):
        if i % 3 == 0:
            r["text"] = r["text"].replace("council", "assembly").replace("bridges", "tram lines") + (
                " A second reading of the plan is scheduled for the spring.")
        if i in (1, 4):
            r["title"] = r["title"].replace("approves", "debates")
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _cli_env(monkeypatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith("GAZETTE_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("GAZETTE_INGEST__BATCH_CHUNKS", "4")
    monkeypatch.chdir(tmp_path)


def _ingest(store: Path, src: Path, capsys, *more: str) -> dict:
    code = main(["ingest", "--store", str(store), "--json", *more, str(src)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


# -- check 1 -----------------------------------------------------------------------------------------------


@pytest.mark.check(1)
def test_kill_9_at_random_points_then_rerun_equals_an_uninterrupted_run(score, tmp_path, monkeypatch, capsys):
    seed = int(os.environ.get("GAZETTE_RELIABILITY_SEED") or random.SystemRandom().randrange(1 << 30))
    with capsys.disabled():
        print(f"\ncheck 1 seed: {seed} (GAZETTE_RELIABILITY_SEED={seed} repeats these kill points)")
    rng = random.Random(seed)
    versions = [_archive_file(tmp_path / "v1.jsonl"), _changed_file(tmp_path / "v2.jsonl")]
    env = _env(tmp_path)

    # Uninterrupted references: v1 from scratch, then v2 over it; and how long a run takes here.
    _cli_env(monkeypatch, tmp_path)
    reference = tmp_path / "reference"
    cmd = [sys.executable, "-m", "gazette.cli", "ingest", "--store", str(reference), "--json"]
    timings = []
    for src in versions:
        started = time.monotonic()
        done = subprocess.run([*cmd, str(src)], env=env, cwd=tmp_path, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        timings.append(time.monotonic() - started)
    want = {1: full_snapshot(reference)}
    _ingest(reference, versions[0], capsys)
    want[0] = full_snapshot(reference)
    assert len(want[0]["index"]["ids"]) > len(TOWNS) and want[0]["index"]["ids"] != want[1]["index"]["ids"]
    run_s = max(timings)

    store = tmp_path / "killed"
    chroma_db = store / "chroma" / "chroma.sqlite3"
    points = scaled(3, 20)
    interrupted = 0
    failures = []
    # A busy machine makes runs slower or faster than the reference: a run that finished before its kill point
    # narrows the later draws, so that most points still land inside a run.
    scale = 1.0
    for i in range(points):
        version = i % 2
        src = versions[version]
        # Where to kill: the first point creates the store, the second kills while it opens; then at random,
        # a delay after start or after the store was opened (covering start-up, the health check and the writes).
        if i == 0:
            label, anchor, delay = "creating the store", lambda pid: chroma_db.exists(), rng.uniform(0, 0.3)
        elif i == 1:
            label, anchor, delay = ("opening the store", lambda pid: _has_open(pid, "chroma.sqlite3"),
                                    rng.uniform(0, 0.2))
        elif rng.random() < 0.3:
            label, anchor, delay = "after start", lambda pid: True, rng.uniform(0, run_s * scale)
        else:
            label, anchor, delay = ("after the store opened", lambda pid: _has_open(pid, "articles.sqlite"),
                                    rng.uniform(0, run_s * 0.7 * scale))
        what = f"kill {i} ({label} + {delay:.2f} s, ingesting v{version + 1})"
        proc = subprocess.Popen([sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), "--json",
                                 str(src)], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 240
        fired_at = None
        while proc.poll() is None and time.monotonic() < deadline:
            now = time.monotonic()
            if fired_at is None and anchor(proc.pid):
                fired_at = now + delay
            if fired_at is not None and now >= fired_at:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.002)
        _, err = proc.communicate(timeout=120)
        interrupted += proc.returncode == -signal.SIGKILL
        if proc.returncode != -signal.SIGKILL:
            scale *= 0.7
        score.tried()
        if b"Traceback" in err:
            failures.append(f"{what}: the killed run printed a traceback")
        try:
            summary = _ingest(store, src, capsys)
        except AssertionError as exc:
            failures.append(f"{what}: the re-run failed: {exc}")
            score.failed(failures[-1])
            continue
        why = differences(store, want[version])
        with capsys.disabled():
            print(f"{what}: {'killed' if proc.returncode == -signal.SIGKILL else 'finished first'}; "
                  f"re-run embedded {summary['chunks_embedded']} chunks; {why or 'store equal'}")
        if why:
            failures.append(f"{what}: {why}")
            score.failed(failures[-1])
    assert interrupted >= points // 2, f"only {interrupted} of {points} runs were really interrupted"
    assert not failures, failures


# -- check 2 -----------------------------------------------------------------------------------------------


def _big_file(path: Path, n: int) -> Path:
    towns = [f"{t} {k}" for k in range(n // len(TOWNS) + 1) for t in TOWNS][:n]
    path.write_text("".join(json.dumps({**_article(i % 28, t), "id": f"big-{i:03d}"}) + "\n"
                            for i, t in enumerate(towns)))
    return path


@pytest.mark.check(2)
def test_one_writer_and_answers_during_an_ingest(score, tmp_path, monkeypatch, capsys, embedder):
    from gazette.answering import ask
    from tests.conftest import make_settings, open_reader

    small = _archive_file(tmp_path / "council.jsonl")
    big = _big_file(tmp_path / "big.jsonl", scaled(30, 80))
    store = tmp_path / "store"
    _cli_env(monkeypatch, tmp_path)
    _ingest(store, small, capsys)
    env = _env(tmp_path)
    first = subprocess.Popen([sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), "--json", str(big)],
                             env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    failures: list[str] = []
    questions = ["What budget did the Brovary city council approve?", "How many schools get new heating in Irpin?",
                 "When will work on the bridges start?", "Which bus route will connect the railway station?"]
    try:
        deadline = time.monotonic() + 120
        while not _has_open(first.pid, "/.lock") and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.01)
        assert first.poll() is None, "the first ingest ended before it took the writer lock"

        # A second writer, as another process and in this one: refused, one line, non-zero exit.
        second = subprocess.run([sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), str(small)],
                                env=env, cwd=tmp_path, capture_output=True, timeout=120)
        lines = second.stderr.decode(errors="replace").strip().splitlines()
        score.tried()
        if first.poll() is None and not (second.returncode != 0 and len(lines) == 1
                                         and "is being written by another gazette process" in lines[0]):
            failures.append(f"second ingest: exit {second.returncode}, stderr {lines}")
        if first.poll() is None:
            code = main(["ingest", "--store", str(store), str(small)])
            _, err = capsys.readouterr()
            score.tried()
            if code == 0 or len(err.strip().splitlines()) != 1 or "another gazette process" not in err:
                failures.append(f"second ingest in-process: exit {code}, stderr {err!r}")

        # Answers while it writes: a long-lived reader, and a fresh open per question (as `gazette ask` does).
        settings = make_settings(store)
        reader = open_reader(settings, store, embedder=embedder)
        asked = 0
        try:
            while first.poll() is None or asked < 2:
                question = questions[asked % len(questions)]
                for fresh in (False, True):
                    score.tried()
                    try:
                        if fresh:
                            app = open_reader(settings, store, embedder=embedder)
                            try:
                                answer = ask(question, app.retriever, app.answerer)
                            finally:
                                app.close()
                        else:
                            answer = ask(question, reader.retriever, reader.answerer)
                        if answer.abstained or not answer.citations:
                            failures.append(f"{question!r} ({'fresh' if fresh else 'reader'}): no answer")
                    except Exception as exc:  # noqa: BLE001 - an error is what this check looks for
                        failures.append(f"{question!r} ({'fresh' if fresh else 'reader'}): {type(exc).__name__}: {exc}")
                asked += 1
        finally:
            reader.close()
        out, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    score.tried()
    if first.returncode != 0:
        failures.append(f"the first ingest failed: {err.decode(errors='replace')[-300:]}")
    else:
        summary = json.loads(out)
        if summary["articles_added"] != len(json.loads("[" + ",".join(big.read_text().splitlines()) + "]")) \
                or summary["failed"]:
            failures.append(f"the first ingest was harmed: {summary}")
    print(f"check 2: {asked} rounds of questions asked during the ingest", file=sys.stderr)
    for f in failures:
        score.failed(f)
    assert not failures, failures
    from gazette.store import open_archive

    archive = open_archive(store, create=False)
    try:
        assert archive.collection.count() == archive.catalog.chunk_count() == archive.keywords.count()
    finally:
        archive.close()


# -- check 3 -----------------------------------------------------------------------------------------------

# Made-up words, so that finding one means finding the old text and nothing else.
def _story(key: str, marker: str, topic: str) -> str:
    return (f"The {topic} in Zhytomyr was discussed by the regional council on Monday. Officials said the "
            f"{marker} programme would cost {len(key) * 7 + 11} million hryvnia and last two years. Critics called "
            f"the {marker} plan rushed, while supporters pointed to the winter ahead. The council will vote on the "
            f"{marker} budget next month, according to the chair.")


TOPICS = ["water supply", "school heating", "bus network", "hospital wing", "library renovation", "park lighting",
          "bridge repairs", "market hall", "stadium roof", "tram depot"]


@pytest.mark.check(3)
def test_changed_and_removed_articles_leave_nothing_stale(score, tmp_path, monkeypatch, capsys, embedder):
    from gazette.answering import ask
    from tests.conftest import make_settings, open_reader

    rng = random.Random(int(os.environ.get("GAZETTE_RELIABILITY_SEED") or 3))
    desk = tmp_path / "desk"
    desk.mkdir()
    wire = tmp_path / "wire.jsonl"
    (tmp_path / "sources.toml").write_text('[sources.desk]\nkind = "folder"\npath = "desk"\n\n'
                                           '[sources.wire]\nkind = "file"\npath = "wire.jsonl"\n')
    _cli_env(monkeypatch, tmp_path)
    store = tmp_path / "store"
    settings = make_settings(store)
    counter = iter(range(10_000))

    def marker() -> str:
        return "zorb" + "".join(rng.choice("aeiou") + rng.choice("klmnprstvz") for _ in range(3)) + str(next(counter))

    # The articles: desk files (Markdown) and wire records (JSONL); each has its own made-up marker word.
    articles: dict[str, dict] = {}
    for i, topic in enumerate(TOPICS):
        m = marker()
        articles[f"a{i}"] = {"title": f"Zhytomyr {topic} plan {marker()}", "marker": m, "topic": topic,
                             "text": _story(f"a{i}", m, topic), "places": {"desk"}}

    def write() -> None:
        for f in desk.iterdir():
            f.unlink()
        lines = []
        for key, a in articles.items():
            if "desk" in a["places"]:
                (desk / f"{key}.md").write_text(f"---\ntitle: {a['title']}\nurl: https://desk.example/{key}\n"
                                                f"outlet: Desk\npublished: 2024-11-05\n---\n{a['text']}\n")
            if "wire" in a["places"]:
                lines.append(json.dumps({"id": f"wire-{key}", "url": f"https://wire.example/{key}",
                                         "title": a["title"] + " (wire)", "outlet": "Wire", "published": "2024-11-05",
                                         "text": a["text"]}))
        wire.write_text("".join(line + "\n" for line in lines))

    def ingest() -> dict:
        code = main(["ingest", "--all", "--prune", "--store", str(store), "--json"])
        out, err = capsys.readouterr()
        assert code == 0, err
        summary = json.loads(out)
        assert not summary["failed"], summary["failed"]
        return summary

    def found(word: str, titles: bool = False) -> list[str]:
        """Where ``word`` (in a chunk's text, or its title) can still be found: dense, keyword, ask."""
        app = open_reader(settings, store, embedder=embedder)
        try:
            where = []
            query = f"Zhytomyr {word} programme plan budget"
            field = (lambda c: c.title) if titles else (lambda c: c.text)
            count = app.archive.collection.count()
            dense = app.archive.search(embedder.embed_query(query), max(count, 1))  # every chunk: a full scan
            if any(word in field(h.chunk) for h in dense):
                where.append("dense")
            if any(word in field(h.chunk) for h in app.archive.keywords.search(query, 1000)):
                where.append("keyword")
            answer = ask(f"What did the council say about the {word} programme in Zhytomyr?", app.retriever,
                         app.answerer)
            cited = " ".join(f"{c.title} {c.quote}" for c in answer.citations) + " " + answer.answer
            if word in cited:
                where.append("ask")
            return where
        finally:
            app.close()

    # One wire copy of a2 and a3 (the same text in two places: stored once).
    articles["a2"]["places"].add("wire")
    articles["a3"]["places"].add("wire")
    write()
    ingest()
    failures: list[str] = []
    for key in ("a0", "a1", "a2"):  # the detectors see what is there (else a clean result would mean nothing)
        if sorted(found(articles[key]["marker"])) != ["ask", "dense", "keyword"]:
            failures.append(f"before any change, {key}'s text is not found everywhere")
    assert not failures, failures

    rounds = scaled(1, 4)
    for r in range(rounds):
        live = [k for k, a in articles.items() if a["places"]]
        picked = rng.sample(live, 4)
        gone: list[tuple[str, str, bool]] = []  # (what, old word, in titles)
        kept: list[tuple[str, str]] = []  # (what, word that must still be found)
        # Text changed.
        a = articles[picked[0]]
        old, a["marker"] = a["marker"], marker()
        a["text"] = _story(picked[0], a["marker"], a["topic"])
        gone.append((f"round {r}: text of {picked[0]} changed", old, False))
        kept.append((f"round {r}: new text of {picked[0]}", a["marker"]))
        # Title changed.
        a = articles[picked[1]]
        old_title = a["title"].split()[-1]
        a["title"] = a["title"].replace(old_title, marker())
        gone.append((f"round {r}: title of {picked[1]} changed", old_title, True))
        # Removed from every place.
        a = articles[picked[2]]
        a["places"] = set()
        gone.append((f"round {r}: {picked[2]} removed", a["marker"], False))
        # A duplicate removed from one of its places (the first round: both ways), or a copy added.
        dups = [k for k, a in articles.items() if len(a["places"]) == 2]
        if dups:
            key = dups[0]
            dropped = "desk" if r % 2 == 0 else "wire"
            articles[key]["places"].discard(dropped)
            kept.append((f"round {r}: {key} removed from {dropped}, still in the other place", articles[key]["marker"]))
            # The removed place's URL must not be cited any more.
            gone.append((f"round {r}: {key}'s {dropped} place", f"{dropped}.example/{key}", "url"))
        articles[picked[3]]["places"].add("wire")
        write()
        ingest()
        for what, word, in_titles in gone:
            score.tried(3)
            where = _cited_urls(settings, store, embedder, word) if in_titles == "url" else found(word, in_titles)
            if where:
                kind = {True: "title", False: "text", "url": "URL"}[in_titles]
                failures.append(f"{what}: the old {kind} is still found by "
                                f"{', '.join(where)}")
                score.failed(failures[-1])
        for what, word in kept:
            score.tried()
            if "dense" not in found(word):
                failures.append(f"{what}: no longer found")
                score.failed(failures[-1])
    assert not failures, failures


def _cited_urls(settings, store: Path, embedder, url_part: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Where a URL (a place that was removed) still appears: a chunk's metadata, or an answer's citations."""
    from gazette.answering import ask
    from tests.conftest import open_reader

    app = open_reader(settings, store, embedder=embedder)
    try:
        got = app.archive.collection.get(include=["metadatas"])
        where = []
        if any(url_part in str(m.get("url", "")) for m in got["metadatas"]):
            where.append("dense")
        if any(url_part in h.chunk.url for h in app.archive.keywords.search("Zhytomyr council programme plan", 1000)):
            where.append("keyword")
        answer = ask("What did the Zhytomyr council say about the programme?", app.retriever, app.answerer)
        if any(url_part in c.url for c in answer.citations):
            where.append("ask")
        return where
    finally:
        app.close()


