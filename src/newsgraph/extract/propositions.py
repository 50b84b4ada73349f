"""Are a counter-statement and a claim about the same thing? The one test, within and across articles.

A statement's ``Proposition`` is read from its parse: its **predicates** (the verb of the content's
clause, or of a nominal content its head noun, with the verbs it chains to by "to"/"that" clauses), its
**participants** (the heads of their subjects and objects) and the **names** in it (proper nouns and
nationalities). A counter disputes a claim when they share a predicate ("denied that the harbour had been
sold" / "sold the harbour") or a participant in the core of both ("bases ... to host Russian forces" /
"facilities to set up military bases"), with some support besides (a shared name, a second core word or
three shared words). Two statements that share only a place, or words that one of them has in a
modifier ("the cause of the Varn fire" / "the fire destroyed the Varn warehouse"), are not the same
proposition. ``disputed`` returns the words that name what is in dispute.

Words are compared as ``words.keywords`` compares them (stems, five-letter prefixes); the predicates of
one group of ``data/propositions.yaml`` ("shut", "close", "open") count as one. Within an article
the article's parse is read (``of_tokens``); across articles the content text is parsed on demand
(``of_text``, cached), only for a counter and the claims it may answer.
"""

from __future__ import annotations

from collections.abc import Iterable
import functools
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.words import CLAIM_IGNORE_WORDS, claim_words, keywords, same_word, shared_words, stem

_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "acomp"}
_CHAINS = {"xcomp", "ccomp", "conj"}
_NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_LIGHT = {"be", "have", "do", "get", "make", "take", "will", "would", "can", "could", "may", "might", "must"}


@dataclass(frozen=True)
class Proposition:
    predicates: frozenset[str]  # the main verbs (a nominal content: its head noun), with their chained verbs
    participants: frozenset[str]  # the heads of their subjects and objects
    names: frozenset[str]
    words: frozenset[str]

    @property
    def core(self) -> frozenset[str]:
        return self.predicates | self.participants


@dataclass(frozen=True)
class PropositionWords:
    predicate_groups: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=1)
def proposition_words() -> PropositionWords:
    from newsgraph.resources import load_yaml

    groups = load_yaml("propositions.yaml").get("predicate_groups") or {}
    return PropositionWords({str(k): frozenset(stem(str(w)) for w in v) for k, v in groups.items()})


@functools.lru_cache(maxsize=1)
def _group_of() -> dict[str, str]:
    """stem -> the key of its predicate group ("shut" -> "~open"): one key the matching compares exactly."""
    return {w: f"~{name}" for name, words in proposition_words().predicate_groups.items() for w in words}


def _key(word: str) -> str | None:
    word = word.lower()
    if len(word) <= 3 or word in CLAIM_IGNORE_WORDS or not any(ch.isalpha() for ch in word):
        return None
    return stem(word)


def _keys(tok: Token) -> set[str]:
    keys = {k for k in (_key(tok.text), _key(tok.lemma_)) if k}
    groups = _group_of()
    return keys | {groups[k] for k in keys if k in groups}


def as_written(stems: list[str], text: str) -> list[str]:
    """The words of ``text`` for the stems (``"rated"``, not the stem ``"rat"``); a stem not in it stays."""
    forms: dict[str, str] = {}
    for word in claim_words(text):
        forms.setdefault(stem(word), word.lower())
    return [forms.get(s, s) for s in stems]


def _through_partitive(tok: Token) -> Token:
    """ "a handful of air bases" -> bases: a quantity word gives way to what it counts."""
    from newsgraph.extract.events.patterns import patterns

    if tok.lemma_.lower() in patterns().partitive_nouns or tok.pos_ == "NUM":
        of_obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"), None)
        if of_obj is not None:
            return of_obj
    return tok


