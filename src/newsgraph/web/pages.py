"""Which pages can a person open? Server-rendered views of the store, each at a real URL with its filters."""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from newsgraph.store.base import MARK_END, MARK_START
from newsgraph.web.app import not_found
from newsgraph.web.params import (
    ISO_DATE, MAX_LIMIT, EventFilters, GraphFilters, QuoteFilters, event_filters, graph_filters, quote_filters,
)
from newsgraph.web.mapview import LISTED, map_data
from newsgraph.web.views import graph_data, land_paths, reader_paragraphs

router = APIRouter(include_in_schema=False)

PageLimit = Query(50, ge=1, le=MAX_LIMIT)
Cursor = Query(None, max_length=500)
Date = Query(None, pattern=ISO_DATE)


def render(request: Request, template: str, nav: str, **context: Any) -> HTMLResponse:
    context.update(nav=nav, url_with=lambda **changes: url_with(request, **changes))
    return request.app.state.templates.TemplateResponse(request, template, context)


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None drops one); cursor resets unless given."""
    params = {k: v for k, v in request.query_params.items() if k != "cursor"}
    params.update({k: v for k, v in changes.items()})
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return request.url.path + ("?" + urlencode(clean) if clean else "")


def snippet_pieces(snippet: str | None) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) pieces, cut at the « » markers the store puts round matches."""
    pieces, rest = [], snippet or ""
    while MARK_START in rest:
        before, _, after = rest.partition(MARK_START)
        matched, _, rest = after.partition(MARK_END)
        pieces += [(before, False), (matched, True)]
    pieces.append((rest, False))
    return [p for p in pieces if p[0]]


@router.get("/", response_class=HTMLResponse)
def articles_page(
    request: Request,
    q: Optional[str] = Query(None, max_length=500),
    outlet: Optional[str] = Query(None, max_length=200),
    since: Optional[str] = Date,
    until: Optional[str] = Date,
    entity: Optional[str] = Query(None, max_length=200),
    cursor: Optional[str] = Cursor,
    limit: int = PageLimit,
) -> HTMLResponse:
    with request.app.state.access.use() as store:
        result = store.list_articles(query=q or None, outlet=outlet or None, since=since or None,
                                     until=until or None, entity=entity or None, cursor=cursor, limit=limit)
        total = store.count(include_duplicates=False)
    return render(request, "articles.html", "articles", page=result, total=total, snippet_pieces=snippet_pieces,
                  filters={"q": q or "", "outlet": outlet or "", "since": since or "", "until": until or "",
                           "entity": entity or ""})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def reader_page(request: Request, article_id: str) -> HTMLResponse:
    with request.app.state.access.use() as store:
        article = store.get_article(article_id)
    if article is None:
        raise not_found("article", article_id)
    by_id = {a.id: a for a in article.attributions}
    return render(request, "reader.html", "articles", article=article, paragraphs=reader_paragraphs(article),
                  attributions=by_id, entities={e.id: e for e in article.entities})


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(
    request: Request,
    filters: QuoteFilters = Depends(quote_filters),
    cursor: Optional[str] = Cursor,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
) -> HTMLResponse:
    with request.app.state.access.use() as store:
        result = store.list_attributions(**filters.store_args(), cursor=cursor, limit=limit)
    return render(request, "quotes.html", "quotes", page=result, filters=filters.form())


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions_page(request: Request, cursor: Optional[str] = Cursor, limit: int = PageLimit,
                        claim: Optional[str] = Query(None, max_length=1000)) -> HTMLResponse:
    from newsgraph.link.claimcheck import check_claim_in

    claim = (claim or "").strip() or None
    with request.app.state.access.use() as store:
        result = store.list_contradictions(cursor=cursor, limit=limit)
        findings = check_claim_in(store, claim) if claim else None
    return render(request, "contradictions.html", "contradictions", page=result, claim=claim, findings=findings)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    name: Optional[str] = Query(None, max_length=200),
    type: Optional[str] = Query(None, max_length=40),
    cursor: Optional[str] = Cursor,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
) -> HTMLResponse:
    with request.app.state.access.use() as store:
        result = store.list_entities(name=name or None, type=type or None, cursor=cursor, limit=limit)
    return render(request, "entities.html", "entities", page=result,
                  filters={"name": name or "", "type": type or ""})


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str) -> HTMLResponse:
    with request.app.state.access.use() as store:
        profile = store.entity_profile(key)
    if profile is None:
        raise not_found("entity", key)
    timeline = sorted(profile.events, key=lambda e: (e.date or e.published or "", e.article_id, e.start))
    return render(request, "entity.html", "entities", profile=profile, timeline=timeline)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, min_articles: int = Query(1, ge=1, le=1000), cursor: Optional[str] = Cursor,
                 limit: int = PageLimit) -> HTMLResponse:
    with request.app.state.access.use() as store:
        result = store.list_stories(cursor=cursor, limit=limit, min_articles=min_articles)
    return render(request, "stories.html", "stories", page=result, min_articles=min_articles)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    with request.app.state.access.use() as store:
        story = store.get_story(story_id)
        if story is None:
            raise not_found("story", story_id)
        articles = [a for a in (store.get_article(aid) for aid in story.article_ids) if a is not None]
    articles.sort(key=lambda a: (a.published or "", a.id))
    timeline = sorted(story.timeline, key=lambda t: (t.date or "",))
    refs = {f"{a.id}/{q.id}": (a, q) for a in articles for q in a.attributions}
    return render(request, "story.html", "stories", story=story, articles=articles, timeline=timeline, refs=refs)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, filters: GraphFilters = Depends(graph_filters)) -> HTMLResponse:
    with request.app.state.access.use() as store:
        data = graph_data(store, **filters.store_args())
    return render(request, "graph.html", "graph", data=data, filters=filters.form())


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, filters: EventFilters = Depends(event_filters)) -> HTMLResponse:
    with request.app.state.access.use() as store:
        data = map_data(store, filters.store_args())
    return render(request, "map.html", "map", data=data, markers=data.markers, listed=LISTED, land_paths=land_paths,
                  filters=filters.form())


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description rendered as a page (no Swagger bundle from a CDN)."""
    spec = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, **op}
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "docs.html", "docs", spec=spec, operations=operations)
