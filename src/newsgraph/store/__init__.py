"""Where analysed articles are kept: ``open_store`` picks the backend from a path or URL."""

from __future__ import annotations

import os
from pathlib import Path

from newsgraph.store.base import (
    EXPORT_FORMATS, MARK_END, MARK_START, AddResult, QuoteRow, SearchHit, Store, StoreError,
)

DB_ENV = "NEWSGRAPH_DB"  # overrides the default location when no target is given


def default_store_path() -> Path:
    """``$NEWSGRAPH_DB`` if set, else ``newsgraph.db`` in the user's data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("newsgraph")) / "newsgraph.db"


class NoSuchStore(StoreError):
    """``open_store(..., create=False)`` on a SQLite file that does not exist."""


def open_store(target: str | Path | None = None, *, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at ``target``.

    With ``create=False`` a SQLite file that does not exist is an error (:class:`NoSuchStore`),
    so a reader never leaves a new empty store behind a mistyped path.

    None: the default SQLite file (see ``default_store_path``). A path, ``sqlite:///path``
    or ``":memory:"``: a SQLite store. ``postgresql://...`` (also ``postgres://``,
    ``postgresql+psycopg://``): a PostgreSQL store, in the first schema of the search_path
    (``?options=-csearch_path%3Dname`` picks one).
    """
    from newsgraph.store.sqlite import SQLiteStore

    if target is None:
        return SQLiteStore(_existing(default_store_path(), create))
    if isinstance(target, str):
        scheme = target.split("://", 1)[0].lower() if "://" in target else ""
        if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
            return _open_postgres("postgresql://" + target.split("://", 1)[1])
        if scheme == "sqlite":
            target = target.split("://", 1)[1]
            # SQLAlchemy style: sqlite:///relative.db -> relative.db ; sqlite:////abs.db -> /abs.db
            target = target[1:] if target.startswith("/") else target
        elif scheme:
            raise StoreError(f"unknown store URL scheme {scheme!r}: give a SQLite file path or a postgresql:// URL")
        if target == ":memory:":
            return SQLiteStore(":memory:")
    return SQLiteStore(_existing(Path(target).expanduser(), create))


def _existing(path: Path, create: bool) -> Path:
    if not create and not path.exists():
        raise NoSuchStore(f"store {path} does not exist (ingest into it first, or give --db)")
    return path


def _open_postgres(url: str) -> Store:
    try:
        from newsgraph.store.postgres import PostgresStore
    except ImportError as exc:
        raise StoreError(f"PostgreSQL stores need psycopg, which is not installed: pip install 'newsgraph[postgres]' ({exc})") from exc
    return PostgresStore(url)


__all__ = [
    "AddResult", "DB_ENV", "EXPORT_FORMATS", "MARK_END", "MARK_START", "QuoteRow", "SearchHit", "Store",
    "NoSuchStore", "StoreError", "default_store_path", "open_store",
]
