"""Which words carry reference? Pronouns, person nouns and source words (data/attribution/sources.yaml),
with the gender words and titles every stage shares (``newsgraph.words``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from newsgraph.resources import load_yaml
from newsgraph.words import GENDER_WORDS, TITLES


@dataclass(frozen=True)
class ReferenceWords:
    pronouns: dict[str, str]  # word -> person | thing | plural | speaker
    relative_pronouns: frozenset[str]  # "who said": the noun the clause describes
    gendered: dict[str, str]  # word -> male | female
    person_nouns: frozenset[str]
    titles: frozenset[str]  # titles before a name, person nouns included
    anonymous_heads: frozenset[str]
    anonymity_markers: tuple[str, ...]
    affiliation_preps: frozenset[str]
    setting_preps: frozenset[str]  # "in a statement announcing ...": what carries a speech
    statement_nouns: frozenset[str]
    relay_verbs: frozenset[str]  # "X quoted Y as saying": Y spoke, through X (data/cues.yaml ``relay``)
    cue_verbs: frozenset[str]  # speech verbs (not weak ones): their subjects are speakers (data/cues.yaml)


def _words(items: object) -> frozenset[str]:
    return frozenset(str(i).lower() for i in (items or ()))  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=1)
def reference_words() -> ReferenceWords:
    sources = load_yaml("attribution/sources.yaml")
    person_nouns = _words(sources.get("person_nouns"))
    cues = load_yaml("attribution/cues.yaml").get("verbs") or {}
    return ReferenceWords(
        pronouns={str(k).lower(): str(v) for k, v in (sources.get("pronouns") or {}).items()},
        relative_pronouns=_words(sources.get("relative_pronouns")),
        gendered=GENDER_WORDS,
        person_nouns=person_nouns,
        titles=TITLES | person_nouns,
        anonymous_heads=_words(sources.get("anonymous_heads")),
        anonymity_markers=tuple(str(m).lower() for m in sources.get("anonymity_markers", ())),
        affiliation_preps=_words(sources.get("affiliation_preps")),
        setting_preps=_words(sources.get("setting_preps")),
        statement_nouns=_words(sources.get("statement_nouns")),
        relay_verbs=frozenset(str(k).lower() for k, v in cues.items() if (v or {}).get("relay")),
        cue_verbs=frozenset(str(k).lower() for k, v in cues.items() if not (v or {}).get("weak")),
    )
