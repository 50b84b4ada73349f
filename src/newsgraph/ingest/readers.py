"""Which reader handles an input? Chosen by file extension, then by a sniff of the content.

``.html/.htm`` pages, ``.jsonl/.ndjson`` lines, ``.rss/.atom/.xml`` feeds, anything else
that is text is a plain dump (unless it starts like HTML, a feed or JSON Lines). ``.warc`` and
``.warc.gz`` archives are read record by record (other files starting ``WARC/`` too). A ``.gz``
suffix, or gzip magic bytes, is unpacked first. Binary files are refused by magic bytes.
``http://`` and ``https://`` arguments are fetched (pages, feeds, sitemaps; see ``ingest.fetch``).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.ingest.decode import DecodeError, decode_bytes, fix_text
from newsgraph.ingest.feeds import looks_like_feed, read_feed
from newsgraph.ingest.html import looks_like_html, read_html
from newsgraph.ingest.jsonl import read_jsonl
from newsgraph.ingest.warc import MAGIC as WARC_MAGIC
from newsgraph.ingest.warc import is_warc_name, read_warc, read_warc_file
from newsgraph.ingest.sources import (
    DEFAULT_MAX_BYTES, STDIN, STDIN_SOURCE, ReadError, expand_inputs, gunzip_limited, is_gzip, is_url,
    read_limited,
)
from newsgraph.model import InputProblem, RawDocument

Item = RawDocument | InputProblem

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf"}
_BINARY_MAGIC = {
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable", b"BZh": "a bzip2 archive", b"\xfd7zXZ": "an xz archive",
    b"7z\xbc\xaf": "a 7-Zip archive", b"SQLite format 3": "an SQLite database",
}


def read_inputs(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, fetcher=None, fetch_policy=None
) -> Iterator[Item]:
    """Every document in the given inputs, or an ``InputProblem`` for each one that fails.

    ``paths`` may name files, directories (read recursively), glob patterns, WARC archives,
    ``http(s)://`` URLs or ``-`` (stdin). URLs are fetched by ``fetcher`` (an ``ingest.fetch.Fetcher``),
    or by one made for this call with ``fetch_policy`` (a ``FetchPolicy``; its defaults when None).
    """
    own = None
    try:
        for name in expand_inputs(paths):
            if isinstance(name, InputProblem):  # a folder that could not be walked
                yield name
                continue
            if is_url(name) and fetcher is None:
                from newsgraph.ingest.fetch import Fetcher  # httpx only when a URL is given

                fetcher = own = Fetcher(fetch_policy)
            try:
                yield from _read_one(name, max_bytes, fetcher)
            except Exception as err:  # a reader bug must not end the batch
                yield InputProblem(STDIN_SOURCE if name == STDIN else name, f"unexpected error while reading ({type(err).__name__}: {err})")
    finally:
        if own is not None:
            own.close()


def _read_one(name: str, max_bytes: int, fetcher) -> Iterator[Item]:
    if is_url(name):
        yield from fetcher.read(name)
        return
    if name != STDIN and is_warc_name(name) and os.path.isfile(name):
        yield from read_warc_file(name, max_bytes)  # record by record: an archive may be any size
        return
    source = STDIN_SOURCE if name == STDIN else name
    try:
        data = read_limited(name, max_bytes)
        suffix = _suffix(name)
        if name.lower().endswith(".gz") or is_gzip(data):
            if not is_gzip(data):
                raise ReadError("named .gz but is not gzip data")
            data = gunzip_limited(data, max_bytes)
    except ReadError as err:
        yield InputProblem(source, str(err))
        return
    yield from read_bytes(data, source, suffix)


def _suffix(name: str) -> str:
    path = Path(name[:-3] if name.lower().endswith(".gz") else name)
    return path.suffix.lower()


def read_bytes(data: bytes, source: str, suffix: str = "") -> Iterator[Item]:
    """Documents from one input's (unpacked) bytes."""
    if not data.strip():
        yield InputProblem(source, "empty file")
        return
    kind = next((what for magic, what in _BINARY_MAGIC.items() if data.startswith(magic)), None)
    if kind:
        yield InputProblem(source, f"binary file ({kind}), not text")
        return
    if data.startswith(WARC_MAGIC):
        yield from read_warc(io.BytesIO(data), source, len(data))
        return
    if suffix in FEED_SUFFIXES:
        yield from read_feed(data, source)
        return
    try:
        text = decode_bytes(data, repair=False)  # each reader repairs the text it keeps
    except DecodeError as err:
        yield InputProblem(source, str(err))
        return
    if suffix in HTML_SUFFIXES or (suffix not in JSONL_SUFFIXES and looks_like_html(text)):
        yield read_html(text, source)
    elif suffix in JSONL_SUFFIXES or (suffix != ".txt" and _looks_like_jsonl(text)):
        yield from read_jsonl(text, source)
    elif suffix != ".txt" and looks_like_feed(text) and text.lstrip().startswith("<"):
        yield from read_feed(data, source)
    else:
        yield RawDocument(source=source, text=fix_text(text), kind="text")


def _looks_like_jsonl(text: str) -> bool:
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].strip()
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):  # a bad first line: JSONDecodeError, a huge number, deep nesting
        return False
