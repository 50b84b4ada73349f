"""Who is this noun phrase, as an event actor or target? Names and CAMEO-style codes.

What a pronoun, "the latter" or "the fighters" refers to is asked of the article's reference
service (``extract.reference``), the same one quote speakers use, so one mention has one referent
in both. What is left here is event-specific: an organisation named inside a generic phrase ("a
source in the LNA", "Hamas fighters", "a convoy of trucks from the Red Cross"), the publishing
outlet (it hears, it does not act), and the code: a country (``places/countries.tsv``: names,
adjectives, metonyms) plus a sector (``events/actors.tsv``: titles and group words), or a named actor's
full code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.events.petrarch import dictionary_actor, dictionary_sector
from newsgraph.extract.reference import Referent, references
from newsgraph.model import Actor, Entity
from newsgraph.resources import load_tsv

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SOURCE_NOUNS = {"source", "sources", "member", "members", "insider", "insiders"}
GENERIC_HEADS = {"fighter", "militant", "gunman", "force", "troop", "soldier", "official", "member",
                 "leader", "supporter", "loyalist", "member", "unit", "wing", "commander", "spokesman",
                 "spokesperson", "delegation", "army", "militia", "police", "rebel"}
_BACK_REFERENCES = ("latter", "former")
CUT_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"}


@functools.lru_cache(maxsize=1)
def _country_words() -> tuple[dict[str, str], dict[str, str]]:
    """lower-cased name/alias/adjective/metonym -> ISO3; ISO3 -> country name."""
    words: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in load_tsv("places/countries.tsv"):
        names[row["iso3"]] = row["name"]
        for col in ("name", "aliases", "adjectives", "metonyms"):
            for w in row.get(col, "").split("|"):
                if w.strip():
                    words.setdefault(w.strip().lower(), row["iso3"])
    return words, names


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], dict[str, str]]:
    actors: dict[str, str] = {}
    sectors: dict[str, str] = {}
    for row in load_tsv("events/actors.tsv"):
        target = actors if row.get("kind") == "actor" else sectors
        target[row["pattern"].lower()] = row["code"]
    return actors, sectors


@functools.lru_cache(maxsize=1)
def _phrase_regex() -> re.Pattern[str]:
    countries, _ = _country_words()
    actors, sectors = _dictionary()
    phrases = sorted({*countries, *actors, *sectors}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(re.escape(p) for p in phrases), re.I)


def country_name(iso3: str) -> str | None:
    return _country_words()[1].get(iso3)


def code_for(text: str, extra: Sequence[str] = ()) -> str | None:
    """CAMEO-style code of a phrase: a named actor's code, or country + sector."""
    countries, _ = _country_words()
    actors, sectors = _dictionary()
    named: str | None = None
    country: str | None = None
    sector: str | None = None
    for phrase in (text, *extra):
        for m in _phrase_regex().finditer(phrase):
            word = m.group(1).lower()
            if word in actors and named is None:
                named = actors[word]
            elif word in countries and country is None and not (word in ("us", "u.s.") and m.group(1).islower()):
                country = countries[word]
            elif word in sectors and sector is None:
                sector = sectors[word]
    if named is None and country is None:  # the field's dictionaries, where ours name no one
        named = dictionary_actor(text, *extra)
    if sector is None and (named or country):
        sector = dictionary_sector(text, *extra)
    if named:
        if len(named) == 3 and sector and named not in ("IGO", "NGO"):
            return named + sector
        return named
    if country:
        return country + (sector or "")
    return sector


def strip_det(tokens: Sequence[Token]) -> list[Token]:
    toks = list(tokens)
    while toks and (toks[0].dep_ in ("det", "punct", "predet") or toks[0].tag_ == "POS"):
        toks = toks[1:]
    while toks and (toks[-1].dep_ in ("punct", "case") or toks[-1].tag_ == "POS"):
        toks = toks[:-1]
    return toks


