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

    def _quotes_by_ref(self, refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], QuoteRow]:
        """The quotes of ``(article_id, attribution_id)`` refs, read by their articles in one query (a
        few hundred at a time), not one query each: a page of contradictions names a hundred."""
        from newsgraph.store.linking import _chunks
        from newsgraph.store.sql_read import QUOTE, QUOTE_SOURCE  # the quote view, shared with the quote listing

        wanted = set(refs)
        found: dict[tuple[str, str], Row] = {}
        for part in _chunks(sorted({a for a, _ in wanted})):
            for r in self._rows(f"SELECT {QUOTE.select(pk='q.pk')} FROM {QUOTE_SOURCE} "
                                f"WHERE q.article_id IN ({', '.join('?' * len(part))})", part):
                key = (r["article_id"], r["attribution_id"])
                if key in wanted and (key not in found or r["pk"] < found[key]["pk"]):  # the first, if twice
                    found[key] = r
        return {key: QUOTE.build(r) for key, r in found.items()}

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
        refs = [((r["claim_article"], r["claim"].split("/")[-1]), (r["counter_article"], r["countered_by"].split("/")[-1]))
                for r in rows[:n]]
        quotes = self._quotes_by_ref(ref for pair in refs for ref in pair)
        for r, (claim_ref, counter_ref) in zip(rows[:n], refs):
            c, d = quotes.get(claim_ref), quotes.get(counter_ref)
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
