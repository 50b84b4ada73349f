"""Is a named person "he" or "she" in this article? Gender evidence read from the text itself.

No list of first names is used: the evidence is a gendered title or role word attached to the name
("Mr. Holt", "spokeswoman Amira Saleh", "the chairwoman, Ilse Varga") and the pronouns the article
uses for the person in the same sentence ("Varga visited the port, where she met ..." votes for
the person named as a subject before the pronoun in the same sentence). The majority wins; a tie
leaves the gender unknown, and an unknown gender is compatible with either pronoun.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Protocol

from spacy.tokens import Doc, Token

_ROLE_DEPS = {"compound", "nmod", "amod", "appos", "punct", "det"}


class NameLookup(Protocol):
    def person_at(self, i: int) -> str | None: ...


def person_mentions(doc: Doc, lookup: NameLookup) -> list[tuple[int, int, str]]:
    """(first token, end token, canonical name) of each person-name mention, in text order."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        name = lookup.person_at(i)
        if name is None:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and lookup.person_at(j) == name and not doc[j].is_punct:
            j += 1
        out.append((i, j, name))
        i = j
    return out


def person_genders(doc: Doc, mentions: list[tuple[int, int, str]], gendered: dict[str, str]) -> dict[str, str]:
    """Canonical person name -> "male" | "female", where the article gives evidence."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for start, end, name in mentions:
        root = max(doc[start:end], key=lambda t: t.i if t.head.i < start or t.head.i >= end else -1)
        for word in _role_words(doc, start, end, root):
            gender = gendered.get(word.lower_.rstrip("."), gendered.get(word.lower_))
            if gender and word.pos_ != "PRON":
                votes[name][gender] += 2
    by_sentence: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for mention in mentions:
        by_sentence[doc[mention[0]].sent.start].append(mention)
    for tok in doc:
        gender = gendered.get(tok.lower_) if tok.pos_ == "PRON" else None
        if gender is None:
            continue
        before = [m for m in by_sentence.get(tok.sent.start, ()) if m[1] <= tok.i]
        if not before:
            continue
        subjects = [m for m in before if any(doc[k].dep_ in ("nsubj", "nsubjpass") for k in range(m[0], m[1]))]
        if subjects:
            votes[subjects[-1][2]][gender] += 1
    out = {}
    for name, count in votes.items():
        ranked = count.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[name] = ranked[0][0]
    return out


def _role_words(doc: Doc, start: int, end: int, root: Token) -> list[Token]:
    """Title and role words of a name: "Mr." / "spokeswoman" before it, the noun it stands in apposition to."""
    words = [t for t in doc[max(0, start - 2) : start] if start <= t.head.i < end and t.dep_ in _ROLE_DEPS]
    if root.dep_ == "appos":
        words.append(root.head)
    return words
