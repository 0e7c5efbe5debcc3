"""Table tests for the pure rules behind what ingest reads and stores: control characters, file places, JSON
streaming, listing entries, charsets, caps."""

from __future__ import annotations

import io
import json
import stat

import pytest

from gazette.models import Article, FailedSource
from ingest.fetch import text_codec
from ingest.files import RecordTooLarge, json_values, lines, place_refusal, special_kind
from ingest.html import same_site
from ingest.limits import Limits
from ingest.pipeline import article_refusal
from ingest.sanitize import clean_article, clean_failure, clean_line, clean_text, clean_url, decode_escapes
from ingest.web import entry_refusal


@pytest.mark.parametrize(("text", "want"), [
    ("plain text", "plain text"),
    ("two\nlines\tand a tab", "two\nlines\tand a tab"),
    ("crlf\r\nline", "crlf\nline"),
    ("cr\ronly", "cr\nonly"),
    ("\x1b[2Jcleared", "[2Jcleared"),
    ("osc \x1b]0;title\x07 end", "osc ]0;title end"),
    ("c1 \x9b2J and \x9d0;t\x9c", "c1 2J and 0;t"),
    ("nel\x85vt\x0bff\x0c", "nel\nvt\nff"),
    ("nul\x00del\x7f", "nuldel"),
    ("\x1b  leading", "leading"),
    ("lone \ud800 surrogate", "lone ? surrogate"),
    ("", ""),
])
def test_clean_text(text, want):
    assert clean_text(text) == want


@pytest.mark.parametrize(("value", "want"), [
    ("A title", "A title"),
    ("  spaces kept  ", "  spaces kept  "),  # unchanged without control characters (fingerprints stay)
    ("file\nnote: forged.md", "file note: forged.md"),
    ("tab\there", "tab here"),
    ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "]8;;https://evil.example \\link ]8;; \\"),
    ("\r\n\x1b[2J", "[2J"),
    ("c1\x9bx", "c1 x"),
])
def test_clean_line(value, want):
    assert clean_line(value) == want


@pytest.mark.parametrize(("text", "want"), [
    ("Brendan Mercer%2C 7%2C enjoys %22the whole thing%22%3B", 'Brendan Mercer, 7, enjoys "the whole thing";'),
    ("More than 100%2C000 people", "More than 100,000 people"),
    ("MLB won%27t commit %28yet%29", "MLB won't commit (yet)"),
    ("costs estimated at %241.2 billion", "costs estimated at $1.2 billion"),
    ("smart quote %E2%80%99 and %c3%a9t%C3%A9", "smart quote \u2019 and \u00e9t\u00e9"),
    ("no%C2%A0break", "no\u00a0break"),
    ("or %72 of the voters", "or %72 of the voters"),  # a letter or digit is never decoded (a typo for 72 %)
    ("up 40% on 20%", "up 40% on 20%"),
    ("see https://apnews.com/search/paul%20newberry%2C now%2C", "see https://apnews.com/search/paul%20newberry%2C now,"),
    ("www.example.com/a%2Cb and a%2Cb", "www.example.com/a%2Cb and a,b"),
    ("broken %E2%80 half", "broken %E2%80 half"),  # not valid UTF-8: kept
    ("control %0A and %7F kept", "control %0A and %7F kept"),
    ("", ""),
])
def test_decode_escapes(text, want):
    assert decode_escapes(text) == want
    assert decode_escapes(want) == want  # decoding twice changes nothing more on these


def test_escapes_decoded_in_text_and_title_only():
    a = Article(doc_id="d%2C1", title="It%27s here", text="Body%2C text", url="https://x.example/a%2Cb")
    c = clean_article(a)
    assert (c.doc_id, c.title, c.text, c.url) == ("d%2C1", "It's here", "Body, text", "https://x.example/a%2Cb")


