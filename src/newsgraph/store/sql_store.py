"""What the SQLite and PostgreSQL stores do the same way: batches, near-duplicates, records, search.

Both backends share one schema (``migrations/`` and ``migrations_pg/``), so this class (with the
listings of ``sql_read.py``) holds every query, written with ``?`` placeholders;
the :class:`~newsgraph.store.dialect.Dialect` supplies the SQL that differs. A backend subclass
adds only what is its own: the connection, the transaction and writers' lock, the migration
runner and ``integrity_check``.

The full Article JSON in ``articles.record`` is the source of truth; the entity, attribution,
event and contradiction rows and the full-text index are derived from it inside the same
transaction, so a crash leaves either the whole batch or none of it.
"""

from __future__ import annotations

import abc
import contextlib
import json
from datetime import datetime, timezone
from typing import Any, Callable, ContextManager, Iterable, Iterator, Sequence

from newsgraph.link import dedup
from newsgraph.model import Article, Contradiction, Story, replace
from newsgraph.store.base import MIN_ID_PREFIX, AddResult, SearchHit, Store, StoreError
from newsgraph.store.linking import LINKED_THROUGH, REBUILD, IncrementalLinks
from newsgraph.store.rows import ARTICLES, Row, article_detail_rows, article_row, named_rows, to_json
from newsgraph.store.sql_read import SQLReader

