"""Server mode: the vectors on a real Chroma server (`chroma run`), everything else in the store folder."""

from __future__ import annotations

import json

import pytest

from gazette.answering import ask
from gazette.cli import main, sample_archive_path
from gazette.errors import StoreError
from gazette.settings import Settings
from gazette.store import ChromaServer, chroma_server, open_archive
from tests.chroma_server import chroma_server as run_chroma
from tests.chroma_server import free_port
from tests.conftest import isolate_env, make_settings, open_reader

pytestmark = pytest.mark.slow

QUESTION = "How many North Korean troops are in Kursk?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One `chroma run` for the whole module, stopped at the end (also when a test fails)."""
    with run_chroma(tmp_path_factory.mktemp("chroma") / "data") as (host, port):
        yield host, port


def settings_with(**store):
    make_settings()  # clears GAZETTE_* variables
    return Settings(_env_file=None, store=store)


def server_settings(store, server, collection):
    return settings_with(path=store, collection=collection, chroma_host=server[0], chroma_port=server[1])


def http_client(server):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.HttpClient(host=server[0], port=server[1], settings=ChromaSettings(anonymized_telemetry=False))


def test_settings_switch_to_a_server():
    s = settings_with(chroma_host=" chroma ", chroma_port=8443, chroma_ssl=True, chroma_token="t0ken")
    found = chroma_server(s.store)
    assert found == ChromaServer("chroma", 8443, True, "t0ken")
    assert found.url == "https://chroma:8443" and found.headers() == {"Authorization": "Bearer t0ken"}
    assert "t0ken" not in repr(found) and "t0ken" not in repr(s)
    assert chroma_server(make_settings().store) is None


@pytest.fixture(scope="module")
def server_env(server, tmp_path_factory):
    """GAZETTE_* variables of a store in server mode (no developer .env: the working directory is empty)."""
    home = tmp_path_factory.mktemp("server-env")
    with pytest.MonkeyPatch.context() as mp:
        isolate_env(mp, home)
        mp.setenv("GAZETTE_STORE__PATH", str(home / "store"))
        mp.setenv("GAZETTE_STORE__COLLECTION", "from-env")
        mp.setenv("GAZETTE_STORE__CHROMA_HOST", server[0])
        mp.setenv("GAZETTE_STORE__CHROMA_PORT", str(server[1]))
        yield home / "store"


