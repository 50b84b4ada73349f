"""How many were killed or wounded? Casualty counts and their qualifiers around an attack verb."""

from __future__ import annotations

import re

from spacy.tokens import Token

from newsgraph.words import DEPS, NUMBERS

KILL_LEMMAS = {"kill", "die", "slay", "murder", "massacre", "execute", "dead"}
WOUND_LEMMAS = {"wound", "injure", "hurt", "maim"}
QUALIFIERS = ("more than", "at least", "over", "nearly", "almost", "about", "around", "some",
              "up to", "roughly", "approximately", "fewer than", "less than", "dozens of", "hundreds of")


def casualties(trigger: Token) -> tuple[int | None, str | None, int | None]:
    """(fatalities, their qualifier, injuries) stated by the trigger verb and verbs beside it."""
    fatalities = qualifier = injuries = None
    verbs = [trigger, *(c for c in trigger.children if c.dep_ in DEPS["side_verb"])]
    for verb in verbs:
        lemma = verb.lemma_.lower()
        if any(c.lower_ == "dead" for c in verb.children):  # "shot dead", "gunned down dead"
            lemma = "kill"
        if lemma not in KILL_LEMMAS | WOUND_LEMMAS:
            continue
        count, qual = _count(verb)
        if count is None:
            continue
        if lemma in KILL_LEMMAS and fatalities is None:
            fatalities, qualifier = count, qual
        elif lemma in WOUND_LEMMAS and injuries is None:
            injuries = count
    return fatalities, qualifier, injuries


def _count(verb: Token) -> tuple[int | None, str | None]:
    deps = ("nsubjpass", "dobj") if verb.lemma_.lower() != "die" else ("nsubj",)
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        number = child if child.like_num else next((c for c in child.children if c.dep_ == "nummod"), None)
        if number is None:
            continue
        value = _value(number)
        if value is None:
            continue
        first = min(t.i for t in child.subtree)
        prefix = verb.doc[first: number.i].text.lower()
        qualifier = next((q for q in QUALIFIERS if re.search(rf"\b{q}$", prefix.strip())), None)
        return value, qualifier
    return None, None


def _value(number: Token) -> int | None:
    text = number.text.replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBERS.get(number.lower_)
