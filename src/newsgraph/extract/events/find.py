"""Who did what to whom, where and when? PLOVER 2.0 events read from the dependency parse.

A trigger (verb or event noun from ``data/events/plover_patterns.yaml``) gives the category and
mode; ``roles`` reads its actor and target, ``clause`` the place and date expressions of its own
clause, ``factuality`` its flags (negated, hypothetical, intent), ``casualties`` the counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsgraph.extract.events.actors import ActorResolver, np_tokens
from newsgraph.extract.events.casualties import casualties
from newsgraph.extract.events.clause import assign_places, assign_whens, clause_tokens
from newsgraph.extract.events.factuality import (
    apply_intent, factuality, hostile_promise, in_background, intended_harm, set_factuality, stated_intents,
)
from newsgraph.extract.events.frame import Frame
from newsgraph.extract.events.patterns import (
    Trigger, is_light_verb, noun_trigger, patterns, sense_of, someone, verb_trigger,
)
from newsgraph.extract.events.reported import (
    accusing_cues, asks_a_question, attribution_frames, blame_words, mark_accused, mark_alleged, mark_reported,
    speech_only,
)
from newsgraph.extract.events.roles import (
    accused, can_be_target, conjuncts, doer, is_place_name, named_co_actors, nominal_roles, owner, split_targets,
    verbal_roles,
)
from newsgraph.extract.events.verbal_sense import person_to_person
from newsgraph.extract.places import extract_places, framed_place_names
from newsgraph.extract.time import resolve_dates
from newsgraph.model import Article, Entity, Event, Mention, replace
from newsgraph.words import DEPS


def extract_events(article: Article, doc: Doc, entities: Sequence[Entity] = (),
                   published: str | None = None) -> tuple[Event, ...]:
    """Every event the article reports, in text order, with ids v1, v2, ..."""
    resolver = ActorResolver(doc, entities, outlet=article.outlet)
    places = extract_places(article, doc, entities)
    place_names = framed_place_names(places)
    whens = resolve_dates(article.text, doc, published or article.published)
    frames: list[Frame] = []
    accusing = accusing_cues(article.attributions)
    for sent in doc.sents:
        for token in sent:
            trigger = _trigger(token)
            if trigger is not None:
                frames.append(_frame(trigger, resolver, place_names))
        frames.extend(_say_frames(sent, resolver, accusing))
    habits = {f.anchor.i for f in frames if f.generic}  # a habit said in an attribution's cue is none either
    frames = [f for f in frames if (f.actors or f.targets or f.target_roots or f.trigger.specific) and not f.dropped]
    frames = speech_only(frames, article.attributions)
    frames.extend(stated_intents(frames))
    at: dict[int, list[Frame]] = {}  # frames by their trigger token: each frame looks up its neighbours
    for frame in frames:
        at.setdefault(frame.trigger.token.i, []).append(frame)
    for frame in frames:
        hostile_promise(frame, at)
        intended_harm(frame, at)
        frame.background = in_background(frame.anchor)
    _denial_targets(frames)
    mark_reported(frames, article.attributions)
    mark_accused(frames)
    mark_alleged(frames)
    frames.extend(attribution_frames(frames, article.attributions, doc, resolver, habits))
    assign_places(frames, places, doc)
    assign_whens(frames, whens, doc)
    return _to_events(frames, article, doc)


# --- triggers -----------------------------------------------------------------------------

def _trigger(token: Token) -> Trigger | None:
    if token.dep_ in DEPS["not_a_trigger"]:
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
        naming = _named_as(token, trigger)
        if naming is not None:  # "calling it a small step": naming, not phoning -- and judging
            return _naming(token, naming)
        if trigger.type == "REQUEST" and (_anonymity_request(token) or asks_a_question(token)):
            return None  # "an officer who asked not to be named", "asked who had approved it"
        if not _sense_objects(trigger):
            return None  # "attacked each other's records": no assault
        if _imperative(token):
            return None  # "Go and see for yourself.": a bidding, not an act done (the speaker's request, if any, is the cue's)
        return trigger
    trigger = noun_trigger(token)
    if trigger is not None and token.dep_ == "dobj" and token.head.lemma_.lower() not in patterns().deferring_verbs:
        verb = verb_trigger(token.head)
        if verb is not None and _sense_objects(verb) and (token.i in verb.key_tokens or is_light_verb(token.head)
                                 or trigger.type not in patterns().verbal_types):
            return None  # "held talks" is already the verb's event; "opposed a request": two acts
    return trigger


_QUOTES = ('"', "“")
NAMING = "(naming)"  # the key of a naming trigger ("called Halvorsen a spoilt heir"): no sense of the verb's


def _named_as(token: Token, trigger: Trigger) -> list[Token] | None:
    """What a naming verb names its object: an object predicate ("calling it a small step"), or, after a
    naming verb, the quoted words following it ('called the orders "quite dangerous"'); None: no naming,
    or the predicate is the pattern's own word ("was found guilty")."""
    oprd = next((c for c in token.children if c.dep_ == "oprd" and c.i not in trigger.key_tokens), None)
    if oprd is not None:
        return list(oprd.subtree)
    if token.lemma_.lower() not in patterns().naming_verbs or not any(c.dep_ == "dobj" for c in token.children):
        return None
    after = [t for t in token.subtree if t.i > token.i]
    quote = next((n for n, t in enumerate(after) if t.text in _QUOTES), None)
    return after[quote + 1:] if quote is not None else None


