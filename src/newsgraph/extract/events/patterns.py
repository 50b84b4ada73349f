"""Which words trigger which PLOVER event? The verb and noun patterns of ``data/events/plover_patterns.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsgraph.extract.events.petrarch import dictionary_verbs
from newsgraph.extract.reference.words import reference_words
from newsgraph.nlp import has_to
from newsgraph.resources import load_yaml
from newsgraph.words import stem

PATTERN_FILE = "events/plover_patterns.yaml"
TYPES_FILE = "events/plover_types.yaml"


@dataclass(frozen=True)
class Trigger:
    token: Token
    type: str
    mode: str | None
    nominal: bool = False  # an event noun ("his visit", "held talks")
    key_tokens: tuple[int, ...] = ()  # tokens the pattern key consumed ("reach" + "agreement")
    key: str = ""  # the pattern key matched ("force out"); its sense, if any, is read under that key
    specific: bool = False  # an event noun naming its act ("a promise to give", "those promises"): no roles needed
    source: str = "ours"  # "dictionary": read from PETRARCH-2's verb dictionary (``petrarch.dictionary_verbs``)


@dataclass(frozen=True)
class Sense:
    """What a trigger needs to be the event (``senses`` in the patterns file)."""

    actor: str | None = None  # "agent": a person, organisation, country or group must do it
    not_objects: frozenset[str] = frozenset()  # object lemmas that unmake the sense
    objects: frozenset[str] = frozenset()  # the only object lemmas that make it (none: any)
    retype: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # object lemma -> another event
    target: str | None = None  # "needed": no event without someone it is done with or to ("talk about X")
    own_object: tuple[str, str | None] | None = None  # the event when the object is the doer's own ("defended his record")
    no_clause: bool = False  # a clausal complement unmakes the sense ("showed that she has the patience")
    recipient: bool = False  # a person it goes to makes the sense too ("has given me", "gave generously to charities")
    people: bool = False  # someone acted on makes it (with ``objects``, the only things): "released the hostages"

    @classmethod
    def read(cls, spec: dict) -> "Sense":
        return cls(spec.get("actor"), frozenset(spec.get("not_objects", ())), frozenset(spec.get("objects", ())),
                   {k.lower(): _type_mode(v) for k, v in spec.get("retype", {}).items()}, spec.get("target"),
                   _type_mode(spec["own_object"]) if spec.get("own_object") else None, bool(spec.get("no_clause")),
                   bool(spec.get("recipient")), bool(spec.get("people")))


@dataclass(frozen=True)
class Patterns:
    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    light_verbs: frozenset[str]
    target_preps: tuple[str, ...]
    located_types: frozenset[str]
    intent_words: frozenset[str]
    cooperative_types: frozenset[str]
    hostile_types: frozenset[str]
    say_verbs: frozenset[str]
    say_content: tuple[tuple[str, str | None, frozenset[str]], ...]
    instrument_nouns: frozenset[str]
    not_with_infinitive: frozenset[str]
    people_nouns: frozenset[str] = frozenset()
    thing_nouns: frozenset[str] = frozenset()
    addressee_verbs: frozenset[str] = frozenset()
    media_nouns: frozenset[str] = frozenset()
    claim_nouns: frozenset[str] = frozenset()
    anonymity_verbs: frozenset[str] = frozenset()
    carrier_nouns: frozenset[str] = frozenset()
    owned_nouns: frozenset[str] = frozenset()
    partitive_nouns: frozenset[str] = frozenset()
    deferring_verbs: frozenset[str] = frozenset()
    thing_object_events: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    person_to_person_senses: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    casualty_types: frozenset[str] = frozenset()  # events whose killed and injured are counted
    agent_types: frozenset[str] = frozenset()  # events whose doer, when named, must be one who can act
    inanimate_nouns: frozenset[str] = frozenset()  # doers that cannot act ("the letter", "the money")
    response_verbs: frozenset[str] = frozenset()  # answering verbs: an answer that says no is a REJECT
    contest_words: frozenset[str] = frozenset()  # votes and races: "beat him by two points" is no assault
    habitual_adverbs: frozenset[str] = frozenset()  # habits, not events: "often attack the press"
    habitual_verbs: frozenset[str] = frozenset()  # "tends to erupt"
    generic_pronouns: frozenset[str] = frozenset()  # anyone at all: "you help", "anyone who attacks"
    material_conflict_types: frozenset[str] = frozenset()
    verbal_types: frozenset[str] = frozenset()  # what a speech verb (an attribution's cue) can itself be
    question_words: frozenset[str] = frozenset()
    background_marks: frozenset[str] = frozenset()
    background_preps: frozenset[str] = frozenset()
    happening_verbs: frozenset[str] = frozenset()
    subject_control_verbs: frozenset[str] = frozenset()
    judging_types: frozenset[str] = frozenset()
    unthreatening_intents: frozenset[str] = frozenset()  # a stated plan of these is no THREATEN ("plan to protest")
    standing_verbs: frozenset[str] = frozenset()  # a standing position in the simple present: a state
    noun_argument_preps: frozenset[str] = frozenset()
    typed_noun_preps: dict[str, frozenset[str]] = field(default_factory=dict)  # type -> its nouns' argument preps
    naming_verbs: frozenset[str] = frozenset()
    blame_words: frozenset[str] = frozenset()
    praise_words: frozenset[str] = frozenset()
    pointing_determiners: frozenset[str] = frozenset()
    undergoing_verbs: frozenset[str] = frozenset()
    bare_event_nouns: bool = False  # an event noun with no mark of a specific act is an event mention too  # light verbs whose subject is the target: "faced pressure"  # "those promises": a mention of specific acts
    senses: dict[str, "Sense"] = field(default_factory=dict)
    dictionary_sense: "Sense | None" = None  # what a dictionary trigger needs when ours have no sense for it


def _type_mode(value: str) -> tuple[str, str | None]:
    parts = value.split()
    return parts[0], (parts[1] if len(parts) > 1 else None)


@functools.lru_cache(maxsize=1)
def patterns() -> Patterns:
    raw = load_yaml(PATTERN_FILE)
    types = load_yaml(TYPES_FILE)["types"]

    def flagged(flag: str) -> frozenset[str]:
        return frozenset(name for name, spec in types.items() if spec.get(flag))

    content = []
    for key, words in raw.get("say_content", {}).items():
        etype, mode = _type_mode(key)
        content.append((etype, mode, frozenset(words)))
    return Patterns(
        verbs={k.lower(): _type_mode(v) for k, v in raw["verbs"].items()},
        nouns={k.lower(): _type_mode(v) for k, v in raw["nouns"].items()},
        light_verbs=frozenset(raw.get("light_verbs", ())),
        target_preps=tuple(raw.get("target_preps", ())),
        located_types=flagged("located"),
        intent_words=frozenset(raw.get("intent_words", ())),
        cooperative_types=frozenset(n for n, spec in types.items() if spec["group"].endswith("cooperation")),
        hostile_types=flagged("threat"),
        say_verbs=frozenset(raw.get("say_verbs", ())),
        say_content=tuple(content),
        instrument_nouns=frozenset(raw.get("instrument_nouns", ())),
        not_with_infinitive=frozenset(raw.get("not_with_infinitive", ())),
        **{name: frozenset(raw.get(name, ())) for name in (
            "people_nouns", "thing_nouns", "addressee_verbs", "media_nouns", "claim_nouns",
            "anonymity_verbs", "carrier_nouns", "owned_nouns", "partitive_nouns", "deferring_verbs",
            "verbal_types", "question_words", "background_marks", "background_preps", "happening_verbs",
            "subject_control_verbs", "judging_types", "noun_argument_preps", "naming_verbs", "blame_words",
            "praise_words", "inanimate_nouns", "response_verbs", "contest_words", "habitual_adverbs",
            "habitual_verbs", "generic_pronouns", "pointing_determiners", "undergoing_verbs",
            "unthreatening_intents", "standing_verbs")},
        typed_noun_preps={k: frozenset(v) for k, v in raw.get("typed_noun_preps", {}).items()},
        thing_object_events={k.lower(): _type_mode(v) for k, v in raw.get("thing_object_events", {}).items()},
        person_to_person_senses={k.lower(): _type_mode(v) for k, v in raw.get("person_to_person_senses", {}).items()},
        casualty_types=flagged("casualties"),
        agent_types=flagged("agent"),
        material_conflict_types=frozenset(n for n, spec in types.items() if spec["group"] == "material conflict"),
        senses={k.lower(): Sense.read(v) for k, v in raw.get("senses", {}).items()},
        dictionary_sense=Sense.read(raw["dictionary_sense"]) if raw.get("dictionary_sense") else None,
        bare_event_nouns=bool(raw.get("bare_event_nouns")),
    )


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def lemma_forms(token: Token) -> tuple[str, ...]:
    """The lemma, then forms read from the surface word: the small model lemmatises "staged" as "stag",
    so "stage" (stem + e) and the word itself are tried too."""
    lower = token.lower_
    stemmed = stem(lower)
    return tuple(dict.fromkeys((_lemma(token), lower, stemmed + "e", stemmed)))


def is_light_verb(token: Token) -> bool:
    """Does this verb carry an event noun ("held talks", "staged an ambush": any of ``lemma_forms``)?"""
    pats = patterns()
    return any(f in pats.light_verbs or f in pats.undergoing_verbs for f in lemma_forms(token))


def undergoing(token: Token) -> bool:
    """Is this a light verb whose subject undergoes the event ("faced pressure", "drew criticism")?"""
    return any(f in patterns().undergoing_verbs for f in lemma_forms(token))


NAMED_KINDS = ("ORG", "GPE", "NORP", "PERSON")


def named_modifier(token: Token) -> Token | None:
    """The named organisation, place, group or person before an event noun ("an FBI investigation")."""
    return next((c for c in token.children if c.dep_ in ("compound", "nmod") and c.i < token.i
                 and c.ent_type_ in NAMED_KINDS), None)


@functools.lru_cache(maxsize=1)
def _verb_heads() -> frozenset[str]:
    return frozenset(k.split()[0] for k in patterns().verbs)


def verb_lemma(token: Token) -> str:
    """The first of ``lemma_forms`` some verb pattern starts with (else the lemma)."""
    heads = _verb_heads()
    return next((f for f in lemma_forms(token) if f in heads), _lemma(token))


def verb_trigger(token: Token) -> Trigger | None:
    """The event a verb starts, trying 'verb + particle/object' keys before the bare verb."""
    if token.pos_ not in ("VERB",) and not (token.pos_ == "AUX" and token.dep_ == "ROOT"):
        return None
    trigger = _keyed(token, patterns().verbs)
    if trigger is not None:
        return trigger  # ours win
    trigger = _keyed(token, dictionary_verbs(), "dictionary")
    if trigger is not None and trigger.key.split()[0] in function_verbs() and not any(
            token.doc[i].pos_ in ("NOUN", "PROPN") for i in trigger.key_tokens):
        return None  # "held", "wanted", "went to": a light, control or factuality verb of ours, no event alone
    return trigger


FACTUALITY_FILE = "events/factuality.yaml"
_FUNCTION_LISTS = ("light_verbs", "undergoing_verbs", "deferring_verbs", "happening_verbs", "say_verbs", "subject_control_verbs",
                   "not_with_infinitive")
_GOVERNOR_LISTS = ("refusal_governors", "failure_governors", "hypothetical_governors", "intention_governors",
                   "attempt_governors")


@functools.lru_cache(maxsize=1)
def function_verbs() -> frozenset[str]:
    """Verbs our data reads as carrying or framing another event (light and deferring verbs, say verbs,
    control verbs, and the factuality layer's governors: "want", "plan", "try"), never as a dictionary
    event on their own."""
    raw = load_yaml(PATTERN_FILE)
    cues = load_yaml(FACTUALITY_FILE)
    return frozenset(w for name in _FUNCTION_LISTS for w in raw.get(name, ())) | frozenset(
        w for name in _GOVERNOR_LISTS for w in cues.get(name, ()))


def _keyed(token: Token, table: dict[str, tuple[str, str | None]], source: str = "ours") -> Trigger | None:
    if not table:
        return None
    lemma = verb_lemma(token)
    for child in token.children:
        if child.dep_ in ("advcl", "ccomp", "xcomp"):  # "called for the committee to summon him"
            mark = next((g for g in child.children if g.dep_ == "mark" and g.i < child.i), None)
            if mark is not None and f"{lemma} {_lemma(mark)}" in table:
                return Trigger(token, *table[f"{lemma} {_lemma(mark)}"], key_tokens=(mark.i,), key=f"{lemma} {_lemma(mark)}", source=source)
            continue
        if child.dep_ in KEY_DEPS and not _dated(child):
            key = f"{lemma} {_lemma(child)}"
            if key in table:
                return Trigger(token, *table[key], key_tokens=(child.i,), key=key, source=source)
            for grandchild in child.children:  # "call off the strike", "hold peace talks"
                if grandchild.dep_ in ("pobj", "compound"):
                    key3 = f"{lemma} {_lemma(grandchild)}"
                    if key3 in table and child.dep_ == "prep":
                        return Trigger(token, *table[key3], key_tokens=(child.i, grandchild.i), key=key3, source=source)
                    if key3 in table and child.dep_ == "dobj" and grandchild.dep_ == "compound":
                        return Trigger(token, *table[key3], key_tokens=(child.i,), key=key3, source=source)  # "signed a ceasefire deal"
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if after is not None and after.tag_ in ("RP", "IN") and f"{lemma} {after.lower_}" in table:
        key = f"{lemma} {after.lower_}"  # "handed over $4 million": the parser made "over" a quantifier
        return Trigger(token, *table[key], key_tokens=(after.i,), key=key, source=source)
    if lemma in table:
        return Trigger(token, *table[lemma], key=lemma, source=source)
    return None


def _dated(prep: Token) -> bool:
    """A preposition of time ("took a swipe at them on Monday"): no particle of a phrasal verb ("take on")."""
    return prep.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


# The dependents a "verb word" key reads its word from: a particle, preposition, object or complement, and the
# passive subject, which is the object of the active ("the talks were held", "the appeal was lodged").
KEY_DEPS = ("prt", "prep", "dobj", "nsubjpass", "acomp", "oprd", "advmod", "attr")


def sense_of(trigger: Trigger) -> "Sense | None":
    """The sense constraints of the pattern that matched: a longer key ("force out") has its own entry,
    or none; a bare verb or noun is read under its lemma. A trigger from the field's dictionary with no
    sense of ours gets ``dictionary_sense``: the dictionary was written for wire news, so its verbs need
    the arguments of an interaction (an agentive actor, someone it is done to or with)."""
    pats = patterns()
    sense = pats.senses.get(trigger.key or trigger.token.lemma_.lower())
    return pats.dictionary_sense if sense is None and trigger.source == "dictionary" else sense


def noun_trigger(token: Token) -> Trigger | None:
    """An event noun that reports an event: carried by a light verb, owned, or in a time phrase."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    table = patterns().nouns
    lemma = _lemma(token)
    key = lemma
    modifiers = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
    if modifiers and f"{_lemma(modifiers[-1])} {lemma}" in table:
        key = f"{_lemma(modifiers[-1])} {lemma}"
    of_objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if of_objects and f"{lemma} of {_lemma(of_objects[0])}" in table:
        key = f"{lemma} of {_lemma(of_objects[0])}"
    prep = next((c.lower_ for c in token.children if c.dep_ == "prep" and f"{lemma} {c.lower_}" in table), None)
    if prep is not None:  # "his call for a ban": a request, not a phone call
        key = f"{lemma} {prep}"
    act = next((c for c in token.children if c.dep_ == "acl" and has_to(c)), None)  # "a promise to give"
    if act is not None and any(c.dep_ == "neg" for c in act.children) and f"{lemma} not" in table:
        key = f"{lemma} not"  # "its choice not to take part": a refusal
    if key not in table and token.lower_ not in table:
        return None
    etype, mode = table.get(key) or table[token.lower_]
    if _unmade(token, key):
        return None  # "the release of the ledgers": no prisoner freed
    licences = noun_licences(token, etype)
    if licences:  # "call for": its own sense; "a promise to give", "those promises": the act named, no roles needed
        return Trigger(token, etype, mode, nominal=True, key=key if key in table else "",
                       specific=bool(licences & SPECIFIC_LICENCES))
    return None


def noun_licences(token: Token, etype: str) -> set[str]:
    """What makes an event noun name a specific act: carried by a light verb, owned, in a time phrase,
    happening, its speaker or agent named, or its own argument. An article alone does not ("the meeting
    takes place", "the threat of terrorism": measured on the round-3 tune articles, 2026-12-01)."""
    head = token.head
    carried = token.dep_ == "dobj" and is_light_verb(head)
    owned = any(c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME") for c in token.children)  # not "Thursday's"
    framed = token.dep_ == "pobj" and head.lower_ in ("during", "after", "before", "since", "under")
    happening = token.dep_ == "nsubj" and _lemma(head) in patterns().happening_verbs  # "riots continued"
    verbal = etype in patterns().verbal_types  # a speech act's noun names its speaker: "by X", "X's"
    agented = verbal and any(c.dep_ == "prep" and c.lower_ in ("by", "from") and any(g.dep_ == "pobj" for g in c.children)
                  for c in token.children)  # "a records request by Judicial Watch", "criticism from rivals"
    named = verbal and named_modifier(token) is not None  # "an FBI investigation"
    preps = patterns().noun_argument_preps | patterns().typed_noun_preps.get(etype, frozenset())
    argued = any(c.dep_ == "prep" and c.lower_ in preps and any(
        g.dep_ in ("pobj", "pcomp") for g in c.children) for c in token.children)  # "an investigation into X"
    pointed = any(c.dep_ == "det" and c.lower_ in patterns().pointing_determiners for c in token.children)
    act = any(c.dep_ == "acl" and has_to(c) for c in token.children)  # "a promise to give"
    qualified = patterns().bare_event_nouns and _qualified(token)  # "a civil lawsuit", "informal talks"
    flags = {"carried": carried, "owned": owned, "framed": framed, "happening": happening, "agented": agented,
             "named": named, "argued": argued, "pointed": pointed, "act": act, "qualified": qualified}
    return {name for name, on in flags.items() if on}


SPECIFIC_LICENCES = frozenset({"pointed", "act", "qualified"})  # they name the act itself: no roles needed


def _unmade(token: Token, key: str) -> bool:
    """Does an object of the noun ("of", "on", "for", or a compound before it) unmake its sense, as it would
    the verb's ("the release of the report", "a news release", "an attack on his record", "a request for
    comment")? A sense done to people (``people``) needs someone named as its object or owner ("the
    prisoners' release", "the release of two journalists"; not "the band's latest release")."""
    sense = patterns().senses.get(key)
    if sense is None or not (sense.not_objects or sense.people):
        return False
    words = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
    words += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "for")
              for g in c.children if g.dep_ == "pobj"]
    if any(w.lemma_.lower() in sense.not_objects for w in words):
        return True
    words += [c for c in token.children if c.dep_ == "poss"]
    return sense.people and not any(someone(w) or w.lemma_.lower() in sense.objects for w in words)


def someone(tok: Token) -> bool:
    """Does the word name someone: a person, group or country by name, a noun for people, a pronoun for
    people (not "it", "something")?"""
    if tok.pos_ == "PRON":
        return reference_words().pronouns.get(tok.lower_) in ("person", "plural", "speaker")
    return tok.lemma_.lower() in patterns().people_nouns or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _qualified(token: Token) -> bool:
    """Does a modifier single the act out ("a civil lawsuit", "informal discussions", "an inspector general
    investigation")? A bare noun ("the gifts were wrapped", "promises add up") may name a thing or a kind of act."""
    return any(c.dep_ in ("amod", "compound", "nmod") and c.i < token.i and c.ent_type_ not in ("DATE", "TIME")
               for c in token.children)
