"""The safe fetcher, against a local server on 127.0.0.1 (allow-listed explicitly, as a deployment would)."""

import gzip

import pytest

from ingest.fetch import Fetcher, FetchError, address_refusal, content_type_allowed, url_refusal
from tests.site import Route, Site


@pytest.mark.parametrize(
    ("address", "host", "allow", "expected"),
    [
        ("93.184.215.14", "news.example", (), None),
        ("2001:4860:4860::8888", "", (), None),
        ("127.0.0.1", "localhost", (), "loopback address"),
        ("::1", "", (), "loopback address"),
        ("10.1.2.3", "", (), "private address"),
        ("172.16.0.1", "", (), "private address"),
        ("192.168.1.1", "", (), "private address"),
        ("fc00::1", "", (), "private address"),
        ("169.254.1.1", "", (), "link-local address"),
        ("fe80::1", "", (), "link-local address"),
        ("224.0.0.1", "", (), "multicast address"),
        ("0.0.0.0", "", (), "unspecified address"),
        ("240.0.0.1", "", (), "reserved address"),
        ("100.64.0.1", "", (), "non-public address"),
        ("169.254.169.254", "", (), "cloud metadata address"),
        ("fd00:ec2::254", "", (), "cloud metadata address"),
        ("100.100.100.200", "", (), "cloud metadata address"),
        # IPv6 spellings of IPv4 addresses are judged by the address they carry.
        ("::ffff:127.0.0.1", "", (), "loopback address"),
        ("2002:7f00:1::", "", (), "loopback address"),
        ("64:ff9b::a9fe:a9fe", "", (), "cloud metadata address"),
        # The allow-list lets named hosts and networks through, never metadata addresses.
        ("127.0.0.1", "127.0.0.1", ("127.0.0.1",), None),
        ("10.1.2.3", "intranet.example", ("intranet.example",), None),
        ("10.1.2.3", "other.example", ("intranet.example",), "private address"),
        ("10.1.2.3", "", ("10.0.0.0/8",), None),
        ("169.254.169.254", "", ("169.254.0.0/16",), "cloud metadata address"),
    ],
)
def test_address_refusal(address, host, allow, expected):
    assert address_refusal(address, host, allow) == expected


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://news.example/a", True), ("http://news.example:8080/a?b=1", True), ("file:///etc/passwd", False),
     ("ftp://news.example/a", False), ("gopher://x", False), ("https:///nohost", False), ("news.example/a", False),
     ("http://news.example:99999/", False)],
)
def test_url_refusal(url, ok):
    assert (url_refusal(url) is None) is ok


@pytest.mark.parametrize(
    ("content_type", "gzip_ok", "ok"),
    [("text/html; charset=utf-8", False, True), ("application/xhtml+xml", False, True),
     ("application/rss+xml", False, True), ("application/atom+xml", False, True), ("text/xml", False, True),
     ("", False, True), ("image/png", False, False), ("application/pdf", False, False),
     ("video/mp4", False, False), ("application/octet-stream", False, False), ("application/gzip", False, False),
     ("application/x-gzip", True, True)],
)
def test_content_type_allowed(content_type, gzip_ok, ok):
    assert content_type_allowed(content_type, gzip_ok) is ok


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def _fetcher(**kw):
    kw.setdefault("allow", ["127.0.0.1"])
    kw.setdefault("retries", 0)
    return Fetcher(**kw)


def _reason(fetcher, url, **kw):
    with pytest.raises(FetchError) as info:
        fetcher.fetch(url, **kw)
    return str(info.value)


def test_fetches_a_page_and_follows_a_safe_redirect(site):
    site.set("/story", "<html><body>hello</body></html>")
    site.redirect("/old", "/story", 301)
    with _fetcher() as f:
        got = f.fetch(site.url("/old"))
    assert got.url == site.url("/story") and got.body == b"<html><body>hello</body></html>"
    assert got.charset == "utf-8" and got.mime == "text/html"


def test_loopback_is_refused_without_the_allow_list(site):
    site.set("/story", "<html>hello</html>")
    with Fetcher(retries=0) as f:
        assert "127.0.0.1 is a loopback address" in _reason(f, site.url("/story"))
    assert site.hits.get("/story") is None  # refused before connecting


