"""The real collaborators over a temporary store: real embedding model, real Chroma, real named sources."""

import threading
import time
from pathlib import Path

import pytest

from bot.adapters import ArchiveSize, CoreAnswers, NamedReingester, NamedSources
from gazette.app import App
from gazette.cli import sample_archive_path
from gazette.errors import StoreError, UsageError
from gazette.store import open_archive
from ingest.jobs import run_job
from tests.bot.helpers import reader_over_new_store, write_sources


def split_sample(folder: Path, parts: int) -> list[Path]:
    """A third of the sample archive (the Kursk report included), cut into ``parts`` files: each is ingested
    (and written) separately."""
    lines = [line for i, line in enumerate(sample_archive_path().read_text(encoding="utf-8").splitlines())
             if i % 3 == 0 or "8,000 North Korean" in line]
    folder.mkdir()
    paths = []
    for i in range(parts):
        path = folder / f"part{i}.jsonl"
        path.write_text("\n".join(lines[i::parts]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_reingest_while_reading_then_sources_and_stats(tmp_path, embedder):
    paths = split_sample(tmp_path / "data", 3)
    sources_file = write_sources(tmp_path, {f"part{i}": p for i, p in enumerate(paths)})
    app = reader_over_new_store(tmp_path / "store", embedder, sources_file)
    application = App(app.settings, store=app.archive.path, ingest_job=run_job)
    reingester = NamedReingester(application, app)
    stats = ArchiveSize(app)
    results, errors, progress = [], [], []
    reads, turn = [0], threading.Condition()

    def report(p):
        progress.append(p)
        if p.read == 0:
            # A source starts: what the sources before it wrote is in the store. Wait for two more reads, so that
            # one runs wholly between two sources' writes however fast the machine ingests (an idle one had
            # written all three between two reads).
            with turn:
                after = reads[0] + 2
                turn.wait_for(lambda: reads[0] >= after, timeout=10)

    def work():
        try:
            results.append(reingester.run(None, report))
        except Exception as exc:  # reported below
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    seen_sizes, searches = set(), 0
    while worker.is_alive():  # read (search and count) while the worker writes, source after source
        app.retriever.search("North Korean troops in Kursk")
        seen_sizes.add(stats.size().chunks)
        searches += 1
        with turn:
            reads[0] += 1
            turn.notify_all()
        time.sleep(0.1)  # leave the worker most of the CPU
    worker.join()
    assert not errors, errors
    total = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in paths)
    [counts] = results
    assert (counts.added, counts.updated, counts.unchanged, counts.removed, counts.failed) == (total, 0, 0, 0, 0)
    assert counts.sources == ("part0", "part1", "part2") and reingester.source_names() == list(counts.sources)
    assert len(seen_sizes) > 2, f"the reads never overlapped the writes ({searches} searches saw {seen_sizes})"
    assert progress and progress[-1].source == "part2"

    # The reader still works after the writer closed, and sees everything.
    answer = CoreAnswers(app).answer("How many North Korean troops are in Kursk?", [], None)
    assert "8,000" in answer.answer and answer.citations
    size = stats.size()
    assert size.articles == total and size.chunks == app.archive.collection.count() > total

    rows = NamedSources(application).list()
    assert [(r.name, r.kind) for r in rows] == [("part0", "file"), ("part1", "file"), ("part2", "file")]
    assert sum(r.articles for r in rows) == total and all(r.articles > 0 and r.last_ingested for r in rows)

    again = reingester.run("part0", progress.append)
    assert again.unchanged == rows[0].articles and again.added == again.updated == 0 and again.sources == ("part0",)
    with pytest.raises(UsageError, match="unknown source 'nope'"):
        reingester.run("nope", progress.append)
    # Another writer (another `gazette ingest`) holds the store: the re-ingest says so and writes nothing.
    other = open_archive(app.archive.path, create=False, writer=True)
    try:
        with pytest.raises(StoreError, match="being written by another gazette process"):
            reingester.run("part1", progress.append)
    finally:
        other.close()
    app.close()


def test_sources_never_ingested_and_no_sources_file(tmp_path, embedder):
    sources_file = write_sources(tmp_path, {"later": tmp_path / "later.jsonl"})
    app = reader_over_new_store(tmp_path / "store", embedder, sources_file)
    application = App(app.settings, store=app.archive.path, ingest_job=run_job)
    [row] = NamedSources(application).list()
    assert (row.name, row.kind, row.articles, row.last_ingested) == ("later", "file", 0, None)
    sources_file.unlink()
    with pytest.raises(UsageError, match="no sources file"):
        NamedSources(application).list()
    assert NamedReingester(application, app).source_names() == []
    app.close()
