"""Stance read from the whole attribution (docs/annotation/stance.md): cue, particle, construction, content.

Invented sentences, each through the extractor (the pipeline) and through the gold-spans path
(``stance_for_spans``) on the spans the extractor found, which must agree.
"""

from __future__ import annotations

import pytest

from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.attribution.stance_read import cue_only_stance, stance_for_spans
from newsgraph.model import Article


def _read(sentence: str, words: str):
    from newsgraph.nlp import get_nlp

    article = Article(id="t", source_file="t.txt", headline=None, text=sentence, paragraphs=(sentence,))
    doc = get_nlp()(sentence)
    found = [a for a in extract_attributions(article, doc) if words.lower() in a.content.text.lower()]
    assert found, f"no attribution holds {words!r}"
    a = found[0]
    cue = (a.cue.start, a.cue.end) if a.cue else None
    return a.stance, stance_for_spans(doc, cue, (a.content.start, a.content.end)), cue_only_stance(doc, cue)


@pytest.mark.parametrize("sentence, words, stance", [
    ("The army ruled out any role in the blast at the Fenwick depot.", "role in the blast", "deny"),
    ("Mayor Tilda Orvane called the decision to close the ferry \"a dangerous step backwards\".", "step backwards", "reject"),
    ("Councillor Brask blasted the harbour plan as a betrayal of the fishermen.", "betrayal", "reject"),
    ("Councillor Brask blasted the harbour master as a liar who had stolen the fund.", "liar", "accuse"),
    ("Minister Havel Quorn said she regretted the ruling on the Vessa quays.", "regretted the ruling", "reject"),
    ("\"We will not apologise for defending our coast,\" Minister Quorn said.", "apologise", "reject"),
    ("Director Pell said the letter was indeed signed by the board.", "indeed signed", "verify"),
    ("The Ostrava Bank did indeed sign the letter, spokesman Ivo Renk admitted.", "sign the letter", "verify"),
    ("Officials at the Brenna port would not say how many trucks were held.", "how many", "no_comment"),
    ("The Fenwick police said two men were arrested near the harbour on Monday.", "two men were arrested", "report"),
    ("According to the ministry, 40 trucks crossed the Vessa bridge on Monday.", "40 trucks", "report"),
    ("Mayor Orvane said the ferry tax was the fairest option the town had.", "fairest option", "assert"),
    ("The union urged its members to vote yes on the Brenna contract.", "vote yes", "assert"),
    ("Mayor Orvane rejected the union's claim that the Brenna ferry was unsafe.", "ferry was unsafe", "deny"),
    ("\"She lied to me about the ferry,\" Councillor Brask said.", "lied to me", "accuse"),
    # "accused X of ...", "criticised X for ...": a wrongdoer and the wrong, even when it concerns a plan
    ("The union accused the harbour board of mishandling the ferry plan.", "ferry plan", "accuse"),
    ("Councillor Brask criticised the harbour master for delaying the vote on the ferry plan.", "ferry plan", "accuse"),
    ("Councillor Brask criticised the ferry plan on Monday.", "ferry plan", "reject"),
])
def test_stance_reads_the_construction(sentence, words, stance):
    pipeline, spans, _ = _read(sentence, words)
    assert pipeline == stance
    assert spans == stance


def test_cue_lexicon_baseline_reads_only_the_cue():
    # the baseline sees "called" (assert) and "ruled" (assert); the full reading sees the construction
    assert _read("The army ruled out any role in the blast at the Fenwick depot.", "role in the blast") == (
        "deny", "deny", "assert")
    assert _read("Mayor Tilda Orvane called the decision to close the ferry \"a dangerous step backwards\".",
                 "step backwards")[2] == "assert"


def test_a_prosecutor_announcing_a_plea_deal_is_not_an_accusation():
    pipeline, spans, _ = _read("Prosecutor Lena Vask announced a plea deal with the two Fenwick brothers on Friday.",
                               "plea deal")
    assert pipeline == spans == "report"


def test_a_cue_with_a_preposition_reads_as_one_verb():
    from newsgraph.nlp import get_nlp

    text = "The Brenna council voted against the harbour plan on Monday."
    doc = get_nlp()(text)
    cue = (text.index("voted"), text.index("voted") + len("voted against"))
    content = (text.index("the harbour plan"), text.index(" on Monday"))
    assert stance_for_spans(doc, cue, content) == "reject"
    assert cue_only_stance(doc, cue) == "assert"
