"""Who did what to whom, where and when? PLOVER 2.0 events read from the dependency parse.

A trigger (verb or event noun from ``data/plover_patterns.yaml``) gives the category and
mode; its subject (or passive "by" agent) is the actor, its object or prepositional object
the target. Each event gets the place and date expressions of its own clause, casualty counts,
and flags: ``negated`` ("did not attack", or inside a denial) and ``hypothetical`` (governed
by "seeking to", "planning", "may", "if", or by a request for it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.extract.events.actors import ActorResolver, code_for, np_tokens
from newsgraph.extract.events.casualties import casualties
from newsgraph.extract.events.patterns import Trigger, noun_trigger, patterns, verb_trigger
from newsgraph.extract.places import country_name as country_name_iso2
from newsgraph.extract.places import extract_places, framed_place_names, iso3_for
from newsgraph.extract.time import resolve_dates
from newsgraph.model import Actor, Article, Entity, Event, Mention, Place, When, replace

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within", "of",
                  "through"}
PLACE_OF_NOUNS = {"city", "town", "village", "region", "province", "capital", "port", "centre", "center",
                  "outskirts", "heart", "streets", "street", "suburb", "district", "area", "province"}
ADJUNCT_PREPS = {"during", "after", "before", "since", "until", "amid", "despite", "in", "at", "near",
                 "while", "following", "throughout"}
WALK_DEPS = {"ccomp", "xcomp", "pcomp", "prep", "pobj", "dobj", "acomp", "oprd", "csubj"}


@dataclass
class Frame:
    """An event under construction: the trigger plus the tokens it was read from."""

    trigger: Trigger
    anchor: Token  # token whose clause holds the event's place and date
    actors: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    target_tokens: list[Token] = field(default_factory=list)
    target_roots: list[Token] = field(default_factory=list)
    actor_tokens: list[Token] = field(default_factory=list)
    clause: set[int] = field(default_factory=set)
    type: str = ""
    mode: str | None = None
    place: Place | None = None
    when: When | None = None
    negated: bool = False
    hypothetical: bool = False
    place_tokens: list[Token] = field(default_factory=list)  # "delivered aid to Ravensk": a place, not a target
    object_lemma: str | None = None  # the thing a denial or visit was about: "denied the accusation"
    dropped: bool = False


def extract_events(article: Article, doc: Doc, entities: Sequence[Entity] = (),
                   published: str | None = None) -> tuple[Event, ...]:
    """Every event the article reports, in text order, with ids v1, v2, ..."""
    resolver = ActorResolver(doc, entities, outlet=article.outlet)
    places = extract_places(article, doc, entities)
    place_names = framed_place_names(places)
    whens = resolve_dates(article.text, doc, published or article.published)
    frames: list[Frame] = []
    for sent in doc.sents:
        for token in sent:
            trigger = _trigger(token)
            if trigger is not None:
                frames.append(_frame(trigger, resolver, place_names))
        frames.extend(_say_frames(sent, resolver))
    frames = [f for f in frames if (f.actors or f.targets or f.target_roots) and not f.dropped]
    _denial_targets(frames)
    _assign_places(frames, places, doc)
    _assign_whens(frames, whens, doc)
    return _to_events(frames, article, doc)


# --- triggers -----------------------------------------------------------------------------

def _trigger(token: Token) -> Trigger | None:
    if token.dep_ in ("amod", "compound", "aux", "auxpass"):
        return None
    trigger = verb_trigger(token)
    if trigger is not None:
        if token.lemma_.lower() in patterns().not_with_infinitive and any(
                c.dep_ == "xcomp" for c in token.children) and not any(c.dep_ == "dobj" for c in token.children):
            return None  # "seeking to strike a deal": an attempt, the struck deal is the event
        if token.dep_ == "acl" and token.head.lemma_.lower() in patterns().instrument_nouns:
            return None  # "shells fired by X": the instrument of the governing event
        if token.lemma_.lower() in patterns().deferring_verbs and any(
                c.dep_ == "dobj" and noun_trigger(c) is not None for c in token.children):
            return None  # "ordered an investigation": the noun is the event
        if any(c.dep_ == "oprd" for c in token.children):
            return None  # "calling it a small step": naming, not phoning
        if trigger.type == "REQUEST" and _anonymity_request(token):
            return None  # "an officer who asked not to be named"
        return trigger
    trigger = noun_trigger(token)
    if trigger is not None and token.dep_ == "dobj" and verb_trigger(token.head) is not None:
        return None  # "held talks" is already the verb's event
    return trigger


def _anonymity_request(tok: Token) -> bool:
    pats = patterns()
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in pats.anonymity_verbs
               and any(g.dep_ == "auxpass" for g in c.children) for c in tok.children)


def _frame(trigger: Trigger, resolver: ActorResolver, place_names: set[str] = frozenset()) -> Frame:
    tok = trigger.token
    frame = Frame(trigger=trigger, anchor=tok, type=trigger.type, mode=trigger.mode)
    if trigger.nominal:
        actor_tok, target_toks = _nominal_roles(tok)
    else:
        actor_tok, target_toks = _verbal_roles(tok, lambda t: t.i in trigger.key_tokens)
    actor_tok = _doer(actor_tok, resolver)
    frame.actor_tokens = [actor_tok] if actor_tok is not None else []
    actor_heads = [actor_tok, *_conjuncts(actor_tok), *_named_co_actors(actor_tok)] if actor_tok is not None else []
    for head in actor_heads:
        frame.actors.extend(resolver.actors(head))
    frame.target_roots = list(target_toks)
    actor_names = {a.name for a in frame.actors}
    for head in target_toks:
        if frame.object_lemma is None:
            frame.object_lemma = head.lemma_.lower()
        for part in _split_targets(head, resolver):
            part = _owner(part)
            if frame.type == "CONSULT" and (resolver.is_outlet(part) or part.lemma_.lower() in patterns().media_nouns):
                frame.dropped = True  # "talk to the press": speaking to reporters is no meeting
            if not _can_be_target(part, resolver, place_names):
                if _is_place_name(part, place_names):
                    frame.place_tokens.append(part)
                continue
            actor = resolver.actor(part)
            if actor is not None and actor.name not in actor_names:
                frame.targets.append(actor)
                frame.target_tokens.append(part)
    if frame.mode == "visit" and not trigger.nominal and not frame.targets and any(
            c.dep_ == "dobj" and not _can_be_target(c, resolver, place_names) and not _is_place_name(c, place_names)
            and c.ent_type_ not in ("GPE", "LOC", "FAC") and c.lemma_.lower() not in patterns().nouns
            for c in tok.children):
        instead = patterns().thing_object_events.get(tok.lemma_.lower())
        if instead is None:
            frame.dropped = True  # "toured a new frigate": an inspection of a thing, not a visit
        else:
            frame.type, frame.mode = instead  # "welcomed the statement": approval
    frame.clause = _clause(tok, trigger.nominal)
    frame.negated = _negated(tok)
    frame.hypothetical = _hypothetical(tok)
    _apply_intent(frame)
    return frame


def _doer(tok: Token | None, resolver: ActorResolver) -> Token | None:
    """'A drone strike killed ...': an instrument is no actor, but 'Israeli strikes' name theirs."""
    if tok is None or tok.lemma_.lower() not in patterns().instrument_nouns:
        return tok
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < tok.i and (
                child.ent_type_ in ("NORP", "GPE", "ORG") or code_for(child.text)):
            return child
    return None


def _named_co_actors(tok: Token) -> list[Token]:
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


def _owner(tok: Token) -> Token:
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


def _is_place_name(tok: Token, place_names: set[str]) -> bool:
    return bool(place_names) and (tok.lower_ in place_names or " ".join(t.lower_ for t in np_tokens(tok)) in place_names)


AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee", "ers", "ors")


def _can_be_target(tok: Token, resolver: ActorResolver, place_names: set[str]) -> bool:
    """Targets are actors (people, groups, organisations, countries), not things, places or outlets."""
    pats = patterns()
    lemma = tok.lemma_.lower()
    if resolver.is_outlet(tok) or lemma in pats.media_nouns:
        return False
    if _is_place_name(tok, place_names):
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ not in ("this", "what", "something", "anything", "everything", "nothing")
    if tok.lemma_.lower() in pats.partitive_nouns or tok.pos_ == "NUM":  # "one third of the guerrillas"
        of_obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"), None)
        if of_obj is not None:
            return _can_be_target(of_obj, resolver, place_names)
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


def _verbal_roles(tok: Token, consumed=lambda t: False) -> tuple[Token | None, list[Token]]:
    children = list(tok.children)
    subj = next((c for c in children if c.dep_ in ("nsubj", "csubj")), None)
    subjpass = next((c for c in children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in children if c.dep_ == "agent"), None)
    dobj = next((c for c in children if c.dep_ in ("dobj", "attr") and c.lower_ not in ("which", "that", "what")), None)
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
        targets.extend(_prep_target(dobj))
    if actor is None and subjpass is None:
        inherited = _inherited_subject(tok)
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
        targets.extend(_prep_target(tok, skip))
    elif targets[0] is dobj and not _actor_like(dobj):  # "gave aid to Y": Y is the target, not the aid
        recipient = _prep_target(tok)
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
        nested = [c for t in [obj, *_conjuncts(obj)] for c in t.children if c.dep_ == "acl"]
        inner = next((a for acl in nested for a in acl.children if a.dep_ == "agent"), None)
        if inner is None:
            return obj
        obj = next((c for c in inner.children if c.dep_ == "pobj"), None)
    return obj


def _inherited_subject(tok: Token) -> Token | None:
    """The controller of a subjectless verb: 'pressed him to remove' -> him; 'X rejects and blames' -> X."""
    head = tok.head
    if tok.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and head.dep_ in ("acomp", "attr"):  # "Lindqvist is due to travel"
            subj = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subj if subj is not None else _inherited_subject(head)
    if tok.dep_ == "pcomp" and head.dep_ == "prep":  # "planning on reaching": the planner
        verb = head.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return subj if subj is not None else _inherited_subject(verb)
    if tok.dep_ == "conj" and _reported_clause_ends(tok):
        return next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    if tok.dep_ in ("conj", "advcl") and head != tok:
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
        return _inherited_subject(head) if head.dep_ in ("xcomp", "conj", "pcomp") else None
    if tok.dep_ == "relcl":
        return tok.head
    return None


FINITE_AUX = {"have", "has", "had", "will", "would", "could", "can", "may", "might", "should", "must", "be"}


def _reported_clause_ends(tok: Token) -> bool:
    """'X said Y had beaten them and called for ...': the bare verb after a reported clause with
    an auxiliary is the speaker's own second act, not the reported subject's (the parser often
    attaches it inside the reported clause)."""
    head = tok.head
    if head.dep_ != "ccomp" or head.head.lemma_.lower() not in patterns().say_verbs:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children) or tok.tag_ not in ("VBD", "VBZ"):
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in FINITE_AUX for c in head.children)


def _prep_target(tok: Token, skip: tuple[str, ...] = ()) -> list[Token]:
    order = patterns().target_preps
    preps = [c for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in order and c.lower_ not in skip]
    preps.sort(key=lambda p: order.index(p.lower_))
    for prep in preps:
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None and not _is_time(obj):
            return [obj]
    dative = next((c for c in tok.children if c.dep_ == "dative" and c.lower_ not in skip), None)
    return [dative] if dative is not None else []


def _nominal_roles(tok: Token) -> tuple[Token | None, list[Token]]:
    actor = next((c for c in tok.children if c.dep_ == "poss"), None)
    if actor is None:
        agent = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        if agent is not None:
            actor = next((c for c in agent.children if c.dep_ == "pobj"), None)
    head = tok.head
    carried = tok.dep_ == "dobj" and head.lemma_.lower() in patterns().light_verbs
    if actor is None and carried:
        actor = next((c for c in head.children if c.dep_ == "nsubj"), None) or _inherited_subject(head)
    if actor is None and tok.dep_ == "pobj":  # "during his meeting": the clause's subject
        verb = head.head
        actor = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    targets = _prep_target(tok)
    if not targets and carried:
        targets = _prep_target(head)
    return actor, targets


def _conjuncts(tok: Token | None) -> list[Token]:
    if tok is None:
        return []
    return [c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ("PROPN", "NOUN", "PRON")]


def _split_targets(head: Token, resolver: ActorResolver) -> list[Token]:
    """'met with A and B' -> [A, B]: named people inside a coordination, else the conjuncts."""
    subtree = list(head.subtree)
    if any(t.dep_ == "cc" for t in subtree):
        people = [e.root for e in head.doc.ents
                  if e.label_ == "PERSON" and subtree[0].i <= e.start and e.end <= subtree[-1].i + 1]
        if len(people) >= 2:
            return people
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        return [head]
    return [head, *_conjuncts(head)]


def _is_time(tok: Token) -> bool:
    return tok.ent_type_ in ("DATE", "TIME")


# --- reported accusations and demands -----------------------------------------------------

def _say_frames(sent, resolver: ActorResolver) -> list[Frame]:
    """'X said Y constitutes a war crime' -> X ACCUSE; 'X said Y must leave' -> X REQUEST Y."""
    pats = patterns()
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in pats.say_verbs or tok.pos_ != "VERB":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            obligation = any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in comp.children)
            if _trigger(comp) is not None and not obligation:
                continue
            content = list(comp.subtree)
            lemmas = {t.lemma_.lower() for t in content} | {t.lower_ for t in content}
            for etype, mode, words in pats.say_content:
                if not lemmas & words:
                    continue
                if etype == "REQUEST":
                    target_tok = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                else:
                    target_tok = _accused(content, subj, resolver)
                frame = Frame(trigger=Trigger(tok, etype, mode), anchor=tok, type=etype, mode=mode)
                frame.actors = resolver.actors(subj) if subj is not None else []
                frame.actor_tokens = [subj] if subj is not None else []
                target = resolver.actor(target_tok) if target_tok is not None else None
                frame.targets = [target] if target else []
                frame.target_tokens = [target_tok] if target_tok is not None else []
                frame.clause = {t.i for t in tok.subtree}
                frame.negated = _negated(tok)
                frame.hypothetical = _hypothetical(tok)
                out.append(frame)
                break
    return out


def _accused(content: list[Token], speaker: Token | None, resolver: ActorResolver) -> Token | None:
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


def _denial_targets(frames: list[Frame]) -> None:
    """'X denied the accusation': the target is whoever made it, the latest earlier accuser; 'denied
    any involvement': the latest accuser of X.  No accuser found: no target."""
    pats = patterns()
    ordered = sorted(frames, key=lambda f: f.anchor.i)
    for n, frame in enumerate(ordered):
        if frame.type != "REJECT" or frame.targets or frame.object_lemma not in pats.claim_nouns:
            continue
        own = {a.name for a in frame.actors}
        own_codes = {a.code[:3] for a in frame.actors if a.code}
        for earlier in reversed(ordered[:n]):
            if earlier.type != "ACCUSE" or not earlier.actors or earlier.actors[0].name in own:
                continue
            about_us = any(t.name in own or (t.code and t.code[:3] in own_codes) or
                           any(w in t.name.split() for a in own for w in a.split()) for t in earlier.targets)
            if frame.object_lemma in ("accusation", "allegation", "claim", "charge", "report", "account",
                                      "story", "assertion", "suggestion") or about_us:
                frame.targets = [earlier.actors[0]]
                break


