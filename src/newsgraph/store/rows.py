"""What every SQL backend shares: table rows built from an Article, cursors, the search grammar.

The SQLite and PostgreSQL stores have the same tables and columns, so the tuples written for
entities, attributions, events and contradictions are built once here; both backends bind them
to their own placeholders. Query results come back through the same record builders, so a
listing means the same thing whichever database sits behind it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence, get_args

from newsgraph.link.identities import default_canonical_id
from newsgraph.model import Article, Contradiction, Stance, Story
from newsgraph.store.base import EntityRow, EventRow, QuoteRow, StoreError

MAX_LIMIT = 500
_MIGRATION_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")
_TOKEN = re.compile(r'"[^"]*"?|\S+')
_WORD = re.compile(r"\w", re.UNICODE)

ENTITY_COLUMNS = ("article_id", "entity_id", "name", "type", "canonical_id", "mentions", "aliases", "roles", "identity")
ATTRIBUTION_COLUMNS = (
    "article_id", "attribution_id", "speaker_text", "speaker_start", "speaker_end", "speaker_resolved",
    "speaker_entity_id", "affiliation", "anonymous", "stance", "form", "cue", "cue_start", "cue_end", "channel",
    "via", "nested_source", "content_text", "content_start", "content_end", "said_on",
)
EVENT_COLUMNS = (
    "article_id", "event_id", "type", "mode", "text", "start_offset", "end_offset", "actor_name", "actor_code",
    "actor_entity_id", "target_name", "target_code", "target_entity_id", "place_name", "place_lat", "place_lon",
    "place_country", "date", "date_precision", "fatalities", "injuries", "negated", "hypothetical",
)
CONTRADICTION_COLUMNS = ("article_id", "claim", "countered_by", "why")
CROSS_CONTRADICTION_COLUMNS = ("claim_article", "claim", "counter_article", "countered_by", "why")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def insert_sql(table: str, columns: Sequence[str], placeholder: str) -> str:
    """``INSERT INTO table(columns) VALUES (?, ...)`` with the backend's placeholder."""
    return f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join([placeholder] * len(columns))})"


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


# --- rows written for one article -------------------------------------------------


def entity_rows(a: Article) -> list[tuple]:
    """Entity rows; ``identity`` is the canonical id, or for an entity not linked yet its own full name."""
    return [(a.id, e.id, e.name, e.type, e.canonical_id, len(e.mentions), to_json(list(e.aliases)),
             to_json(list(e.roles)), e.canonical_id or default_canonical_id(e)) for e in a.entities]


def identity_row(e: EntityRow) -> tuple:
    """An aggregated identity as stored in the ``identities`` table."""
    return (e.canonical_id, e.name, e.type, to_json(list(e.aliases)), to_json(list(e.roles)), e.articles, e.mentions)


def identity_from_row(r: Sequence[Any]) -> EntityRow:
    return EntityRow(r[0], r[1], r[2], tuple(json.loads(r[3])), tuple(json.loads(r[4])), r[5], r[6])


def attribution_rows(a: Article) -> list[tuple]:
    rows = []
    for q in a.attributions:
        s = q.speaker
        rows.append((
            a.id, q.id, s.text if s else None, s.start if s else None, s.end if s else None,
            s.resolved if s else None, s.entity_id if s else None, s.affiliation if s else None,
            int(bool(s and s.anonymous)), q.stance, q.form,
            q.cue.text if q.cue else None, q.cue.start if q.cue else None, q.cue.end if q.cue else None,
            q.channel, q.via, q.nested_source, q.content.text, q.content.start, q.content.end, q.when,
        ))
    return rows


def event_rows(a: Article) -> list[tuple]:
    rows = []
    for v in a.events:
        actor, target, place, when = v.actor, v.target, v.place, v.when
        rows.append((
            a.id, v.id, v.type, v.mode, v.text, v.start, v.end,
            actor.name if actor else None, actor.code if actor else None, actor.entity_id if actor else None,
            target.name if target else None, target.code if target else None,
            target.entity_id if target else None,
            place.name if place else None, place.lat if place else None, place.lon if place else None,
            place.country if place else None, when.date if when else None, when.precision if when else None,
            v.fatalities, v.injuries, int(v.negated), int(v.hypothetical),
        ))
    return rows


def contradiction_rows(a: Article) -> list[tuple]:
    return [(a.id, x.claim, x.countered_by, x.why) for x in a.contradictions]


def article_detail_rows(a: Article) -> list[tuple[str, Sequence[str], list[tuple]]]:
    """(table, columns, rows) of every table derived from one article, in insertion order."""
    return [
        ("entities", ENTITY_COLUMNS, entity_rows(a)),
        ("attributions", ATTRIBUTION_COLUMNS, attribution_rows(a)),
        ("events", EVENT_COLUMNS, event_rows(a)),
        ("contradictions", CONTRADICTION_COLUMNS, contradiction_rows(a)),
    ]


# --- rows written by a linking pass -----------------------------------------------


def story_row(s: Story) -> tuple:
    """(id, headline, first_published, articles, record) of one story."""
    return (s.id, s.headline, s.timeline[0].date if s.timeline else None, len(s.article_ids),
            json.dumps(s.to_dict(), ensure_ascii=False))


def cross_contradiction_rows(contradictions: Iterable[Contradiction]) -> list[tuple]:
    rows = []
    for x in contradictions:
        (ca, _cq), (da, _dq) = x.claim.split("/", 1), x.countered_by.split("/", 1)
        rows.append((ca, x.claim, da, x.countered_by, x.why))
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


def quote_row(r: Sequence[Any]) -> QuoteRow:
    """A QuoteRow from the 16 quote columns (article id ... outlet)."""
    return QuoteRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
                    r[14], r[15])


def event_row(r: Sequence[Any]) -> EventRow:
    """An EventRow from the 22 event columns (article id ... published)."""
    return EventRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14],
                    r[15], r[16], r[17], r[18], bool(r[19]), r[20], r[21])


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
