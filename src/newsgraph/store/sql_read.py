"""Listings over the linked store: articles, quotes, entities, events, contradictions, stories.

Every listing uses keyset pagination: the cursor is the sort key of the last row served,
so a page costs the same however deep it is. Cursors are opaque to callers (base64 JSON) and
mean the same sort key on either backend. The queries are written once, with ``?`` placeholders;
the store's :class:`~newsgraph.store.dialect.Dialect` supplies what SQLite and PostgreSQL spell
differently.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any, ContextManager

from newsgraph.link.identities import country_identities, lookup_rank, related_identities
from newsgraph.model import HAPPENED, Contradiction, Story
from newsgraph.store.base import ArticleRow, EntityProfile, EntityRow, EventRow, Page, QuoteRow
from newsgraph.store.dialect import NO_ARTICLE_MATCH, Dialect, is_code, speaker_words
from newsgraph.store.rows import (
    ARTICLES, ATTRIBUTIONS, CROSS_CONTRADICTIONS, EVENTS, IDENTITIES, STORIES, Row, View, check_stance,
    cross_contradiction_rows, decode_cursor, encode_cursor, entity_row, identity_from_row, identity_row, like,
    page_limit,
)
from newsgraph.store.sql_contradictions import ContradictionReader

CANONICAL = "e.identity"  # the canonical id, or the entity's own name before linking
LINKS_SAVED = "links_saved"  # store_meta key: how many times links were saved
_A, _Q, _V = ARTICLES.alias("a"), ATTRIBUTIONS.alias("q"), EVENTS.alias("v")

QUOTE = View(QuoteRow, {
    "article_id": _Q.article_id, "attribution_id": _Q.attribution_id, "speaker": _Q.speaker_text,
    "resolved": _Q.speaker_resolved, "anonymous": _Q.anonymous, "stance": _Q.stance, "form": _Q.form,
    "cue": _Q.cue, "channel": _Q.channel, "via": _Q.via, "content": _Q.content_text, "start": _Q.content_start,
    "end": _Q.content_end, "headline": _A.headline, "published": _A.published, "outlet": _A.outlet,
})
# LEFT JOIN (every row has its article): SQLite then looks each page row's article up by id, where an
# inner join with the duplicates filter has it build a Bloom filter over every article first
QUOTE_SOURCE = "attributions q LEFT JOIN articles a ON a.id = q.article_id"
EVENT = View(EventRow, {
    "article_id": _V.article_id, "event_id": _V.event_id, "type": _V.type, "mode": _V.mode, "text": _V.text,
    "start": _V.start_offset, "end": _V.end_offset, "actor": _V.actor_name, "actor_code": _V.actor_code,
    "actor_canonical_id": _V.actor_identity, "target": _V.target_name, "target_code": _V.target_code,
    "target_canonical_id": _V.target_identity, "place": _V.place_name, "lat": _V.place_lat, "lon": _V.place_lon,
    "country": _V.place_country, "date": _V.date, "fatalities": _V.fatalities, "negated": _V.negated,
    "factuality": _V.factuality, "reported_by": _V.reported_by, "headline": _A.headline, "published": _A.published, "outlet": _A.outlet,
})
# the actor's and target's identities are kept on the event row (migration 0009), so no entity join
EVENT_SOURCE = "events v LEFT JOIN articles a ON a.id = v.article_id"
EVENT_DATE = "v.sort_date"  # the event's date, else its article's (rows.event_rows), as events_listing orders it
ARTICLE_DATE = "COALESCE(a.published, '')"  # as articles_listing orders it
IDENTITY_COLUMNS = ", ".join(IDENTITIES.columns)
ARTICLE_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(ArticleRow))


def where_clause(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def after_key(cursor: str | None, where: list[str], params: list[Any], first: str, second: str, later: str) -> None:
    """With a cursor, keep only rows after its (first, second) key in a listing sorted by ``first`` DESC,
    then ``second`` ascending (``later`` is ``">"``) or descending (``"<"``)."""
    key = decode_cursor(cursor, 2)
    if key:
        where.append(f"({first} < ? OR ({first} = ? AND {second} {later} ?))")
        params += [key[0], key[0], key[1]]


class SQLReader(ContradictionReader):
    """Mixin for :class:`~newsgraph.store.sql_store.SQLStore`: the read side of the linked store."""

    dialect: Dialect

    # provided by the store
    def _check_open(self) -> None:
        raise NotImplementedError

    def _rows(self, sql: str, params: Iterable[Any], what: str = "query") -> list[Row]:
        raise NotImplementedError

    def _value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        raise NotImplementedError

    def _execute(self, sql: str, params: tuple = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    def _transaction(self, lock: bool = True) -> ContextManager[None]:
        raise NotImplementedError

    def _try_transaction(self, purpose: str) -> ContextManager[bool]:
        raise NotImplementedError

    _local_identities: str | None = None  # state of this connection's own identities table, if it has one

    def _bump(self, key: str) -> None:
        """Inside the caller's transaction: add one to the counter kept in store_meta under ``key``."""
        self._execute(
            "INSERT INTO store_meta(key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(store_meta.value AS INTEGER) + 1 AS TEXT)", (key,))

    # --- articles ----------------------------------------------------------------

    def list_articles(self, query=None, outlet=None, since=None, until=None, entity=None, cursor=None,
                      limit=50, include_duplicates=False) -> Page[ArticleRow]:
        where, params = [], []
        match = self.dialect.article_match(query) if query else NO_ARTICLE_MATCH
        if query:
            where.append(match.where)
            params += match.params
        self._article_filters(where, params, outlet, since, until)
        if entity:
            # a name or alias is first resolved to its identity, so the filter is one index lookup
            cid = self._canonical_for(entity) or entity
            if self._much_named(cid):  # walk the listing's index, each article probed (LIMIT stops it soon)
                where.append(f"EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND {CANONICAL} = ?)")
            else:  # pick its few articles through the identity index, then sort those
                where.append(f"a.id IN (SELECT e.article_id FROM entities e WHERE {CANONICAL} = ?)")
            params.append(cid)
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        after_key(cursor, where, params, ARTICLE_DATE, "a.pk", "<")
        n = page_limit(limit)
        # the page is chosen first, in the order of articles_listing; counts and snippets are made for
        # its rows only, and its (at most limit + 1) rows put back in order here rather than by a sort
        rows = self._rows(
            "SELECT p.id AS article_id, p.headline, p.outlet, p.published, p.source_file, p.duplicate_of, "
            f"{match.snippet} AS snippet, "
            "(SELECT COUNT(*) FROM attributions q WHERE q.article_id = p.id) AS attributions, "
            "(SELECT COUNT(*) FROM events v WHERE v.article_id = p.id) AS events, p.pk FROM ("
            "SELECT a.pk, a.id, a.headline, a.outlet, a.published, a.source_file, a.duplicate_of"
            f"{match.carried} FROM articles a{match.join}{where_clause(where)}"
            f" ORDER BY {ARTICLE_DATE} DESC, a.pk DESC LIMIT ?) p",
            [*match.snippet_params, *params, n + 1],
        )
        rows.sort(key=lambda r: (r["published"] or "", r["pk"]), reverse=True)
        items = tuple(ArticleRow(**{f: r[f] for f in ARTICLE_ROW_FIELDS}) for r in rows[:n])
        nxt = encode_cursor([rows[n - 1]["published"] or "", rows[n - 1]["pk"]]) if len(rows) > n else None
        return Page(items, nxt)

    MUCH_NAMED = 50  # an identity in at least 1 in this many first copies is listed by walking the listing

    def _much_named(self, cid: str) -> bool:
        """Whether an identity is in so many articles that a page of them is found soonest by walking the
        articles in listing order (about MUCH_NAMED rows read per article served), not by sorting all of them."""
        named = self._value("SELECT articles FROM identities WHERE canonical_id = ?", (cid,))
        return named is not None and int(named) * self.MUCH_NAMED >= self.count(include_duplicates=False)

    def _article_filters(self, where: list[str], params: list[Any], outlet: str | None, since: str | None,
                         until: str | None) -> None:
        """The outlet (case-insensitive) and published-date filters on the joined article ``a``."""
        if outlet:
            where.append(self.dialect.same_text("a.outlet"))
            params.append(outlet)
        # the date bounds are said on the articles listing's sort key, so they bound its index range
        if since:
            where.append(f"{ARTICLE_DATE} >= ?")
            params.append(since)
        if until:
            where.append(f"a.published IS NOT NULL AND {ARTICLE_DATE} <= ?")
            params.append(until + "\uffff")

    # --- attributions ------------------------------------------------------------

    def list_attributions(self, speaker=None, stance=None, anonymous=None, text=None, article_id=None, entity=None,
                          cursor=None, limit=50, outlet=None, since=None, until=None) -> Page[QuoteRow]:
        where, params = ["a.duplicate_of IS NULL"], []
        source, key_column = QUOTE_SOURCE, "q.pk"
        if speaker and not speaker_words(speaker):
            return Page((), None)  # nothing in it to look for (as a substring it matched no name either)
        if text or speaker:
            # the speaker by the words of its name (the last one a prefix), from the full-text index,
            # in the index's own order: a page is read without collecting every match first
            match = self.dialect.quote_match(text or None, speaker=speaker or None)
            source += match.join
            where.append(match.where)
            params += match.params
            key_column = match.key
        self._quote_filters(where, params, stance or None, anonymous)
        self._article_filters(where, params, outlet, since, until)
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        if entity:  # the speaker's identity, kept on the attribution (index attributions_speaker_identity)
            where.append("q.speaker_identity = ?")
            params.append(entity)
        key = decode_cursor(cursor, 1)
        if key:
            where.append(f"{key_column} > ?")
            params.append(key[0])
        n = page_limit(limit)
        rows = self._rows(
            f"SELECT {QUOTE.select(pk='q.pk')} FROM {source}{where_clause(where)} ORDER BY {key_column} LIMIT ?",
            [*params, n + 1], what="quote listing",
        )
        nxt = encode_cursor([rows[n - 1]["pk"]]) if len(rows) > n else None
        return Page(tuple(QUOTE.build(r) for r in rows[:n]), nxt)

    def _quote_filters(self, where: list[str], params: list[Any], stance: str | None,
                       anonymous: bool | None) -> None:
        """Add the stance and anonymity filters that are not None."""
        if stance is not None:
            check_stance(stance)
            where.append("q.stance = ?")
            params.append(stance)
        if anonymous is not None:
            where.append("q.anonymous = ?")
            params.append(int(anonymous))

    # --- entities ----------------------------------------------------------------

    def _identities_state(self) -> str:
        """What the identities are built from: the stored first copies (their entities change only with a
        batch that adds or changes articles, which bumps ``articles_version``) and the saved links. Two
        key lookups, where counting the entity rows would read them all on every listing."""
        found = {r["key"]: r["value"] for r in self._rows(
            "SELECT key, value FROM store_meta WHERE key IN (?, ?)", ("articles_version", LINKS_SAVED))}
        return f"v{found.get('articles_version') or 0}:{found.get(LINKS_SAVED) or 0}"

    def _meta(self, keys: Sequence[str]) -> dict[str, str]:
        marks = ", ".join("?" * len(keys))
        return {r["key"]: r["value"] for r in self._rows(f"SELECT key, value FROM store_meta WHERE key IN ({marks})",
                                                         tuple(keys))}

    def _stop_shadowing_identities(self) -> None:
        """Drop this connection's own identities table, if it made one: the stored table is read again."""
        if self._local_identities is not None:
            self._execute(f"DROP TABLE IF EXISTS {self.dialect.temp_schema}.identities")
            self._local_identities = None

    def _fresh_identities(self) -> None:
        """Make the aggregated ``identities`` table current if entities or links changed since it was built.

        A table the linking passes keep (``IDENTITIES_COVER``: it holds exactly the first copies linked
        through ``LINKED_THROUGH``) is current for the saved links: articles stored since are not linked
        yet, and their pass adds them, so a read never aggregates the store. Otherwise it is rebuilt in
        the store when no one else is writing (of the linked articles only, when a pass has linked some:
        the next pass adds the rest); else (a read never waits for a writer) for this connection alone,
        in a temporary table of the same name that shadows the stored one until the stored one is
        current again.
        """
        from newsgraph.store.linking import IDENTITIES_COVER, LINKED_THROUGH

        state = self._identities_state()
        if self._local_identities == state:
            return
        meta = self._meta(("identities", IDENTITIES_COVER, LINKED_THROUGH))
        stored, linked = meta.get("identities"), meta.get(LINKED_THROUGH)
        kept = (stored is not None and linked is not None and stored.split(":")[-1] == state.split(":")[-1]
                and meta.get(IDENTITIES_COVER) == f"{stored}@{linked}")
        self._stop_shadowing_identities()
        if stored == state or kept:
            return
        through = ("", ()) if linked is None else (" AND a.pk <= ?", (int(linked),))
        rows = [IDENTITIES.values(r) for r in self._identity_rows(*through)]
        with self._try_transaction("identities") as done:
            if done:
                self._execute("DELETE FROM identities")
                self._executemany(IDENTITIES.insert_sql(), rows)
                for key, value in (("identities", state), (IDENTITIES_COVER, linked and f"{state}@{linked}")):
                    if value:
                        self._set_meta(key, value)
        if not done:
            self._execute("CREATE TEMPORARY TABLE identities AS SELECT * FROM identities WHERE 1 = 0")
            self._executemany(IDENTITIES.insert_sql(), rows)
            self._local_identities = state

    def _identity_rows(self, where: str = "", params: tuple = ()) -> list[dict[str, Any]]:
        """The ``identities`` rows aggregated from the entities of first copies (``where`` narrows them)."""
        collect = self.dialect.collect
        groups = self._rows(
            f"SELECT {CANONICAL} AS cid, COUNT(DISTINCT e.article_id) AS articles, SUM(e.mentions) AS mentions, "
            f"{collect('e.name')} AS names, {collect('e.aliases')} AS aliases, {collect('e.roles')} AS roles, "
            f"{collect('e.type')} AS types "
            f"FROM entities e JOIN articles a ON a.id = e.article_id WHERE a.duplicate_of IS NULL{where} GROUP BY cid",
            params,
        )
        return [identity_row(self._entity_row(g)) for g in groups]

    def _entity_row(self, r: Row) -> EntityRow:
        """An identity from one group of the aggregation in ``_fresh_identities``."""
        collected = self.dialect.collected
        return entity_row(r["cid"], r["articles"], r["mentions"], collected(r["names"]), collected(r["aliases"]),
                          collected(r["roles"]), collected(r["types"]))

    def list_entities(self, name=None, type=None, cursor=None, limit=50, outlet=None, since=None,
                      until=None) -> Page[EntityRow]:
        if outlet or since or until:
            return self._entities_in(name, type, cursor, limit, outlet, since, until)
        self._fresh_identities()
        where, params = [], []
        if name:
            where.append(f"({self.dialect.like('name')} OR {self.dialect.like('aliases')})")
            params += [like(name), like(name)]
        if type:
            where.append("type = ?")
            params.append(type.upper())
        after_key(cursor, where, params, "articles", "canonical_id", ">")
        n = page_limit(limit)
        rows = self._rows(
            f"SELECT {IDENTITY_COLUMNS} FROM identities{where_clause(where)} ORDER BY articles DESC, canonical_id LIMIT ?",
            [*params, n + 1],
        )
        items = tuple(identity_from_row(r) for r in rows[:n])
        nxt = encode_cursor([rows[n - 1]["articles"], rows[n - 1]["canonical_id"]]) if len(rows) > n else None
        return Page(items, nxt)

    def _entities_in(self, name, type, cursor, limit, outlet, since, until) -> Page[EntityRow]:
        """Identities counted over the articles of one outlet or date range only (aggregated on the fly)."""
        collect = self.dialect.collect
        where, params = ["a.duplicate_of IS NULL"], []
        self._article_filters(where, params, outlet, since, until)
        groups = self._rows(
            f"SELECT {CANONICAL} AS cid, COUNT(DISTINCT e.article_id) AS articles, SUM(e.mentions) AS mentions, "
            f"{collect('e.name')} AS names, {collect('e.aliases')} AS aliases, {collect('e.roles')} AS roles, "
            f"{collect('e.type')} AS types FROM entities e JOIN articles a ON a.id = e.article_id"
            f"{where_clause(where)} GROUP BY cid", params)
        rows = [self._entity_row(g) for g in groups]
        wanted = (name or "").lower()
        rows = sorted((r for r in rows if (not type or r.type == type.upper()) and (
            not wanted or any(wanted in n.lower() for n in (r.name, *r.aliases)))),
            key=lambda r: (-r.articles, r.canonical_id))
        key = decode_cursor(cursor, 2)
        if key:
            rows = [r for r in rows if (-r.articles, r.canonical_id) > (-key[0], key[1])]
        n = page_limit(limit)
        nxt = encode_cursor([rows[n - 1].articles, rows[n - 1].canonical_id]) if len(rows) > n else None
        return Page(tuple(rows[:n]), nxt)

    def _canonical_for(self, key: str) -> str | None:
        """The identity a user means by ``key``: a canonical id; a country by any of its names; else
        the best-ranked name, alias or surname match (``link.identities.lookup_rank``)."""
        self._fresh_identities()
        if self._rows("SELECT 1 AS one FROM identities WHERE canonical_id = ?", (key,)):
            return key
        for cid in country_identities(key):
            if self._rows("SELECT 1 AS one FROM identities WHERE canonical_id = ?", (cid,)):
                return cid
        like_ = self.dialect.like
        candidates = [identity_from_row(r) for r in self._rows(
            f"SELECT {IDENTITY_COLUMNS} FROM identities WHERE {like_('name')} OR {like_('aliases')} "
            "ORDER BY articles DESC, canonical_id LIMIT 500", (like(key), like(key)))]
        ranked = sorted((rank, c.canonical_id) for c in candidates if (rank := lookup_rank(key, c)) is not None)
        if ranked:
            return ranked[0][1]
        same = self.dialect.same_text
        rows = self._rows(
            f"SELECT {CANONICAL} AS cid, COUNT(*) AS n FROM entities e WHERE {same('e.name')} "
            f"OR EXISTS (SELECT 1 FROM {self.dialect.json_values('e.aliases', 'j')} WHERE {same('j.value')}) "
            "GROUP BY cid ORDER BY n DESC, cid LIMIT 1",
            (key, key),
        )
        return rows[0]["cid"] if rows else None

    def entity_profile(self, key: str, limit: int = 50) -> EntityProfile | None:
        cid = self._canonical_for(key)
        if cid is None:
            return None
        rows = self._rows(f"SELECT {IDENTITY_COLUMNS} FROM identities WHERE canonical_id = ?", (cid,))
        if not rows:  # known only from duplicate articles
            return None
        entity = identity_from_row(rows[0])
        said = self.list_attributions(entity=cid, limit=limit).items
        said_keys = {(q.article_id, q.attribution_id) for q in said}
        about: list[QuoteRow] = []
        names = [entity.name, *entity.aliases]
        phrase = " OR ".join(f'"{n}"' for n in names if re.search(r"\w", n))
        if phrase:
            # the newest ``limit`` mentions, read in the full-text index's order (never every mention of a
            # much-quoted name), then shown oldest first
            match = self.dialect.quote_match(phrase)
            found = self._rows(
                f"SELECT {QUOTE.select(pk='q.pk')} FROM {QUOTE_SOURCE}{match.join} WHERE {match.where} "
                f"AND a.duplicate_of IS NULL ORDER BY {match.key} DESC LIMIT ?",
                (*match.params, limit),
            )
            for q in sorted(found, key=lambda r: (r["published"] is not None, r["published"] or "", r["pk"])):
                row = QUOTE.build(q)
                if (row.article_id, row.attribution_id) not in said_keys:
                    about.append(row)
        articles = self.list_articles(entity=cid, limit=limit).items
        events = self._events_of(related_identities(cid), limit)  # a country's include those of its people
        return EntityProfile(entity, said, tuple(about), events, articles)

    def _events_of(self, identities: list[str], limit: int) -> tuple[EventRow, ...]:
        """The first ``limit`` events (by listing date) whose actor or target is one of ``identities``: the
        first ``limit`` of each kept identity index (events_actor_identity, events_target_identity), merged."""
        marks = ", ".join("?" * len(identities))
        picks = [f"SELECT * FROM (SELECT v.pk AS pk FROM events v JOIN articles a ON a.id = v.article_id "
                 f"WHERE v.{role}_identity IN ({marks}) AND a.duplicate_of IS NULL "
                 f"ORDER BY {EVENT_DATE}, v.pk LIMIT ?) {role}" for role in ("actor", "target")]
        rows = self._rows(
            f"SELECT {EVENT.select()} FROM {EVENT_SOURCE} WHERE v.pk IN ({picks[0]} UNION {picks[1]}) "
            f"ORDER BY {EVENT_DATE}, v.pk LIMIT ?",
            (*identities, limit, *identities, limit, limit),
        )
        return tuple(EVENT.build(r) for r in rows)

    # --- events ------------------------------------------------------------------

    def list_events(self, type=None, actor=None, place=None, since=None, until=None, article_id=None, cursor=None,
                    limit=50, outlet=None, geocoded=False, factuality=None) -> Page[EventRow]:
        like_ = self.dialect.like
        where, params = ["a.duplicate_of IS NULL"], []
        if factuality in (None, "happened"):  # what happened: the outlet or a source says so
            where.append("v.factuality IN (" + ", ".join("?" * len(HAPPENED)) + ")")
            params += sorted(HAPPENED)
        elif factuality != "all":
            where.append("v.factuality = ?")
            params.append(factuality)
        self._article_filters(where, params, outlet, None, None)
        if geocoded:
            where.append("v.place_lat IS NOT NULL AND v.place_lon IS NOT NULL")
        if type:
            where.append("v.type = ?")
            params.append(type.upper())
        if actor:
            ids = country_identities(actor) or related_identities(actor)  # "US" = "United States" = "Americans"
            marks = ", ".join("?" * len(ids))
            named = "" if country_identities(actor) else f"{like_('v.actor_name')} OR {like_('v.target_name')} OR "
            where.append(f"({named}v.actor_identity IN ({marks}) OR v.target_identity IN ({marks}))")
            params += ([] if not named else [like(actor), like(actor)]) + [*ids, *ids]
        if place:  # the place's name (any case) or, for a code, its country: each indexed in listing order
            where.append(f"({self.dialect.same_text('v.place_name')} OR v.place_country = ?)" if is_code(place)
                         else self.dialect.same_text("v.place_name"))
            params += [place, place.upper()] if is_code(place) else [place]
        if since:
            where.append(f"{EVENT_DATE} >= ?")
            params.append(since)
        if until:
            where.append(f"{EVENT_DATE} <= ?")
            params.append(until + "\uffff")
        if article_id:
            where.append("v.article_id = ?")
            params.append(article_id)
        after_key(cursor, where, params, EVENT_DATE, "v.pk", "<")
        n = page_limit(limit)
        rows = self._rows(
            f"SELECT {EVENT.select(sort_date=EVENT_DATE, pk='v.pk')} FROM {EVENT_SOURCE}{where_clause(where)}"
            f" ORDER BY {EVENT_DATE} DESC, v.pk DESC LIMIT ?",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1]["sort_date"], rows[n - 1]["pk"]]) if len(rows) > n else None
        return Page(tuple(EVENT.build(r) for r in rows[:n]), nxt)

    # --- stories -----------------------------------------------------------------

    def list_stories(self, cursor=None, limit=50, min_articles=1) -> Page[Story]:
        where, params = ["s.articles >= ?"], [min_articles]
        after_key(cursor, where, params, "s.articles", "s.pk", ">")
        n = page_limit(limit)
        rows = self._rows(
            f"SELECT s.record, s.articles, s.pk FROM stories s{where_clause(where)} ORDER BY s.articles DESC, s.pk LIMIT ?",
            [*params, n + 1],
        )
        nxt = encode_cursor([rows[n - 1]["articles"], rows[n - 1]["pk"]]) if len(rows) > n else None
        return Page(tuple(self._stories_from([r["record"] for r in rows[:n]])), nxt)

    def get_story(self, story_id: str) -> Story | None:
        rows = self._rows("SELECT record FROM stories WHERE id = ?", (story_id,))
        if not rows:
            rows = self._rows(
                "SELECT s.record FROM stories s JOIN story_articles m ON m.story_id = s.id WHERE m.article_id = ?",
                (story_id,),
            )
        return self._stories_from([rows[0]["record"]])[0] if rows else None

    def _write_links(self, stories: Iterable[Story], contradictions: Iterable[Contradiction],
                     canonical_ids: dict[tuple[str, str], str]) -> None:
        """Inside the caller's transaction: replace the cross-article layer."""
        for table in ("story_articles", "stories", "cross_contradictions"):
            self._execute(f"DELETE FROM {table}")
        self._bump(LINKS_SAVED)  # canonical ids change below: identities are built again
        # keys numbered from 1 on both backends (as SQLite numbers an emptied table), so cursors match too
        stories = list(stories)
        for s, row in zip(stories, self._story_rows(stories)):
            self._execute(STORIES.insert_sql(), STORIES.values(row))
            self._executemany("INSERT INTO story_articles(story_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                              [(s.id, a) for a in s.article_ids])
        self._executemany(
            CROSS_CONTRADICTIONS.insert_sql(),
            [CROSS_CONTRADICTIONS.values(row) for row in cross_contradiction_rows(contradictions)],
        )
        self._executemany(
            "UPDATE entities SET canonical_id = ?, identity = ? WHERE article_id = ? AND entity_id = ?",
            [(cid, cid, aid, eid) for (aid, eid), cid in canonical_ids.items()],
        )
