"""The real collaborators over a temporary store: real embedding model, real Chroma."""

import threading
import time
from pathlib import Path

import pytest

from bot.adapters import CoreAnswers, PathReingester, PathSources, StoreStats, source_names
from gazette.app import open_gazette
from gazette.cli import sample_archive_path
from gazette.errors import UsageError
from tests.conftest import make_settings


@pytest.mark.parametrize(
    ("paths", "names"),
    [([Path("a/wire.jsonl"), Path("b/desk")], ["wire.jsonl", "desk"]),
     ([Path("a/x.jsonl"), Path("b/x.jsonl"), Path("c/x.jsonl")], ["x.jsonl", "x.jsonl-2", "x.jsonl-3"]),
     ([], [])],
)
def test_source_names(paths, names):
    assert list(source_names(paths)) == names


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
    store = tmp_path / "store"
    app = open_gazette(make_settings(store), store, create=True, embedder=embedder)
    paths = split_sample(tmp_path / "sources", 3)
    reingester = PathReingester(app, paths)
    stats = StoreStats(app)
    results, errors, progress = [], [], []

    def work():
        try:
            results.append(reingester.run(None, progress.append))
        except Exception as exc:  # reported below
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    seen_sizes, searches = set(), 0
    while worker.is_alive():  # read (search and count) while the worker writes, source after source
        app.retriever.search("North Korean troops in Kursk")
        seen_sizes.add(stats.size().chunks)
        searches += 1
        time.sleep(0.1)  # leave the worker most of the CPU
    worker.join()
    assert not errors, errors
    total = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in paths)
    [counts] = results
    assert (counts.added, counts.updated, counts.unchanged, counts.removed, counts.failed) == (total, 0, 0, 0, 0)
    assert counts.sources == tuple(p.name for p in paths)
    assert len(seen_sizes) > 2, f"the reads never overlapped the writes ({searches} searches saw {seen_sizes})"
    assert progress and progress[-1].source == paths[-1].name

    answer = CoreAnswers(app).answer("How many North Korean troops are in Kursk?", [], None)
    assert "8,000" in answer.answer and answer.citations
    size = stats.size()
    assert size.articles == total and size.chunks == app.archive.collection.count() > total

    rows = PathSources(store, paths).list()
    assert sum(r.articles for r in rows) == total and all(r.articles > 0 and r.last_ingested for r in rows)

    again = reingester.run(paths[0].name, progress.append)
    assert again.unchanged == rows[0].articles and again.added == again.updated == 0 and again.sources == (paths[0].name,)
    with pytest.raises(UsageError, match="no source called 'nope'"):
        reingester.run("nope", progress.append)
    app.close()


def test_sources_of_paths_never_ingested(tmp_path, embedder):
    store = tmp_path / "store"
    open_gazette(make_settings(store), store, create=True, embedder=embedder).close()
    [row] = PathSources(store, [tmp_path / "later.jsonl"]).list()
    assert (row.name, row.articles, row.last_ingested) == ("later.jsonl", 0, None)
