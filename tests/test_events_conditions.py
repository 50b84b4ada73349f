"""Conditions and questions decide factuality wherever they sit (docs/annotation/events.md, hypothetical):
the consequent of an if/unless clause is as unreal as the condition; a yes/no question asks, it announces
nothing; an intention inside a whether-clause is no stated AGREE; "as if" and "even if" are
no conditions; the local marker decides before a negation above it, a denial above negates all it
holds. Invented text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def kinds(text: str) -> set[tuple[str, str, str]]:
    return {(e.trigger.text, e.type, e.factuality) for e in analysed(text)[1]}


@pytest.mark.parametrize("text, expected", [
    ("If the Varnia council agrees, Karst police arrest the smugglers.", ("arrest", "COERCE", "hypothetical")),
    ("Karst police arrest the smugglers unless the Varnia council objects.", ("arrest", "COERCE", "hypothetical")),
    ("Will Senator Halvorsen endorse Kerrow?", ("endorse", "SUPPORT", "hypothetical")),  # asked, not announced
])
def test_a_consequent_or_a_question_is_hypothetical(text, expected):
    assert expected in kinds(text), kinds(text)


def test_an_intention_inside_a_whether_clause_is_no_agreement():
    got = kinds("It is unclear whether Senator Halvorsen will endorse Kerrow.")
    assert not any(t == "AGREE" for _, t, _ in got), got
    assert any(w == "endorse" and t == "SUPPORT" and f != "asserted" for w, t, f in got), got


@pytest.mark.parametrize("text, expected", [
    ("Senator Halvorsen criticized Kerrow as if the Varnia minister were a schoolboy.", ("criticized", "ACCUSE", "asserted")),
    ("Karst police arrested the smugglers even if the Varnia council objected.", ("arrested", "COERCE", "asserted")),
])
def test_a_comparison_or_a_concession_is_no_condition(text, expected):
    assert expected in kinds(text), kinds(text)


def test_an_ultimatum_or_a_conditional_offer_keeps_its_cameo_type():
    assert any(t == "THREATEN" for _, t, _ in kinds(
        "The Brask league says it will boycott the Mirel budget talks unless the Karsk governor apologises.")), "ultimatum"
    assert any(t == "AGREE" for _, t, _ in kinds(
        "Karsk is willing to send police to Mirel if the riots spread, Okafor said.")), "offer"


@pytest.mark.parametrize("text, expected", [
    ("Karst officials won't admit that they are going to support Kerrow.", ("support", "SUPPORT", "intended")),
    ("The Karst envoy did not say that he plans to visit the Varnia minister.", ("visit", "CONSULT", "intended")),
    ("The Karst Front denied that it was planning to attack the Varnia convoy.", ("attack", "ASSAULT", "negated")),
])
def test_the_local_marker_decides_and_a_denial_negates_all_it_holds(text, expected):
    assert expected in kinds(text), kinds(text)
