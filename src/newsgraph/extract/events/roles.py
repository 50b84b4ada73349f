"""Who did it, and to whom? The actor and target tokens of a trigger, read from its dependencies.

A verb's subject (or passive "by" agent) is the actor, its object or prepositional object the
target; a subjectless verb inherits its controller's subject ("pressed him to remove" -> him); an
event noun takes its possessor or "by" phrase, or the subject of its light verb ("held talks").
Instruments are no actors ("a drone strike killed"), things and places no targets.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.events.actors import ActorResolver, code_for, np_tokens
from newsgraph.extract.events.clause import LOCATIVE_PREPS
from newsgraph.extract.events.patterns import is_light_verb, named_modifier, patterns, undergoing, verb_trigger
from newsgraph.extract.reference.words import reference_words
from newsgraph.nlp import has_to
from newsgraph.words import DEPS


def doer(tok: Token | None, resolver: ActorResolver) -> Token | None:
    """'A drone strike killed ...': an instrument is no actor, but 'Israeli strikes' name theirs; 'issued a
    declaration demanding ...': a document is no actor, its issuer is."""
    if tok is not None and tok.dep_ == "dobj" and tok.lemma_.lower() in reference_words().statement_nouns:
        return next((c for c in tok.head.children if c.dep_ in DEPS["active_subject"]), tok)
    if tok is not None and tok.pos_ == "NOUN":  # "the legal group Harbour Watch", "Ottley, the owner ...": the name
        named = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is None and tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
            named = tok.head
        if named is not None:
            return named
    if tok is None or tok.lemma_.lower() not in patterns().instrument_nouns:
        return tok
    for child in tok.children:
        if child.dep_ in DEPS["modifier"] and child.i < tok.i and (
                child.ent_type_ in ("NORP", "GPE", "ORG") or code_for(child.text)):
            return child
    return None


def named_co_actors(tok: Token) -> list[Token]:
    """'The government of Belmora and the Ostmark Valley Front': the second name is its own actor."""
    out = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    out.extend(c for c in obj.conjuncts if c.i > obj.i and _separately_named(c))
    return out


