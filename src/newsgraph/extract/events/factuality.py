"""Did it happen? An event's factuality: negated ("did not attack", inside a denial), hypothetical
(governed by "seeking to", "planning", "may", "if", or a request), and stated intent (PLOVER codes an
intention to cooperate as AGREE and to harm as THREATEN).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.events.frame import Frame
from newsgraph.extract.events.patterns import patterns
from newsgraph.words import DEPS


ADJUNCT_PREPS = {"during", "after", "before", "since", "until", "amid", "despite", "in", "at", "near",
                 "while", "following", "throughout"}


WALK_DEPS = DEPS["governing_walk"]


def _governors(tok: Token):
    """The words above a trigger up to its clause's edge (not across a conjunction, a relative
    clause or a time/place adjunct: 'did not comment during his meeting' does not negate the meeting)."""
    current = tok
    while current.head != current and current.dep_ in WALK_DEPS:
        if current.dep_ == "prep" and current.lower_ in ADJUNCT_PREPS:
            return
        current = current.head
        yield current


def negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    pats = patterns()
    for gov in _governors(tok):
        if gov.lemma_.lower() in pats.denial_verbs and gov.pos_ == "VERB":
            return True
        if any(c.dep_ == "neg" for c in gov.children) and gov.pos_ == "VERB":
            return True
    return False


def hypothetical(tok: Token) -> bool:
    pats = patterns()
    if any(c.dep_ == "aux" and c.lower_ in pats.hypothetical_modals for c in tok.children):
        return True
    if _if_clause(tok):
        return True
    for gov in _governors(tok):
        if gov.lemma_.lower() in pats.hypothetical_governors or _if_clause(gov):
            return True
        if any(c.dep_ == "aux" and c.lower_ in pats.hypothetical_modals for c in gov.children):
            return True
    return False


def _if_clause(tok: Token) -> bool:
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children)


def apply_intent(frame: Frame) -> None:
    """PLOVER codes a stated intention to cooperate as AGREE and to harm as THREATEN."""
    pats = patterns()
    tok = frame.trigger.token
    if frame.trigger.nominal:
        if tok.dep_ != "dobj":
            return
        tok = tok.head  # "will extend the curfew": the light verb carries the intent
    intent = any(c.dep_ == "aux" and c.lower_ in pats.intent_words for c in tok.children)
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in pats.intent_words:
        intent = True
    own_neg = any(c.dep_ == "neg" for c in tok.children)
    refused = tok.dep_ == "xcomp" and tok.head.lemma_.lower() in pats.refusal_governors
    if frame.type in pats.cooperative_types and ((intent and own_neg) or refused):
        frame.type, frame.mode, frame.negated, frame.hypothetical = "REJECT", None, False, False
        return
    if not intent or frame.negated:
        return
    if frame.type in pats.cooperative_types and frame.type != "AGREE":
        frame.type, frame.mode, frame.hypothetical = "AGREE", None, False
    elif frame.type in pats.hostile_types:
        frame.type, frame.mode, frame.hypothetical = "THREATEN", None, False
