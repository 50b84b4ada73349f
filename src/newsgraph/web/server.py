"""How is the app served? uvicorn over h11, with a Host check, bounded connections and timeouts.

- ``HostGuard`` answers 421 to a request whose Host header is not one this server is known by
  (loopback names, the bound address, the operator's allow-list): a page on another site that
  rebinds its DNS name to 127.0.0.1 cannot read the store through the visitor's browser.
- ``GuardedH11Protocol`` closes a connection that has not sent a complete request head within
  ``header_timeout`` seconds (half-open sockets, slow headers), refuses connections beyond
  ``max_connections`` with a JSON 503, and answers malformed requests with a JSON 400;
  uvicorn's ``timeout_keep_alive`` closes idle keep-alive connections.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterable
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

ALLOWED_HOSTS_ENV = "NEWSGRAPH_ALLOWED_HOSTS"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("", "0.0.0.0", "::")
HEADER_TIMEOUT_S = 10.0  # a request head (request line and headers) must arrive within this
KEEP_ALIVE_TIMEOUT_S = 5  # an idle keep-alive connection is closed after this
GRACEFUL_SHUTDOWN_S = 10  # on Ctrl-C, open connections get this long to finish
MAX_CONNECTIONS = 256


def host_name(header: str) -> str:
    """The name in a Host header, lower-cased, without port, brackets or a trailing dot."""
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8787
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def allowed_hosts(bound: str | None = None, extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback names, the bound address unless it is a wildcard, and ``extra`` (``*``: any host)."""
    names = set(LOOPBACK_NAMES)
    if bound is not None and bound not in WILDCARD_BINDS:
        names.add(host_name(bound))
    names.update(host_name(n) if n.strip() != "*" else "*" for n in extra if n.strip())
    return frozenset(names)


def env_allowed_hosts() -> list[str]:
    """Names from NEWSGRAPH_ALLOWED_HOSTS (comma- or space-separated)."""
    return os.environ.get(ALLOWED_HOSTS_ENV, "").replace(",", " ").split()


def _raw_response(status: int, reason: str, body: dict[str, Any]) -> bytes:
    """A complete HTTP/1.1 response with the JSON body and the security headers, closing the connection."""
    from newsgraph.web.app import SECURITY_HEADERS

    payload = json.dumps(body).encode()
    head = [f"HTTP/1.1 {status} {reason}", "content-type: application/json",
            f"content-length: {len(payload)}", "connection: close"]
    head += [f"{name.lower()}: {value}" for name, value in SECURITY_HEADERS.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload


class HostGuard:
    """ASGI middleware: 421 (400 without a Host header) unless the Host is one of ``allowed``."""

    def __init__(self, app: Any, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(allowed)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket") and "*" not in self.allowed:
            raw = next((v for k, v in scope.get("headers", ()) if k == b"host"), None)
            problem = None
            if raw is None:
                problem = (400, "the request has no Host header")
            elif host_name(raw.decode("latin-1")) not in self.allowed:
                problem = (421, f"this server does not answer for host {raw.decode('latin-1')[:100]!r}: "
                                f"allowed are {', '.join(sorted(self.allowed))} (add names with --allow-host "
                                f"or {ALLOWED_HOSTS_ENV})")
            if problem is not None:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                from fastapi.responses import JSONResponse

                from newsgraph.web.app import SECURITY_HEADERS

                status, message = problem
                response = JSONResponse({"error": message, "status": status}, status_code=status,
                                        headers=SECURITY_HEADERS)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class GuardedH11Protocol(H11Protocol):
    """h11 with a deadline for each request head and a cap on open connections."""

    header_timeout: float = HEADER_TIMEOUT_S
    max_connections: int = MAX_CONNECTIONS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.write(_raw_response(503, "Service Unavailable", {
                "error": f"too many open connections (at most {self.max_connections}): try again shortly",
                "status": 503}))
            transport.close()
            return
        self._arm_head_deadline()

    def _arm_head_deadline(self) -> None:
        self._cancel_head_deadline()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a whole request head arrived
            self._cancel_head_deadline()

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm_head_deadline()  # the next request on this connection gets its own deadline
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self.transport.write(_raw_response(400, "Bad Request", {"error": f"malformed HTTP request: {msg}",
                                                                "status": 400}))
        self.transport.close()


def protocol(header_timeout: float = HEADER_TIMEOUT_S, max_connections: int = MAX_CONNECTIONS) -> type:
    """A protocol class with these limits (uvicorn builds one instance per connection)."""
    return type("NewsgraphH11Protocol", (GuardedH11Protocol,),
                {"header_timeout": header_timeout, "max_connections": max_connections})


def build_server(app: Any, host: str, port: int, header_timeout: float = HEADER_TIMEOUT_S,
                 max_connections: int = MAX_CONNECTIONS, log_level: str = "info") -> Any:
    """A uvicorn server for ``app`` with the limits above (run it with ``.run()``)."""
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level, http=protocol(header_timeout, max_connections),
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT_S, timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        server_header=False, proxy_headers=False,
    )
    return uvicorn.Server(config)
