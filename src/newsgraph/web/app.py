"""What does ``newsgraph serve`` run? A FastAPI app: JSON API under /api, pages at /, strict CSP.

The store has one SQLite connection, so every call into it goes through ``StoreAccess``,
which serialises calls with a first-come first-served lock (FastAPI runs sync endpoints in a
thread pool; the background relinker queues like any reader). Every failure answers with a
JSON error (an HTML page for the pages) carrying the security headers; ``server.py`` says how
the app is served.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Iterator
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__
from newsgraph.store import Store, StoreError, open_store
from newsgraph.web.relinker import FairLock, Relinker
from newsgraph.web.server import HostGuard, allowed_hosts, build_server, env_allowed_hosts

WEB_DIR = Path(__file__).resolve().parent
TOKEN_ENV = "NEWSGRAPH_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8787
log = logging.getLogger("newsgraph.web")

# Everything the browser may load comes from this server; no inline script or style runs.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class StoreAccess:
    """One store shared by all requests, one call at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = FairLock()
        self._write_lock = threading.Lock()

    @contextmanager
    def use(self) -> Iterator[Store]:
        with self._lock:
            yield self.store

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Held around each write (taken before ``use``): ingest waits for a link save, reads do not."""
        with self._write_lock:
            yield


def templates() -> Jinja2Templates:
    """Jinja2 with autoescaping on for every template (they all end in .html)."""
    t = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    t.env.autoescape = True
    t.env.globals["version"] = __version__
    from newsgraph.web import views

    t.env.filters.update(views.FILTERS)
    t.env.globals.update(views.GLOBALS)
    return t


def create_app(store: Store | str | Path | None = None, token: str | None = None,
               hosts: Any = None) -> FastAPI:
    """The app over ``store`` (a Store, or a path/URL for ``open_store``); ``token`` enables POST /api/ingest.

    ``hosts``: the Host header names answered (default: the loopback names; see ``server.allowed_hosts``).
    """
    owned = not isinstance(store, Store)
    if owned:
        store = open_store(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        _app.state.relinker.close()  # before the store closes under it
        if owned:  # a store handed in belongs to the caller
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsgraph",
        version=__version__,
        description="Who said what, who did what to whom, where and when: read the store; "
        "POST /api/ingest (bearer token) to add news.",
        docs_url=None,  # the stock Swagger page loads from a CDN; /docs is rendered here instead
        redoc_url=None,
    )
    app.state.access = StoreAccess(store)
    app.state.relinker = Relinker(app.state.access)
    app.state.token = token or None
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    from newsgraph.web.api import router as api_router
    from newsgraph.web.pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        if not _wants_json(request):  # a page's filter form sends empty fields: they mean "any"
            request.scope["query_string"] = _without_empty(request.scope.get("query_string", b""))
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    _install_error_handlers(app)
    app.add_middleware(HostGuard, allowed=allowed_hosts() if hosts is None else hosts)  # outermost of ours
    return app


def _without_empty(query: bytes) -> bytes:
    return urlencode([(k, v) for k, v in parse_qsl(query.decode("latin-1"), keep_blank_values=True) if v]).encode()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path in ("/ingest", "/openapi.json")


def _error(request: Request, status: int, message: str, details: Any = None,
           headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if details is not None:
            body["details"] = details
        return JSONResponse(body, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, "details": details},
        status_code=status, headers={**SECURITY_HEADERS, **(headers or {})},
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        return _error(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"param": ".".join(str(p) for p in e.get("loc", ())[1:]) or str(e.get("loc")), "problem": _problem(e)}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{d['param']}: {d['problem']}" for d in details)
        return _error(request, 422, f"invalid request parameters ({summary})", details)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError) -> Response:
        return _error(request, 400, str(exc) or "invalid value")

    @app.exception_handler(Exception)  # anything else: logged with its traceback, answered without it
    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        message = "internal error: the request could not be completed (the server log has the details)"
        try:
            return _error(request, 500, message)
        except Exception:  # the error page itself failed: plain JSON
            return JSONResponse({"error": message, "status": 500}, status_code=500, headers=SECURITY_HEADERS)


def _problem(error: dict[str, Any]) -> str:
    if error.get("type") == "string_pattern_mismatch":  # the only pattern used is the ISO date
        return "expected an ISO date: YYYY, YYYY-MM or YYYY-MM-DD"
    return str(error.get("msg"))


def not_found(what: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} with id {key!r}")


def serve(db: str | Path | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          token: str | None = None, allow_hosts: tuple[str, ...] = ()) -> None:
    """Run the server until interrupted; binds 127.0.0.1 unless ``host`` says otherwise.

    Requests are answered for the loopback names, ``host`` itself, ``allow_hosts`` and the names in
    NEWSGRAPH_ALLOWED_HOSTS (``*`` answers any Host: only behind a proxy that checks it).
    """
    hosts = allowed_hosts(host, (*allow_hosts, *env_allowed_hosts()))
    app = create_app(db, token=token or os.environ.get(TOKEN_ENV) or None, hosts=hosts)
    build_server(app, host=host, port=port).run()
