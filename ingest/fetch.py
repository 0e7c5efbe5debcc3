"""Fetching pages, feeds and sitemaps without letting a URL reach what it should not.

- Only http and https. Redirects are followed here, one hop at a time, each hop checked again.
- Host names are resolved here; if any address is loopback, private, link-local, multicast, reserved or a
  cloud metadata address, the URL is refused. The connection then goes to the address that was checked (the
  network backend below connects to it while TLS still verifies the certificate for the host name), so a
  second DNS answer cannot slip in between the check and the connection.
- Time and size are capped while streaming: the body is counted as it arrives, after decompression, and
  Content-Length is never trusted. Only gzip and deflate encodings are accepted.
- Content that is not text (images, PDFs, archives) is skipped.

Every refusal is a :class:`FetchError` with a one-line reason; callers turn it into a failed entry.
An allow-list (settings ``fetch.allow``: host names or networks) lets a deployment fetch from its own
intranet and lets tests fetch from their own 127.0.0.1 servers; metadata addresses stay refused regardless.
"""

from __future__ import annotations

import codecs
import ipaddress
import logging
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance metadata endpoints: refused even when an allow-list entry would cover them.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

TEXT_TYPES = frozenset({"application/xhtml+xml", "application/xml", "application/json", "application/x-rss+xml"})
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL was refused or could not be fetched; ``str()`` is the one-line reason."""


class AddressRefused(FetchError):
    pass


class _Transient(FetchError):
    """Worth another try: connection trouble, HTTP 429 or 5xx."""


# -- addresses ------------------------------------------------------------------------------------------


def _embedded_ipv4(addr: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped:
            return addr.ipv4_mapped
        if addr.sixtofour:
            return addr.sixtofour
        if addr in _NAT64:
            return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def address_refusal(address: str, host: str = "", allow: Iterable[str] = ()) -> str | None:
    """Why ``address`` (reached as ``host``) may not be fetched, or None when it may (pure).

    ``allow`` holds host names and networks (``"10.1.0.0/16"``, ``"127.0.0.1"``) that are let through
    although private; cloud metadata addresses are refused regardless.
    """
    addr = ipaddress.ip_address(address.split("%", 1)[0])
    inner = _embedded_ipv4(addr)
    if addr in METADATA_ADDRESSES or (inner is not None and inner in METADATA_ADDRESSES):
        return "cloud metadata address"
    host = host.lower().strip("[]")
    for entry in allow:
        if entry == host:
            return None
        try:
            if addr in ipaddress.ip_network(entry, strict=False):
                return None
        except ValueError:
            continue
    for candidate in (inner, addr):
        if candidate is None:
            continue
        for attr, label in (
            ("is_loopback", "loopback"), ("is_link_local", "link-local"), ("is_multicast", "multicast"),
            ("is_unspecified", "unspecified"), ("is_reserved", "reserved"), ("is_private", "private"),
        ):
            if getattr(candidate, attr):
                return f"{label} address"
        if not candidate.is_global:
            return "non-public address"
    return None


def url_refusal(url: str) -> str | None:
    """Why a URL is not fetchable at all (scheme, host), before any network use (pure)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        return f"malformed URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}"
    if not parts.hostname:
        return "URL has no host"
    return None


_DEADLINE = threading.local()
"""The monotonic time by which the fetch running on this thread must end (set by Fetcher.fetch)."""


