"""Articles from the web: single pages, RSS/Atom feeds and sitemaps, fetched through the safe Fetcher.

Each generator yields Articles or FailedSources (one per URL that was refused or failed) and notes on a
:class:`Harvest` whether the listing was read in full, which decides whether ``--prune`` may remove articles.

Nothing one remote document contains ends a run: a page, feed or sitemap that cannot be decoded or parsed, for
whatever reason (an unknown or hostile charset, a parser's own error), is that URL's failed entry.

A listing speaks only for its own host (the rule :func:`ingest.html.same_site` applies to canonical links):

- an entry that links anything but an http(s) URL (``javascript:``, ``file:``, ``data:``) is a failed entry;
- with ``fetch_pages = false`` an entry on another host is a failed entry: its text would be stored as that
  site's article;
- with ``fetch_pages = true`` the page of an entry on another host is read from that host, and the listing's
  title, date, author and outlet for it are ignored.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from urllib.parse import urldefrag, urljoin, urlsplit

from gazette.models import Article, FailedSource
from ingest.feeds import (
    FEED_ROOTS,
    SITEMAP_ROOTS,
    Entry,
    Listing,
    ListingError,
    parse_feed,
    parse_sitemap,
    root_element,
)
from ingest.fetch import Fetched, Fetcher, FetchError, gunzip_capped, text_codec, url_refusal
from ingest.html import extract_article, same_site

log = logging.getLogger(__name__)

Item = Article | FailedSource
T = TypeVar("T")
R = TypeVar("R")

MAX_SITEMAPS = 100
"""Child sitemaps read from one sitemap index (nested indexes included)."""


@dataclass
class Harvest:
    """What reading a source found out besides its items."""

    truncated: bool = False
    """Some listed articles were left out on purpose (max_articles, since): the listing was not read in full."""
    listed: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """Per-source choices (from the sources file; defaults for plain URLs)."""

    outlet: str = ""
    max_articles: int | None = None
    since: date | None = None
    fetch_pages: bool = True


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``map`` on a few threads, results in input order, at most ``2 * workers`` in flight."""
    if workers <= 1:
        yield from map(fn, items)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gazette-fetch") as pool:
        window: deque = deque()
        for item in items:
            window.append(pool.submit(fn, item))
            if len(window) >= 2 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _decoded(fetched: Fetched) -> bytes | str:
    """HTML as text when the server named a charset we can decode with, else bytes for trafilatura to sniff."""
    codec = text_codec(fetched.charset)
    if codec:
        try:
            return fetched.body.decode(codec, errors="replace")
        except Exception:  # noqa: BLE001 - a codec failing on hostile bytes: let trafilatura sniff instead
            log.debug("decoding %s as %s failed", fetched.url, codec, exc_info=True)
    return fetched.body


def _unreadable(url: str, what: str, exc: BaseException) -> FailedSource:
    """The failed entry of a document that raised while being read (it must never end the run)."""
    log.warning("%s: cannot read the %s: %s: %s", url, what, type(exc).__name__, exc,
                exc_info=log.isEnabledFor(logging.DEBUG))
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return FailedSource(source=url, reason=f"cannot read the {what}: {type(exc).__name__}{': ' + first if first else ''}")


def article_from_page(fetched: Fetched, requested: str, entry: Entry | None, options: Options) -> Item:
    """Extract the article of a fetched page; the listing's date, title and outlet fill what the page lacks.

    Whatever the page holds, the result is an Article or a FailedSource, never an exception.
    """
    try:
        return _article_from_page(fetched, requested, entry, options)
    except Exception as exc:  # noqa: BLE001 - nothing in one page may end the run
        return _unreadable(requested, "page", exc)


def _article_from_page(fetched: Fetched, requested: str, entry: Entry | None, options: Options) -> Item:
    entry = entry or Entry(url=requested)
    item = extract_article(_decoded(fetched), source=requested, url=fetched.url, fallback_title=entry.title)
    if isinstance(item, FailedSource):
        return item
    return item.model_copy(update={
        "published": entry.published or item.published,
        "outlet": options.outlet or item.outlet or entry.outlet,
        "author": item.author or entry.author,
        "language": item.language or entry.language,
    })


