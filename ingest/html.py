"""Article extraction from HTML with trafilatura: title, text, author, date, site name, canonical URL, language.

Used for local .html files and for fetched pages alike.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urldefrag, urlsplit

from gazette.dates import parse_date
from gazette.models import Article, FailedSource

log = logging.getLogger(__name__)

_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def normalise_language(value: object) -> str:
    """'en-GB' -> 'en', 'pt_BR' -> 'pt'; anything that is not a language tag -> ''."""
    m = _LANG.match(str(value or "").strip())
    return m.group(1).lower() if m else ""


def site_host(url: str) -> str:
    """The host of a URL, lower case, without a leading ``www.`` ('' when it has none or is malformed; pure)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, other: str) -> bool:
    """Whether two URLs are on the same host (``www.`` aside): the rule that lets a document speak for a URL (pure).

    A page's canonical link, and a feed's or sitemap's entry, may name only URLs of the host that served them;
    else one site could overwrite another outlet's article by claiming its URL.
    """
    host = site_host(url)
    return bool(host) and host == site_host(other)


def canonical_url(page_url: str, declared: str | None) -> str:
    """The page's own canonical link when it stays on the page's host, else the page URL (no fragment).

    A page may not claim another site's URL: that would let it overwrite another outlet's article.
    """
    page = urldefrag(page_url)[0]
    if not declared:
        return page
    try:
        declared = urldefrag(declared.strip())[0]
        web = urlsplit(declared).scheme in ("http", "https")
    except ValueError:  # "http://[::1" and the like
        return page
    if web and page and same_site(declared, page):
        return declared
    if not page and web:
        return declared
    return page


def extract_article(
    raw: bytes | str, *, source: str, url: str = "", doc_id: str = "", fallback_title: str = "",
) -> Article | FailedSource:
    """Extract the article in an HTML page. ``url`` is where it was fetched (empty for local files)."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(raw)
    if tree is None:
        return FailedSource(source=source, reason="not an HTML page")
    language = normalise_language(tree.getroottree().getroot().get("lang"))
    if not language:
        for meta in tree.iter("meta"):
            key = (meta.get("http-equiv") or meta.get("property") or "").lower()
            if key in ("content-language", "og:locale"):
                language = normalise_language(meta.get("content"))
                if language:
                    break
    doc = trafilatura.bare_extraction(tree, url=url or None, with_metadata=True, favor_recall=True)
    if doc is None:
        return FailedSource(source=source, reason="no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = (data.get("title") or "").strip() or fallback_title
    body = (data.get("text") or "").strip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    if not body:
        return FailedSource(source=source, reason="article has no text")
    try:
        published = parse_date(data.get("date"))
    except ValueError:
        published = None
    page_url = canonical_url(url, data.get("url")) if url else (data.get("url") or "")
    return Article(
        doc_id=doc_id or page_url or source, title=title or _first_words(body), text=body,
        outlet=(data.get("sitename") or "").strip(), url=page_url, published=published, source=source,
        author=(data.get("author") or "").strip(), language=language,
    )


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")
