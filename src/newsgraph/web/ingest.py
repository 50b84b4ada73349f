"""What does POST /api/ingest do with a body? Read it by content type, analyse it, store it."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import HTTPException

from newsgraph.model import InputProblem, RawDocument

MAX_BODY_BYTES = 20 * 1024 * 1024
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


def ingest_body(access: Any, body: bytes, kind: BodyKind, published: str | None, outlet: str | None) -> dict[str, Any]:
    """Analyse the body (outside the store lock: it is slow), add the articles in one batch, relink."""
    try:
        from newsgraph.pipeline import Options, analyze_documents, relink
    except Exception as err:  # spaCy or a model missing: say so instead of a bare 500
        raise HTTPException(503, f"ingest unavailable: the analysis pipeline could not be loaded ({err})") from err
    articles, problems = [], []
    for item in analyze_documents(documents(body, kind), Options(published=published, outlet=outlet)):
        (problems if isinstance(item, InputProblem) else articles).append(item)
    if not articles:
        raise HTTPException(422, "no article could be read from the body: "
                                 + ("; ".join(str(p) for p in problems) or "nothing found"))
    with access.use() as store:
        result = store.add_articles(articles)
        if result.new:
            relink(store)  # stories and contradictions across articles now include the new ones
    return {
        "new": result.new,
        "duplicate": result.duplicate,
        "new_ids": list(result.new_ids),
        "duplicates": [{"id": a, "duplicate_of": b} for a, b in result.duplicates],
        "articles": [{"id": a.id, "headline": a.headline} for a in articles],
        "problems": [str(p) for p in problems],
    }
