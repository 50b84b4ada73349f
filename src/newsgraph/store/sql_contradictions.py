"""The contradiction listings over the linked store: within articles, then across (a mixin of
:class:`~newsgraph.store.sql_read.SQLReader`, which holds the other listings)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsgraph.store.base import ContradictionRow, Page, QuoteRow
from newsgraph.store.rows import Row, decode_cursor, encode_cursor, page_limit


class ContradictionReader:
    """The contradictions read for the pages, the API and the graph."""

    def _rows(self, sql: str, params: Iterable[Any], what: str = "query") -> list[Row]:
        raise NotImplementedError

    def _quote_by_ref(self, article_id: str, attribution_id: str) -> QuoteRow | None:
        from newsgraph.store.sql_read import QUOTE, QUOTE_SOURCE  # the quote view, shared with the quote listing

        rows = self._rows(
            f"SELECT {QUOTE.select()} FROM {QUOTE_SOURCE} WHERE q.article_id = ? AND q.attribution_id = ?",
            (article_id, attribution_id),
        )
        return QUOTE.build(rows[0]) if rows else None

    def list_contradictions(self, cursor=None, limit=50) -> Page[ContradictionRow]:
        # within articles first, then across: each read in its own key order (no sort of either table)
        kind, after = decode_cursor(cursor, 2) or [0, 0]
        n = page_limit(limit)
        rows: list[Row] = []
        if kind == 0:
            rows = self._rows(
                "SELECT 0 AS kind, c.pk AS pk, c.article_id AS claim_article, c.claim, "
                "c.article_id AS counter_article, c.countered_by, c.why FROM contradictions c "
                "JOIN articles a ON a.id = c.article_id WHERE a.duplicate_of IS NULL AND c.pk > ? ORDER BY c.pk LIMIT ?",
                (after, n + 1),
            )
            after = 0
        if len(rows) <= n:
            rows += self._rows(
                "SELECT 1 AS kind, x.pk, x.claim_article, x.claim, x.counter_article, x.countered_by, x.why "
                "FROM cross_contradictions x WHERE x.pk > ? ORDER BY x.pk LIMIT ?",
                (after, n + 1 - len(rows)),
            )
        items = []
        for r in rows[:n]:
            claim_id, counter_id = r["claim"].split("/")[-1], r["countered_by"].split("/")[-1]
            c = self._quote_by_ref(r["claim_article"], claim_id)
            d = self._quote_by_ref(r["counter_article"], counter_id)
            if c and d:
                items.append(ContradictionRow(c, d, r["why"], bool(r["kind"])))
        nxt = encode_cursor([rows[n - 1]["kind"], rows[n - 1]["pk"]]) if len(rows) > n else None
        return Page(tuple(items), nxt)

    def contradictions_among(self, article_ids: Iterable[str]) -> list[tuple[tuple[str, str], tuple[str, str], str]]:
        ids = set(article_ids)
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        found = []
        within = self._rows(f"SELECT pk, article_id AS claim_article, claim, article_id AS counter_article, "
                            f"countered_by, why FROM contradictions WHERE article_id IN ({marks})", sorted(ids))
        across = self._rows(f"SELECT pk, claim_article, claim, counter_article, countered_by, why "
                            f"FROM cross_contradictions WHERE counter_article IN ({marks})", sorted(ids))
        for rows in (within, across):  # each in its key order, as list_contradictions serves them
            for r in sorted(rows, key=lambda r: r["pk"]):
                if r["claim_article"] in ids:
                    found.append(((r["claim_article"], r["claim"].split("/")[-1]),
                                  (r["counter_article"], r["countered_by"].split("/")[-1]), r["why"]))
        return found
