"""What does POST /api/ingest do with a body? Read it by content type, analyse it, store it.

The body is read in chunks and refused (413) as soon as it passes ``MAX_BODY_BYTES``; a body
that stops arriving for ``BODY_IDLE_TIMEOUT_S`` gets a 408. Linking runs after the answer.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from fastapi import HTTPException, Request

from newsgraph.model import InputProblem, RawDocument

MAX_BODY_BYTES = 20 * 1024 * 1024
BODY_IDLE_TIMEOUT_S = 30.0
SOURCE = "<post>"
BodyKind = Literal["text", "html", "jsonl"]

_KINDS: dict[str, BodyKind] = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/json": "jsonl",
}


def kind_of(content_type: str) -> BodyKind:
    """The body kind for a Content-Type header, or 415 naming the accepted ones."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in _KINDS:
        accepted = ", ".join(sorted(_KINDS))
        raise HTTPException(415, f"unsupported Content-Type {media or '(none)'!r}: send one of {accepted}")
    return _KINDS[media]


def too_large() -> HTTPException:
    return HTTPException(413, f"body too large: at most {MAX_BODY_BYTES} bytes")


async def read_body(request: Request) -> bytes:
    """The request body, never holding more than ``MAX_BODY_BYTES`` plus one chunk."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise HTTPException(400, f"invalid Content-Length header {declared[:40]!r}")
        if int(declared) > MAX_BODY_BYTES:
            raise too_large()
    chunks: list[bytes] = []
    size = 0
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), BODY_IDLE_TIMEOUT_S)
        except StopAsyncIteration:
            return b"".join(chunks)
        except asyncio.TimeoutError:
            raise HTTPException(408, f"request body stalled: nothing arrived for {BODY_IDLE_TIMEOUT_S:g} s") from None
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large()
        chunks.append(chunk)


def documents(body: bytes, kind: BodyKind) -> list[RawDocument | InputProblem]:
    from newsgraph.ingest.decode import DecodeError, decode_bytes

    if not body.strip():
        raise HTTPException(400, "empty body: send the article text, HTML or JSONL")
    try:
        text = decode_bytes(body)
    except DecodeError as err:
        raise HTTPException(400, f"body could not be decoded as text: {err}") from err
    if kind == "html":
        from newsgraph.ingest.html import read_html

        return [read_html(text, SOURCE)]
    if kind == "jsonl":
        from newsgraph.ingest.jsonl import read_jsonl

        return list(read_jsonl(text, SOURCE))
    return [RawDocument(source=SOURCE, text=text)]


def ingest_body(access: Any, relinker: Any, body: bytes, kind: BodyKind, published: str | None,
                outlet: str | None) -> dict[str, Any]:
    """Analyse the body (outside the store lock: it is slow), add the articles in one batch, and ask
    ``relinker`` for a background pass (stories and contradictions then include the new ones)."""
    try:
        from newsgraph.pipeline import Options, analyze_documents
    except Exception as err:  # spaCy or a model missing: say so instead of a bare 500
        raise HTTPException(503, f"ingest unavailable: the analysis pipeline could not be loaded ({err})") from err
    articles, problems = [], []
    for item in analyze_documents(documents(body, kind), Options(published=published, outlet=outlet)):
        (problems if isinstance(item, InputProblem) else articles).append(item)
    if not articles:
        raise HTTPException(422, "no article could be read from the body: "
                                 + ("; ".join(str(p) for p in problems) or "nothing found"))
    with access.writing(), access.use() as store:
        result = store.add_articles(articles)
        stale = store.links_stale()  # also true after a relink that a crash or a stop cut short
    if result.new or stale:
        relinker.request()
    return {
        "new": result.new,
        "duplicate": result.duplicate,
        "new_ids": list(result.new_ids),
        "duplicates": [{"id": a, "duplicate_of": b} for a, b in result.duplicates],
        "articles": [{"id": a.id, "headline": a.headline} for a in articles],
        "problems": [str(p) for p in problems if not p.warning],
        "warnings": [str(p) for p in problems if p.warning],
        "links": relinker.status(),  # GET /api/ingest/status follows the background relink
    }
