"""Sense and argument constraints read from the patterns file, on invented text: keyed senses ("force out",
"blow up"), the object a passive participle modifies, an order that makes its event, a document's participle
as its issuer's act, a keyed pattern on a speech verb."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsgraph.model import HAPPENED

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def events_of(text: str):
    return analysed(text)[1]


def happened(events):
    return [(e.type, e.trigger.text) for e in events if e.factuality in HAPPENED and not e.background]


@pytest.mark.parametrize("text, expected", [
    # violence against property is COERCE (CAMEO 1712), against people ASSAULT
    ("Karst rebels blew up three power lines outside Ravensk on Monday.", ("COERCE", "blew")),
    ("Karst rebels blew up a bus full of soldiers outside Ravensk on Monday.", ("ASSAULT", "blew")),
    ("Armed settlers set fire to the offices of the Varnia land board overnight.", ("COERCE", "set")),
    # forcing people out is COERCE, an organisation out SANCTION (expel)
    ("The Varnia government forced the Harbour Relief agency out of the country.", ("SANCTION", "forced")),
    ("The Varnia army forced out two hundred villagers from their homes.", ("COERCE", "forced")),
    # an order makes the patrols; no wish
    ("The Osterby council has ordered patrols by police after the riots.", ("MOBILIZE", "patrols")),
    # a document's participle is its issuer's act, not background
    ("The Karst Front issued a declaration demanding that Varnia free its leader.", ("REQUEST", "demanding")),
    ("A Varnian journalist has been put under investigation in Osterby.", ("ACCUSE", "put")),
    # a keyed pattern on a speech verb ("declared a ceasefire") is no mere saying
    ("The Karst Front declared a unilateral ceasefire on Wednesday in south Ravensk.", ("RETREAT", "declared")),
])
def test_sense_and_coverage(text, expected):
    events = events_of(text)
    assert expected in happened(events), [(e.type, e.trigger.text, e.factuality, e.background) for e in events]


def test_the_issuer_of_a_declaration_is_the_actor():
    events = events_of("The Karst Front issued a declaration demanding that Varnia free its leader.")
    request = next(e for e in events if e.type == "REQUEST")
    assert request.actor is not None and "Karst" in request.actor.name


def test_a_released_plan_is_no_release():
    events = events_of("Lawmakers praised the nine-page plan released by the Varnia ministry on Tuesday.")
    assert "RETREAT" not in [e.type for e in events]


@pytest.mark.parametrize("text, kind", [
    ("Senator Halvorsen gave a preview of her plan on Monday.", "AID"),
    ("Governor Kerrow was eager to talk about the budget.", "CONSULT"),
    ("The Varnia ministry closed the old prison at Osterby last year.", "COERCE"),
    ("Governor Kerrow hosted a fundraiser in Osterby on Thursday.", "CONSULT"),
    ("The Varnia ministry met the deadline set by parliament.", "CONSULT"),
    ("Halvorsen said, asked about the delay in an interview, that the vote would go ahead.", "REQUEST"),
    ("Delegates at Thursday's summit of the Harbour Coalition cheered loudly.", "CONSULT"),
    ("Mayor Ott was phoning into several television networks on Sunday.", "CONSULT"),
])
def test_no_event_in_another_sense(text, kind):
    events = events_of(text)
    assert kind not in [e.type for e in events], [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("text, expected", [
    ("The Karst army closed the border with Varnia on Sunday.", ("COERCE", "closed")),
    ("Governor Kerrow hosted the Varnia envoy in Osterby on Thursday.", ("CONSULT", "hosted")),
    ("The Varnia ministry gave the Karst region five million dollars of aid.", ("AID", "gave")),
    ("Governor Kerrow talked with the Varnia envoy on Thursday.", ("CONSULT", "talked")),
])
def test_the_sense_that_is_an_event_stays(text, expected):
    assert expected in happened(events_of(text))


@pytest.mark.parametrize("text, expected", [
    ("Governor Kerrow brushed off the report's findings on Monday.", ("REJECT", "brushed")),
    ("The Varnia ministry ignored the council's demand for new elections.", ("REJECT", "ignored")),
    ("Senator Halvorsen railed against the Karst delegation on Monday.", ("ACCUSE", "railed")),
    ("Mayor Ott took issue with the governor's budget on Monday.", ("ACCUSE", "took")),
    ("Senator Halvorsen questioned the governor's commitment to the accord.", ("ACCUSE", "questioned")),
    ("The Osterby council embraced the governor's plan on Monday.", ("SUPPORT", "embraced")),
])
def test_verbal_conflict_and_support_verbs(text, expected):
    assert expected in happened(events_of(text)), [(e.type, e.trigger.text) for e in events_of(text)]


def test_questioning_a_witness_is_no_accusation():
    events = events_of("The board asked to question the governor under oath about the emails.")
    assert "ACCUSE" not in [e.type for e in events], [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("text, kind", [
    ("Spokeswoman Nicole Varn declined comment on the filing.", "REJECT"),
    ("Governor Kerrow accepted interviews with three networks on Thursday.", "AGREE"),
    ("The businessman insisted that his position would be strongest in the talks.", "REQUEST"),
    ("And the full threat that Mayor Ott offers our country is clear.", "AGREE"),
])
def test_no_speech_act_in_another_sense(text, kind):
    events = events_of(text)
    assert kind not in [e.type for e in events if e.factuality in HAPPENED], [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("text, expected", [
    ("Lawmakers in Osterby have continued to block his efforts to close the camp.", ("REJECT", "block")),
    ("About two hundred farmers blocked roads in the capital on Sunday.", ("PROTEST", "blocked")),
    ("Karst shoppers boycotted the Varnia products in protest on Monday.", ("PROTEST", "boycotted")),
    ("The Karst Front boycotted the talks in Osterby on Monday.", ("REJECT", "boycotted")),
    ("Governor Kerrow defended his record on the budget on Monday.", ("REJECT", "defended")),
    ("Governor Kerrow defended the Varnia envoy against the criticism.", ("SUPPORT", "defended")),
])
def test_close_categories_by_object(text, expected):
    assert expected in happened(events_of(text)), [(e.type, e.trigger.text) for e in events_of(text)]


def test_peacekeepers_arriving_are_aid_not_a_visit():
    events = events_of("The first contingent of Varnian peacekeeping troops arrived in Ravensk on Tuesday.")
    assert ("AID", "arrived") in happened(events), [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("text", [
    "The Mirel port office released another 300 sheets of its tide records on Sunday.",
    "The Brask cooperative has released their harvest figures.",
    "The latest release covers six maps of the Kerrow coast.",
    "A strange report was released yesterday about the Karsk harbour.",
])
def test_releasing_no_one_held_is_no_retreat(text):
    assert "RETREAT" not in [e.type for e in events_of(text)]


@pytest.mark.parametrize("text", [
    "The Karst Front released two Varnian journalists on Friday.",
    "The Varnia navy released the seized tanker on Friday.",
    "The Karst Front released them on Friday.",
    "In Ostmark the prompt release of two Karst journalists was slow on Monday.",
    "In Ostmark the prisoners' prompt release was slow on Monday.",
])
def test_releasing_people_or_seized_property_is_a_retreat(text):
    assert "RETREAT" in [e.type for e in events_of(text)], [(e.type, e.trigger.text) for e in events_of(text)]


@pytest.mark.parametrize("text", [
    "The Varnia ministry helped the Karst farmers prepare for the floods.",
    "The Ostmark bank announced it would buy bonds to help stabilise the currency.",
])
def test_helping_someone_do_something_is_no_aid(text):
    assert "AID" not in [e.type for e in events_of(text)], [(e.type, e.trigger.text) for e in events_of(text)]


def test_helping_someone_is_aid():
    assert "AID" in [e.type for e in events_of("The Varnia army helped the Karst flood victims on Friday.")]


@pytest.mark.parametrize("text, requested", [
    ("Three Karsk mayors seeking the nomination met in Mirel on Sunday.", False),
    ("On Sunday the Mirel Courier sought the old ferry records.", False),
    ("The Karst Front sought help from the Varnia government on Monday.", True),
])
def test_seeking_an_office_or_details_is_no_request(text, requested):
    assert ("REQUEST" in [e.type for e in events_of(text)]) is requested, [(e.type, e.trigger.text) for e in events_of(text)]


@pytest.mark.parametrize("text, visited", [
    ("The Varnia president received the Karst envoy in Ravensk on Monday.", True),
    ("Hardly any Karsk fishermen are receiving it this winter.", False),
    ("Okafor counted the grain the Brask farm had received from Karsk.", False),
])
def test_receiving_is_a_visit_only_of_someone(text, visited):
    assert ("CONSULT" in [e.type for e in events_of(text)]) is visited, [(e.type, e.trigger.text) for e in events_of(text)]


@pytest.mark.parametrize("text, etype", [
    ("The two Varnia candidates attacked each other's records during the debate.", "ACCUSE"),  # the guideline
    ("Lena Okafor tried to attack the rules the Karsk board made for the ferry budget.", "ACCUSE"),
    ("Karst rebels attacked army positions near Ravensk on Monday.", "ASSAULT"),
])
def test_attacking_a_record_or_a_law_is_a_verbal_attack(text, etype):
    assert [e.type for e in events_of(text) if e.trigger.text == "attacked" or e.trigger.text == "attack"] == [etype]
