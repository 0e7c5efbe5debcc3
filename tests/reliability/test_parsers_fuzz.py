"""Check 10: the parsers fuzzed with hypothesis for a bounded time.

HTML extraction, feed and sitemap parsing, date parsing, chunking and reading JSONL/JSON/Markdown/text files
(plain and gzipped) get generated input: random text and bytes, structured documents with random fields, and
long repetitions of short units (where a parser that is quadratic shows it). A parser may refuse an input in its
documented way (a FailedSource, ListingError, ValueError); any other exception, or one example taking longer
than the time limit, is a failure. Every example counts as a try. Failures are recorded (not raised) so that
hypothesis never spends minutes shrinking a slow example; the test fails at the end when any was found.
"""

from __future__ import annotations

import gzip
import json
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import FULL, scaled

LIMIT_S = 5.0
"""Most seconds one example may take (generous: the suite shares the CPU with other work)."""

FUZZ = settings(
    max_examples=scaled(25, 300), deadline=None, database=None, derandomize=not FULL, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
)

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the time limit uses SIGALRM")


class _Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float, cpu: bool = False) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of wall time, or with ``cpu`` of this process's CPU time (main thread
    only; C code is interrupted when it returns). A parser that hangs spins the CPU, so parsers are timed in CPU
    seconds: on a machine busy with other work, wall time stretches with the wait for a core."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Hang(f"took more than {seconds:g} s{' of CPU' if cpu else ''}")

    timer, sig = (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    previous = signal.signal(sig, on_alarm)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(sig, previous)


class Fuzz:
    """Runs one parser on one example: counts the try, records an unexpected exception or a hang."""

    def __init__(self, score: Any, target: str) -> None:
        self.score = score
        self.target = target
        self.failures: dict[str, str] = {}

    def run(self, fn: Callable[..., Any], example: Any, *args: Any,
            allowed: tuple[type[BaseException], ...] = (), **kw: Any) -> Any:
        self.score.tried()
        try:
            with time_limit(LIMIT_S, cpu=True):
                return fn(example, *args, **kw)
        except allowed:
            return None
        except (_Hang, Exception) as exc:  # noqa: BLE001 - any other exception is what we look for
            self.broke(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}", example)
            return None

    def broke(self, what: str, example: Any) -> None:
        key = what.split(":", 1)[0] + what[:60]
        if key not in self.failures:
            shown = repr(example)
            where = f"{self.target}: {what} on {shown[:160]}{'…' if len(shown) > 160 else ''} (length {len(shown)})"
            self.failures[key] = where
            self.score.failed(where)


# -- strategies --------------------------------------------------------------------------------------------

WORDS = ["The", "council", "approved", "budget", "Mr.", "Dr.", "e.g.", "U.S.", "a.", "3", "p.m.", "Kyiv", "«",
         "—", "said", "on", "Tuesday", "…", "\u00e9t\u00e9", "\u041a\u0438\u0457\u0432", "\u4e2d\u6587", "\U0001f600",
         "$1.9", "million", "(AP)", '"Yes."', "'No!'", "?", "!", "\n", "\n\n", "\t", " ", "\u200b", "\x00"]

# Short units repeated thousands of times: the inputs on which a quadratic parser stalls.
UNITS = ["a. ", "e.g. ", "Mr. ", "*a ", "_x ", "[a ", "![a](", "`", "<p>", "</p>", "<div>", "<a href=x>", "<!--",
         "&amp;", "&#", "<![CDATA[", "<", "]]>", "\n", ". ", "?!", "\u00a0", "x" * 50 + " ", "<br>", "<li>"]


def repeated(max_times: int = 20_000) -> st.SearchStrategy[str]:
    times = st.sampled_from([n for n in (200, 2_000, 8_000, 20_000) if n <= max_times])
    return st.tuples(st.sampled_from(UNITS), times).map(lambda t: t[0] * t[1])


sentences = st.lists(st.sampled_from(WORDS), max_size=300).map(" ".join)
texts = st.one_of(st.text(max_size=2000), sentences, repeated())

TAGS = ["p", "div", "article", "main", "h1", "h2", "title", "span", "a", "li", "ul", "script", "style", "nav",
        "footer", "header", "time", "br", "table", "tr", "td", "blockquote", "figure", "img", "meta", "html", "body"]
ATTRS = st.lists(
    st.tuples(st.sampled_from(["class", "id", "href", "lang", "datetime", "content", "property", "charset", "itemprop"]),
              st.text(max_size=30)),
    max_size=3,
).map(lambda attrs: "".join(f' {k}="{v}"' for k, v in attrs))


def _element(tag: str, attrs: str, inner: str) -> str:
    return f"<{tag}{attrs}>{inner}</{tag}>"


fragments = st.recursive(
    st.one_of(st.text(max_size=200), sentences),
    lambda kids: st.builds(_element, st.sampled_from(TAGS), ATTRS, st.lists(kids, max_size=5).map("".join)),
    max_leaves=30,
)
head_meta = st.lists(
    st.builds(lambda k, v: f'<meta property="{k}" content="{v}"><meta name="{k}" content="{v}">',
              st.sampled_from(["article:published_time", "og:site_name", "og:locale", "og:title", "author", "date",
                               "description"]),
              st.one_of(st.text(max_size=40), st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()))),
    max_size=5,
).map("".join)
documents = st.builds(
    lambda lang, head, title, body: (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}'
                                     f"<title>{title}</title></head><body>{body}</body></html>"),
    st.text(max_size=8), head_meta, st.text(max_size=60), fragments,
)
ENCODINGS = ["utf-8", "utf-16", "latin-1", "cp1252", "shift_jis", "utf-7", "koi8-r"]
html_inputs = st.one_of(
    documents,
    st.builds(lambda doc, enc: doc.encode(enc, errors="replace"), documents, st.sampled_from(ENCODINGS)),
    st.binary(max_size=3000),
    st.text(max_size=3000),
    repeated(),
    st.builds(lambda unit, doc: doc.replace("<body>", "<body>" + unit), repeated(5000), documents),
)