@pytest.mark.parametrize(("url", "want"), [
    ("https://news.example/a", "https://news.example/a"),
    ("http://news.example/a\tb\n", "http://news.example/ab"),
    ("javascript:alert(1)", ""),
    ("JavaScript:alert(1)", ""),
    ("java\tscript:alert(1)", ""),
    ("file:///etc/passwd", ""),
    ("data:text/html,x", ""),
    ("mailto:a@b.example", ""),
    ("/relative/path", ""),
    ("", ""),
])
def test_clean_url(url, want):
    assert clean_url(url) == want


def test_clean_article_and_failure():
    a = Article(doc_id="id\n1", title="T\x1b[2J", text="Body\x07 text\r\nmore", outlet="O\x9d", url="javascript:x",
                source="f\nnote: x.md", author="A\x00", language="en")
    c = clean_article(a)
    assert (c.doc_id, c.title, c.text, c.outlet, c.url, c.source, c.author) == (
        "id 1", "T [2J", "Body text\nmore", "O", "", "f note: x.md", "A")
    clean = Article(doc_id="x", title="T", text="B")
    assert clean_article(clean) is clean
    f = clean_failure(FailedSource(source="a\nfailed b", reason="why\x1b[2J"))
    assert (f.source, f.reason) == ("a failed b", "why [2J")


@pytest.mark.parametrize(("real", "mode", "root", "want"), [
    ("/data/news/a.md", stat.S_IFREG, "/data/news", None),
    ("/data/news", stat.S_IFREG, "/data/news", None),
    ("/data/other/a.md", stat.S_IFREG, "/data/news", "refused: a symlink out of the folder"),
    ("/data/newsroom/a.md", stat.S_IFREG, "/data/news", "refused: a symlink out of the folder"),
    ("/proc/self/environ", stat.S_IFREG, None, "refused: /proc/self/environ is in /proc"),
    ("/proc", stat.S_IFDIR, None, "refused: /proc is in /proc"),
    ("/sys/kernel/x", stat.S_IFREG, None, "refused: /sys/kernel/x is in /sys"),
    ("/dev/zero", stat.S_IFCHR, None, "refused: /dev/zero is in /dev"),
    ("/devices/a.md", stat.S_IFREG, None, None),
    ("/tmp/a.jsonl", stat.S_IFIFO, None, "refused: not a regular file (a FIFO)"),
    ("/tmp/a.jsonl", stat.S_IFSOCK, None, "refused: not a regular file (a socket)"),
    ("/tmp/a.jsonl", stat.S_IFBLK, None, "refused: not a regular file (a block device)"),
    ("/tmp/a.jsonl", stat.S_IFREG, None, None),
])
def test_place_refusal(real, mode, root, want):
    got = place_refusal(real, mode, root)
    assert got == want if want is None else got.startswith(want)


def test_special_kind():
    assert special_kind(stat.S_IFREG) is None
    assert special_kind(stat.S_IFCHR) == "character device"


def _values(doc: str, limit: int = 1000, piece: int = 3) -> list:
    from ingest import files

    buf = io.StringIO(doc)
    old = files._JsonBuffer.__init__.__defaults__
    files._JsonBuffer.__init__.__defaults__ = (piece,)
    try:
        return list(json_values(buf.read, limit))
    finally:
        files._JsonBuffer.__init__.__defaults__ = old


@pytest.mark.parametrize(("doc", "want"), [
    ('[{"a": 1}, {"b": 2}]', [(0, {"a": 1}), (1, {"b": 2})]),
    ("[1, 2.5, 1e3, -4]", [(0, 1), (1, 2.5), (2, 1000.0), (3, -4)]),
    ("[]", []),
    (' \n [ \n ] \n', []),
    ('{"a": [1, 2]}', [(None, {"a": [1, 2]})]),
    ('"text"', [(None, "text")]),
    ('[12345678901234567890, "x"]', [(0, 12345678901234567890), (1, "x")]),
])
def test_json_values(doc, want):
    for piece in (1, 3, 64, 1 << 16):
        assert _values(doc, piece=piece) == want


