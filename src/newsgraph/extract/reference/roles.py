"""Who is "the president", "the ministry", "the statement"? Definite role nouns and documents tied to the
person or body the article names with that role, before or after.

A role is learned from the article's names: a title before a person's name ("President Oren Valdar" ->
president), a description set beside it ("Ilse Kerrow, the governor of Tessen"; "the governor of
Tessen, Ilse Kerrow" -> governor), the head noun of a body's name ("the Tessen Defence Ministry" ->
ministry); and a document learns who issued it ("X said in a statement", "a statement from X" ->
statement; "X issued a statement" is the resolver's owner index). "The <role>" is the latest name with
that role before it, or, when none came before, the one name with that role after it (a later mention
that names it: "the mayor said ... Mayor Tilda Orvane has led Brenna"); two different names after it
leave it unresolved.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from newsgraph.extract.reference.names import NameInfo, Names
from newsgraph.extract.reference.words import ReferenceWords

_BODY_LABELS = ("ORG", "NORP", "GPE")


class Roles:
    def __init__(self, doc: Doc, names: Names, words: ReferenceWords) -> None:
        self.doc = doc
        self._by_role: dict[str, tuple[list[int], list[NameInfo | Token]]] = {}
        for start, end, info in names.runs(("PERSON", *_BODY_LABELS)):
            for role in self._roles_of(start, end, info, words):
                self._add(role, start, info)
        for tok in doc:
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in words.statement_nouns:
                issuer = self._issuer(tok, names)
                if issuer is not None:
                    self._add(tok.lemma_.lower(), tok.i, issuer)

    def _add(self, role: str, position: int, info: NameInfo | Token) -> None:
        positions, infos = self._by_role.setdefault(role, ([], []))
        k = bisect.bisect_right(positions, position)
        positions.insert(k, position)
        infos.insert(k, info)

    def _roles_of(self, start: int, end: int, info: NameInfo, words: ReferenceWords) -> set[str]:
        doc = self.doc
        span = doc[start:end]
        roles: set[str] = set()
        if info.label == "PERSON":
            k = start
            while k > 0 and doc[k - 1].lower_ in words.titles and doc[k - 1].pos_ in ("PROPN", "NOUN"):
                roles.add(doc[k - 1].lemma_.lower())
                k -= 1
            roles.update(t.lemma_.lower() for t in span if t.lower_ in words.titles)
            head = span.root
            for c in head.children:  # "Ilse Kerrow, the governor of Tessen"
                if c.dep_ == "appos" and c.pos_ == "NOUN":
                    roles.add(c.lemma_.lower())
            if head.dep_ == "appos":  # "the governor of Tessen, Ilse Kerrow" (the name often hung on "Tessen")
                host = head.head
                if host.dep_ == "pobj" and host.head.dep_ == "prep" and host.head.head.pos_ == "NOUN":
                    host = host.head.head
                if host.pos_ == "NOUN":
                    roles.add(host.lemma_.lower())
        else:
            last = span[-1]
            if last.is_title and last.pos_ in ("PROPN", "NOUN") and len(span) > 1:
                roles.add(last.lemma_.lower())  # "the Tessen Defence Ministry" -> ministry
        return {r for r in roles if r.isalpha()}

    @staticmethod
    def _issuer(tok: Token, names: Names) -> NameInfo | Token | None:
        """ "X said in a statement" -> X; "a statement from X" -> X: the name, or the head of the phrase
        for the resolver to describe ("the foreign ministry")."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return names.of_token(obj) or obj
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ == "VERB":
            subj = next((c for c in tok.head.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ in ("PROPN", "NOUN"):
                return names.of_token(subj) or subj
        return None

    def issuer_of(self, tok: Token) -> NameInfo | Token | None:
        """Who issued the document named at ``tok`` ("a statement from the port authority"), if the text says."""
        found = self._by_role.get(tok.lemma_.lower())
        if found is None or tok.i not in found[0]:
            return None
        return found[1][found[0].index(tok.i)]

    def find(self, head: Token) -> NameInfo | Token | None:
        """The named person or body "the <head>" stands for, if the article names one with that role (a
        token: the head of a phrase naming the issuer of a document, for the resolver to describe)."""
        found = self._by_role.get(head.lemma_.lower())
        if found is None:
            return None
        positions, infos = found
        k = bisect.bisect_left(positions, head.i)
        if k:
            return infos[k - 1]
        after = {i.i if isinstance(i, Token) else (i.entity_id or i.name) for i in infos}
        return infos[0] if len(after) == 1 else None
