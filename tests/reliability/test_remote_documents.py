"""Checks 11 and 16: what one remote document holds cannot end a run, and a listing speaks only for its own host.

11. Pages, feeds and sitemaps declare charsets Python cannot decode with ("undefined", "idna", bytes-to-bytes
    codecs, names that are no codec at all), in the Content-Type header, in a meta tag or in the XML declaration.
    Each such URL must be one failed entry (or be read anyway), the good articles beside them stored, the named
    source's ``last_error`` set, and `gazette ingest --every` must go on reading the sources after a bad one.
16. A feed read with ``fetch_pages = false`` lists another outlet's URL with its own text, and entries linking
    ``javascript:``, ``file:``, ``data:`` and other non-http(s) URLs: each is a failed entry, the other outlet's
    article is untouched, and no stored article or answer cites such a URL. Sitemaps and feeds that fetch
    pages may not lend another host's article their date or title.
"""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path

import pytest

from gazette.cli import main
from tests.conftest import isolate_env
from tests.reliability.conftest import scaled
from tests.site import Site, page, rss, sitemap

FERRY = ["The ferry line between Odesa and Varna resumed on Friday after a pause of eleven weeks, the port "
         "authority said.", "Two crossings a week are planned until the end of the year."]
BRIDGE = ["The Darnytskyi bridge reopened to traffic on Saturday after repairs lasting four months.",
          "Trams return to the crossing next week, the city transport department announced."]

# Charsets a document may declare that are no text encoding to decode with: Python's codec registry has codecs
# that raise on any input, refuse errors="replace", or turn bytes into bytes; and names that are no codec at all.
HOSTILE_CHARSETS = [
    "undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape", "hex", "zlib", "base64", "bz2",
    "rot13", "uu", "quopri", "utf-7", "utf-16", "utf-32", "cp037", "UNDEFINED", "Undefined", "x" * 300,
    "mbcs", "oem", "unicode-internal", "../../etc/passwd", "utf-8\\0", "undefined;q=1",
]


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def _env(monkeypatch, tmp_path: Path) -> None:
    isolate_env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_STORE__PATH", str(tmp_path / "store"))
    monkeypatch.setenv("GAZETTE_FETCH__ALLOW", "127.0.0.1")
    monkeypatch.setenv("GAZETTE_FETCH__RETRIES", "0")
    monkeypatch.setenv("GAZETTE_FETCH__WORKERS", "2")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _hostile_site(site: Site) -> tuple[list[tuple[str, str]], list[str]]:
    """Routes that declare each hostile charset every way a document can; (source name, URL) of each listing and
    the URLs of the pages."""
    pages = []
    for i, charset in enumerate(HOSTILE_CHARSETS):
        body = page(f"Story {i}", FERRY).replace(
            '<meta charset="utf-8">',
            f'<meta charset="{html.escape(charset)}">'
            f'<meta http-equiv="Content-Type" content="text/html; charset={html.escape(charset)}">')
        site.set(f"/page/{i}", body, f"text/html; charset={charset}")
        pages.append(site.url(f"/page/{i}"))
    listings = []
    for i, charset in enumerate(HOSTILE_CHARSETS):
        feed = rss(f"Feed {i}", [(f"Story {i}", site.url("/good"), "Fri, 01 Nov 2024 09:00:00 GMT")])
        site.set(f"/feed/{i}.xml", feed.replace('encoding="utf-8"', f'encoding="{html.escape(charset)}"'),
                 f"application/rss+xml; charset={charset}")
        listings.append((f"feed-{i}", site.url(f"/feed/{i}.xml")))
        smap = sitemap([(site.url("/good"), "2024-11-01")])
        site.set(f"/sitemap/{i}.xml", smap.replace('encoding="UTF-8"', f'encoding="{html.escape(charset)}"'),
                 f"application/xml; charset={charset}")
        listings.append((f"sitemap-{i}", site.url(f"/sitemap/{i}.xml")))
    site.set("/good", page("Bridge reopens", BRIDGE, published="2024-11-02", outlet="City Desk"))
    site.set("/hostile-pages.xml", rss("Hostile pages", [(f"Story {i}", url, "Fri, 01 Nov 2024 09:00:00 GMT")
                                                         for i, url in enumerate(pages)]), "application/rss+xml")
    return listings, pages


