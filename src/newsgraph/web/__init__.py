"""How do people look at the store? An HTTP API and server-rendered pages (``newsgraph serve``)."""

from newsgraph.web.app import create_app, serve

__all__ = ["create_app", "serve"]
