"""Ingest runs in the catalog, and what watches make of them: the real embedding model, real stores.

Every ingest run is numbered in the catalog with the articles it added or changed; a watch reads the runs after
the one it was added at, and its digest holds the new articles that match its topic, copies merged, each with a
verified quote. `gazette watch add|list|remove|check` work on the same records.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from gazette.app import App, IngestRequest
from gazette.catalog import Catalog
from gazette.cli import main
from gazette.watches import WatchStore
from ingest.jobs import run_job
from tests.conftest import isolate_env, make_settings
from tests.watch_helpers import (
    WATCH_TOPIC,
    build_base_store,
    copy_store,
    is_story,
    sample_records,
    write_jsonl,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory, embedder):
    return build_base_store(tmp_path_factory.mktemp("watch-template"), embedder)


@pytest.fixture
def store(template, tmp_path):
    return copy_store(template[0], tmp_path / "store")


@pytest.fixture
def files(template):
    return template[1]


HERE = {"guild_id": 100, "channel_id": 200}  # a watch the bot posts (one without a channel is checked only)


def app_over(store, **settings) -> App:
    return App(make_settings(store, **settings), store=store, ingest_job=run_job)


def ingest(app: App, embedder, *paths) -> int:
    summary = app.ingest(IngestRequest(locations=tuple(map(str, paths))), embedder=embedder)
    assert not summary.failed
    return summary.run_id


# -- runs in the catalog -------------------------------------------------------------------------------------------


def test_every_ingest_run_records_what_it_added_and_changed(store, files, embedder, tmp_path):
    app = app_over(store)
    story = [json.loads(line) for line in files["story"].read_text().splitlines()]
    assert ingest(app, embedder, files["story"]) == 2
    assert ingest(app, embedder, files["story"]) == 3  # nothing new: a run all the same, with no articles
    changed = dict(story[0], text=story[0]["text"] + " The ministry gave no further details.")
    copy = dict(story[1], id="partner-copy", outlet="Partner Wire", url="https://partner.example/1")
    new = dict(story[2], id="brand-new", title="A new report", text="A new report about something else. " * 5)
    assert ingest(app, embedder, write_jsonl(tmp_path / "more.jsonl", [changed, copy, new])) == 4
    catalog = Catalog(store / "articles.sqlite", readonly=True)
    try:
        assert catalog.latest_run() == 4
        runs = catalog.runs_after(1)
        assert [(r.run_id, r.added, r.updated) for r in runs] == [(2, len(story), 0), (3, 0, 0), (4, 1, 1)]
        assert catalog.run_doc_ids(2) == [r["id"] for r in story]
        assert catalog.run_doc_ids(3) == []
        assert sorted(catalog.run_doc_ids(4)) == sorted([story[0]["id"], "brand-new"])  # the exact copy: a place
        assert catalog.outlets([story[1]["id"]]) == {story[1]["id"]: [story[1]["outlet"], "Partner Wire"]}
    finally:
        catalog.close()


def test_a_run_a_crash_left_open_is_closed_and_announced_by_the_next(store, files, embedder):
    catalog = Catalog(store / "articles.sqlite")
    crashed = catalog.begin_run()
    catalog.record_run_articles(crashed, [("some-doc", "added")])
    catalog.close()  # the process died here: the run was never finished
    reader = Catalog(store / "articles.sqlite", readonly=True)
    assert reader.latest_run() == 1 and reader.runs_after(1) == []  # an open run is never read past
    reader.close()
    assert ingest(app_over(store), embedder, files["unrelated"]) == crashed + 1
    reader = Catalog(store / "articles.sqlite", readonly=True)
    assert [r.run_id for r in reader.runs_after(1)] == [crashed, crashed + 1]
    assert reader.run_doc_ids(crashed) == ["some-doc"]
    reader.close()


OLD_CATALOG = """
CREATE TABLE articles (doc_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, title TEXT NOT NULL,
    outlet TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', published INTEGER, source TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL, chunk_ids TEXT NOT NULL, ingested_at TEXT NOT NULL);
"""


def test_a_catalog_from_before_runs_is_read_as_having_none_and_upgraded_by_a_writer(tmp_path):
    path = tmp_path / "articles.sqlite"
    db = sqlite3.connect(str(path))
    db.executescript(OLD_CATALOG)
    db.execute("INSERT INTO articles VALUES ('d1', 'f', 'Title', 'Wire', 'https://w.example/1', 20241104, 's', "
               "'Body text.', '[\"c1\"]', '2024-11-04T00:00:00')")
    db.commit()
    db.close()
    reader = Catalog(path, readonly=True)
    assert (reader.latest_run(), reader.runs_after(0), reader.run_doc_ids(1)) == (0, [], [])
    reader.close()
    writer = Catalog(path)
    run = writer.begin_run()
    writer.finish_run(run)
    assert writer.count() == 1 and writer.latest_run() == run == 1
    writer.close()


# -- what a watch makes of a run ------------------------------------------------------------------------------------


def test_a_watch_gets_the_new_matching_articles_once_each(store, files, embedder):
    app = app_over(store)
    with app.open_watches() as watches:
        watch = watches.add(WATCH_TOPIC, **HERE)
        later = watches.add("Typhoon in the Philippines", **HERE)
    assert watch.after_run == 1
    run = ingest(app, embedder, files["story"], files["unrelated"])
    story = {r["id"] for r in sample_records() if r["id"] in files["story"].read_text()}
    with app.open_watches() as watches, app.open_reader(embedder=embedder) as reader:
        preview = reader.check_watches(watches, plan=False)
        assert reader.check_watches(watches, plan=False) == preview  # a dry run writes nothing
        [digest, typhoon] = reader.check_watches(watches, plan=True)
        again = reader.check_watches(watches, plan=True)
        assert watches.store.get(watch.watch_id).after_run == run
    assert preview == [digest, typhoon] and again == []
    assert (digest.watch_id, digest.run_id) == (watch.watch_id, run)
    shown = [d for line in digest.lines for d in line.doc_ids]
    assert len(digest.lines) == 5 and digest.more == len(story) - 5  # the digest's cap, then "and K more"
    assert set(shown) <= story
    for line in digest.lines:
        article = next(r for r in sample_records() if r["id"] == line.doc_ids[0])
        assert line.title == article["title"] and line.url == article["url"]
        assert line.outlets == [article["outlet"]] and line.published == article["published"]
        assert line.quote and line.quote in " ".join(article["text"].split())
        assert any(word in line.quote for word in ("North Korea", "soldiers", "troops"))
    assert [line.doc_ids for line in typhoon.lines] == [["pacific-herald-2024-11-17-super-typhoon-man-yi-catanduanes"]]
    assert typhoon.watch_id == later.watch_id
    # The same articles again, and unrelated ones: nothing more to post.
    ingest(app, embedder, files["story"])
    ingest(app, embedder, files["unrelated"])
    with app.open_watches() as watches, app.open_reader(embedder=embedder) as reader:
        assert reader.check_watches(watches, plan=True) == []
        assert set(watches.store.posted(watch.watch_id)) == story  # the 'more' ones count as announced


def test_copies_in_one_run_are_one_line_and_a_later_copy_is_not_posted_again(store, files, embedder, tmp_path):
    app = app_over(store, watch={"max_articles": 20})
    with app.open_watches() as watches:
        watch = watches.add(WATCH_TOPIC, **HERE)
    story = [json.loads(line) for line in files["story"].read_text().splitlines()]
    kursk = next(r for r in story if "8,000" in r["title"])
    syndicated = dict(kursk, id="wire-copy", outlet="Partner Wire", url="https://partner.example/kursk",
                      text="WASHINGTON (Partner Wire) - " + kursk["text"].replace("on Thursday", "late on Thursday"))
    ingest(app, embedder, write_jsonl(tmp_path / "one.jsonl", [*story, syndicated]))
    later = dict(kursk, id="late-copy", outlet="Evening Wire", url="https://evening.example/kursk",
                 text=kursk["text"] + " This story has been updated.")
    ingest(app, embedder, write_jsonl(tmp_path / "two.jsonl", [later]))
    with app.open_watches() as watches, app.open_reader(embedder=embedder) as reader:
        [digest] = reader.check_watches(watches, plan=True)
        assert set(watches.store.posted(watch.watch_id)) == {r["id"] for r in story} | {"wire-copy", "late-copy"}
    [line] = [line for line in digest.lines if kursk["id"] in line.doc_ids or "wire-copy" in line.doc_ids]
    assert sorted(line.doc_ids) == sorted([kursk["id"], "wire-copy"])
    assert sorted(line.outlets) == sorted([kursk["outlet"], "Partner Wire"])
    assert len(digest.lines) == len(story) and digest.more == 0


def test_a_watch_of_one_outlet_and_a_watch_added_after_a_run(store, files, embedder):
    app = app_over(store)
    with app.open_watches() as watches:
        one_outlet = watches.add(WATCH_TOPIC, "Pacific Herald", **HERE)
    ingest(app, embedder, files["story"])
    with app.open_watches() as watches:
        too_late = watches.add(WATCH_TOPIC, **HERE)  # added after the story's run: it announces what comes next
        with app.open_reader(embedder=embedder) as reader:
            digests = reader.check_watches(watches, plan=True)
    assert [d.watch_id for d in digests] == [one_outlet.watch_id] and too_late.after_run == 2
    assert {o for line in digests[0].lines for o in line.outlets} == {"Pacific Herald"}


def test_a_rebuilt_catalog_numbering_runs_afresh_moves_the_watch_to_its_latest_run(store, files, embedder):
    app = app_over(store)
    with app.open_watches() as watches:
        watch = watches.add(WATCH_TOPIC, **HERE)
        watches.store.skip_to(watch.watch_id, 40)  # as if the catalog it had read had 40 runs
        with app.open_reader(embedder=embedder) as reader:
            assert reader.check_watches(watches, plan=True) == []
        assert watches.store.get(watch.watch_id).after_run == 1
    ingest(app, embedder, files["story"])
    with app.open_watches() as watches, app.open_reader(embedder=embedder) as reader:
        assert [d.run_id for d in reader.check_watches(watches, plan=True)] == [2]


# -- gazette watch -------------------------------------------------------------------------------------------------


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_gazette_watch_add_list_check_remove(store, files, embedder, capsys, monkeypatch, tmp_path):
    isolate_env(monkeypatch, tmp_path)
    s = str(store)
    code, out, _ = run(capsys, "watch", "add", "--store", s, "--json", "North", "Korean", "troops", "in", "Russia")
    added = json.loads(out)
    assert code == 0 and added["topic"] == WATCH_TOPIC and added["after_run"] == 1 and added["channel"] is None
    code, out, _ = run(capsys, "watch", "add", "--store", s, "--outlet", "Global Desk", "--channel", "200",
                       "--guild", "100", "Kursk")
    assert code == 0 and out.startswith("watch 2 added: Kursk [outlet: Global Desk]")
    code, out, _ = run(capsys, "watch", "check", "--store", s)
    assert code == 0 and out.strip() == "nothing new matches the watches"
    ingest(app_over(store), embedder, files["story"])
    code, out, _ = run(capsys, "watch", "check", "--store", s, "--json", "--watch", "1")
    [digest] = json.loads(out)
    assert code == 0 and digest["watch_id"] == 1 and digest["run_id"] == 2 and len(digest["lines"]) == 5
    code, text, _ = run(capsys, "watch", "check", "--store", s)
    assert code == 0 and "watch 1: North Korean troops in Russia, run 2: 7 new" in text and "… and 2 more" in text
    # check posts nothing and moves nothing: the same digests every time.
    assert json.loads(run(capsys, "watch", "check", "--store", s, "--json", "--watch", "1")[1]) == [digest]
    code, out, _ = run(capsys, "watch", "list", "--store", s, "--json")
    assert [(w["id"], w["topic"], w["outlet"], w["channel"], w["after_run"]) for w in json.loads(out)] == [
        (1, WATCH_TOPIC, None, None, 1), (2, "Kursk", "Global Desk", 200, 1)]
    code, out, _ = run(capsys, "watch", "remove", "--store", s, "2")
    assert code == 0 and out.strip() == "watch 2 removed: Kursk"
    assert "2: Kursk" not in run(capsys, "watch", "list", "--store", s)[1]


def test_gazette_watch_check_never_shows_gazettes_secrets(store, embedder, capsys, monkeypatch, tmp_path):
    # Ingested before the token was set (so ingest's own guard did not see it), then checked with it set.
    token = "FAKE.watch-token.5f0c2a9e71d4"
    isolate_env(monkeypatch, tmp_path)
    s = str(store)
    assert run(capsys, "watch", "add", "--store", s, "North", "Korean", "troops", "in", "Russia")[0] == 0
    story = next(r for r in sample_records() if is_story(r))
    leaked = {**story, "id": "leak-1", "url": "https://leak.example/2024/11/05/north-korean-troops-russia",
              "title": f"North Korean troops in Russia: memo {token}",
              "text": f"North Korean troops in Russia now number 12,000, a memo signed {token} said. " + story["text"]}
    ingest(app_over(store), embedder, write_jsonl(tmp_path / "leak.jsonl", [leaked]))
    monkeypatch.setenv("GAZETTE_DISCORD__TOKEN", token)
    for argv in (["--json"], []):
        code, out, err = run(capsys, "watch", "check", "--store", s, *argv)
        assert code == 0 and "leak.example" in out  # the article is in the digest ...
        assert token not in out + err and "5f0c2a9e71d4" not in out + err  # ... its secret is not


@pytest.mark.parametrize(("argv", "message"), [
    (["watch", "add", ""], "Give the watch a topic"),
    (["watch", "add", "   "], "Give the watch a topic"),
    (["watch", "add", "x" * 101], "keep it to 100 characters"),
    (["watch", "add", "Kursk", "--channel", "200"], "--channel needs --guild"),
    (["watch", "remove", "7"], "no watch 7 here; gazette watch list shows them"),
    (["watch", "check", "--watch", "7"], "no watch 7 here; gazette watch list shows them"),
])
def test_gazette_watch_refuses_bad_input_in_one_line_and_stores_nothing(store, capsys, monkeypatch, tmp_path, argv,
                                                                         message):
    isolate_env(monkeypatch, tmp_path)
    before = (store / "watches.sqlite").exists()
    code, out, err = run(capsys, *argv, "--store", str(store))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1, err
    after = WatchStore.open(store, readonly=True)
    assert after is None or after.watches() == []
    assert before is False


def test_gazette_watch_on_a_folder_without_a_store(capsys, monkeypatch, tmp_path):
    isolate_env(monkeypatch, tmp_path)
    code, _, err = run(capsys, "watch", "add", "--store", str(tmp_path / "nothing"), "Kursk")
    assert code == 1 and "no Gazette store" in err and err.count("\n") == 1
    assert not (tmp_path / "nothing").exists()
