"""Ingest from a local web site (feeds, sitemaps, pages) through the CLI: sources, duplicates, changes, prune,
refusals, the writer lock, the index health check and reindex. Real embedding model, real Chroma."""

import json
import sqlite3

import pytest

from gazette.cli import main
from gazette.store import open_archive
from tests.conftest import isolate_env
from tests.site import ENTITY_BOMB, Site, page, rss, sitemap, sitemap_index
from tests.snapshot import assert_same_store, store_snapshot

FERRY = ["The ferry line between Odesa and Varna resumed on Friday after a pause of eleven weeks, the port "
         "authority said.", "Two crossings a week are planned until the end of the year, carrying up to 300 passengers."]
GRAIN = ["Grain exports through the Danube ports rose to 1.9 million tonnes in October, the ministry reported.",
         "Officials credited the new convoy system and faster inspections at Izmail for the increase."]
BRIDGE = ["The Darnytskyi bridge reopened to traffic on Saturday after repairs lasting four months.",
          "Trams return to the crossing next week, the city transport department announced."]
FERRY_V2 = ["The ferry line between Odesa and Varna was suspended again on Monday because of storm warnings.",
            "The port authority said crossings would restart once the sea calms, probably within a week."]


@pytest.fixture
def site():
    s = Site()
    s.set("/news/ferry", page("Ferry to Varna resumes", FERRY, published="2024-11-01", outlet="Port Gazette"))
    s.set("/news/grain", page("Grain exports rise", GRAIN, published="2024-11-03", outlet="Port Gazette"))
    s.set("/news/bridge", page("Bridge reopens", BRIDGE, published="2024-11-02", outlet="City Desk"))
    # The same story, syndicated under another URL, headline and outlet.
    s.set("/partner/grain-story", page("Danube grain up", GRAIN, published="2024-11-03", outlet="Partner Daily"))
    s.set("/rss.xml", rss("Port Gazette", [
        ("Ferry to Varna resumes", s.url("/news/ferry"), "Fri, 01 Nov 2024 09:00:00 GMT"),
        ("Grain exports rise", s.url("/news/grain"), "Sun, 03 Nov 2024 09:00:00 GMT"),
        ("Danube grain up", s.url("/partner/grain-story"), "Sun, 03 Nov 2024 10:00:00 GMT"),
    ]), "application/rss+xml")
    s.set("/sitemap-1.xml", sitemap([(s.url("/news/ferry"), "2024-11-01"), (s.url("/news/bridge"), "2024-11-02")],
                                    news_name="City Desk"), "application/xml")
    s.set("/sitemap_index.xml", sitemap_index([s.url("/sitemap-1.xml")]), "application/xml")
    yield s
    s.close()


@pytest.fixture
def env(monkeypatch, tmp_path, site):
    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_STORE__PATH", str(tmp_path / "store"))
    monkeypatch.setenv("GAZETTE_FETCH__ALLOW", "127.0.0.1")
    monkeypatch.setenv("GAZETTE_FETCH__RETRIES", "0")
    monkeypatch.setenv("GAZETTE_FETCH__WORKERS", "2")
    (tmp_path / "sources.toml").write_text(f"""
[sources.wire]
kind = "feed"
url = "{site.url('/rss.xml')}"

[sources.maps]
kind = "sitemap"
url = "{site.url('/sitemap_index.xml')}"

[sources.one]
kind = "url"
url = "{site.url('/news/bridge')}"
outlet = "Bridge Desk"
""")
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ingest(capsys, *argv):
    code, out, err = run(capsys, "ingest", "--json", *argv)
    assert code == 0, err
    return json.loads(out)


def _db(env):
    return sqlite3.connect(str(env / "store" / "articles.sqlite"))