def np_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head``: its left modifiers, plus an 'of' phrase, without clauses."""
    keep = {head.i}
    for child in head.children:
        if child.i < head.i and child.dep_ not in CUT_DEPS:
            keep.update(t.i for t in child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
            cut = {t.i for obj in child.children for c in obj.conjuncts if c.i > obj.i and c.pos_ == "PROPN"
                   and any(d.dep_ == "det" for d in c.children) for t in [*c.subtree, *(x for x in obj.children if x.dep_ == "cc")]}
            keep.update(t.i for t in child.subtree if not _in_clause_below(t, child) and t.i not in cut)
        elif child.dep_ == "conj" and head.dep_ == "pobj" and head.head.lower_ == "of":
            keep.update(t.i for t in child.subtree)
            keep.update(t.i for t in head.children if t.dep_ == "cc")
    doc = head.doc
    lo, hi = min(keep), max(keep)
    return strip_det([doc[i] for i in range(lo, hi + 1)])


def _in_clause_below(token: Token, top: Token) -> bool:
    t = token
    while t != top and t.head != t:
        if t.dep_ in ("relcl", "acl", "advcl"):
            return True
        t = t.head
    return False


class ActorResolver:
    """Names and codes actors for one parsed article."""

    def __init__(self, doc: Doc, entities: Sequence[Entity] = (), outlet: str | None = None) -> None:
        self.doc = doc
        self.outlet = (outlet or "").lower()
        self.refs = references(doc, entities)
        self.names = self.refs.names

    # --- naming -------------------------------------------------------------------------

    def is_outlet(self, token: Token) -> bool:
        """Is this the publishing outlet ('told the Harbour Ledger')? It hears, it does not take part."""
        if not self.outlet:
            return False
        text = " ".join(t.text for t in np_tokens(token)).lower()
        return bool(text) and (text == self.outlet or text.removeprefix("the ") == self.outlet.removeprefix("the "))

    def entity_type(self, token: Token) -> str | None:
        entity = self.names.entity_at(token)
        return entity.type if entity is not None else None

    def actor(self, head: Token | None) -> Actor | None:
        if head is None:
            return None
        if self._refers(head):
            found = self.actors(head)
            return found[0] if found else self._unresolved(head)
        if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
            return self.actor(head.head.head)
        if head.dep_ == "appos" and head.pos_ == "NOUN" and head.head.pos_ == "PROPN":
            return self.actor(head.head)  # "Cuban, the owner of the Mavericks who rebuffed ...": Cuban
        named = next((c for c in head.children if c.dep_ == "appos" and self._kind(c) == "PERSON"), None)
        if named is not None and self._kind(head) != "PERSON":  # "delegation leader Ida Holm"
            person = self._from_phrase(named)
            return Actor(person.name, person.entity_id,
                         person.code or code_for(self.doc[head.left_edge.i: named.i + 1].text))
        inner = self._named_inside(head)
        if inner is not None:
            return inner
        return self._from_phrase(head)

    def actors(self, head: Token | None) -> list[Actor]:
        """Like ``actor`` but a pronoun for a group ('they' after 'met A and B') gives every member."""
        if head is None:
            return []
        if not self._refers(head):
            one = self.actor(head)
            return [one] if one else []
        ref = self.refs.refer(head)
        if ref.members:
            return [a for a in (self._of_referent(m) for m in ref.members) if a]
        one = self._of_referent(ref)
        if one is None:
            unresolved = self._unresolved(head)
            return [unresolved] if unresolved else []
        return [one]

    def _refers(self, head: Token) -> bool:
        return head.lower_ in self.refs.words.pronouns or head.lower_ in _BACK_REFERENCES

    def _unresolved(self, head: Token) -> Actor | None:
        """ "we", "I", "you" with no referent stand for themselves; an unresolved "he" for nobody."""
        if self.refs.words.pronouns.get(head.lower_) == "speaker" or head.lower_ == "we":
            return self._from_phrase(head)
        return None

    def _of_referent(self, ref: Referent) -> Actor | None:
        """The actor a referent is: its entity under the entity's name, else the mention it was read from."""
        if ref.name is None:
            return None
        base = None
        if ref.token is not None and not self._refers(self.doc[ref.token]):
            base = self.actor(self.doc[ref.token])
        if ref.entity_id is not None or base is None:
            return Actor(ref.name, ref.entity_id, base.code if base is not None else code_for(ref.name))
        return base

    def _from_phrase(self, head: Token) -> Actor:
        toks = np_tokens(head) or [head]
        text = self.doc[toks[0].i : toks[-1].i + 1].text  # Doc.text would rebuild the article's string
        entity = self.names.entity_at(head)
        if entity is not None:
            return Actor(entity.name, entity.id, self._entity_code(entity, text))
        ent = self.names.spacy_entity(head)
        if ent is not None and ent.label_ in ACTOR_LABELS:
            if ent.label_ == "PERSON":
                full = self.names.full_name_before(ent.text, ent.start) if len(ent) == 1 else None
                name = full.name if full is not None else ent.text
            else:
                name = _strip_the(ent.text)
            if ent.label_ == "NORP" and len(toks) == 1:
                iso3 = code_for(ent.text)
                name = country_name(iso3[:3]) if iso3 and country_name(iso3[:3]) else name
            return Actor(name, None, code_for(text, (name,)))
        return Actor(text, None, code_for(text))

    def _named_inside(self, head: Token) -> Actor | None:
        """'a source in the LNA' -> LNA; 'Hamas fighters' -> Hamas; 'the fighters' -> earlier Hamas fighters."""
        if head.lower_ in SOURCE_NOUNS:
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "within", "of", "at", "inside"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj" and self._is_org(obj):
                            return self._from_phrase(obj)
        if head.lemma_.lower() in _carrier_nouns():  # "a convoy of trucks from the Red Cross"
            for tok in head.subtree:
                if tok.dep_ == "pobj" and tok.head.lower_ in ("from", "of", "by") and self._is_org(tok) \
                        and not _in_clause_below(tok, head):
                    return self._from_phrase(tok)
        if head.lemma_.lower() in GENERIC_HEADS:
            for child in head.children:
                if child.dep_ in ("compound", "nmod") and child.i < head.i and self._is_org(child):
                    base = self._from_phrase(child)
                    return Actor(base.name, base.entity_id, code_for(base.name + " " + head.text))
            has_det = any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children)
            if has_det and len(list(head.children)) == 1:
                owner = self.refs.owner(head)  # "the fighters": whoever's fighters were named before
                if owner is not None:
                    return Actor(owner.name, owner.entity_id, code_for(owner.name + " " + head.text))
        return None

    def _is_org(self, token: Token) -> bool:
        entity = self.names.entity_at(token)
        if entity is not None:
            return entity.type in ("ORG", "NORP")
        ent = self.names.spacy_entity(token)
        if ent is not None and ent.label_ in ("ORG", "NORP"):
            return True
        return token.text.lower() in _dictionary()[0]

    def _entity_code(self, entity: Entity, text: str) -> str | None:
        return code_for(entity.name, (text, *entity.roles, *entity.aliases))

    def _kind(self, token: Token) -> str | None:
        label = self.names.label(token)
        if label is not None:
            return label
        if token.tag_ in ("NNS", "NNPS"):
            return "PLURAL"
        return None


@functools.lru_cache(maxsize=1)
def _carrier_nouns() -> frozenset[str]:
    from newsgraph.extract.events.patterns import patterns

    return patterns().carrier_nouns


def _strip_the(text: str) -> str:
    return re.sub(r"^(the|The)\s+", "", text)
