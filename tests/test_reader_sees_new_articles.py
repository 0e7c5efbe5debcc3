"""A long-lived reader (the bot) and a separate `gazette ingest` process: the reader's local vector index does not
see what the other process adds, so retrieval scores the chunks written since it opened from the keyword index's
copy of their vectors (gazette.retrieval.with_newer)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gazette.cli import sample_archive_path
from gazette.models import Chunk, RetrievedChunk
from gazette.retrieval import with_newer
from tests.conftest import make_settings, open_reader


def hit(cid: str, score: float) -> RetrievedChunk:
    return RetrievedChunk(chunk=Chunk(chunk_id=cid, doc_id=cid, index=0, text="t", title="t"), score=score)


@pytest.mark.parametrize("hits, newer, n, expected", [
    ([hit("a", 0.9), hit("b", 0.5)], [], 5, ["a", "b"]),
    ([hit("a", 0.9), hit("b", 0.5)], [hit("c", 0.7)], 5, ["a", "c", "b"]),
    ([hit("a", 0.9), hit("b", 0.5)], [hit("c", 0.7)], 2, ["a", "c"]),
    ([hit("a", 0.4)], [hit("a", 0.6)], 5, ["a"]),  # seen by both (a server, or a writer in this process): once
])
def test_dense_hits_merged_with_newer_chunks(hits, newer, n, expected):
    merged = with_newer(hits, newer, n)
    assert [h.chunk.chunk_id for h in merged] == expected
    assert all(a.score >= b.score for a, b in zip(merged, merged[1:], strict=False))


@pytest.mark.slow
def test_a_reader_finds_what_a_separate_ingest_added_by_meaning(tmp_path, embedder):
    lines = sample_archive_path().read_text(encoding="utf-8").splitlines()
    typhoon = [line for line in lines if "typhoon" in line.lower()]
    (tmp_path / "first.jsonl").write_text("\n".join(x for x in lines if x not in typhoon) + "\n", encoding="utf-8")
    (tmp_path / "typhoon.jsonl").write_text("\n".join(typhoon) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAZETTE_")} | {"HF_HUB_OFFLINE": "1"}

    def ingest(path):
        proc = subprocess.run([sys.executable, "-m", "gazette.cli", "ingest", "--store", str(store), str(path)],
                              capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr

    store = tmp_path / "store"
    ingest(tmp_path / "first.jsonl")
    query = "a violent tropical storm hit islands in the western Pacific"  # no word of its headline
    with open_reader(make_settings(store), store, embedder=embedder) as reader:
        before = reader.retriever.search(query, k=3, mode="dense")
        ingest(tmp_path / "typhoon.jsonl")
        after = reader.retriever.search(query, k=3, mode="dense")
    assert all("Typhoon" not in h.chunk.title for h in before)
    assert "Typhoon" in after[0].chunk.title
