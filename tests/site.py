"""A small local web site for fetch and ingest tests: a threaded HTTP server on 127.0.0.1 serving routes
that a test sets and changes (pages, feeds, sitemaps, redirects, endless bodies). Fixture pages are written here.
"""

from __future__ import annotations

import html
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Callable[[], Iterator[bytes]] = b""
    """Bytes (sent with Content-Length) or a generator of chunks (sent without, then the connection closes)."""


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.bytes_sent: dict[str, int] = {}
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                route = site.routes.get(self.path)
                if route is None:
                    route = Route(404, {"Content-Type": "text/plain"}, b"not here")
                if callable(route.body) and not isinstance(route.body, bytes):
                    self.close_connection = True
                    self.send_response(route.status)
                    for k, v in route.headers.items():
                        self.send_header(k, v)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    sent = 0
                    try:
                        for chunk in route.body():
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except OSError:
                        pass
                    site.bytes_sent[self.path] = sent
                    return
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
                site.bytes_sent[self.path] = len(route.body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def set(self, path: str, body: bytes | str | Callable[[], Iterator[bytes]], content_type: str = "text/html; charset=utf-8",
            status: int = 200, **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        hdrs = {"Content-Type": content_type} if content_type else {}
        hdrs.update({k.replace("_", "-"): v for k, v in headers.items()})
        self.routes[path] = Route(status, hdrs, data)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.routes[path] = Route(status, {"Location": location}, b"")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def page(title: str, paragraphs: list[str], *, published: str = "", outlet: str = "", author: str = "",
         canonical: str = "", lang: str = "en") -> str:
    """An article page, shaped like a news site's (navigation, article, footer)."""
    head = [f"<title>{html.escape(title)}{' | ' + html.escape(outlet) if outlet else ''}</title>"]
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if outlet:
        head.append(f'<meta property="og:site_name" content="{html.escape(outlet)}">')
    if author:
        head.append(f'<meta name="author" content="{html.escape(author)}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{"".join(head)}</head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Contact us. All rights reserved.</footer></body></html>"
    )


def rss(title: str, items: list[tuple[str, str, str]], language: str = "en") -> str:
    """An RSS 2.0 feed; items are (title, link, RFC 822 date)."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link><pubDate>{d}</pubDate>"
        f"<description>{html.escape(t)}</description></item>"
        for t, link, d in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
            f"<link>https://feeds.example/</link><language>{language}</language>{entries}</channel></rss>")


def sitemap(urls: list[tuple[str, str]], news_name: str = "") -> str:
    """A sitemap of (loc, date) pairs; with ``news_name``, Google News tags carry the date."""
    rows = []
    for loc, day in urls:
        news = (f"<news:news><news:publication><news:name>{html.escape(news_name)}</news:name>"
                f"<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{day}</news:publication_date></news:news>") if news_name else ""
        rows.append(f"<url><loc>{html.escape(loc)}</loc><lastmod>{day}</lastmod>{news}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(rows) + "</urlset>")


def sitemap_index(locs: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{html.escape(loc)}</loc></sitemap>" for loc in locs) + "</sitemapindex>")


ENTITY_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
    "<link>http://127.0.0.1/a</link></item></channel></rss>"
)

EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&secret;</loc></url></urlset>'
)