link = st.one_of(st.sampled_from(["https://news.example/a", "http://127.0.0.1/x", "javascript:alert(1)",
                                  "file:///etc/passwd", "/relative", ""]), st.text(max_size=40))
date_text = st.one_of(st.text(max_size=40), st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
                      st.datetimes().map(lambda d: d.isoformat()), st.dates().map(str))


def _x(value: str, raw: bool) -> str:
    return value if raw else escape(value)


def _rss(title: str, lang: str, items: list, raw: bool) -> str:
    body = "".join(
        f"<item><title>{_x(t, raw)}</title><link>{_x(u, raw)}</link><pubDate>{_x(d, raw)}</pubDate>"
        f"<description>{_x(desc, raw)}</description><author>{_x(t, raw)}</author></item>"
        for t, u, d, desc in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{_x(title, raw)}</title>'
            f"<language>{_x(lang, raw)}</language>{body}</channel></rss>")


def _atom(title: str, lang: str, items: list, raw: bool) -> str:
    body = "".join(
        f'<entry><title>{_x(t, raw)}</title><link href="{_x(u, True).replace(chr(34), "")}"/>'
        f"<updated>{_x(d, raw)}</updated><content type=\"html\">{_x(desc, raw)}</content></entry>"
        for t, u, d, desc in items
    )
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_x(lang, True)[:10]}">'
            f"<title>{_x(title, raw)}</title>{body}</feed>")


def _sitemap(items: list, raw: bool) -> str:
    rows = "".join(
        f"<url><loc>{_x(u, raw)}</loc><lastmod>{_x(d, raw)}</lastmod><news:news><news:publication><news:name>"
        f"{_x(t, raw)}</news:name><news:language>{_x(desc[:5], raw)}</news:language></news:publication>"
        f"<news:publication_date>{_x(d, raw)}</news:publication_date><news:title>{_x(t, raw)}</news:title>"
        "</news:news></url>"
        for t, u, d, desc in items
    )
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{rows}</urlset>')


items = st.lists(st.tuples(st.text(max_size=60), link, date_text, st.one_of(st.text(max_size=200), fragments)),
                 max_size=6)
raw_flag = st.booleans()
listing_docs = st.one_of(
    st.builds(_rss, st.text(max_size=30), st.text(max_size=8), items, raw_flag),
    st.builds(_atom, st.text(max_size=30), st.text(max_size=8), items, raw_flag),
    st.builds(_sitemap, items, raw_flag),
    st.builds(lambda locs: ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                            + "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in locs) + "</sitemapindex>"),
              st.lists(link, max_size=5)),
)
DECLARATIONS = ['<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/dtd">', '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://x/">%p;]>']
listing_inputs = st.one_of(
    listing_docs.map(lambda d: d.encode("utf-8")),
    st.builds(lambda d, cut: d.encode("utf-8")[:cut], listing_docs, st.integers(0, 3000)),
    st.builds(lambda d, decl: d.replace("?>", "?>" + decl, 1).encode("utf-8"), listing_docs,
              st.sampled_from(DECLARATIONS)),
    st.builds(lambda d, enc: d.replace("utf-8", enc).encode(enc, errors="replace"), listing_docs,
              st.sampled_from(ENCODINGS)),
    st.binary(max_size=3000),
    repeated().map(lambda s: s.encode("utf-8")),
    repeated(5000).map(lambda s: ("<rss><channel><item><title>" + s).encode("utf-8")),
)


