"""Issue 13, sources written as PolNeAR marks them, on invented text: a relative pronoun is the
speaker as written and resolves to the noun its clause describes."""

from __future__ import annotations

from tests.test_attribution import _extract, _with


def test_relative_pronoun_is_the_speaker_written_and_resolves_to_its_noun():
    found = _extract("The ferry plan won support from Senator Orla Venkman of Brindleford, who said that the new ferry "
                     "would cut the crossing to twenty minutes.")
    claim = _with(found, "cut the crossing")
    assert claim.speaker.text == "who"
    assert claim.speaker.resolved == "Orla Venkman"


def test_relative_which_resolves_to_the_body():
    found = _extract("The talks were hosted by the Brindleford Harbour Board, which argued that the dredging "
                     "had to start before the spring tides.")
    claim = _with(found, "dredging")
    assert claim.speaker.text == "which"
    assert "Harbour Board" in claim.speaker.resolved
