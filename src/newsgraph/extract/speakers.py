"""Who is speaking? Speaker phrases, what they refer to (pronouns, descriptions, unnamed sources).

No coreference model is available, so reference is resolved by rules: a pronoun takes the most
recent compatible speaker or main-clause subject before it; "the fighters" takes the most recent
name that headed the same noun ("Hamas fighters" -> Hamas); a short name takes the full name seen
earlier ("Haftar" -> "Khalifa Haftar"); an unnamed source resolves to its own description and
keeps its affiliation ("a source close to Haftar" -> affiliation "Khalifa Haftar").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution_lexicon import Lexicon, lexicon
from newsgraph.model import Entity

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_RELATIVE = {"who", "which", "that", "whom"}
_DETERMINERS = ("the ", "The ")


@dataclass(frozen=True)
class Referent:
    """What a speaker phrase stands for."""

    name: str | None
    kind: str  # person | thing | either
    plural: bool = False
    anonymous: bool = False
    affiliation: str | None = None
    entity_id: str | None = None
    via: str | None = None
    head_lemma: str = ""


@dataclass(frozen=True)
class NameInfo:
    name: str
    label: str
    entity_id: str | None = None


class Names:
    """Names in one article: entity mentions (given or spaCy's) and short forms of full names."""

    def __init__(self, doc: Doc, entities: tuple[Entity, ...]) -> None:
        self.by_token: dict[int, NameInfo] = {}
        self.alias: dict[str, NameInfo] = {}
        for ent in doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            name = _strip_det(ent.text)
            info = NameInfo(name, ent.label_)
            for tok in ent:
                self.by_token.setdefault(tok.i, info)
            if ent.label_ == "PERSON" and len(ent) >= 2:
                self.alias.setdefault(ent[-1].text.lower(), info)
            if ent.label_ != "PERSON":
                self.alias.setdefault(name.lower(), info)
            after = doc[ent.end : ent.end + 3]
            if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text.isupper():
                self.alias.setdefault(after[1].text.lower(), info)  # "Libyan National Army (LNA)"
        if entities:
            starts = {tok.idx: tok.i for tok in doc}
            for entity in entities:
                info = NameInfo(entity.name, entity.type, entity.id)
                for form in (entity.name, *entity.aliases):
                    self.alias[form.lower()] = info
                for mention in entity.mentions:
                    i = starts.get(mention.start)
                    while i is not None and i < len(doc) and doc[i].idx < mention.end:
                        self.by_token[i] = info
                        i += 1

    def canonical(self, text: str) -> NameInfo | None:
        return self.alias.get(_strip_det(text).lower())

    def of_token(self, tok: Token) -> NameInfo | None:
        info = self.by_token.get(tok.i)
        if info is not None and info.label == "PERSON" and " " not in info.name:
            return self.alias.get(info.name.lower(), info)  # "Haftar" -> "Khalifa Haftar"
        return info

    def name_of_phrase(self, start: int, end: int, doc: Doc) -> str:
        """Canonical name of a phrase when it is (or names) a known entity, else the phrase minus parentheses."""
        text = _strip_parenthetical(doc[start:end].text)
        known = self.canonical(text)
        if known:
            return known.name
        if end - start == 1 and doc[start].i in self.by_token:
            return self.of_token(doc[start]).name  # type: ignore[union-attr]
        return _strip_det(text)


def _strip_det(text: str) -> str:
    for det in _DETERMINERS:
        if text.startswith(det):
            return text[len(det) :]
    return text


def _strip_parenthetical(text: str) -> str:
    if text.endswith(")") and " (" in text:
        return text[: text.rindex(" (")]
    return text


def speaker_head(cue: Token) -> tuple[Token | None, bool]:
    """The head token of who utters ``cue``, and whether the phrase is an expletive/absent subject."""
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            if child.dep_ == "nsubjpass":
                agent = _agent(cue)
                if agent is not None:
                    return agent, False
                if child.lower_ in ("it", "this"):
                    return None, True
            if child.lower_ in _RELATIVE and cue.dep_ == "relcl":
                return cue.head, False
            return child, False
    agent = _agent(cue)
    if agent is not None:
        return agent, False
    if any(c.dep_ == "ccomp" and c.i < cue.i for c in cue.children):
        # '"...," reported the Ledger': an inverted subject parsed as an object
        for child in cue.children:
            if child.dep_ in ("dobj", "attr", "npadvmod") and child.i > cue.i and child.pos_ in ("PROPN", "NOUN"):
                return child, False
    if cue.head is not cue and (cue.dep_ in ("conj", "xcomp") or (cue.dep_ == "advcl" and cue.tag_ == "VBG")):
        return speaker_head(cue.head)  # "... and blames", "declined to comment", "..., adding that"
    if cue.dep_ in ("acl", "relcl") and cue.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return cue.head, False
    return None, False


def _agent(cue: Token) -> Token | None:
    for child in cue.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``, cut at the first comma after the head
    (dropping appositions and clauses set off by commas) and never running into quote marks."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    doc = head.doc
    for i in range(head.i + 1, end):
        if doc[i].text in (",", ";", "—", "–") or doc[i].is_quote or doc[i].is_space:
            end = i
            break
    for i in range(head.i - 1, start - 1, -1):
        if doc[i].is_quote or doc[i].is_space or doc[i].text in (",", ";", ":"):
            start = i + 1
            break
    while start < head.i and (doc[start].is_punct and doc[start].text not in ("(",)):
        start += 1
    return start, end


class Resolver:
    """Describes speaker phrases and resolves pronouns and descriptions against earlier mentions."""

    def __init__(self, doc: Doc, names: Names, lex: Lexicon | None = None) -> None:
        self.doc = doc
        self.names = names
        self.lex = lex or lexicon()
        self.history: list[tuple[int, Referent]] = []  # (token index, referent), in text order

    def remember(self, position: int, referent: Referent) -> None:
        self.history.append((position, referent))

    def subject_referent(self, head: Token) -> Referent | None:
        """A main-clause subject as a candidate antecedent (pronouns are skipped)."""
        if head.pos_ == "PRON" or head.lower_ in self.lex.pronouns:
            return None
        start, end = phrase_bounds(head)
        return self.describe(head, start, end, sentence_text=head.sent.text)

    def describe(self, head: Token, start: int, end: int, sentence_text: str = "") -> Referent:
        """The referent of the phrase ``doc[start:end]`` headed by ``head``."""
        lex = self.lex
        pronoun = lex.pronouns.get(head.lower_)
        if pronoun is not None and end - start == 1:
            return self.resolve_pronoun(head, pronoun)
        plural = head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)
        named = self._named(head)
        lemma = head.lemma_.lower()
        if named is not None:
            kind = "person" if named.label == "PERSON" else "thing"
            return Referent(named.name, kind, plural and kind != "person", entity_id=named.entity_id, head_lemma=lemma)
        text = self.doc[start:end].text
        anonymous = (lemma in lex.anonymous_heads or head.lower_ in lex.anonymous_heads) and head.pos_ != "PROPN"
        lowered = sentence_text.lower()
        if not anonymous and any(marker in lowered for marker in lex.anonymity_markers) and head.pos_ != "PROPN":
            anonymous = True
        kind = "person" if lemma in lex.person_nouns else "thing"
        if lemma in ("source", "sources"):
            kind = "either"
        if anonymous:
            definite = self.doc[start].lower_ in ("the", "that", "this")
            if definite:
                earlier = self._earlier_anonymous(lemma)
                if earlier is not None:
                    return earlier
            return Referent(text, kind, plural, anonymous=True, affiliation=self._affiliation(head), head_lemma=lemma)
        if self.doc[start].lower_ in ("the", "these", "those") and head.pos_ == "NOUN":
            owner = self._named_owner(head)
            if owner is not None:
                return Referent(owner.name, "thing", plural, entity_id=owner.entity_id, head_lemma=lemma)
        return Referent(_strip_det(text), kind, plural, head_lemma=lemma)

    def resolve_pronoun(self, tok: Token, kind: str) -> Referent:
        if kind == "speaker":
            return Referent(None, "person")
        for position, ref in reversed(self.history):
            if position >= tok.i or ref.name is None:
                continue
            if _compatible(kind, ref):
                return ref
        return Referent(None, "person" if kind == "person" else "thing", kind == "plural")

    def _named(self, head: Token) -> NameInfo | None:
        """A name the phrase is about: the head itself or a name in apposition/compound with it."""
        info = self.names.of_token(head)
        if info is not None:
            return info
        for child in head.children:
            if child.dep_ in ("appos",) and child.i > head.i:
                info = self.names.of_token(child)
                if info is not None and info.label == "PERSON":
                    return info
        if head.pos_ == "PROPN":
            known = self.names.canonical(head.text)
            if known:
                return known
        return None

    def _affiliation(self, head: Token) -> str | None:
        doc = self.doc
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in self.lex.affiliation_preps:
                obj = _pobj(child)
                if obj is not None:
                    return self.names.name_of_phrase(obj.left_edge.i, _trim_right(obj), doc)
            if child.dep_ in ("amod", "advmod", "acl") and child.lower_ in self.lex.affiliation_preps:
                for grand in child.children:
                    if grand.dep_ == "prep":
                        obj = _pobj(grand)
                        if obj is not None:
                            return self.names.name_of_phrase(obj.left_edge.i, _trim_right(obj), doc)
        for child in head.children:
            if child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN":
                start = child.left_edge.i
                return self.names.name_of_phrase(start, child.i + 1, doc)
        return None

    def _earlier_anonymous(self, lemma: str) -> Referent | None:
        singular = lemma.rstrip("s")
        for _, ref in reversed(self.history):
            if ref.anonymous and ref.head_lemma.rstrip("s") == singular:
                return ref
        return None

    def _named_owner(self, head: Token) -> NameInfo | None:
        """ "the fighters" -> the name that headed the same noun earlier ("Hamas fighters")."""
        lemma = head.lemma_.lower()
        for tok in reversed(self.doc[: head.i]):
            if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN":
                continue
            for child in tok.children:
                if child.dep_ in ("compound", "nmod", "amod", "poss") and child.pos_ == "PROPN":
                    info = self.names.of_token(child)
                    return info or NameInfo(child.text, "ORG")
        return None


def _compatible(kind: str, ref: Referent) -> bool:
    if kind == "person":
        return ref.kind in ("person", "either") and not ref.plural
    if kind == "thing":
        return ref.kind in ("thing", "either") and not ref.plural
    if kind == "plural":
        return ref.plural or (ref.kind == "thing" and not ref.anonymous)
    return True


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp"):
            return child
        if child.dep_ == "prep":
            inner = _pobj(child)
            if inner is not None:
                return inner
    return None


def _trim_right(tok: Token) -> int:
    end = tok.right_edge.i + 1
    doc = tok.doc
    for i in range(tok.i + 1, end):
        if doc[i].text in (",", ";") or doc[i].is_quote:
            return i
    return end
