"""Report or assert, read from the content's main predicate (``docs/annotation/stance.md``, step 6).

The guideline's tie-breaker says that "a plain past-tense account of events with no such word is report".
``past_account`` reads that from the parse of the content's first clause, not from words anywhere in it:
the main verb names an event (not a state, an intention, a wish or a judgement: ``report_assert.yaml``),
it is finite in the past or present perfect ("two men arrived", "the ministry has closed the road"), it has
a subject that is not first person (words.yaml `first_person`), no modal and no negation, the content holds no quoted words (the
source's own words) and no evaluative or marker word, and the cue only passes speech on ("said",
"told", "noted") for a speaker that is no named person or personal pronoun: the guideline's reports are
told by police, a ministry, a commission, aides ("police said two men were arrested"); a named person
telling what happened is as often telling its own story ("Okafor said orders had recovered", assert in
our invented gold). ``predicate_class`` names the same reading in a few words for the learned model.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.resources import load_yaml
from newsgraph.words import FIRST_PERSON, TITLES

@dataclass(frozen=True)
class AccountWords:
    account_cues: frozenset[str]
    state_predicates: frozenset[str]
    position_predicates: frozenset[str]
    evaluative: frozenset[str]
    personal: frozenset[str]  # personal pronouns as speakers: "she said" tells her own story


@functools.lru_cache(maxsize=1)
def account_words() -> AccountWords:
    data = load_yaml("attribution/report_assert.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or ())

    return AccountWords(words("account_cues"), words("state_predicates"), words("position_predicates"),
                        words("evaluative"), words("personal"))


def predicate_class(root: Token | None) -> str:
    """The content's main predicate in a few words: ``"np"`` (no verb), else tense (modal, past, present,
    other), kind (state, position, event) and subject (first, third, none), e.g. ``"past event third"``."""
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return "np"
    words = account_words()
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    perfect = root.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in aux)
    if any(c.tag_ == "MD" for c in aux):
        tense = "modal"
    elif root.tag_ == "VBD" or perfect or any(c.tag_ == "VBD" for c in aux):
        tense = "past"
    elif root.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in aux):
        tense = "present"
    else:
        tense = "other"
    lemma = root.lemma_.lower()
    if lemma in words.state_predicates or any(c.dep_ in ("acomp", "attr", "oprd") for c in root.children):
        kind = "state"
    elif lemma in words.position_predicates:
        kind = "position"
    else:
        kind = "event"
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    who = "none" if subject is None else "first" if subject.lower_ in FIRST_PERSON else "third"
    return f"{tense} {kind} {who}"


def _told_by_a_person(cue: Token) -> bool:
    """Is the cue's speaker (its subject, or the agent of a passive cue) a named person ("Okafor", "her son,
    Jonas Okafor") or a personal pronoun?"""
    speakers = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    speakers += [g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    speakers += [c for s in speakers for c in s.children if c.dep_ == "appos"]
    personal = account_words().personal
    return any(s.ent_type_ == "PERSON" or s.lower_ in personal or s.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.lower_ in TITLES for c in s.children) for s in speakers)  # "Councillor Brask"


def past_account(root: Token | None, predicate: str, tokens: list[Token], cue: Token | None,
                 markers: frozenset[str]) -> bool:
    """Is the content a plain past account of events relayed under a speech cue (see the module doc)?
    ``predicate``: ``predicate_class(root)``; ``markers``: words that make it the source's own position
    (assert markers, negative evaluation)."""
    words = account_words()
    if root is None or cue is None or cue.lemma_.lower() not in words.account_cues or _told_by_a_person(cue):
        return False
    if predicate != "past event third" or any(c.dep_ == "neg" for c in root.children):
        return False
    markers = markers | words.evaluative
    return not any(t.is_quote or t.lower_ in markers or t.lemma_.lower() in markers for t in tokens)
