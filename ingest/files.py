"""Read articles from files and folders: JSON Lines, JSON, Markdown, plain text and HTML.

JSON Lines / JSON records use the sample archive's format (see docs in README.md)::

    {"id": ..., "url": ..., "title": ..., "outlet": ..., "published": "YYYY-MM-DD", "text": ...}

``doc_id`` and ``publish_date`` (as in news benchmark dumps) are accepted as aliases of ``id`` and ``published``.
Markdown and text files may start with a front-matter block (``---`` lines around ``key: value`` pairs: title,
outlet, url, published). Every problem with one record becomes a FailedSource; the rest is still read.

What is read, and how much (see :class:`ingest.limits.Limits`):

- Only regular files. A FIFO, socket or device is a failed entry, found by ``stat`` without opening it (opening a
  FIFO waits for a writer forever). Nothing under /proc, /sys or /dev is read, even through a symlink.
- A folder reads the files whose real path (symlinks resolved) is inside the folder; a symlink out of it is a
  failed entry. Hidden files and folders (a leading dot) and unknown suffixes are skipped.
- Files are streamed: JSON Lines a line at a time, JSON arrays a record at a time, so memory holds one record.
  A file is read up to ``max_file_bytes`` (after gzip decompression); one document read whole (an HTML, Markdown
  or text file, one record) up to ``Limits.document_bytes``. Past a cap, what was read is kept and the rest is a
  failed entry.
- Nothing in one file can end a run: a parse error, a record nested too deeply (RecursionError), a corrupt gzip
  stream or any other failure becomes that record's or that file's failed entry.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from gazette.dates import parse_date
from gazette.models import Article, FailedSource
from ingest.limits import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".md": "markdown", ".markdown": "markdown",
            ".txt": "text", ".html": "html", ".htm": "html"}

SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
"""Never read, whatever a path or symlink says: they hold process environments (secrets) and devices."""

MAX_FAILURES_PER_FILE = 1000
"""Failed records listed for one file; more are counted in one last entry. Past this many, a file with more
failed records than articles is read no further: it is no file of articles (a gzip bomb of blank records took
half an hour to read to its cap, one failure at a time)."""

Item = Article | FailedSource


# -- which files ----------------------------------------------------------------------------------------------


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ('FIFO', 'socket', ...), None for a regular file (pure)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "folder"), (stat.S_ISLNK, "symlink")):
        if test(mode):
            return name
    return "special file"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def place_refusal(real: str, mode: int, root: str | None = None) -> str | None:
    """Why the file at real path ``real`` (symlinks resolved) with ``stat`` mode ``mode`` is not read, or None (pure).

    ``root`` is the real path of the folder being read, when the file was found in one.
    """
    system = next((f for f in SYSTEM_FOLDERS if _inside(real, f)), None)
    if system is not None:
        return f"refused: {real} is in {system}, which is never read"
    if root is not None and not _inside(real, root):
        return f"refused: a symlink out of the folder (to {real})"
    kind = special_kind(mode)
    if kind is not None:
        return f"refused: not a regular file (a {kind})"
    return None


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _open_regular(path: Path, root: str | None) -> tuple[BinaryIO, int] | str:
    """The file opened for reading with its size, or why it may not be read.

    Checked with ``stat`` before opening (a FIFO is never opened), then opened without following a last symlink
    and without blocking, and checked again: the file opened is the file checked.
    """
    real = os.path.realpath(path)
    why = place_refusal(real, stat.S_IFREG, root)  # where it leads first: even a missing file there is refused
    if why:
        return why
    try:
        before = os.stat(real)
    except OSError as exc:
        return f"cannot read file: {_why(exc)}"
    why = place_refusal(real, before.st_mode, root)
    if why:
        return why
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return f"cannot read file: {_why(exc)}"
    after = os.fstat(fd)
    if not stat.S_ISREG(after.st_mode) or (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        return "refused: the file changed while it was being opened"
    return os.fdopen(fd, "rb", buffering=0), after.st_size


def iter_path(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """Articles (or failures) from one file or, recursively, a folder."""
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists() or path.is_symlink()
    except OSError as exc:
        yield FailedSource(source=str(path), reason=f"cannot read: {_why(exc)}")
        return
    if not exists:
        yield FailedSource(source=str(path), reason="no such file or folder")
        return
    if is_dir:
        yield from _folder(path, limits)
        return
    yield from iter_file(path, limits)


def _folder(path: Path, limits: Limits) -> Iterator[Item]:
    root = os.path.realpath(path)
    system = next((f for f in SYSTEM_FOLDERS if _inside(root, f)), None)
    if system is not None:
        yield FailedSource(source=str(path), reason=f"refused: {root} is in {system}, which is never read")
        return
    found: list[tuple[Path, str | None]] = []  # (path, why it is refused without reading) in path order
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(path, followlinks=False, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:
            link = Path(folder) / d
            if link.is_symlink():  # never walked into; one out of the folder is reported
                target = os.path.realpath(link)
                if not _inside(target, root):
                    found.append((link, f"refused: a symlink out of the folder (to {target})"))
        for name in files:
            f = Path(folder) / name
            if not name.startswith(".") and _kind(f) is not None:
                found.append((f, None))
    for err in errors:
        found.append((Path(err.filename or path), f"cannot read folder: {_why(err)}"))
    for f, refused in sorted(found, key=lambda pair: pair[0]):
        if refused:
            yield FailedSource(source=str(f), reason=refused)
        else:
            yield from iter_file(f, limits, root=root)


def _kind(path: Path) -> str | None:
    """The reader for a file name; ``.gz`` after a known suffix (``archive.jsonl.gz``) means gzip-compressed."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


