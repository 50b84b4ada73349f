"""Which entities in different articles are the same one? Canonical ids across the store.

An entity's canonical id is derived from its normalised full name and type family, so it
is the same on every machine and every run (the local and the distributed paths agree).
A short form seen alone in an article ("Haftar", "LNA") joins the one known full form it
abbreviates: a surname for people, an acronym or alias for organisations. A bare name the
parser typed as an organisation while the article names a person with that surname ("Assange"
beside "Julian Assange"), or the other way round, joins that person (or organisation).

Countries are one identity under every name ``data/places/countries.tsv`` gives them: "US", "U.S.",
"United States" and "America" are ``place:united-states``; the demonyms "American" and
"Americans" are ``norp:united-states``, kept apart as a group of people but found with the
country (``related_identities``) by lookups and event queries.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from newsgraph.model import Article, Entity, replace
from newsgraph.words import HONORIFICS

FAMILIES = {"PERSON": "person", "ORG": "org", "NORP": "norp", "GPE": "place", "LOC": "place", "FAC": "place"}
_UNDECOMPOSABLE = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th"})


def name_key(name: str) -> str:
    """Accent-, case- and punctuation-folded name: "Yunus-bek Yevkurov" -> "yunus bek yevkurov"."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold().translate(_UNDECOMPOSABLE)
    folded = folded.replace("’", "'")
    words = [w for w in re.split(r"[^\w']+", folded) if w and w != "the"]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def family(entity: Entity) -> str:
    return FAMILIES.get(entity.type, entity.type.lower())


def canonical_id(family_name: str, key: str) -> str:
    return f"{family_name}:{key.replace(' ', '-')}"


def default_canonical_id(entity: Entity) -> str:
    """The identity an entity has before any linking: its own normalised full name (a country's
    name from ``countries.tsv`` for any of its names or demonyms)."""
    fam, key = family(entity), name_key(entity.name)
    country = _countries().get((fam, key))
    return canonical_id(fam, country or key or entity.name.casefold())


@functools.lru_cache(maxsize=1)
def _countries() -> dict[tuple[str, str], str]:
    """(family, name key) -> the country's own name key: names and aliases for places, adjectives
    and demonyms for groups of people. A form two countries share is left out."""
    from newsgraph.resources import load_tsv

    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in load_tsv("places/countries.tsv"):
        own = name_key(row["name"])
        for fam, column in (("place", "name"), ("place", "aliases"), ("norp", "adjectives")):
            for form in row.get(column, "").split("|"):
                if name_key(form):
                    found[(fam, name_key(form))].add(own)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def country_identities(text: str) -> tuple[str, ...]:
    """The identities of the country ``text`` names ("US", "Americans"): the one that form names
    first (the place for a name, the group for a demonym), then the other. () for no country."""
    key = name_key(text)
    countries = _countries()
    for first, second in (("place", "norp"), ("norp", "place")):
        if (first, key) in countries:
            own = countries[(first, key)]
            return canonical_id(first, own), canonical_id(second, own)
    return ()


def related_identities(cid: str) -> tuple[str, ...]:
    """``cid`` and, for a country or its people, the other of the two."""
    fam, _, key = cid.partition(":")
    if fam in ("place", "norp") and key.replace("-", " ") in set(_countries().values()):
        other = "norp" if fam == "place" else "place"
        return cid, f"{other}:{key}"
    return (cid,)


class IdentityIndex:
    """Full names seen so far, so short forms can be joined to them.

    Short forms resolve only when exactly one full form fits; "Smith" with two known
    Smiths stays its own identity rather than being guessed.
    """

    def __init__(self) -> None:
        self._full: dict[str, set[str]] = defaultdict(set)  # family -> full-name keys
        self._short: dict[tuple[str, str], set[str]] = defaultdict(set)  # (family, short key) -> full keys

    def add(self, entity: Entity) -> None:
        fam, key = family(entity), name_key(entity.name)
        if not key:
            return
        self._full[fam].add(key)
        for short in short_forms(entity):
            self._short[short].add(key)

    def add_all(self, articles: Iterable[Article]) -> None:
        for article in articles:
            for entity in article.entities:
                self.add(entity)

    def full_forms(self, fam: str, short: str) -> set[str]:
        """The full-name keys ``short`` is a short form of (a store answers from its table)."""
        return self._short.get((fam, short), set())

    def resolve(self, entity: Entity) -> str:
        fam, key = family(entity), name_key(entity.name)
        if not key:
            return canonical_id(fam, entity.name.casefold())
        if (fam, key) in _countries():
            return default_canonical_id(entity)
        if needs_full_form(entity):
            full = self.full_forms(fam, key) - {key}
            if len(full) == 1:
                return canonical_id(fam, next(iter(full)))
        return canonical_id(fam, key)


