"""Issue 13, the long tail of who said what, on invented text: odd quote marks, false cues, fused
speech acts, nested hearsay, passive and nominal attributions."""

from __future__ import annotations

import pytest

from newsgraph.extract.attribution.quotes import find_quotes, normalise_marks
from tests.test_attribution import _extract, _with


@pytest.mark.parametrize("text, inside", [
    ("‘‘The ferry is safe,’’ said Orla Venkman.", "The ferry is safe,"),
    ("′′We are ready,′′ the coach said.", "We are ready,"),
    ("He said: „Wir bleiben hier“, and left.", "Wir bleiben hier"),
    ("Marta Ilves said: »We stay here«.", "We stay here"),
    ("The mayor spoke.\n\n— We will not leave this town, — said the mayor.", "We will not leave this town,"),
    ("The mayor said:\n\n— We will not leave this town.", "We will not leave this town."),
])
def test_odd_marks_normalised_same_length(text, inside):
    clean = normalise_marks(text)
    assert len(clean) == len(text)
    assert [text[q.start : q.end] for q in find_quotes(clean)] == [inside]


def test_dash_lists_are_not_quotes():
    for text in ("Items:\n\n- apples and pears", "Costs rose.\n\n– Cheap items sold out in the first week"):
        assert find_quotes(normalise_marks(text)) == []


def test_two_single_closing_marks_end_the_quote():
    found = _extract("‘‘The ferry to Brenna is safe and will sail on Monday,’’ said Orla Venkman, the harbour chief.")
    quote = _with(found, "ferry to Brenna")
    assert quote.form == "direct" and quote.content.text == "The ferry to Brenna is safe and will sail on Monday"
    assert quote.speaker.text == "Orla Venkman"


def test_dash_introduced_quote_gets_its_speaker():
    found = _extract("The mayor of Brindleford spoke to the crowd.",
                     "— We will not leave this town to the floods, — said Mayor Orla Venkman.")
    quote = _with(found, "leave this town")
    assert quote.form == "direct" and quote.content.text.startswith("We will not leave")
    assert quote.speaker.resolved == "Orla Venkman"


def _cues(found) -> list[str]:
    return [a.cue.text for a in found if a.cue]


@pytest.mark.parametrize("text", [
    "Those who oppose the dam marched through Brindleford on Sunday.",
    "Organisations that seek funding must register with the council by March.",
    "The Velmar party can claim an easy victory in the northern districts.",
    "The bridge is expected to reopen in May.",
    "The season has shown how fragile the harbour economy of Brenna is.",
])
def test_false_cues_need_evidence(text):
    assert _extract(text) == ()


def test_evidence_cues_still_count_with_a_clause_or_a_speaker():
    assert _with(_extract("Orla Venkman opposes the new dam on the Lesk river."), "new dam").speaker.text == "Orla Venkman"
    assert _with(_extract("Velmar claimed that the vote had been rigged."), "vote had been rigged").cue.text == "claimed"
    assert _with(_extract("Research has shown that the harbour water is clean."), "harbour water").cue.text == "shown"


def test_fused_speech_acts_are_split():
    found = _extract("The opposition accused the ministry of hiding the accident report and warned that more "
                     "ferries could sink.")
    accused, warned = _with(found, "hiding the accident report"), _with(found, "more ferries could sink")
    assert accused is not warned and accused.cue.text == "accused" and warned.cue.text == "warned"
    assert "ferries" not in accused.content.text
    assert accused.stance == "accuse" and warned.stance != "accuse"
    assert accused.speaker.text == warned.speaker.text == "The opposition"


def test_relative_said_is_its_own_statement():
    found = _extract("The coastguard blamed the storm, which it said had sunk two boats near Brenna.")
    assert _with(found, "the storm").content.text == "the storm"
    sunk = _with(found, "sunk two boats")
    assert sunk.cue.text == "said" and sunk.content.text == "had sunk two boats near Brenna"


def test_relative_clause_on_the_agent_is_its_own_statement():
    found = _extract("The ferry plan is backed by Orla Venkman, who said that the boats would run again in May.")
    said = _with(found, "boats would run again")
    assert said.cue.text == "said" and said.content.text == "that the boats would run again in May"
    assert all("boats" not in a.content.text for a in found if a.cue.text == "backed")


def test_nested_hearsay_gives_outer_and_inner():
    found = _extract("Marta Ilves said her brother told her that the mine at Kessa would close.")
    outer, inner = _with(found, "her brother told"), next(a for a in found if a.cue.text == "told")
    assert outer is not inner
    assert outer.speaker.text == "Marta Ilves" and outer.nested_source == "her brother"
    assert inner.speaker.text == "her brother" and inner.via == "Marta Ilves"


@pytest.mark.parametrize("text, content, speaker", [
    ("The minister was accused on Wednesday of lying to parliament about the ferry contract.",
     "lying to parliament about the ferry contract", None),
    ("The mayor is accused by critics of ignoring the flood warnings.", "ignoring the flood warnings", "critics"),
])
def test_passive_accusations(text, content, speaker):
    found = _with(_extract(text), content)
    assert found.content.text == content and found.stance == "accuse" and found.cue.text == "accused"
    assert (found.speaker.text if found.speaker else None) == speaker


def test_nominal_cue_with_possessor():
    found = _with(_extract("Voters remember her promise that the harbour would stay open."), "harbour would stay open")
    assert found.cue.text == "promise" and found.speaker.text == "her"
