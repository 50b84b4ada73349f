"""What articles does a URL hold? Pages, feeds and sitemaps fetched over HTTP(S), politely.

A page is read as HTML; a feed (RSS/Atom) or a sitemap (``<urlset>``, ``<sitemapindex>``,
also gzipped) is a list of article links, each fetched in turn (at most ``max_pages`` per URL
given). Politeness: ``robots.txt`` is read once per site and obeyed (a 4xx robots.txt allows
all, a 5xx or unreachable one forbids the site, as RFC 9309 says), requests to one site are
at least ``delay`` seconds apart (longer when robots.txt asks with Crawl-delay), each
response must start within ``timeout`` and end within ``deadline`` seconds, and a body
larger than ``max_bytes`` is refused as soon as it says so or passes the limit. Redirects
are followed by hand (at most five), so each hop is checked the same way. Every URL that
fails is one ``InputProblem`` naming it; the others go on.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from lxml import etree

from newsgraph import __version__
from newsgraph.ingest.feeds import looks_like_feed, read_feed
from newsgraph.ingest.readers import read_bytes
from newsgraph.ingest.sources import ReadError, gunzip_limited, is_gzip, is_url
from newsgraph.model import InputProblem, RawDocument, replace

Item = RawDocument | InputProblem
_TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
               "application/json", "application/x-ndjson", "application/gzip", "application/x-gzip")
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = f"newsgraph/{__version__} (+https://pypi.org/project/newsgraph/)"
    delay: float = 1.0  # seconds between two requests to one site
    timeout: float = 20.0  # to connect, and between two bytes of an answer
    deadline: float = 60.0  # for a whole response
    max_bytes: int = 10 * 1024 * 1024  # per response (pages, feeds, sitemaps; unpacked)
    max_pages: int = 1000  # articles followed from one feed or sitemap
    max_redirects: int = 5
    max_crawl_delay: float = 60.0  # a robots.txt Crawl-delay is obeyed up to this


class FetchError(Exception):
    """A URL that could not be fetched; the message is meant for a human."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


