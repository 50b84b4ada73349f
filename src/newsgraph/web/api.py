"""What can a program ask the server? JSON endpoints under /api, cursor-paginated, plus POST /api/ingest."""

from __future__ import annotations

import dataclasses
import hmac
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from newsgraph.store.base import Page
from newsgraph.web.app import not_found
from newsgraph.web.params import (
    ISO_DATE, MAX_LIMIT, Cursor, EventFilters, GraphFilters, QuoteFilters, Since, Until, event_filters, graph_filters,
    quote_filters,
)
from newsgraph.web.views import graph_data

router = APIRouter(prefix="/api", tags=["read"])

Limit = Query(50, ge=1, le=MAX_LIMIT, description=f"items per page (1-{MAX_LIMIT})")


def plain(value: Any) -> Any:
    """A store record (frozen dataclass, tuples) as JSON-ready data."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def page(p: Page) -> dict[str, Any]:
    return {"items": plain(p.items), "next_cursor": p.next_cursor}


def access(request: Request):
    return request.app.state.access.use()


@router.get("/articles", summary="Articles, newest first; full-text search and filters")
def list_articles(
    request: Request,
    q: Optional[str] = Query(None, max_length=500, description="full-text query over headline and body"),
    outlet: Optional[str] = Query(None, max_length=200),
    since: Optional[str] = Since,
    until: Optional[str] = Until,
    entity: Optional[str] = Query(None, max_length=200, description="canonical id, name or alias"),
    include_duplicates: bool = False,
    cursor: Optional[str] = Cursor,
    limit: int = Limit,
) -> dict[str, Any]:
    with access(request) as store:
        return page(store.list_articles(query=q or None, outlet=outlet, since=since, until=until, entity=entity,
                                        cursor=cursor, limit=limit, include_duplicates=include_duplicates))


@router.get("/articles/{article_id}", summary="One article's full record (id or a unique 6+ character prefix)")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    with access(request) as store:
        article = store.get_article(article_id)
    if article is None:
        raise not_found("article", article_id)
    return article.to_dict()


@router.get("/search", summary="Full-text search hits with snippets (matches wrapped in « »)")
def search(request: Request, q: str = Query(..., min_length=1, max_length=500),
           limit: int = Query(20, ge=1, le=MAX_LIMIT)) -> dict[str, Any]:
    with access(request) as store:
        return {"items": plain(store.search(q, limit=limit))}


@router.get("/entities", summary="Identities across the store, most-covered first")
def list_entities(
    request: Request,
    name: Optional[str] = Query(None, max_length=200),
    type: Optional[str] = Query(None, max_length=40, description="PERSON ORG GPE LOC FAC NORP ..."),
    cursor: Optional[str] = Cursor,
    limit: int = Limit,
) -> dict[str, Any]:
    with access(request) as store:
        return page(store.list_entities(name=name, type=type, cursor=cursor, limit=limit))


@router.get("/entities/{key}", summary="An entity: what it said, what was said about it, its events")
def entity_profile(request: Request, key: str, limit: int = Query(50, ge=1, le=1000)) -> dict[str, Any]:
    with access(request) as store:
        profile = store.entity_profile(key, limit=limit)
    if profile is None:
        raise not_found("entity", key)
    return plain(profile)


@router.get("/attributions", summary="Who said what, filtered")
def list_attributions(
    request: Request,
    filters: QuoteFilters = Depends(quote_filters),
    cursor: Optional[str] = Cursor,
    limit: int = Limit,
) -> dict[str, Any]:
    with access(request) as store:
        return page(store.list_attributions(**filters.store_args(), cursor=cursor, limit=limit))


@router.get("/contradictions", summary="Claims and the statements that counter them")
def list_contradictions(request: Request, cursor: Optional[str] = Cursor, limit: int = Limit) -> dict[str, Any]:
    with access(request) as store:
        return page(store.list_contradictions(cursor=cursor, limit=limit))


@router.get("/claims", summary="Check a claim: the stored articles and attributions that support, report, "
            "deny or reject it, with the evidence spans (character offsets into each article's text)")
def check_claim(request: Request, text: str = Query(..., min_length=1, max_length=1000, description="the claim"),
                limit: int = Query(20, ge=1, le=MAX_LIMIT)) -> JSONResponse:
    from newsgraph.link.claimcheck import check_claim_in

    with access(request) as store:
        found = plain(check_claim_in(store, text, limit=limit))
    # plain JSON already: sent as it is, not walked again by FastAPI's encoder (10 ms for 20 findings)
    return JSONResponse({"claim": text, "items": found})


@router.get("/events", summary="Who did what to whom, where and when")
def list_events(
    request: Request,
    filters: EventFilters = Depends(event_filters),
    cursor: Optional[str] = Cursor,
    limit: int = Limit,
) -> dict[str, Any]:
    with access(request) as store:
        return page(store.list_events(**filters.store_args(), cursor=cursor, limit=limit))


@router.get("/stories", summary="Stories: articles on one event across outlets")
def list_stories(request: Request, min_articles: int = Query(1, ge=1, le=1000),
                 cursor: Optional[str] = Cursor, limit: int = Limit) -> dict[str, Any]:
    with access(request) as store:
        return page(store.list_stories(cursor=cursor, limit=limit, min_articles=min_articles))


@router.get("/stories/{story_id}", summary="One story with its timeline")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    with access(request) as store:
        story = store.get_story(story_id)
    if story is None:
        raise not_found("story", story_id)
    return story.to_dict()


@router.get("/graph", summary="Sources and claims as nodes and stance-coloured edges")
def graph(request: Request, filters: GraphFilters = Depends(graph_filters)) -> dict[str, Any]:
    with access(request) as store:
        return graph_data(store, **filters.store_args())


@router.post("/ingest", tags=["write"], summary="Analyse and store text, HTML or JSONL (bearer token); linking follows")
async def ingest(
    request: Request,
    published: Optional[str] = Query(None, pattern=ISO_DATE, description="date when the input has none"),
    outlet: Optional[str] = Query(None, max_length=200, description="outlet when the input does not say"),
) -> dict[str, Any]:
    """Body by Content-Type: text/plain (a raw dump), text/html (one page), application/x-ndjson or
    application/jsonl (one JSON object a line with text or html). Needs ``Authorization: Bearer TOKEN``."""
    from newsgraph.web.ingest import ingest_body, kind_of, read_body

    check_token(request)
    kind = kind_of(request.headers.get("content-type", ""))
    body = await read_body(request)
    state = request.app.state
    return await run_in_threadpool(ingest_body, state.access, state.relinker, body, kind, published, outlet)


@router.get("/ingest/status", tags=["write"], summary="The background relink after ingest: state, last pass")
def ingest_status(request: Request) -> dict[str, Any]:
    """``state``: idle, pending or running; ``queued``: another pass will follow; ``last``: the last
    finished pass (ok, error, articles, stories, contradictions, seconds)."""
    return request.app.state.relinker.status()


def check_token(request: Request) -> None:
    """403 when the server has no token (ingest disabled); 401 when the request's is missing or wrong."""
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "ingest is disabled: start the server with --token or NEWSGRAPH_TOKEN to enable it")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "ingest needs an 'Authorization: Bearer <token>' header",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "invalid bearer token", headers={"WWW-Authenticate": "Bearer"})
