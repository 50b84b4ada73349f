"""The SQLite store: one file, WAL journal, versioned migrations, one transaction per batch.

All SQL dialect details live here (and in ``migrations/``); callers see only ``Store``.
The full Article JSON in ``articles.record`` is the source of truth; the entity,
attribution, event and contradiction tables and the FTS5 indexes are derived from it
inside the same transaction, so a crash leaves either the whole batch or none of it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from newsgraph.link import dedup
from newsgraph.model import Article, Contradiction, Story, replace
from newsgraph.store.base import (
    MARK_END, MARK_START, MIN_ID_PREFIX, AddResult, QuoteRow, SearchHit, Store, StoreError,
)
from newsgraph.store.rows import (
    article_detail_rows, bundled_migrations, check_stance, insert_sql, like, parse_query, to_json,
)
from newsgraph.store.sqlite_read import SQLiteReader

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


def fts_query(user_query: str) -> str:
    """A safe FTS5 expression: every word or "quoted phrase" becomes a quoted phrase.

    Terms are ANDed; a bare ``OR`` between two terms is kept; ``word*`` keeps prefix
    matching. Everything else FTS5 would read as syntax is quoted, so no user input can
    raise an FTS syntax error (the grammar is ``rows.parse_query``, shared with PostgreSQL).
    """
    return " OR ".join(
        " ".join('"' + t.phrase + '"' + ("*" if t.prefix else "") for t in group) for group in parse_query(user_query)
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_json = to_json


class SQLiteStore(SQLiteReader, Store):
    """A store in one SQLite file (or ``":memory:"``).

    One connection per instance: share an instance between threads only if calls are
    serialised; otherwise open one store per thread (WAL lets readers run beside a writer).
    """

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
        self._closed = False
        self._index: dedup.NearDuplicateIndex | None = None
        self._index_rowid = 0  # highest minhashes rowid already loaded into the index
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except (sqlite3.DatabaseError, StoreError) as exc:
            self._conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # --- schema ------------------------------------------------------------

    def _migrate(self) -> None:
        known = migrations()
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        with self._transaction(reset_index=False):
            applied = {row[0] for row in self._conn.execute("SELECT version FROM schema_version")}
            newest = max((v for v, _, _ in known), default=0)
            if applied and max(applied) > newest:
                raise StoreError(
                    f"store {self.path} has schema version {max(applied)}, newer than this "
                    f"newsgraph knows ({newest}): upgrade newsgraph"
                )
            for version, name, sql in known:
                if version in applied:
                    continue
                for statement in split_statements(sql):
                    self._conn.execute(statement)
                self._conn.execute(
                    "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, _now()),
                )

    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    @contextlib.contextmanager
    def _transaction(self, reset_index: bool = True) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; on any error ROLLBACK and forget the in-memory index."""
        self._check_open()
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if reset_index:
                self._index, self._index_rowid = None, 0
            raise
        self._conn.execute("COMMIT")

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed")

    # --- writing -----------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        batch = list(articles)  # produce first, so a slow producer never holds the write lock
        new_ids: list[str] = []
        duplicates: list[tuple[str, str]] = []
        try:
            with self._transaction():
                index = self._load_index()
                for article in batch:
                    stored = self._stored_root(article.id)
                    if stored is not None:
                        duplicates.append((article.id, stored))
                        continue
                    sig = dedup.signature(article.text)
                    first = self._given_first_copy(article) or self._near_copy(index, sig)
                    if article.duplicate_of != first:
                        article = replace(article, duplicate_of=first)
                    self._insert(article, sig)
                    if sig is not None:
                        index.add(article.id, sig)
                    if first is None:
                        new_ids.append(article.id)
                    else:
                        duplicates.append((article.id, first))
                self._index_rowid = self._max_minhash_rowid()
        except sqlite3.Error as exc:
            raise StoreError(f"could not store the batch (rolled back): {exc}") from exc
        return AddResult(tuple(new_ids), tuple(duplicates))

    def update_articles(self, articles: Iterable[Article]) -> int:
        batch = list(articles)
        updated = 0
        try:
            with self._transaction():
                for article in batch:
                    row = self._conn.execute(
                        "SELECT duplicate_of, text FROM articles WHERE id = ?", (article.id,)
                    ).fetchone()
                    if row is None:
                        raise StoreError(f"cannot update article {article.id}: it is not stored")
                    article = replace(article, duplicate_of=row[0])
                    self._conn.execute(
                        "UPDATE articles SET source_file = ?, headline = ?, outlet = ?, url = ?, "
                        "published = ?, text = ?, record = ? WHERE id = ?",
                        (article.source_file, article.headline, article.outlet, article.url,
                         article.published, article.text, _json(article.to_dict()), article.id),
                    )
                    for table in ("entities", "attributions", "events", "contradictions"):
                        self._conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
                    self._insert_details(article)
                    if row[1] != article.text:
                        self._conn.execute("DELETE FROM minhashes WHERE article_id = ?", (article.id,))
                        self._insert_signature(article.id, dedup.signature(article.text))
                        self._index, self._index_rowid = None, 0  # rebuilt on next use
                    updated += 1
        except sqlite3.Error as exc:
            raise StoreError(f"could not update the batch (rolled back): {exc}") from exc
        return updated

    def _insert(self, article: Article, sig: dedup.Signature | None) -> None:
        self._conn.execute(
            "INSERT INTO articles(id, source_file, headline, outlet, url, published, duplicate_of, "
            "text, record, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.source_file, article.headline, article.outlet, article.url,
             article.published, article.duplicate_of, article.text, _json(article.to_dict()), _now()),
        )
        self._insert_details(article)
        self._insert_signature(article.id, sig)

    def _insert_signature(self, article_id: str, sig: dedup.Signature | None) -> None:
        if sig is None:
            return
        self._conn.execute(
            "INSERT INTO minhashes(article_id, num_perm, seed, scheme, shingles, hashvalues) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, dedup.NUM_PERM, dedup.SEED, dedup.SCHEME, sig.shingle_count, sig.to_bytes()),
        )

    def _insert_details(self, a: Article) -> None:
        for table, columns, rows in article_detail_rows(a):
            self._conn.executemany(insert_sql(table, columns, "?"), rows)

    # --- near-duplicates -----------------------------------------------------

    def _load_index(self) -> dedup.NearDuplicateIndex:
        """The in-memory LSH index, topped up with signatures other processes stored since."""
        if self._index is None:
            self._index, self._index_rowid = dedup.NearDuplicateIndex(), 0
        rows = self._conn.execute(
            "SELECT rowid, article_id, num_perm, seed, scheme, shingles, hashvalues "
            "FROM minhashes WHERE rowid > ? ORDER BY rowid",
            (self._index_rowid,),
        ).fetchall()
        for rowid, article_id, num_perm, seed, scheme, shingles, blob in rows:
            if (num_perm, seed, scheme) == (dedup.NUM_PERM, dedup.SEED, dedup.SCHEME):
                sig: dedup.Signature | None = dedup.Signature.from_bytes(blob, shingles)
            else:  # written with other MinHash settings: recompute from the text
                text = self._conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
                sig = dedup.signature(text[0]) if text else None
            if sig is not None:
                self._index.add(article_id, sig)
            self._index_rowid = rowid
        return self._index

    def _max_minhash_rowid(self) -> int:
        return int(self._conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM minhashes").fetchone()[0])

    def _stored_root(self, article_id: str) -> str | None:
        """The first copy of a stored article (itself unless it is a near-duplicate); None if not stored."""
        current, seen = article_id, set()
        while current not in seen:
            seen.add(current)
            row = self._conn.execute("SELECT duplicate_of FROM articles WHERE id = ?", (current,)).fetchone()
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

    def _near_copy(self, index: dedup.NearDuplicateIndex, sig: dedup.Signature | None) -> str | None:
        if sig is None:
            return None
        match = index.best_match(sig)
        return self._stored_root(match) if match is not None else None

    def find_duplicate(self, article: Article) -> str | None:
        self._check_open()
        stored = self._stored_root(article.id)
        if stored is not None:
            return stored
        return self._given_first_copy(article) or self._near_copy(self._load_index(), dedup.signature(article.text))

    # --- reading -------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        self._check_open()
        row = self._conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and len(article_id) >= MIN_ID_PREFIX:
            rows = self._conn.execute(
                "SELECT id, record FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                (article_id, article_id + "\U0010ffff"),
            ).fetchall()
            if len(rows) > 1:
                raise StoreError(f"article id prefix {article_id!r} is ambiguous: {rows[0][0]}, {rows[1][0]}, ...")
            row = (rows[0][1],) if rows else None
        return self._with_canonical_ids(Article.from_dict(json.loads(row[0]))) if row else None

    def _with_canonical_ids(self, article: Article) -> Article:
        """The record with the canonical ids of the latest linking pass (kept in ``entities``)."""
        if not article.entities:
            return article
        ids = dict(self._conn.execute(
            "SELECT entity_id, canonical_id FROM entities WHERE article_id = ?", (article.id,)).fetchall())
        entities = tuple(replace(e, canonical_id=ids.get(e.id) or e.canonical_id) for e in article.entities)
        return replace(article, entities=entities)

    def iter_articles(self, batch_size: int = 500, include_duplicates: bool = True) -> Iterator[Article]:
        self._check_open()
        where = "" if include_duplicates else " AND duplicate_of IS NULL"
        last = 0
        while True:
            rows = self._conn.execute(
                f"SELECT pk, record FROM articles WHERE pk > ?{where} ORDER BY pk LIMIT ?",
                (last, max(1, batch_size)),
            ).fetchall()
            if not rows:
                return
            for _pk, record in rows:
                yield Article.from_dict(json.loads(record))
            last = rows[-1][0]

    def count(self, include_duplicates: bool = True) -> int:
        self._check_open()
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return int(self._conn.execute(f"SELECT COUNT(*) FROM articles{where}").fetchone()[0])

    def search(self, query: str, limit: int = 20, include_duplicates: bool = False) -> list[SearchHit]:
        self._check_open()
        match = fts_query(query)
        where = "" if include_duplicates else " AND a.duplicate_of IS NULL"
        sql = (
            "SELECT a.id, a.headline, snippet(articles_fts, -1, ?, ?, '\u2026', 16), "
            "bm25(articles_fts, 4.0, 1.0) AS r, a.published, a.outlet "
            "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
            f"WHERE articles_fts MATCH ?{where} ORDER BY r, a.pk LIMIT ?"
        )
        try:
            rows = self._conn.execute(sql, (MARK_START, MARK_END, match, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search {query!r} failed: {exc}") from exc
        return [SearchHit(r[0], r[1], r[2], float(r[3]), r[4], r[5]) for r in rows]

    def quotes(
        self,
        speaker: str | None = None,
        stance: str | None = None,
        text: str | None = None,
        anonymous: bool | None = None,
        limit: int = 100,
        include_duplicates: bool = False,
    ) -> list[QuoteRow]:
        self._check_open()
        where: list[str] = []
        params: list[Any] = []
        order = "a.pk, q.pk"
        source = "attributions q JOIN articles a ON a.id = q.article_id"
        if text is not None:
            source += " JOIN attributions_fts f ON f.rowid = q.pk"
            where.append("attributions_fts MATCH ?")
            params.append("content_text : (" + fts_query(text) + ")")
            order = "bm25(attributions_fts), a.pk, q.pk"
        if speaker is not None:
            pattern = like(speaker)
            where.append("(q.speaker_text LIKE ? ESCAPE '\\' OR q.speaker_resolved LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        if stance is not None:
            check_stance(stance)
            where.append("q.stance = ?")
            params.append(stance)
        if anonymous is not None:
            where.append("q.anonymous = ?")
            params.append(int(anonymous))
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        sql = (
            "SELECT q.article_id, q.attribution_id, q.speaker_text, q.speaker_resolved, q.anonymous, "
            "q.stance, q.form, q.cue, q.channel, q.via, q.content_text, q.content_start, q.content_end, "
            f"a.headline, a.published, a.outlet FROM {source}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} LIMIT ?"
        )
        try:
            rows = self._conn.execute(sql, (*params, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"quote search failed: {exc}") from exc
        return [
            QuoteRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
                     r[13], r[14], r[15])
            for r in rows
        ]

    def save_links(self, stories: Iterable[Story], contradictions: Iterable[Contradiction],
                   canonical_ids: dict[tuple[str, str], str]) -> None:
        stories, contradictions = list(stories), list(contradictions)
        try:
            with self._transaction(reset_index=False):
                self._write_links(stories, contradictions, canonical_ids)
        except sqlite3.Error as exc:
            raise StoreError(f"could not save the links (rolled back): {exc}") from exc

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file: "ok" when sound."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._conn.close()
