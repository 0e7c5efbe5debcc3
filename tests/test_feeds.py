"""Feed, sitemap and HTML parsing (pure), and the sources file."""

from datetime import date
from pathlib import Path

import pytest

from gazette.errors import UsageError
from gazette.sources import load_sources, select_sources
from ingest.feeds import ListingError, html_to_text, parse_feed, parse_sitemap, root_element
from ingest.html import canonical_url, extract_article, normalise_language
from tests.site import ENTITY_BOMB, EXTERNAL_ENTITY, page, rss, sitemap, sitemap_index

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk"><title>Harbour Times</title>
<entry><title>Ferry schedule changes</title><link href="https://harbour.example/ferry"/>
<updated>2024-11-02T08:00:00Z</updated><author><name>O. Petrenko</name></author>
<content type="html">&lt;p&gt;The ferry leaves at nine.&lt;/p&gt;&lt;p&gt;Tickets cost more.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_entries():
    listing = parse_feed(rss("Kyiv Wire", [("Grain deal", "https://kyiv.example/grain", "Mon, 04 Nov 2024 10:00:00 GMT"),
                                           ("Relative", "/rel", "Tue, 05 Nov 2024 10:00:00 GMT")]).encode(),
                         "https://kyiv.example/rss.xml")
    assert [e.url for e in listing.entries] == ["https://kyiv.example/grain", "https://kyiv.example/rel"]
    assert listing.entries[0].published == date(2024, 11, 4) and listing.entries[0].outlet == "Kyiv Wire"
    assert listing.entries[0].language == "en"
    atom = parse_feed(ATOM.encode())
    e = atom.entries[0]
    assert (e.title, e.author, e.published) == ("Ferry schedule changes", "O. Petrenko", date(2024, 11, 2))
    assert e.text == "The ferry leaves at nine.\nTickets cost more."


@pytest.mark.parametrize("body", [b"<html><body>not a feed</body></html>", b"", b"\x89PNG"])
def test_not_a_feed(body):
    with pytest.raises(ListingError, match="not an RSS or Atom feed"):
        parse_feed(body)


def test_news_sitemap_and_index():
    listing = parse_sitemap(sitemap([("https://n.example/a", "2024-11-04T09:00:00Z"), ("https://n.example/b", "2024-11-05")],
                                    news_name="North Post").encode())
    assert [(e.url, e.published, e.outlet, e.language) for e in listing.entries] == [
        ("https://n.example/a", date(2024, 11, 4), "North Post", "en"),
        ("https://n.example/b", date(2024, 11, 5), "North Post", "en"),
    ]
    plain = parse_sitemap(sitemap([("https://n.example/c", "2024-11-06")]).encode())
    assert plain.entries[0].published is None and plain.entries[0].updated == "2024-11-06"
    index = parse_sitemap(sitemap_index(["https://n.example/s1.xml", "https://n.example/s2.xml"]).encode())
    assert index.sitemaps == ["https://n.example/s1.xml", "https://n.example/s2.xml"] and not index.entries


@pytest.mark.parametrize("body", [ENTITY_BOMB, EXTERNAL_ENTITY])
@pytest.mark.parametrize("parse", [parse_feed, parse_sitemap])
def test_entity_declarations_are_refused_before_expansion(body, parse):
    with pytest.raises(ListingError, match="refused: XML with entity declarations"):
        parse(body.encode())


def test_malformed_xml_with_declarations_is_refused_too():
    with pytest.raises(ListingError, match="refused"):
        parse_feed(ENTITY_BOMB.replace("</channel>", "").encode())


@pytest.mark.parametrize(
    ("body", "root"),
    [(b'<?xml version="1.0"?><!-- c --><rss version="2.0">', "rss"), (b"<feed xmlns='x'>", "feed"),
     (b"<rdf:RDF>", "rdf"), (b"\xef\xbb\xbf<?xml?><urlset>", "urlset"), (b"<!doctype html><html>", "html"),
     (b"plain", "")],
)
def test_root_element(body, root):
    assert root_element(body) == root


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en-GB", "en"), ("pt_BR", "pt"), ("UK", "uk"), ("", ""), (None, ""), ("english", ""), ("x-klingon-1", "")],
)
def test_normalise_language(value, expected):
    assert normalise_language(value) == expected