# --- flags ----------------------------------------------------------------------------------

def _governors(tok: Token):
    """The words above a trigger up to its clause's edge (not across a conjunction, a relative
    clause or a time/place adjunct: 'did not comment during his meeting' does not negate the meeting)."""
    current = tok
    while current.head != current and current.dep_ in WALK_DEPS:
        if current.dep_ == "prep" and current.lower_ in ADJUNCT_PREPS:
            return
        current = current.head
        yield current


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    pats = patterns()
    for gov in _governors(tok):
        if gov.lemma_.lower() in pats.denial_verbs and gov.pos_ == "VERB":
            return True
        if any(c.dep_ == "neg" for c in gov.children) and gov.pos_ == "VERB":
            return True
    return False


def _hypothetical(tok: Token) -> bool:
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


def _apply_intent(frame: Frame) -> None:
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


# --- clause, place, time -----------------------------------------------------------------------

def _clause(tok: Token, nominal: bool) -> set[int]:
    """Tokens of the trigger's own clause: its subtree without coordinated or embedded clauses."""
    skip = set()
    for child in tok.children:
        if child.dep_ in ("conj", "cc", "ccomp", "relcl") and not nominal:
            skip.update(t.i for t in child.subtree)
    clause = {t.i for t in tok.subtree} - skip
    if nominal and tok.dep_ == "dobj":
        clause |= {t.i for t in tok.head.subtree} - {t.i for c in tok.head.children
                                                    if c.dep_ in ("conj", "ccomp") for t in c.subtree}
    return clause


