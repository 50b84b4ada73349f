"""What every SQL backend shares: the tables and their rows by column name, cursors, the search grammar.

The SQLite and PostgreSQL stores have the same tables and columns, so each table is described once
here (``Table``: its columns by name) and the rows written for an article are built as dicts keyed
by those names. Query results are read back by column name too (``Row``, built from the cursor's
description on either backend), and each record kind a listing returns is described once as a
``View`` (record field -> SQL expression), so writer and reader name the same columns and a listing
means the same thing whichever database sits behind it.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, get_args

from newsgraph.link.claimcheck.features import read_body, reading_fingerprint
from newsgraph.link.identities import default_canonical_id
from newsgraph.model import Article, Contradiction, Stance, Story
from newsgraph.store.base import EntityRow, EventRow, QuoteRow, StoreError

MAX_LIMIT = 500
_MIGRATION_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")
_TOKEN = re.compile(r'"[^"]*"?|\S+')
_WORD = re.compile(r"\w", re.UNICODE)

class Row(tuple):
    """One result row, read by column name (``row["speaker"]``); positions still work.

    Built from ``cursor.description`` the same way on every backend (see ``named_rows``), so
    a query's columns are named once, in its SELECT list, and read back by those names.
    """

    __slots__ = ()
    index: ClassVar[dict[str, int]] = {}

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            try:
                key = self.index[key]
            except KeyError:
                raise KeyError(f"no column {key!r} in this row (it has {', '.join(self.index)})") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> Iterable[str]:
        return self.index.keys()


@functools.lru_cache(maxsize=256)
def row_type(names: tuple[str, ...]) -> type[Row]:
    """The Row class for a result with these column names (a name given twice is not readable by name)."""
    index = {n: i for i, n in enumerate(names) if names.count(n) == 1}
    return type("Row", (Row,), {"__slots__": (), "index": index})


def named_rows(cursor: Any) -> list[Row]:
    """Every row of an executed DB-API cursor, readable by the names of its columns."""
    if cursor.description is None:
        return []
    kind = row_type(tuple(d[0] for d in cursor.description))
    return [kind(r) for r in cursor.fetchall()]


@dataclass(frozen=True)
class Table:
    """One table the store writes: its name and the columns a written row gives, by name.

    Writers build each row as a dict keyed by these columns (``values`` checks it has exactly
    them); readers refer to a column through ``alias(...)``, which refuses a name the table lacks.
    """

    name: str
    columns: tuple[str, ...]
    also_readable: tuple[str, ...] = ("pk",)  # columns the database fills in

    def insert_sql(self) -> str:
        """``INSERT INTO table(columns) VALUES (?, ...)``."""
        return f"INSERT INTO {self.name}({', '.join(self.columns)}) VALUES ({', '.join(['?'] * len(self.columns))})"

    def values(self, row: dict[str, Any]) -> tuple:
        """The row's values in column order; a row with a missing or an extra column is an error."""
        if len(row) != len(self.columns):
            extra = sorted(set(row) - set(self.columns))
            raise StoreError(f"{self.name} row has columns {extra} the table does not, or lacks some")
        return tuple(row[c] for c in self.columns)

    def alias(self, alias: str) -> Alias:
        return Alias(self, alias)


class Alias:
    """A table under a query alias: ``Alias(ATTRIBUTIONS, "q").speaker_text`` is ``"q.speaker_text"``."""

    def __init__(self, table: Table, alias: str) -> None:
        self._table, self._alias = table, alias

    def __getattr__(self, column: str) -> str:
        if column.startswith("_") or column not in (*self._table.columns, *self._table.also_readable):
            raise AttributeError(f"table {self._table.name} has no column {column!r}")
        return f"{self._alias}.{column}"


