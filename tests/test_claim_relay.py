"""Does a text state the claim or only relay it? ``link.claimcheck.relay`` on invented sentences: the
matching words inside an attribution, in quotation marks, under a hedge or in a question keep the text at a
distance (FNC-1 "discuss", Emergent "observing"); in the outlet's own voice they state it."""

from __future__ import annotations

import pytest

from newsgraph.api import analyze
from newsgraph.link.claimcheck import judge
from newsgraph.link.claimcheck.features import Body, read_body, read_pair
from newsgraph.link.claimcheck.relay import Span, carriage, relay_features
from newsgraph.words import keywords, shared_words

CLAIM = "The port authority closed the northern pier of Velmar harbour"

# Invented: one sentence for each way of carrying the claim.
ARTICLE = ("The port authority closed the northern pier of Velmar harbour on Monday after a crane fell.\n\n"
           "Fishermen said the port authority had closed the northern pier of Velmar harbour.\n\n"
           "The northern pier of Velmar harbour may reportedly stay shut for weeks.\n\n"
           "Traders wondered aloud on Tuesday. Will the port authority keep the northern pier of Velmar harbour closed?\n\n"
           "Bakers in Ostend sold rye bread at the annual fair on Saturday.")


@pytest.fixture(scope="module")
def article():
    return analyze(ARTICLE).articles[0]


def test_each_matching_sentence_is_read_for_how_it_carries_the_claim(article):
    body = read_body(article)
    text = article.text
    assert body.sentence_marks == (0, 0, 1, 0, 2, 0)  # hedged (bit 1), asked (bit 2)
    # the second sentence's matching words are inside the fishermen's attribution
    second = body.spans[1]
    said = [Span(s, e, kw) for (s, e), kw in zip(body.attribution_spans, body.attribution_keywords)]
    assert any(s.start >= second[0] and s.end <= second[1] for s in said)
    claim = keywords(CLAIM)
    got = [carriage(s, e, shared_words(claim, kw), m, said, body.quotes)
           for (s, e), kw, m in zip(body.spans, body.sentence_keywords, body.sentence_marks)]
    assert got == ["stated", "attributed", "hedged", "stated", "asked", "stated"]
    assert text[body.spans[0][0]:body.spans[0][1]].startswith("The port authority closed")
    assert Body.from_json(body.to_json()) == body


def test_quoted_words_keep_the_distance_only_when_they_hold_the_claim():
    quote = Span(10, 40, frozenset({"pier", "closed", "velmar"}))
    elsewhere = Span(10, 40, frozenset({"bread"}))
    matched = ["closed", "pier", "velmar", "harbour"]
    assert carriage(0, 60, matched, 0, [], [quote]) == "quoted"
    assert carriage(0, 60, matched, 0, [], [elsewhere]) == "stated"
    assert carriage(100, 160, matched, 0, [], [quote]) == "stated"  # a quotation in another sentence


def test_relay_features_weigh_the_matching_sentences():
    f = relay_features([(1.0, "stated"), (0.6, "attributed"), (0.2, "hedged")], "stated")
    assert f["best_stated"] == 1.0 and f["best_attributed"] == 0.0
    assert f["stated_weight"] == pytest.approx(1.0 / 1.8)
    assert f["matching_stated"] == pytest.approx(0.6931, abs=1e-4)  # log1p(1): 0.2 is below MATCHING
    assert f["lead_stated"] == 1.0 and f["lead_relayed"] == 0.0
    none = relay_features([], None)
    assert none["best_stated"] == 0.0 and none["lead_relayed"] == 0.0 and none["stated_weight"] == 0.0


@pytest.mark.parametrize("headline, stance", [
    ("The port authority has closed the northern pier of Velmar harbour", "agree"),
    # a supporting word ("has been") no longer outweighs the hedge around it
    ("The northern pier of Velmar harbour has been closed by the port authority, unverified posts claim", "discuss"),
    ("Port authority \"closed the northern pier of Velmar harbour\"", "discuss"),
    ("Port authority 'closed the northern pier of Velmar harbour' after crane fell", "discuss"),
    ("Port authority denies it closed the northern pier of Velmar harbour", "disagree"),
])
def test_a_headline_that_relays_the_claim_discusses_it(headline, stance):
    found = judge(CLAIM, analyze(headline).articles[0], related_known=True)
    assert found.stance == stance


def test_the_best_sentence_carriage_is_on_the_reading(article):
    assert read_pair(CLAIM, article).carried == "stated"
    relayed = analyze("Fishermen said the port authority had closed the northern pier of Velmar harbour.").articles[0]
    assert read_pair(CLAIM, relayed).carried == "attributed"


def test_single_marks_quote_in_a_headline_but_an_apostrophe_does_not():
    from newsgraph.extract.attribution.quotes import find_single_quotes

    text = "Harbour master's crew 'closed the pier', the boys' club says it 'never' heard"
    assert [text[s:e] for s, e in find_single_quotes(text)] == ["closed the pier", "never"]
    assert find_single_quotes("The harbour master's crew didn't close the boys' pier") == []


# Invented title-case headlines (the headline style the parse reads fewest attributions in): each relays the
# claim through a distance marker the hedging list gained on 2026-12-02 -- a reporting verb or anonymous
# source, an open question, an expectation, a suspicion, an inquiry, a belief -- and so discusses it.
@pytest.mark.parametrize("headline", [
    "Port Authority Closed The Northern Pier Of Velmar Harbour, Harbour Master Says",
    "Port Authority Closed The Northern Pier Of Velmar Harbour, Sources Tell Local Radio",
    "Port Authority Expected To Close The Northern Pier Of Velmar Harbour",
    "Port Authority Suspected Of Closing The Northern Pier Of Velmar Harbour",
    "Police Investigating Whether Port Authority Closed The Northern Pier Of Velmar Harbour",
    "Port Authority Closed The Northern Pier Of Velmar Harbour For Reasons Still Unclear",
    "Mayor Believes Port Authority Closed The Northern Pier Of Velmar Harbour",
])
def test_a_headline_relaying_the_claim_through_a_distance_marker_discusses_it(headline):
    found = judge(CLAIM, analyze(headline).articles[0], related_known=True)
    assert found.stance == "discuss"


def test_the_same_headline_without_the_marker_agrees():
    stated = "Port Authority Closed The Northern Pier Of Velmar Harbour For Repairs"
    assert judge(CLAIM, analyze(stated).articles[0], related_known=True).stance == "agree"
