"""A verb of violence between two named persons is its verbal sense (docs/annotation/events.md: verbal vs
material); troops, gunmen and a weapon keep it an assault. Invented text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def types_of(text: str, word: str) -> list[str]:
    return [e.type for e in analysed(text)[1] if e.trigger.text == word]


@pytest.mark.parametrize("text, word, etype", [
    ("Senator Marta Kerrow attacked Governor Ilse Halvorsen on Tuesday.", "attacked", "ACCUSE"),
    ("Senator Marta Kerrow fought Governor Ilse Halvorsen in the Varnia senate.", "fought", "REJECT"),
])
def test_one_named_person_against_another_is_verbal(text, word, etype):
    assert types_of(text, word) == [etype], analysed(text)[1]


@pytest.mark.parametrize("text, word", [
    ("Karst gunmen attacked Governor Ilse Halvorsen in Ravensk on Tuesday.", "attacked"),
    ("Marta Kerrow attacked Ilse Halvorsen with a knife in Ravensk.", "attacked"),
])
def test_armed_doers_and_weapons_keep_the_assault(text, word):
    assert types_of(text, word) == ["ASSAULT"], analysed(text)[1]
