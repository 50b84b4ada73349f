"""URLs, sitemaps and feeds over HTTP, against a server the tests run on 127.0.0.1 (no other network)."""

from __future__ import annotations

import gzip
import http.server
import threading
import time

import pytest

from newsgraph.ingest import read_inputs
from newsgraph.ingest.fetch import Fetcher, FetchPolicy
from newsgraph.model import InputProblem, RawDocument

from webpages import page

BIG = 4000  # bytes: over the tests' 3000-byte limit, under the pages' size times two


def _rss(base: str) -> bytes:
    items = "".join(f"<item><title>{t}</title><link>{base}{p}</link><description>short</description></item>"
                    for t, p in (("Ferry", "/news/ferry.html"), ("Bridge", "/news/bridge.html")))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Olmhaven Courier</title>{items}</channel></rss>'.encode()


def _sitemap(base: str, paths: list[str], tag: str = "urlset", inner: str = "url") -> bytes:
    locs = "".join(f"<{inner}><loc>{base}{p}</loc></{inner}>" for p in paths)
    return f'<?xml version="1.0"?><{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</{tag}>'.encode()


class Handler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        Handler.requests.append(self.path)
        base = f"http://{self.headers['Host']}"
        routes = {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
            "/news/ferry.html": (200, "text/html; charset=utf-8", page("ferry")),
            "/news/bridge.html": (200, "text/html", page("bridge")),
            "/private/memo.html": (200, "text/html", page("ferry")),
            "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/feed.rss": (200, "application/rss+xml", _rss(base)),
            "/sitemap.xml": (200, "application/xml", _sitemap(base, [
                "/news/ferry.html", "/private/memo.html", "/missing.html", "/slow.html", "/big.html",
                "/news/bridge.html"])),
            "/sitemap-index.xml.gz": (200, "application/gzip", gzip.compress(
                _sitemap(base, ["/sitemap-news.xml"], "sitemapindex", "sitemap"))),
            "/sitemap-news.xml": (200, "application/xml", _sitemap(base, ["/news/bridge.html"])),
        }
        if self.path == "/slow.html":
            time.sleep(1.0)  # past the tests' 0.25 s timeout
        if self.path == "/moved":
            self._send(301, "text/html", b"", [("Location", "/news/ferry.html")])
        elif self.path == "/big.html":
            self._send(200, "text/html", b"<html>" + b"x" * BIG)
        elif self.path == "/big-unsized.html":  # no Content-Length: cut off while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>" + b"x" * BIG)
        elif self.path in routes:
            self._send(*routes[self.path])
        else:
            self._send(404, "text/html", b"<html><body>Not found</body></html>")

    def _send(self, status: int, kind: str, body: bytes, headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(server, monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)  # loopback only, never through a proxy
    Handler.requests = []
    return server


class FakeClock:
    """Time that passes only when the fetcher sleeps: the waits it asks for, measured exactly."""

    def __init__(self) -> None:
        self.now, self.sleeps = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def fetcher(clock: FakeClock | None = None, **policy) -> Fetcher:
    clock = clock or FakeClock()
    return Fetcher(FetchPolicy(**{"delay": 0.0, "timeout": 0.25, "max_bytes": 3000, **policy}),
                   sleep=clock.sleep, clock=clock)


def _read(urls, f: Fetcher):
    items = list(read_inputs(urls, fetcher=f))
    return ([i for i in items if isinstance(i, RawDocument)], {i.source: i.message for i in items if isinstance(i, InputProblem)})


def test_a_page_is_read_with_its_url(site):
    (doc,), problems = _read([f"{site}/news/ferry.html"], fetcher())
    assert problems == {}
    assert doc.url == f"{site}/news/ferry.html" and doc.source == doc.url
    assert doc.title == "Olmhaven ferry resumes after storm"
    assert doc.paragraphs[2].startswith("\u201cThe boats are safe")
    assert Handler.requests == ["/robots.txt", "/news/ferry.html"]


def test_a_sitemap_is_followed_and_each_failed_url_is_one_line(site):
    docs, problems = _read([f"{site}/sitemap.xml"], fetcher())
    assert [d.url for d in docs] == [f"{site}/news/ferry.html", f"{site}/news/bridge.html"]
    assert problems == {
        f"{site}/private/memo.html": "disallowed by the site's robots.txt; skipped",
        f"{site}/missing.html": "HTTP 404 Not Found",
        f"{site}/slow.html": "timed out (no answer within 0.25 s)",
        f"{site}/big.html": "response of 4,006 bytes is larger than the 3,000-byte limit; skipped",
    }
    assert "/private/memo.html" not in Handler.requests  # robots.txt is obeyed before asking
    assert Handler.requests.count("/robots.txt") == 1  # once per site


def test_a_body_without_a_length_is_cut_off_at_the_limit(site):
    docs, problems = _read([f"{site}/big-unsized.html"], fetcher())
    assert docs == [] and problems == {f"{site}/big-unsized.html": "response is larger than the 3,000-byte limit; skipped"}


def test_a_feed_lists_the_pages_to_fetch(site):
    docs, problems = _read([f"{site}/feed.rss"], fetcher())
    assert problems == {}
    assert [(d.url, d.title) for d in docs] == [
        (f"{site}/news/ferry.html", "Olmhaven ferry resumes after storm"),
        (f"{site}/news/bridge.html", "Arnvale bridge repairs delayed by floods")]


def test_a_gzipped_sitemap_index_redirects_and_non_pages(site):
    docs, problems = _read([f"{site}/sitemap-index.xml.gz", f"{site}/moved", f"{site}/logo.png"], fetcher())
    assert [d.url for d in docs] == [f"{site}/news/bridge.html", f"{site}/news/ferry.html"]
    assert problems == {f"{site}/logo.png": "not a page, feed or sitemap (image/png); skipped"}


def test_requests_to_one_site_wait_their_turn(site):
    clock = FakeClock()
    _read([f"{site}/news/ferry.html", f"{site}/news/bridge.html"], fetcher(clock, delay=2.5))
    assert clock.sleeps == [2.5, 2.5]  # robots.txt, then each page, 2.5 s apart (no wait before the first)


def test_a_crawl_delay_in_robots_txt_is_obeyed_up_to_a_cap(site, monkeypatch):
    original = Handler.do_GET

    def slow_please(self):
        if self.path == "/robots.txt":
            return self._send(200, "text/plain", b"User-agent: *\nCrawl-delay: 7\n")
        return original(self)

    monkeypatch.setattr(Handler, "do_GET", slow_please)
    clock = FakeClock()
    docs, _ = _read([f"{site}/news/ferry.html", f"{site}/news/bridge.html"], fetcher(clock, delay=1.0))
    assert len(docs) == 2 and clock.sleeps == [7.0, 7.0]
    clock = FakeClock()
    _read([f"{site}/news/ferry.html", f"{site}/news/bridge.html"], fetcher(clock, delay=1.0, max_crawl_delay=3.0))
    assert clock.sleeps == [3.0, 3.0]


def test_a_robots_txt_that_fails_with_5xx_forbids_the_site(site, monkeypatch):
    original = Handler.do_GET

    def failing_robots(self):
        if self.path == "/robots.txt":
            Handler.requests.append(self.path)
            return self._send(503, "text/plain", b"busy")
        return original(self)

    monkeypatch.setattr(Handler, "do_GET", failing_robots)
    docs, problems = _read([f"{site}/news/ferry.html"], fetcher())
    assert docs == []
    assert problems == {f"{site}/news/ferry.html": "site skipped: its robots.txt answers HTTP 503 (RFC 9309: crawl nothing)"}
    assert Handler.requests == ["/robots.txt"]


def test_an_unreachable_site_is_one_line(site):
    closed = "http://127.0.0.1:9/news.html"  # the discard port: nothing listens there
    docs, problems = _read([closed, f"{site}/news/ferry.html"], fetcher())
    assert [d.url for d in docs] == [f"{site}/news/ferry.html"]
    (message,) = problems.values()
    assert list(problems) == [closed]
    assert message.startswith("site not reached: its robots.txt could not be fetched (ConnectError: ")


def test_cli_ingest_a_feed_and_a_missing_page(site, tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app
    from newsgraph.store import open_store

    db = tmp_path / "web.db"
    result = CliRunner().invoke(app, ["ingest", f"{site}/feed.rss", f"{site}/missing.html", "--db", str(db),
                                      "--crawl-delay", "0"])
    assert result.exit_code == 1, result.output  # one input failed; the others are stored
    lines = result.stderr.strip().splitlines()
    assert f"error {site}/missing.html: HTTP 404 Not Found" in lines
    assert lines[-1] == "new: 2  duplicate: 0  failed: 1"
    with open_store(db) as store:
        ids = [a.article_id for a in store.list_articles(limit=10).items]
        urls = sorted(store.get_article(i).url for i in ids)
    assert urls == [f"{site}/news/bridge.html", f"{site}/news/ferry.html"]