def test_sources_feed_sitemap_page_duplicates_and_a_second_run(capsys, env, site):
    first = ingest(capsys, "--all")
    assert first["failed"] == [] and first["articles_added"] == 3 and first["articles_duplicate"] == 1
    assert [(s["name"], s["complete"]) for s in first["sources"]] == [("wire", True), ("maps", True), ("one", True)]
    db = _db(env)
    docs = {r[0]: r for r in db.execute("SELECT doc_id, outlet, published, language FROM articles")}
    assert set(docs) == {site.url("/news/ferry"), site.url("/news/grain"), site.url("/news/bridge")}
    assert docs[site.url("/news/grain")][1:] == ("Port Gazette", 20241103, "en")
    # The syndicated copy is stored once and remembers where else it appeared.
    places = db.execute("SELECT place_id, outlet FROM places WHERE doc_id = ? ORDER BY 1",
                        (site.url("/news/grain"),)).fetchall()
    assert places == [(site.url("/news/grain"), "Port Gazette"), (site.url("/partner/grain-story"), "Partner Daily")]
    db.close()
    archive = open_archive(env / "store", create=False)
    assert archive.collection.count() == archive.catalog.chunk_count()
    hits = archive.search(_embed("Danube grain exports in October"), 10)
    assert {h.chunk.doc_id for h in hits if "1.9 million tonnes" in h.chunk.text} == {site.url("/news/grain")}
    archive.close()

    second = ingest(capsys, "--all")
    assert (second["articles_added"], second["articles_updated"], second["chunks_embedded"]) == (0, 0, 0)
    assert second["articles_duplicate"] == 0 and second["failed"] == []

    code, out, _ = run(capsys, "sources", "--json")
    listed = {r["name"]: r for r in json.loads(out)}
    assert code == 0 and listed["wire"]["articles"] == 2 and listed["maps"]["articles"] == 2
    assert listed["one"]["articles"] == 1 and all(r["last_ingest"] and not r["last_error"] for r in listed.values())
    code, out, _ = run(capsys, "sources")
    assert code == 0 and "wire" in out and "never" not in out


def _embed(text):
    from gazette.embeddings import MiniLMEmbedder

    return MiniLMEmbedder().embed_query(text)


def test_changed_article_replaces_its_chunks_and_prune_removes_what_a_source_dropped(capsys, env, site):
    ingest(capsys, "--source", "wire")
    old_ids = json.loads(_db(env).execute("SELECT chunk_ids FROM articles WHERE doc_id = ?",
                                          (site.url("/news/ferry"),)).fetchone()[0])
    site.set("/news/ferry", page("Ferry to Varna suspended", FERRY_V2, published="2024-11-04", outlet="Port Gazette"))
    changed = ingest(capsys, "--source", "wire")
    assert (changed["articles_updated"], changed["articles_unchanged"], changed["articles_added"]) == (1, 2, 0)
    archive = open_archive(env / "store", create=False)
    assert archive.get_chunks(old_ids) == []
    texts = [h.chunk.text for h in archive.search(_embed("ferry Odesa Varna"), 20)]
    assert any("storm warnings" in t for t in texts) and not any("eleven weeks" in t for t in texts)
    archive.close()

    # A failed page makes the source incomplete: --prune then removes nothing.
    site.set("/rss.xml", rss("Port Gazette", [("Ferry", site.url("/news/ferry"), "Fri, 01 Nov 2024 09:00:00 GMT"),
                                              ("Gone", site.url("/news/missing"), "Fri, 01 Nov 2024 09:00:00 GMT")]))
    partial = ingest(capsys, "--source", "wire", "--prune")
    assert partial["articles_removed"] == 0 and partial["sources"][0]["complete"] is False
    assert any("not pruned" in n for n in partial["notes"]) and partial["failed"][0]["reason"] == "HTTP 404"
    code, out, _ = run(capsys, "sources", "--json")
    assert "HTTP 404" in [r for r in json.loads(out) if r["name"] == "wire"][0]["last_error"]

    # Complete again, without the grain story (nor its syndicated copy): it goes, chunks and all.
    grain_ids = json.loads(_db(env).execute("SELECT chunk_ids FROM articles WHERE doc_id = ?",
                                            (site.url("/news/grain"),)).fetchone()[0])
    site.set("/rss.xml", rss("Port Gazette", [("Ferry", site.url("/news/ferry"), "Fri, 01 Nov 2024 09:00:00 GMT")]))
    pruned = ingest(capsys, "--source", "wire", "--prune")
    assert pruned["articles_removed"] == 1 and pruned["sources"][0]["pruned"] == 1
    db = _db(env)
    assert [r[0] for r in db.execute("SELECT doc_id FROM articles")] == [site.url("/news/ferry")]
    assert db.execute("SELECT COUNT(*) FROM places WHERE doc_id = ?", (site.url("/news/grain"),)).fetchone()[0] == 0
    archive = open_archive(env / "store", create=False)
    assert archive.get_chunks(grain_ids) == [] and archive.collection.count() == archive.catalog.chunk_count()
    archive.close()


