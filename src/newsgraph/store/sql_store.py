"""What the SQLite and PostgreSQL stores do the same way: batches, near-duplicates, records, search.

Both backends share one schema (``migrations/`` and ``migrations_pg/``), so this class (with the
listings of ``sql_read.py``) holds every query, written with ``?`` placeholders;
the :class:`~newsgraph.store.dialect.Dialect` supplies the SQL that differs. A backend subclass
adds only what is its own: the connection, the transaction and writers' lock, the migration
runner and ``integrity_check``.

An article's row (its columns, ``text`` and the ``record`` JSON kept beside them, see ``lean.py``)
is the source of truth; the entity, attribution, event and contradiction rows and the full-text
index are derived from it inside the same transaction (``bulk.py``), so a crash leaves either the
whole batch or none of it.
"""

from __future__ import annotations

import abc
import contextlib
import json
from typing import Any, Callable, ContextManager, Iterable, Iterator, Sequence

from newsgraph.model import Article, Contradiction, Story, replace
from newsgraph.store.base import MIN_ID_PREFIX, SearchHit, Store, StoreError
from newsgraph.store.bulk import BulkWrites, now
from newsgraph.store.claimreads import CLAIM_READINGS, ClaimReads
from newsgraph.store.lean import ARTICLE_SOURCE, QUOTE_SOURCE, pack_timeline, timeline_entries, timeline_refs, \
    unpack_article, unpack_story
from newsgraph.store.linking import LINKED_THROUGH, IncrementalLinks, _chunks
from newsgraph.store.rows import Row, named_rows, story_row
from newsgraph.store.sql_read import SQLReader

LEAN_RECORDS = 10  # the migration after which records are rewritten lean (lean.py)
BAND_DAYS = 12  # the migration after which band rows stored before get their day (bulk.py)
# store_meta keys: bumped by every batch adding new articles / set to the version the saved links cover
ARTICLES_VERSION, LINKS_VERSION = "articles_version", "links_version"
# store_meta key: the size (highest key) of each planned table when its statistics were last gathered
STATISTICS_OF = "statistics_of"
SIZED_TABLES = ("articles", "entities", "attributions", "events", "contradictions", "stories", "cross_contradictions")
SCHEMA_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


