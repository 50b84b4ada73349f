"""Verbs of violence in their verbal sense: "Kerrow attacked Halvorsen", "she will fight Dunmore".

In political news a named person attacking, hammering or fighting another named person is, nearly always,
a verbal attack (ACCUSE) or opposition (REJECT) -- the guideline's "attacked Kerrow's record", "fight the
ban" -- while armed groups, troops, police and gunmen attack people and places physically. The verbs and
the type each takes are data (``person_to_person_senses`` in data/events/plover_patterns.yaml); a weapon or
other means of violence in the clause (``instrument_nouns``: "attacked him with a knife") keeps ASSAULT.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.events.actors import ActorResolver
from newsgraph.extract.events.frame import Frame
from newsgraph.extract.events.patterns import patterns


def _person(tok: Token, resolver: ActorResolver) -> bool:
    return tok.ent_type_ == "PERSON" or resolver.entity_type(tok) == "PERSON"


def person_to_person(frame: Frame, resolver: ActorResolver) -> None:
    """Retype an ASSAULT read from a two-sense verb whose doer and first target are both named persons."""
    pats = patterns()
    tok = frame.trigger.token
    kind = pats.person_to_person_senses.get(tok.lemma_.lower())
    if kind is None or frame.type != "ASSAULT" or frame.trigger.nominal or frame.trigger.key_tokens:
        return
    if not frame.actor_tokens or not frame.target_tokens:
        return
    if not (_person(frame.actor_tokens[0], resolver) and _person(frame.target_tokens[0], resolver)):
        return
    if any(t.i != tok.i and t.lemma_.lower() in pats.instrument_nouns for t in tok.subtree):
        return  # "attacked Kerrow with a knife": violence
    frame.type, frame.mode = kind
