"""Control characters out of everything ingest stores or reports (pure functions).

C0 controls (U+0000-U+001F), DEL (U+007F) and C1 controls (U+0080-U+009F) are commands to a terminal, not text:
ESC starts the sequences that clear a screen, set a window title, hide a link or write the clipboard, and a
newline in a file name forges a line of the ingest summary. Every reader's articles and failures pass through
these functions before they are stored or counted (:func:`clean_article`, :func:`clean_failure`), so no reader
can forget them:

- body text keeps tab and newline; a carriage return, vertical tab, form feed or NEL becomes a newline; every
  other control character is removed;
- one-line fields (title, outlet, author, language, ids, source labels, failure reasons) keep none: a run of
  control characters becomes one space;
- URLs keep none (removed, as browsers remove tabs and newlines from URLs), and a URL that is not http(s)
  (``javascript:``, ``file:``, ``data:``) is not kept at all: it could only be shown as a citation's link.

Body text and titles also lose the URL encoding some archives leave in captions and summaries ("Brendan
Mercer%2C 7%2C knocked out ...", "More than 100%2C000 people", "won%27t"): :func:`decode_escapes` turns an
escaped punctuation mark or an escaped UTF-8 character back into itself, outside links. A letter or digit is never
decoded ("or %72 of the voters" is a typo for 72 %, not an "r"), and neither is anything inside a link.

A value without control characters or such escapes is returned unchanged, so clean articles keep their
fingerprints. Lone surrogates (a JSON escape such as "\\ud800", a page declared as UTF-7) become "?": such text
cannot be hashed, stored in SQLite or embedded.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from gazette.models import Article, FailedSource

_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85]")
_TEXT_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # any control but tab and newline
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")  # the same, once line breaks are done
_CONTROL_RUN = re.compile("[\x00-\x1f\x7f-\x9f]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# One escaped ASCII punctuation mark or space (%20-%2F, %3A-%40, %5B-%60, %7B-%7E), or one escaped UTF-8 character
# (a lead byte and its continuation bytes: %E2%80%99 is "’"). Escaped letters and digits are not matched.
_ESCAPE = re.compile(
    r"%(?:2[0-9A-F]|3[A-F]|40|5[B-F]|60|7[B-E])"
    r"|%(?:C[2-9A-F]|D[0-9A-F])%[89AB][0-9A-F]"
    r"|%E[0-9A-F](?:%[89AB][0-9A-F]){2}"
    r"|%F[0-4](?:%[89AB][0-9A-F]){3}", re.I)
# A link is kept whole, its escapes with it; outside links, each escape is decoded.
_LINK_OR_ESCAPE = re.compile(r"(?P<link>\b(?:https?://|www\.)\S+)|" + _ESCAPE.pattern, re.I)

LINE_FIELDS = ("doc_id", "title", "outlet", "source", "author", "language")


def _no_surrogates(value: str) -> str:
    if value.isascii() or not _SURROGATE.search(value):
        return value
    return value.encode("utf-8", "replace").decode("utf-8")


def decode_escapes(text: str) -> str:
    """The text with URL-encoded punctuation and characters outside links decoded ("100%2C000" is "100,000";
    pure). Escaped letters and digits stay as they are, and so does every link; an escape that is not valid
    UTF-8 is kept."""
    if "%" not in text or not _ESCAPE.search(text):
        return text
    return _LINK_OR_ESCAPE.sub(lambda m: m.group("link") or _decoded(m.group()), text)


def _decoded(escaped: str) -> str:
    try:
        value = bytes.fromhex(escaped.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return escaped
    return value if value.isprintable() or value.isspace() else escaped


def clean_text(text: str) -> str:
    """Body text without control characters other than tab and newline, and without URL-encoded punctuation
    outside links (:func:`decode_escapes`; pure)."""
    text = decode_escapes(_no_surrogates(text))
    if not _TEXT_NEEDS_CLEANING.search(text):
        return text
    return _TEXT_CONTROLS.sub("", _LINE_BREAKS.sub("\n", text)).strip()


def clean_line(value: str) -> str:
    """A one-line field: each run of control characters (tab and newline included) becomes one space (pure)."""
    value = _no_surrogates(value)
    if not _ANY_CONTROL.search(value):
        return value
    return _CONTROL_RUN.sub(" ", value).strip()


def clean_url(url: str) -> str:
    """A URL without control characters; '' for one that is not http(s) (pure).

    Only http(s) links are ever shown as a citation's link: ``javascript:`` or ``file:`` would be clickable.
    """
    url = _no_surrogates(url)
    if _ANY_CONTROL.search(url):
        url = _CONTROL_RUN.sub("", url).strip()
    if url and urlsplit(url).scheme.lower() not in ("http", "https"):
        return ""
    return url


def clean_article(article: Article) -> Article:
    """The article with every field cleaned as above (pure); the same object when nothing changes."""
    update: dict[str, str] = {}
    for name in LINE_FIELDS:
        value = getattr(article, name)
        clean = clean_line(value)
        if clean != value:
            update[name] = clean
    if (title := decode_escapes(update.get("title", article.title))) != article.title:
        update["title"] = title
    if (text := clean_text(article.text)) != article.text:
        update["text"] = text
    if (url := _safe_url(article.url)) != article.url:
        update["url"] = url
    return article.model_copy(update=update) if update else article


def _safe_url(url: str) -> str:
    try:
        return clean_url(url)
    except ValueError:  # urlsplit refuses some malformed URLs ("http://[::1")
        return ""


def clean_failure(failure: FailedSource) -> FailedSource:
    """A failed entry whose source label and reason are one line each (pure)."""
    source, reason = clean_line(failure.source), clean_line(failure.reason)
    if (source, reason) == (failure.source, failure.reason):
        return failure
    return FailedSource(source=source, reason=reason)
