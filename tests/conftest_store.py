"""Store backends for the store tests: each runs on SQLite and, given a server, on PostgreSQL.

``store_target`` is what ``open_store`` takes: a fresh SQLite path, or a ``postgresql://`` URL whose
search_path is a fresh schema (dropped after the test). The PostgreSQL variant needs
``NEWSGRAPH_TEST_PG_URL`` (``eval "$(.ci/pg-start)"`` starts a local server and prints it); without
it the variant is skipped, except under CI (``CI=true``), where a missing server fails the test.
Import the fixture into a test module with ``from conftest_store import store_target``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

PG_ENV = "NEWSGRAPH_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def pg_url_or_skip() -> str:
    """The test server's URL; skips (or fails under CI) when none is configured."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"{PG_ENV} is not set but CI=true: CI must run the PostgreSQL store tests "
                    '(start a server with eval "$(.ci/pg-start)")', pytrace=False)
    pytest.skip(f'{PG_ENV} is not set: no PostgreSQL server for the store tests (eval "$(.ci/pg-start)" starts one)')


def with_search_path(url: str, schema: str) -> str:
    """``url`` with ``options=-csearch_path=<schema>`` added to its query string."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


@contextlib.contextmanager
def pg_schema(url: str) -> Iterator[str]:
    """A URL whose search_path is a new, empty schema; the schema and all in it are dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"ng_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        try:
            yield with_search_path(url, name)
        finally:
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


def is_postgres(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith("postgresql://")


def raw_sql(target: str | Path, statement: str, params: tuple[Any, ...] = ()) -> list[tuple]:
    """Run one statement (``?`` placeholders) on its own connection to the store; commit; return its rows."""
    if is_postgres(target):
        import psycopg

        with psycopg.connect(str(target), autocommit=True) as con:
            cur = con.execute(statement.replace("?", "%s"), params)
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
    con = sqlite3.connect(target)
    try:
        rows = con.execute(statement, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


@pytest.fixture(params=BACKENDS)
def store_target(request, tmp_path) -> Iterator[str | Path]:
    """Where to open a fresh, empty store: a SQLite path, or a PostgreSQL URL with its own schema."""
    if request.param == "sqlite":
        yield tmp_path / "store" / "newsgraph.db"
        return
    with pg_schema(pg_url_or_skip()) as url:
        yield url