class SQLStore(BulkWrites, IncrementalLinks, ClaimReads, SQLReader, Store):
    """A store over one database connection.

    A subclass sets ``dialect`` and ``errors``, opens ``_conn`` (a DB-API connection with
    ``execute``), sets ``path`` and says how a transaction takes the writers' lock.
    """

    errors: tuple[type[Exception], ...] = ()  # the driver's exceptions, reported as StoreError
    path: Any  # where the store is, as messages and the CLI show it
    _conn: Any
    _closed = False

    # --- what a backend provides -----------------------------------------------

    @abc.abstractmethod
    def _transaction(self, lock: bool = True) -> ContextManager[None]:
        """One transaction; ``lock`` also holds the writers' lock. On any error: roll back."""

    @staticmethod
    def describe(exc: BaseException) -> str:
        """A driver error as one line of a message."""
        return str(exc)

    # --- running SQL -------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self.dialect.sql(sql), params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            with contextlib.closing(self._conn.cursor()) as cursor:
                cursor.executemany(self.dialect.sql(sql), rows)

    def _rows(self, sql: str, params: Iterable[Any], what: str = "query") -> list[Row]:
        """The rows of a query, read by column name (or position); a driver error becomes a StoreError."""
        self._check_open()
        try:
            return named_rows(self._execute(sql, tuple(params)))
        except self.errors as exc:
            raise StoreError(f"{what} failed: {self.describe(exc)}") from exc

    def _value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row of a query (None when there is no row)."""
        rows = self._rows(sql, params)
        return rows[0][0] if rows else None

    # --- schema ------------------------------------------------------------------

    def _set_up(self, steps: Callable[[], None]) -> None:
        """Run ``steps`` (settings, migrations) on the new connection; on failure close it, raise StoreError."""
        try:
            steps()
        except (*self.errors, StoreError) as exc:
            self._conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open store {self.path}: {self.describe(exc)}") from exc

    def _schema_is_current(self, known: list[tuple[int, str, str]]) -> bool:
        """Whether every bundled migration is applied already, found by a read: opening a current
        store writes nothing and so never waits for a writer. A newer schema is an error."""
        newest = max((v for v, _, _ in known), default=0)
        try:
            applied = {row[0] for row in self._execute("SELECT version FROM schema_version").fetchall()}
        except self.errors:  # a new store (no schema_version table yet), or not a store: migrating says which
            return False
        if applied and max(applied) > newest:
            raise StoreError(
                f"store {self.path} has schema version {max(applied)}, newer than this newsgraph knows ({newest}): "
                "upgrade newsgraph"
            )
        return applied >= {v for v, _, _ in known}  # any one missing (not only the newest) is applied

    def _apply_migrations(self, known: list[tuple[int, str, str]], run_script: Callable[[str], Any]) -> None:
        """Inside the caller's transaction: run (``run_script(sql)``) and record each migration not applied yet."""
        applied = {row[0] for row in self._execute("SELECT version FROM schema_version")}
        newest = max((v for v, _, _ in known), default=0)
        if applied and max(applied) > newest:
            raise StoreError(
                f"store {self.path} has schema version {max(applied)}, newer than this "
                f"newsgraph knows ({newest}): upgrade newsgraph"
            )
        for version, name, sql in known:
            if version in applied:
                continue
            run_script(sql)
            if version == LEAN_RECORDS:
                self._rewrite_lean()
            if version == CLAIM_READINGS:
                self.refresh_claim_readings()
            if version == BAND_DAYS:
                self._fill_band_days()
            self._execute("INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
                          (version, name, now()))

    def _rewrite_lean(self, batch: int = 500) -> None:
        """Migration 0010, inside its transaction: every article record and story timeline written
        before it is rewritten lean (the text once, the rest by offsets and references)."""
        from newsgraph.store.lean import pack_article

        last = 0
        while rows := self._rows(f"SELECT pk, {ARTICLE_SOURCE}, record FROM articles WHERE pk > ? ORDER BY pk LIMIT ?",
                                 (last, batch)):
            self._executemany("UPDATE articles SET record = ? WHERE pk = ?",
                              [(pack_article(unpack_article(r["record"], r)), r["pk"]) for r in rows])
            last = rows[-1]["pk"]
        last = 0
        while rows := self._rows("SELECT pk, record FROM stories WHERE pk > ? ORDER BY pk LIMIT ?", (last, batch)):
            stories = self._stories_from([r["record"] for r in rows])
            self._executemany("UPDATE stories SET record = ? WHERE pk = ?",
                              [(new["record"], r["pk"]) for r, new in zip(rows, self._story_rows(stories))])
            last = rows[-1]["pk"]

    def schema_version(self) -> int:
        return int(self._value("SELECT MAX(version) FROM schema_version") or 0)

    # --- writing -----------------------------------------------------------------

    def save_links(self, stories: Iterable[Story], contradictions: Iterable[Contradiction],
                   canonical_ids: dict[tuple[str, str], str], as_of: int | None = None) -> bool:
        stories, contradictions = list(stories), list(contradictions)
        try:
            # the writers' lock: one linking pass saved at a time, and none beside a batch being added
            with self._transaction():
                versions = self._versions()
                as_of = versions[ARTICLES_VERSION] if as_of is None else as_of
                if as_of < versions[LINKS_VERSION]:
                    return False  # another writer saved links worked out from more articles
                self._write_links(stories, contradictions, canonical_ids)
                self._set_meta(LINKS_VERSION, str(as_of))
                # links from elsewhere: the incremental indexes no longer match them, the next pass starts over
                self._execute("DELETE FROM store_meta WHERE key = ?", (LINKED_THROUGH,))
        except self.errors as exc:
            raise StoreError(f"could not save the links (rolled back): {self.describe(exc)}") from exc
        self._keep_statistics()
        return True

    # --- the query planner's statistics ----------------------------------------------

    def _table_sizes(self) -> dict[str, int]:
        """The highest key of each table keyed by ``pk``: its size, read from the end of its primary key."""
        return {t: int(self._value(f"SELECT COALESCE(MAX(pk), 0) FROM {t}")) for t in SIZED_TABLES}

    def _keep_statistics(self) -> None:
        """After a committed write: gather the planner's statistics again (ANALYZE) once some table has
        at least doubled since they were last gathered, so plans follow the store as it grows and a
        store's whole life costs a few (log of its size) runs. Skipped this time when another writer
        is busy; statistics are an aid to the planner, so a failure here never fails the write."""
        try:
            sizes = self._table_sizes()
            known = json.loads(self._value("SELECT value FROM store_meta WHERE key = ?", (STATISTICS_OF,)) or "{}")
            if not any(n > 0 and n >= 2 * int(known.get(t, 0)) for t, n in sizes.items()):
                return
            with self._try_transaction("statistics") as got:
                if got:
                    for statement in self.dialect.analyze():
                        self._execute(statement)
                    self._set_meta(STATISTICS_OF, json.dumps(sizes, sort_keys=True))
        except (*self.errors, StoreError, ValueError):
            pass

    # --- how current the links are -------------------------------------------------

    def _versions(self) -> dict[str, int]:
        found = {r["key"]: r["value"] for r in self._rows(
            "SELECT key, value FROM store_meta WHERE key IN (?, ?)", (ARTICLES_VERSION, LINKS_VERSION))}
        return {key: int(found.get(key) or 0) for key in (ARTICLES_VERSION, LINKS_VERSION)}

    def content_version(self) -> int:
        return self._versions()[ARTICLES_VERSION]

    def links_stale(self) -> bool:
        versions = self._versions()
        return versions[ARTICLES_VERSION] != versions[LINKS_VERSION]

    def _set_meta(self, key: str, value: str) -> None:
        self._execute("INSERT INTO store_meta(key, value) VALUES (?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def _articles_changed(self) -> None:
        """Inside the batch's transaction: the links no longer cover every stored article."""
        self._bump(ARTICLES_VERSION)

    # --- reading records -----------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        self._check_open()
        rows = self._rows(f"SELECT {ARTICLE_SOURCE}, record FROM articles WHERE id = ?", (article_id,))
        if not rows and len(article_id) >= MIN_ID_PREFIX:
            rows = self._rows(
                f"SELECT {ARTICLE_SOURCE}, record FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                (article_id, article_id + "\U0010ffff"),
            )
            if len(rows) > 1:
                raise StoreError(
                    f"article id prefix {article_id!r} is ambiguous: {rows[0]['id']}, {rows[1]['id']}, ...")
        return self._with_canonical_ids(unpack_article(rows[0]["record"], rows[0])) if rows else None

    def _with_canonical_ids(self, article: Article) -> Article:
        """The record with the canonical ids of the latest linking pass (kept in ``entities``)."""
        if not article.entities:
            return article
        ids = {r["entity_id"]: r["canonical_id"]
               for r in self._rows("SELECT entity_id, canonical_id FROM entities WHERE article_id = ?", (article.id,))}
        entities = tuple(replace(e, canonical_id=ids.get(e.id) or e.canonical_id) for e in article.entities)
        return replace(article, entities=entities)

    def iter_articles(self, batch_size: int = 500, include_duplicates: bool = True) -> Iterator[Article]:
        self._check_open()
        where = "" if include_duplicates else " AND duplicate_of IS NULL"
        last = 0
        while True:
            rows = self._rows(f"SELECT pk, {ARTICLE_SOURCE}, record FROM articles WHERE pk > ?{where} ORDER BY pk LIMIT ?",
                              (last, max(1, batch_size)))
            if not rows:
                return
            for r in rows:
                yield unpack_article(r["record"], r)
            last = rows[-1]["pk"]

    # --- stories: timelines refer to the quotes they show ----------------------------

    def _stored_entries(self, article_ids: Iterable[str]) -> dict[tuple[str, str | None], dict[str, Any]]:
        ids = sorted(set(article_ids))
        rows: list[Row] = []
        for part in _chunks(ids):
            rows += self._rows(QUOTE_SOURCE.format(marks=", ".join("?" * len(part))), part)
        return timeline_entries(rows)

    def _story_row(self, pk: int, story: Story) -> dict[str, Any]:
        """The stories row of ``story``, its timeline entries kept as references where the store gives
        them back exactly (writers of links call this instead of ``rows.story_row``)."""
        return self._story_rows([story], pk)[0]

    def _story_rows(self, stories: Sequence[Story], first_pk: int = 1) -> list[dict[str, Any]]:
        """``_story_row`` of each story, keys numbered from ``first_pk``, the quotes read a few hundred
        articles at a time."""
        rows = []
        for n, part in enumerate(_chunks(stories, 200)):
            stored = self._stored_entries(e.article_id for s in part for e in s.timeline)
            for pk, story in enumerate(part, first_pk + 200 * n):
                rows.append({**story_row(pk, story), "record": pack_timeline(story, stored)})
        return rows

    def _stories_from(self, records: Sequence[str]) -> list[Story]:
        """Stories from their stored record JSON, references to quotes read back from the store."""
        parsed = [json.loads(r) for r in records]
        stored = self._stored_entries(timeline_refs(parsed))
        return [unpack_story(d, stored) for d in parsed]

    def table(self, name: str) -> tuple[Any, Iterator[dict[str, Any]]]:
        from newsgraph.store.tables import iter_rows, table_spec

        spec = table_spec(self, name)
        return spec, iter_rows(self, spec)

    def count(self, include_duplicates: bool = True) -> int:
        # kept by triggers on the articles table (migration 0009): a key lookup, not a read of every row
        kept = self._value("SELECT value FROM store_meta WHERE key = ?",
                           ("count_articles" if include_duplicates else "count_first_copies",))
        if kept is not None:
            return int(kept)
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return int(self._value(f"SELECT COUNT(*) FROM articles{where}"))

    def search(self, query: str, limit: int = 20, include_duplicates: bool = False, outlet: str | None = None,
               since: str | None = None, until: str | None = None) -> list[SearchHit]:
        self._check_open()
        m, ranked, params = self._ranked(query, include_duplicates, outlet, since, until, snippets=True)
        sql = (f"SELECT p.id AS article_id, p.headline, {m.snippet} AS snippet, p.r AS rank, p.published, p.outlet "
               f"FROM ({ranked}) p ORDER BY p.r, p.pk")
        rows = self._rows(sql, (*m.snippet_params, *params, limit), what=f"search {query!r}")
        return [SearchHit(r["article_id"], r["headline"], r["snippet"], float(r["rank"]), r["published"], r["outlet"])
                for r in rows]

    def _ranked(self, query: str, include_duplicates: bool = False, outlet: str | None = None,
                since: str | None = None, until: str | None = None, *, snippets: bool) -> tuple[Any, str, tuple]:
        """The dialect's match, and the query (its parameters before the LIMIT's) of the articles ``search``
        ranks first: columns pk, id, headline, published, outlet, r (the rank, best lowest), and with
        ``snippets`` what the snippet is made from."""
        m = self.dialect.article_match(query)
        conditions, params = ([] if include_duplicates else ["a.duplicate_of IS NULL"]), []
        self._article_filters(conditions, params, outlet, since, until)
        where = "".join(f" AND {c}" for c in conditions)
        ranked = (f"SELECT a.pk, a.id, a.headline, a.published, a.outlet{m.carried if snippets else ''}, {m.rank} AS r "
                  f"FROM articles a{m.join} WHERE {m.where}{where} ORDER BY r, a.pk LIMIT ?")
        return m, ranked, (*m.params, *params)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._conn.close()
