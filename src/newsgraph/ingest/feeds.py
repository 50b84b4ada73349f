"""What articles does an RSS or Atom feed file hold? Each entry becomes one article.

feedparser reads the feed; an entry's full content (or else its summary) is HTML turned
into paragraphs. A file feedparser cannot read as a feed yields one ``InputProblem``; so
does an entry that cannot be read (``file#N``), and the entries after it still count. A
feed whose XML declaration names an encoding that does not fit (or none Python knows) is
read again as the text our own decoding finds, declared as UTF-8.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator

import feedparser

from newsgraph.ingest.decode import DecodeError, decode_bytes
from newsgraph.ingest.html import fragment_paragraphs
from newsgraph.model import PARAGRAPH_SEPARATOR, InputProblem, RawDocument

_FEED_STARTS = ("<rss", "<feed", "<rdf:rdf")
_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*>", re.I)


def looks_like_feed(text: str) -> bool:
    head = text[:2000].lower()
    return any(tag in head for tag in _FEED_STARTS)


def read_feed(data: bytes, source: str) -> Iterator[RawDocument | InputProblem]:
    parsed, why = _parse(data)
    if parsed is None or not parsed.entries:
        redeclared = _declared_utf8(data)
        if redeclared is not None:
            parsed, why = _parse(redeclared)
    if parsed is None or not parsed.entries:
        yield InputProblem(source, f"not an RSS/Atom feed with entries{why}")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"{source}#{number}"
        try:
            yield _entry_document(entry, name, outlet)
        except Exception as err:  # one bad entry must not lose the entries after it
            yield InputProblem(name, f"feed entry could not be read ({type(err).__name__}: {err})")


def _parse(data: bytes):
    """feedparser's result and a reason to show when it holds no entries (or None and the error)."""
    try:
        parsed = feedparser.parse(io.BytesIO(data))  # a stream: bytes could be taken for a file name
    except Exception as err:  # feedparser raises for some declared encodings ("undefined", NUL bytes)
        return None, f" ({type(err).__name__}: {err})"
    return parsed, f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""


def _declared_utf8(data: bytes) -> bytes | None:
    """The feed as UTF-8 with its XML declaration saying so; None when it has no declaration."""
    try:
        text = decode_bytes(data, repair=False)
    except DecodeError:
        return None
    if not _DECLARATION.match(text):
        return None
    return _DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1).encode("utf-8")


def _entry_document(entry, name: str, outlet: str | None) -> RawDocument | InputProblem:
    paragraphs = fragment_paragraphs(_entry_html(entry))
    if not paragraphs:
        return InputProblem(name, "feed entry has no content or summary text")
    return RawDocument(
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
