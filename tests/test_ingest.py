import json

from gazette.store import open_archive
from ingest.files import iter_path
from ingest.pipeline import ingest_items


def _write(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")


def _record(i, text=None):
    return {"id": f"a{i}", "title": f"Story {i}", "outlet": "Wire", "published": f"2024-11-0{i % 9 + 1}",
            "url": f"https://wire.example/{i}",
            "text": text or f"Story {i} reports that {i * 100} people gathered in Kharkiv. Officials counted them."}


def test_second_run_embeds_nothing_and_changes_replace_chunks(tmp_path, embedder):
    src = tmp_path / "a.jsonl"
    _write(src, [_record(i) for i in range(5)])
    archive = open_archive(tmp_path / "store", create=True, embedding_model=embedder.name, dimensions=384)
    first = ingest_items(archive, embedder, iter_path(src))
    assert (first.articles_added, first.chunks_embedded) == (5, 5)
    old_ids = archive.catalog.entry("a2").chunk_ids

    again = ingest_items(archive, embedder, iter_path(src))
    assert (again.articles_added, again.articles_unchanged, again.chunks_embedded) == (0, 5, 0)

    records = [_record(i) for i in range(5)]
    records[2] = _record(2, "A completely rewritten story about 77 drones over Odesa. Nothing else.")
    records.append(_record(9))
    _write(src, records)
    third = ingest_items(archive, embedder, iter_path(src))
    assert (third.articles_added, third.articles_updated, third.articles_unchanged) == (1, 1, 4)
    assert third.chunks_embedded == 2
    # The old chunks of the changed article are gone from the index, the new one is found.
    assert archive.get_chunks(old_ids) == []
    hits = archive.search(embedder.embed_query("drones over Odesa"), 3)
    assert hits[0].chunk.doc_id == "a2" and "77 drones" in hits[0].chunk.text
    assert all("200 people" not in h.chunk.text for h in hits if h.chunk.doc_id == "a2")
    assert archive.counts().chunks == 6 and archive.catalog.count() == 6
    archive.close()


def test_duplicate_ids_in_one_run_keep_the_last_copy(tmp_path, embedder):
    src = tmp_path / "a.jsonl"
    _write(src, [_record(1), _record(1, "Second copy says 55 boats docked in Varna. Harbour staff agreed.")])
    archive = open_archive(tmp_path / "store", create=True, embedding_model=embedder.name, dimensions=384)
    s = ingest_items(archive, embedder, iter_path(src))
    assert s.articles_added == 1 and archive.counts().chunks == 1
    assert "55 boats" in archive.get_chunks(archive.catalog.entry("a1").chunk_ids)[0].text
    archive.close()


def test_failures_are_reported_and_the_rest_ingested(tmp_path, embedder):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(_record(1)) + "\n{bad\n" + json.dumps({"id": "e", "text": ""}) + "\n")
    archive = open_archive(tmp_path / "store", create=True, embedding_model=embedder.name, dimensions=384)
    items = list(iter_path(src)) + list(iter_path(tmp_path / "missing.md"))
    s = ingest_items(archive, embedder, items)
    assert s.articles_added == 1
    assert [f.source for f in s.failed] == [f"{src}:2", f"{src}:3", str(tmp_path / "missing.md")]
    archive.close()
