"""Which articles does a web archive hold? Each HTML response record of a WARC file becomes one.

WARC and WARC.gz files (Common Crawl News, web archives) are read record by record with
warcio (the ``[warc]`` extra), never loaded whole. Only HTTP responses with a 2xx status and
an HTML content type are read as pages; the record's target URL is kept as the article's
URL, and the record's date stands in for the publication date when the page gives none.
Requests, metadata and other non-page records are not articles and pass without a word;
responses that are skipped (not HTML, not 2xx) are counted in one warning per file. A page
over the size limit, or one that is not readable HTML, is one problem naming the record;
a damaged archive ends with one problem naming the record it stopped at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from newsgraph.extras import MissingExtra, need
from newsgraph.model import InputProblem, RawDocument, replace

WARC_SUFFIXES = (".warc", ".warc.gz", ".warcgz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAGIC = b"WARC/"


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def read_warc_file(path: str, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    try:
        stream = open(path, "rb")
    except OSError as err:
        yield InputProblem(path, f"could not read file ({err.strerror or err})")
        return
    with stream:
        yield from read_warc(stream, path, max_bytes)


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    """Documents from the HTML responses of one WARC stream (plain or gzip)."""
    from newsgraph.ingest.readers import read_bytes  # the readers also send WARC bytes here

    try:
        archive = need("warcio.archiveiterator", "warc", "reading WARC files")
    except MissingExtra as err:
        yield InputProblem(source, str(err))
        return
    pages = skipped = number = 0
    try:
        for number, record in enumerate(archive.ArchiveIterator(stream), start=1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            name = f"{source}#{number}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            status = record.http_headers.get_statuscode() or ""
            kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if not status.startswith("2") or kind not in HTML_TYPES:
                skipped += 1
                continue
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield InputProblem(name, f"response for {url} is larger than the {max_bytes:,}-byte limit; skipped")
                continue
            pages += 1
            date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            for doc in read_bytes(body, name, ".html"):
                if isinstance(doc, InputProblem):
                    yield InputProblem(doc.source, f"{doc.message} ({url})", doc.warning)
                else:
                    yield replace(doc, url=url or doc.url, published=doc.published or date)
    except Exception as err:  # a damaged or truncated archive: what was read stays read
        why = " ".join(str(err).split())[:200] or "truncated data"
        yield InputProblem(f"{source}#{number + 1}", f"WARC record could not be read ({type(err).__name__}: {why}); "
                           "the rest of the file is skipped")
        return
    if not pages:
        yield InputProblem(source, "no HTML responses in the WARC file" + (
            f" ({skipped} other responses skipped)" if skipped else ""))
    elif skipped:
        yield InputProblem(source, f"{skipped} responses that are not 2xx HTML pages skipped", warning=True)