def _naming(token: Token, name: list[Token]) -> Trigger | None:
    """"Brask called Halvorsen a spoilt heir": an ACCUSE; "called it a starting point": a SUPPORT. Not a
    name given ("a bakery called The Lark") or taken ("calling himself the people's mayor"), nor a passive
    with no one who names ("who has been called a northern Kerrow")."""
    pats = patterns()
    if token.lemma_.lower() not in pats.naming_verbs or (token.dep_ == "acl" and token.tag_ == "VBN"):
        return None
    if any(c.dep_ == "auxpass" for c in token.children) and not any(c.dep_ == "agent" for c in token.children):
        return None  # "has been called a northern Kerrow", "is called Grey Harbour": a label, no one naming
    if any(c.dep_ == "dobj" and c.lower_ in _OWN for c in token.children):
        return None
    words = {t.lemma_.lower() for t in name} | {t.lower_ for t in name}
    kind = "SUPPORT" if words & pats.praise_words and not words & blame_words() else "ACCUSE"
    return Trigger(token, kind, None, key=NAMING)  # its own pattern: the verb's senses ("call" a phone call) are not its


def _sense_objects(trigger: Trigger) -> bool:
    """Do the trigger's objects fit the sense (``senses`` in the patterns file)?"""
    sense = sense_of(trigger)
    if sense is None:
        return True
    if sense.no_clause and any(c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX") for c in trigger.token.children):
        return False
    found = _objects(trigger)
    objects = {w for c in found for w in _object_words(c)}
    if objects & sense.not_objects:
        return False
    if sense.people and any(someone(c) for c in found):
        return True  # "released two journalists", "freed them"
    if not (sense.objects or sense.people) or objects & sense.objects:
        return True
    return sense.recipient and _to_someone(trigger.token, found)


def _to_someone(tok: Token, objects: list[Token]) -> bool:
    """'has given me', 'gave generously to charities': no thing given is named, and someone receives it."""
    if any(not _person_word(c) for c in objects):
        return False
    return bool(objects) or any(c.dep_ in ("dative", "prep") and c.lower_ == "to" and any(
        g.dep_ == "pobj" for g in c.children) for c in tok.children)


def _person_word(tok: Token) -> bool:
    return tok.pos_ in ("PRON", "PROPN") or tok.lemma_.lower() in patterns().people_nouns or tok.ent_type_ in (
        "PERSON", "ORG", "NORP", "GPE")


def _object_words(obj: Token) -> set[str]:
    """The lemmas an object is read as: its own, what a part names ("hundreds of thousands of dollars":
    dollar), and "money" for an amount of money ("gave $50,000")."""
    words = set()
    while True:
        words.add(obj.lemma_.lower())
        if obj.ent_type_ == "MONEY" or any(c.tag_ == "$" for c in obj.children):
            words.add("money")
        if obj.lemma_.lower() not in patterns().partitive_nouns and obj.pos_ != "NUM":
            return words
        part = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), None)
        if part is None:
            return words
        obj = part