@pytest.mark.parametrize(
    "target",
    ["http://10.0.0.7/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/secret",
     "http://[fd00:ec2::254]/latest", "http://0.0.0.0:{port}/", "file:///etc/passwd"],
)
def test_redirects_to_private_addresses_are_refused(site, target):
    site.set("/secret", "inside")
    site.redirect("/r", target.format(port=site.server.server_port))
    with _fetcher() as f:
        reason = _reason(f, site.url("/r"))
    assert reason.startswith("refused") and site.hits.get("/secret") is None


def test_redirect_chains_are_capped(site):
    for i in range(4):
        site.redirect(f"/hop{i}", f"/hop{i + 1}")
    site.set("/hop4", "end")
    with _fetcher(max_redirects=3) as f:
        assert "more than 3 redirects" in _reason(f, site.url("/hop0"))
    with _fetcher(max_redirects=4) as f:
        assert f.fetch(site.url("/hop0")).body == b"end"


def test_a_50_mb_page_without_content_length_is_cut_off_early(site):
    def endless():
        for _ in range(800):  # 800 x 64 KiB = 50 MiB
            yield b"<p>" + b"a" * 65529 + b"</p>"

    site.routes["/huge"] = Route(200, {"Content-Type": "text/html"}, endless)
    with _fetcher(max_bytes=1_000_000) as f:
        assert "larger than 1,000,000 bytes" in _reason(f, site.url("/huge"))
    # The server could only push what fits in socket buffers after we stopped reading.
    assert site.bytes_sent.get("/huge", 0) < 20_000_000


def test_compressed_bodies_are_capped_after_decompression(site):
    bomb = gzip.compress(b"\0" * 30_000_000)
    site.set("/bomb", bomb, Content_Encoding="gzip")
    site.set("/ok", gzip.compress(b"<p>small</p>"), Content_Encoding="gzip")
    site.set("/odd", b"xyz", Content_Encoding="br")
    with _fetcher(max_bytes=1_000_000) as f:
        assert "larger than 1,000,000 bytes" in _reason(f, site.url("/bomb"))
        assert f.fetch(site.url("/ok")).body == b"<p>small</p>"
        assert "unsupported content encoding" in _reason(f, site.url("/odd"))


def test_non_text_content_is_skipped(site):
    site.set("/photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
    site.set("/sitemap.xml.gz", gzip.compress(b"<urlset/>"), "application/x-gzip")
    with _fetcher() as f:
        assert "skipped: content type 'image/png' is not text" in _reason(f, site.url("/photo.png"))
        assert "skipped" in _reason(f, site.url("/sitemap.xml.gz"))
        assert f.fetch(site.url("/sitemap.xml.gz"), gzip_ok=True).body[:2] == b"\x1f\x8b"


def test_http_errors_and_retries(site):
    site.set("/gone", "gone", status=404)
    site.set("/busy", "busy", status=503)
    with _fetcher(retries=2, retry_wait_s=0) as f:
        assert _reason(f, site.url("/gone")) == "HTTP 404"
        assert _reason(f, site.url("/busy")) == "HTTP 503"
    assert site.hits["/gone"] == 1 and site.hits["/busy"] == 3


def test_unresolvable_host_is_a_failure_not_a_crash():
    with _fetcher(retries=0) as f:
        assert "cannot" in _reason(f, "http://no-such-host.invalid/")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", []), ("127.0.0.1", ["127.0.0.1"]), ("Intranet.Example, 10.1.0.0/16", ["intranet.example", "10.1.0.0/16"]),
     ('["::1", "news.lan"]', ["::1", "news.lan"])],
)
def test_allow_list_setting(monkeypatch, value, expected):
    from gazette.settings import Settings

    monkeypatch.setenv("GAZETTE_FETCH__ALLOW", value)
    assert Settings(_env_file=None).fetch.allow == expected


def test_allow_list_rejects_junk(monkeypatch):
    from pydantic import ValidationError

    from gazette.settings import Settings

    monkeypatch.setenv("GAZETTE_FETCH__ALLOW", "http://x.example/")
    with pytest.raises(ValidationError, match="neither a host name nor an IP network"):
        Settings(_env_file=None)