def test_refusals_are_listed_per_url_and_the_rest_is_ingested(capsys, env, site, monkeypatch):
    monkeypatch.setenv("GAZETTE_FETCH__MAX_BYTES", "200000")

    def endless():
        while True:
            yield b"<p>" + b"x" * 65000 + b"</p>"

    from tests.site import Route

    site.routes["/huge"] = Route(200, {"Content-Type": "text/html"}, endless)
    site.redirect("/to-private", "http://10.0.0.1/internal")
    site.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    site.set("/bomb.xml", ENTITY_BOMB, "application/rss+xml")
    site.set("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
    urls = [site.url(p) for p in ("/to-private", "/to-metadata", "/huge", "/bomb.xml", "/logo.png", "/news/bridge")]
    summary = ingest(capsys, *urls, "file:///etc/passwd")
    assert summary["articles_added"] == 1
    reasons = {f["source"]: f["reason"] for f in summary["failed"]}
    assert "10.0.0.1 is a private address" in reasons[site.url("/to-private")]
    assert "cloud metadata address" in reasons[site.url("/to-metadata")]
    assert "larger than 200,000 bytes" in reasons[site.url("/huge")]
    assert "refused: XML with entity declarations" in reasons[site.url("/bomb.xml")]
    assert reasons[site.url("/logo.png")].startswith("skipped: content type 'image/png'")
    assert "only http and https" in reasons["file:///etc/passwd"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ingest"], "nothing to ingest"),
        (["ingest", "--source", "nope"], "unknown source 'nope' (sources in sources.toml: maps, one, wire)"),
        (["ingest", "--prune", "somefile.jsonl"], "--prune applies to named sources"),
        (["ingest", "--all", "--sources-file", "absent.toml"], "no sources file at absent.toml"),
        (["sources", "--sources-file", "absent.toml"], "no sources file at absent.toml"),
        (["reindex"], "no Gazette store at"),
    ],
)
def test_usage_errors_are_one_line(capsys, env, argv, message):
    code, _, err = run(capsys, *argv)
    assert code in (1, 2) and message in err and len(err.strip().splitlines()) == 1


def test_a_second_writer_is_refused_while_the_first_runs(capsys, env, tmp_path):
    from gazette.embeddings import DIMENSIONS, MODEL_NAME

    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "title": "T", "text": "A short article about ferries."}) + "\n")
    holder = open_archive(env / "store", create=True, embedding_model=MODEL_NAME, dimensions=DIMENSIONS)
    try:
        for argv in (["ingest", str(src)], ["reindex"], ["ingest", "--source", "wire"]):
            code, _, err = run(capsys, *argv)
            assert code == 1 and "is being written by another gazette process" in err, err
            assert len(err.strip().splitlines()) == 1
        # Readers are not blocked.
        assert run(capsys, "sources")[0] == 0
    finally:
        holder.close()
    assert ingest(capsys, str(src))["articles_added"] == 1


def test_health_check_repairs_the_index_and_reindex_rebuilds_it_identically(capsys, env, site):
    ingest(capsys, "--source", "wire", "--source", "one")
    store = env / "store"
    reference = store_snapshot(store)
    ids = reference["index"]["ids"]
    assert len(ids) >= 3

    # Chunks missing from the index, and one chunk of no article: the next writer notices and fixes both.
    archive = open_archive(store, create=False)
    archive.collection.delete(ids=ids[:2])
    archive.collection.upsert(ids=["orphan"], embeddings=[[0.1] * 384], documents=["stray"],
                              metadatas=[{"doc_id": "none", "index": 0}])
    archive.close()
    again = ingest(capsys, "--source", "wire")
    assert again["chunks_embedded"] == 0 and any("removed 1 chunks" in n for n in again["notes"])
    assert_same_store(store_snapshot(store), reference)

    # An index Chroma cannot open at all is set aside and rebuilt from the catalog.
    for f in (store / "chroma").rglob("*"):
        if f.is_file():
            f.write_bytes(b"this is not a database")
    broken = ingest(capsys, "--source", "one")
    assert any("rebuilt from the catalog" in n for n in broken["notes"]), broken["notes"]
    assert_same_store(store_snapshot(store), reference)

    code, out, _ = run(capsys, "reindex", "--json")
    assert code == 0 and json.loads(out) == {"articles": 3, "chunks_embedded": len(ids)}
    assert_same_store(store_snapshot(store), reference)


def test_plain_urls_are_recognised_as_page_feed_or_gzipped_sitemap(capsys, env, site):
    import gzip

    site.set("/maps/news.xml.gz", gzip.compress(sitemap([(site.url("/news/bridge"), "2024-11-02")]).encode()),
             "application/x-gzip")
    summary = ingest(capsys, site.url("/maps/news.xml.gz"), site.url("/rss.xml"), site.url("/news/ferry"))
    assert summary["failed"] == [] and summary["articles_added"] == 3 and summary["articles_duplicate"] == 1
    assert summary["sources"] == []  # plain URLs are not named sources
    db = _db(env)
    assert db.execute("SELECT outlet FROM articles WHERE doc_id = ?", (site.url("/news/bridge"),)).fetchone() == (
        "City Desk",)
