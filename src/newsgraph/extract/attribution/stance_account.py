"""Report or assert, read from the content's main predicate (``docs/annotation/stance.md``, step 6).

The guideline's tie-breaker says that "a plain past-tense account of events with no such word is report".
``past_account`` reads that from the parse of the content's first clause, not from words anywhere in it:
the main verb names an event (not a state, an intention, a wish or a judgement: ``report_assert.yaml``),
it is finite in the past or present perfect ("two men arrived", "the ministry has closed the road"), it has
a subject that is not "I" or "we", no modal and no negation, the content holds no quoted words (the
source's own words) and no evaluative or marker word, and the cue only passes speech on ("said",
"told", "noted"). ``predicate_class`` names the same reading in a few words for the learned model.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.resources import load_yaml

_FIRST_PERSON = frozenset({"i", "we"})


@dataclass(frozen=True)
class AccountWords:
    account_cues: frozenset[str]
    state_predicates: frozenset[str]
    position_predicates: frozenset[str]
    evaluative: frozenset[str]


@functools.lru_cache(maxsize=1)
def account_words() -> AccountWords:
    data = load_yaml("attribution/report_assert.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or ())

    return AccountWords(words("account_cues"), words("state_predicates"), words("position_predicates"),
                        words("evaluative"))


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
    who = "none" if subject is None else "first" if subject.lower_ in _FIRST_PERSON else "third"
    return f"{tense} {kind} {who}"


def past_account(root: Token | None, tokens: list[Token], cue_lemma: str | None, markers: frozenset[str]) -> bool:
    """Is the content a plain past account of events relayed under a speech cue (see the module doc)?
    ``markers``: words that make it the source's own position (assert markers, negative evaluation)."""
    words = account_words()
    if root is None or cue_lemma not in words.account_cues:
        return False
    if predicate_class(root) != "past event third" or any(c.dep_ == "neg" for c in root.children):
        return False
    markers = markers | words.evaluative
    return not any(t.is_quote or t.lower_ in markers or t.lemma_.lower() in markers for t in tokens)
