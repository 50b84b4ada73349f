"""Who is this noun phrase? Names and CAMEO-style codes for event actors and targets.

An actor's name comes, in order, from: the entity linker's entities (by mention offsets), a
pronoun or "the latter" resolved to an earlier person/group, an organisation named inside a
generic phrase ("a source in the LNA", "Hamas fighters", later "the fighters"), a spaCy entity,
else the noun phrase itself. Its code is a country (``countries.tsv``: names, adjectives,
metonyms) plus a sector (``actors.tsv``: titles and group words), or a named actor's full code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Actor, Entity
from newsgraph.resources import load_tsv
from newsgraph.words import GENDER_WORDS

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SOURCE_NOUNS = {"source", "sources", "member", "members", "insider", "insiders"}
GENERIC_HEADS = {"fighter", "militant", "gunman", "force", "troop", "soldier", "official", "member",
                 "leader", "supporter", "loyalist", "member", "unit", "wing", "commander", "spokesman",
                 "spokesperson", "delegation", "army", "militia", "police", "rebel"}
MALE_FEMALE = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
NEUTER = {"it", "its", "itself"}
CUT_DEPS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"}


@functools.lru_cache(maxsize=1)
def _country_words() -> tuple[dict[str, str], dict[str, str]]:
    """lower-cased name/alias/adjective/metonym -> ISO3; ISO3 -> country name."""
    words: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in load_tsv("countries.tsv"):
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
    for row in load_tsv("actors.tsv"):
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
        self._genders: dict[str, str] | None = None
        self.entities = tuple(entities)
        self._by_char: dict[int, Entity] = {}
        for entity in self.entities:
            for m in entity.mentions:
                for c in range(m.start, m.end):
                    self._by_char[c] = entity
        self._long_names = self._person_full_names()

    # --- naming -------------------------------------------------------------------------

    def is_outlet(self, token: Token) -> bool:
        """Is this the publishing outlet ('told the Harbour Ledger')? It hears, it does not take part."""
        if not self.outlet:
            return False
        text = " ".join(t.text for t in np_tokens(token)).lower()
        return bool(text) and (text == self.outlet or text.removeprefix("the ") == self.outlet.removeprefix("the "))

    def entity_type(self, token: Token) -> str | None:
        entity = self._entity_at(token)
        return entity.type if entity is not None else None

    def actor(self, head: Token | None) -> Actor | None:
        if head is None:
            return None
        if head.lower_ in MALE_FEMALE | PLURAL | NEUTER or head.lower_ in ("latter", "former"):
            resolved = self.resolve_pronoun(head)
            return resolved[0] if resolved else None
        if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
            return self.actor(head.head.head)
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
        """Like ``actor`` but a pronoun for a group ('they') gives every member."""
        if head is None:
            return []
        if head.lower_ in PLURAL:
            return self.resolve_pronoun(head)
        one = self.actor(head)
        return [one] if one else []

    def _from_phrase(self, head: Token) -> Actor:
        toks = np_tokens(head) or [head]
        text = self.doc[toks[0].i : toks[-1].i + 1].text  # Doc.text would rebuild the article's string
        entity = self._entity_at(head)
        if entity is not None:
            return Actor(entity.name, entity.id, self._entity_code(entity, text))
        ent = self._doc_ent(head)
        if ent is not None and ent.label_ in ACTOR_LABELS:
            name = self._long_names.get(ent.text, ent.text) if ent.label_ == "PERSON" else _strip_the(ent.text)
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
                for earlier in reversed(list(self.doc[: head.i])):
                    if earlier.lemma_ == head.lemma_ and earlier.i != head.i:
                        for child in earlier.children:
                            if child.dep_ in ("compound", "nmod") and self._is_org(child):
                                base = self._from_phrase(child)
                                return Actor(base.name, base.entity_id, code_for(base.name + " " + head.text))
        return None

    def _is_org(self, token: Token) -> bool:
        entity = self._entity_at(token)
        if entity is not None:
            return entity.type in ("ORG", "NORP")
        ent = self._doc_ent(token)
        if ent is not None and ent.label_ in ("ORG", "NORP"):
            return True
        return token.text.lower() in _dictionary()[0]

    def _entity_at(self, token: Token) -> Entity | None:
        return self._by_char.get(token.idx)

    def _doc_ent(self, token: Token) -> Span | None:
        if token.ent_iob_ == "O":
            return None
        for ent in self.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
        return None

    def _entity_code(self, entity: Entity, text: str) -> str | None:
        return code_for(entity.name, (text, *entity.roles, *entity.aliases))

    def _person_full_names(self) -> dict[str, str]:
        """'Haftar' -> 'Khalifa Haftar' when the article named him in full earlier."""
        full: dict[str, str] = {}
        persons = [e.text for e in self.doc.ents if e.label_ == "PERSON"]
        for name in persons:
            parts = name.split()
            if len(parts) >= 2:
                full.setdefault(parts[-1], name)
        return full

    # --- pronouns -----------------------------------------------------------------------

    def resolve_pronoun(self, pron: Token) -> list[Actor]:
        """he/him/his -> the latest person subject; they -> the latest group of people; it -> an organisation."""
        low = pron.lower_
        sent = pron.sent
        if low in ("latter", "former"):
            people = [t for t in self._name_heads(sent.start, pron.i)]
            if len(people) >= 2:
                return [self.actor(people[-1] if low == "latter" else people[-2])]
            return []
        if low in MALE_FEMALE:
            if pron.dep_ == "poss":  # "his talks ..., Haftar met": the sentence's own subject
                subj = self._sentence_subject(sent)
                if subj is not None and subj.i != pron.i and self._kind(subj) == "PERSON":
                    return [self.actor(subj)]
            exclude = set()
            if pron.dep_ in ("dobj", "pobj", "dative"):  # "He urged her": her is not whoever he is
                subj = self._clause_subject(pron)
                if subj is not None and subj.lower_ in MALE_FEMALE:
                    exclude.update(a.name for a in self.resolve_pronoun(subj))
                else:
                    exclude.add(self._key(subj))
            wanted = "female" if low in ("she", "her", "hers", "herself") else "male"
            for cand in self._candidates(pron, "PERSON"):
                actor = self.actor(cand)
                if actor and actor.name not in exclude and self._gender(actor.name) in (None, wanted):
                    return [actor]
            return []
        if low in PLURAL:
            group = self._latest_group(pron)
            if group:
                return [a for a in (self.actor(t) for t in group) if a]
            for cand in self._candidates(pron, "PLURAL"):
                return [self.actor(cand)]
            return []
        for cand in self._candidates(pron, "ORG"):
            return [self.actor(cand)]
        return []

    def _gender(self, name: str) -> str | None:
        """'male' / 'female' when the article shows it (titles, role words, pronouns after the name)."""
        if self._genders is None:
            from newsgraph.extract.attribution.gender import person_genders

            mentions = {(e.start, e.end): self._long_names.get(e.text, e.text) for e in self.doc.ents if e.label_ == "PERSON"}
            for entity in self.entities:
                if entity.type == "PERSON":
                    for m in entity.mentions:
                        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                        if span is not None:
                            mentions[(span.start, span.end)] = entity.name
            ordered = sorted((start, end, name) for (start, end), name in mentions.items())
            self._genders = person_genders(self.doc, ordered, GENDER_WORDS)
        names = {name, self._long_names.get(name, name)}
        return next((self._genders[n] for n in names if n in self._genders), None)

    def _key(self, token: Token | None) -> str | None:
        if token is None or token.lower_ in MALE_FEMALE | PLURAL | NEUTER:
            return None
        actor = self.actor(token)
        return actor.name if actor else None

    def _clause_subject(self, token: Token) -> Token | None:
        for anc in [token, *token.ancestors]:
            for child in anc.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != token.i:
                    return child
        return None

    def _sentence_subject(self, sent: Span) -> Token | None:
        for child in sent.root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        return None

    def _kind(self, token: Token) -> str | None:
        entity = self._entity_at(token)
        if entity is not None:
            return entity.type
        ent = self._doc_ent(token)
        if ent is not None:
            return ent.label_
        if token.tag_ in ("NNS", "NNPS"):
            return "PLURAL"
        return None

    def _name_heads(self, start: int, end: int) -> list[Token]:
        heads = []
        for ent in self.doc.ents:
            if start <= ent.start and ent.end <= end and ent.label_ in ("PERSON", "ORG"):
                heads.append(ent.root)
        return heads

    def _candidates(self, pron: Token, kind: str):
        """Earlier subjects (then any mentions) of the wanted kind, nearest first."""
        doc = self.doc
        window_start = max(0, pron.sent.start - 120)
        before = doc[window_start: pron.i]
        subjects = [t for t in reversed(before) if t.dep_ in ("nsubj", "nsubjpass")]
        others = [t for t in reversed(before) if t.dep_ not in ("nsubj", "nsubjpass")]
        for group in (subjects, others):
            for tok in group:
                if tok.lower_ in MALE_FEMALE | PLURAL | NEUTER:
                    continue
                k = self._kind(tok)
                if kind == "PERSON" and k == "PERSON":
                    yield tok
                elif kind == "ORG" and k in ("ORG", "GPE", "NORP"):
                    yield tok
                elif kind == "PLURAL" and (k == "PLURAL" or k in ("ORG", "NORP")):
                    yield tok

    def _latest_group(self, pron: Token) -> list[Token]:
        """The latest coordination of two or more people before the pronoun ('met A and B. They ...')."""
        sents = [s for s in self.doc.sents if s.end <= pron.sent.start][-2:]
        for sent in reversed(sents):
            for branch in sent.root.children:
                sub = list(branch.subtree)
                if branch.dep_ in ("nsubj", "nsubjpass") or not any(t.dep_ == "cc" for t in sub):
                    continue
                people = [e.root for e in sent.ents if e.label_ == "PERSON" and sub[0].i <= e.start and e.end <= sub[-1].i + 1]
                if len(people) >= 2:
                    return people
        return []


@functools.lru_cache(maxsize=1)
def _carrier_nouns() -> frozenset[str]:
    from newsgraph.extract.events.patterns import patterns

    return patterns().carrier_nouns


def _strip_the(text: str) -> str:
    return re.sub(r"^(the|The)\s+", "", text)
