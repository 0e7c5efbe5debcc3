"""Exact duplicates are stored once and remember every place; prune removes only what no place holds."""

import json

import pytest

from gazette.sources import SourceSpec
from gazette.store import open_archive
from ingest.fetch import Fetcher
from ingest.files import iter_path
from ingest.jobs import ingest_targets, targets_for
from ingest.pipeline import ingest_items

T1 = "The night train from Lviv to Przemysl now stops in Mostyska. Tickets went on sale on Monday."
T2 = "Snow closed the mountain pass near Yablunytsia for six hours. Ploughs reopened it by noon."
T3 = "A new library opened in Zhytomyr with 40,000 books. Volunteers catalogued them over the summer."


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _rec(doc_id, text, outlet="Rail Post", title=None):
    return {"id": doc_id, "title": title or f"Story {doc_id}", "outlet": outlet, "text": text,
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{doc_id}"}


@pytest.fixture
def archive(tmp_path, embedder):
    a = open_archive(tmp_path / "store", create=True, embedding_model=embedder.name, dimensions=embedder.dimensions)
    yield a
    a.close()


def _ingest(archive, embedder, path):
    return ingest_items(archive, embedder, iter_path(path), batch_chunks=2)


def _places(archive, doc_id):
    return [(p.place_id, p.outlet) for p in archive.catalog.places(doc_id)]


def _in_step(archive):
    return archive.collection.count() == archive.catalog.chunk_count() and not archive.catalog.stale_chunk_ids()


def test_a_copy_is_stored_once_with_both_places_and_leaves_when_it_diverges(tmp_path, archive, embedder):
    src = _write(tmp_path / "a.jsonl", [_rec("a", T1), _rec("b", T1, outlet="Border News", title="Other headline")])
    s = _ingest(archive, embedder, src)
    assert (s.articles_added, s.articles_duplicate, archive.catalog.count()) == (1, 1, 1)
    assert _places(archive, "a") == [("a", "Rail Post"), ("b", "Border News")]
    again = _ingest(archive, embedder, src)
    assert (again.articles_unchanged, again.articles_duplicate, again.chunks_embedded) == (2, 0, 0)

    # The copy changes: it becomes an article of its own; the original keeps only its own place.
    _write(src, [_rec("a", T1), _rec("b", T2, outlet="Border News")])
    s = _ingest(archive, embedder, src)
    assert (s.articles_added, s.articles_unchanged, s.articles_duplicate) == (1, 1, 0)
    assert _places(archive, "a") == [("a", "Rail Post")] and _places(archive, "b") == [("b", "Border News")]
    assert _in_step(archive)


def test_an_article_that_becomes_a_copy_of_another_is_removed(tmp_path, archive, embedder):
    src = _write(tmp_path / "a.jsonl", [_rec("a", T1), _rec("c", T3)])
    _ingest(archive, embedder, src)
    old = archive.catalog.entry("a").chunk_ids
    _write(src, [_rec("a", T3), _rec("c", T3)])
    s = _ingest(archive, embedder, src)
    assert (s.articles_removed, s.articles_duplicate, s.chunks_embedded) == (1, 1, 0)
    assert archive.catalog.entry("a") is None and archive.get_chunks(old) == []
    assert _places(archive, "c") == [("a", "Rail Post"), ("c", "Rail Post")]
    assert _in_step(archive)


def test_prune_keeps_an_article_another_source_still_lists(tmp_path, archive, embedder):
    one = _write(tmp_path / "one.jsonl", [_rec("a", T1), _rec("x", T2)])
    two = _write(tmp_path / "two.jsonl", [_rec("b", T1, outlet="Border News")])
    specs = [SourceSpec(name="one", kind="file", path=one), SourceSpec(name="two", kind="file", path=two)]

    def run(prune=False, which=specs):
        return ingest_targets(archive, embedder, targets_for([], which), fetcher_factory=lambda: Fetcher(retries=0),
                          batch_chunks=2, prune=prune)

    first = run()
    assert (first.articles_added, first.articles_duplicate) == (2, 1)
    _write(one, [])  # source one now lists nothing
    s = run(prune=True, which=specs[:1])
    # "x" only came from source one: removed. "a" is still listed by source two (as "b"): kept, and moved to
    # that place (its id, URL and outlet), so that answers no longer cite the place that was pruned.
    assert s.articles_removed == 1 and s.sources[0].pruned == 1 and s.sources[0].complete
    assert archive.catalog.entry("x") is None and archive.catalog.entry("a") is None
    assert archive.catalog.get("b").outlet == "Border News" and _places(archive, "b") == [("b", "Border News")]
    assert {h.chunk.doc_id for h in archive.keywords.search("night train Mostyska", 10)} == {"b"}
    assert archive.collection.count() == archive.catalog.chunk_count() == archive.keywords.count()
    _write(two, [])
    s = run(prune=True, which=specs[1:])
    assert s.articles_removed == 1 and archive.catalog.count() == 0 and archive.collection.count() == 0


def test_limited_sources_are_not_pruned(tmp_path, archive, embedder):
    src = _write(tmp_path / "one.jsonl", [_rec("a", T1), _rec("c", T3)])
    spec = SourceSpec(name="one", kind="file", path=src)
    ingest_targets(archive, embedder, targets_for([], [spec]), fetcher_factory=Fetcher, batch_chunks=2)
    limited = spec.model_copy(update={"max_articles": 1})
    s = ingest_targets(archive, embedder, targets_for([], [limited]), fetcher_factory=Fetcher, batch_chunks=2, prune=True)
    assert s.articles_removed == 0 and not s.sources[0].complete and "not pruned" in s.notes[0]
    assert archive.catalog.count() == 2