def _assign_places(frames: list[Frame], places: list[tuple[Mention, Place]], doc: Doc) -> None:
    main = _main_place(places)
    located = patterns().located_types
    for frame in frames:
        role_tokens = set()
        for t in [*frame.actor_tokens, *frame.target_tokens, *frame.target_roots]:
            role_tokens.update(x.i for x in np_tokens(t))
        best = None
        for mention, place in places:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or span.root.i not in frame.clause:
                continue
            root = span.root
            is_visit_object = frame.mode == "visit" and root.dep_ == "dobj" and root.head == frame.anchor
            if root.i in role_tokens and not is_visit_object and root not in frame.place_tokens:
                continue
            if not is_visit_object and not _locative(root) and root not in frame.place_tokens:
                continue
            distance = abs(root.i - frame.anchor.i)
            rank = (0 if is_visit_object else 1, distance)
            if best is None or rank < best[0]:
                best = (rank, place, root)
        if best is not None:
            frame.place = best[1]
            if frame.mode == "visit" and best[0][0] == 0:
                _visit_target(frame, best[1], best[2])
        elif frame.type in located and main is not None:
            frame.place = main
        if frame.mode == "visit" and not frame.targets and frame.place is not None:
            _visit_target(frame, frame.place, None)


def _locative(tok: Token) -> bool:
    """A place in a locative phrase: 'in Gaza', 'the city of Benghazi', 'at the Mitiga base'."""
    t = tok
    while t.dep_ in ("compound", "amod", "nmod", "appos") and t.head != t:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS:
        if t.head.lower_ == "of":
            return t.head.head.lemma_.lower() in PLACE_OF_NOUNS
        return True
    return False


