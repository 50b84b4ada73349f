"""newsgraph: raw news in; who said what, who did what to whom, where and when out.

The public API is small::

    import newsgraph
    record = newsgraph.analyze("dump.txt")           # or a text string, a folder, a glob
    with newsgraph.open_store("news.db") as store:    # SQLite by default
        store.add_articles(record.articles)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "analyze", "open_store"]

if TYPE_CHECKING:  # pragma: no cover
    from newsgraph.api import analyze
    from newsgraph.store import open_store


def __getattr__(name: str) -> Any:
    """Import lazily so ``import newsgraph`` stays cheap (spaCy loads only when used)."""
    if name == "analyze":
        from newsgraph.api import analyze

        return analyze
    if name == "open_store":
        from newsgraph.store import open_store

        return open_store
    raise AttributeError(name)
