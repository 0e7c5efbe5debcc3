"""Check 17 (ingest side): no C0 or C1 control character is stored or reported from what ingest reads.

Articles carry terminal escapes (clear the screen, set the window title, write the clipboard, hide a link) in
every field, through every reader: JSON Lines records, Markdown and HTML files, pages, feeds read with and
without their pages, and a sitemap's news tags; file names carry a newline that would forge a line of the ingest
summary. Nothing stored (catalog, keyword index, vector index metadata) and no failed entry may hold a control
character, except tab and newline in body text. (Escaping at the terminal, for older stores, is another check.)
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path

import pytest

from gazette.cli import main
from tests.conftest import isolate_env
from tests.reliability.conftest import scaled
from tests.site import Site, page, sitemap

ESCAPES = [
    "\x1b[2J\x1b[H",                          # clear the screen
    "\x1b]0;pwned\x07",                       # set the window title
    "\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07",     # write the clipboard
    "\x1b]8;;https://evil.example\x1b\\",     # a hidden link
    "\x9b2J", "\x9d0;title\x9c",              # the same as C1 controls (legal in XML 1.0)
    "\r", "\x08\x08\x08", "\x00", "\x7f", "\x85", "\x0b\x0c",
]
FIELD_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
TEXT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BODY = "The ferry line between Odesa and Varna resumed on Friday after a pause of eleven weeks."


def _dirty(text: str, i: int) -> str:
    e = ESCAPES[i % len(ESCAPES)]
    return f"{e}{text}{e} {ESCAPES[(i + 3) % len(ESCAPES)]}end"


def _files(folder: Path, n: int) -> tuple[list[Path], int]:
    """Article files and file names full of escapes; (paths given to ingest, fields dirtied)."""
    folder.mkdir()
    records = []
    for i in range(n):
        records.append({
            "id": _dirty(f"rec-{i}", i), "title": _dirty(f"Title {i}", i + 1), "outlet": _dirty("Port Gazette", i + 2),
            "url": f"https://port.example/{i}{ESCAPES[i % len(ESCAPES)]}", "published": "2024-11-01",
            "text": _dirty(f"{BODY} Record {i}.", i + 4),
        })
    (folder / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "story.md").write_text(f"---\ntitle: {_dirty('Markdown title', 5)}\noutlet: {_dirty('MD', 6)}\n---\n"
                                     f"{_dirty(BODY + ' Markdown.', 7)}\n")
    (folder / "page.html").write_text(page(_dirty("Html title", 8), [_dirty(BODY + " Html.", 9)],
                                           outlet=_dirty("Html Daily", 10), author=_dirty("A. Writer", 11)))
    names = []
    for i, tail in enumerate(["\nnote: the store was wiped", "\x1b[2J\nfailed all: nothing", "\r\x1b]0;t\x07"]):
        bad = folder / f"empty{tail}{i}.md"
        bad.write_text("# Only a title\n")  # no text: a failed entry carrying its name
        good = folder / f"named{tail}{i}.txt"
        good.write_text(f"Headline {i}\n{BODY} Named file {i}.\n")
        names += [bad, good]
    return [folder], 5 * n + 2 + 4 + len(names)


def _site(site: Site, n: int) -> int:
    for i in range(n):
        site.set(f"/p/{i}", page(_dirty(f"Page {i}", i), [_dirty(f"{BODY} Page {i}.", i + 1)],
                                 outlet=_dirty("Web Desk", i + 2), author=_dirty("Reporter", i + 3)))
    items = "".join(
        f"<item><title>{html.escape(_dirty(f'Entry {i}', i))}</title><link>{site.url(f'/e/{i}')}</link>"
        f"<author>{html.escape(_dirty('desk@feed.example (Desk)', i + 1))}</author>"
        f"<pubDate>Fri, 01 Nov 2024 09:00:00 GMT</pubDate>"
        f"<description>{html.escape(_dirty(f'{BODY} Entry {i}.', i + 2))}</description></item>"
        for i in range(n))
    # Raw C0 controls make XML malformed (feedparser reads it loosely); C1 controls are legal XML characters.
    site.set("/feed.xml", f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
             f"<title>{html.escape(_dirty('Feed title', 4))}</title>{items}</channel></rss>", "application/rss+xml")
    site.set("/pages.xml", '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Pages</title>'
             + "".join(f"<item><title>{html.escape(_dirty(f'P {i}', i))}</title><link>{site.url(f'/p/{i}')}</link>"
                       "</item>" for i in range(n)) + "</channel></rss>", "application/rss+xml")
    c1 = "\x9b2J\x9d0;t\x9c"
    site.set("/sitemap.xml", sitemap([(site.url(f"/p/{i}"), "2024-11-01") for i in range(n)],
                                     news_name=f"Map{c1}News").replace("<news:publication_date>",
                                                                        f"<news:title>T{c1}</news:title>"
                                                                        "<news:publication_date>"), "application/xml")
    return 4 * n + 3 * n + n + 2  # fields dirtied


@pytest.mark.check(17)
def test_no_control_character_is_stored_or_reported(score, tmp_path, monkeypatch, capsys):
    n = scaled(4, 24)
    site = Site()
    try:
        paths, tried = _files(tmp_path / "files", n)
        more = _site(site, n)
        score.tried(tried + more)
        isolate_env(monkeypatch, tmp_path)
        store = tmp_path / "store"
        monkeypatch.setenv("GAZETTE_STORE__PATH", str(store))
        monkeypatch.setenv("GAZETTE_FETCH__ALLOW", "127.0.0.1")
        monkeypatch.setenv("GAZETTE_FETCH__RETRIES", "0")
        (tmp_path / "sources.toml").write_text(
            f'[sources.text]\nkind = "feed"\nurl = "{site.url("/feed.xml")}"\nfetch_pages = false\n\n'
            f'[sources.pages]\nkind = "feed"\nurl = "{site.url("/pages.xml")}"\n\n'
            f'[sources.map]\nkind = "sitemap"\nurl = "{site.url("/sitemap.xml")}"\n')
        code = main(["ingest", "--json", "--all", *map(str, paths)])
        out, err = capsys.readouterr()
        # The same once more, as a person reads it: the summary table (nothing changed: failures only).
        code_text = main(["ingest", *map(str, paths)])
        table, _ = capsys.readouterr()
    finally:
        site.close()
    failures: list[str] = []
    if code != 0 or code_text != 0:
        failures.append(f"exit {code}/{code_text}: {err.strip()[-300:]}")
    else:
        summary = json.loads(out)
        for f in summary["failed"]:
            if FIELD_CONTROLS.search(f["source"] + f["reason"]):
                failures.append(f"failed entry {f['source']!r}: {f['reason']!r}")
        if summary["articles_added"] < 3 * n:
            failures.append(f"only {summary['articles_added']} articles stored")
        forged = [line for line in table.splitlines() if line.startswith(("note: the store", "failed all"))]
        if forged:
            failures.append(f"a file name forged lines of the summary: {forged}")
        failures += _dirty_rows(store)
    for f in failures:
        score.failed(f)
    assert not failures, failures[:10]


def _dirty_rows(store: Path) -> list[str]:
    found = []
    db = sqlite3.connect(f"file:{store / 'articles.sqlite'}?mode=ro", uri=True)
    try:
        for row in db.execute("SELECT doc_id, title, outlet, url, source, author, language, text FROM articles"):
            *fields, text = row
            if any(FIELD_CONTROLS.search(v) for v in fields) or TEXT_CONTROLS.search(text):
                found.append(f"article {row[0]!r}: {row[1]!r} / {row[2]!r} / {row[5]!r}")
        for row in db.execute("SELECT place_id, url, outlet FROM places"):
            if any(FIELD_CONTROLS.search(v) for v in row):
                found.append(f"place {row!r}")
    finally:
        db.close()
    db = sqlite3.connect(f"file:{store / 'keywords.sqlite'}?mode=ro", uri=True)
    try:
        for row in db.execute("SELECT k.chunk_id, k.doc_id, k.title, k.outlet, k.url, f.text FROM kchunks k "
                              "JOIN kfts f ON f.rowid = k.rowid"):
            *fields, text = row
            if any(FIELD_CONTROLS.search(v) for v in fields) or TEXT_CONTROLS.search(text):
                found.append(f"chunk {row[1]!r}: {row[2]!r}")
    finally:
        db.close()
    return found
