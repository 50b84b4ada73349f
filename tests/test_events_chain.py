"""The trigger's clause chain (issue 12): what governs a trigger decides whether it happened -- a shared
subject and auxiliary in coordination, a noun of intention, attempt or possibility over a to-infinitive or
of-phrase, a negated governing noun, a subject naming no one, curly-apostrophe auxiliaries -- and a doer that
is a thing makes no event. Invented text, the pipeline's components in order."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def kinds(text: str):
    _, events = analysed(text)
    return [(e.type, e.factuality) for e in events]


@pytest.mark.parametrize("text, etype, factuality", [
    # coordination: the second verb shares the first's subject and its "did not" / "will" / "could"
    ("The Karst rebels did not attack or seize the town of Ravensk.", "COERCE", "negated"),
    ("Karst senators will meet the envoy and investigate the Varnia minister.", "ACCUSE", "intended"),
    ("The Varnia government plans to meet the envoy and to release the Karst prisoners.", "RETREAT", "intended"),
    # a noun over a to-infinitive or an of-phrase
    ("The Varnia council made a promise to give aid to the Ravensk refugees.", "AID", "intended"),
    ("The Karst police made an effort to arrest the Varnia minister.", "COERCE", "attempted"),
    ("Karst lawmakers held out the possibility of releasing the Varnia prisoners.", "RETREAT", "hypothetical"),
    # a negated governing noun, a subject naming no one
    ("The Karst Front has no intention of releasing the Varnia prisoners.", "RETREAT", "negated"),
    ("None of the Karst senators endorsed the Varnia minister.", "SUPPORT", "negated"),
    # "going to" is a future
    ("The Karst army is going to release the Varnia prisoners.", "RETREAT", "intended"),
    ("Dunmore fears the Karst envoy is going to get arrested in Varnia.", "COERCE", "hypothetical"),  # befalls him
    # curly apostrophes read as straight ones; "'d" before a bare verb is "would"
    ("The Karst envoy said he\u2019d meet the Varnia minister in Osterby.", "CONSULT", "hypothetical"),
])
def test_the_chain_decides(text, etype, factuality):
    got = kinds(text)
    assert (etype, factuality) in got, got


def test_a_curly_apostrophe_reads_as_a_straight_one():
    curly = kinds("The Karst union said they\u2019ll march on the Varnia ministry.")
    assert curly == kinds("The Karst union said they'll march on the Varnia ministry.")
    assert ("PROTEST", "asserted") not in curly and curly, curly


@pytest.mark.parametrize("text, etype, factuality", [
    ("The Karst senators did not meet the envoy but criticised the Varnia minister.", "ACCUSE", "asserted"),
    ("The Karst rebels attacked the town and the Varnia army withdrew.", "RETREAT", "asserted"),
    ("Karst officials had seized the port, the envoy said she\u2019d heard.", "COERCE", "reported"),
])
def test_what_the_chain_leaves_alone(text, etype, factuality):
    """A contrasted conjunct, a conjunct with its own subject, "'d" before a participle ("had")."""
    got = kinds(text)
    assert (etype, factuality) in got, got


def test_a_thing_as_the_doer_makes_no_event_a_group_noun_does():
    assert not [t for t, _ in kinds("The new budget helped the Ravensk farmers.") if t == "AID"]
    assert not [t for t, _ in kinds("The Ravensk poll urged the Varnia minister to resign.") if t == "REQUEST"]
    # a letter carries its sender's speech act
    assert "REQUEST" in [t for t, _ in kinds("The Karst council's letter urged the Varnia minister to resign.")]
    assert ("AID", "asserted") in kinds("The Karst foundation helped the Ravensk farmers.")
    assert any(t == "AID" for t, _ in kinds("Varnia helicopters evacuated injured villagers from Ravensk."))


def test_a_statement_that_blames_is_an_accusation_on_its_cue():
    """A source's own words of censure or unfitness ("worrying", "dysfunctional") make the statement an
    ACCUSE by the source (events/reported.py, blame_words), once, on the cue."""
    got = kinds("Varnia's handling of the port is worrying and dysfunctional, Mirel Dunmore said.")
    assert got.count(("ACCUSE", "asserted")) == 1, got


def test_an_answer_that_says_no_is_a_rejection_a_plain_say_is_not():
    assert ("REJECT", "asserted") in kinds(
        "Asked whether the Varnia council would pay the Karst envoy, Mirel Dunmore replied that it would not.")
    assert ("REJECT", "asserted") in kinds("\u201cNo,\u201d replied Mirel Dunmore, the Varnia minister.")
    assert ("REJECT", "asserted") not in kinds("Mirel Dunmore said she did not know the Varnia envoy.")


def types(text: str):
    return [t for t, _ in kinds(text)]


def test_a_win_at_the_polls_is_no_assault_a_killing_of_election_workers_is():
    assert "ASSAULT" not in types("Mirel Dunmore beat Halvorsen 53 to 38 percent in the Varnia primary.")
    assert "THREATEN" not in types("A poll found that Dunmore would beat Halvorsen by two points.")
    assert "ASSAULT" in types("Karst gunmen killed five election workers in Ravensk.")


@pytest.mark.parametrize("text", [
    "Varnia politicians often attack the Karst press.",
    "In Varnia, unrest tends to erupt when the Karst army arrests students.",
    "There is a quiet corner of Varnia for sailors who never help their crewmates.",
])
def test_a_habit_or_a_kind_is_no_event(text):
    got = kinds(text)
    assert not [k for k in got if k[0] in ("ACCUSE", "AID", "PROTEST")], got


def test_a_headline_present_is_still_an_event():
    assert "ASSAULT" in types("Karst rebels attack Varnia convoy near Ravensk")


@pytest.mark.parametrize("text, etype, factuality", [
    ("The Varnia minister wants Dunmore's arrest.", "COERCE", "hypothetical"),
    ("The Karst council would consider Varnia's offer.", "AGREE", "hypothetical"),
    ("The Karst council is unlikely to win the endorsement of the Varnia union.", "SUPPORT", "hypothetical"),
    ("The Varnia minister rejected the request from the Karst council.", "REQUEST", "asserted"),
])
def test_an_event_noun_takes_the_class_of_the_verb_seeking_it(text, etype, factuality):
    got = kinds(text)
    assert (etype, factuality) in got, got


def test_a_quoted_paragraph_with_no_speaker_found_is_still_reported():
    got = kinds("\u201cThe Varnia police arrested six of our members in Ravensk.\u201d")
    assert ("COERCE", "reported") in got, got


@pytest.mark.parametrize("before, inside", [
    ('He said: "the army', True),
    ('"We left," he said. The army', False),
    ("\u201cHe called it \u201ca farce\u201d and the army", True),  # nested curly marks
    ('"You know what I want?\u201d he said. The army', False),  # opened straight, closed curly
])
def test_open_quote(before, inside):
    from newsgraph.extract.events.reported import _open_quote

    assert _open_quote(before) is inside


@pytest.mark.parametrize("text, gone", [
    ("Just ask the Varnia minister.", "REQUEST"),  # a bidding in the outlet's voice (a quoted one is a request)
    ("Pressed by the Karst anchor on what might lead him to stand, Dunmore hedged.", "REQUEST"),  # a question
    ("The Karst senator suspended her bid for the council in the spring.", "SANCTION"),  # dropping out
    ("\u201cThe Karst mayor can only win it back by demonstrating that she has learned patience,\u201d Dunmore said.", "PROTEST"),
])
def test_no_event_where_the_sense_or_the_mood_is_not_one(text, gone):
    assert gone not in types(text), kinds(text)


def test_a_noun_pattern_with_a_longer_key_is_read_under_that_key():
    """"his call for a ban" is the REQUEST "call for", not a phone call needing someone phoned."""
    assert "REQUEST" in types("The Karst council cited Dunmore's call for a ban on Varnia imports.")


@pytest.mark.parametrize("text", [
    "Among Karsk residents surveyed last week, Okafor beats Brask 51-47.",
    "The new poll shows Okafor beating Brask 53 to 44 percent.",
])
def test_a_score_after_a_named_object_is_a_contest_no_assault(text):
    assert "ASSAULT" not in types(text)


def test_a_count_of_victims_is_no_score():
    assert "ASSAULT" in types("Karst gunmen killed 42 villagers in Ravensk on Monday.")
    assert "ASSAULT" in types("Karst aircraft killed 4 Varnians in Ravensk on Monday.")  # a name after its count


@pytest.mark.parametrize("text, kind", [
    ("The new bill was tabled on Monday. Senator Kerrow, who strongly opposes the Karst Front, spoke first.", "REJECT"),
    ("The new bill was tabled on Monday. Predictably, Councillor Mirel supports the tariff.", "SUPPORT"),
])
def test_a_standing_position_in_the_present_is_no_event(text, kind):
    assert kind not in types(text)


def test_a_standing_position_said_by_its_holder_or_in_a_headline_is_an_event():
    assert "SUPPORT" in types("The bill was tabled. Mirel Dunmore said on Friday that she supports the Osterby accord.")
    assert "SUPPORT" in types("Senator Kerrow backs Karst accord")
