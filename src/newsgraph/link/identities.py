"""Which entities in different articles are the same one? Canonical ids across the store.

An entity's canonical id is derived from its normalised full name and type family, so it
is the same on every machine and every run (the local and the distributed paths agree).
A short form seen alone in an article ("Haftar", "LNA") joins the one known full form it
abbreviates: a surname for people, an acronym or alias for organisations.
"""

from __future__ import annotations

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
    """The identity an entity has before any linking: its own normalised full name."""
    return canonical_id(family(entity), name_key(entity.name) or entity.name.casefold())


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
        words = key.split()
        if fam == "person" and len(words) > 1:
            self._short[(fam, words[-1])].add(key)
        for alias in entity.aliases:
            akey = name_key(alias)
            if akey and akey != key:
                self._short[(fam, akey)].add(key)

    def add_all(self, articles: Iterable[Article]) -> None:
        for article in articles:
            for entity in article.entities:
                self.add(entity)

    def resolve(self, entity: Entity) -> str:
        fam, key = family(entity), name_key(entity.name)
        if not key:
            return canonical_id(fam, entity.name.casefold())
        if len(key.split()) == 1 or key.isupper():
            full = self._short.get((fam, key), set()) - {key}
            if len(full) == 1:
                return canonical_id(fam, next(iter(full)))
        return canonical_id(fam, key)


def link_identities(articles: Sequence[Article], index: IdentityIndex | None = None) -> list[Article]:
    """The articles with ``Entity.canonical_id`` set, using (and growing) ``index``."""
    index = index or IdentityIndex()
    index.add_all(articles)
    out = []
    for article in articles:
        entities = tuple(replace(e, canonical_id=index.resolve(e)) for e in article.entities)
        out.append(replace(article, entities=entities))
    return out
