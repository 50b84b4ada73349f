"""Invented article pages and WARC archives for the WARC and HTTP ingest tests (no real text)."""

from __future__ import annotations

import io

PARAGRAPHS = {
    "ferry": [
        "The ferry between Olmhaven and Brisk resumed on Monday after three days of storms, harbour master Petra Lund said.",
        "Crews checked every hull overnight and found no damage worth delaying the first crossing of the week.",
        "\u201cThe boats are safe and the crews are rested,\u201d Lund told reporters at the quay in Olmhaven.",
    ],
    "bridge": [
        "Repairs to the Arnvale bridge were delayed again after the river rose overnight, the county engineer said.",
        "Engineer Pella Rusk said the work would resume next week once the water had fallen below the old piers.",
        "Drivers were told to use the northern road through Tessaly until the bridge reopened to traffic.",
    ],
}
HEADLINES = {"ferry": "Olmhaven ferry resumes after storm", "bridge": "Arnvale bridge repairs delayed by floods"}


def page(story: str, *, date: str | None = None) -> bytes:
    """A small news page: navigation, the article, a footer; ``date`` as article:published_time."""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[story])
    return (
        f"<!DOCTYPE html><html><head><title>{HEADLINES[story]}</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{HEADLINES[story]}</h1>{body}</article>"
        f"<footer>All rights reserved</footer></body></html>"
    ).encode("utf-8")


def warc(records: list[tuple[str, str, str, bytes]], *, gzip: bool = True) -> bytes:
    """A WARC file: a warcinfo record, then per (url, status line, content type, body) a request
    and a response record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "newsgraph tests"}))
    for url, status, kind, body in records:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders(status, [("Content-Type", kind), ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"}))
    return out.getvalue()