@pytest.mark.check(11)
def test_hostile_charsets_fail_one_url_each_and_the_run_goes_on(score, tmp_path, monkeypatch, capsys, site):
    listings, pages = _hostile_site(site)
    _env(monkeypatch, tmp_path)
    kinds = {"feed": "feed", "sitemap": "sitemap"}
    toml = [f'[sources.{name}]\nkind = "{kinds[name.split("-")[0]]}"\nurl = "{url}"\n' for name, url in listings]
    toml.append(f'[sources.pages]\nkind = "feed"\nurl = "{site.url("/hostile-pages.xml")}"\n')
    toml.append(f'[sources.good]\nkind = "url"\nurl = "{site.url("/good")}"\n')
    (tmp_path / "sources.toml").write_text("\n".join(toml))
    score.tried(len(pages) + len(listings))

    code, out, err = _run(capsys, "ingest", "--json", "--all")
    failures = []
    if code != 0 or "Traceback" in err:
        failures.append(f"the run ended: exit {code}: {err.strip().splitlines()[-1:] if err.strip() else ''}")
    else:
        summary = json.loads(out)
        reports = {r["name"]: r for r in summary["sources"]}
        failed = {f["source"] for f in summary["failed"]}
        stored = _stored_urls(tmp_path / "store")
        if site.url("/good") not in stored or "good" not in reports:
            failures.append("the good source after the hostile ones was not stored")
        _, out, _ = _run(capsys, "sources", "--json")
        states = {r["name"]: r for r in json.loads(out)}
        for name, url in listings:
            # A listing that can be read anyway (its bytes are UTF-8) is fine; one that cannot must say so.
            if url in failed and not (states[name]["last_error"] or "").startswith(url):
                failures.append(f"{name}: failed, but its last_error is {states[name]['last_error']!r}")
            elif url not in failed and site.url("/good") not in stored:
                failures.append(f"{name}: neither read nor listed as failed")
        for i, url in enumerate(pages):
            if url not in failed and url not in stored:
                failures.append(f"page with charset {HOSTILE_CHARSETS[i][:20]!r}: neither stored nor failed")
    for f in failures:
        score.failed(f)
    assert not failures, failures


def _stored_urls(store: Path) -> set[str]:
    """The URLs the store holds articles for (a copy of a stored text is kept as a place of that article)."""
    db = sqlite3.connect(f"file:{store / 'articles.sqlite'}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT url FROM articles UNION SELECT url FROM places")}
    finally:
        db.close()


@pytest.mark.check(11)
def test_every_keeps_reading_the_sources_after_a_bad_one(score, tmp_path, monkeypatch, capsys, site):
    """The issue's case: a feed whose page says `charset=undefined`, and a feed that is itself declared so. Under
    --every, every run must still read the sources after them, and a source that failed must say why."""
    site.set("/ferry", page("Ferry resumes", FERRY), "text/html; charset=undefined")
    site.set("/rss.xml", rss("Port Gazette", [("Ferry resumes", site.url("/ferry"), "Fri, 01 Nov 2024 09:00:00 GMT")]),
             "application/rss+xml")
    site.set("/undefined.xml", rss("Undefined", [("Ferry", site.url("/ferry"), "Fri, 01 Nov 2024 09:00:00 GMT")])
             .replace('encoding="utf-8"', 'encoding="undefined"'), "application/rss+xml; charset=undefined")
    site.set("/bridge", page("Bridge reopens", BRIDGE, published="2024-11-02"))
    site.set("/city.xml", rss("City Desk", [("Bridge reopens", site.url("/bridge"), "Sat, 02 Nov 2024 09:00:00 GMT")]),
             "application/rss+xml")
    _env(monkeypatch, tmp_path)
    (tmp_path / "sources.toml").write_text(
        f'[sources.undefined]\nkind = "feed"\nurl = "{site.url("/undefined.xml")}"\n\n'
        f'[sources.port]\nkind = "feed"\nurl = "{site.url("/rss.xml")}"\n\n'
        f'[sources.city]\nkind = "feed"\nurl = "{site.url("/city.xml")}"\n')
    runs = scaled(2, 3)
    score.tried(runs)
    code, out, err = _run(capsys, "ingest", "--json", "--all", "--every", "1s", "--max-runs", str(runs))
    failures = []
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if code != 0 or len(lines) != runs or "failed:" in err:
        failures.append(f"exit {code}, {len(lines)} of {runs} runs reported: {err.strip()[-300:]}")
    for i, summary in enumerate(lines, start=1):
        city = next((r for r in summary["sources"] if r["name"] == "city"), None)
        if city is None or city["failed"]:
            failures.append(f"run {i}: the source after the bad ones was not read")
    _, out, _ = _run(capsys, "sources", "--json")
    states = {r["name"]: r for r in json.loads(out)}
    if not (states["undefined"]["last_error"] or "").startswith(site.url("/undefined.xml")):
        failures.append(f"the unreadable feed's last_error is {states['undefined']['last_error']!r}")
    # The page declared `charset=undefined` is UTF-8 in fact: read anyway, or one failed entry with its reason.
    stored = _stored_urls(tmp_path / "store")
    if site.url("/ferry") not in stored and not (states["port"]["last_error"] or "").startswith(site.url("/ferry")):
        failures.append(f"the page is neither stored nor the feed's last_error ({states['port']['last_error']!r})")
    if site.url("/bridge") not in stored:
        failures.append("the good source's article is not stored")
    for f in failures:
        score.failed(f)
    assert not failures, failures


# -- check 16 ------------------------------------------------------------------------------------------------------