# -- the tests ---------------------------------------------------------------------------------------------


@pytest.mark.check(10)
def test_html_extraction(score):
    from gazette.models import Article, FailedSource
    from ingest.html import extract_article

    fuzz = Fuzz(score, "extract_article")

    def extract(raw: bytes | str, url: str) -> None:
        item = extract_article(raw, source="fuzz", url=url)
        if not isinstance(item, Article | FailedSource):
            fuzz.broke(f"returned {type(item).__name__}", raw)
        elif isinstance(item, Article) and not item.text.strip():
            fuzz.broke("an article without text", raw)

    @FUZZ
    @given(html_inputs, link)
    def run(raw: bytes | str, url: str) -> None:
        fuzz.run(extract, raw, url)

    run()
    assert not fuzz.failures, list(fuzz.failures.values())


@pytest.mark.check(10)
def test_feed_and_sitemap_parsing(score):
    from ingest.feeds import Listing, ListingError, html_to_text, parse_feed, parse_sitemap, root_element
    from ingest.fetch import FetchError, gunzip_capped

    fuzz = Fuzz(score, "feeds and sitemaps")

    def parse(body: bytes, fn: Callable[[bytes], Listing]) -> None:
        listing = fn(body)
        if not isinstance(listing, Listing) or not all(isinstance(e.url, str) and e.url for e in listing.entries):
            fuzz.broke(f"{fn.__name__} returned a bad listing", body)

    @FUZZ
    @given(listing_inputs)
    def run(body: bytes) -> None:
        fuzz.run(parse, body, lambda b: parse_feed(b, "https://news.example/rss.xml", "application/rss+xml"),
                 allowed=(ListingError,))
        fuzz.run(parse, body, parse_sitemap, allowed=(ListingError,))
        fuzz.run(root_element, body)
        fuzz.run(lambda b: parse_sitemap(gunzip_capped(gzip.compress(b), 1_000_000)), body,
                 allowed=(ListingError, FetchError))
        fuzz.run(gunzip_capped, b"\x1f\x8b" + body, 1_000_000, allowed=(FetchError,))
        fuzz.run(html_to_text, body.decode("utf-8", errors="replace"))

    run()
    assert not fuzz.failures, list(fuzz.failures.values())


FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%dT%H:%M:%S",
           "%Y-%m-%d %H:%M"]


@pytest.mark.check(10)
def test_date_parsing(score):
    from gazette.dates import parse_date
    from ingest.feeds import _date_or_none, _struct_date

    fuzz = Fuzz(score, "parse_date")

    def check(value: object) -> None:
        got = parse_date(value)
        if got is not None and not isinstance(got, date):
            fuzz.broke(f"returned {type(got).__name__}", value)

    def round_trip(day: datetime, fmt: str) -> None:
        text = day.strftime(fmt)
        if parse_date(text) != day.date():
            fuzz.broke(f"{text!r} read as {parse_date(text)!r}", text)

    @FUZZ
    @given(st.one_of(st.text(max_size=60), st.from_regex(r"\d{1,6}[-/ .]\d{1,3}[-/ .]\d{1,6}([T ]\d{1,2}:\d{2}.*)?"),
                     st.integers(), st.floats(), st.none(), st.dates(), st.datetimes(), repeated(2000),
                     st.builds(lambda d, f: d.strftime(f), st.datetimes(), st.sampled_from(FORMATS))),
           st.datetimes(min_value=datetime(1000, 1, 1)), st.sampled_from(FORMATS),
           st.tuples(st.integers(-5, 100_000), st.integers(-5, 20), st.integers(-5, 40)))
    def run(value: object, day: datetime, fmt: str, struct: tuple) -> None:
        fuzz.run(check, value, allowed=(ValueError,))
        fuzz.run(round_trip, day, fmt)
        fuzz.run(_struct_date, struct)
        fuzz.run(_date_or_none, str(value))

    run()
    assert not fuzz.failures, list(fuzz.failures.values())