class Fetcher:
    """Fetches for one run: remembers each site's robots.txt and when it was last asked."""

    def __init__(self, policy: FetchPolicy | None = None, *, client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy or FetchPolicy()
        self._client = client or httpx.Client(
            timeout=self.policy.timeout, follow_redirects=False, headers={"User-Agent": self.policy.user_agent})
        self._sleep, self._clock = sleep, clock
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self._last: dict[str, float] = {}

    def close(self) -> None:
        self._client.close()

    # --- what a URL holds ------------------------------------------------------------

    def read(self, url: str) -> Iterator[Item]:
        """The documents a URL holds: one page, or the pages a feed or sitemap lists."""
        try:
            got = self.get(url)
        except FetchError as err:
            yield InputProblem(url, str(err))
            return
        links = self._listed(got)
        if links is None:
            yield from self._documents(got)
            return
        if not links:
            yield InputProblem(url, "feed or sitemap lists no pages")
        if len(links) > self.policy.max_pages:
            yield InputProblem(url, f"lists {len(links):,} pages; reading the first {self.policy.max_pages:,}",
                               warning=True)
        for link in links[: self.policy.max_pages]:
            try:
                yield from self._documents(self.get(link))
            except FetchError as err:
                yield InputProblem(link, str(err))

    def _listed(self, got: Fetched, depth: int = 0) -> list[str] | None:
        """The page links of a feed or sitemap (a sitemap index is followed); None for a page."""
        head = got.body[:2000].lstrip().lower()
        if b"<urlset" in head or b"<sitemapindex" in head:
            locs, index = _sitemap_locs(got.body)
            if not index:
                return locs
            links: list[str] = []
            for loc in locs[: self.policy.max_pages] if depth < 2 else ():
                try:
                    links.extend(self._listed(self.get(loc), depth + 1) or ())
                except FetchError:
                    continue  # a lost part of an index: the others still list pages
                if len(links) > self.policy.max_pages:
                    break
            return links
        if b"<html" in head or not looks_like_feed(got.body[:2000].decode("utf-8", "replace")):
            return None
        entries = [d for d in read_feed(got.body, got.url) if isinstance(d, RawDocument)]
        return [urljoin(got.url, d.url) for d in entries if d.url and is_url(urljoin(got.url, d.url))]

    def _documents(self, got: Fetched) -> Iterator[Item]:
        suffix = ".html" if "html" in got.content_type else ""
        for doc in read_bytes(got.body, got.url, suffix):
            yield replace(doc, url=doc.url or got.url) if isinstance(doc, RawDocument) else doc

    # --- one polite request -------------------------------------------------------------

    def get(self, url: str) -> Fetched:
        """The body of ``url`` after redirects, or :class:`FetchError` saying why not."""
        for _hop in range(self.policy.max_redirects + 1):
            if not is_url(url):
                raise FetchError(f"not an http(s) URL: {url}")
            if not self._allowed(url):
                raise FetchError("disallowed by the site's robots.txt; skipped")
            status, headers, body = self._request(url, self.policy.max_bytes)
            if status in _REDIRECTS and headers.get("location"):
                url = urljoin(url, headers["location"])
                continue
            if status >= 400:
                raise FetchError(f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip())
            if status >= 300:
                raise FetchError(f"HTTP {status} without a usable redirect")
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and not kind.startswith(_TEXT_TYPES):
                raise FetchError(f"not a page, feed or sitemap ({kind}); skipped")
            if is_gzip(body):
                try:
                    body = gunzip_limited(body, self.policy.max_bytes)
                except ReadError as err:
                    raise FetchError(str(err)) from None
            return Fetched(url, kind, body)
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    def _request(self, url: str, max_bytes: int) -> tuple[int, httpx.Headers, bytes]:
        self._wait_turn(url)
        start = self._clock()
        try:
            with self._client.stream("GET", url) as response:
                size = response.headers.get("content-length", "")
                if size.isdigit() and int(size) > max_bytes:
                    raise FetchError(f"response of {int(size):,} bytes is larger than the {max_bytes:,}-byte limit; skipped")
                chunks, total = [], 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    total += len(chunk)
                    if total > max_bytes:
                        raise FetchError(f"response is larger than the {max_bytes:,}-byte limit; skipped")
                    if self._clock() - start > self.policy.deadline:
                        raise FetchError(f"response took longer than {self.policy.deadline:g} s; skipped")
                return response.status_code, response.headers, b"".join(chunks)
        except httpx.TimeoutException:
            raise FetchError(f"timed out (no answer within {self.policy.timeout:g} s)") from None
        except httpx.HTTPError as err:
            raise FetchError(f"could not be fetched ({type(err).__name__}: {err})") from None
        finally:
            self._last[_site(url)] = self._clock()

    def _wait_turn(self, url: str) -> None:
        """Sleep until this site's last request is ``delay`` (or its Crawl-delay) seconds old."""
        site = _site(url)
        last = self._last.get(site)
        if last is not None:
            wait = last + self._delay(site) - self._clock()
            if wait > 0:
                self._sleep(wait)

    def _delay(self, site: str) -> float:
        robots = self._robots.get(site)
        asked = robots.crawl_delay(self.policy.user_agent) if not isinstance(robots, (str, type(None))) else None
        return max(self.policy.delay, min(float(asked or 0), self.policy.max_crawl_delay))

    def _allowed(self, url: str) -> bool:
        site = _site(url)
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        robots = self._robots[site]
        if isinstance(robots, str):
            raise FetchError(robots)
        return robots.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, site: str) -> urllib.robotparser.RobotFileParser | str:
        """The site's rules, or why nothing on it may be fetched (robots.txt answers 5xx, or not at all)."""
        parser = urllib.robotparser.RobotFileParser(site + "/robots.txt")
        try:
            status, _headers, body = self._request(site + "/robots.txt", 512 * 1024)
        except FetchError as err:
            return f"site not reached: its robots.txt {err}; skipped"
        if status >= 500:
            return f"site skipped: its robots.txt answers HTTP {status} (RFC 9309: crawl nothing)"
        parser.parse(body.decode("utf-8", "replace").splitlines() if status < 300 else [])
        return parser  # a 4xx (or a redirect) robots.txt: no rules, everything allowed


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _sitemap_locs(body: bytes) -> tuple[list[str], bool]:
    """The ``<loc>`` URLs of a sitemap, and whether it is an index of further sitemaps."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return [], False
    if root is None:
        return [], False
    locs = [el.text.strip() for el in root.iter("{*}loc") if el.text and is_url(el.text.strip())]
    return locs, etree.QName(root).localname == "sitemapindex"
