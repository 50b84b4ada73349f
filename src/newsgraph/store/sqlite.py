"""The SQLite store: one file, WAL journal, versioned migrations, one transaction per batch.

The queries are shared with PostgreSQL (``sql_store.py``, ``sql_read.py``, spelt by
``dialect.SQLiteDialect``); this module opens the file, runs ``migrations/`` and says how a
transaction takes SQLite's single write lock (``BEGIN IMMEDIATE``). Full text lives in
external-content FTS5 tables kept in step by triggers.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

from newsgraph.store.base import StoreError
from newsgraph.store.dialect import SQLiteDialect, fts_query  # noqa: F401  (fts_query: re-exported)
from newsgraph.store.rows import bundled_migrations
from newsgraph.store.sql_store import SCHEMA_VERSION_TABLE, SQLStore

BUSY_TIMEOUT_S = 10.0


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every bundled SQLite migration, in order."""
    return bundled_migrations("migrations")


def split_statements(script: str) -> list[str]:
    """SQL statements of a script (trigger bodies stay whole), so they can run in one transaction."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise StoreError(f"incomplete SQL statement in migration: {current.strip()[:80]!r}")
    return statements


class SQLiteStore(SQLStore):
    """A store in one SQLite file (or ``":memory:"``).

    One connection per instance: share an instance between threads only if calls are
    serialised; otherwise open one store per thread (WAL lets readers run beside a writer).
    """

    dialect = SQLiteDialect()
    errors = (sqlite3.Error,)

    def __init__(self, path: str | Path) -> None:
        self.path = path if str(path) == ":memory:" else Path(path)
        if isinstance(self.path, Path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self._set_up(self._migrate)

    def _migrate(self) -> None:
        """Connection settings, then every migration not applied yet, in one transaction.

        A store whose schema is current is only read (WAL mode once set stays set), so opening
        one never takes the write lock and never waits for a writer.
        """
        for setting in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
            self._conn.execute(f"PRAGMA {setting}")
        if self._schema_is_current(migrations()):
            return

        def run_script(sql: str) -> None:
            for statement in split_statements(sql):
                self._conn.execute(statement)

        with self._transaction():
            self._conn.execute(SCHEMA_VERSION_TABLE)
            self._apply_migrations(migrations(), run_script)

    @contextlib.contextmanager
    def _transaction(self, lock: bool = True) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; on any error ROLLBACK.

        Every SQLite write transaction holds the one write lock, whatever ``lock`` says.
        """
        self._check_open()
        self._conn.execute("BEGIN IMMEDIATE")
        with self._until_commit():
            yield

    @contextlib.contextmanager
    def _until_commit(self) -> Iterator[None]:
        """In a transaction just begun: COMMIT at the end, ROLLBACK on any error."""
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextlib.contextmanager
    def _try_transaction(self, purpose: str) -> Iterator[bool]:
        """BEGIN IMMEDIATE if the write lock is free this instant (yields True), else nothing (False)."""
        self._check_open()
        self._conn.execute("PRAGMA busy_timeout = 0")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            got = True
        except sqlite3.OperationalError:  # another connection is writing, or the file is read-only
            got = False
        finally:
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if not got:
            yield False
            return
        with self._until_commit():
            yield True

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file: "ok" when sound."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])
