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