# -- reading one file -------------------------------------------------------------------------------------------


class TooLarge(Exception):
    """A file or document passed its cap; ``str()`` is the failed entry's reason."""


class RecordTooLarge(TooLarge):
    """One value of a JSON document passed its cap."""


class _Capped(io.RawIOBase):
    """A stream that yields at most ``limit`` bytes of ``inner`` and raises TooLarge when asked for more."""

    def __init__(self, inner: Any, limit: int) -> None:
        self._inner = inner
        self._limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        want = min(len(view), self._limit + 1 - self.count)
        n = self._inner.readinto(view[:want]) or 0
        self.count += n
        if self.count > self._limit:
            raise TooLarge(f"stopped after {self._limit:,} bytes: the file is larger than ingest.max_file_bytes "
                           "(GAZETTE_INGEST__MAX_FILE_BYTES); what came before was read")
        return n


def iter_file(path: Path, limits: Limits = DEFAULT_LIMITS, root: str | None = None) -> Iterator[Item]:
    """Articles (or failures) of one file; ``root`` is the real path of the folder it was found in, if any."""
    kind = _kind(path)
    if kind is None:
        yield FailedSource(source=str(path), reason=f"unsupported file type {''.join(path.suffixes) or '(none)'!r}")
        return
    opened = _open_regular(path, root)
    if isinstance(opened, str):
        yield FailedSource(source=str(path), reason=opened)
        return
    raw, size = opened
    with raw:
        yield from _at_most(MAX_FAILURES_PER_FILE, str(path), _guarded(path, _read(path, kind, raw, size, limits)))


