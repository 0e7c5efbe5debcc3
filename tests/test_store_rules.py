"""Table tests for the pure rules behind a damaged store: the marker, errors in words, filters without Chroma,
and articles rebuilt from their chunks."""

from __future__ import annotations

import errno
import json
import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from gazette.catalog import is_damaged, sqlite_store_error
from gazette.chunking import chunk_article
from gazette.models import Article, Chunk
from gazette.store import is_disk_full, os_store_error, parse_marker, where_mask
from ingest.index import article_from_chunks, merged_text, whole_article

GOOD = {"format": 1, "embedding_model": "all-MiniLM-L6-v2", "dimensions": 384, "collection": "gazette"}


def test_parse_marker_reads_what_gazette_writes():
    m = parse_marker(json.dumps(GOOD))
    assert (m.embedding_model, m.dimensions, m.collection) == ("all-MiniLM-L6-v2", 384, "gazette")
    assert parse_marker(json.dumps({k: v for k, v in GOOD.items() if k != "collection"}), "news").collection == "news"


@pytest.mark.parametrize(("text", "reason"), [
    ("[1]", "a JSON list, not an object"),
    ("null", "a JSON NoneType, not an object"),
    ('"text"', "a JSON str, not an object"),
    (json.dumps({**GOOD, "dimensions": "abc"}), "dimensions 'abc' is not a positive whole number"),
    (json.dumps({**GOOD, "dimensions": True}), "dimensions True is not a positive whole number"),
    (json.dumps({**GOOD, "dimensions": 0}), "dimensions 0 is not"),
    (json.dumps({**GOOD, "dimensions": 384.0}), "dimensions 384.0 is not"),
    (json.dumps({**GOOD, "format": 2}), "store format 2 is not supported"),
    (json.dumps({**GOOD, "embedding_model": ""}), "embedding_model '' is not a model name"),
    (json.dumps({**GOOD, "collection": "x"}), "collection 'x' is not a collection name"),
    ("{", "Expecting property name"),
    ("", "Expecting value"),
])
def test_parse_marker_says_what_is_wrong(text, reason):
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_marker(text)


def _sqlite_error(cls: type, message: str, code: int | None) -> sqlite3.Error:
    exc = cls(message)
    if code is not None:
        exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(("exc", "damaged", "says"), [
    (_sqlite_error(sqlite3.DatabaseError, "file is not a database", 26), True, "is damaged (file is not a database)"),
    (_sqlite_error(sqlite3.DatabaseError, "database disk image is malformed", 11), True, "is damaged"),
    (_sqlite_error(sqlite3.DatabaseError, "database disk image is malformed", None), True, "is damaged"),
    (_sqlite_error(sqlite3.OperationalError, "database or disk is full", 13), False, "no space left"),
    (_sqlite_error(sqlite3.OperationalError, "attempt to write a readonly database", 8), False, "is read-only"),
    (_sqlite_error(sqlite3.OperationalError, "unable to open database file", 14), False, "cannot open"),
    (_sqlite_error(sqlite3.OperationalError, "database is locked", 5), False, "locked by another process"),
    (_sqlite_error(sqlite3.OperationalError, "disk I/O error", 10), False, "check the disk"),
    (_sqlite_error(sqlite3.OperationalError, "no such table: articles", 1), False, "lacks its tables"),
])
def test_sqlite_errors_in_words(exc, damaged, says):
    assert is_damaged(exc) is damaged
    message = str(sqlite_store_error(exc, Path("/s/articles.sqlite"), "HOW TO RECOVER"))
    assert says in message and "\n" not in message
    assert ("HOW TO RECOVER" in message) == (damaged or "lacks" in says)


@pytest.mark.parametrize(("exc", "full", "says"), [
    (OSError(errno.ENOSPC, "No space left on device"), True, "no space left"),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), True, "no space left"),
    (OSError(errno.EROFS, "Read-only file system"), False, "asking works on a read-only store"),
    (OSError(errno.EACCES, "Permission denied"), False, "asking works on a read-only store"),
    (OSError(errno.EIO, "Input/output error"), False, "cannot use the store"),
])
def test_os_errors_in_words(exc, full, says):
    assert is_disk_full(exc) is full
    assert says in str(os_store_error(exc, Path("/s")))


def test_is_disk_full_reads_other_libraries_messages():
    assert is_disk_full(RuntimeError("error returned from database: (code: 13) database or disk is full"))
    assert is_disk_full(RuntimeError("No space left on device (os error 28)"))
    assert not is_disk_full(RuntimeError("collection not found"))


COLUMNS = {"published": np.array([20241101, 20241115, 0, 20241201]),
           "outlet_key": np.array(["bbc", "reuters", "bbc", "ap"], dtype=object),
           "doc_id": np.array(["a", "b", "c", "d"], dtype=object)}


@pytest.mark.parametrize(("where", "rows"), [
    ({"published": {"$gte": 20241110}}, [1, 3]),
    ({"$and": [{"published": {"$lte": 20241130}}, {"published": {"$gt": 0}}]}, [0, 1]),
    ({"outlet_key": {"$in": ["bbc", "ap"]}}, [0, 2, 3]),
    ({"outlet_key": {"$nin": ["bbc"]}}, [1, 3]),
    ({"$or": [{"doc_id": "a"}, {"doc_id": {"$eq": "d"}}]}, [0, 3]),
    ({"doc_id": {"$ne": "a"}, "published": {"$lt": 20241201}}, [1, 2]),
])
def test_where_mask(where, rows):
    assert list(np.flatnonzero(where_mask(where, COLUMNS))) == rows


def test_where_mask_refuses_what_it_cannot_evaluate():
    with pytest.raises(ValueError, match="unsupported"):
        where_mask({"published": {"$regex": "x"}}, COLUMNS)


@pytest.mark.parametrize(("pieces", "text"), [
    (["One. Two.", "Two. Three."], "One. Two. Three."),
    (["One. Two.\n\nThree.", "Three. Four."], "One. Two.\n\nThree. Four."),
    (["A b c", "d e f"], "A b c d e f"),  # no overlap (a long sentence cut at words): joined with a space
    (["One. Two.", "Two."], "One. Two."),  # a piece inside the last
    (["Only."], "Only."),
    ([], ""),
])
def test_merged_text(pieces, text):
    assert merged_text(pieces) == text


def test_articles_come_back_from_their_chunks():
    text = " ".join(f"Sentence number {i} of the report says something about the ferry to Varna." for i in range(40))
    article = Article(doc_id="d1", title="Ferry", text=text, outlet="Port Gazette", url="https://p.example/1",
                      published=date(2024, 11, 1), language="en")
    for window in (40, 80, 250):
        chunks = chunk_article(article, window)
        assert len(chunks) > 1 or window == 250
        back = article_from_chunks(list(reversed(chunks)))
        assert back.text.split() == text.split()
        assert (back.doc_id, back.title, back.outlet, back.url, back.published, back.language) == (
            "d1", "Ferry", "Port Gazette", "https://p.example/1", date(2024, 11, 1), "en")
        assert whole_article(chunks)
        if len(chunks) > 2:
            assert not whole_article(chunks[1:])


def test_whole_article_needs_one_article():
    a = Chunk(chunk_id="a", doc_id="d", index=0, text="x", title="T")
    assert whole_article([a])
    assert not whole_article([a, a.model_copy(update={"chunk_id": "b", "index": 1, "title": "Other"})])
    assert not whole_article([])
