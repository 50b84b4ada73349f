"""The PostgreSQL store: a server database with the SQLite store's schema, semantics and queries.

Tables and columns mirror ``migrations/`` (see ``migrations_pg/``); full text is a generated
``tsvector`` column with a GIN index instead of FTS5. Like SQLite, ``articles.record`` is the
source of truth and every derived row is written in the same transaction as its article.
Writers serialise on a table lock on ``minhashes`` (SQLite's ``BEGIN IMMEDIATE``), so the
near-duplicate index each process keeps in memory never misses a copy stored by another.
The schema lives in the first schema of the connection's ``search_path`` (choose one with
``?options=-csearch_path%3Dname`` in the URL).
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg

from newsgraph.link import dedup
from newsgraph.model import Article, Contradiction, Story, replace
from newsgraph.store.base import (
    MARK_END, MARK_START, MIN_ID_PREFIX, AddResult, QuoteRow, SearchHit, Store, StoreError,
)
from newsgraph.store.postgres_read import PostgresReader
from newsgraph.store.rows import (
    article_detail_rows, bundled_migrations, check_stance, insert_sql, like, parse_query, quote_row, to_json,
)

TS_CONFIG = "newsgraph"  # the text search configuration created by migration 0001
CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT = "60s"  # how long a writer waits for another writer's batch
# ts_rank weights are {D, C, B, A}: headline (A) counts 4x body text (B), as bm25(4.0, 1.0) in SQLite.
RANK_WEIGHTS = "{0.1, 0.2, 0.25, 1.0}"
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=16, MinWords=6, '
    'MaxFragments=1, FragmentDelimiter=" \u2026 "'
)
_ALNUM = re.compile(r"[^\W_]+", re.UNICODE)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every bundled PostgreSQL migration, in order."""
    return bundled_migrations("migrations_pg")