@pytest.fixture(scope="module")
def server_store(server_env):
    """The sample archive ingested by `gazette ingest` into the server-mode store, once per module."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["ingest", "--json", str(sample_archive_path())]) == 0
    return server_env, json.loads(out.getvalue())


def test_ingest_puts_the_vectors_on_the_server(server, server_store):
    store, summary = server_store
    assert summary["articles_added"] >= 25 and summary["chunks_embedded"] > 0 and not summary["failed"]
    # The vectors are on the server; the folder keeps the marker, catalog and keyword index only.
    assert not (store / "chroma").exists()
    assert {"gazette-store.json", "articles.sqlite", "keywords.sqlite"} <= {p.name for p in store.iterdir()}
    assert http_client(server).get_collection("from-env").count() == summary["chunks_embedded"]


def test_ask_and_status_from_the_environment(server, server_store, capsys):
    capsys.readouterr()
    assert main(["ask", "--json", QUESTION]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "8,000" in answer["answer"] and answer["citations"]
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["chunks"] == server_store[1]["chunks_embedded"] and status["articles"] >= 25
    assert status["vectors"] == f"http://{server[0]}:{server[1]}" and status["collection"] == "from-env"


def test_the_answer_path_matches_the_store_on_disk(server, server_store, embedder, sample_app):
    store = server_store[0]
    app = open_reader(server_settings(store, server, "from-env"), store, embedder=embedder)  # as the bot does
    try:
        answer = ask(QUESTION, app.retriever, app.answerer)
        hits = app.retriever.search(QUESTION, mode="dense")
    finally:
        app.close()
    assert not answer.abstained and "8,000" in answer.answer and "Kursk" in answer.citations[0].quote
    # The same articles on disk (the session's sample store) give the same chunks in the same order.
    local = sample_app.retriever.search(QUESTION, mode="dense")
    assert [h.chunk.chunk_id for h in hits] == [h.chunk.chunk_id for h in local]


def test_writer_lock_and_health_check_with_a_server(server, tmp_path, embedder):
    from ingest.files import iter_path
    from ingest.index import ensure_index
    from ingest.pipeline import ingest_items

    where = ChromaServer(*server)
    store = tmp_path / "store"
    archive = open_archive(store, create=True, collection="health", embedding_model=embedder.name,
                           dimensions=embedder.dimensions, server=where)
    try:
        few = tmp_path / "few.jsonl"
        few.write_text("".join(sample_archive_path().read_text(encoding="utf-8").splitlines(True)[:4]))
        ingest_items(archive, embedder, iter_path(few))
        with pytest.raises(StoreError, match="being written by another gazette process"):
            open_archive(store, create=True, server=where)
        reader = open_archive(store, create=False, server=where)  # readers take no lock
        total = reader.collection.count()
        reader.close()
        # Chunks lost on the server (say, a server restored from an older volume) are re-embedded.
        lost = sorted(archive.all_chunk_ids())[:3]
        http_client(server).get_collection("health").delete(ids=lost)
        assert archive.collection.count() == total - 3 > 0
        check = ensure_index(archive, embedder, max_tokens=250)
        assert not check.rebuilt and check.chunks_embedded >= 3
        assert archive.collection.count() == total and set(lost) <= archive.all_chunk_ids()
    finally:
        archive.close()


def test_a_new_store_refuses_a_collection_of_another_store(server, tmp_path, embedder):
    where = ChromaServer(*server)
    first = open_archive(tmp_path / "a", create=True, collection="shared", embedding_model=embedder.name,
                         dimensions=embedder.dimensions, server=where)
    first.collection.add(ids=["x"], embeddings=[[1.0] + [0.0] * (embedder.dimensions - 1)], documents=["x"],
                         metadatas=[{"doc_id": "x", "index": 0}])
    first.close()
    with pytest.raises(StoreError, match="already holds 1 chunks of another store"):
        open_archive(tmp_path / "b", create=True, collection="shared", embedding_model=embedder.name,
                     dimensions=embedder.dimensions, server=where)


def test_an_unreachable_server_is_one_line_and_never_a_rebuild(tmp_path, embedder):
    port = free_port()  # nothing listens there
    where = ChromaServer("127.0.0.1", port)
    with pytest.raises(StoreError, match=f"Chroma server at http://127.0.0.1:{port}") as caught:
        open_archive(tmp_path / "s", create=True, embedding_model=embedder.name, dimensions=embedder.dimensions,
                     server=where)
    assert "\n" not in str(caught.value)
    # The lock was released: the folder can be opened again (here, on disk).
    open_archive(tmp_path / "s", create=True, embedding_model=embedder.name, dimensions=embedder.dimensions).close()


def test_a_server_that_comes_back_is_used_again_in_the_same_process(tmp_path, embedder):
    """A scheduled ingest whose server was down for one run must work on the next run."""
    port = free_port()
    where = ChromaServer("127.0.0.1", port)
    with pytest.raises(StoreError, match="cannot use collection"):
        open_archive(tmp_path / "s", create=True, embedding_model=embedder.name, dimensions=embedder.dimensions,
                     server=where)
    with run_chroma(tmp_path / "data", port=port):
        archive = open_archive(tmp_path / "s", create=True, embedding_model=embedder.name,
                               dimensions=embedder.dimensions, server=where)
        assert archive.collection.count() == 0 and archive.server == where
        archive.close()


def test_reindex_moves_a_store_on_disk_to_the_server(server, tmp_path, embedder, monkeypatch, capsys):
    from ingest.files import iter_path
    from ingest.pipeline import ingest_items

    store = tmp_path / "store"
    few = tmp_path / "few.jsonl"
    few.write_text("".join(sample_archive_path().read_text(encoding="utf-8").splitlines(True)[:3]))
    local = open_archive(store, create=True, collection="moved", embedding_model=embedder.name,
                         dimensions=embedder.dimensions)
    chunks = ingest_items(local, embedder, iter_path(few)).chunks_embedded
    local.close()
    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_STORE__CHROMA_HOST", server[0])
    monkeypatch.setenv("GAZETTE_STORE__CHROMA_PORT", str(server[1]))
    assert main(["reindex", "--store", str(store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["chunks_embedded"] == chunks > 0
    assert http_client(server).get_collection("moved").count() == chunks