DETAIL_TABLES = ("entities", "attributions", "events", "contradictions")
# store_meta keys: bumped by every batch adding new articles / set to the version the saved links cover
ARTICLES_VERSION, LINKS_VERSION = "articles_version", "links_version"
# store_meta key: the size (highest key) of each planned table when its statistics were last gathered
STATISTICS_OF = "statistics_of"
SIZED_TABLES = ("articles", "entities", "attributions", "events", "contradictions", "stories", "cross_contradictions")
SCHEMA_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SQLStore(IncrementalLinks, SQLReader, Store):
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
            self._execute("INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
                          (version, name, now()))

    def schema_version(self) -> int:
        return int(self._value("SELECT MAX(version) FROM schema_version") or 0)

    # --- writing -----------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        batch = list(articles)  # produce first, so a slow producer never holds the write lock
        new_ids: list[str] = []
        duplicates: list[tuple[str, str]] = []
        try:
            with self._transaction():
                for article in batch:
                    stored = self._stored_root(article.id)
                    if stored is not None:
                        duplicates.append((article.id, stored))
                        continue
                    sig = dedup.signature(article.text)
                    first = self._given_first_copy(article) or self._near_copy(sig)
                    if article.duplicate_of != first:
                        article = replace(article, duplicate_of=first)
                    self._insert(article, sig)
                    if first is None:
                        new_ids.append(article.id)
                    else:
                        duplicates.append((article.id, first))
                if new_ids:
                    self._articles_changed()
        except self.errors as exc:
            raise StoreError(f"could not store the batch (rolled back): {self.describe(exc)}") from exc
        if new_ids or duplicates:
            self._keep_statistics()
        return AddResult(tuple(new_ids), tuple(duplicates))

    def update_articles(self, articles: Iterable[Article]) -> int:
        batch = list(articles)
        updated = 0
        try:
            with self._transaction():
                for article in batch:
                    found = named_rows(self._execute("SELECT duplicate_of, text FROM articles WHERE id = ?",
                                                     (article.id,)))
                    if not found:
                        raise StoreError(f"cannot update article {article.id}: it is not stored")
                    stored = found[0]
                    article = replace(article, duplicate_of=stored["duplicate_of"])
                    self._execute(
                        "UPDATE articles SET source_file = ?, headline = ?, outlet = ?, url = ?, "
                        "published = ?, text = ?, record = ? WHERE id = ?",
                        (article.source_file, article.headline, article.outlet, article.url,
                         article.published, article.text, to_json(article.to_dict()), article.id),
                    )
                    for table in DETAIL_TABLES:
                        self._execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
                    self._insert_details(article)
                    if stored["text"] != article.text:
                        self._execute("DELETE FROM minhashes WHERE article_id = ?", (article.id,))
                        self._insert_signature(article.id, dedup.signature(article.text))
                    updated += 1
                if updated:
                    self._articles_changed()
                    self._set_meta(REBUILD, "1")  # linked articles changed: the next pass links all again
        except self.errors as exc:
            raise StoreError(f"could not update the batch (rolled back): {self.describe(exc)}") from exc
        if updated:
            self._keep_statistics()
        return updated

    def _insert(self, article: Article, sig: dedup.Signature | None) -> None:
        self._execute(ARTICLES.insert_sql(), ARTICLES.values(article_row(article, now())))
        self._insert_details(article)
        self._insert_signature(article.id, sig)

    def _insert_signature(self, article_id: str, sig: dedup.Signature | None) -> None:
        if sig is None:
            return
        self._execute(
            "INSERT INTO minhashes(article_id, num_perm, seed, scheme, shingles, hashvalues) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, dedup.NUM_PERM, dedup.SEED, dedup.SCHEME, sig.shingle_count, sig.to_bytes()),
        )
        self._executemany(
            "INSERT INTO minhash_bands(article_id, band, bucket) VALUES (?, ?, ?)",
            [(article_id, band, bucket) for band, bucket in dedup.band_keys(sig)],
        )

    def _insert_details(self, a: Article) -> None:
        for table, rows in article_detail_rows(a):
            self._executemany(table.insert_sql(), [table.values(r) for r in rows])

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

    # --- near-duplicates -----------------------------------------------------------

    def _stored_root(self, article_id: str) -> str | None:
        """The first copy of a stored article (itself unless it is a near-duplicate); None if not stored."""
        current, seen = article_id, set()
        while current not in seen:
            seen.add(current)
            row = self._execute("SELECT duplicate_of FROM articles WHERE id = ?", (current,)).fetchone()
            if row is None:
                return None if current == article_id else current
            if row[0] is None:
                return current
            current = row[0]
        return current

    def _given_first_copy(self, article: Article) -> str | None:
        if article.duplicate_of and article.duplicate_of != article.id:
            return self._stored_root(article.duplicate_of)
        return None

    def _near_copy(self, sig: dedup.Signature | None) -> str | None:
        """The first copy of the stored article ``sig`` nearly duplicates: LSH candidates from the
        bucket index, each then judged on its signature (most similar first, then by id)."""
        if sig is None:
            return None
        keys = dedup.band_keys(sig)
        where = " OR ".join(["(band = ? AND bucket = ?)"] * len(keys))
        found = named_rows(self._execute(
            "SELECT m.article_id, m.num_perm, m.seed, m.scheme, m.shingles, m.hashvalues FROM minhashes m "
            f"WHERE m.article_id IN (SELECT article_id FROM minhash_bands WHERE {where})",
            [v for pair in keys for v in pair],
        ))
        matches = []
        for m in found:
            article_id = m["article_id"]
            if (m["num_perm"], m["seed"], m["scheme"]) == (dedup.NUM_PERM, dedup.SEED, dedup.SCHEME):
                other: dedup.Signature | None = dedup.Signature.from_bytes(bytes(m["hashvalues"]), m["shingles"])
            else:  # written with other MinHash settings: recompute from the text
                text = self._execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
                other = dedup.signature(text[0]) if text else None
            if other is not None and dedup.is_near_duplicate(sig, other):
                matches.append((-sig.jaccard(other), article_id))
        return self._stored_root(min(matches)[1]) if matches else None

    def find_duplicate(self, article: Article) -> str | None:
        self._check_open()
        try:
            stored = self._stored_root(article.id)
            if stored is not None:
                return stored
            return self._given_first_copy(article) or self._near_copy(dedup.signature(article.text))
        except self.errors as exc:
            raise StoreError(f"duplicate lookup failed: {self.describe(exc)}") from exc

    # --- reading records -----------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        self._check_open()
        record = self._value("SELECT record FROM articles WHERE id = ?", (article_id,))
        if record is None and len(article_id) >= MIN_ID_PREFIX:
            rows = self._rows(
                "SELECT id, record FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                (article_id, article_id + "\U0010ffff"),
            )
            if len(rows) > 1:
                raise StoreError(
                    f"article id prefix {article_id!r} is ambiguous: {rows[0]['id']}, {rows[1]['id']}, ...")
            record = rows[0]["record"] if rows else None
        return self._with_canonical_ids(Article.from_dict(json.loads(record))) if record is not None else None

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
            rows = self._rows(f"SELECT pk, record FROM articles WHERE pk > ?{where} ORDER BY pk LIMIT ?",
                              (last, max(1, batch_size)))
            if not rows:
                return
            for r in rows:
                yield Article.from_dict(json.loads(r["record"]))
            last = rows[-1]["pk"]

    def table(self, name: str) -> tuple[Any, Iterator[dict[str, Any]]]:
        from newsgraph.store.tables import iter_rows, table_spec

        spec = table_spec(self, name)
        return spec, iter_rows(self, spec)

    def count(self, include_duplicates: bool = True) -> int:
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return int(self._value(f"SELECT COUNT(*) FROM articles{where}"))

    def search(self, query: str, limit: int = 20, include_duplicates: bool = False, outlet: str | None = None,
               since: str | None = None, until: str | None = None) -> list[SearchHit]:
        self._check_open()
        m = self.dialect.article_match(query)
        conditions, params = ([] if include_duplicates else ["a.duplicate_of IS NULL"]), []
        self._article_filters(conditions, params, outlet, since, until)
        where = "".join(f" AND {c}" for c in conditions)
        sql = (
            f"SELECT p.id AS article_id, p.headline, {m.snippet} AS snippet, p.r AS rank, p.published, p.outlet FROM ("
            f"SELECT a.pk, a.id, a.headline, a.published, a.outlet{m.carried}, {m.rank} AS r "
            f"FROM articles a{m.join} WHERE {m.where}{where} ORDER BY r, a.pk LIMIT ?) p ORDER BY p.r, p.pk"
        )
        rows = self._rows(sql, (*m.snippet_params, *m.params, *params, limit), what=f"search {query!r}")
        return [SearchHit(r["article_id"], r["headline"], r["snippet"], float(r["rank"]), r["published"], r["outlet"])
                for r in rows]

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._conn.close()
