import pytest

from gazette.errors import StoreError
from gazette.store import MARKER, open_archive


def test_new_store_gets_marker_and_reopens(tmp_path):
    a = open_archive(tmp_path / "s", create=True, embedding_model="m", dimensions=3)
    a.close()
    assert (tmp_path / "s" / MARKER).is_file()
    b = open_archive(tmp_path / "s", create=False)
    assert b.stats().articles == 0 and b.embedding_model == "m"
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