@pytest.mark.check(10)
def test_chunking(score):
    from gazette.chunking import approx_tokens, chunk_article, chunk_spans
    from gazette.models import Article

    fuzz = Fuzz(score, "chunking")

    def spans(text: str, budget: int) -> None:
        got = chunk_spans(text, budget, approx_tokens)
        last = -1
        for s, e in got:
            if not (0 <= s < e <= len(text)) or s <= last:
                fuzz.broke(f"bad span {(s, e)} after start {last}", text)
                return
            last = s
        covered = bytearray(len(text))
        for s, e in got:
            covered[s:e] = b"\1" * (e - s)
        lost = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
        if lost:
            fuzz.broke(f"{len(lost)} characters in no chunk, first at {lost[0]}", text)

    def article(text: str, title: str, max_tokens: int) -> None:
        a = Article(doc_id="fuzz", title=title, text=text, outlet="Fuzz", published=date(2024, 11, 5))
        for c in chunk_article(a, max_tokens, lambda s: len(s.split()) + 1):
            if c.text not in a.text:
                fuzz.broke("a chunk that is not a piece of the article", text)
                return

    @FUZZ
    @given(texts, st.integers(8, 400), st.text(max_size=300), st.integers(1, 600))
    def run(text: str, budget: int, title: str, max_tokens: int) -> None:
        fuzz.run(spans, text, budget)
        fuzz.run(article, text, title, max_tokens)

    run()
    assert not fuzz.failures, list(fuzz.failures.values())


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=80), sentences),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=5), kids, max_size=3)),
    max_leaves=8,
)
KEYS = ["id", "doc_id", "url", "title", "outlet", "published", "publish_date", "text", "author"]
records = st.dictionaries(st.sampled_from(KEYS), st.one_of(json_values, texts, date_text), max_size=8)
jsonl_files = st.lists(
    st.one_of(records.map(json.dumps), records.map(lambda r: json.dumps(r, ensure_ascii=False)),
              st.text(max_size=200), st.just('{"text": "a \\ud800 b", "id": "\\udfff"}')),
    max_size=8,
).map("\n".join)
front_matter = st.dictionaries(st.sampled_from(["title", "outlet", "url", "published", "date", "author"]),
                               st.one_of(st.text(max_size=40).map(lambda s: s.replace("\n", " ")), date_text),
                               max_size=5)
markdown_files = st.builds(
    lambda meta, heading, body: ("---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n" if meta else "")
    + (f"# {heading}\n" if heading else "") + body,
    front_matter, st.text(max_size=60), texts,
)
file_inputs = st.one_of(
    st.tuples(st.just(".jsonl"), jsonl_files),
    st.tuples(st.just(".json"), st.one_of(st.lists(records, max_size=4).map(json.dumps), json_values.map(json.dumps),
                                          st.text(max_size=300))),
    st.tuples(st.sampled_from([".md", ".markdown", ".txt"]), markdown_files),
    st.tuples(st.just(".html"), documents),
)


@pytest.mark.check(10)
def test_file_reading(score):
    from gazette.chunking import chunk_article
    from gazette.models import Article, FailedSource
    from ingest.files import iter_path
    from ingest.pipeline import storable

    fuzz = Fuzz(score, "file reading")
    folder = Path(tempfile.mkdtemp(prefix="gazette-fuzz-"))

    def read(content: str | bytes, suffix: str, compressed: bool, raw_bytes: bool) -> None:
        data = content.encode("utf-8", errors="surrogatepass") if isinstance(content, str) else content
        if raw_bytes:
            data = data[: len(data) // 2] + b"\xff\xfe\x00\x80" + data[len(data) // 2:]
        path = folder / f"f{suffix}{'.gz' if compressed else ''}"
        path.write_bytes(gzip.compress(data) if compressed else data)
        for item in iter_path(path):
            if isinstance(item, FailedSource):
                continue
            if not isinstance(item, Article) or not item.text.strip():
                fuzz.broke("an article without text", content)
                return
            # What ingest does with every article it reads, short of embedding it.
            article = storable(item)
            article.fingerprint, article.text_hash  # noqa: B018
            for c in chunk_article(article, 120):
                c.embedding_text().encode("utf-8")

    @FUZZ
    @given(file_inputs, st.booleans(), st.booleans())
    def run(kind: tuple[str, str], compressed: bool, raw_bytes: bool) -> None:
        suffix, content = kind
        fuzz.run(read, content, suffix, compressed, raw_bytes)

    try:
        run()
    finally:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    assert not fuzz.failures, list(fuzz.failures.values())


@pytest.mark.check(10)
def test_an_unencodable_record_is_ingested_not_fatal(score, tmp_path, embedder):
    """Found by the file fuzzer: a JSONL record whose text escapes a lone surrogate aborted the whole run."""
    from gazette.store import open_archive
    from ingest.files import iter_path
    from ingest.pipeline import ingest_items

    src = tmp_path / "odd.jsonl"
    src.write_text('{"id": "odd\\ud800", "title": "Ferry \\udfff", "text": "The ferry \\ud800 resumed on Friday."}\n'
                   '{"id": "plain", "title": "Bridge", "text": "The bridge reopened on Saturday."}\n')
    archive = open_archive(tmp_path / "store", create=True, embedding_model=embedder.name,
                           dimensions=embedder.dimensions)
    try:
        summary = ingest_items(archive, embedder, iter_path(src))
        assert (summary.articles_added, summary.failed) == (2, [])
        assert archive.catalog.entry("odd?") is not None
    finally:
        archive.close()
