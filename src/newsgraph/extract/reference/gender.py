"""Is a named person "he" or "she" in this article? Gender evidence read from the text itself.

No list of first names is used: the evidence is a gendered title or role word attached to the name
("Mr. Holt", "spokeswoman Amira Saleh", "the chairwoman, Ilse Varga", "Ada Holt, a congresswoman")
and the pronouns the article uses for the person in the same sentence ("Varga visited the port,
where she met ..." votes for the person named as a subject before the pronoun in the same
sentence). The majority wins; a tie leaves the gender unknown, and an unknown gender is
compatible with either pronoun. The gender words are ``gender_words`` in data/words.yaml.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from typing import Protocol

from spacy.tokens import Doc, Token

_ROLE_DEPS = {"compound", "nmod", "amod", "appos", "punct", "det"}

PersonMention = tuple[int, int, str]  # (first token, end token, canonical name)


class NameLookup(Protocol):
    def person_at(self, i: int) -> str | None: ...


def person_mentions(doc: Doc, lookup: NameLookup) -> list[PersonMention]:
    """(first token, end token, canonical name) of each person-name mention, in text order."""
    out: list[PersonMention] = []
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


def person_genders(doc: Doc, mentions: list[PersonMention], gendered: dict[str, str],
                   sentence_of: list[int]) -> dict[str, str]:
    """Canonical person name -> "male" | "female", where the article gives evidence.

    ``sentence_of[i]`` is the index of token ``i``'s sentence."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for start, end, name in mentions:
        root = max(doc[start:end], key=lambda t: t.i if t.head.i < start or t.head.i >= end else -1)
        for word in _role_words(doc, start, end, root):
            gender = gendered.get(word.lower_.rstrip("."), gendered.get(word.lower_))
            if gender and word.pos_ != "PRON":
                votes[name][gender] += 2
    by_sentence: dict[int, list[PersonMention]] = defaultdict(list)
    for mention in mentions:
        by_sentence[sentence_of[mention[0]]].append(mention)
    ends = {k: [m[1] for m in ms] for k, ms in by_sentence.items()}
    subject_before: dict[int, list[int]] = {}  # sentence -> for each mention, the last subject mention up to it
    for k, ms in by_sentence.items():
        last, marks = -1, []
        for n, m in enumerate(ms):
            if any(doc[t].dep_ in ("nsubj", "nsubjpass") for t in range(m[0], m[1])):
                last = n
            marks.append(last)
        subject_before[k] = marks
    for tok in doc:
        gender = gendered.get(tok.lower_) if tok.pos_ == "PRON" else None
        if gender is None:
            continue
        k = sentence_of[tok.i]
        count = bisect.bisect_right(ends.get(k, ()), tok.i)  # mentions ending before the pronoun
        if count and subject_before[k][count - 1] >= 0:
            votes[by_sentence[k][subject_before[k][count - 1]][2]][gender] += 1
    out = {}
    for name, count in votes.items():
        ranked = count.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[name] = ranked[0][0]
    return out


def _role_words(doc: Doc, start: int, end: int, root: Token) -> list[Token]:
    """Title and role words of a name: "Mr." / "spokeswoman" before it, the noun it stands in
    apposition to, or the noun in apposition to it ("Ada Holt, a congresswoman")."""
    words = [t for t in doc[max(0, start - 2) : start] if start <= t.head.i < end and t.dep_ in _ROLE_DEPS]
    if root.dep_ == "appos":
        words.append(root.head)
    words.extend(c for c in root.children if c.dep_ == "appos" and c.i >= end)
    return words
