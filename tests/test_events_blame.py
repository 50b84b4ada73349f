"""A plain "said" whose content runs someone down is a criticism (ACCUSE) by the speaker, read from the stance
layer's own words of negative evaluation and wrong acts; once, on the cue; never when the statement reports
an event of its own (that event is what was said)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def coded(text: str):
    return [(e.type, e.trigger.text, e.actor.name if e.actor else None) for e in analysed(text)[1]]


@pytest.mark.parametrize("text, speaker", [
    ('"His lack of judgment is disturbing to me," Halvorsen said of Dunmore.', "Halvorsen"),
    ('"He is flat-out dangerous," said Mirel, a former aide to Kerrow.', "Mirel"),
    ("Senator Halvorsen said Kerrow was careless with the budget.", "Halvorsen"),
])
def test_a_said_that_runs_someone_down_is_one_accuse_by_the_speaker(text, speaker):
    events = coded(text)
    accusations = [e for e in events if e[0] == "ACCUSE"]
    assert len(accusations) == 1
    assert accusations[0][1] == "said" and speaker in (accusations[0][2] or "")


@pytest.mark.parametrize("text", [
    '"It was a good meeting," Mirel said.',
    "The Varnia radio said the Karst rebels were preparing a major offensive against the army.",
])
def test_praise_or_a_reported_event_is_no_accusation(text):
    assert not [e for e in coded(text) if e[0] == "ACCUSE" and e[1] == "said"]


@pytest.mark.parametrize("text, speaker", [
    ('"Lena Okafor is a great leader," Halvorsen wrote.', "Halvorsen"),
    ('"She is the best negotiator we have," Mirel said.', "Mirel"),
])
def test_a_said_that_praises_a_person_is_one_support_by_the_speaker(text, speaker):
    supports = [e for e in coded(text) if e[0] == "SUPPORT"]
    assert len(supports) == 1
    assert supports[0][1] in ("said", "wrote") and speaker in (supports[0][2] or "")


@pytest.mark.parametrize("text", [
    '"It was a good meeting," Mirel said.',  # praise of a thing, no one supported
    '"Lena Okafor is not a great leader," Halvorsen wrote.',  # negated
    '"The ministry was doing its best," Mirel said.',  # no person praised
])
def test_praise_of_no_person_or_negated_is_no_support(text):
    assert not [e for e in coded(text) if e[0] == "SUPPORT"]
