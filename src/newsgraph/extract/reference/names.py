"""Which name does this token belong to? The article's names, built once from its entities.

A token is covered by an entity mention (the entity linker's, when given) or by a spaCy entity.
Names are found under their aliases, a short person name under the full name named last before
it ("Haftar" -> "Khalifa Haftar"; with two Okafors, the one named last), an acronym under the
name it was defined for ("Libyan National Army (LNA)"). A name set beside a person noun ("Ada
Holt, a congresswoman") is a person whatever label the tagger gave it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.entities.find import is_short_form
from newsgraph.extract.reference.words import ReferenceWords
from newsgraph.model import Entity

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_DETERMINERS = ("the ", "The ")


@dataclass(frozen=True)
class NameInfo:
    name: str
    label: str
    entity_id: str | None = None


class Names:
    """Names in one article: entity mentions (given or spaCy's), aliases and short forms of full names."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], words: ReferenceWords) -> None:
        self.doc = doc
        self.entities = tuple(entities)
        self.by_token: dict[int, NameInfo] = {}
        self.alias: dict[str, NameInfo] = {}
        self._entity_by_token: dict[int, Entity] = {}
        self._ent_by_token: dict[int, Span] = {}
        spans: list[tuple[int, int, NameInfo]] = []  # spaCy's entities first, then the linker's mentions
        acronyms: list[tuple[str, NameInfo]] = []
        for ent in doc.ents:
            for tok in ent:
                self._ent_by_token.setdefault(tok.i, ent)
            if ent.label_ in NAME_LABELS:
                spans.append((ent.start, ent.end, NameInfo(strip_det(ent.text), ent.label_)))
                after = doc[ent.end : ent.end + 3]
                if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text.isupper():
                    acronyms.append((after[1].text.lower(), spans[-1][2]))  # "Libyan National Army (LNA)"
        spacy_count = len(spans)
        starts = [tok.idx for tok in doc]
        for entity in self.entities:
            info = NameInfo(entity.name, entity.type, entity.id)
            for mention in entity.mentions:
                i = bisect.bisect_right(starts, mention.start) - 1  # the token holding the mention's start
                first = max(i, 0)
                while 0 <= i < len(doc) and starts[i] < mention.end:
                    self._entity_by_token[i] = entity
                    i += 1
                spans.append((first, i, info))
        persons = self._people_by_role(spans, words)

        def settled(info: NameInfo) -> NameInfo:
            if info.label != "PERSON" and (info.entity_id or info.name) in persons:
                return replace(info, label="PERSON")
            return info

        for n, (start, end, info) in enumerate(spans):
            info = settled(info)
            for i in range(start, end):
                if n >= spacy_count:
                    self.by_token[i] = info  # the linker's mentions win
                else:
                    self.by_token.setdefault(i, info)
            if n < spacy_count:
                if info.label == "PERSON" and end - start >= 2:
                    self.alias.setdefault(doc[end - 1].text.lower(), info)
                if info.label != "PERSON":
                    self.alias.setdefault(info.name.lower(), info)
        for acronym, info in acronyms:
            self.alias.setdefault(acronym, settled(info))
        for entity in self.entities:
            info = settled(NameInfo(entity.name, entity.type, entity.id))
            for form in (entity.name, *entity.aliases):
                self.alias[form.lower()] = info
        self._surnames: dict[str, tuple[list[int], list[str]]] = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                positions, names = self._surnames.setdefault(ent[-1].text.lower(), ([], []))
                positions.append(ent.start)
                names.append(strip_det(ent.text))

    def _people_by_role(self, spans: list[tuple[int, int, NameInfo]], words: ReferenceWords) -> set[str]:
        """Names (or entity ids) set beside a person noun: "Ada Holt, a congresswoman"."""
        out = set()
        doc = self.doc
        for start, end, info in spans:
            if info.label in ("PERSON", "GPE", "LOC", "FAC") or end <= start:
                continue
            root = max(doc[start:end], key=lambda t: t.i if t.head.i < start or t.head.i >= end else -1)
            if any(c.dep_ == "appos" and c.i >= end and c.lemma_.lower() in words.person_nouns for c in root.children):
                out.add(info.entity_id or info.name)
        return out

    def runs(self, labels: tuple[str, ...]) -> list[tuple[int, int, NameInfo]]:
        """(first token, end token, name) of each mention of a name with one of ``labels``, in text order."""
        out: list[tuple[int, int, NameInfo]] = []
        for i in sorted(self.by_token):
            info = self.by_token[i]
            if info.label not in labels:
                continue
            if out and out[-1][1] == i and out[-1][2] == info:
                out[-1] = (out[-1][0], i + 1, info)
            else:
                out.append((i, i + 1, info))
        return out

    def person_at(self, i: int) -> str | None:
        """Canonical name of the person whose name covers token ``i``."""
        info = self.by_token.get(i)
        if info is None or info.label != "PERSON":
            return None
        return self.of_token(self.doc[i]).name  # type: ignore[union-attr]

    def canonical(self, text: str) -> NameInfo | None:
        return self.alias.get(strip_det(text).lower())

    def of_token(self, tok: Token) -> NameInfo | None:
        info = self.by_token.get(tok.i)
        if info is not None and info.label == "PERSON" and " " not in info.name:
            # "Haftar" -> "Khalifa Haftar"; with two Okafors, the one named last before this mention
            return self.full_name_before(info.name, tok.i) or self.alias.get(info.name.lower(), info)
        return info

    def full_name_before(self, short: str, position: int) -> NameInfo | None:
        """The last full person name before ``position`` of which ``short`` ("Okafor") is the short form."""
        found = self._surnames.get(short.lower())
        if found is None:
            return None
        positions, names = found
        k = bisect.bisect_left(positions, position)
        while k > 0:
            k -= 1
            if is_short_form([short.lower()], names[k].lower().split()):
                best = names[k]
                return self.alias.get(best.lower(), NameInfo(best, "PERSON"))
        return None

    def name_of_phrase(self, start: int, end: int) -> str:
        """Canonical name of a phrase when it is (or names) a known entity, else the phrase minus parentheses."""
        doc = self.doc
        text = strip_parenthetical(doc[start:end].text)
        known = self.canonical(text)
        if known:
            return known.name
        if end - start == 1 and doc[start].i in self.by_token:
            return self.of_token(doc[start]).name  # type: ignore[union-attr]
        return strip_det(text)

    def entity_at(self, token: Token) -> Entity | None:
        """The linked entity one of whose mentions covers ``token``."""
        return self._entity_by_token.get(token.i)

    def spacy_entity(self, token: Token) -> Span | None:
        return self._ent_by_token.get(token.i)

    def label(self, token: Token) -> str | None:
        """PERSON, ORG, GPE ... of the name covering ``token`` (a person by role counts as PERSON)."""
        info = self.by_token.get(token.i)
        if info is not None:
            return info.label
        ent = self._ent_by_token.get(token.i)
        return ent.label_ if ent is not None else None


def strip_det(text: str) -> str:
    for det in _DETERMINERS:
        if text.startswith(det):
            return text[len(det) :]
    return text


def strip_parenthetical(text: str) -> str:
    if text.endswith(")") and " (" in text:
        return text[: text.rindex(" (")]
    return text