def short_forms(entity: Entity) -> list[tuple[str, str]]:
    """(family, short key) pairs under which ``entity`` is a full form: a person's surname, aliases."""
    fam, key = family(entity), name_key(entity.name)
    if not key:
        return []
    words = key.split()
    out = [(fam, words[-1])] if fam == "person" and len(words) > 1 else []
    for alias in entity.aliases:
        akey = name_key(alias)
        if akey and akey != key:
            out.append((fam, akey))
    return out


def needs_full_form(entity: Entity) -> bool:
    """Whether ``entity``'s identity depends on the full forms known (a one-word name, not a country)."""
    fam, key = family(entity), name_key(entity.name)
    return bool(key) and (fam, key) not in _countries() and (len(key.split()) == 1 or key.isupper())


def resolve_article(article: Article, index: IdentityIndex) -> dict[str, str]:
    """entity id -> canonical id for one article's entities, against ``index``."""
    resolved = {e.id: index.resolve(e) for e in article.entities}
    for stray, full in _mistyped_short_forms(article.entities).items():
        resolved[stray] = resolved[full]
    return resolved


def local_identities(article: Article) -> dict[str, str]:
    """entity id -> the identity the article alone gives it: its own full name, or that of the
    entity in the same article it is a mistyped short form of."""
    resolved = {e.id: default_canonical_id(e) for e in article.entities}
    for stray, full in _mistyped_short_forms(article.entities).items():
        resolved[stray] = resolved[full]
    return resolved


def link_identities(articles: Sequence[Article], index: IdentityIndex | None = None) -> list[Article]:
    """The articles with ``Entity.canonical_id`` set, using (and growing) ``index``."""
    index = index or IdentityIndex()
    index.add_all(articles)
    out = []
    for article in articles:
        resolved = resolve_article(article, index)
        entities = tuple(replace(e, canonical_id=resolved[e.id]) for e in article.entities)
        out.append(replace(article, entities=entities))
    return out


_CROSSED = {"org": "person", "person": "org"}


def _mistyped_short_forms(entities: Sequence[Entity]) -> dict[str, str]:
    """entity id -> id of the entity it is a short form of, for a one-word person or organisation
    whose word is the surname or alias of exactly one entity of the other of those two types in
    the same article (the parser typed "Assange" ORG beside the PERSON "Julian Assange")."""
    shorts: dict[tuple[str, str], set[str]] = defaultdict(set)  # (family, short key) -> entity ids
    for e in entities:
        fam, key = family(e), name_key(e.name)
        words = key.split()
        if fam == "person" and len(words) > 1:
            shorts[(fam, words[-1])].add(e.id)
        for alias in e.aliases:
            if (akey := name_key(alias)) and akey != key:
                shorts[(fam, akey)].add(e.id)
    out = {}
    for e in entities:
        fam, key = family(e), name_key(e.name)
        if fam not in _CROSSED or not key or " " in key or e.name.isupper() or shorts.get((fam, key)):
            continue
        full = shorts.get((_CROSSED[fam], key), set())
        if len(full) == 1:
            out[e.id] = next(iter(full))
    return out


def lookup_rank(key: str, identity) -> tuple | None:
    """Where an identity (name, type, aliases, articles, mentions, canonical_id) stands among the
    answers to a user's lookup of ``key``; None when it does not answer it at all.

    First its own full name; then the people and organisations ``key`` is an alias or the surname
    of; then a stray mention that is only that one word; then other aliases. Among equals, the one
    in most articles.
    """
    k = name_key(key)
    if not k:
        return None
    own = name_key(identity.name)
    aliases = {name_key(a) for a in identity.aliases} - {own}
    words = own.split()
    person_or_org = identity.type in ("PERSON", "ORG")
    if own == k:
        tier = 2 if (" " not in k and not aliases and not key.isupper()) else 0
    elif person_or_org and (k in aliases or (identity.type == "PERSON" and len(words) > 1 and words[-1] == k)):
        tier = 1
    elif k in aliases:
        tier = 3
    else:
        return None
    return tier, -identity.articles, -identity.mentions, identity.canonical_id
