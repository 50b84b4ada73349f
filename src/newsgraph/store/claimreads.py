"""What checking a claim reads from a SQL store: the candidates and their stored readings in one query.

``claim_candidates`` gives the articles a full-text search ranks first (exactly those ``search`` gives,
without making snippets), each with its text and its ``claim_readings`` row (migration 0011: the
article's ``claimcheck.features.Body``, written beside its other rows when it is stored), so a check
reads no record; ``claim_evidence`` gives the attributions of only the articles a check lists.
``refresh_claim_readings`` writes the row of every article that has none, or one made with other word
lists (migration 0011 runs it for the articles stored before).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Sequence

from newsgraph.link.claimcheck.check import Candidate, Evidence, said
from newsgraph.link.claimcheck.features import Body, reading_fingerprint
from newsgraph.store.lean import COLUMN_FIELDS, unpack_article
from newsgraph.store.linking import _chunks
from newsgraph.store.rows import CLAIM_READINGS as TABLE, claim_reading_row

CLAIM_READINGS = 11  # the migration that adds the table (and fills it for the articles stored before)


class ClaimReads:
    """The claim-checking reads of ``SQLStore`` (which provides ``_rows``, ``_ranked`` and the rest)."""

    _rows: Any
    _ranked: Any
    _executemany: Any
    _check_open: Any

    def claim_candidates(self, query: str, limit: int = 100) -> list[Candidate]:
        """The ``limit`` first copies ``search(query)`` ranks first, in its order, with their texts and bodies."""
        self._check_open()
        _, ranked, params = self._ranked(query, snippets=False)
        rows = self._rows(
            "SELECT p.id AS article_id, p.headline, p.outlet, p.published, t.text, c.made_with, c.reading "
            f"FROM ({ranked}) p JOIN articles t ON t.pk = p.pk LEFT JOIN claim_readings c ON c.article_id = p.id "
            "ORDER BY p.r, p.pk", (*params, limit), what=f"claim search {query!r}")
        current = reading_fingerprint()
        return [Candidate(r["article_id"], r["headline"], r["outlet"], r["published"], r["text"],
                          Body.from_json(r["reading"]) if r["made_with"] == current else None) for r in rows]

    def claim_evidence(self, article_ids: Sequence[str]) -> dict[str, list[Evidence]]:
        """Each article's attributions as evidence, in the article's order (``Reading.about`` indexes them)."""
        out: dict[str, list[Evidence]] = defaultdict(list)
        for part in _chunks(sorted(set(article_ids))):
            for r in self._rows(
                    "SELECT article_id, attribution_id, speaker_resolved, speaker_text, stance, content_text, "
                    f"content_start, content_end FROM attributions WHERE article_id IN ({', '.join('?' * len(part))}) "
                    "ORDER BY pk", part):
                out[r["article_id"]].append(said(r["content_start"], r["content_end"], r["content_text"], r["stance"],
                                                 r["speaker_resolved"] or r["speaker_text"], r["attribution_id"]))
        return dict(out)

    def refresh_claim_readings(self, batch: int = 500) -> int:
        """Inside the caller's transaction: write the claim reading of every article lacking a current one
        (none stored, or made with other word lists); returns how many were written."""
        current, last, written = reading_fingerprint(), 0, 0
        while rows := self._rows(
                f"SELECT a.pk, {', '.join('a.' + c for c in COLUMN_FIELDS)}, a.record, c.made_with "
                "FROM articles a LEFT JOIN claim_readings c ON c.article_id = a.id WHERE a.pk > ? ORDER BY a.pk LIMIT ?",
                (last, batch)):
            stale = [TABLE.values(claim_reading_row(unpack_article(r["record"], r)))
                     for r in rows if r["made_with"] != current]
            self._executemany(
                f"INSERT INTO claim_readings({', '.join(TABLE.columns)}) VALUES (?, ?, ?) ON CONFLICT (article_id) "
                "DO UPDATE SET made_with = excluded.made_with, reading = excluded.reading", stale)
            written += len(stale)
            last = rows[-1]["pk"]
        return written
