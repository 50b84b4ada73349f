"""How a batch of articles is written: near-duplicates decided, then every table bulk-loaded at once.

Each article arrives prepared (``prepared.prepare``: rows, signature and buckets, made on the
driver or on a Dask worker). Inside the batch's one transaction the store decides, in input
order, which articles it already holds and which nearly copy one stored or earlier in the batch
(the batch's own buckets are kept in memory, so an article needs no write before the next is
judged; candidates are those published within ``dedup.DUPLICATE_WINDOW_DAYS`` of it, or undated:
each band row carries its article's day, see ``_look_up``), then loads each table with one bulk statement (SQLite ``executemany``; PostgreSQL
``COPY``, see ``postgres.py``). A batch is stored whole or not at all, and storing it again
finds every article already held.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from newsgraph.link import dedup
from newsgraph.model import Article, replace
from newsgraph.store.base import AddResult, StoreError
from newsgraph.store.lean import pack_article
from newsgraph.store.linking import _chunks
from newsgraph.store.prepared import Prepared, band_rows, prepare, signature_row
from newsgraph.store.rows import ARTICLES, named_rows

SIGNATURE_COLUMNS = ("article_id", "num_perm", "seed", "scheme", "shingles", "hashvalues")
BAND_COLUMNS = ("article_id", "band", "bucket", "day")
DETAIL_TABLES = ("entities", "attributions", "events", "contradictions", "claim_readings")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _Batch:
    """One batch being stored: what the store held when it began (looked up for the whole batch at
    once), and the articles taken so far, with their first copies and buckets."""

    def __init__(self) -> None:
        self.first: dict[str, str | None] = {}  # article id -> its first copy (None: it is one)
        self.signatures: dict[str, dedup.Signature | None] = {}  # taken, and stored candidates
        self.days: dict[str, str | None] = {}  # their publication days (None: undated)
        self.buckets: dict[tuple[int, int], list[str]] = defaultdict(list)  # taken articles' buckets
        self.looked_up: set[str] = set()  # ids whose row was looked up for the batch
        self.stored: dict[str, str | None] = {}  # of those, the stored ones -> their duplicate_of
        self.stored_buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.taken: list[tuple[Prepared, str | None]] = []

    def take(self, p: Prepared, first: str | None) -> None:
        self.first[p.id] = first
        self.taken.append((p, first))
        if p.signature is not None:
            self.signatures[p.id] = p.signature
            self.days[p.id] = p.day
            for key in p.bands:
                self.buckets[key].append(p.id)


class BulkWrites:
    """The write path of ``SQLStore`` (which provides ``_execute``, ``_transaction`` and the rest)."""

    _execute: Any
    _executemany: Any
    _transaction: Any
    _rows: Any
    errors: tuple[type[Exception], ...]

    def _bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """Insert every row into ``table`` at once (PostgreSQL overrides this with COPY)."""
        marks = ", ".join("?" * len(columns))
        self._executemany(f"INSERT INTO {table}({', '.join(columns)}) VALUES ({marks})", rows)

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        return self.add_prepared([prepare(a) for a in articles])  # prepared first: no lock held meanwhile

    def add_prepared(self, batch: Sequence[Prepared]) -> AddResult:
        """Store prepared articles in one transaction (what ``add_articles`` does after preparing)."""
        new_ids: list[str] = []
        duplicates: list[tuple[str, str]] = []
        try:
            with self._transaction():
                taken = self._look_up(batch)
                for p in batch:
                    held, first = self._first_copy(p, taken)
                    if held:
                        duplicates.append((p.id, first))
                        continue
                    taken.take(p, first)
                    if first is None:
                        new_ids.append(p.id)
                    else:
                        duplicates.append((p.id, first))
                self._load(taken.taken)
                if new_ids:
                    self._articles_changed()  # type: ignore[attr-defined]
        except self.errors as exc:
            raise StoreError(f"could not store the batch (rolled back): {self.describe(exc)}") from exc  # type: ignore[attr-defined]
        if new_ids or duplicates:
            self._keep_statistics()  # type: ignore[attr-defined]
        return AddResult(tuple(new_ids), tuple(duplicates))

    def _load(self, taken: list[tuple[Prepared, str | None]]) -> None:
        """Bulk-load the batch's rows, table by table, in input order."""
        if not taken:
            return
        added = now()
        self._bulk_insert("articles", ARTICLES.columns, [p.article_values(first, added) for p, first in taken])
        tables: dict[str, tuple[tuple[str, ...], list[tuple]]] = {}
        for p, _ in taken:
            for table, columns, rows in p.details:
                tables.setdefault(table, (columns, []))[1].extend(rows)
        for table, (columns, rows) in tables.items():
            self._bulk_insert(table, columns, rows)
        self._bulk_insert("minhashes", SIGNATURE_COLUMNS, [r for p, _ in taken if (r := signature_row(p))])
        self._bulk_insert("minhash_bands", BAND_COLUMNS, [r for p, _ in taken for r in band_rows(p)])

    def _insert(self, article: Article, sig: dedup.Signature | None = None) -> None:
        """Write one article as it is (its duplicate_of kept), inside the caller's transaction."""
        p = prepare(article)
        self._load([(p, article.duplicate_of)])

    def update_articles(self, articles: Iterable[Article]) -> int:
        from newsgraph.store.linking import REBUILD

        batch = list(articles)
        updated = 0
        try:
            with self._transaction():
                for article in batch:
                    found = named_rows(self._execute("SELECT duplicate_of, text, published FROM articles WHERE id = ?",
                                                     (article.id,)))
                    if not found:
                        raise StoreError(f"cannot update article {article.id}: it is not stored")
                    stored = found[0]
                    article = replace(article, duplicate_of=stored["duplicate_of"])
                    self._execute(
                        "UPDATE articles SET source_file = ?, headline = ?, outlet = ?, url = ?, "
                        "published = ?, text = ?, record = ? WHERE id = ?",
                        (article.source_file, article.headline, article.outlet, article.url,
                         article.published, article.text, pack_article(article), article.id),
                    )
                    for table in DETAIL_TABLES:
                        self._execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
                    p = prepare(article)
                    for table, columns, rows in p.details:
                        self._bulk_insert(table, columns, rows)
                    if stored["text"] != article.text:
                        self._execute("DELETE FROM minhashes WHERE article_id = ?", (article.id,))
                        self._bulk_insert("minhashes", SIGNATURE_COLUMNS, [r for r in [signature_row(p)] if r])
                        self._bulk_insert("minhash_bands", BAND_COLUMNS, band_rows(p))
                    elif stored["published"] != article.published:  # the same bands, on another day
                        self._execute("UPDATE minhash_bands SET day = ? WHERE article_id = ?", (p.day, p.id))
                    updated += 1
                if updated:
                    self._articles_changed()  # type: ignore[attr-defined]
                    self._set_meta(REBUILD, "1")  # type: ignore[attr-defined]  # linked articles changed: link all again
        except self.errors as exc:
            raise StoreError(f"could not update the batch (rolled back): {self.describe(exc)}") from exc  # type: ignore[attr-defined]
        if updated:
            self._keep_statistics()  # type: ignore[attr-defined]
        return updated

    # --- near-duplicates -----------------------------------------------------------

    def _fill_band_days(self, batch: int = 2000) -> None:
        """Migration 0012, inside its transaction: the day of every band row stored before it (its
        article's publication day, as ``Prepared.day`` gives it), then the index that reads by it."""
        last = 0
        while rows := self._rows("SELECT pk, id, published FROM articles WHERE pk > ? ORDER BY pk LIMIT ?",
                                 (last, batch)):
            dated = [(day, r["id"]) for r in rows if (day := dedup.publication_day(r["published"]))]
            if dated:
                self._executemany("UPDATE minhash_bands SET day = ? WHERE article_id = ?", dated)
            last = rows[-1]["pk"]
        self._execute("CREATE INDEX minhash_bands_key ON minhash_bands(band, bucket, day)")

    def _look_up(self, batch: Sequence[Prepared]) -> _Batch:
        """What the store holds of a batch, in a few queries for the whole batch: the articles among
        its ids (and the first copies they name), and the stored signatures sharing a bucket with one
        and published within the window of one that has the bucket (or undated): a bucket's rows
        are read from the index on (band, bucket, day), only those days."""
        taken = _Batch()
        ids = sorted({i for p in batch for i in (p.id, p.given_first) if i})
        taken.looked_up.update(ids)
        for part in _chunks(ids):
            for r in self._execute(f"SELECT id, duplicate_of FROM articles WHERE id IN ({', '.join('?' * len(part))})",
                                   part).fetchall():
                taken.stored[r[0]] = r[1]
        spans: dict[tuple[int, int], tuple[str, str]] = {}  # bucket -> the days its batch articles reach
        for p in batch:
            lo, hi = dedup.day_window(p.day) or ("0000-00-00", "9999-99-99")  # undated: every date
            for key in p.bands:
                was = spans.get(key, (hi, lo))
                spans[key] = (min(was[0], lo), max(was[1], hi))
        for part in _chunks(sorted(spans), 100):
            where = " OR ".join(["(b.band = ? AND b.bucket = ? AND b.day BETWEEN ? AND ?)",
                                 "(b.band = ? AND b.bucket = ? AND b.day IS NULL)"] * len(part))
            found = named_rows(self._execute(
                "SELECT b.band, b.bucket, b.day, m.article_id, m.num_perm, m.seed, m.scheme, m.shingles, m.hashvalues "
                f"FROM minhash_bands b JOIN minhashes m ON m.article_id = b.article_id WHERE {where}",
                [v for key in part for v in (*key, *spans[key], *key)]))
            for m in found:
                taken.stored_buckets[(m["band"], m["bucket"])].append(m["article_id"])
                if m["article_id"] not in taken.signatures:
                    taken.signatures[m["article_id"]] = self._stored_signature(m)
                    taken.days[m["article_id"]] = m["day"]
        return taken

    def _root(self, article_id: str | None, taken: _Batch | None = None) -> str | None:
        """The first copy of an article held (stored, or taken earlier in the batch); None if not held."""
        if article_id is None:
            return None
        if taken is not None and article_id in taken.first:
            return taken.first[article_id] or article_id
        if taken is not None and article_id in taken.stored and taken.stored[article_id] is None:
            return article_id  # a stored first copy, known from the batch's look-up
        if taken is not None and article_id not in taken.stored and article_id in taken.looked_up:
            return None
        return self._stored_root(article_id)

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

    def _stored_signature(self, m: Any) -> dedup.Signature | None:
        """A minhashes row's signature; one written with other MinHash settings is recomputed from the text."""
        if (m["num_perm"], m["seed"], m["scheme"]) == (dedup.NUM_PERM, dedup.SEED, dedup.SCHEME):
            return dedup.Signature.from_bytes(bytes(m["hashvalues"]), m["shingles"])
        text = self._execute("SELECT text FROM articles WHERE id = ?", (m["article_id"],)).fetchone()
        return dedup.signature(text[0]) if text else None

    def _first_copy(self, p: Prepared, taken: _Batch) -> tuple[bool, str | None]:
        """Whether ``p`` is held already (its id stored or taken earlier in the batch), and the first
        copy it is (or would be stored as) a duplicate of: the held one, the stored first copy of the
        ``duplicate_of`` it carries, or the article it nearly copies; None if it is a first copy."""
        held = self._root(p.id, taken)
        if held is not None:
            return True, held
        given = self._root(p.given_first, taken) if p.given_first and p.given_first != p.id else None
        return False, given or self._near_copy(p, taken)

    def _near_copy(self, p: Prepared, taken: _Batch) -> str | None:
        """The first copy of the article ``p`` nearly duplicates, stored or earlier in the batch: LSH
        candidates sharing a bucket and published within the window of it (or undated), each then
        judged on its signature (most similar first, then by id)."""
        sig, day = p.signature, p.day
        if sig is None:
            return None
        near = {aid for key in p.bands for group in (taken.stored_buckets, taken.buckets) for aid in group.get(key, ())}
        matches = [(-sig.jaccard(other), aid) for aid in near
                   if (other := taken.signatures.get(aid)) is not None and dedup.within_window(day, taken.days.get(aid))
                   and dedup.is_near_duplicate(sig, other)]
        return self._root(min(matches)[1], taken) if matches else None

    def find_duplicate(self, article: Article) -> str | None:
        self._check_open()  # type: ignore[attr-defined]
        try:
            p = prepare(article)
            return self._first_copy(p, self._look_up([p]))[1]
        except self.errors as exc:
            raise StoreError(f"duplicate lookup failed: {self.describe(exc)}") from exc  # type: ignore[attr-defined]