FORGED = "The story was retracted and its author has resigned, the newsroom said in a statement on Friday."
NOT_HTTP = ["javascript:alert(document.cookie)", "JavaScript:void(0)", "file:///etc/passwd", "data:text/html,<b>x</b>",
            "mailto:desk@example.org", "ftp://files.example/a.txt", "vbscript:msgbox(1)", "about:blank",
            "gopher://gopher.example/1", "jar:http://x.example/a.jar!/", " javascript:alert(1)", "java\tscript:alert(1)"]


def _feed_with_text(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS feed whose items carry their own text: (title, link, text)."""
    entries = "".join(f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
                      f"<pubDate>Fri, 01 Nov 2024 09:00:00 GMT</pubDate><description>{html.escape(text)}</description>"
                      "</item>" for t, link, text in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
            f"{entries}</channel></rss>")


@pytest.mark.check(16)
def test_a_feed_cannot_overwrite_another_outlets_article_or_cite_other_schemes(score, tmp_path, monkeypatch, capsys,
                                                                                site):
    port = site.server.server_port
    victim = f"http://localhost:{port}"  # another host than the attacker's 127.0.0.1, on the same test server
    story = f"{victim}/story"
    site.set("/bbc.xml", _feed_with_text("BBC", [("Ferry resumes", story, " ".join(FERRY))]), "application/rss+xml")
    hostile = [("Retraction", story, FORGED), ("Retraction", f"{victim}/other-story", FORGED),
               ("Retraction", f"http://www.localhost:{port}/story", FORGED)]
    hostile += [(f"Link {i}", link, f"{FORGED} Variant {i}.") for i, link in enumerate(NOT_HTTP)]
    site.set("/evil.xml", _feed_with_text("Evil", [*hostile, ("Own story", site.url("/own"), " ".join(BRIDGE))]),
             "application/rss+xml")
    # Listings that fetch pages: the other host's page is read, but the listing may not date or title it.
    site.set("/page", page("The real headline", BRIDGE, published="2024-11-02", outlet="City Desk"))
    site.set("/lying.xml", rss("Lying", [("A forged headline", f"{victim}/page", "Mon, 01 Jan 2001 09:00:00 GMT")]),
             "application/rss+xml")
    site.set("/lying-sitemap.xml", sitemap([(f"{victim}/page", "2001-01-01")], news_name="Forged News")
             .replace("</news:publication_date>", "</news:publication_date><news:title>A forged headline</news:title>"),
             "application/xml")
    _env(monkeypatch, tmp_path)
    monkeypatch.setenv("GAZETTE_FETCH__ALLOW", "127.0.0.1,localhost")
    (tmp_path / "sources.toml").write_text(
        f'[sources.bbc]\nkind = "feed"\nurl = "{victim}/bbc.xml"\nfetch_pages = false\noutlet = "BBC"\n\n'
        f'[sources.evil]\nkind = "feed"\nurl = "{site.url("/evil.xml")}"\nfetch_pages = false\noutlet = "Evil"\n\n'
        f'[sources.lying]\nkind = "feed"\nurl = "{site.url("/lying.xml")}"\n\n'
        f'[sources.lying-map]\nkind = "sitemap"\nurl = "{site.url("/lying-sitemap.xml")}"\n')
    score.tried(len(hostile) + 2)
    failures: list[str] = []
    for name in ("bbc", "evil", "lying", "lying-map"):
        code, out, err = _run(capsys, "ingest", "--json", "--source", name)
        if code != 0:
            failures.append(f"ingest --source {name}: exit {code}: {err.strip()[-200:]}")
    db = sqlite3.connect(f"file:{tmp_path / 'store' / 'articles.sqlite'}?mode=ro", uri=True)
    try:
        rows = {r[0]: r[1:] for r in db.execute("SELECT doc_id, url, outlet, text, title, published FROM articles")}
    finally:
        db.close()
    kept = rows.get(story)
    if kept is None or FORGED in kept[2] or kept[1] != "BBC":
        failures.append(f"the victim's article was changed: {kept}")
    for doc_id, (url, outlet, text, title, published) in rows.items():
        if FORGED in text:
            failures.append(f"forged text stored as {doc_id} ({outlet})")
        if url and not url.startswith(("http://", "https://")):
            failures.append(f"a non-http(s) URL is stored: {url!r}")
        if doc_id == f"{victim}/page" and (title == "A forged headline" or published == 20010101):
            failures.append(f"another host's listing dated or titled the page: {title!r}, {published}")
    if site.url("/own") not in {r[0] for r in rows.values()}:
        failures.append("the feed's own story (on its own host) was not stored")
    code, out, _ = _run(capsys, "ask", "--json", "Was the story retracted and did its author resign?")
    answer = json.loads(out) if code == 0 else {}
    for c in answer.get("citations", []):
        if not c["url"].startswith(("http://", "https://")) or FORGED[:40] in c["quote"]:
            failures.append(f"cited: {c['url']!r}: {c['quote'][:60]!r}")
    for f in failures:
        score.failed(f)
    assert not failures, failures
