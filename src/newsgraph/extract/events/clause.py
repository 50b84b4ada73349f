"""Where and when did it happen? The trigger's own clause, and the places and dates found in it.

A place counts when it stands in a locative phrase of the clause ("in Gaza", "the city of
Benghazi") or is what a visit visited (its target is then the host country); an event type that
is always somewhere takes the article's main place otherwise. Each date goes to the nearest event
above it in the parse tree.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from newsgraph.extract.events.actors import np_tokens
from newsgraph.extract.events.frame import Frame
from newsgraph.extract.events.patterns import patterns
from newsgraph.extract.places import country_name as country_name_iso2
from newsgraph.extract.places import iso3_for
from newsgraph.model import Actor, Mention, Place, When
from newsgraph.words import DEPS


LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within", "of",
                  "through"}


PLACE_OF_NOUNS = {"city", "town", "village", "region", "province", "capital", "port", "centre", "center",
                  "outskirts", "heart", "streets", "street", "suburb", "district", "area", "province"}


def clause_tokens(tok: Token, nominal: bool) -> set[int]:
    """Tokens of the trigger's own clause: its subtree without coordinated or embedded clauses."""
    skip = set()
    for child in tok.children:
        if child.dep_ in DEPS["clause_break"] and not nominal:
            skip.update(t.i for t in child.subtree)
    clause = {t.i for t in tok.subtree} - skip
    if nominal and tok.dep_ == "dobj":
        clause |= {t.i for t in tok.head.subtree} - {t.i for c in tok.head.children
                                                    if c.dep_ in ("conj", "ccomp") for t in c.subtree}
    return clause


def assign_places(frames: list[Frame], places: list[tuple[Mention, Place]], doc: Doc) -> None:
    main = _main_place(places)
    located = patterns().located_types
    # Each place's root token, found once; a frame looks only at the places rooted in its clause
    # (frames x places char_span calls made long articles quadratic).
    by_root: dict[int, list[tuple[Place, Token, Mention]]] = {}
    for mention, place in places:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            by_root.setdefault(span.root.i, []).append((place, span.root, mention))
    for frame in frames:
        role_tokens = set()
        for t in [*frame.actor_tokens, *frame.target_tokens, *frame.target_roots]:
            role_tokens.update(x.i for x in np_tokens(t))
        best = None
        in_clause = sorted(i for i in frame.clause if i in by_root) if len(frame.clause) < len(by_root) \
            else sorted(i for i in by_root if i in frame.clause)
        for place, root, mention in (pr for i in in_clause for pr in by_root[i]):
            is_visit_object = frame.mode == "visit" and root.dep_ == "dobj" and root.head == frame.anchor
            if root.i in role_tokens and not is_visit_object and root not in frame.place_tokens:
                continue
            if not is_visit_object and not _locative(root) and root not in frame.place_tokens:
                continue
            distance = abs(root.i - frame.anchor.i)
            rank = (0 if is_visit_object else 1, distance)
            if best is None or rank < best[0]:
                best = (rank, place, root, mention)
        if best is not None:
            frame.place, frame.place_evidence = best[1], best[3]
            if frame.mode == "visit" and best[0][0] == 0:
                _visit_target(frame, best[1], best[2])
        elif frame.type in located and main is not None:
            frame.place, frame.place_evidence = main
        if frame.mode == "visit" and not frame.targets and frame.place is not None:
            _visit_target(frame, frame.place, None)


def _locative(tok: Token) -> bool:
    """A place in a locative phrase: 'in Gaza', 'the city of Benghazi', 'at the Mitiga base'."""
    t = tok
    while t.dep_ in ("compound", "amod", "nmod", "appos") and t.head != t:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPS:
        if t.head.lower_ == "of":
            return t.head.head.lemma_.lower() in PLACE_OF_NOUNS
        return True
    return False


def _visit_target(frame: Frame, place: Place, root: Token | None) -> None:
    """'visited Moscow' -> target Russia: a visit's target is the host country."""
    if place.feature == "country":
        target = Actor(place.name, None, iso3_for(place.country))
    else:
        name = country_name_iso2(place.country)
        target = Actor(name, None, iso3_for(place.country)) if name else None
    if target is None:
        return
    if root is not None:
        frame.targets = [t for t, tok in zip(frame.targets, frame.target_tokens) if tok != root]
        frame.target_tokens = [tok for tok in frame.target_tokens if tok != root]
    if not frame.targets:
        frame.targets = [target]


def _main_place(places: list[tuple[Mention, Place]]) -> tuple[Place, Mention] | None:
    """The place the article is about: the most mentioned one, the earliest on a tie (with its first mention)."""
    if not places:
        return None
    counts = Counter(p.name for _, p in places)
    first = {}
    for i, (_, p) in enumerate(places):
        first.setdefault(p.name, i)
    name = max(counts, key=lambda n: (counts[n], -first[n]))
    return next((p, m) for m, p in places if p.name == name)


def assign_whens(frames: list[Frame], whens: list[When], doc: Doc) -> None:
    """Each date goes to the nearest event above it in the parse tree."""
    by_token: dict[int, list[Frame]] = {}
    for frame in frames:
        by_token.setdefault(frame.anchor.i, []).append(frame)
        if frame.trigger.nominal and frame.anchor.dep_ == "dobj":
            by_token.setdefault(frame.anchor.head.i, []).append(frame)
    for when in whens:
        span = doc.char_span(when.start, when.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in [span.root, *span.root.ancestors]:
            if tok.i in by_token:
                for frame in by_token[tok.i]:
                    if frame.when is None:
                        frame.when = when
                break