@pytest.mark.parametrize(("doc", "error", "before"), [
    ("[1, 2,]", json.JSONDecodeError, 2),
    ("[1 2]", json.JSONDecodeError, 1),
    ("[1] x", json.JSONDecodeError, 1),
    ("", json.JSONDecodeError, 0),
    ('[{"a": 1}, ' + "[" * 2000 + "]" * 2000 + "]", RecursionError, 1),
    ('[1, "' + "x" * 5000 + '"]', RecordTooLarge, 1),
])
def test_json_values_stops_where_the_document_does(doc, error, before):
    from ingest import files

    got = []
    old = files._JsonBuffer.__init__.__defaults__
    files._JsonBuffer.__init__.__defaults__ = (7,)
    try:
        with pytest.raises(error):
            for value in json_values(io.StringIO(doc).read, 1000):
                got.append(value)
    finally:
        files._JsonBuffer.__init__.__defaults__ = old
    assert len(got) == before


def test_lines_skips_an_overlong_line_without_holding_it():
    data = b"short\r\n" + b"x" * 5000 + b"\nafter\n\nlast"
    assert list(lines(io.BufferedReader(io.BytesIO(data), 64), 100)) == [
        (1, b"short"), (2, None), (3, b"after"), (4, b""), (5, b"last")]


@pytest.mark.parametrize(("entry", "listing", "fetch_pages", "want"), [
    ("https://bbc.example/story", "https://bbc.example/rss.xml", False, None),
    ("https://www.bbc.example/story", "https://bbc.example/rss.xml", False, None),
    ("https://bbc.example/story", "https://evil.example/rss.xml", False, "refused: the entry is on another host"),
    ("https://bbc.example.evil.example/s", "https://bbc.example/rss.xml", False, "refused: the entry is on another"),
    ("https://bbc.example/story", "https://evil.example/rss.xml", True, None),
    ("javascript:alert(1)", "https://bbc.example/rss.xml", True, "refused: the entry links a javascript: URL"),
    ("file:///etc/passwd", "https://bbc.example/rss.xml", False, "refused: the entry links a file: URL"),
    ("data:text/html,x", "https://bbc.example/rss.xml", True, "refused: the entry links a data: URL"),
    ("//bbc.example/x", "https://bbc.example/rss.xml", True, "refused: the entry links a schemeless URL"),
    ("http://[::1", "https://bbc.example/rss.xml", True, "refused: a malformed link"),
    ("https:///nohost", "https://bbc.example/rss.xml", True, "refused: URL has no host"),
])
def test_entry_refusal(entry, listing, fetch_pages, want):
    got = entry_refusal(entry, listing, fetch_pages)
    assert got == want if want is None else (got or "").startswith(want)


@pytest.mark.parametrize(("a", "b", "want"), [
    ("https://a.example/x", "http://www.a.example/y", True),
    ("https://a.example/x", "https://b.example/x", False),
    ("https://A.EXAMPLE/x", "https://a.example:8080/", True),
    ("", "", False),
    ("http://[::1", "http://[::1", False),
])
def test_same_site(a, b, want):
    assert same_site(a, b) is want


@pytest.mark.parametrize(("charset", "want"), [
    ("utf-8", "utf-8"), ("UTF8", "utf-8"), ("latin1", "iso8859-1"), ("windows-1251", "cp1251"),
    ("undefined", None), ("idna", None), ("punycode", None), ("unicode_escape", None), ("hex", None),
    ("zlib", None), ("base64", None), ("rot13", None), ("no-such-charset", None), ("utf8\x00", None), ("", None),
    (None, None),
])
def test_text_codec(charset, want):
    assert text_codec(charset) == want


def test_article_refusal_and_limits():
    a = Article(doc_id="x", title="T", text="x" * 1001)
    assert article_refusal(a, 1001) is None
    assert "max_article_chars" in (article_refusal(a, 1000) or "")
    assert Limits().document_bytes == 5_000_000
    assert Limits(max_file_bytes=10**9, max_article_chars=1000).document_bytes == 25_000
    assert Limits(max_file_bytes=2048, max_article_chars=200_000).document_bytes == 2048
