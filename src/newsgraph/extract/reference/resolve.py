"""What does this phrase stand for? Pronouns, "the latter", descriptions and names resolved once per article.

No coreference model is available, so reference is resolved by rules. The antecedents are the
main-clause subjects and speakers (subjects of cue verbs, agents, "according to" sources, the
source a relay quotes) in text order, each described once;
a pronoun takes the most recent compatible one before it (number, and gender as the article tells
it, see ``gender``), or a person named in this or the previous sentence; an object pronoun is
never its own clause's subject ("He urged her"); "they" after "met A and B" is the pair; "the
latter"/"the former" are the entity mentions the entity finder gave them. "The fighters" takes
the name that headed the same noun earlier ("Hamas fighters" -> Hamas), "the statement" whoever
issued one ("The ministry issued a statement"; ``roles``: "said in a statement", "a statement from"),
"the president" / "the ministry" the person or body named with that role (``roles``); a definite "the official" the unnamed source met
before. An unnamed source resolves to its own description and keeps its affiliation ("a source
close to Haftar" -> affiliation "Khalifa Haftar"). Every look-up is a bisect into an index built
once, so an article of any length is resolved in linear time.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.extract.reference.gender import person_genders, person_mentions
from newsgraph.extract.reference.names import NameInfo, Names, strip_det
from newsgraph.extract.reference.roles import Roles
from newsgraph.extract.reference.words import ReferenceWords, reference_words
from newsgraph.model import Entity

_SUBJECTS = ("nsubj", "nsubjpass")
_THING_LABELS = ("ORG", "GPE", "NORP")
_GROUP_LABELS = ("ORG", "NORP")
_LOOK_BACK = 64  # antecedents of one class tried before a pronoun gives up


@dataclass(frozen=True)
class Referent:
    """What a phrase stands for."""

    name: str | None
    kind: str  # person | thing | either
    plural: bool = False
    anonymous: bool = False
    affiliation: str | None = None
    entity_id: str | None = None
    via: str | None = None
    head_lemma: str = ""
    token: int | None = None  # head token of the phrase it was read from
    members: tuple[Referent, ...] = ()  # "they" after "met A and B": A and B


class _Index:
    """Positions and values in text order; the last value before a position by bisect."""

    def __init__(self) -> None:
        self.positions: list[int] = []
        self.values: list[object] = []

    def add(self, position: int, value: object) -> None:
        self.positions.append(position)
        self.values.append(value)

    def before(self, position: int) -> int:
        """How many entries lie before ``position``."""
        return bisect.bisect_left(self.positions, position)


class References:
    """Names, pronouns and descriptions of one parsed article; see the module docstring."""

    def __init__(self, doc: Doc, entities: Sequence[Entity] = ()) -> None:
        self.doc = doc
        self.words: ReferenceWords = reference_words()
        self.names = Names(doc, entities, self.words)
        self.sentences = list(doc.sents)
        self.sentence_of = [0] * len(doc)
        for index, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self.sentence_of[i] = index
        self.mentions = person_mentions(doc, self.names)
        self._mention_ends = [m[1] for m in self.mentions]
        self._groups = self.names.runs(_THING_LABELS)
        self._group_ends = [end for _, end, _ in self._groups]
        self.genders = person_genders(doc, self.mentions, self.words.gendered, self.sentence_of)
        self.learned: dict[str, Referent] = {}  # surname -> person named with a title but not tagged
        self._described: dict[tuple[int, int, int], Referent] = {}
        self._pronouns: dict[int, Referent] = {}
        self._slots = self._antecedent_slots()
        self._next_slot = 0
        self._classes = {"person": _Index(), "thing": _Index(), "plural": _Index()}
        self._anonymous: dict[str, _Index] = {}
        self._owners = self._owner_index()
        self.roles = Roles(doc, self.names, self.words)

    # --- the antecedents --------------------------------------------------------------

    def _antecedent_slots(self) -> list[tuple[Token, Token | None]]:
        """Main-clause subjects (also of verbs joined to the root), subjects of cue verbs (speakers),
        passive agents, "according to" sources, and the source a relay names ("It quoted sources as saying": sources, via It);
        each with the token it was relayed through, if any."""
        out: dict[int, tuple[Token, Token | None]] = {}
        for sent in self.sentences:
            root = sent.root
            for verb in (root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))):
                for child in verb.children:
                    if child.dep_ in _SUBJECTS:
                        out[child.i] = (child, None)
                    elif child.dep_ == "agent":
                        out.update((g.i, (g, None)) for g in child.children if g.dep_ == "pobj")
        relays, cues = self.words.relay_verbs, self.words.cue_verbs
        for tok in self.doc:
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues and not (
                    tok.dep_ == "ccomp" and tok.head.lemma_.lower() in cues):  # speakers, unless reported by another
                for child in tok.children:
                    if child.dep_ in _SUBJECTS and child.i not in out:
                        out[child.i] = (child, None)
            if tok.lower_ == "to" and tok.head.lower_ == "according":
                out.update((c.i, (c, None)) for c in tok.children if c.dep_ == "pobj")
            elif tok.lemma_.lower() in relays and tok.pos_ == "VERB":
                said = next((t for t in tok.subtree if t.i > tok.i and t.lemma_.lower() == "say"), None)
                obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
                if said is not None and obj is not None:
                    out[obj.i] = (obj, next((c for c in tok.children if c.dep_ == "nsubj"), None))
        return [out[i] for i in sorted(out)]

    def _advance(self, position: int) -> None:
        """Describe every antecedent before ``position`` not yet described, in text order."""
        while self._next_slot < len(self._slots) and self._slots[self._next_slot][0].i < position:
            head, via = self._slots[self._next_slot]
            self._next_slot += 1
            ref = self._antecedent(head)
            if ref is None or ref.name is None:
                continue
            gender = self.words.gendered.get(head.lower_)
            if gender and ref.kind == "person" and ref.name not in self.genders:
                self.genders[ref.name] = gender  # "He told reporters ...": whoever he is, he is a he
            if via is not None:
                relay = self._antecedent(via)
                ref = replace(ref, via=relay.name if relay is not None and relay.name else via.text)
            self._remember(head.i, ref)

    def _antecedent(self, head: Token) -> Referent | None:
        if head.lower_ in self.words.pronouns:
            return self.refer(head)
        if head.pos_ == "PRON":
            return None
        return self.describe(head, *phrase_bounds(head))

    def _remember(self, position: int, ref: Referent) -> None:
        for kind, index in self._classes.items():
            if _compatible(kind, ref):
                index.add(position, ref)
        if ref.anonymous:
            self._anonymous.setdefault(ref.head_lemma.rstrip("s"), _Index()).add(position, ref)

    # --- pronouns -----------------------------------------------------------------------

    def refer(self, tok: Token) -> Referent:
        """The referent of a pronoun or of "the latter"/"the former" (name None when unknown)."""
        if tok.i not in self._pronouns:
            self._pronouns[tok.i] = self._refer(tok)
        return self._pronouns[tok.i]

    def _refer(self, tok: Token) -> Referent:
        low = tok.lower_
        if low in ("latter", "former"):
            named = self.names.of_token(tok)  # the entity finder made "the latter" a mention
            if named is None:
                return Referent(None, "person")
            return Referent(named.name, "person" if named.label == "PERSON" else "thing",
                            entity_id=named.entity_id, head_lemma=low)
        kind = self.words.pronouns.get(low)
        if kind is None or kind == "speaker":
            return Referent(None, "person")
        self._advance(tok.i)
        if low.endswith(("self", "selves")):  # "he pitched himself": whoever the clause's subject is
            subj = next((c for c in tok.head.children if c.dep_ in _SUBJECTS and c.i < tok.i), None)
            if subj is not None:
                return self._antecedent(subj) or Referent(None, "person")
        gender = self.words.gendered.get(low) if kind == "person" else None
        if kind == "person" and tok.dep_ == "poss":  # "his talks ..., Haftar met": the sentence's subject
            subj = next((c for c in self.sentences[self.sentence_of[tok.i]].root.children if c.dep_ in _SUBJECTS), None)
            if subj is not None and subj.i != tok.i and self.names.label(subj) == "PERSON":
                return self.describe(subj, *phrase_bounds(subj))
        exclude = self._excluded(tok)
        if kind == "plural":
            group = self._latest_group(tok)
            if group:
                return Referent(" and ".join(str(m.name) for m in group), "person", True, members=group,
                                head_lemma=low)
        found = self._latest(kind, tok.i, gender, exclude)
        if kind == "person":
            mention = self._named_nearby(tok, gender, exclude)
            if mention is not None and (found is None or self._prefer_mention(mention, found, tok, gender)):
                named = self.names.of_token(self.doc[mention[0]])
                return Referent(mention[2], "person", entity_id=named.entity_id if named else None,
                                head_lemma=self.doc[mention[1] - 1].lemma_.lower(), token=mention[1] - 1)
        else:
            group = self._group_nearby(tok, kind, exclude)
            if group is not None and (found is None or self._prefer_mention(group, found, tok, None)):
                return self.describe(self.doc[group[1] - 1], group[0], group[1])
        if found is not None:
            return found[1]
        return Referent(None, "person" if kind == "person" else "thing", kind == "plural")

    def _latest(self, kind: str, position: int, gender: str | None, exclude: str | None) -> tuple[int, Referent] | None:
        index = self._classes[kind]
        k = index.before(position)
        for j in range(k - 1, max(-1, k - 1 - _LOOK_BACK), -1):
            ref = index.values[j]
            assert isinstance(ref, Referent)
            if ref.name != exclude and self._gender_fits(ref.name, gender):
                return index.positions[j], ref
        return None

    def _excluded(self, tok: Token) -> str | None:
        """An object pronoun is not its clause's subject: "He urged her"."""
        if tok.dep_ not in ("dobj", "pobj", "dative"):
            return None
        for anc in (tok, *tok.ancestors):
            subj = next((c for c in anc.children if c.dep_ in _SUBJECTS and c.i != tok.i), None)
            if subj is not None:
                if subj.lower_ in self.words.pronouns:
                    return self.refer(subj).name
                if subj.pos_ == "PRON":
                    return None
                return self.describe(subj, *phrase_bounds(subj)).name
        return None

    def _gender_fits(self, name: str | None, gender: str | None) -> bool:
        known = self.genders.get(name or "")
        return gender is None or known is None or known == gender

    def _named_nearby(self, tok: Token, gender: str | None, exclude: str | None) -> tuple[int, int, str] | None:
        """The last person named in this or the previous sentence, ending before ``tok``."""
        sentence = self.sentence_of[tok.i]
        for k in range(bisect.bisect_right(self._mention_ends, tok.i) - 1, -1, -1):
            mention = self.mentions[k]
            if self.sentence_of[mention[0]] < sentence - 1:
                break
            if mention[2] != exclude and self._gender_fits(mention[2], gender):
                return mention
        return None

    def _group_nearby(self, tok: Token, kind: str, exclude: str | None) -> tuple[int, int, str] | None:
        """The last organisation or country ("it") or group ("they") named in this or the previous
        sentence, ending before ``tok``."""
        sentence = self.sentence_of[tok.i]
        labels = _GROUP_LABELS if kind == "plural" else _THING_LABELS
        for k in range(bisect.bisect_right(self._group_ends, tok.i) - 1, -1, -1):
            start, end, info = self._groups[k]
            if self.sentence_of[start] < sentence - 1:
                break
            if info.label in labels and info.name != exclude:
                return start, end, info.name
        return None

    def _prefer_mention(self, mention: tuple[int, int, str], found: tuple[int, Referent], tok: Token,
                        gender: str | None) -> bool:
        """A person named in this or the previous sentence wins over a candidate further back, or over
        one whose gender is unknown when the person's matches ("Varga met envoy Piet Lindqvist. He urged her")."""
        position, ref = found
        if mention[0] <= position or mention[2] == ref.name:
            return False
        if self.sentence_of[position] < self.sentence_of[tok.i] - 1:
            return True  # the subject found is further back than the named person
        return gender is not None and self.genders.get(mention[2]) == gender and self.genders.get(ref.name or "") is None

    def _latest_group(self, tok: Token) -> tuple[Referent, ...]:
        """The latest coordination of two or more people in the two sentences before ("met A and B. They ...")."""
        sentence = self.sentence_of[tok.i]
        for sent in reversed(self.sentences[max(0, sentence - 2) : sentence]):
            for branch in sent.root.children:
                if branch.dep_ in _SUBJECTS:
                    continue
                lo, hi = branch.left_edge.i, branch.right_edge.i + 1
                if not any(self.doc[i].dep_ == "cc" for i in range(lo, hi)):
                    continue
                heads: dict[str, Token] = {}
                for i in range(lo, hi):
                    info = self.names.of_token(self.doc[i])
                    if info is not None and info.label == "PERSON":
                        heads[info.name] = self.doc[i]  # the last token of the name: its head
                if len(heads) >= 2:
                    return tuple(self.describe(t, t.i, t.i + 1) for t in heads.values())
        return ()

    # --- phrases ------------------------------------------------------------------------

    def describe(self, head: Token, start: int, end: int) -> Referent:
        """The referent of the phrase ``doc[start:end]`` headed by ``head``."""
        key = (head.i, start, end)
        if key not in self._described:
            self._described[key] = self._describe(head, start, end)
        return self._described[key]

    def _describe(self, head: Token, start: int, end: int) -> Referent:
        words = self.words
        if end - start == 1 and head.lower_ in words.pronouns:
            return self.refer(head)
        if end - start == 1 and head.lower_ in words.relative_pronouns:
            clause = head.head
            if clause.dep_ == "relcl" and clause.head.i != clause.i:  # "the senator, who said": the senator
                return self.describe(clause.head, *phrase_bounds(clause.head))
        plural = head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in head.children)
        named = self._named(head)
        lemma = head.lemma_.lower()
        if named is not None:
            kind = "person" if named.label == "PERSON" else "thing"
            affiliation = self._affiliation(head) if head.pos_ == "NOUN" else None
            # a person's name is one person, unless a plural qualified like a people ("Bosnian Serbs")
            plural = plural and (kind != "person" or any(c.dep_ == "amod" for c in head.children))
            return Referent(named.name, kind, plural, affiliation=affiliation,
                            entity_id=named.entity_id, head_lemma=lemma, token=head.i)
        text = self.doc[start:end].text
        anonymous = (lemma in words.anonymous_heads or head.lower_ in words.anonymous_heads) and head.pos_ != "PROPN"
        if not anonymous and head.pos_ != "PROPN":
            lowered = self.sentences[self.sentence_of[head.i]].text.lower()
            anonymous = any(marker in lowered for marker in words.anonymity_markers)
        kind = "person" if lemma in words.person_nouns else "thing"
        if lemma in ("source", "sources"):
            kind = "either"
        first = self.doc[start].lower_
        if anonymous:
            if first in ("the", "that", "this"):
                self._advance(head.i)
                earlier = self._anonymous.get(lemma.rstrip("s"))
                if earlier is not None and earlier.before(head.i):
                    return earlier.values[earlier.before(head.i) - 1]  # type: ignore[return-value]
            return Referent(text, kind, plural, anonymous=True, affiliation=self._affiliation(head),
                            head_lemma=lemma, token=head.i)
        if first in ("the", "these", "those", "a", "an") and head.pos_ == "NOUN":
            owner = self.roles.issuer_of(head) or (None if first in ("a", "an") else self.owner(head)
                                                   or (self.roles.find(head) if end - start <= 2 else None))
            if isinstance(owner, Token):  # "the statement" -> whoever said it in one: "the foreign ministry"
                return replace(self.describe(owner, *phrase_bounds(owner)), head_lemma=lemma, token=head.i)
            if owner is not None:
                kind = "person" if owner.label == "PERSON" else "thing"
                return Referent(owner.name, kind, plural, entity_id=owner.entity_id, head_lemma=lemma, token=head.i)
        if head.pos_ == "PROPN":
            unrecognised = self._unrecognised_name(head, start)
            if unrecognised is not None:
                return unrecognised
        return Referent(strip_det(text), kind, plural, head_lemma=lemma, token=head.i)

    def owner(self, head: Token) -> NameInfo | None:
        """ "the fighters" -> the name that headed the same noun earlier ("Hamas fighters");
        "the statement" -> who issued one ("The ministry issued a statement")."""
        index = self._owners.get(head.lemma_.lower())
        if index is None:
            return None
        k = index.before(head.i)
        return index.values[k - 1] if k else None  # type: ignore[return-value]

    def _owner_index(self) -> dict[str, _Index]:
        out: dict[str, _Index] = {}
        statement_nouns = self.words.statement_nouns
        for tok in self.doc:
            if tok.pos_ != "NOUN":
                continue
            owner = None
            for child in tok.children:
                if child.dep_ in ("compound", "nmod", "amod", "poss") and child.pos_ == "PROPN":
                    owner = self.names.of_token(child) or NameInfo(child.text, "ORG")
                    break
            lemma = tok.lemma_.lower()
            if owner is None and lemma in statement_nouns and tok.dep_ == "dobj":
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    owner = self.names.of_token(subj)
            if owner is not None:
                out.setdefault(lemma, _Index()).add(tok.i, owner)
        return out

    def _unrecognised_name(self, head: Token, start: int) -> Referent | None:
        """A name the parser did not tag: "Councillor Ruben Hask" -> Ruben Hask (a person, by its title);
        a later "Hask" -> the full name learned from it."""
        k = head.i
        while k > start and self.doc[k - 1].pos_ == "PROPN" and self.doc[k - 1].dep_ == "compound":
            k -= 1
        words = list(self.doc[k : head.i + 1])
        titled = False
        while words and words[0].lower_ in self.words.titles:
            words, titled = words[1:], True
        if not words:
            return None
        if k > start and self.doc[k - 1].lower_ in self.words.titles:
            titled = True
        name = " ".join(t.text for t in words)
        if len(words) == 1 and name.lower() in self.learned:
            return self.learned[name.lower()]
        if not titled:
            return None
        ref = Referent(name, "person", head_lemma=head.lemma_.lower(), token=head.i)
        if len(words) >= 2:
            self.learned.setdefault(words[-1].lower_, ref)
        return ref

    def _named(self, head: Token) -> NameInfo | None:
        """A name the phrase is about: the head itself or a name in apposition/compound with it."""
        names = self.names
        info = names.of_token(head)
        if info is not None:
            return info
        for child in head.children:
            if child.dep_ == "appos" and child.i > head.i:
                info = names.of_token(child)
                # "Its spokesman, Radek Sorn", "The rival bidder, Corvin Industries"
                if info is not None and (info.label == "PERSON" or head.pos_ == "NOUN" and info.label == "ORG"):
                    return info
        if head.pos_ == "PROPN":
            known = names.full_name_before(head.text, head.i) or names.canonical(head.text)
            if known:
                return known
        if head.pos_ == "NOUN" and head.lemma_.lower() in self.words.person_nouns:
            # "A spokesman for the Northern Defence Forces, Colonel Ivar Lindqvist, said": the parser
            # may hang the name on the last noun of the description
            for tok in head.subtree:
                if tok.dep_ == "appos" and tok.i > head.i and tok.head.i > head.i:
                    info = names.of_token(tok)
                    if info is not None and info.label == "PERSON":
                        return info
        return None

    def _affiliation(self, head: Token) -> str | None:
        names = self.names
        preps = self.words.affiliation_preps
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                obj = _pobj(child)
                if obj is not None:
                    return names.name_of_phrase(obj.left_edge.i, _trim_right(obj))
            if child.dep_ in ("amod", "advmod", "acl") and child.lower_ in preps:
                for grand in child.children:
                    if grand.dep_ == "prep":
                        obj = _pobj(grand)
                        # "close to Haftar" is a side; "familiar with the talks" is not
                        if obj is not None and (obj.pos_ == "PROPN" or obj.i in names.by_token):
                            return names.name_of_phrase(obj.left_edge.i, _trim_right(obj))
        for child in head.children:
            if child.dep_ in ("compound", "nmod") and child.pos_ == "PROPN":
                return names.name_of_phrase(child.left_edge.i, child.i + 1)
        return None


def references(doc: Doc, entities: Sequence[Entity] = ()) -> References:
    """The article's reference service, built once and shared by speakers, actors and targets."""
    key = "newsgraph.references"
    cached = doc.user_data.get(key)
    if cached is not None and cached[0] == tuple(entities):
        return cached[1]
    made = References(doc, entities)
    doc.user_data[key] = (tuple(entities), made)
    return made


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


def _compatible(kind: str, ref: Referent) -> bool:
    if kind == "person":
        return ref.kind in ("person", "either") and not ref.plural
    if kind == "thing":
        return ref.kind in ("thing", "either") and not ref.plural
    return ref.plural or (ref.kind == "thing" and not ref.anonymous)


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
