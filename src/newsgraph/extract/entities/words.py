"""Which words mark roles, ranks, organisation and facility heads, and junk entities (from data/)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from newsgraph.resources import data_exists, load_tsv, load_yaml


@dataclass(frozen=True)
class EntityWords:
    titles: frozenset[str]
    ranks: frozenset[str]
    plain_honorifics: frozenset[str]
    role_skip_words: frozenset[str]
    role_connectors: frozenset[str]
    org_heads: frozenset[str]
    facility_heads: tuple[tuple[str, ...], ...]  # word sequences, longest first
    not_entities: frozenset[str]
    keep_labels: frozenset[str]
    listed_names: frozenset[str]  # every name and alias in data/entities/*.tsv, lowercased
    country_names: frozenset[str]  # lowercased country names and aliases


def _lower_set(items: list[str] | None) -> frozenset[str]:
    return frozenset(str(i).lower() for i in items or ())


@functools.lru_cache(maxsize=1)
def entity_words() -> EntityWords:
    raw = load_yaml("entities/words.yaml")
    from newsgraph.resources import entity_patterns

    listed = frozenset(p["pattern"].lower() for p in entity_patterns())
    countries: set[str] = set()
    if data_exists("places/countries.tsv"):
        for row in load_tsv("places/countries.tsv"):
            for name in [row.get("name", ""), *row.get("aliases", "").split("|")]:
                if name.strip():
                    countries.add(name.strip().lower())
    heads = sorted((tuple(h.lower().split()) for h in raw.get("facility_heads", ())), key=len, reverse=True)
    return EntityWords(
        titles=_lower_set(raw.get("titles")),
        ranks=_lower_set(raw.get("ranks")),
        plain_honorifics=_lower_set(raw.get("plain_honorifics")),
        role_skip_words=_lower_set(raw.get("role_skip_words")),
        role_connectors=_lower_set(raw.get("role_connectors")),
        org_heads=_lower_set(raw.get("org_heads")),
        facility_heads=tuple(heads),
        not_entities=frozenset(str(i) for i in raw.get("not_entities", ())),
        keep_labels=frozenset(str(i) for i in raw.get("keep_labels", ())),
        listed_names=listed,
        country_names=frozenset(countries),
    )
