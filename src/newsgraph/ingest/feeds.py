"""What articles does an RSS or Atom feed file hold? Each entry becomes one article.

feedparser reads the feed; an entry's full content (or else its summary) is HTML turned
into paragraphs. A file feedparser cannot read as a feed yields one ``InputProblem``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import feedparser

from newsgraph.ingest.html import fragment_paragraphs
from newsgraph.model import PARAGRAPH_SEPARATOR, InputProblem, RawDocument

_FEED_STARTS = ("<rss", "<feed", "<rdf:rdf")


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return any(tag in head for tag in _FEED_STARTS)


def read_feed(data: bytes, source: str) -> Iterator[RawDocument | InputProblem]:
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield InputProblem(source, f"not an RSS/Atom feed with entries{why}")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"{source}#{number}"
        paragraphs = fragment_paragraphs(_entry_html(entry))
        if not paragraphs:
            yield InputProblem(name, "feed entry has no content or summary text")
            continue
        yield RawDocument(
            source=name,
            text=PARAGRAPH_SEPARATOR.join(paragraphs),
            kind="article",
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            published=_iso(entry),
            outlet=outlet,
            authors=tuple(a["name"] for a in entry.get("authors", []) if a.get("name")),
            paragraphs=paragraphs,
        )


def _entry_html(entry) -> str:
    for content in entry.get("content", []):
        if content.get("value", "").strip():
            return content["value"]
    return entry.get("summary", "") or ""


def _iso(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return entry.get("published") or entry.get("updated") or None
