"""Which words signal an attribution, and how? The data files under data/ read once into sets.

The words that say who a phrase refers to (pronouns, gender words, person nouns, source words)
are read by ``extract.reference.words``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from newsgraph.resources import load_yaml


@dataclass(frozen=True)
class CueVerb:
    lemma: str
    stance: str
    negated: str = "no_comment"
    takes_object: bool = False
    recipient: bool = False
    relay: bool = False
    predicate: bool = False
    weak: bool = False
    xcomp: bool = False
    preps: frozenset[str] = frozenset()
    subject: bool = False
    particles: frozenset[str] = frozenset()  # with one of these, a noun object is the content ("ruled out")
    evidence: bool = False  # a speech verb in some senses only: counts with a clause, or a source that can speak
    not_speech: frozenset[str] = frozenset()  # objects that make it no speech ("claim victory")


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, CueVerb]
    refusal_verbs: frozenset[str]
    refused_speech: frozenset[str]
    prepositional: dict[str, tuple[str, str]]  # head word -> (preposition, stance)
    question_participles: frozenset[str]
    generic_audiences: frozenset[str]
    channel_nouns: frozenset[str]
    channel_preps: frozenset[str]
    interview_nouns: frozenset[str]
    content_words: dict[str, frozenset[str]]  # stance -> single words
    content_phrases: dict[str, tuple[str, ...]]  # stance -> multiword phrases
    claim_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    colon_labels: frozenset[str] = frozenset()
    colon_nouns: frozenset[str] = frozenset()
    no_comment_phrases: tuple[str, ...] = ()
    reject_with_claim: frozenset[str] = frozenset()
    anonymity_requests: tuple[str, ...] = ()
    nouns: dict[str, str] = field(default_factory=dict)  # nominal cue -> stance ("her promise that ...")
    setting_preps: frozenset[str] = frozenset()  # "rejected it in a ruling": not part of an object content
    raising_verbs: frozenset[str] = frozenset()  # "X seems to ...": X is part of the content, no source

    @functools.cached_property
    def any_claim_noun(self) -> frozenset[str]:
        """The claim nouns of every kind (a report, a charge, a denial ...), united once."""
        return frozenset().union(*self.claim_nouns.values())


def _words(items: Any) -> frozenset[str]:
    return frozenset(str(i).lower() for i in (items or ()))


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cues = load_yaml("attribution/cues.yaml")
    sources = load_yaml("attribution/sources.yaml")
    channels = load_yaml("attribution/channels.yaml")
    content = load_yaml("attribution/content_stance.yaml")
    verbs = {
        lemma: CueVerb(
            lemma=lemma,
            stance=spec["stance"],
            negated=spec.get("negated", "no_comment"),
            takes_object=bool(spec.get("object")),
            recipient=bool(spec.get("recipient")),
            relay=bool(spec.get("relay")),
            predicate=bool(spec.get("predicate")),
            weak=bool(spec.get("weak")),
            xcomp=bool(spec.get("xcomp")) or not spec.get("weak"),
            preps=_words(spec.get("preps")),
            subject=bool(spec.get("subject")),
            particles=_words(spec.get("particles")),
            evidence=bool(spec.get("evidence")),
            not_speech=_words(spec.get("not_speech")),
        )
        for lemma, spec in cues["verbs"].items()
    }
    words: dict[str, frozenset[str]] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    for stance in ("reject", "accuse", "verify"):
        entries = [str(e).lower() for e in content.get(stance, ())]
        words[stance] = frozenset(e for e in entries if " " not in e)
        phrases[stance] = tuple(e for e in entries if " " in e)
    return Lexicon(
        verbs=verbs,
        refusal_verbs=_words(cues.get("refusal_verbs")),
        refused_speech=_words(cues.get("refused_speech")),
        prepositional={k: (v["preposition"], v["stance"]) for k, v in (cues.get("prepositional") or {}).items()},
        question_participles=_words(cues.get("question_participles")),
        setting_preps=_words(cues.get("setting_preps")),
        raising_verbs=_words(cues.get("raising_verbs")),
        generic_audiences=_words(channels.get("generic_audiences")),
        channel_nouns=_words(channels.get("channel_nouns")),
        channel_preps=_words(channels.get("channel_preps")),
        interview_nouns=_words(channels.get("interview_nouns")),
        content_words=words,
        content_phrases=phrases,
        claim_nouns={k: _words(v) for k, v in (content.get("claim_nouns") or {}).items()},
        colon_labels=_words(sources.get("colon_labels")),
        colon_nouns=_words(sources.get("colon_nouns")),
        reject_with_claim=_words(content.get("reject_with_claim")),
        no_comment_phrases=tuple(str(p).lower() for p in content.get("no_comment", ())),
        anonymity_requests=tuple(str(p).lower() for p in sources.get("anonymity_requests", ())),
        nouns={str(k).lower(): v["stance"] for k, v in (cues.get("nouns") or {}).items()},
    )