def _time_left(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of this thread's fetch deadline; ReadTimeout once it has passed."""
    at = getattr(_DEADLINE, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the fetch's deadline.

    httpcore's timeouts hold per read, so a server that trickles a byte at a time (into the headers, where our
    own checks never run) kept one fetch going for as long as it liked.
    """

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _VettedBackend(httpcore.NetworkBackend):
    """Resolves the host itself, refuses unsafe addresses, and connects to the vetted address only."""

    def __init__(self, allow: tuple[str, ...]) -> None:
        self._allow = allow
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            why = address_refusal(address, host, self._allow)
            if why:
                where = f"{address} is" if host.strip("[]") == address else f"{host} resolves to {address},"
                raise AddressRefused(f"refused: {where} a {why}")
        error: Exception | None = None
        for address in addresses:
            try:
                return _DeadlineStream(
                    self._inner.connect_tcp(address, port, _time_left(timeout), local_address, socket_options)
                )
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise AddressRefused("refused: unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _Transport(httpx.BaseTransport):
    """httpx on top of an httpcore pool that uses the vetted backend (no proxies, no environment)."""

    def __init__(self, allow: tuple[str, ...], connections: int) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_VettedBackend(allow),
            max_connections=connections, max_keepalive_connections=connections,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        req = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw, content=request.stream, extensions=request.extensions,
        )
        with _mapped():
            resp = self._pool.handle_request(req)
        return httpx.Response(
            status_code=resp.status, headers=resp.headers, stream=_Stream(resp.stream), extensions=resp.extensions
        )

    def close(self) -> None:
        self._pool.close()


class _Stream(httpx.SyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _mapped():
            yield from self._stream

    def close(self) -> None:
        if hasattr(self._stream, "close"):
            self._stream.close()


@contextmanager
def _mapped() -> Iterator[None]:
    """Turn httpcore's errors into FetchErrors with a short reason (our own refusals pass through)."""
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise _Transient("timed out") from exc
    except httpcore.ConnectError as exc:
        raise _Transient(f"cannot connect: {exc}") from exc
    except (httpcore.NetworkError, httpcore.RemoteProtocolError) as exc:
        raise _Transient(f"connection failed: {exc}") from exc
    except (httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
        raise FetchError(f"bad HTTP response: {exc}") from exc


# -- bodies ----------------------------------------------------------------------------------------------


def content_type_allowed(content_type: str, gzip_ok: bool = False) -> bool:
    """Text, HTML and XML (and gzip for sitemaps) pass; images, PDFs, video and the like do not (pure)."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if not mime:
        return True  # no header: the parsers will tell
    if mime.startswith("text/") or mime in TEXT_TYPES or mime.endswith("+xml"):
        return True
    return gzip_ok and mime in GZIP_TYPES


class _Decoder:
    """gzip/deflate decoding that never produces more than ``limit`` bytes, whatever the ratio."""

    def __init__(self, encoding: str, limit: int) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")
        self._deflate = encoding == "deflate"
        self._started = False
        self._limit = limit

    def feed(self, data: bytes, produced: int) -> bytes:
        """Decode the next piece; output stops one byte past the limit (the caller then refuses)."""
        if self._z is None:
            return data
        try:
            out = self._z.decompress(data, self._limit - produced + 1)
        except zlib.error as exc:
            if self._deflate and not self._started:  # "deflate" is often sent without its zlib header
                self._deflate = False
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, produced)
            raise FetchError(f"corrupt compressed body ({exc})") from exc
        self._started = True
        return out

    def finish(self) -> bytes:
        return self._z.flush() if self._z is not None else b""


@dataclass(frozen=True)
class Fetched:
    url: str = ""
    """Where the body came from, after redirects."""
    content_type: str = ""
    body: bytes = b""

    @property
    def mime(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


# Codecs Python has that are no charset a page can be in: they raise on any input ("undefined"), refuse
# errors="replace" ("idna"), or turn backslash escapes into arbitrary characters.
_NOT_CHARSETS = frozenset({"undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape"})


def text_codec(charset: str | None) -> str | None:
    """Python's codec for a charset a document declared, or None when it is no text encoding to decode with (pure)."""
    if not charset:
        return None
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError, TypeError):  # unknown, or not even a name ("utf8\x00")
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        return None  # bytes-to-bytes codecs (hex, zlib, base64) and the above
    return info.name


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress a .gz body (a gzipped sitemap), refusing more than ``limit`` bytes of output."""
    z = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = z.decompress(data, limit + 1)
    except zlib.error as exc:
        raise FetchError(f"corrupt gzip data ({exc})") from exc
    if len(out) > limit or z.unconsumed_tail:
        raise FetchError(f"refused: more than {limit:,} bytes once decompressed")
    return out


class Fetcher:
    """Fetches URLs safely; one per ingest run (thread-safe: pages are fetched by several workers)."""

    def __init__(
        self, *, timeout_s: float = 30.0, connect_timeout_s: float = 10.0, max_bytes: int = 5_000_000,
        max_redirects: int = 5, retries: int = 2, retry_wait_s: float = 1.0, workers: int = 4,
        user_agent: str = "Gazette", allow: Iterable[str] = (),
    ) -> None:
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.retry_wait_s = retry_wait_s
        self.workers = workers
        self._client = httpx.Client(
            transport=_Transport(tuple(a.lower() for a in allow), connections=max(workers, 2)),
            follow_redirects=False, trust_env=False,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
        )

    @classmethod
    def from_settings(cls, fetch: Any) -> Fetcher:
        """Build from ``settings.fetch``."""
        return cls(
            timeout_s=fetch.timeout_s, connect_timeout_s=fetch.connect_timeout_s, max_bytes=fetch.max_bytes,
            max_redirects=fetch.max_redirects, retries=fetch.retries, retry_wait_s=fetch.retry_wait_s,
            workers=fetch.workers, user_agent=fetch.user_agent, allow=fetch.allow,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, gzip_ok: bool = False) -> Fetched:
        """GET ``url`` following at most ``max_redirects`` redirects; FetchError says why not."""
        from tenacity import (
            Retrying,
            retry_if_exception_type,
            stop_after_attempt,
            stop_before_delay,
            wait_exponential,
        )

        deadline = time.monotonic() + self.timeout_s
        _DEADLINE.at = deadline
        try:
            for attempt in Retrying(
                stop=stop_after_attempt(self.retries + 1) | stop_before_delay(self.timeout_s),
                wait=wait_exponential(multiplier=self.retry_wait_s, max=30),
                retry=retry_if_exception_type(_Transient), reraise=True,
            ):
                with attempt:
                    return self._fetch_once(url, deadline, gzip_ok)
        finally:
            _DEADLINE.at = None
        raise AssertionError("unreachable")  # pragma: no cover

    def _fetch_once(self, url: str, deadline: float, gzip_ok: bool) -> Fetched:
        current = url
        for _hop in range(self.max_redirects + 1):
            why = url_refusal(current)
            if why:
                raise FetchError(f"refused: {why}" if current == url else f"refused redirect to {current}: {why}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise FetchError(f"timed out after {self.timeout_s:g} s")
            timeout = httpx.Timeout(left, connect=min(self.connect_timeout_s, left))
            try:
                with self._client.stream("GET", current, timeout=timeout) as resp:
                    if resp.status_code in REDIRECTS:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {resp.status_code} redirect without a Location")
                        current = urljoin(current, location.strip())
                        continue
                    if resp.status_code == 429 or resp.status_code >= 500:
                        raise _Transient(f"HTTP {resp.status_code}")
                    if resp.status_code >= 400:
                        raise FetchError(f"HTTP {resp.status_code}")
                    content_type = resp.headers.get("content-type", "")
                    if not content_type_allowed(content_type, gzip_ok):
                        raise FetchError(f"skipped: content type {content_type.split(';')[0]!r} is not text")
                    body = self._read(resp, deadline)
                    return Fetched(url=current, content_type=content_type, body=body)
            except AddressRefused as exc:
                if current != url:
                    raise AddressRefused(f"{exc} (redirected from {url})") from None
                raise
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # what httpx itself raises (bad URL, invalid header)
                # InvalidURL is no HTTPError: a redirect to "data:text/html,..." escaped as a crash of the run.
                raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        raise FetchError(f"more than {self.max_redirects} redirects")

    def _read(self, resp: httpx.Response, deadline: float) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes and not resp.headers.get("content-encoding"):
            raise FetchError(f"refused: larger than {self.max_bytes:,} bytes (Content-Length {int(declared):,})")
        decoder = _Decoder(resp.headers.get("content-encoding", ""), self.max_bytes)
        parts: list[bytes] = []
        size = 0
        for raw in resp.iter_raw():
            data = decoder.feed(raw, size)
            size += len(data)
            if size > self.max_bytes:
                raise FetchError(f"refused: larger than {self.max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.timeout_s:g} s while reading")
            parts.append(data)
        tail = decoder.finish()
        if size + len(tail) > self.max_bytes:
            raise FetchError(f"refused: larger than {self.max_bytes:,} bytes")
        return b"".join(parts) + tail