def _guarded(path: Path, items: Iterator[Item]) -> Iterator[Item]:
    """One file's items; whatever stops the reading becomes the file's last failed entry, never a crash."""
    try:
        yield from items
    except TooLarge as exc:
        yield FailedSource(source=str(path), reason=str(exc))
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield FailedSource(source=str(path), reason=f"cannot decompress file: {exc}")
    except OSError as exc:
        yield FailedSource(source=str(path), reason=f"cannot read file: {_why(exc)}")
    except Exception as exc:  # one file's content must never end a run (RecursionError, MemoryError, a parser bug)
        log.warning("%s: reading stopped: %s", path, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        yield FailedSource(source=str(path), reason=f"cannot read file: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _at_most(n: int, source: str, items: Iterator[Item]) -> Iterator[Item]:
    """The items, with only the first ``n`` failed records listed and the rest counted in one last failure (the
    failures of the file itself, whose source is the file, are always listed). Past ``n`` failures, reading stops
    as soon as failures outnumber articles."""
    failed = read = 0
    for item in items:
        if isinstance(item, FailedSource) and item.source != source:
            failed += 1
            if failed > n:
                if failed > read:
                    yield FailedSource(source=source, reason=(
                        f"stopped reading: {failed:,} records failed and {read:,} were articles, so this is no file "
                        f"of articles (the first {n:,} failures are listed)"))
                    return
                continue
        elif isinstance(item, Article):
            read += 1
        yield item
    if failed > n:
        yield FailedSource(source=source, reason=f"{failed - n:,} more failed records (the first {n:,} are listed)")


def _read(path: Path, kind: str, raw: BinaryIO, size: int, limits: Limits) -> Iterator[Item]:
    packed = path.suffix.lower() == ".gz"
    whole = kind not in ("jsonl", "json")
    cap = limits.document_bytes if whole else limits.max_file_bytes
    if not packed and size > cap:
        yield FailedSource(source=str(path), reason=_too_large(size, cap, whole))
        return
    inner: Any = gzip.GzipFile(fileobj=raw, mode="rb") if packed else raw
    stream = io.BufferedReader(_Capped(inner, limits.max_file_bytes), 1 << 16)
    if kind == "jsonl":
        yield from _jsonl(path, stream, limits)
        return
    if kind == "json":
        yield from _json(path, stream, limits)
        return
    data = stream.read(cap + 1)
    if len(data) > cap:
        yield FailedSource(source=str(path), reason=_too_large(None, cap, whole))
    elif kind == "html":
        yield _checked(_html(path, data), str(path))
    else:
        yield _checked(_plain(path, data.decode("utf-8", errors="replace"), markdown=(kind == "markdown")), str(path))


def _too_large(size: int | None, cap: int, whole: bool) -> str:
    what = f"{size:,} bytes" if size is not None else "more bytes once decompressed"
    if whole:
        return (f"refused: {what}, more than the {cap:,} one document may have (25 bytes per character of "
                "ingest.max_article_chars, GAZETTE_INGEST__MAX_ARTICLE_CHARS)")
    return f"refused: {what}, more than ingest.max_file_bytes ({cap:,}; GAZETTE_INGEST__MAX_FILE_BYTES)"


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


def _record(rec: Any, source: str) -> Item:
    """record_to_article, with anything one record can raise (a value nested too deeply to print) its failure."""
    try:
        return record_to_article(rec, source)
    except Exception as exc:  # noqa: BLE001 - one record must never end a run
        return FailedSource(source=source, reason=f"unreadable record ({_describe(exc)})")


def parse_json(text: str) -> Any:
    """``json.loads`` whose every failure is a ValueError with a one-line message (pure)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except (ValueError, MemoryError) as exc:
        raise ValueError(_describe(exc)) from None


def lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line without its end) for each line of a byte stream; None for a line longer than ``limit``
    bytes, which is skipped without being held in memory."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield number, None
            continue
        yield number, line.rstrip(b"\r\n")


def _jsonl(path: Path, stream: BinaryIO, limits: Limits) -> Iterator[Item]:
    for lineno, line in lines(stream, limits.document_bytes):
        source = f"{path}:{lineno}"
        if line is None:
            yield FailedSource(source=source, reason=_too_large(None, limits.document_bytes, True))
            continue
        if not line.strip():
            continue
        try:
            rec = parse_json(line.decode("utf-8", errors="replace"))
        except ValueError as exc:
            yield FailedSource(source=source, reason=f"malformed JSON: {exc}")
            continue
        yield _record(rec, source)


_WHITE = " \t\n\r"
_DECODER = json.JSONDecoder()


class _JsonBuffer:
    """Text read a piece at a time, parsed one JSON value at a time (only the unparsed rest is kept)."""

    def __init__(self, read: Callable[[int], str], piece: int = 1 << 16) -> None:
        self._read = read
        self._piece = piece
        self.text = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0

    def more(self) -> bool:
        if self.eof:
            return False
        if self.pos:
            self.lines_before += self.text.count("\n", 0, self.pos)
            self.text, self.pos = self.text[self.pos:], 0
        got = self._read(max(self._piece, len(self.text)))
        if not got:
            self.eof = True
            return False
        self.text += got
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def value(self, limit: int) -> Any:
        """The JSON value at the position; TooLarge past ``limit`` characters, JSONDecodeError or RecursionError."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.text) - self.pos > limit:
                    raise RecordTooLarge(f"a record longer than {limit:,} bytes") from None
                if not self.eof:
                    self.more()
                    continue
                exc.lineno += self.lines_before
                raise
            # A number may go on in the next piece ("1" of "1.5"): parse again with more text behind it.
            if len(self.text) - end < 64 and not self.eof:
                self.more()
                continue
            if end - self.pos > limit:
                raise RecordTooLarge(f"a record longer than {limit:,} bytes")
            self.pos = end
            return value

    def error(self, message: str) -> json.JSONDecodeError:
        exc = json.JSONDecodeError(message, self.text, self.pos)
        exc.lineno += self.lines_before
        return exc


def json_values(read: Callable[[int], str], limit: int) -> Iterator[tuple[int | None, Any]]:
    """The values of a JSON document read through ``read(n)``: (index, value) for each element of a top-level
    array, (None, value) for any other document. Never holds more than about two values' text.

    Raises JSONDecodeError (malformed), RecursionError (nested too deeply) or TooLarge (a value over ``limit``
    characters) where the document stops being readable; the values before it have been yielded.
    """
    buf = _JsonBuffer(read)
    if buf.peek() != "[":
        value = buf.value(limit)
        if buf.peek():
            raise buf.error("Extra data")
        yield None, value
        return
    buf.pos += 1
    if buf.peek() == "]":
        buf.pos += 1
    else:
        index = 0
        while True:
            buf.peek()
            yield index, buf.value(limit)
            index += 1
            c = buf.peek()
            buf.pos += 1
            if c == "]":
                break
            if c != ",":
                buf.pos -= 1
                raise buf.error("Expecting ',' delimiter")
    if buf.peek():
        raise buf.error("Extra data")


def _json(path: Path, stream: BinaryIO, limits: Limits) -> Iterator[Item]:
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    try:
        for index, value in json_values(text.read, limits.document_bytes):
            yield _record(value, str(path) if index is None else f"{path}#{index}")
    except json.JSONDecodeError as exc:
        yield FailedSource(source=str(path), reason=f"malformed JSON: {exc.msg} (line {exc.lineno})")
    except RecursionError:
        yield FailedSource(source=str(path), reason="malformed JSON: nested too deeply")
    except RecordTooLarge as exc:
        yield FailedSource(source=str(path), reason=f"refused: {exc} (25 bytes per character of "
                           "ingest.max_article_chars, GAZETTE_INGEST__MAX_ARTICLE_CHARS); the records before it "
                           "were read")


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
