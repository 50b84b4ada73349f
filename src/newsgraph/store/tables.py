"""The tables analysts count: one row per article, quote, event, identity, mention, contradiction or
story membership, with typed columns and ids that join across them.

Each table is described once (``TableSpec``: named, typed columns, each read by one SQL expression
over the store's own rows), so every output (CSV, TSV, JSON lines, Parquet, a pandas DataFrame) has
the same columns. Rows stream from the database in keyset-paged batches; the article record JSON is
never read back into Python (the two article fields no row column holds, ``authors`` and
``published_inferred``, are picked out of it by the database).

How the ids join: ``quotes.article_id``, ``events.article_id``, ``mentions.article_id`` and
``stories.article_id`` are ``articles.article_id``; ``quotes.speaker_canonical_id``,
``events.actor_canonical_id`` / ``target_canonical_id`` and ``mentions.canonical_id`` are
``entities.canonical_id``; ``contradictions.claim_quote_id`` / ``countered_by_quote_id`` are
``quotes.quote_id``. Quotes, events, mentions and contradictions leave duplicate articles out (as
the listings do); the articles table keeps them, with ``duplicate_of`` set.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any, Iterator

TABLE_NAMES = ("articles", "quotes", "events", "entities", "mentions", "contradictions", "stories")
KINDS = ("str", "int", "float", "bool", "date", "list", "precision")
# list: a JSON array kept as "a; b" text; precision: how much of an ISO date is known (day, month, year)
BATCH = 2000
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    sql: str  # an expression over the table's FROM clause
    doc: str = ""


@dataclass(frozen=True)
class TableSpec:
    name: str
    doc: str
    columns: tuple[Column, ...]
    source: str  # FROM ... [WHERE ...], aliases as the columns use them
    keys: tuple[str, ...]  # expressions giving each row a unique, sortable key (keyset paging)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: str, sql: str, doc: str = "") -> Column:
    assert kind in KINDS, kind
    return Column(name, kind, sql, doc)


_ARTICLE_OF = (
    _c("outlet", "str", "a.outlet", "the article's outlet"),
    _c("published", "date", "a.published", "the article's publication date"),
)
_LIVE = "a.duplicate_of IS NULL"


def specs(dialect: Any) -> dict[str, TableSpec]:
    """Every table, its SQL spelt for ``dialect`` (``json_member`` differs between backends)."""
    member = dialect.json_member
    return {s.name: s for s in (
        TableSpec("articles", "one row per stored article (duplicates too, with duplicate_of)", (
            _c("article_id", "str", "a.id", "sha256 of the cleaned text"),
            _c("headline", "str", "a.headline"),
            *_ARTICLE_OF,
            _c("published_precision", "precision", "a.published", "day, month or year: how much of published is known"),
            _c("published_inferred", "bool", member("a.record", "published_inferred"),
               "true when the date was inferred from the text"),
            _c("url", "str", "a.url"),
            _c("source_file", "str", "a.source_file"),
            _c("authors", "list", member("a.record", "authors")),
            _c("duplicate_of", "str", "a.duplicate_of", "article_id of the first copy, for a near-duplicate"),
            _c("quotes", "int", "(SELECT COUNT(*) FROM attributions q WHERE q.article_id = a.id)"),
            _c("events", "int", "(SELECT COUNT(*) FROM events v WHERE v.article_id = a.id)"),
            _c("entities", "int", "(SELECT COUNT(*) FROM entities e WHERE e.article_id = a.id)"),
            _c("text", "str", "a.text", "the cleaned body; every offset in the other tables indexes it"),
        ), "articles a", ("a.pk",)),
        TableSpec("quotes", "one row per attribution: who said what, with the speaker resolved", (
            _c("quote_id", "str", "q.article_id || '/' || q.attribution_id", "article_id/attribution_id"),
            _c("article_id", "str", "q.article_id"),
            _c("attribution_id", "str", "q.attribution_id"),
            _c("speaker", "str", "q.speaker_text", "the speaker as written (\"He\", \"the statement\")"),
            _c("speaker_resolved", "str", "q.speaker_resolved", "who that is"),
            _c("speaker_entity_id", "str", "q.speaker_entity_id", "the entity in this article"),
            _c("speaker_canonical_id", "str", "es.identity", "entities.canonical_id"),
            _c("anonymous", "bool", "q.anonymous"),
            _c("affiliation", "str", "q.affiliation"),
            _c("stance", "str", "q.stance"),
            _c("form", "str", "q.form", "direct, mixed or indirect"),
            _c("cue", "str", "q.cue"),
            _c("channel", "str", "q.channel"),
            _c("via", "str", "q.via"),
            _c("nested_source", "str", "q.nested_source"),
            _c("text", "str", "q.content_text", "what was said"),
            _c("start", "int", "q.content_start", "offset of text in articles.text"),
            _c("end", "int", "q.content_end"),
            _c("said_on", "date", "q.said_on", "the statement's date, when the text gives one"),
            *_ARTICLE_OF,
            _c("headline", "str", "a.headline"),
        ), "attributions q JOIN articles a ON a.id = q.article_id LEFT JOIN entities es "
           f"ON es.article_id = q.article_id AND es.entity_id = q.speaker_entity_id WHERE {_LIVE}", ("q.pk",)),
        TableSpec("events", "one row per event: who did what to whom, where and when (PLOVER 2.0)", (
            _c("event_key", "str", "v.article_id || '/' || v.event_id", "article_id/event_id"),
            _c("article_id", "str", "v.article_id"),
            _c("event_id", "str", "v.event_id"),
            _c("type", "str", "v.type", "PLOVER category"),
            _c("mode", "str", "v.mode"),
            _c("actor", "str", "v.actor_name"),
            _c("actor_code", "str", "v.actor_code", "CAMEO-style: ISO3 country + sector"),
            _c("actor_canonical_id", "str", "ea.identity", "entities.canonical_id"),
            _c("target", "str", "v.target_name"),
            _c("target_code", "str", "v.target_code"),
            _c("target_canonical_id", "str", "et.identity", "entities.canonical_id"),
            _c("place", "str", "v.place_name"),
            _c("lat", "float", "v.place_lat"),
            _c("lon", "float", "v.place_lon"),
            _c("country", "str", "v.place_country", "ISO 3166-1 alpha-2"),
            _c("date", "date", "v.date", "when it happened (first day of the month or year if only that is known)"),
            _c("date_precision", "str", "v.date_precision"),
            _c("fatalities", "int", "v.fatalities"),
            _c("injuries", "int", "v.injuries"),
            _c("negated", "bool", "v.negated"),
            _c("hypothetical", "bool", "v.hypothetical"),
            _c("factuality", "str", "v.factuality", "asserted, reported, negated, hypothetical, intended or attempted"),
            _c("reported_by", "str", "v.reported_by", "the source whose statement reports it"),
            _c("background", "bool", "v.background", "from a relative, participial or time clause"),
            _c("text", "str", "v.text"),
            _c("start", "int", "v.start_offset"),
            _c("end", "int", "v.end_offset"),
            *_ARTICLE_OF,
            _c("headline", "str", "a.headline"),
            _c("url", "str", "a.url"),
            _c("added_at", "str", "a.added_at", "when the article was stored (UTC, ISO)"),
        ), "events v JOIN articles a ON a.id = v.article_id "
           "LEFT JOIN entities ea ON ea.article_id = v.article_id AND ea.entity_id = v.actor_entity_id "
           f"LEFT JOIN entities et ON et.article_id = v.article_id AND et.entity_id = v.target_entity_id WHERE {_LIVE}",
           ("v.pk",)),
        TableSpec("entities", "one row per identity across the store (entities sharing a canonical id)", (
            _c("canonical_id", "str", "i.canonical_id"),
            _c("name", "str", "i.name", "the longest name seen"),
            _c("type", "str", "i.type", "PERSON, ORG, GPE, ..."),
            _c("aliases", "list", "i.aliases"),
            _c("roles", "list", "i.roles"),
            _c("articles", "int", "i.articles", "how many articles name it"),
            _c("mentions", "int", "i.mentions"),
        ), "identities i", ("i.canonical_id",)),
        TableSpec("mentions", "one row per entity named in an article (with how often)", (
            _c("article_id", "str", "e.article_id"),
            _c("entity_id", "str", "e.entity_id"),
            _c("canonical_id", "str", "e.identity", "entities.canonical_id"),
            _c("name", "str", "e.name", "the name in this article"),
            _c("type", "str", "e.type"),
            _c("mentions", "int", "e.mentions", "how many times this article mentions it"),
            _c("roles", "list", "e.roles"),
            *_ARTICLE_OF,
        ), f"entities e JOIN articles a ON a.id = e.article_id WHERE {_LIVE}", ("e.pk",)),
        TableSpec("contradictions", "a claim and the statement countering it, in one article or across two", (
            _c("claim_quote_id", "str", "u.claim_quote_id", "quotes.quote_id"),
            _c("countered_by_quote_id", "str", "u.countered_by_quote_id", "quotes.quote_id"),
            _c("claim_article_id", "str", "u.claim_article"),
            _c("countered_by_article_id", "str", "u.counter_article"),
            _c("across_articles", "bool", "u.kind"),
            _c("why", "str", "u.why"),
        ), "(SELECT 0 AS kind, c.pk AS pk, c.article_id || '/' || c.claim AS claim_quote_id, "
           "c.article_id || '/' || c.countered_by AS countered_by_quote_id, c.article_id AS claim_article, "
           "c.article_id AS counter_article, c.why AS why FROM contradictions c JOIN articles a ON a.id = c.article_id "
           f"WHERE {_LIVE} UNION ALL SELECT 1, x.pk, x.claim, x.countered_by, x.claim_article, x.counter_article, x.why "
           "FROM cross_contradictions x) u", ("u.kind", "u.pk")),
        TableSpec("stories", "one row per article of each story (articles on one event across outlets)", (
            _c("story_id", "str", "s.id"),
            _c("article_id", "str", "m.article_id"),
            _c("story_headline", "str", "s.headline"),
            _c("first_published", "date", "s.first_published"),
            _c("story_articles", "int", "s.articles", "how many articles tell the story"),
            *_ARTICLE_OF,
        ), "stories s JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id",
           ("s.pk", "m.article_id")),
    )}


# --- reading a table ------------------------------------------------------------------


def iter_rows(store: Any, spec: TableSpec, batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """Every row of a table of a SQL store, as dicts of typed Python values."""
    name = spec.name
    if name == "entities":
        store._fresh_identities()
    keys = [f"_k{i}" for i in range(len(spec.keys))]
    select = ", ".join([*(f'{c.sql} AS "{c.name}"' for c in spec.columns),
                        *(f"{k} AS {alias}" for k, alias in zip(spec.keys, keys))])
    inner = f"SELECT {select} FROM {spec.source}"
    convert = [(c.name, _CONVERT[c.kind]) for c in spec.columns]
    after: list[Any] | None = None
    while True:
        where, params = "", []
        if after is not None:
            where, params = " WHERE " + _after(keys), _after_params(after)
        rows = store._rows(f"SELECT * FROM ({inner}) t{where} ORDER BY {', '.join(keys)} LIMIT ?",
                           [*params, batch], what=f"{name} table")
        for r in rows:
            yield {col: fn(r[col]) for col, fn in convert}
        if len(rows) < batch:
            return
        after = [rows[-1][k] for k in keys]


def table_spec(store: Any, name: str) -> TableSpec:
    from newsgraph.options import one_of

    one_of(name, TABLE_NAMES, "--table")
    return specs(store.dialect)[name]


def _after(keys: list[str]) -> str:
    if len(keys) == 1:
        return f"t.{keys[0]} > ?"
    first, second = keys
    return f"(t.{first} > ? OR (t.{first} = ? AND t.{second} > ?))"


def _after_params(after: list[Any]) -> list[Any]:
    return after if len(after) == 1 else [after[0], after[0], after[1]]


# --- typed values -------------------------------------------------------------------------


def as_date(value: Any) -> datetime.date | None:
    """An ISO date, month or year as a date (the first day of what is known); None if unreadable."""
    if not value:
        return None
    text = str(value)[:10]
    try:
        return datetime.date.fromisoformat(text + {4: "-01-01", 7: "-01"}.get(len(text), ""))
    except ValueError:
        return None


def precision(value: Any) -> str | None:
    if not value or as_date(value) is None:
        return None
    return {4: "year", 7: "month"}.get(len(str(value)[:10]), "day")


def _as_bool(value: Any) -> bool | None:
    if value is None:
        return None
    return value in (1, True, "true", "1")


def _as_list(value: Any) -> str | None:
    if value is None:
        return None
    items = json.loads(value) if isinstance(value, str) else list(value)
    return LIST_SEPARATOR.join(str(v) for v in items)


_CONVERT = {
    "str": lambda v: None if v is None else str(v),
    "int": lambda v: None if v is None else int(v),
    "float": lambda v: None if v is None else float(v),
    "bool": _as_bool,
    "date": as_date,
    "list": _as_list,
    "precision": precision,
}

