"""Coverage found on the events set's round-2 tune half, on invented text: gifts and donations (AID) named by
an amount of money or a part of one, and gift nouns with their giver or receiver."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def coded(text: str):
    return [(e.type, e.trigger.text, e.factuality) for e in analysed(text)[1]]


@pytest.mark.parametrize("text, expected", [
    # an amount of money is what giving gives ("gave $50,000"), and so is a part of one
    ("In 2030, the Kerrow Foundation gave $50,000 to the Varnia children's hospital.", ("AID", "gave", "asserted")),
    ("Senator Dunmore has given the Osterby relief fund hundreds of thousands of dollars.",
     ("AID", "given", "asserted")),
    ("The Kerrow Foundation gave gifts of cash to the Osterby clinic.", ("AID", "gave", "asserted")),
    # a gift noun with its giver, receiver or matter is a specific transfer, with its own factuality
    ("Dunmore's recent gifts to charity were small.", ("AID", "gifts", "asserted")),
    ("Public records show no gifts from Kerrow to the foundation since 2020.", ("AID", "gifts", "negated")),
])
def test_gifts_and_money_given_are_aid(text, expected):
    assert expected in coded(text)


@pytest.mark.parametrize("text", [
    "Senator Dunmore gave a speech to the Osterby council.",  # giving a speech gives nothing
    "The gifts were wrapped in red paper.",  # a gift noun alone names no act
])
def test_giving_no_money_and_bare_gift_nouns_are_no_aid(text):
    assert not [c for c in coded(text) if c[0] == "AID"]


@pytest.mark.parametrize("text, expected", [
    # phrasal verbs found on the round-2 tune half
    ("Senator Fiorina took on the Osterby governor directly in the debate.", ("ACCUSE", "took", "asserted")),
    ("Republicans are now completely unloading on Senator Halvorsen.", ("ACCUSE", "unloading", "asserted")),
    ("The Osterby board has decided against recommending charges for Kerrow.", ("REJECT", "decided", "asserted")),
    ("The Varnia ministry turned over all the emails to the Osterby council.", ("COOPERATE", "turned", "asserted")),
])
def test_phrasal_verbs_of_criticism_refusal_and_handing_over(text, expected):
    assert expected in coded(text)


def test_taking_on_a_thing_is_no_criticism():
    assert not [c for c in coded("The company took on new debt last year.") if c[0] == "ACCUSE"]


def test_choosing_someone_as_an_honour_is_support_and_signing_a_law_is_none():
    assert ("SUPPORT", "chose", "asserted") in coded(
        "The Osterby Herald chose Chancellor Halvorsen as its Person of the Year.")
    assert not [c for c in coded("Under the Transition Act, which Kerrow signed into law in March, the council "
                                 "must act.") if c[1] == "signed"]
    assert ("SUPPORT", "signed", "asserted") in coded("The two leaders signed a trade agreement in Osterby.")