def _objects(trigger: Trigger) -> list[Token]:
    """What the trigger acts on: its object or passive subject (not a token its key consumed), or the noun
    a passive participle or an object relative clause modifies ("the plan released Tuesday": the plan)."""
    tok = trigger.token
    out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.i not in trigger.key_tokens]
    if not out and tok.dep_ == "acl" and tok.tag_ == "VBN":
        out.append(tok.head)
    elif tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in tok.children):
        out.append(tok.head)  # "the threat that Trump offers us": the threat is what is offered
    return out


_OWN = {"his", "her", "its", "their", "my", "our", "himself", "herself", "itself", "themselves", "myself",
        "ourselves"}


def _own_thing(obj: Token) -> bool:
    return obj.lower_ in _OWN or any(c.dep_ == "poss" and c.lower_ in _OWN for c in obj.children)


def _agentive(tok: Token | None, resolver: ActorResolver, place_names: set[str]) -> bool:
    return tok is None or tok.pos_ == "PRON" or can_be_target(tok, resolver, place_names)


def _inanimate(tok: Token | None, resolver: ActorResolver) -> bool:
    """Is the named doer a thing that cannot act ("the money arrived", "the letter continues", "the verdict
    shows", "40 percent of it")? Names, pronouns and nouns for people or groups can; so can any noun not
    known as a thing (``inanimate_nouns``, ``claim_nouns``, the event nouns)."""
    if tok is None or tok.pos_ in ("PRON", "PROPN"):
        return False
    if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"):
        return True
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or resolver.entity_type(tok) in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    pats = patterns()
    lemma = tok.lemma_.lower()
    if lemma in pats.people_nouns:
        return False
    return lemma in pats.inanimate_nouns or lemma in pats.claim_nouns or lemma in pats.nouns


def _imperative(tok: Token) -> bool:
    """A bare verb heading its sentence with no subject and no auxiliary ("Go and see for yourself.", "Be welcomed by
    other organizations"), or coordinated with one: a bidding, not an event. Not a headline's "to" form."""
    while tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        tok = tok.head
    if tok.dep_ != "ROOT" or tok.tag_ != "VB":
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "csubj") for c in tok.children)


def _generic(tok: Token) -> bool:
    """A habit or a disposition, no event (docs/annotation/events.md): a verb in the simple present with a
    habitual adverb ("often attack", "always defends", ``habitual_adverbs``) or under "tend to", or said of
    anyone at all ("you help", "anyone who attacks") or of a kind in a relative clause ("women who don't help
    each other"), or a standing position (``standing_verbs``: "a league that opposes Halvorsen"). A headline's
    present ("Rebels attack convoy") has none of these."""
    pats = patterns()
    auxes = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
    present = (tok.tag_ in ("VBZ", "VBP") and not auxes) or (tok.tag_ == "VB" and auxes in (["do"], ["does"]))
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in pats.habitual_verbs:
        return True  # "tends to erupt"
    if not present:
        return False
    if tok.lemma_.lower() in pats.standing_verbs and tok.dep_ != "ccomp" and tok.sent.start != 0:
        return True  # "a league that firmly opposes Halvorsen": a standing position (not "said he supports it")
    if any(c.dep_ == "advmod" and c.lower_ in pats.habitual_adverbs for c in tok.children):
        return True
    subj = next((c for c in tok.children if c.dep_ in DEPS["subject"]), None)
    if subj is None:
        return False
    if subj.lower_ in pats.generic_pronouns:
        return True
    if tok.dep_ == "relcl" and subj.tag_ in ("WP", "WDT"):
        kind = tok.head  # "women who don't help each other": a bare plural, no determiner, no name
        return kind.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod") for c in kind.children)
    return False


