import json
from datetime import date
from pathlib import Path

from gazette.models import Article, FailedSource
from ingest.files import iter_path


def _split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, FailedSource)]


def test_jsonl_good_bad_and_empty_lines(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(
        json.dumps({"id": "x1", "title": "T", "outlet": "O", "published": "2024-11-04", "url": "https://o.example/1",
                    "text": "Body one."}) + "\n"
        + "{not json\n\n"
        + json.dumps({"id": "x2", "title": "T2", "text": "   "}) + "\n"
        + json.dumps({"doc_id": "x3", "publish_date": "2024/10/01", "text": "Bench style body."}) + "\n"
        + json.dumps({"id": "x4", "published": "someday", "text": "Bad date."}) + "\n"
        + json.dumps(["not", "an", "object"]) + "\n"
    )
    arts, fails = _split(iter_path(f))
    assert [a.doc_id for a in arts] == ["x1", "x3"]
    assert arts[0].published == date(2024, 11, 4) and arts[0].outlet == "O"
    assert arts[1].published == date(2024, 10, 1) and arts[1].title == "Bench style body."
    assert [(x.source, x.reason.split(":")[0]) for x in fails] == [
        (f"{f}:2", "malformed JSON"),
        (f"{f}:4", "article has no text"),
        (f"{f}:6", "not a date"),
        (f"{f}:7", "record is not a JSON object"),
    ]


def test_json_list_markdown_text_and_html(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"id": "j1", "title": "J", "text": "Json body."}]))
    (tmp_path / "story.md").write_text(
        "---\ntitle: Front title\noutlet: MD Times\npublished: 2024-09-30\nurl: https://md.example/s\n---\n"
        "Some **bold** claim with a [link](https://x.example).\n"
    )
    (tmp_path / "note.txt").write_text("Plain headline\nPlain body line.\n")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Kursk deployment</title><meta name='date' content='2024-11-04'>"
        "<meta property='og:site_name' content='Html Daily'></head><body><article><h1>Kursk deployment</h1>"
        "<p>Up to 8,000 North Korean soldiers have arrived in the Kursk region, according to US officials "
        "speaking on Monday about the deployment.</p><p>More details followed later in the week from "
        "several other governments.</p></article></body></html>"
    )
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    (tmp_path / ".hidden.md").write_text("# hidden\nsecret")
    arts, fails = _split(iter_path(tmp_path))
    by_title = {a.title: a for a in arts}
    assert set(by_title) == {"J", "Front title", "Plain headline", "Kursk deployment"}
    md = by_title["Front title"]
    assert md.text == "Some bold claim with a link." and md.outlet == "MD Times"
    assert md.published == date(2024, 9, 30) and md.doc_id == "https://md.example/s"
    assert by_title["Plain headline"].text == "Plain body line."
    html = by_title["Kursk deployment"]
    assert "8,000" in html.text and html.published == date(2024, 11, 4) and html.outlet == "Html Daily"
    assert not html.text.startswith("Kursk deployment")
    assert not fails


def test_missing_unreadable_and_unsupported(tmp_path):
    arts, fails = _split(iter_path(tmp_path / "nope.jsonl"))
    assert not arts and fails[0].reason == "no such file or folder"
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    assert "unsupported file type" in list(iter_path(bad))[0].reason
    empty = tmp_path / "empty.md"
    empty.write_text("# Only a title\n")
    assert list(iter_path(empty))[0].reason == "article has no text"
    locked = tmp_path / "locked.txt"
    locked.write_text("t\nbody")
    locked.chmod(0)
    try:
        result = list(iter_path(locked))
        # root can read anything; everyone else gets a clean failure
        assert isinstance(result[0], Article) or result[0].reason.startswith("cannot read file")
    finally:
        locked.chmod(0o644)


def test_gzip_compressed_files_are_read_like_the_plain_ones(tmp_path):
    import gzip

    record = {"id": "a1", "title": "Packed", "text": "Compressed archives are read as they are.",
              "published": "2024-11-01"}
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    (tmp_path / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / "other.tar.gz").write_bytes(gzip.compress(b"x"))
    items = {Path(i.source.split(":")[0]).name if isinstance(i, FailedSource) else i.doc_id: i
             for i in iter_path(tmp_path)}
    assert set(items) == {"a1", "broken.jsonl.gz"}  # other.tar.gz is not an article file
    assert items["a1"].title == "Packed" and items["a1"].published == date(2024, 11, 1)
    assert items["a1"].source.endswith("dump.jsonl.gz:1")
    assert "gzip" in items["broken.jsonl.gz"].reason.lower()
