"""Factuality found on the events set's round-2 tune half, on invented text: a "before"/"until" phrase or
clause is as unreal as the act it is set by; "inclined to" is a disposition, not an act."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def factuality_of(text: str, trigger: str) -> str:
    return next(e.factuality for e in analysed(text)[1] if e.trigger.text == trigger)


@pytest.mark.parametrize("text, trigger, expected", [
    ('"I want to wait until I meet with Halvorsen," Kerrow said.', "meet", "hypothetical"),
    ("The Osterby council would send troops to the border before backing the Varnia plan.", "backing",
     "hypothetical"),
    ("Aides say Kerrow is probably inclined to endorse Halvorsen.", "endorse", "hypothetical"),
    # a real act's time clause stays what it was
    ("Police arrested six protesters before they met the mayor.", "met", "asserted"),
    ("Kerrow waited until he met Halvorsen in Osterby.", "met", "asserted"),
])
def test_a_time_clause_takes_the_unreality_of_its_act(text, trigger, expected):
    assert factuality_of(text, trigger) == expected