def _in_a_contest(tok: Token) -> bool:
    """Is a verb of violence said of a vote ("beat Kerrow 52 to 41 percent", "crushed Mirel in the Karst
    primary", "by two points")? A measure or a prepositional phrase of the verb names a contest
    (``contest_words``, the word or its compound), or a score follows a named object ("edges Brask 51-47");
    "killed five election workers" names none of the verb's own."""
    words = patterns().contest_words

    def contest(t: Token) -> bool:
        return t.lemma_.lower() in words or any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in words
                                                 for c in t.children)
    for c in tok.children:
        if c.dep_ == "npadvmod" and contest(c):
            return True
        if c.dep_ == "dobj" and c.pos_ == "PROPN" and any(  # "edges Brask 51-47", "leading Mirel 38 to 33 percent"
                g.i > c.i and (g.dep_ == "nummod" or g.dep_ == "appos" and contest(g)) for g in c.children):
            return True  # a number after the name is no count ("killed 4 villagers"): a score
        if c.dep_ == "prep" and any(g.dep_ == "pobj" and contest(g) for g in c.children):
            return True
    return False


def _anonymity_request(tok: Token) -> bool:
    pats = patterns()
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in pats.anonymity_verbs
               and any(g.dep_ == "auxpass" for g in c.children) for c in tok.children)


def _frame(trigger: Trigger, resolver: ActorResolver, place_names: set[str] = frozenset()) -> Frame:
    tok = trigger.token
    frame = Frame(trigger=trigger, anchor=tok, type=trigger.type, mode=trigger.mode)
    if trigger.nominal:
        actor_tok, target_toks = nominal_roles(tok)
    else:
        actor_tok, target_toks = verbal_roles(tok, lambda t: t.i in trigger.key_tokens)
    actor_tok = doer(actor_tok, resolver)
    sense = sense_of(trigger)
    if sense is not None and sense.retype:  # "expelled two diplomats": SANCTION, not COERCE
        objects = _objects(trigger) or ([t for t in target_toks if t.i not in trigger.key_tokens]
                                        if trigger.key_tokens else [])  # "set fire to the offices"
        words = [w.lemma_.lower() for c in objects for w in (c, *(m for m in c.children if m.dep_ in ("compound", "amod")))]
        if not objects and actor_tok is not None and not any(c.dep_ == "dobj" for c in tok.children):
            words = [w.lemma_.lower() for w in np_tokens(actor_tok)]  # "peacekeeping troops arrived": who moves
        kind = next((sense.retype[w] for w in words if w in sense.retype), None)  # "peacekeeping force"
        if kind is not None:
            frame.type, frame.mode = kind
    if sense is not None and sense.own_object and any(_own_thing(c) for c in _objects(trigger)):
        frame.type, frame.mode = sense.own_object  # "defended his record", "defended himself": REJECT
    if (sense is not None and sense.actor == "agent" and not _agentive(actor_tok, resolver, place_names)) or (
            frame.type in patterns().agent_types and not trigger.nominal and _inanimate(actor_tok, resolver)):
        frame.dropped = True  # "the figures back his claim", "the money arrived": no one acts
    frame.actor_tokens = [actor_tok] if actor_tok is not None else []
    actor_heads = [actor_tok, *conjuncts(actor_tok), *named_co_actors(actor_tok)] if actor_tok is not None else []
    for head in actor_heads:
        frame.actors.extend(resolver.actors(head))
    frame.target_roots = list(target_toks)
    actor_names = {a.name for a in frame.actors}
    for head in target_toks:
        if frame.object_lemma is None:
            frame.object_lemma = head.lemma_.lower()
        for part in split_targets(head, resolver):
            part = owner(part)
            if frame.type == "CONSULT" and (resolver.is_outlet(part) or part.lemma_.lower() in patterns().media_nouns):
                frame.dropped = True  # "talk to the press": speaking to reporters is no meeting
            if not can_be_target(part, resolver, place_names) or (
                    part.pos_ == "NOUN" and part.lemma_.lower() in patterns().nouns):  # "the FBI investigation"
                if is_place_name(part, place_names):
                    frame.place_tokens.append(part)
                continue
            actor = resolver.actor(part)
            if actor is not None and actor.name not in actor_names:
                frame.targets.append(actor)
                frame.target_tokens.append(part)
    if sense is not None and sense.target == "needed" and not frame.targets:
        frame.dropped = True  # "was eager to talk about Trump": no one talked with
    if frame.mode == "visit" and not trigger.nominal and not frame.targets and any(
            c.dep_ == "dobj" and not can_be_target(c, resolver, place_names) and not is_place_name(c, place_names)
            and c.ent_type_ not in ("GPE", "LOC", "FAC") and c.lemma_.lower() not in patterns().nouns
            for c in tok.children):
        instead = patterns().thing_object_events.get(tok.lemma_.lower())
        if instead is None:
            frame.dropped = True  # "toured a new frigate": an inspection of a thing, not a visit
        else:
            frame.type, frame.mode = instead  # "welcomed the statement": approval
    frame.clause = clause_tokens(tok, trigger.nominal)
    if not trigger.nominal and _generic(tok):
        frame.dropped = frame.generic = True  # "politicians often attack the press", "women who don't help"
    if frame.type == "ASSAULT" and not trigger.nominal and _in_a_contest(tok):
        frame.dropped = True  # "Brask would beat Kerrow 52 to 41 percent", "crushed Mirel in the primary"
    person_to_person(frame, resolver)  # "Kerrow attacked Halvorsen": a verbal attack
    set_factuality(frame, factuality(tok))
    apply_intent(frame)
    return frame


