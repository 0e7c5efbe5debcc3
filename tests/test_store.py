import pytest

from gazette.errors import StoreError
from gazette.store import MARKER, open_archive


def test_new_store_gets_marker_and_reopens(tmp_path):
    a = open_archive(tmp_path / "s", create=True, embedding_model="m", dimensions=3)
    a.close()
    assert (tmp_path / "s" / MARKER).is_file()
    b = open_archive(tmp_path / "s", create=False)
    assert b.counts().articles == 0 and b.embedding_model == "m"
    b.close()


def test_refuses_foreign_missing_and_mismatched_folders(tmp_path):
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a Gazette store"):
        open_archive(tmp_path / "foreign", create=True, embedding_model="m", dimensions=3)
    with pytest.raises(StoreError, match="no Gazette store"):
        open_archive(tmp_path / "absent", create=False)
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_archive(tmp_path / "file", create=True, embedding_model="m", dimensions=3)
    open_archive(tmp_path / "s", create=True, embedding_model="m", dimensions=3).close()
    with pytest.raises(StoreError, match="built with 'm'"):
        open_archive(tmp_path / "s", create=True, embedding_model="other", dimensions=3)
    (tmp_path / "s" / MARKER).write_text("{broken")
    with pytest.raises(StoreError, match="unreadable store marker"):
        open_archive(tmp_path / "s", create=False)


def test_vector_search_reads_chunks_from_the_keyword_index_and_falls_back_to_chroma(tmp_path):
    from datetime import date

    import numpy as np

    from gazette.models import Chunk

    a = open_archive(tmp_path / "s", create=True, embedding_model="m", dimensions=3)
    chunks = [Chunk(chunk_id=f"c{i}", doc_id=f"d{i}", index=i, text=f"Text number {i}.", title=f"Title {i}",
                    outlet="Wire", url=f"https://wire.example/{i}", published=date(2024, 11, i + 1))
              for i in range(3)]
    vectors = np.eye(3, dtype=np.float32)
    a.upsert(chunks, vectors)
    hits = a.search(np.array([0.0, 1.0, 0.1], dtype=np.float32), 3)
    assert [h.chunk.chunk_id for h in hits] == ["c1", "c2", "c0"]
    assert hits[0].chunk == chunks[1] and hits[0].score > hits[1].score
    # A chunk the keyword index lacks (as after a crash between the two writes) still comes back whole.
    a.keywords.delete(["c1"])
    again = a.search(np.array([0.0, 1.0, 0.1], dtype=np.float32), 3)
    assert [h.chunk for h in again] == [h.chunk for h in hits]
    a.close()


def test_a_search_waits_for_an_index_segment_a_concurrent_write_has_not_written_yet(tmp_path, monkeypatch):
    """Chroma reports an index segment a concurrent write has just created and not yet written as "Nothing found on
    disk": the search is tried again; any other failure, or that one for good, is one line naming the store."""
    import numpy as np
    from chromadb.errors import InternalError

    from gazette.models import Chunk

    a = open_archive(tmp_path / "s", create=True, embedding_model="m", dimensions=3)
    a.upsert([Chunk(chunk_id="c0", doc_id="d0", index=0, text="Text.", title="Title", outlet="Wire",
                    url="https://wire.example/0", published=None)], np.eye(1, 3, dtype=np.float32))
    query, calls = a.collection.query, []
    not_ready = InternalError("Error executing plan: Internal error: Error creating hnsw segment reader: Nothing "
                              "found on disk")

    def flaky(*args, failures=1, error=not_ready, **kwargs):
        calls.append(1)
        if len(calls) <= failures:
            raise error
        return query(*args, **kwargs)

    monkeypatch.setattr(a.collection, "query", flaky)
    assert [h.chunk.chunk_id for h in a.search(np.array([1.0, 0.0, 0.0], dtype=np.float32), 1)] == ["c0"]
    assert len(calls) == 2
    calls.clear()
    monkeypatch.setattr(a.collection, "query", lambda *args, **kwargs: flaky(*args, failures=99, **kwargs))
    with pytest.raises(StoreError, match="failed while searching .*Nothing found on disk"):
        a.search(np.array([1.0, 0.0, 0.0], dtype=np.float32), 1)
    assert len(calls) == 4
    calls.clear()
    monkeypatch.setattr(a.collection, "query", lambda *args, **kwargs: flaky(
        *args, failures=99, error=InternalError("Error loading hnsw index"), **kwargs))
    with pytest.raises(StoreError, match="failed while searching"):
        a.search(np.array([1.0, 0.0, 0.0], dtype=np.float32), 1)
    assert len(calls) == 1  # a damaged index is not tried again
    a.close()