def of_tokens(tokens: Iterable[Token]) -> Proposition:
    """The proposition of a content span, from the article's parse."""
    tokens = [t for t in tokens if not t.is_space]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if (t.head.i == t.i or t.head.i not in inside) and not t.is_punct
             and t.dep_ not in ("mark", "cc", "punct", "det", "neg", "aux", "auxpass", "advmod")]
    predicates: set[str] = set()
    participants: set[str] = set()
    todo = [(h, 0) for h in heads[:2]]
    seen: set[int] = set()
    while todo:
        tok, depth = todo.pop()
        if tok.i in seen or tok.i not in inside or depth > 3:
            continue
        seen.add(tok.i)
        if tok.lemma_.lower() not in _LIGHT:
            predicates.update(_keys(tok))
        for child in tok.children:
            if child.i not in inside:
                continue
            if child.dep_ in _ARGUMENTS:
                arg = _through_partitive(child)
                if arg.pos_ not in ("PRON", "DET"):
                    participants.update(_keys(arg))
                if child.dep_ in ("attr", "oprd", "acomp"):
                    todo.append((child, depth + 1))
                # "facilities to set up bases", "the plan that would close ...": what the object is for
                todo.extend((c, depth + 1) for c in arg.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB")
            elif child.dep_ in _CHAINS:
                todo.append((child, depth + 1))
            elif child.dep_ == "prep" and tok.pos_ in ("VERB", "AUX"):
                # "planning on reaching an agreement": the verb the preposition introduces is chained;
                # "crossed into Kessel": a named object of the main verb's preposition is a participant
                todo.extend((o, depth + 1) for o in child.children if o.dep_ == "pcomp" and o.pos_ == "VERB")
                if depth == 0:
                    participants.update(k for o in child.children if o.dep_ == "pobj" and o.pos_ == "PROPN"
                                        for k in _keys(o))
    names = {k for t in tokens if t.pos_ == "PROPN" or t.ent_type_ in _NAME_TYPES
             or t.is_title and not t.is_sent_start and t.pos_ in ("ADJ", "NOUN") for k in _keys(t)}
    groups = _group_of()
    words = keywords(" ".join(t.text for t in tokens)) | {k for t in tokens for k in _keys(t)}
    words |= {groups[k] for k in words if k in groups}
    return Proposition(frozenset(predicates), frozenset(participants - predicates), frozenset(names), frozenset(words))


_PARSED: dict[str, Proposition] = {}
_PARSED_LIMIT = 20000


def of_texts(texts: Iterable[str]) -> dict[str, Proposition]:
    """The propositions of statements given as text, each parsed on its own, in one batch (remembered)."""
    from newsgraph.nlp import get_nlp

    todo = sorted({t for t in texts if t not in _PARSED})
    if len(_PARSED) + len(todo) > _PARSED_LIMIT:
        _PARSED.clear()
    nlp = get_nlp()
    skip = [name for name in ("ner", "entity_ruler") if name in nlp.pipe_names]  # names are read from the tags
    for text, doc in zip(todo, nlp.pipe(todo, batch_size=256, disable=skip)):
        _PARSED[text] = of_tokens(doc)
    return _PARSED


def of_text(text: str) -> Proposition:
    """The proposition of one statement given as text."""
    return _PARSED[text] if text in _PARSED else of_texts([text])[text]


def disputed(counter: Proposition, claim: Proposition) -> list[str] | None:
    """The words naming what is disputed when the two address the same proposition, else None: a predicate
    of one found in the other, or a participant in the core of both; and besides, a shared name, a second
    shared core word or three shared words. Names alone, or participants only one side has in its core
    ("the cause of the warehouse fire" / "the fire destroyed the warehouse"), are not the same thing."""
    predicate = set(shared_words(counter.predicates, claim.words)) | set(shared_words(claim.predicates, counter.words))
    participant = set(shared_words(counter.participants, claim.core)) | set(shared_words(claim.participants, counter.core))
    names = set(shared_words(counter.names, claim.names)) | set(shared_words(claim.names, counter.names))
    about = (predicate | participant) - names
    if not about:
        return None
    core = set(shared_words(counter.core, claim.words)) | set(shared_words(claim.core, counter.words))
    if not (names or len(core) >= 2 or len(shared_words(counter.words, claim.words)) >= 3):
        return None
    return _distinct(sorted(about)) + _distinct(sorted(core - about - names))


def _distinct(stems: list[str]) -> list[str]:
    """One of each loosely-same pair ("arriv" from "arrived", "arrive" from its lemma); group keys
    ("~open") are shown by their name when no word of the group is."""
    out: list[str] = []
    for s in sorted(stems, key=lambda w: w.startswith("~")):
        if s.startswith("~"):
            if any(_group_of().get(t) == s for t in out):
                continue
            s = s[1:]
        if not any(same_word(s, t) or t.startswith(s) or s.startswith(t) for t in out):
            out.append(s)
    return out
