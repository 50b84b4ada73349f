"""Listings over a PostgreSQL store: articles, quotes, entities, events, contradictions, stories.

The same queries, orderings and keyset cursors as ``sqlite_read.py``, in PostgreSQL's dialect:
``%s`` placeholders, tsvector matches instead of FTS5, ``lower()`` instead of ``COLLATE NOCASE``,
``jsonb`` functions over the JSON text columns. A cursor from one backend means the same sort
key on the other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import psycopg

from newsgraph.model import Contradiction, Story
from newsgraph.store.base import (
    ArticleRow, ContradictionRow, EntityProfile, EntityRow, EventRow, Page, QuoteRow, StoreError,
)
from newsgraph.store.rows import (
    check_stance, cross_contradiction_rows, decode_cursor, encode_cursor, entity_row, event_row, identity_from_row,
    identity_row, like, page_limit,
    quote_row, story_row,
)

CANONICAL = "e.identity"  # the canonical id, or the entity's own name before linking
# an entity known by this name or alias (case-insensitive); takes the key twice
_NAMED = ("(lower(e.name) = lower(%s) OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(e.aliases::jsonb) j "
          "WHERE lower(j) = lower(%s)))")
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
_ENTITY_GROUP = (
    f"SELECT {CANONICAL} AS cid, COUNT(DISTINCT e.article_id) AS n, SUM(e.mentions), array_agg(e.name), "
    "array_agg(e.aliases), array_agg(e.roles), array_agg(e.type) FROM entities e"
)


class PostgresReader:
    """Mixin for :class:`PostgresStore`: the read side of the linked store."""

    _conn: psycopg.Connection

    def _check_open(self) -> None:  # provided by the store
        raise NotImplementedError

    def _rows(self, sql: str, params: Iterable[Any], what: str = "query") -> list[tuple]:
        self._check_open()
        try:
            return self._conn.execute(sql, tuple(params)).fetchall()
        except psycopg.Error as exc:
            raise StoreError(f"{what} failed: {' '.join(str(exc).split())}") from exc

    # --- articles ----------------------------------------------------------------

    def list_articles(self, query=None, outlet=None, since=None, until=None, entity=None, cursor=None,
                      limit=50, include_duplicates=False) -> Page[ArticleRow]:
        from newsgraph.store.postgres import HEADLINE_OPTIONS, TS_CONFIG, ts_query

        where, params = [], []
        source = "articles a"
        snippet, snippet_params, carried = "NULL", [], ""
        if query:
            match, match_params = ts_query(query)
            source += f" CROSS JOIN (SELECT {match} AS q) query"
            params += match_params
            where.append("a.fts @@ query.q")
            # snippets only for the page served (ts_headline re-parses the text), in the outer query
            snippet = f"ts_headline('{TS_CONFIG}', coalesce(p.headline || E'\\n', '') || p.text, p.q, %s)"
            snippet_params, carried = [HEADLINE_OPTIONS], ", a.text, query.q"
        if outlet:
            where.append("lower(a.outlet) = lower(%s)")
            params.append(outlet)
        if since:
            where.append("a.published >= %s")
            params.append(since)
        if until:
            where.append("a.published <= %s")
            params.append(until + "\uffff")
        if entity:
            # a name or alias is first resolved to its identity, so the filter is one index lookup
            where.append(f"a.id IN (SELECT e.article_id FROM entities e WHERE {CANONICAL} = %s)")
            params.append(self._canonical_for(entity) or entity)
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        key = decode_cursor(cursor, 2)
        if key:
            where.append("(COALESCE(a.published, '') < %s OR (COALESCE(a.published, '') = %s AND a.pk < %s))")
            params += [key[0], key[0], key[1]]
        n = page_limit(limit)
        rows = self._rows(
            f"SELECT p.id, p.headline, p.outlet, p.published, p.source_file, p.duplicate_of, {snippet}, "
            "(SELECT COUNT(*) FROM attributions q WHERE q.article_id = p.id), "
            "(SELECT COUNT(*) FROM events v WHERE v.article_id = p.id), p.pk FROM ("
            f"SELECT a.pk, a.id, a.headline, a.outlet, a.published, a.source_file, a.duplicate_of{carried} FROM {source}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY COALESCE(a.published, '') DESC, a.pk DESC LIMIT %s) p"
            " ORDER BY COALESCE(p.published, '') DESC, p.pk DESC",
            [*snippet_params, *params, n + 1],
        )
        items = tuple(ArticleRow(*r[:9]) for r in rows[:n])
        nxt = encode_cursor([rows[n - 1][3] or "", rows[n - 1][9]]) if len(rows) > n else None
        return Page(items, nxt)

    # --- attributions ------------------------------------------------------------

    def list_attributions(self, speaker=None, stance=None, anonymous=None, text=None, article_id=None, entity=None,
                          cursor=None, limit=50) -> Page[QuoteRow]:
        from newsgraph.store.postgres import ts_query

        where, params = ["a.duplicate_of IS NULL"], []
        source = "attributions q JOIN articles a ON a.id = q.article_id"
        if text:
            match, match_params = ts_query(text)
            where.append(f"q.fts @@ {match}")
            params += match_params
        if speaker:
            where.append("(q.speaker_text ILIKE %s OR q.speaker_resolved ILIKE %s)")
            params += [like(speaker), like(speaker)]
        if stance:
            check_stance(stance)
            where.append("q.stance = %s")
            params.append(stance)
        if anonymous is not None:
            where.append("q.anonymous = %s")
            params.append(int(anonymous))
        if article_id:
            where.append("q.article_id = %s")
            params.append(article_id)
        if entity:
            where.append("(q.article_id, q.speaker_entity_id) IN "
                         "(SELECT e.article_id, e.entity_id FROM entities e WHERE e.identity = %s)")
            params.append(entity)
        key = decode_cursor(cursor, 1)
        if key:
            where.append("q.pk > %s")
            params.append(key[0])
        n = page_limit(limit)
        rows = self._rows(
            f"SELECT {_QUOTE_COLUMNS}, q.pk FROM {source} WHERE " + " AND ".join(where) + " ORDER BY q.pk LIMIT %s",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1][16]]) if len(rows) > n else None
        return Page(tuple(quote_row(r) for r in rows[:n]), nxt)

    def _quote_by_ref(self, article_id: str, attribution_id: str) -> QuoteRow | None:
        rows = self._rows(
            f"SELECT {_QUOTE_COLUMNS} FROM attributions q JOIN articles a ON a.id = q.article_id "
            "WHERE q.article_id = %s AND q.attribution_id = %s",
            (article_id, attribution_id),
        )
        return quote_row(rows[0]) if rows else None

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
            f"{_ENTITY_GROUP} JOIN articles a ON a.id = e.article_id WHERE a.duplicate_of IS NULL GROUP BY cid", ()
        )
        with self._transaction(reset_index=False, lock=False):  # type: ignore[attr-defined]
            with self._conn.cursor() as c:
                c.execute("DELETE FROM identities")
                rows = [identity_row(_entity(g)) for g in groups]
                if rows:
                    c.executemany(
                        "INSERT INTO identities(canonical_id, name, type, aliases, roles, articles, mentions) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        rows,
                    )
                c.execute(
                    "INSERT INTO store_meta(key, value) VALUES ('identities', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (state,),
                )

    def list_entities(self, name=None, type=None, cursor=None, limit=50) -> Page[EntityRow]:
        self._fresh_identities()
        where, params = [], []
        if name:
            where.append("(name ILIKE %s OR aliases ILIKE %s)")
            params += [like(name), like(name)]
        if type:
            where.append("type = %s")
            params.append(type.upper())
        key = decode_cursor(cursor, 2)
        if key:
            where.append("(articles < %s OR (articles = %s AND canonical_id > %s))")
            params += [key[0], key[0], key[1]]
        n = page_limit(limit)
        rows = self._rows(
            "SELECT canonical_id, name, type, aliases, roles, articles, mentions FROM identities"
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY articles DESC, canonical_id LIMIT %s",
            [*params, n + 1],
        )
        items = tuple(identity_from_row(r) for r in rows[:n])
        nxt = encode_cursor([rows[n - 1][5], rows[n - 1][0]]) if len(rows) > n else None
        return Page(items, nxt)

    def _canonical_for(self, key: str) -> str | None:
        self._fresh_identities()
        rows = self._rows(
            "SELECT canonical_id FROM identities WHERE canonical_id = %s OR lower(name) = lower(%s) "
            "ORDER BY articles DESC, canonical_id LIMIT 1",
            (key, key),
        ) or self._rows(
            f"SELECT {CANONICAL} AS cid, COUNT(*) AS n FROM entities e WHERE {_NAMED} "
            "GROUP BY cid ORDER BY n DESC, cid LIMIT 1",
            (key, key),
        )
        return rows[0][0] if rows else None

    def entity_profile(self, key: str, limit: int = 200) -> EntityProfile | None:
        from newsgraph.store.postgres import ts_query

        cid = self._canonical_for(key)
        if cid is None:
            return None
        rows = self._rows(
            "SELECT canonical_id, name, type, aliases, roles, articles, mentions FROM identities WHERE canonical_id = %s",
            (cid,),
        )
        if not rows:  # known only from duplicate articles
            return None
        entity = identity_from_row(rows[0])
        said = self.list_attributions(entity=cid, limit=limit).items
        said_keys = {(q.article_id, q.attribution_id) for q in said}
        about: list[QuoteRow] = []
        names = [entity.name, *entity.aliases]
        phrase = " OR ".join(f'"{n}"' for n in names if re.search(r"\w", n))
        if phrase:
            match, match_params = ts_query(phrase)
            for q in self._rows(
                f"SELECT {_QUOTE_COLUMNS} FROM attributions q JOIN articles a ON a.id = q.article_id "
                f"WHERE q.fts @@ {match} AND a.duplicate_of IS NULL ORDER BY a.published, q.pk LIMIT %s",
                (*match_params, limit),
            ):
                row = quote_row(q)
                if (row.article_id, row.attribution_id) not in said_keys:
                    about.append(row)
        events = self._rows(
            f"SELECT {_EVENT_COLUMNS} FROM {_EVENT_SOURCE} WHERE (ea.identity = %s OR et.identity = %s) "
            "AND a.duplicate_of IS NULL ORDER BY COALESCE(v.date, a.published, ''), v.pk LIMIT %s",
            (cid, cid, limit),
        )
        articles = self.list_articles(entity=cid, limit=limit).items
        return EntityProfile(entity, said, tuple(about), tuple(event_row(r) for r in events), articles)

    # --- events ------------------------------------------------------------------

    def list_events(self, type=None, actor=None, place=None, since=None, until=None, article_id=None, cursor=None,
                    limit=50) -> Page[EventRow]:
        where, params = ["a.duplicate_of IS NULL"], []
        if type:
            where.append("v.type = %s")
            params.append(type.upper())
        if actor:
            where.append("(v.actor_name ILIKE %s OR v.target_name ILIKE %s OR ea.identity = %s OR et.identity = %s)")
            params += [like(actor), like(actor), actor, actor]
        if place:
            where.append("(v.place_name ILIKE %s OR v.place_country = %s)")
            params += [like(place), place.upper()]
        date = "COALESCE(v.date, a.published, '')"
        if since:
            where.append(f"{date} >= %s")
            params.append(since)
        if until:
            where.append(f"{date} <= %s")
            params.append(until + "\uffff")
        if article_id:
            where.append("v.article_id = %s")
            params.append(article_id)
        key = decode_cursor(cursor, 2)
        if key:
            where.append(f"({date} < %s OR ({date} = %s AND v.pk < %s))")
            params += [key[0], key[0], key[1]]
        n = page_limit(limit)
        rows = self._rows(
            f"SELECT {_EVENT_COLUMNS}, {date}, v.pk FROM {_EVENT_SOURCE} WHERE " + " AND ".join(where)
            + f" ORDER BY {date} DESC, v.pk DESC LIMIT %s",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1][22], rows[n - 1][23]]) if len(rows) > n else None
        return Page(tuple(event_row(r) for r in rows[:n]), nxt)

    # --- contradictions ----------------------------------------------------------

    def list_contradictions(self, cursor=None, limit=50) -> Page[ContradictionRow]:
        key = decode_cursor(cursor, 2)
        after = key or [-1, 0]
        n = page_limit(limit)
        rows = self._rows(
            "SELECT * FROM ("
            " SELECT 0 AS kind, c.pk AS pk, c.article_id AS claim_article, c.claim, c.article_id AS counter_article,"
            " c.countered_by, c.why"
            " FROM contradictions c JOIN articles a ON a.id = c.article_id WHERE a.duplicate_of IS NULL"
            " UNION ALL"
            " SELECT 1, x.pk, x.claim_article, x.claim, x.counter_article, x.countered_by, x.why FROM cross_contradictions x"
            ") u WHERE kind > %s OR (kind = %s AND pk > %s) ORDER BY kind, pk LIMIT %s",
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
        where, params = ["s.articles >= %s"], [min_articles]
        if key:
            where.append("(s.articles < %s OR (s.articles = %s AND s.pk > %s))")
            params += [key[0], key[0], key[1]]
        n = page_limit(limit)
        rows = self._rows(
            "SELECT s.record, s.articles, s.pk FROM stories s WHERE " + " AND ".join(where)
            + " ORDER BY s.articles DESC, s.pk LIMIT %s",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1][1], rows[n - 1][2]]) if len(rows) > n else None
        return Page(tuple(Story.from_dict(json.loads(r[0])) for r in rows[:n]), nxt)

    def get_story(self, story_id: str) -> Story | None:
        rows = self._rows("SELECT record FROM stories WHERE id = %s", (story_id,))
        if not rows:
            rows = self._rows(
                "SELECT s.record FROM stories s JOIN story_articles m ON m.story_id = s.id WHERE m.article_id = %s",
                (story_id,),
            )
        return Story.from_dict(json.loads(rows[0][0])) if rows else None

    def _write_links(self, stories: Iterable[Story], contradictions: Iterable[Contradiction],
                     canonical_ids: dict[tuple[str, str], str]) -> None:
        """Inside the caller's transaction: replace the cross-article layer."""
        with self._conn.cursor() as c:
            c.execute("DELETE FROM story_articles")
            c.execute("DELETE FROM stories")
            c.execute("DELETE FROM cross_contradictions")
            c.execute("DELETE FROM store_meta WHERE key = 'identities'")  # canonical ids change below
            # explicit keys from 1, as SQLite numbers rows of an emptied table: cursors then match too
            for pk, s in enumerate(stories, 1):
                c.execute(
                    "INSERT INTO stories(pk, id, headline, first_published, articles, record) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    (pk, *story_row(s)),
                )
                members = [(s.id, a) for a in s.article_ids]
                if members:
                    c.executemany("INSERT INTO story_articles(story_id, article_id) VALUES (%s, %s) "
                                  "ON CONFLICT DO NOTHING", members)
            rows = [(pk, *row) for pk, row in enumerate(cross_contradiction_rows(contradictions), 1)]
            if rows:
                c.executemany(
                    "INSERT INTO cross_contradictions(pk, claim_article, claim, counter_article, countered_by, why) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    rows,
                )
            updates = [(cid, cid, aid, eid) for (aid, eid), cid in canonical_ids.items()]
            if updates:
                c.executemany("UPDATE entities SET canonical_id = %s, identity = %s WHERE article_id = %s AND entity_id = %s", updates)


def _entity(r: tuple) -> EntityRow:
    return entity_row(r[0], r[1], r[2], list(r[3]), list(r[4]), list(r[5]), list(r[6]))