# --- reported accusations and demands -----------------------------------------------------

def _say_frames(sent, resolver: ActorResolver, accusing: set[int] | None = None) -> list[Frame]:
    """'X said Y constitutes a war crime' -> X ACCUSE; 'X said Y must leave' -> X REQUEST Y. With the
    attribution records (``accusing``: character offsets of the cues of accusing attributions), an ACCUSE
    needs its say verb to be the cue of one: the attribution layer decides what is an accusation."""
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
                if etype == "ACCUSE" and accusing is not None and tok.idx not in accusing:
                    continue
                if etype == "REQUEST":
                    target_tok = next((c for c in comp.children if c.dep_ in DEPS["subject"]), None)
                else:
                    target_tok = accused(content, subj, resolver)
                frame = Frame(trigger=Trigger(tok, etype, mode), anchor=tok, type=etype, mode=mode)
                frame.actors = resolver.actors(subj) if subj is not None else []
                frame.actor_tokens = [subj] if subj is not None else []
                target = resolver.actor(target_tok) if target_tok is not None else None
                frame.targets = [target] if target else []
                frame.target_tokens = [target_tok] if target_tok is not None else []
                frame.clause = {t.i for t in tok.subtree}
                set_factuality(frame, factuality(tok))
                out.append(frame)
                break
    return out


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


# --- output --------------------------------------------------------------------------------------

def _to_events(frames: list[Frame], article: Article, doc: Doc) -> tuple[Event, ...]:
    rows = []
    for frame in frames:
        tok = frame.anchor
        counted = frame.type in patterns().casualty_types
        fatalities, qualifier, injuries = casualties(tok) if counted else (None, None, None)
        start, end = _span(frame, doc)
        actors = frame.actors or [None]
        targets = frame.targets or [None]
        for target in targets:
            rows.append((start, tok.i, Event(
                id="", type=frame.type, text=article.text[start:end], start=start, end=end, mode=frame.mode,
                actor=actors[0], target=target, participants=tuple(a for a in actors[1:] if a),
                place=frame.place, when=frame.when, fatalities=fatalities, fatalities_qualifier=qualifier,
                injuries=injuries, negated=frame.negated, hypothetical=frame.hypothetical,
                factuality=frame.factuality, attribution_id=frame.attribution_id, reported_by=frame.reported_by,
                background=frame.background, trigger=_trigger_mention(frame.trigger.token, article.text),
                place_evidence=frame.place_evidence, actor_evidence=_actor_evidence(frame, article.text))))
    rows.sort(key=lambda r: (r[0], r[1]))
    events, seen = [], set()
    for _, _, event in rows:
        key = (event.type, event.mode, event.trigger.start, event.actor, event.target)  # not the clause span:
        # "stood by its choice not to take part" holds two refusals by one actor in one clause
        if key in seen:
            continue
        seen.add(key)
        events.append(_with_id(event, f"v{len(events) + 1}"))
    return tuple(events)


def _actor_evidence(frame: Frame, text: str) -> Mention | None:
    """The word the first actor was read from: a pronoun keeps its own span, its resolved name is the actor."""
    return _trigger_mention(frame.actor_tokens[0], text) if frame.actors and frame.actor_tokens else None


def _trigger_mention(token: Token, text: str) -> Mention:
    return Mention(token.idx, token.idx + len(token.text), text[token.idx:token.idx + len(token.text)])


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