def ts_query(user_query: str) -> tuple[str, list[str]]:
    """A safe tsquery SQL expression (and its parameters) for the user query grammar of ``search``.

    Each word or "quoted phrase" becomes ``phraseto_tsquery`` (stemmed, word order kept); ``word*``
    becomes a ``:*`` prefix query built from its letters and digits only; terms are ANDed and a bare
    ``OR`` separates alternatives, as in SQLite's ``fts_query``. No input can be a tsquery syntax error.
    """
    alternatives: list[str] = []
    params: list[str] = []
    for group in parse_query(user_query):
        parts = []
        for term in group:
            if term.prefix:
                words = _ALNUM.findall(term.phrase)
                if not words:
                    continue
                parts.append(f"to_tsquery('{TS_CONFIG}', %s)")
                params.append(" <-> ".join([*words[:-1], words[-1] + ":*"]))
            else:
                parts.append(f"phraseto_tsquery('{TS_CONFIG}', %s)")
                params.append(term.phrase)
        if parts:
            alternatives.append("(" + " && ".join(parts) + ")")
    if not alternatives:
        raise StoreError(f"search query {user_query!r} has no words to search for")
    return "(" + " || ".join(alternatives) + ")", params


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class PostgresStore(PostgresReader, Store):
    """A store in a PostgreSQL database, reached by a ``postgresql://`` URL.

    One connection per instance (autocommit; each batch is one explicit transaction): share an
    instance between threads only if calls are serialised; otherwise open one store per thread.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = display_url(url)  # what messages and the CLI show for "where is the store"
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {_one_line(exc)}") from exc
        self._closed = False
        self._index: dedup.NearDuplicateIndex | None = None
        self._index_seq = 0  # highest minhashes.seq already loaded into the index
        try:
            schema = self._conn.execute("SELECT current_schema()").fetchone()[0]
            if schema is None:
                raise StoreError(
                    f"cannot open store {self.path}: no schema in the search_path exists "
                    f"(search_path is {self._conn.execute('SHOW search_path').fetchone()[0]!r})"
                )
            self.schema: str = schema
            self._migrate()
        except (psycopg.Error, StoreError) as exc:
            self._conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open store {self.path}: {_one_line(exc)}") from exc

    # --- schema ------------------------------------------------------------

    def _migrate(self) -> None:
        known = migrations()
        with self._conn.transaction():
            # one migrating process at a time per schema
            self._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ("newsgraph-migrate:" + self.schema,))
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
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
                self._conn.execute(sql.encode("utf-8"))  # a whole script: no parameters, many statements
                self._conn.execute(
                    "INSERT INTO schema_version(version, name, applied_at) VALUES (%s, %s, %s)",
                    (version, name, _now()),
                )

    def schema_version(self) -> int:
        self._check_open()
        row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    @contextlib.contextmanager
    def _transaction(self, reset_index: bool = True, lock: bool = True) -> Iterator[None]:
        """One transaction holding the writers' lock; on any error roll back and forget the index."""
        self._check_open()
        try:
            with self._conn.transaction():
                if lock:
                    self._conn.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                    self._conn.execute("LOCK TABLE minhashes IN SHARE ROW EXCLUSIVE MODE")
                yield
        except BaseException:
            if reset_index:
                self._index, self._index_seq = None, 0
            raise

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
                self._index_seq = self._max_minhash_seq()
        except psycopg.Error as exc:
            raise StoreError(f"could not store the batch (rolled back): {_one_line(exc)}") from exc
        return AddResult(tuple(new_ids), tuple(duplicates))

    def update_articles(self, articles: Iterable[Article]) -> int:
        batch = list(articles)
        updated = 0
        try:
            with self._transaction():
                for article in batch:
                    row = self._conn.execute(
                        "SELECT duplicate_of, text FROM articles WHERE id = %s", (article.id,)
                    ).fetchone()
                    if row is None:
                        raise StoreError(f"cannot update article {article.id}: it is not stored")
                    article = replace(article, duplicate_of=row[0])
                    self._conn.execute(
                        "UPDATE articles SET source_file = %s, headline = %s, outlet = %s, url = %s, "
                        "published = %s, text = %s, record = %s WHERE id = %s",
                        (article.source_file, article.headline, article.outlet, article.url,
                         article.published, article.text, to_json(article.to_dict()), article.id),
                    )
                    for table in ("entities", "attributions", "events", "contradictions"):
                        self._conn.execute(f"DELETE FROM {table} WHERE article_id = %s", (article.id,))
                    self._insert_details(article)
                    if row[1] != article.text:
                        self._conn.execute("DELETE FROM minhashes WHERE article_id = %s", (article.id,))
                        self._insert_signature(article.id, dedup.signature(article.text))
                        self._index, self._index_seq = None, 0  # rebuilt on next use
                    updated += 1
        except psycopg.Error as exc:
            raise StoreError(f"could not update the batch (rolled back): {_one_line(exc)}") from exc
        return updated

    def _insert(self, article: Article, sig: dedup.Signature | None) -> None:
        self._conn.execute(
            "INSERT INTO articles(id, source_file, headline, outlet, url, published, duplicate_of, "
            "text, record, added_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (article.id, article.source_file, article.headline, article.outlet, article.url,
             article.published, article.duplicate_of, article.text, to_json(article.to_dict()), _now()),
        )
        self._insert_details(article)
        self._insert_signature(article.id, sig)

    def _insert_signature(self, article_id: str, sig: dedup.Signature | None) -> None:
        if sig is None:
            return
        self._conn.execute(
            "INSERT INTO minhashes(article_id, num_perm, seed, scheme, shingles, hashvalues) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (article_id, dedup.NUM_PERM, dedup.SEED, dedup.SCHEME, sig.shingle_count, sig.to_bytes()),
        )

    def _insert_details(self, a: Article) -> None:
        with self._conn.cursor() as cur:
            for table, columns, rows in article_detail_rows(a):
                if rows:
                    cur.executemany(insert_sql(table, columns, "%s"), rows)

    # --- near-duplicates -----------------------------------------------------

    def _load_index(self) -> dedup.NearDuplicateIndex:
        """The in-memory LSH index, topped up with signatures other processes stored since.

        Called with the writers' lock held, so every signature with a lower ``seq`` is committed.
        """
        if self._index is None:
            self._index, self._index_seq = dedup.NearDuplicateIndex(), 0
        rows = self._conn.execute(
            "SELECT seq, article_id, num_perm, seed, scheme, shingles, hashvalues "
            "FROM minhashes WHERE seq > %s ORDER BY seq",
            (self._index_seq,),
        ).fetchall()
        for seq, article_id, num_perm, seed, scheme, shingles, blob in rows:
            if (num_perm, seed, scheme) == (dedup.NUM_PERM, dedup.SEED, dedup.SCHEME):
                sig: dedup.Signature | None = dedup.Signature.from_bytes(bytes(blob), shingles)
            else:  # written with other MinHash settings: recompute from the text
                text = self._conn.execute("SELECT text FROM articles WHERE id = %s", (article_id,)).fetchone()
                sig = dedup.signature(text[0]) if text else None
            if sig is not None:
                self._index.add(article_id, sig)
            self._index_seq = seq
        return self._index

    def _max_minhash_seq(self) -> int:
        return int(self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM minhashes").fetchone()[0])

    def _stored_root(self, article_id: str) -> str | None:
        """The first copy of a stored article (itself unless it is a near-duplicate); None if not stored."""
        current, seen = article_id, set()
        while current not in seen:
            seen.add(current)
            row = self._conn.execute("SELECT duplicate_of FROM articles WHERE id = %s", (current,)).fetchone()
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
        try:
            stored = self._stored_root(article.id)
            if stored is not None:
                return stored
            with self._transaction(reset_index=False):
                return self._given_first_copy(article) or self._near_copy(
                    self._load_index(), dedup.signature(article.text))
        except psycopg.Error as exc:
            raise StoreError(f"duplicate lookup failed: {_one_line(exc)}") from exc

    # --- reading -------------------------------------------------------------

    def get_article(self, article_id: str) -> Article | None:
        self._check_open()
        row = self._rows("SELECT record FROM articles WHERE id = %s", (article_id,))
        if not row and len(article_id) >= MIN_ID_PREFIX:
            rows = self._rows(
                "SELECT id, record FROM articles WHERE id >= %s AND id < %s ORDER BY id LIMIT 2",
                (article_id, article_id + "\U0010ffff"),
            )
            if len(rows) > 1:
                raise StoreError(f"article id prefix {article_id!r} is ambiguous: {rows[0][0]}, {rows[1][0]}, ...")
            row = [(rows[0][1],)] if rows else []
        return self._with_canonical_ids(Article.from_dict(json.loads(row[0][0]))) if row else None

    def _with_canonical_ids(self, article: Article) -> Article:
        """The record with the canonical ids of the latest linking pass (kept in ``entities``)."""
        if not article.entities:
            return article
        ids = dict(self._rows("SELECT entity_id, canonical_id FROM entities WHERE article_id = %s", (article.id,)))
        entities = tuple(replace(e, canonical_id=ids.get(e.id) or e.canonical_id) for e in article.entities)
        return replace(article, entities=entities)

    def iter_articles(self, batch_size: int = 500, include_duplicates: bool = True) -> Iterator[Article]:
        self._check_open()
        where = "" if include_duplicates else " AND duplicate_of IS NULL"
        last = 0
        while True:
            rows = self._rows(
                f"SELECT pk, record FROM articles WHERE pk > %s{where} ORDER BY pk LIMIT %s",
                (last, max(1, batch_size)),
            )
            if not rows:
                return
            for _pk, record in rows:
                yield Article.from_dict(json.loads(record))
            last = rows[-1][0]

    def count(self, include_duplicates: bool = True) -> int:
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return int(self._rows(f"SELECT COUNT(*) FROM articles{where}", ())[0][0])

    def search(self, query: str, limit: int = 20, include_duplicates: bool = False) -> list[SearchHit]:
        self._check_open()
        match, params = ts_query(query)
        where = "" if include_duplicates else " AND a.duplicate_of IS NULL"
        sql = (
            f"WITH query AS (SELECT {match} AS q), hits AS ("
            " SELECT a.pk, a.id, a.headline, a.text, a.published, a.outlet,"
            f" -ts_rank('{RANK_WEIGHTS}', a.fts, query.q, 1) AS r"
            f" FROM articles a, query WHERE a.fts @@ query.q{where} ORDER BY r, a.pk LIMIT %s)"
            " SELECT h.id, h.headline,"
            f" ts_headline('{TS_CONFIG}', coalesce(h.headline || E'\\n', '') || h.text, query.q, %s),"
            " h.r, h.published, h.outlet FROM hits h, query ORDER BY h.r, h.pk"
        )
        rows = self._rows(sql, (*params, limit, HEADLINE_OPTIONS), what=f"search {query!r}")
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
            match, match_params = ts_query(text)
            source += f" CROSS JOIN (SELECT {match} AS q) query"
            params += match_params
            where.append("q.fts @@ query.q")
            order = "ts_rank(q.fts, query.q, 1) DESC, a.pk, q.pk"
        if speaker is not None:
            where.append("(q.speaker_text ILIKE %s OR q.speaker_resolved ILIKE %s)")
            params += [like(speaker), like(speaker)]
        if stance is not None:
            check_stance(stance)
            where.append("q.stance = %s")
            params.append(stance)
        if anonymous is not None:
            where.append("q.anonymous = %s")
            params.append(int(anonymous))
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        sql = (
            "SELECT q.article_id, q.attribution_id, q.speaker_text, q.speaker_resolved, q.anonymous, "
            "q.stance, q.form, q.cue, q.channel, q.via, q.content_text, q.content_start, q.content_end, "
            f"a.headline, a.published, a.outlet FROM {source}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {order} LIMIT %s"
        )
        rows = self._rows(sql, (*params, limit), what="quote search")
        return [quote_row(r) for r in rows]

    def save_links(self, stories: Iterable[Story], contradictions: Iterable[Contradiction],
                   canonical_ids: dict[tuple[str, str], str]) -> None:
        stories, contradictions = list(stories), list(contradictions)
        try:
            with self._transaction(reset_index=False, lock=False):
                self._write_links(stories, contradictions, canonical_ids)
        except psycopg.Error as exc:
            raise StoreError(f"could not save the links (rolled back): {_one_line(exc)}") from exc

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

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._conn.close()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