@pytest.mark.parametrize(
    ("page_url", "declared", "expected"),
    [
        ("https://d.example/a?utm=1#top", None, "https://d.example/a?utm=1"),
        ("https://d.example/a?utm=1", "https://www.d.example/a", "https://www.d.example/a"),
        ("https://d.example/a", "https://evil.example/a", "https://d.example/a"),  # may not claim another site
        ("https://d.example/a", "javascript:alert(1)", "https://d.example/a"),
    ],
)
def test_canonical_url(page_url, declared, expected):
    assert canonical_url(page_url, declared) == expected


def test_html_extraction_metadata():
    html = page("Bridge reopens", ["The Darnytskyi bridge reopened to traffic on Saturday after repairs lasting "
                                   "four months, the city council said.", "Buses return to the route on Monday."],
                published="2024-11-02", outlet="Kyiv Wire", author="Maria Bondar",
                canonical="https://kyiv.example/bridge", lang="uk-UA")
    art = extract_article(html.encode(), source="https://kyiv.example/bridge?ref=rss", url="https://kyiv.example/bridge?ref=rss")
    assert (art.title, art.outlet, art.author, art.language) == ("Bridge reopens", "Kyiv Wire", "Maria Bondar", "uk")
    assert art.published == date(2024, 11, 2) and art.url == art.doc_id == "https://kyiv.example/bridge"
    assert art.text.startswith("The Darnytskyi bridge") and "Contact us" not in art.text


def test_html_to_text():
    assert html_to_text("<p>One.</p><p>Two <b>bold</b>.</p>") == "One.\nTwo bold."
    assert html_to_text("plain words") == "plain words"


def _write(tmp_path, text):
    f = tmp_path / "sources.toml"
    f.write_text(text)
    return f


def test_sources_file_kinds_and_paths(tmp_path):
    f = _write(tmp_path, """
[sources.local]
kind = "folder"
path = "archive"
outlet = "Local Desk"

[sources.wire]
kind = "feed"
url = "https://wire.example/rss"
max_articles = 5
since = 2024-10-01
""")
    specs = load_sources(f)
    assert specs["local"].path == (tmp_path / "archive").resolve() and specs["local"].outlet == "Local Desk"
    assert specs["wire"].max_articles == 5 and specs["wire"].since == date(2024, 10, 1)
    assert [s.name for s in select_sources(specs, ["wire"], False, f)] == ["wire"]
    assert [s.name for s in select_sources(specs, [], True, f)] == ["local", "wire"]
    with pytest.raises(UsageError, match=r"unknown source 'nope' \(sources in .*: local, wire\)"):
        select_sources(specs, ["nope"], False, f)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sources.a]\nkind = 'feed'\n", "sources.a: a feed source needs `url`"),
        ("[sources.a]\nkind = 'file'\nurl = 'https://x.example'\n", "a file source needs `path`"),
        ("[sources.a]\nkind = 'podcast'\nurl = 'https://x.example'\n", "sources.a.kind"),
        ("[sources.a]\nkind = 'feed'\nurl = 'https://x.example'\nmax_articles = 0\n", "sources.a.max_articles"),
        ("[sources.a]\nkind = 'feed'\nurl = 'https://x.example'\ncolour = 'red'\n", "sources.a.colour"),
        ("[sources.'a b']\nkind = 'feed'\nurl = 'https://x.example'\n", "names use letters"),
        ("[feeds.a]\nkind = 'feed'\n", "unknown top-level key(s) feeds"),
        ("[sources.a\n", "not valid TOML"),
    ],
)
def test_bad_sources_files_are_one_line_usage_errors(tmp_path, text, message):
    with pytest.raises(UsageError) as info:
        load_sources(_write(tmp_path, text))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_missing_sources_file(tmp_path):
    with pytest.raises(UsageError, match="no sources file at"):
        load_sources(Path(tmp_path / "absent.toml"))