@dataclass(frozen=True)
class View:
    """How one record kind is read back: each field of ``record`` from a named SQL expression.

    ``select`` names every expression after its field; ``build`` makes the record from a row by
    those names (``bool`` fields from the 0/1 the tables keep). ``extra`` are further named
    expressions a listing selects (its sort key, for the cursor) that the record does not hold.
    """

    record: type
    fields: dict[str, str]

    def __post_init__(self) -> None:
        names = [f.name for f in dataclasses.fields(self.record)]
        if sorted(names) != sorted(self.fields):
            raise ValueError(f"view of {self.record.__name__} must name exactly its fields {names}")

    def select(self, **extra: str) -> str:
        return ", ".join(f'{expr} AS "{name}"' for name, expr in {**self.fields, **extra}.items())

    def build(self, row: Row) -> Any:
        values = tuple(row)
        return self.record(**{name: (bool(values[i]) if flag and values[i] is not None else values[i])
                              for name, i, flag in self._plan(type(row))})

    def _plan(self, kind: type[Row]) -> tuple[tuple[str, int, bool], ...]:
        """(field, column position, read as bool) for rows of ``kind``: looked up once per result shape."""
        plans = self.__dict__.setdefault("_plans", {})
        if kind not in plans:
            missing = [n for n in self.fields if n not in kind.index]
            if missing:
                raise KeyError(f"no column {missing[0]!r} in this row (it has {', '.join(kind.index)})")
            bools = _bool_fields(self.record)
            plans[kind] = tuple((n, kind.index[n], n in bools) for n in self.fields)
        return plans[kind]


@functools.lru_cache(maxsize=None)
def _bool_fields(record: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(record) if f.type in ("bool", bool))


# --- the tables, and the rows written for one article -----------------------------

ARTICLES = Table("articles", (
    "id", "source_file", "headline", "outlet", "url", "published", "duplicate_of", "text", "record", "added_at",
))
ENTITIES = Table("entities", (
    "article_id", "entity_id", "name", "type", "canonical_id", "mentions", "aliases", "roles", "identity",
))
ATTRIBUTIONS = Table("attributions", (
    "article_id", "attribution_id", "speaker_text", "speaker_start", "speaker_end", "speaker_resolved",
    "speaker_entity_id", "affiliation", "anonymous", "stance", "form", "cue", "cue_start", "cue_end", "channel",
    "via", "nested_source", "content_text", "content_start", "content_end", "said_on", "speaker_identity",
))
EVENTS = Table("events", (
    "article_id", "event_id", "type", "mode", "text", "start_offset", "end_offset", "actor_name", "actor_code",
    "actor_entity_id", "target_name", "target_code", "target_entity_id", "place_name", "place_lat", "place_lon",
    "place_country", "date", "date_precision", "fatalities", "injuries", "negated", "hypothetical", "sort_date",
    "factuality", "attribution_id", "reported_by", "background", "actor_identity", "target_identity",
))
CONTRADICTIONS = Table("contradictions", ("article_id", "claim", "countered_by", "why"))
CLAIM_READINGS = Table("claim_readings", ("article_id", "made_with", "reading"), ())
CROSS_CONTRADICTIONS = Table(
    "cross_contradictions", ("pk", "claim_article", "claim", "counter_article", "countered_by", "why"), ())
