"""Listings over a SQLite store: articles, quotes, entities, events, contradictions, stories.

Every listing uses keyset pagination: the cursor is the sort key of the last row served,
so a page costs the same however deep it is. Cursors are opaque to callers (base64 JSON).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from newsgraph.model import Contradiction, Story
from newsgraph.store.base import (
    MARK_END, MARK_START, ArticleRow, ContradictionRow, EntityProfile, EntityRow, EventRow, Page, QuoteRow,
    StoreError,
)
from newsgraph.store.rows import (  # noqa: F401  (re-exported: MAX_LIMIT, cursors, like)
    MAX_LIMIT, check_stance, cross_contradiction_rows, decode_cursor, encode_cursor, entity_row, event_row, like,
    identity_from_row, identity_row, page_limit, quote_row, story_row,
)
CANONICAL = "e.identity"  # the canonical id, or the entity's own name before linking
_QUOTE_COLUMNS = (
    "q.article_id, q.attribution_id, q.speaker_text, q.speaker_resolved, q.anonymous, q.stance, q.form, "
    "q.cue, q.channel, q.via, q.content_text, q.content_start, q.content_end, a.headline, a.published, a.outlet"
)
_EVENT_COLUMNS = (
    "v.article_id, v.event_id, v.type, v.mode, v.text, v.start_offset, v.end_offset, v.actor_name, v.actor_code, "
    "ea.identity, v.target_name, v.target_code, et.identity, v.place_name, v.place_lat, v.place_lon, "
    "v.place_country, v.date, v.fatalities, v.negated, a.headline, a.published"
)
_EVENT_SOURCE = (
    "events v JOIN articles a ON a.id = v.article_id "
    "LEFT JOIN entities ea ON ea.article_id = v.article_id AND ea.entity_id = v.actor_entity_id "
    "LEFT JOIN entities et ON et.article_id = v.article_id AND et.entity_id = v.target_entity_id"
)


_limit = page_limit
_quote = quote_row
_event = event_row


class SQLiteReader:
    """Mixin for :class:`SQLiteStore`: the read side of the linked store."""

    _conn: sqlite3.Connection

    def _check_open(self) -> None:  # provided by the store
        raise NotImplementedError

    def _rows(self, sql: str, params: Iterable[Any]) -> list[tuple]:
        self._check_open()
        try:
            return self._conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"query failed: {exc}") from exc

    # --- articles ----------------------------------------------------------------

    def list_articles(self, query=None, outlet=None, since=None, until=None, entity=None, cursor=None,
                      limit=50, include_duplicates=False) -> Page[ArticleRow]:
        from newsgraph.store.sqlite import fts_query

        where, params = [], []
        source = "articles a"
        snippet = "NULL"
        if query:
            source += " JOIN articles_fts ON articles_fts.rowid = a.pk"
            where.append("articles_fts MATCH ?")
            params.append(fts_query(query))
            snippet = f"snippet(articles_fts, -1, '{MARK_START}', '{MARK_END}', '\u2026', 16)"
        if outlet:
            where.append("a.outlet = ? COLLATE NOCASE")
            params.append(outlet)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("a.published <= ?")
            params.append(until + "\uffff")
        if entity:
            # a name or alias is first resolved to its identity, so the filter is one index lookup
            where.append(f"a.id IN (SELECT e.article_id FROM entities e WHERE {CANONICAL} = ?)")
            params.append(self._canonical_for(entity) or entity)
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        key = decode_cursor(cursor, 2)
        if key:
            where.append("(COALESCE(a.published, '') < ? OR (COALESCE(a.published, '') = ? AND a.pk < ?))")
            params += [key[0], key[0], key[1]]
        n = _limit(limit)
        rows = self._rows(
            f"SELECT a.id, a.headline, a.outlet, a.published, a.source_file, a.duplicate_of, {snippet}, "
            "(SELECT COUNT(*) FROM attributions q WHERE q.article_id = a.id), "
            "(SELECT COUNT(*) FROM events v WHERE v.article_id = a.id), a.pk "
            f"FROM {source}" + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY COALESCE(a.published, '') DESC, a.pk DESC LIMIT ?",
            [*params, n + 1],
        )
        items = tuple(ArticleRow(*r[:9]) for r in rows[:n])
        nxt = encode_cursor([rows[n - 1][3] or "", rows[n - 1][9]]) if len(rows) > n else None
        return Page(items, nxt)

    # --- attributions ------------------------------------------------------------

    def list_attributions(self, speaker=None, stance=None, anonymous=None, text=None, article_id=None, entity=None,
                          cursor=None, limit=50) -> Page[QuoteRow]:
        from newsgraph.store.sqlite import fts_query

        where, params = ["a.duplicate_of IS NULL"], []
        source = "attributions q JOIN articles a ON a.id = q.article_id"
        if text:
            source += " JOIN attributions_fts f ON f.rowid = q.pk"
            where.append("attributions_fts MATCH ?")
            params.append("content_text : (" + fts_query(text) + ")")
        if speaker:
            where.append("(q.speaker_text LIKE ? ESCAPE '\\' OR q.speaker_resolved LIKE ? ESCAPE '\\')")
            params += [like(speaker), like(speaker)]
        if stance:
            check_stance(stance)
            where.append("q.stance = ?")
            params.append(stance)
        if anonymous is not None:
            where.append("q.anonymous = ?")
            params.append(int(anonymous))
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        if entity:
            where.append("(q.article_id, q.speaker_entity_id) IN "
                         "(SELECT e.article_id, e.entity_id FROM entities e WHERE e.identity = ?)")
            params.append(entity)
        key = decode_cursor(cursor, 1)
        if key:
            where.append("q.pk > ?")
            params.append(key[0])
        n = _limit(limit)
        rows = self._rows(
            f"SELECT {_QUOTE_COLUMNS}, q.pk FROM {source} WHERE " + " AND ".join(where) + " ORDER BY q.pk LIMIT ?",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1][16]]) if len(rows) > n else None
        return Page(tuple(_quote(r) for r in rows[:n]), nxt)

    def _quote_by_ref(self, article_id: str, attribution_id: str) -> QuoteRow | None:
        rows = self._rows(
            f"SELECT {_QUOTE_COLUMNS} FROM attributions q JOIN articles a ON a.id = q.article_id "
            "WHERE q.article_id = ? AND q.attribution_id = ?",
            (article_id, attribution_id),
        )
        return _quote(rows[0]) if rows else None

    # --- entities ----------------------------------------------------------------

    def _identities_state(self) -> str:
        count, last = self._rows("SELECT COUNT(*), COALESCE(MAX(pk), 0) FROM entities", ())[0]
        return f"{count}:{last}"

    def _fresh_identities(self) -> None:
        """Rebuild the aggregated ``identities`` table if entities changed since it was built."""
        state = self._identities_state()
        stored = self._rows("SELECT value FROM store_meta WHERE key = 'identities'", ())
        if stored and stored[0][0] == state:
            return
        groups = self._rows(
            f"SELECT {CANONICAL} AS cid, COUNT(DISTINCT e.article_id), SUM(e.mentions), json_group_array(e.name), "
            "json_group_array(e.aliases), json_group_array(e.roles), json_group_array(e.type) "
            "FROM entities e JOIN articles a ON a.id = e.article_id WHERE a.duplicate_of IS NULL GROUP BY cid",
            (),
        )
        with self._transaction(reset_index=False):  # type: ignore[attr-defined]
            self._conn.execute("DELETE FROM identities")
            self._conn.executemany(
                "INSERT INTO identities(canonical_id, name, type, aliases, roles, articles, mentions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [identity_row(self._entity_row(g)) for g in groups],
            )
            self._conn.execute(
                "INSERT INTO store_meta(key, value) VALUES ('identities', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (state,),
            )

    def list_entities(self, name=None, type=None, cursor=None, limit=50) -> Page[EntityRow]:
        self._fresh_identities()
        where, params = [], []
        if name:
            where.append("(name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\')")
            params += [like(name), like(name)]
        if type:
            where.append("type = ?")
            params.append(type.upper())
        key = decode_cursor(cursor, 2)
        if key:
            where.append("(articles < ? OR (articles = ? AND canonical_id > ?))")
            params += [key[0], key[0], key[1]]
        n = _limit(limit)
        rows = self._rows(
            "SELECT canonical_id, name, type, aliases, roles, articles, mentions FROM identities"
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY articles DESC, canonical_id LIMIT ?",
            [*params, n + 1],
        )
        items = tuple(identity_from_row(r) for r in rows[:n])
        nxt = encode_cursor([rows[n - 1][5], rows[n - 1][0]]) if len(rows) > n else None
        return Page(items, nxt)

    @staticmethod
    def _entity_row(r: tuple) -> EntityRow:
        return entity_row(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), json.loads(r[5]), json.loads(r[6]))

    def _canonical_for(self, key: str) -> str | None:
        self._fresh_identities()
        rows = self._rows(
            "SELECT canonical_id FROM identities WHERE canonical_id = ? OR name = ? COLLATE NOCASE "
            "ORDER BY articles DESC, canonical_id LIMIT 1",
            (key, key),
        ) or self._rows(
            f"SELECT {CANONICAL} AS cid, COUNT(*) AS n FROM entities e WHERE e.name = ? COLLATE NOCASE "
            "OR EXISTS (SELECT 1 FROM json_each(e.aliases) j WHERE j.value = ? COLLATE NOCASE) "
            "GROUP BY cid ORDER BY n DESC, cid LIMIT 1",
            (key, key),
        )
        return rows[0][0] if rows else None

    def entity_profile(self, key: str, limit: int = 200) -> EntityProfile | None:
        cid = self._canonical_for(key)
        if cid is None:
            return None
        rows = self._rows(
            "SELECT canonical_id, name, type, aliases, roles, articles, mentions FROM identities WHERE canonical_id = ?",
            (cid,),
        )
        if not rows:  # known only from duplicate articles
            return None
        entity = identity_from_row(rows[0])
        said = self.list_attributions(entity=cid, limit=limit).items
        said_keys = {(q.article_id, q.attribution_id) for q in said}
        about: list[QuoteRow] = []
        names = [entity.name, *entity.aliases]
        from newsgraph.store.sqlite import fts_query

        phrase = " OR ".join(f'"{n}"' for n in names if re.search(r"\w", n))
        if phrase:
            for q in self._rows(
                f"SELECT {_QUOTE_COLUMNS} FROM attributions q JOIN articles a ON a.id = q.article_id "
                "JOIN attributions_fts f ON f.rowid = q.pk WHERE attributions_fts MATCH ? AND a.duplicate_of IS NULL "
                "ORDER BY a.published, q.pk LIMIT ?",
                ("content_text : (" + fts_query(phrase) + ")", limit),
            ):
                row = _quote(q)
                if (row.article_id, row.attribution_id) not in said_keys:
                    about.append(row)
        events = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM {_EVENT_SOURCE} WHERE (ea.identity = ? OR et.identity = ?) "
            "AND a.duplicate_of IS NULL ORDER BY COALESCE(v.date, a.published, ''), v.pk LIMIT ?",
            (cid, cid, limit),
        )
        articles = self.list_articles(entity=cid, limit=limit).items
        return EntityProfile(entity, said, tuple(about), tuple(_event(r) for r in events), articles)

    # --- events ------------------------------------------------------------------

    def list_events(self, type=None, actor=None, place=None, since=None, until=None, article_id=None, cursor=None,
                    limit=50) -> Page[EventRow]:
        where, params = ["a.duplicate_of IS NULL"], []
        if type:
            where.append("v.type = ?")
            params.append(type.upper())
        if actor:
            where.append("(v.actor_name LIKE ? ESCAPE '\\' OR v.target_name LIKE ? ESCAPE '\\' "
                         "OR ea.identity = ? OR et.identity = ?)")
            params += [like(actor), like(actor), actor, actor]
        if place:
            where.append("(v.place_name LIKE ? ESCAPE '\\' OR v.place_country = ?)")
            params += [like(place), place.upper()]
        date = "COALESCE(v.date, a.published, '')"
        if since:
            where.append(f"{date} >= ?")
            params.append(since)
        if until:
            where.append(f"{date} <= ?")
            params.append(until + "\uffff")
        if article_id:
            where.append("v.article_id = ?")
            params.append(article_id)
        key = decode_cursor(cursor, 2)
        if key:
            where.append(f"({date} < ? OR ({date} = ? AND v.pk < ?))")
            params += [key[0], key[0], key[1]]
        n = _limit(limit)
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS}, {date}, v.pk FROM {_EVENT_SOURCE} WHERE " + " AND ".join(where)
            + f" ORDER BY {date} DESC, v.pk DESC LIMIT ?",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1][22], rows[n - 1][23]]) if len(rows) > n else None
        return Page(tuple(_event(r) for r in rows[:n]), nxt)

    # --- contradictions ----------------------------------------------------------

    def list_contradictions(self, cursor=None, limit=50) -> Page[ContradictionRow]:
        key = decode_cursor(cursor, 2)
        after = key or [-1, 0]
        n = _limit(limit)
        rows = self._rows(
            "SELECT * FROM ("
            " SELECT 0 AS kind, c.pk AS pk, c.article_id, c.claim, c.article_id, c.countered_by, c.why"
            " FROM contradictions c JOIN articles a ON a.id = c.article_id WHERE a.duplicate_of IS NULL"
            " UNION ALL"
            " SELECT 1, x.pk, x.claim_article, x.claim, x.counter_article, x.countered_by, x.why FROM cross_contradictions x"
            ") WHERE kind > ? OR (kind = ? AND pk > ?) ORDER BY kind, pk LIMIT ?",
            (after[0], after[0], after[1], n + 1),
        )
        items = []
        for kind, _pk, claim_article, claim, counter_article, counter, why in rows[:n]:
            claim_id, counter_id = claim.split("/")[-1], counter.split("/")[-1]
            c, d = self._quote_by_ref(claim_article, claim_id), self._quote_by_ref(counter_article, counter_id)
            if c and d:
                items.append(ContradictionRow(c, d, why, bool(kind)))
        nxt = encode_cursor([rows[n - 1][0], rows[n - 1][1]]) if len(rows) > n else None
        return Page(tuple(items), nxt)

    # --- stories -----------------------------------------------------------------

    def list_stories(self, cursor=None, limit=50, min_articles=1) -> Page[Story]:
        key = decode_cursor(cursor, 2)
        where, params = ["s.articles >= ?"], [min_articles]
        if key:
            where.append("(s.articles < ? OR (s.articles = ? AND s.pk > ?))")
            params += [key[0], key[0], key[1]]
        n = _limit(limit)
        rows = self._rows(
            "SELECT s.record, s.articles, s.pk FROM stories s WHERE " + " AND ".join(where)
            + " ORDER BY s.articles DESC, s.pk LIMIT ?",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1][1], rows[n - 1][2]]) if len(rows) > n else None
        return Page(tuple(Story.from_dict(json.loads(r[0])) for r in rows[:n]), nxt)

    def get_story(self, story_id: str) -> Story | None:
        rows = self._rows("SELECT record FROM stories WHERE id = ?", (story_id,))
        if not rows:
            rows = self._rows(
                "SELECT s.record FROM stories s JOIN story_articles m ON m.story_id = s.id WHERE m.article_id = ?",
                (story_id,),
            )
        return Story.from_dict(json.loads(rows[0][0])) if rows else None

    def _write_links(self, stories: Iterable[Story], contradictions: Iterable[Contradiction],
                     canonical_ids: dict[tuple[str, str], str]) -> None:
        """Inside the caller's transaction: replace the cross-article layer."""
        c = self._conn
        c.execute("DELETE FROM story_articles")
        c.execute("DELETE FROM stories")
        c.execute("DELETE FROM cross_contradictions")
        c.execute("DELETE FROM store_meta WHERE key = 'identities'")  # canonical ids change below
        for s in stories:
            c.execute(
                "INSERT INTO stories(id, headline, first_published, articles, record) VALUES (?, ?, ?, ?, ?)",
                story_row(s),
            )
            c.executemany("INSERT OR IGNORE INTO story_articles(story_id, article_id) VALUES (?, ?)",
                          [(s.id, a) for a in s.article_ids])
        c.executemany(
            "INSERT INTO cross_contradictions(claim_article, claim, counter_article, countered_by, why) VALUES (?, ?, ?, ?, ?)",
            cross_contradiction_rows(contradictions),
        )
        c.executemany(
            "UPDATE entities SET canonical_id = ?, identity = ? WHERE article_id = ? AND entity_id = ?",
            [(cid, cid, aid, eid) for (aid, eid), cid in canonical_ids.items()],
        )
