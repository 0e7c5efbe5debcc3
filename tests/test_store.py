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