def _visit_target(frame: Frame, place: Place, root: Token | None) -> None:
    """'visited Moscow' -> target Russia: a visit's target is the host country."""
    if place.feature == "country":
        target = Actor(place.name, None, iso3_for(place.country))
    else:
        name = country_name_iso2(place.country)
        target = Actor(name, None, iso3_for(place.country)) if name else None
    if target is None:
        return
    if root is not None:
        frame.targets = [t for t, tok in zip(frame.targets, frame.target_tokens) if tok != root]
        frame.target_tokens = [tok for tok in frame.target_tokens if tok != root]
    if not frame.targets:
        frame.targets = [target]


def _main_place(places: list[tuple[Mention, Place]]) -> Place | None:
    """The place the article is about: the most mentioned one, the earliest on a tie."""
    if not places:
        return None
    counts = Counter(p.name for _, p in places)
    first = {}
    for i, (_, p) in enumerate(places):
        first.setdefault(p.name, i)
    name = max(counts, key=lambda n: (counts[n], -first[n]))
    return next(p for _, p in places if p.name == name)


def _assign_whens(frames: list[Frame], whens: list[When], doc: Doc) -> None:
    """Each date goes to the nearest event above it in the parse tree."""
    by_token: dict[int, list[Frame]] = {}
    for frame in frames:
        by_token.setdefault(frame.anchor.i, []).append(frame)
        if frame.trigger.nominal and frame.anchor.dep_ == "dobj":
            by_token.setdefault(frame.anchor.head.i, []).append(frame)
    for when in whens:
        span = doc.char_span(when.start, when.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in [span.root, *span.root.ancestors]:
            if tok.i in by_token:
                for frame in by_token[tok.i]:
                    if frame.when is None:
                        frame.when = when
                break


# --- output --------------------------------------------------------------------------------------

def _to_events(frames: list[Frame], article: Article, doc: Doc) -> tuple[Event, ...]:
    rows = []
    for frame in frames:
        tok = frame.anchor
        fatalities, qualifier, injuries = casualties(tok) if frame.type == "ASSAULT" else (None, None, None)
        start, end = _span(frame, doc)
        actors = frame.actors or [None]
        targets = frame.targets or [None]
        for target in targets:
            rows.append((start, tok.i, Event(
                id="", type=frame.type, text=article.text[start:end], start=start, end=end, mode=frame.mode,
                actor=actors[0], target=target, participants=tuple(a for a in actors[1:] if a),
                place=frame.place, when=frame.when, fatalities=fatalities, fatalities_qualifier=qualifier,
                injuries=injuries, negated=frame.negated, hypothetical=frame.hypothetical)))
    rows.sort(key=lambda r: (r[0], r[1]))
    events, seen = [], set()
    for _, _, event in rows:
        key = (event.type, event.mode, event.start, event.actor, event.target)
        if key in seen:
            continue
        seen.add(key)
        events.append(_with_id(event, f"v{len(events) + 1}"))
    return tuple(events)


def _with_id(event: Event, new_id: str) -> Event:
    return replace(event, id=new_id)


def _span(frame: Frame, doc: Doc) -> tuple[int, int]:
    tokens = set(frame.clause)
    if not frame.trigger.nominal:  # "warned that they would respond": the warning's content is its text
        tokens.update(t.i for c in frame.anchor.children if c.dep_ == "ccomp" for t in c.subtree)
    for t in frame.actor_tokens:
        tokens.update(x.i for x in np_tokens(t))
    tokens.add(frame.anchor.i)
    sent = frame.anchor.sent
    tokens = {i for i in tokens if sent.start <= i < sent.end}
    lo, hi = min(tokens), max(tokens)
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])
