"""Listings of articles: RSS/Atom feeds (feedparser) and sitemaps (defusedxml), parsed from bytes we fetched.

feedparser never fetches anything here: it is handed a stream of bytes. XML with entity declarations or
external references (entity bombs, XXE) is refused before any parser expands it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from time import struct_time
from typing import TYPE_CHECKING

from gazette.dates import parse_date
from ingest.html import normalise_language

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


class ListingError(ValueError):
    """A feed or sitemap that cannot be read; ``str()`` is the one-line reason."""


@dataclass(frozen=True)
class Entry:
    """One article a feed or sitemap lists, with what the listing says about it."""

    url: str
    title: str = ""
    published: date | None = None
    updated: str = ""
    """When the listing says it last changed (ISO text, for ordering); not a publication date."""
    text: str = ""
    author: str = ""
    outlet: str = ""
    language: str = ""


@dataclass
class Listing:
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    """Child sitemaps of a sitemap index."""
    title: str = ""
    language: str = ""


_DANGEROUS = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[|SYSTEM\s+[\"']", re.I)


def refuse_unsafe_xml(body: bytes) -> None:
    """Raise ListingError for XML that declares entities or references external ones (pure)."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise ListingError(f"refused: XML with entity declarations or external references ({type(exc).__name__})") from None
    except Exception:  # noqa: BLE001 - not well-formed, or in an encoding the parser does not know
        # feedparser's lenient parser may still read it, but never with declarations.
        if _DANGEROUS.search(body[:65536]):
            raise ListingError("refused: XML with entity declarations or external references") from None


def root_element(body: bytes) -> str:
    """The name of the first element of an XML or HTML document, lower case, without namespace prefix."""
    head = body[:4096]
    head = re.sub(rb"<!--.*?-->", b"", head, flags=re.S)
    m = re.search(rb"<([A-Za-z][\w:.-]*)", head)
    if not m:
        return ""
    return m.group(1).decode("ascii", "replace").lower().rsplit(":", 1)[-1]


FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})


# -- feeds ------------------------------------------------------------------------------------------------


def _struct_date(value: object) -> date | None:
    """A feedparser date (a time.struct_time, or its 9-tuple) as a date."""
    if not isinstance(value, struct_time | tuple) or len(value) < 6:
        return None
    try:
        return date(int(value[0]), int(value[1]), int(value[2]))
    except (TypeError, ValueError):
        return None


# Characters XML text cannot hold: lxml parses them into a tail, then refuses the tail we set back.
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def html_to_text(fragment: str) -> str:
    """Readable text of an HTML fragment (a feed's content): paragraphs on their own lines."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    # A control character in a feed's description used to raise ValueError here and abort the ingest run.
    fragment = _NOT_XML_TEXT.sub("", fragment)

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # lxml raises several types for junk
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for el in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _known_charset(content_type: str) -> str:
    """The Content-Type without a charset Python cannot decode with (feedparser raised on one; pure)."""
    from ingest.fetch import text_codec

    mime, *params = content_type.split(";")
    kept = [mime]
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and not text_codec(value.strip().strip("\"'")):
            continue
        kept.append(param)
    return ";".join(kept)


def parse_feed(body: bytes, url: str = "", content_type: str = "") -> Listing:
    """Entries of an RSS or Atom feed. ListingError when it is not one, whatever the body holds."""
    try:
        refuse_unsafe_xml(body)
        return _parse_feed(body, url, content_type)
    except ListingError:
        raise
    except Exception as exc:  # noqa: BLE001 - feedparser raises what a hostile body makes it raise
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        raise ListingError(f"not a readable feed ({type(exc).__name__}{': ' + first if first else ''})") from None


def _parse_feed(body: bytes, url: str, content_type: str) -> Listing:
    import feedparser

    headers = {"content-location": url} if url else {}
    if content_type:
        headers["content-type"] = _known_charset(content_type)
    # A stream, never bytes or str: feedparser opens URLs and file names it is given.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(
            parsed.get("bozo_exception") or "no entries"
        )
        raise ListingError(f"not an RSS or Atom feed ({reason})")
    feed = parsed.feed
    language = normalise_language(feed.get("language"))
    listing = Listing(title=str(feed.get("title") or "").strip(), language=language)
    for e in parsed.entries:
        link = str(e.get("link") or "").strip()
        if not link:
            continue
        content = ""
        if e.get("content"):
            content = max((c.get("value", "") for c in e.content), key=len)
        content = content or str(e.get("summary") or "")
        listing.entries.append(
            Entry(
                url=link, title=str(e.get("title") or "").strip(),
                published=_struct_date(e.get("published_parsed") or e.get("updated_parsed")),
                updated=str(e.get("updated") or e.get("published") or ""),
                text=html_to_text(content), author=str(e.get("author") or "").strip(),
                outlet=listing.title, language=language,
            )
        )
    return listing


# -- sitemaps ---------------------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _child(el: Element, name: str) -> Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text(el: Element | None, name: str) -> str:
    c = _child(el, name) if el is not None else None
    return (c.text or "").strip() if c is not None else ""


def _date_or_none(text: str) -> date | None:
    try:
        return parse_date(text[:10]) if text else None
    except ValueError:
        return None


def parse_sitemap(body: bytes) -> Listing:
    """URLs of a sitemap (with Google News tags when present) or the child sitemaps of a sitemap index."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise ListingError(f"refused: XML with entity declarations or external references ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        raise ListingError(f"not a sitemap: malformed XML ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - an encoding the parser does not know, or worse: this sitemap's failure
        raise ListingError(f"not a sitemap: unreadable XML ({type(exc).__name__}: {exc})") from None
    kind = _local(root.tag)
    listing = Listing()
    if kind == "sitemapindex":
        listing.sitemaps = [loc for sm in root if _local(sm.tag) == "sitemap" and (loc := _text(sm, "loc"))]
        return listing
    if kind != "urlset":
        raise ListingError(f"not a sitemap (root element <{kind}>)")
    for url in root:
        if _local(url.tag) != "url" or not (loc := _text(url, "loc")):
            continue
        news = _child(url, "news")
        publication = _child(news, "publication") if news is not None else None
        lastmod = _text(url, "lastmod")
        listing.entries.append(
            Entry(
                url=loc, title=_text(news, "title") if news is not None else "",
                published=_date_or_none(_text(news, "publication_date")) if news is not None else None,
                updated=(_text(news, "publication_date") if news is not None else "") or lastmod,
                outlet=_text(publication, "name") if publication is not None else "",
                language=normalise_language(_text(publication, "language")) if publication is not None else "",
            )
        )
    return listing