def _separately_named(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and any(c.dep_ == "det" for c in tok.children)


def owner(tok: Token) -> Token:
    """'the assets of two generals' -> the generals: a thing that belongs to someone targets them."""
    if tok.lemma_.lower() not in patterns().owned_nouns:
        return tok
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    return poss if poss is not None and poss.pos_ != "PRON" else tok


def is_place_name(tok: Token, place_names: set[str]) -> bool:
    return bool(place_names) and (tok.lower_ in place_names or " ".join(t.lower_ for t in np_tokens(tok)) in place_names)


AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee", "ers", "ors")


def can_be_target(tok: Token, resolver: ActorResolver, place_names: set[str]) -> bool:
    """Targets are actors (people, groups, organisations, countries), not things, places or outlets."""
    pats = patterns()
    lemma = tok.lemma_.lower()
    if resolver.is_outlet(tok) or lemma in pats.media_nouns:
        return False
    if is_place_name(tok, place_names):
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ not in ("this", "what", "something", "anything", "everything", "nothing")
    if tok.lemma_.lower() in pats.partitive_nouns or tok.pos_ == "NUM":  # "one third of the guerrillas"
        of_obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"), None)
        if of_obj is not None:
            return can_be_target(of_obj, resolver, place_names)
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or resolver.entity_type(tok) in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"):
        return False
    if lemma in pats.people_nouns:
        return True
    if lemma in pats.thing_nouns or lemma in pats.claim_nouns:
        return False
    if tok.pos_ == "PROPN":
        return True
    if code_for(" ".join(t.text for t in np_tokens(tok))) is not None:
        return True
    return lemma.endswith(AGENT_SUFFIXES) and len(lemma) > 5


def verbal_roles(tok: Token, consumed=lambda t: False) -> tuple[Token | None, list[Token]]:
    children = list(tok.children)
    subj = next((c for c in children if c.dep_ in DEPS["active_subject"]), None)
    subjpass = next((c for c in children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in children if c.dep_ == "agent"), None)
    dobj = next((c for c in children if c.dep_ in DEPS["object"] and c.lower_ not in ("which", "that", "what")), None)
    actor: Token | None = None
    targets: list[Token] = []
    if agent is not None:
        actor = _agent_doer(agent)
    elif subj is not None:
        actor = subj
    if subjpass is not None:
        targets.append(subjpass)
    elif dobj is not None and not consumed(dobj):
        targets.append(dobj)
    elif dobj is not None:  # "reached an agreement with Russia": the key's noun carries the target
        targets.extend(prep_target(dobj))
    if actor is None and subjpass is None:
        inherited = inherited_subject(tok)
        if tok.tag_ == "VBN" and tok.dep_ == "advcl" and not any(c.dep_ == "aux" for c in children):
            if inherited is not None:  # "Asked whether ..., he said": he was asked
                targets.append(inherited)
        else:
            actor = inherited
    if tok.dep_ == "acl" and actor is None and subj is None:
        if tok.tag_ == "VBN":
            targets = targets or [tok.head]
        elif tok.tag_ in ("VBD", "VBZ", "VBP", "VBG"):  # "a source ..., denied": finite acl
            actor = tok.head
    elif tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBZ", "VBP", "VBG") and actor is None:
        actor = tok.head
    if not targets:
        skip = ("to",) if tok.lemma_.lower() in patterns().addressee_verbs else ()
        targets.extend(prep_target(tok, skip))
    elif targets[0] is dobj and not _actor_like(dobj):  # "gave aid to Y": Y is the target, not the aid
        recipient = prep_target(tok)
        if recipient and _actor_like(recipient[0]):
            targets = recipient
    return actor, targets


def _actor_like(tok: Token) -> bool:
    """Could this noun do or undergo an event: a named actor, a pronoun, a group of people?"""
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or tok.pos_ in ("PRON", "PROPN"):
        return True
    return code_for(" ".join(t.text for t in np_tokens(tok))) is not None


def _agent_doer(agent: Token) -> Token | None:
    """Follow 'by gunshots fired by X' to X: instruments are not actors."""
    obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    while obj is not None and obj.lemma_.lower() in patterns().instrument_nouns:
        nested = [c for t in [obj, *conjuncts(obj)] for c in t.children if c.dep_ == "acl"]
        inner = next((a for acl in nested for a in acl.children if a.dep_ == "agent"), None)
        if inner is None:
            return obj
        obj = next((c for c in inner.children if c.dep_ == "pobj"), None)
    return obj


def inherited_subject(tok: Token) -> Token | None:
    """The controller of a subjectless verb: 'pressed him to remove' -> him; 'X rejects and blames' -> X."""
    head = tok.head
    pats = patterns()
    if tok.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None and head.lemma_.lower() not in pats.subject_control_verbs:
            return obj
        subj = next((c for c in head.children if c.dep_ in DEPS["subject"]), None)
        if subj is None and head.dep_ in ("acomp", "attr"):  # "Lindqvist is due to travel"
            subj = next((c for c in head.head.children if c.dep_ in DEPS["subject"]), None)
        return subj if subj is not None else inherited_subject(head)
    if tok.dep_ == "acl" and has_to(tok) and head.pos_ == "NOUN":  # "her decision to allow": hers
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is not None and pats.nouns.get(head.lemma_.lower(), ("",))[0] != "REQUEST":
            return poss  # (not "the president's request to close": whoever is asked closes)
    if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in ("for", "of") and _judges(head.head):
        judged = next((c for c in head.head.children if c.dep_ == "dobj"), None) or next(iter(prep_target(head.head)), None)
        if judged is not None:  # "railed against Republicans for refusing": the Republicans refused
            return judged
    if tok.dep_ == "pcomp" and head.dep_ == "prep":  # "planning on reaching": the planner
        verb = head.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return subj if subj is not None else inherited_subject(verb)
    if tok.dep_ == "conj" and _reported_clause_ends(tok):
        return next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    if tok.dep_ in ("conj", "advcl") and head != tok:
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
        return inherited_subject(head) if head.dep_ in ("xcomp", "conj", "pcomp") else None
    if tok.dep_ == "relcl":
        return tok.head
    return None


def _judges(verb: Token) -> bool:
    """A verb of praise or blame ("accused", "thanked", "railed against"): its "for"/"of" clause is what
    its object did."""
    trigger = verb_trigger(verb)
    return trigger is not None and trigger.type in patterns().judging_types


FINITE_AUX = {"have", "has", "had", "will", "would", "could", "can", "may", "might", "should", "must", "be"}


def _reported_clause_ends(tok: Token) -> bool:
    """'X said Y had beaten them and called for ...': the bare verb after a reported clause with
    an auxiliary is the speaker's own second act, not the reported subject's (the parser often
    attaches it inside the reported clause)."""
    head = tok.head
    if head.dep_ != "ccomp" or head.head.lemma_.lower() not in patterns().say_verbs:
        return False
    if any(c.dep_ in DEPS["subject"] | DEPS["auxiliary"] for c in tok.children) or tok.tag_ not in ("VBD", "VBZ"):
        return False
    return any(c.dep_ in DEPS["auxiliary"] and c.lemma_.lower() in FINITE_AUX for c in head.children)


def prep_target(tok: Token, skip: tuple[str, ...] = ()) -> list[Token]:
    order = patterns().target_preps
    preps = [c for c in tok.children if c.dep_ in DEPS["preposition"] and c.lower_ in order and c.lower_ not in skip]
    preps.sort(key=lambda p: order.index(p.lower_))
    for prep in preps:
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None and not _is_time(obj):
            return [obj]
    dative = next((c for c in tok.children if c.dep_ == "dative" and c.lower_ not in skip), None)
    return [dative] if dative is not None else []


def nominal_roles(tok: Token) -> tuple[Token | None, list[Token]]:
    head = tok.head
    carried = tok.dep_ == "dobj" and is_light_verb(head)  # "staged an ambush": the lemma is "stag"
    undergone = carried and undergoing(head)  # "faced pressure from X", "drew the ire of X": X does it
    actor = next((c for c in tok.children if c.dep_ == "poss"), None)
    if actor is None:  # "a request by X", "criticism from X", "the attack from X" (not "withdrawal from Iraq")
        for agent in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in (
                ("by", "from", "of") if undergone else ("by", "from"))):
            actor = next((c for c in agent.children if c.dep_ == "pobj" and (
                agent.lower_ == "by" or c.ent_type_ not in ("GPE", "LOC", "FAC"))), None)
            if actor is not None:
                break
    if actor is None:  # "an FBI investigation": the named organisation
        actor = named_modifier(tok)
    if undergone:  # whoever faces, receives or draws it is its target
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None) or inherited_subject(head)
        return actor, [subject] if subject is not None else prep_target(tok)
    if actor is None and carried:
        actor = next((c for c in head.children if c.dep_ == "nsubj"), None) or inherited_subject(head)
    if actor is None and tok.dep_ == "pobj":  # "during his meeting": the clause's subject
        verb = head.head
        while verb.pos_ == "ADP" and verb.dep_ in ("prep", "prt") and verb.head != verb:
            verb = verb.head  # "came out of meetings with our allies"
        actor = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    targets = prep_target(tok)
    if not targets and carried:
        targets = prep_target(head)
    return actor, targets


