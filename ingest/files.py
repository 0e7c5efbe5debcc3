"""Read articles from files and folders: JSON Lines, JSON, Markdown, plain text and HTML.

JSON Lines / JSON records use the sample archive's format (see docs in README.md)::

    {"id": ..., "url": ..., "title": ..., "outlet": ..., "published": "YYYY-MM-DD", "text": ...}

``doc_id`` and ``publish_date`` (as in news benchmark dumps) are accepted as aliases of ``id`` and ``published``.
Markdown and text files may start with a front-matter block (``---`` lines around ``key: value`` pairs: title,
outlet, url, published). Every problem with one record becomes a FailedSource; the rest is still read.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gazette.dates import parse_date
from gazette.models import Article, FailedSource

log = logging.getLogger(__name__)

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".md": "markdown", ".markdown": "markdown",
            ".txt": "text", ".html": "html", ".htm": "html"}

Item = Article | FailedSource


def iter_path(path: Path) -> Iterator[Item]:
    """Articles (or failures) from one file or, recursively, a folder."""
    if not path.exists():
        yield FailedSource(source=str(path), reason="no such file or folder")
        return
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) is not None
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        for f in files:
            yield from iter_file(f)
        return
    yield from iter_file(path)


def _kind(path: Path) -> str | None:
    """The reader for a file name; ``.gz`` after a known suffix (``archive.jsonl.gz``) means gzip-compressed."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def iter_file(path: Path) -> Iterator[Item]:
    kind = _kind(path)
    if kind is None:
        yield FailedSource(source=str(path), reason=f"unsupported file type {''.join(path.suffixes) or '(none)'!r}")
        return
    try:
        raw = path.read_bytes()
        if path.suffix.lower() == ".gz":
            raw = gzip.decompress(raw)
    except OSError as exc:
        yield FailedSource(source=str(path), reason=f"cannot read file: {getattr(exc, 'strerror', None) or exc}")
        return
    except (EOFError, zlib.error) as exc:
        yield FailedSource(source=str(path), reason=f"cannot decompress file: {exc}")
        return
    text = raw.decode("utf-8", errors="replace")
    if kind == "jsonl":
        yield from _jsonl(path, text)
    elif kind == "json":
        yield from _json(path, text)
    elif kind == "html":
        yield _checked(_html(path, raw), str(path))
    else:
        yield _checked(_plain(path, text, markdown=(kind == "markdown")), str(path))


def _checked(item: Item, source: str) -> Item:
    if isinstance(item, Article) and not item.text.strip():
        return FailedSource(source=source, reason="article has no text")
    return item


def record_to_article(rec: Any, source: str) -> Item:
    """One JSON object to an Article, or the reason it is not one."""
    if not isinstance(rec, dict):
        return FailedSource(source=source, reason="record is not a JSON object")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        return FailedSource(source=source, reason="article has no text")
    try:
        published = parse_date(rec.get("published", rec.get("publish_date")))
    except ValueError as exc:
        return FailedSource(source=source, reason=str(exc))
    url = str(rec.get("url") or "")
    doc_id = str(rec.get("id") or rec.get("doc_id") or url or source)
    title = str(rec.get("title") or "").strip() or _first_words(text)
    return Article(doc_id=doc_id, title=title, text=text.strip(), outlet=str(rec.get("outlet") or ""),
                   url=url, published=published, source=source)


def _jsonl(path: Path, text: str) -> Iterator[Item]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield FailedSource(source=source, reason=f"malformed JSON: {exc.msg}")
            continue
        yield record_to_article(rec, source)


def _json(path: Path, text: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield FailedSource(source=str(path), reason=f"malformed JSON: {exc.msg} (line {exc.lineno})")
        return
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records):
        yield record_to_article(rec, f"{path}#{i}" if isinstance(data, list) else str(path))


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def _plain(path: Path, text: str, markdown: bool) -> Item:
    meta: dict[str, str] = {}
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).splitlines():
            if ":" in line:
                key, _, value = line.partition(":")
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[m.end():]
    title = meta.get("title", "")
    lines = text.strip().splitlines()
    if not title and lines:
        first = lines[0].strip()
        if markdown and first.startswith("#"):
            title, lines = first.lstrip("#").strip(), lines[1:]
        elif not markdown:
            title, lines = first, lines[1:]
    body = "\n".join(lines).strip()
    if markdown:
        body = _strip_markdown(body)
    try:
        published = parse_date(meta.get("published") or meta.get("date"))
    except ValueError as exc:
        return FailedSource(source=str(path), reason=str(exc))
    url = meta.get("url", "")
    return Article(doc_id=url or f"file:{path.resolve()}", title=title or path.stem, text=body,
                   outlet=meta.get("outlet", ""), url=url, published=published, source=str(path))


# Each pattern's spans are bounded: unbounded ones were quadratic on a long line of
# unclosed markers ("*a *a *a ...", "[a [a ..."), and a 60 KB line took many seconds to read.
_MD_IMAGE = re.compile(r"!\[[^\]]{0,1000}\]\([^)]{0,2000}\)")
_MD_LINK = re.compile(r"\[([^\]]{1,1000})\]\([^)]{0,2000}\)")
_MD_HEADING = re.compile(r"^#{1,6}\s*", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(\S.{0,1000}?\S|\S)\1")


def _strip_markdown(text: str) -> str:
    text = _MD_IMAGE.sub("", text)            # images
    text = _MD_LINK.sub(r"\1", text)          # links keep their words
    text = _MD_HEADING.sub("", text)          # headings
    text = _MD_EMPHASIS.sub(r"\2", text)      # emphasis, code
    return text


def _html(path: Path, raw: bytes) -> Item:
    from ingest.html import extract_article

    item = extract_article(raw, source=str(path), fallback_title=path.stem)
    if isinstance(item, Article) and item.doc_id == str(path):
        item = item.model_copy(update={"doc_id": f"file:{path.resolve()}"})
    return item


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")
