"""The PostgreSQL store: a server database with the SQLite store's schema, semantics and queries.

Tables and columns mirror ``migrations/`` (see ``migrations_pg/``); full text is a generated
``tsvector`` column with a GIN index instead of FTS5. The queries are shared with SQLite
(``sql_store.py``, ``sql_read.py``, spelt by ``dialect.PostgresDialect``); this module connects,
runs the migrations and takes the writers' lock. Writers serialise on a table lock on
``minhashes`` (SQLite's ``BEGIN IMMEDIATE``), for each batch and each save of the links, so a
near-duplicate check never misses a copy stored by another and two link saves never interleave;
readers take no lock (a rebuild of the identities cache only when its advisory lock is free). The schema lives in the first schema of the
connection's ``search_path`` (choose one with ``?options=-csearch_path%3Dname`` in the URL).
"""

from __future__ import annotations

import contextlib
from typing import Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import psycopg

from newsgraph.store.base import StoreError
from newsgraph.store.dialect import PostgresDialect, ts_query  # noqa: F401  (ts_query: re-exported)
from newsgraph.store.rows import bundled_migrations
from newsgraph.store.sql_store import SCHEMA_VERSION_TABLE, SQLStore

CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT = "60s"  # how long a writer waits for another writer's batch


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every bundled PostgreSQL migration, in order."""
    return bundled_migrations("migrations_pg")


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database, reached by a ``postgresql://`` URL.

    One connection per instance (autocommit; each batch is one explicit transaction): share an
    instance between threads only if calls are serialised; otherwise open one store per thread.
    """

    dialect = PostgresDialect()
    errors = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = display_url(url)  # what messages and the CLI show for "where is the store"
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {self.describe(exc)}") from exc
        self._set_up(self._settings_then_migrate)

    def _settings_then_migrate(self) -> None:
        # psycopg prepares a query run five times, and PostgreSQL then may plan it once for any parameters
        # (a generic plan): a search or an identity filter is then planned without its words or its
        # identity (GET /api/claims on 100,000 articles: 20 ms -> 500 ms). Every query is planned for its
        # own parameters instead (a millisecond or two each).
        self._conn.execute("SET plan_cache_mode = force_custom_plan")
        self._migrate()

    @staticmethod
    def describe(exc: BaseException) -> str:
        return " ".join(str(exc).split()) or type(exc).__name__

    def _bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Every row at once with ``COPY ... FROM STDIN`` (inside the caller's transaction)."""
        if not rows:
            return
        with contextlib.closing(self._conn.cursor()) as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def _migrate(self) -> None:
        """Find the schema to use, then apply every migration not applied yet, one process at a time."""
        schema = self._conn.execute("SELECT current_schema()").fetchone()[0]
        if schema is None:
            raise StoreError(
                f"cannot open store {self.path}: no schema in the search_path exists "
                f"(search_path is {self._conn.execute('SHOW search_path').fetchone()[0]!r})"
            )
        self.schema: str = schema
        if self._schema_is_current(migrations()):
            return  # nothing to write: opening a current store takes no lock
        with self._conn.transaction():
            # one migrating process at a time per schema
            self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ("newsgraph-migrate:" + self.schema,))
            self._conn.execute(SCHEMA_VERSION_TABLE)
            # a whole script: no parameters, many statements
            self._apply_migrations(migrations(), lambda sql: self._conn.execute(sql.encode("utf-8")))

    @contextlib.contextmanager
    def _transaction(self, lock: bool = True) -> Iterator[None]:
        """One transaction; with ``lock``, writers take turns (near-duplicates need every earlier batch)."""
        self._check_open()
        with self._conn.transaction():
            if lock:
                self._conn.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                self._conn.execute("LOCK TABLE minhashes IN SHARE ROW EXCLUSIVE MODE")
            yield

    @contextlib.contextmanager
    def _try_transaction(self, purpose: str) -> Iterator[bool]:
        """A transaction holding the advisory lock for ``purpose`` if no one holds it this instant."""
        self._check_open()
        with self._conn.transaction():
            got = self._conn.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))",
                                     (f"newsgraph-{purpose}:{self.schema}",)).fetchone()[0]
            yield bool(got)

    def integrity_check(self) -> str:
        """"ok" when every derived row points at a stored article and every article is indexed."""
        problems = []
        for table in ("entities", "attributions", "events", "contradictions", "minhashes"):
            n = self._rows(f"SELECT COUNT(*) FROM {table} t LEFT JOIN articles a ON a.id = t.article_id "
                           "WHERE a.id IS NULL", ())[0][0]
            if n:
                problems.append(f"{n} {table} rows without their article")
        n = self._rows("SELECT COUNT(*) FROM articles WHERE fts IS NULL", ())[0][0]
        if n:
            problems.append(f"{n} articles missing from the full-text index")
        return "; ".join(problems) or "ok"