IDENTITIES = Table("identities", ("canonical_id", "name", "type", "aliases", "roles", "articles", "mentions"), ())
STORIES = Table("stories", ("pk", "id", "headline", "first_published", "articles", "record"), ())


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def bundled_migrations(folder: str) -> list[tuple[int, str, str]]:
    """(version, name, sql) of every ``NNNN_name.sql`` in ``newsgraph.store/<folder>``, in order."""
    from importlib import resources

    found = []
    for item in resources.files("newsgraph.store").joinpath(folder).iterdir():
        match = _MIGRATION_NAME.match(item.name)
        if match:
            found.append((int(match.group(1)), match.group(2), item.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a version number: {versions}")
    return found


def entity_rows(a: Article, identity: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Entity rows; ``identity`` is the canonical id, or for an entity not linked yet its own full name."""
    identity = entity_identities(a) if identity is None else identity
    return [{"article_id": a.id, "entity_id": e.id, "name": e.name, "type": e.type, "canonical_id": e.canonical_id,
             "mentions": len(e.mentions), "aliases": to_json(list(e.aliases)), "roles": to_json(list(e.roles)),
             "identity": identity[e.id]} for e in a.entities]


def entity_identities(a: Article) -> dict[str, str]:
    """The ``identity`` each of the article's entity ids is stored with (as ``entity_rows`` writes it): the
    attributions and events referring to an entity keep it too (a trigger keeps them equal on relink)."""
    return {e.id: e.canonical_id or default_canonical_id(e) for e in a.entities}


def identity_row(e: EntityRow) -> dict[str, Any]:
    """An aggregated identity as stored in the ``identities`` table."""
    return {"canonical_id": e.canonical_id, "name": e.name, "type": e.type, "aliases": to_json(list(e.aliases)),
            "roles": to_json(list(e.roles)), "articles": e.articles, "mentions": e.mentions}


def identity_from_row(r: Row) -> EntityRow:
    return EntityRow(r["canonical_id"], r["name"], r["type"], tuple(json.loads(r["aliases"])),
                     tuple(json.loads(r["roles"])), r["articles"], r["mentions"])


def attribution_rows(a: Article, identity: dict[str, str] | None = None) -> list[dict[str, Any]]:
    rows = []
    identity = entity_identities(a) if identity is None else identity
    for q in a.attributions:
        s, cue = q.speaker, q.cue
        rows.append({
            "article_id": a.id, "attribution_id": q.id,
            "speaker_text": s.text if s else None, "speaker_start": s.start if s else None,
            "speaker_end": s.end if s else None, "speaker_resolved": s.resolved if s else None,
            "speaker_entity_id": s.entity_id if s else None, "affiliation": s.affiliation if s else None,
            "anonymous": int(bool(s and s.anonymous)), "stance": q.stance, "form": q.form,
            "cue": cue.text if cue else None, "cue_start": cue.start if cue else None,
            "cue_end": cue.end if cue else None, "channel": q.channel, "via": q.via,
            "nested_source": q.nested_source, "content_text": q.content.text, "content_start": q.content.start,
            "content_end": q.content.end, "said_on": q.when,
            "speaker_identity": identity.get(s.entity_id) if s and s.entity_id else None,
        })
    return rows


def event_rows(a: Article, identity: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Event rows; ``sort_date`` (what event listings are ordered by) is the event's date, else the article's."""
    rows = []
    identity = entity_identities(a) if identity is None else identity
    for v in a.events:
        actor, target, place, when = v.actor, v.target, v.place, v.when
        date = when.date if when else None
        rows.append({
            "article_id": a.id, "event_id": v.id, "type": v.type, "mode": v.mode, "text": v.text,
            "start_offset": v.start, "end_offset": v.end,
            "actor_name": actor.name if actor else None, "actor_code": actor.code if actor else None,
            "actor_entity_id": actor.entity_id if actor else None,
            "target_name": target.name if target else None, "target_code": target.code if target else None,
            "target_entity_id": target.entity_id if target else None,
            "place_name": place.name if place else None, "place_lat": place.lat if place else None,
            "place_lon": place.lon if place else None, "place_country": place.country if place else None,
            "date": date, "date_precision": when.precision if when else None,
            "fatalities": v.fatalities, "injuries": v.injuries, "negated": int(v.negated),
            "hypothetical": int(v.hypothetical),
            "sort_date": date if date is not None else (a.published if a.published is not None else ""),
            "factuality": v.happened(), "attribution_id": v.attribution_id, "reported_by": v.reported_by,
            "background": int(v.background),
            "actor_identity": identity.get(actor.entity_id) if actor and actor.entity_id else None,
            "target_identity": identity.get(target.entity_id) if target and target.entity_id else None,
        })
    return rows


def contradiction_rows(a: Article) -> list[dict[str, Any]]:
    return [{"article_id": a.id, "claim": x.claim, "countered_by": x.countered_by, "why": x.why}
            for x in a.contradictions]


def article_detail_rows(a: Article) -> list[tuple[Table, list[dict[str, Any]]]]:
    """(table, rows) of every table derived from one article, in insertion order."""
    identity = entity_identities(a)  # worked out once: entities, quotes and events all keep it
    return [(ENTITIES, entity_rows(a, identity)), (ATTRIBUTIONS, attribution_rows(a, identity)),
            (EVENTS, event_rows(a, identity)), (CONTRADICTIONS, contradiction_rows(a)),
            (CLAIM_READINGS, [claim_reading_row(a)])]


def claim_reading_row(a: Article) -> dict[str, Any]:
    """What checking a claim reads of the article (``claimcheck.features.Body``), and what it was made with."""
    return {"article_id": a.id, "made_with": reading_fingerprint(), "reading": read_body(a).to_json()}


# --- rows written by a linking pass -----------------------------------------------


def story_row(pk: int, s: Story) -> dict[str, Any]:
    return {"pk": pk, "id": s.id, "headline": s.headline, "first_published": s.timeline[0].date if s.timeline else None,
            "articles": len(s.article_ids), "record": json.dumps(s.to_dict(), ensure_ascii=False)}


def cross_contradiction_rows(contradictions: Iterable[Contradiction]) -> list[dict[str, Any]]:
    """Contradictions across articles, keys numbered from 1 (as SQLite numbers an emptied table)."""
    rows = []
    for pk, x in enumerate(contradictions, 1):
        (ca, _cq), (da, _dq) = x.claim.split("/", 1), x.countered_by.split("/", 1)
        rows.append({"pk": pk, "claim_article": ca, "claim": x.claim, "counter_article": da,
                     "countered_by": x.countered_by, "why": x.why})
    return rows


# --- filters and cursors -----------------------------------------------------------


def check_stance(stance: str) -> None:
    if stance not in get_args(Stance):
        raise StoreError(f"unknown stance {stance!r}: choose one of {', '.join(get_args(Stance))}")


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (``\\`` escapes % and _)."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def page_limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def encode_cursor(key: Iterable[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> list[Any] | None:
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or len(key) != size:
        raise StoreError(f"cursor {cursor[:40]!r} is not one this store gave out")
    return key


# --- records read back ------------------------------------------------------------


def entity_row(canonical_id: str, articles: int, mentions: int | None, names: list[str],
               aliases_json: list[str], roles_json: list[str], types: list[str]) -> EntityRow:
    """One identity from its grouped entity rows (aliases and roles still as their JSON text)."""
    aliases = {a for group in aliases_json for a in json.loads(group)}
    roles = {x for group in roles_json for x in json.loads(group)}
    name = max(names, key=lambda s: (len(s), s))
    all_names = sorted((set(names) | aliases) - {name})
    return EntityRow(canonical_id, name, max(set(types), key=types.count), tuple(all_names), tuple(sorted(roles)),
                     articles, mentions or 0)


# --- the user search grammar ------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One searched word or phrase; ``prefix`` for ``word*``."""

    phrase: str
    prefix: bool = False


def parse_query(user_query: str) -> list[list[Term]]:
    """The user query as alternatives (split on a bare ``OR``), each a list of ANDed terms.

    Plain words and "quoted phrases" are terms; ``word*`` is a prefix term; tokens without any
    word character are dropped, so no input is a syntax error. Raises StoreError when nothing
    searchable is left.
    """
    groups: list[list[Term]] = [[]]
    for token in _TOKEN.findall(user_query):
        if token == "OR":
            if groups[-1]:
                groups.append([])
            continue
        prefix = token.endswith("*") and not token.startswith('"')
        phrase = token.strip('"').rstrip("*") if prefix else token.strip('"')
        phrase = phrase.replace('"', " ")
        if not _WORD.search(phrase):
            continue
        groups[-1].append(Term(phrase, prefix))
    if not groups[-1]:
        groups.pop()
    if not groups:
        raise StoreError(f"search query {user_query!r} has no words to search for")
    return groups
