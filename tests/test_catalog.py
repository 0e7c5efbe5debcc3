import json
import sqlite3

import pytest

from gazette.catalog import Catalog
from gazette.models import Article

OLD_SCHEMA = """
CREATE TABLE articles (doc_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, title TEXT NOT NULL,
    outlet TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', published INTEGER, source TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL, chunk_ids TEXT NOT NULL, ingested_at TEXT NOT NULL);
"""


def test_a_catalog_from_before_places_is_upgraded_in_place(tmp_path):
    path = tmp_path / "articles.sqlite"
    db = sqlite3.connect(str(path))
    db.executescript(OLD_SCHEMA)
    db.execute("INSERT INTO articles VALUES ('d1', 'f', 'Title', 'Wire', 'https://w.example/1', 20241104, 's', "
               "'Body  text.', ?, '2024-11-04T00:00:00')", (json.dumps(["c1", "c2"]),))
    db.commit()
    db.close()
    cat = Catalog(path)
    entry = cat.entry("d1")
    assert entry.chunk_ids == ["c1", "c2"] and entry.indexed
    assert cat.doc_with_text(Article(doc_id="x", title="t", text="Body text.").text_hash) == "d1"
    assert [(p.place_id, p.source, p.doc_id) for p in cat.places("d1")] == [("d1", "", "d1")]
    assert cat.get("d1").author == "" and cat.indexed_chunk_ids() == {"c1": "d1", "c2": "d1"}
    cat.close()
    Catalog(path).close()  # a second open finds nothing to upgrade


def test_transactions_are_all_or_nothing(tmp_path):
    cat = Catalog(tmp_path / "articles.sqlite")
    art = Article(doc_id="a", title="T", text="Some text.")
    with pytest.raises(RuntimeError):
        with cat.transaction():
            cat.put(art, ["c"], indexed=False)
            cat.add_stale(["old"])
            raise RuntimeError("crash")
    assert cat.count() == 0 and cat.stale_chunk_ids() == []
    with cat.transaction():
        cat.put(art, ["c"], indexed=False)
    assert [a.doc_id for a, ids in cat.unindexed()] == ["a"]
    cat.mark_indexed("a", ["c", "d"])
    assert cat.unindexed() == [] and cat.entry("a").chunk_ids == ["c", "d"]
    cat.close()
