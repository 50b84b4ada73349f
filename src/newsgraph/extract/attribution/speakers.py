"""Who is speaking? Speaker phrases, what they refer to (pronouns, descriptions, unnamed sources).

No coreference model is available, so reference is resolved by rules: a pronoun takes the most
recent compatible speaker or main-clause subject before it (number, and gender as the article
tells it: ``speaker_gender``), or a person named just before it; "the fighters" takes the most recent
name that headed the same noun ("Hamas fighters" -> Hamas); a short name takes the full name seen
earlier ("Haftar" -> "Khalifa Haftar"); an unnamed source resolves to its own description and
keeps its affiliation ("a source close to Haftar" -> affiliation "Khalifa Haftar").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.lexicon import Lexicon, lexicon
from newsgraph.extract.attribution.gender import person_genders, person_mentions
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
        self.doc = doc
        self._full_names: list[tuple[int, str, str]] | None = None
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

    def person_at(self, i: int) -> str | None:
        """Canonical name of the person whose name covers token ``i``."""
        info = self.by_token.get(i)
        if info is None or info.label != "PERSON":
            return None
        return self.of_token(self.doc[i]).name  # type: ignore[union-attr]

    def canonical(self, text: str) -> NameInfo | None:
        return self.alias.get(_strip_det(text).lower())

    def of_token(self, tok: Token) -> NameInfo | None:
        info = self.by_token.get(tok.i)
        if info is not None and info.label == "PERSON" and " " not in info.name:
            # "Haftar" -> "Khalifa Haftar"; with two Okafors, the one named last before this mention
            return self.full_name_before(info.name, tok.i) or self.alias.get(info.name.lower(), info)
        return info

    def full_name_before(self, short: str, position: int) -> NameInfo | None:
        """The last full person name before ``position`` that ends with ``short`` ("Okafor")."""
        if self._full_names is None:
            self._full_names = []
            for ent in self.doc.ents:
                if ent.label_ == "PERSON" and len(ent) >= 2:
                    self._full_names.append((ent.start, ent[-1].text.lower(), _strip_det(ent.text)))
        best = None
        for start, last, name in self._full_names:
            if start < position and last == short.lower():
                best = name
        if best is None:
            return None
        return self.alias.get(best.lower(), NameInfo(best, "PERSON"))

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
    if cue.head.i != cue.i and (cue.dep_ in ("conj", "xcomp") or (cue.dep_ == "advcl" and cue.tag_ == "VBG")):
        host = cue.head
        if cue.dep_ == "conj" and host.dep_ == "ccomp" and host.head.lemma_.lower() in lexicon().verbs:
            host = host.head  # "confirmed that it had opened an inquiry but declined to ...": the confirmer
        return speaker_head(host)  # "... and blames", "declined to comment", "..., adding that"
    if cue.dep_ in ("acl", "relcl") and cue.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return cue.head, False
    if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and cue.head.head.pos_ in ("VERB", "AUX"):
        # "drew fire for saying ...": the subject; "accused Trump of saying ...": the object
        verb = cue.head.head
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < cue.head.i), None)
        if obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
            return obj, False
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ not in _RELATIVE:
            return subj, False
        return speaker_head(verb) if verb.dep_ in ("conj", "xcomp", "advcl") else (None, False)
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
        self.learned: dict[str, Referent] = {}  # surname -> person named with a title but not tagged
        self.mentions = person_mentions(doc, names)
        self.genders = person_genders(doc, self.mentions, self.lex.gendered_words)
        self.sentence_of = {}
        for index, sent in enumerate(doc.sents):
            for tok in sent:
                self.sentence_of[tok.i] = index

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
            affiliation = self._affiliation(head) if head.pos_ == "NOUN" else None
            return Referent(named.name, kind, plural and kind != "person", affiliation=affiliation,
                            entity_id=named.entity_id, head_lemma=lemma)
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
        if head.pos_ == "PROPN":
            unrecognised = self._unrecognised_name(head, start)
            if unrecognised is not None:
                return unrecognised
        return Referent(_strip_det(text), kind, plural, head_lemma=lemma)

    def _unrecognised_name(self, head: Token, start: int) -> Referent | None:
        """A name the parser did not tag: "Councillor Ruben Hask" -> Ruben Hask (a person, by its title);
        a later "Hask" -> the full name learned from it."""
        k = head.i
        while k > start and self.doc[k - 1].pos_ == "PROPN" and self.doc[k - 1].dep_ == "compound":
            k -= 1
        words = list(self.doc[k : head.i + 1])
        titled = False
        while words and words[0].lower_ in self.lex.titles:
            words, titled = words[1:], True
        if not words:
            return None
        if k > start and self.doc[k - 1].lower_ in self.lex.titles:
            titled = True
        name = " ".join(t.text for t in words)
        if len(words) == 1 and name.lower() in self.learned:
            return self.learned[name.lower()]
        if not titled:
            return None
        ref = Referent(name, "person", head_lemma=head.lemma_.lower())
        if len(words) >= 2:
            self.learned.setdefault(words[-1].lower_, ref)
        return ref

    def resolve_pronoun(self, tok: Token, kind: str) -> Referent:
        """The most recent compatible subject or speaker (number, and gender where the article tells
        it); a person named in this or the previous sentence wins over a candidate further back, or
        over one whose gender is unknown when the person's gender matches ("Varga met envoy
        Piet Lindqvist. He urged her ...")."""
        if kind == "speaker":
            return Referent(None, "person")
        gender = self.lex.gendered_words.get(tok.lower_) if kind == "person" else None
        found: tuple[int, Referent] | None = None
        for position, ref in reversed(self.history):
            if position >= tok.i or ref.name is None:
                continue
            if _compatible(kind, ref) and self._gender_fits(ref.name, gender):
                found = (position, ref)
                break
        if kind == "person":
            mention = self._named_nearby(tok, gender)
            if mention is not None and (found is None or self._prefer_mention(mention, found, tok, gender)):
                return Referent(mention[2], "person", head_lemma=self.doc[mention[1] - 1].lemma_.lower())
        if found is not None:
            return found[1]
        return Referent(None, "person" if kind == "person" else "thing", kind == "plural")

    def _gender_fits(self, name: str, gender: str | None) -> bool:
        known = self.genders.get(name)
        return gender is None or known is None or known == gender

    def _named_nearby(self, tok: Token, gender: str | None) -> tuple[int, int, str] | None:
        sentence = self.sentence_of.get(tok.i, 0)
        for mention in reversed(self.mentions):
            if mention[1] > tok.i:
                continue
            if self.sentence_of.get(mention[0], 0) < sentence - 1:
                break
            if self._gender_fits(mention[2], gender):
                return mention
        return None

    def _prefer_mention(self, mention: tuple[int, int, str], found: tuple[int, Referent], tok: Token, gender: str | None) -> bool:
        position, ref = found
        if mention[0] <= position or mention[2] == ref.name:
            return False
        if self.sentence_of.get(position, 0) < self.sentence_of.get(tok.i, 0) - 1:
            return True  # the subject found is further back than the named person
        return gender is not None and self.genders.get(mention[2]) == gender and self.genders.get(ref.name or "") is None

    def _named(self, head: Token) -> NameInfo | None:
        """A name the phrase is about: the head itself or a name in apposition/compound with it."""
        info = self.names.of_token(head)
        if info is not None:
            return info
        for child in head.children:
            if child.dep_ in ("appos",) and child.i > head.i:
                info = self.names.of_token(child)
                # "Its spokesman, Radek Sorn", "The rival bidder, Corvin Industries"
                if info is not None and (info.label == "PERSON" or head.pos_ == "NOUN" and info.label == "ORG"):
                    return info
        if head.pos_ == "PROPN":
            known = self.names.full_name_before(head.text, head.i) or self.names.canonical(head.text)
            if known:
                return known
        if head.pos_ == "NOUN" and head.lemma_.lower() in self.lex.person_nouns:
            # "A spokesman for the Northern Defence Forces, Colonel Ivar Lindqvist, said": the parser
            # may hang the name on the last noun of the description
            for tok in head.subtree:
                if tok.dep_ == "appos" and tok.i > head.i and tok.head.i > head.i:
                    info = self.names.of_token(tok)
                    if info is not None and info.label == "PERSON":
                        return info
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
                        # "close to Haftar" is a side; "familiar with the talks" is not
                        if obj is not None and (obj.pos_ == "PROPN" or obj.i in self.names.by_token):
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
