"""Nesting checks over drafts: the bisect/sweep versions answer as the pairwise definitions do."""

from __future__ import annotations

import random

from newsgraph.extract.attribution.drafts import Draft
from newsgraph.extract.attribution.lexicon import CueVerb
from newsgraph.extract.attribution.nesting import cut_relative_counters, drop_nested, nest_according


class _Root:
    def __init__(self, dep: str) -> None:
        self.dep_ = dep


def _random_drafts(rng: random.Random, n: int) -> list[Draft]:
    drafts = []
    for _ in range(n):
        s = rng.randrange(0, 200)
        cue = rng.randrange(0, 220)
        d = Draft(content=(s, s + rng.randrange(1, 60)), cue_span=(cue, cue + 4),
                  verb=CueVerb("say", "assert", weak=rng.random() < 0.3),
                  form=rng.choice(["indirect", "direct", "mixed"]),
                  content_root=_Root(rng.choice(["ccomp", "dobj"])) if rng.random() < 0.8 else None)
        drafts.append(d)
    return drafts


def _pairwise_drop_nested(drafts: list[Draft]) -> list[Draft]:
    def reported(d: Draft) -> bool:
        return d.content_root is not None and d.content_root.dep_ == "ccomp"

    def nested(draft: Draft) -> bool:
        for d in drafts:
            if d is not draft and d.content[0] <= draft.cue_span[0] < d.content[1]:
                if draft.verb.weak or d.form != "indirect" or not reported(draft):
                    return True
        return False

    return [d for d in drafts if not nested(d)]


def test_drop_nested_matches_the_pairwise_definition():
    rng = random.Random(7)
    for _ in range(200):
        drafts = _random_drafts(rng, rng.randrange(0, 25))
        assert [id(d) for d in drop_nested(drafts)] == [id(d) for d in _pairwise_drop_nested(drafts)]


class _Tok:
    def __init__(self, text: str) -> None:
        self.text = text


class _Doc:
    def __getitem__(self, span: slice) -> _Tok:
        return _Tok(f"source{span.start}")


class _Head:
    doc = _Doc()


def test_nest_according_gives_the_first_host_in_list_order():
    rng = random.Random(11)
    for _ in range(200):
        drafts = _random_drafts(rng, rng.randrange(0, 20))
        for k, d in enumerate(drafts):
            d.according = rng.random() < 0.4
            d.speaker = (k, k + 1, _Head()) if rng.random() < 0.9 else None
        expected_nested, expected_out = {}, []
        for d in drafts:  # the pairwise definition
            host = None
            if d.according and d.cue_span:
                host = next((h for h in drafts if h is not d and not h.according
                             and h.content[0] <= d.cue_span[0] < h.content[1]), None)
            if host is not None and d.speaker is not None:
                expected_nested[id(host)] = f"source{d.speaker[0]}"
                continue
            expected_out.append(id(d))
        out = nest_according(drafts)
        assert [id(d) for d in out] == expected_out
        assert {id(d): d.nested for d in drafts if d.nested} == expected_nested


def test_cut_relative_counters_ends_the_outer_content_at_the_first_relative_clause():
    text = "blamed the rebels for the fire, which the rebels deny, who knows why, and more"
    which, who = text.index("which"), text.index("who ")
    outer = Draft(content=(0, len(text)))
    inner = Draft(content=(which, len(text)))
    later = Draft(content=(who, len(text)))
    quoted = Draft(content=(0, len(text)), form="direct")
    cut_relative_counters([outer, later, inner, quoted], text)
    assert text[outer.content[0] : outer.content[1]] == "blamed the rebels for the fire"
    assert text[inner.content[0] : inner.content[1]] == "which the rebels deny"
    assert quoted.content == (0, len(text))