def conjuncts(tok: Token | None) -> list[Token]:
    if tok is None:
        return []
    return [c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ("PROPN", "NOUN", "PRON")]


def split_targets(head: Token, resolver: ActorResolver) -> list[Token]:
    """'met with A and B' -> [A, B]: named people inside a coordination, else the conjuncts."""
    subtree = list(head.subtree)
    if any(t.dep_ == "cc" for t in subtree):
        people = [e.root for e in head.doc.ents
                  if e.label_ == "PERSON" and subtree[0].i <= e.start and e.end <= subtree[-1].i + 1]
        if len(people) >= 2:
            return people
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        return [head]
    return [head, *conjuncts(head)]


def _is_time(tok: Token) -> bool:
    return tok.ent_type_ in ("DATE", "TIME")


def accused(content: list[Token], speaker: Token | None, resolver: ActorResolver) -> Token | None:
    """Who the content blames: a named group, nation or person, not a place things happen in."""
    speaker_actor = resolver.actor(speaker) if speaker is not None else None
    speaker_name = speaker_actor.name if speaker_actor is not None else None
    ranked = []
    for tok in content:
        ent = tok.ent_type_
        if ent not in ("NORP", "ORG", "PERSON", "GPE") or tok.ent_iob_ != "B" and ent != "NORP":
            continue
        locative = tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS
        rank = 2 if ent == "GPE" and locative else (1 if ent == "GPE" else 0)
        actor = resolver.actor(tok)
        if actor is None or actor.name == speaker_name:
            continue
        ranked.append((rank, tok.i, tok))
    return min(ranked)[2] if ranked else None