def article_from_entry(entry: Entry, options: Options, source: str) -> Item:
    """An article made of what the feed itself carries (fetch_pages = false)."""
    if not entry.text.strip():
        return FailedSource(source=entry.url, reason="feed entry has no text (set fetch_pages = true)")
    return Article(
        doc_id=urldefrag(entry.url)[0], title=entry.title or _untitled_text(entry.text), text=entry.text.strip(),
        outlet=options.outlet or entry.outlet, url=urldefrag(entry.url)[0], published=entry.published,
        source=source, author=entry.author, language=entry.language,
    )


def _untitled_text(text: str) -> str:
    words = text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def fetch_article(fetcher: Fetcher, url: str, entry: Entry | None = None, options: Options = Options()) -> Item:
    try:
        fetched = fetcher.fetch(url)
    except FetchError as exc:
        return FailedSource(source=url, reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - a response no check foresaw is that URL's failure, not the run's
        return _unreadable(url, "page", exc)
    if root_element(fetched.body) in FEED_ROOTS | SITEMAP_ROOTS:
        return FailedSource(source=url, reason="expected an article page, got a feed or sitemap")
    return article_from_page(fetched, url, entry, options)


def entry_refusal(entry_url: str, listing_url: str, fetch_pages: bool) -> str | None:
    """Why a feed or sitemap served from ``listing_url`` may not give an article for ``entry_url``, or None (pure).

    Only http(s) entries are read. Without fetching pages, an entry's text is stored as the article at its URL:
    only a URL of the listing's own host, as for a page's canonical link (see ingest.html.same_site).
    """
    try:
        scheme = urlsplit(entry_url).scheme.lower()
    except ValueError:
        return "refused: a malformed link"
    if scheme not in ("http", "https"):
        return f"refused: the entry links a {scheme + ':' if scheme else 'schemeless'} URL, not an http(s) page"
    why = url_refusal(entry_url)
    if why:
        return f"refused: {why}"
    if not fetch_pages and not same_site(entry_url, listing_url):
        return ("refused: the entry is on another host than the feed that lists it, and its text would be stored "
                "as that site's article (set fetch_pages = true to read the page from its own host)")
    return None


def _vetted(entries: list[Entry], listing_url: str, options: Options) -> tuple[list[Entry], list[FailedSource]]:
    """The entries a listing served from ``listing_url`` may give, and a failed entry for each of the others.

    An entry on another host keeps only its URL (its page is read from that host): the listing's title, date,
    author and outlet do not speak for another site's article.
    """
    kept: list[Entry] = []
    refused: list[FailedSource] = []
    for e in entries:
        why = entry_refusal(e.url, listing_url, options.fetch_pages)
        if why:
            refused.append(FailedSource(source=e.url, reason=why))
        elif same_site(e.url, listing_url):
            kept.append(e)
        else:
            kept.append(Entry(url=e.url, updated=e.updated))
    return kept, refused


def _select(entries: list[Entry], options: Options, harvest: Harvest) -> list[Entry]:
    """Entries within ``since`` and ``max_articles`` (newest first when some must be left out)."""
    seen: set[str] = set()
    unique = []
    for e in entries:
        if e.url not in seen:
            seen.add(e.url)
            unique.append(e)
    if options.since:
        kept = [e for e in unique if e.published is None or e.published >= options.since]
        harvest.truncated |= len(kept) < len(unique)
        unique = kept
    if options.max_articles is not None and len(unique) > options.max_articles:
        harvest.truncated = True
        dated = sorted(unique, key=lambda e: (e.published.isoformat() if e.published else "", e.updated), reverse=True)
        keep = {id(e) for e in dated[: options.max_articles]}
        unique = [e for e in unique if id(e) in keep]
    return unique


def _entry_article(entry: Entry, options: Options, source: str) -> Item:
    try:
        return article_from_entry(entry, options, source)
    except Exception as exc:  # noqa: BLE001 - nothing in one entry may end the run
        return _unreadable(entry.url, "feed entry", exc)


def _pages(fetcher: Fetcher, entries: list[Entry], options: Options, source: str) -> Iterator[Item]:
    if not options.fetch_pages:
        for e in entries:
            yield _entry_article(e, options, source)
        return
    yield from ordered_map(lambda e: fetch_article(fetcher, e.url, e, options), entries, fetcher.workers)


def iter_feed(fetcher: Fetcher, url: str, options: Options, harvest: Harvest,
              fetched: Fetched | None = None) -> Iterator[Item]:
    try:
        fetched = fetched or fetcher.fetch(url)
        listing = parse_feed(fetched.body, fetched.url, fetched.content_type)
    except (FetchError, ListingError) as exc:
        yield FailedSource(source=url, reason=str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - nothing in one feed may end the run
        yield _unreadable(url, "feed", exc)
        return
    kept, refused = _vetted(listing.entries, fetched.url or url, options)
    yield from refused
    entries = _select(kept, options, harvest)
    harvest.listed += len(entries)
    yield from _pages(fetcher, entries, options, url)


def _sitemap_listing(fetcher: Fetcher, fetched: Fetched) -> Listing:
    body = fetched.body
    if body[:2] == b"\x1f\x8b":
        body = gunzip_capped(body, fetcher.max_bytes)
    return parse_sitemap(body)


def iter_sitemap(fetcher: Fetcher, url: str, options: Options, harvest: Harvest,
                 fetched: Fetched | None = None) -> Iterator[Item]:
    """Articles of a sitemap, or of every sitemap a sitemap index names (breadth first, capped)."""
    entries: list[Entry] = []
    queue: deque[tuple[str, Fetched | None]] = deque([(url, fetched)])
    visited: set[str] = set()
    while queue:
        where, got = queue.popleft()
        if where in visited:
            continue
        visited.add(where)
        if len(visited) > MAX_SITEMAPS:
            harvest.truncated = True
            harvest.notes.append(f"more than {MAX_SITEMAPS} sitemaps: the rest were not read")
            break
        try:
            got = got or fetcher.fetch(where, gzip_ok=True)
            listing = _sitemap_listing(fetcher, got)
            queue.extend((urljoin(got.url, child), None) for child in listing.sitemaps)
            kept, refused = _vetted(
                [Entry(**{**e.__dict__, "url": urljoin(got.url, e.url)}) for e in listing.entries],
                got.url or where, options,
            )
        except (FetchError, ListingError) as exc:
            yield FailedSource(source=where, reason=str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - nothing in one sitemap may end the run
            yield _unreadable(where, "sitemap", exc)
            continue
        yield from refused
        entries.extend(kept)
    entries = _select(entries, options, harvest)
    harvest.listed += len(entries)
    yield from _pages(fetcher, entries, options, url)


def iter_url(fetcher: Fetcher, url: str, options: Options, harvest: Harvest, kind: str = "auto") -> Iterator[Item]:
    """A URL given as such: an article page, or (with ``kind="auto"``) a feed or sitemap recognised by content."""
    if kind == "feed":
        yield from iter_feed(fetcher, url, options, harvest)
        return
    if kind == "sitemap":
        yield from iter_sitemap(fetcher, url, options, harvest)
        return
    try:
        fetched = fetcher.fetch(url, gzip_ok=(kind == "auto"))
    except FetchError as exc:
        yield FailedSource(source=url, reason=str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - a response no check foresaw is that URL's failure, not the run's
        yield _unreadable(url, "page", exc)
        return
    root = root_element(fetched.body) if fetched.body[:2] != b"\x1f\x8b" else "urlset"
    if kind == "auto" and root in FEED_ROOTS:
        yield from iter_feed(fetcher, url, options, harvest, fetched)
    elif kind == "auto" and root in SITEMAP_ROOTS:
        yield from iter_sitemap(fetcher, url, options, harvest, fetched)
    elif root in FEED_ROOTS | SITEMAP_ROOTS:
        yield FailedSource(source=url, reason="expected an article page, got a feed or sitemap")
    else:
        harvest.listed += 1
        yield article_from_page(fetched, url, None, options)
