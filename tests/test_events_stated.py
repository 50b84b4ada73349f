"""Factuality by the guideline (docs/annotation/events.md), on invented text: a stated intention keeps its
act's type (intended, or negated) and the statement is the AGREE or REJECT; a question is not negated by what
is said of it; an owned act is presupposed; a speaker's own speech act inside their words is asserted; event
nouns that name their speaker; the events scorer counts one labelled mention per trigger."""

from __future__ import annotations

import sys
from pathlib import Path

from newsgraph.evaluate.events import system_events
from newsgraph.model import Actor, Article, Event, Span

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402


def events_of(text: str):
    return analysed(text)[1]


def by_trigger(events):
    return {(e.trigger.text, e.type): e.factuality for e in events}


def test_a_stated_intention_keeps_its_type_and_the_statement_is_the_agree():
    got = by_trigger(events_of("The Varnia ministry said on Monday that it would cooperate with the inquiry."))
    assert got.get(("cooperate", "COOPERATE")) == "intended", got
    assert got.get(("said", "AGREE")) == "asserted", got


def test_a_stated_refusal_is_negated_and_the_statement_a_reject():
    got = by_trigger(events_of("Karst officials said on Monday that they would not back the Osterby accord."))
    assert got.get(("back", "SUPPORT")) == "negated", got
    assert got.get(("said", "REJECT")) == "asserted", got


def test_a_question_is_hypothetical_not_negated():
    got = by_trigger(events_of("It was not clear whether the Karst Front could block the vote in Osterby."))
    assert got.get(("block", "REJECT")) == "hypothetical", got


def test_an_owned_act_is_presupposed():
    got = by_trigger(events_of("The Varnia ministry did not follow the council's demand for new elections."))
    assert got.get(("demand", "REQUEST")) == "asserted", got


def test_the_speakers_own_speech_act_is_asserted_and_a_third_partys_act_reported():
    got = by_trigger(events_of("Mirel Dunmore said on Friday that she supports the Osterby accord."))
    assert got.get(("supports", "SUPPORT")) == "asserted", got
    got = by_trigger(events_of("Harbour aides said the envoy had met rebel leaders in Ravensk."))
    assert got.get(("met", "CONSULT")) == "reported", got


def test_a_speech_act_noun_that_names_its_speaker_is_an_event():
    got = by_trigger(events_of("The Osterby council opposed a records request by the Harbour Watch group."))
    assert ("request", "REQUEST") in got, got


def test_the_scorer_counts_one_mention_per_trigger_and_type():
    text = "Envoys met Varnia and Karst."
    met = Span(7, 10, "met")
    rows = [Event(id=f"v{n}", type="CONSULT", text=text, start=0, end=len(text), trigger=met,
                  actor=Actor("Envoys"), target=Actor(name)) for n, name in enumerate(("Varnia", "Karst"))]
    rows.append(Event(id="v3", type="AGREE", text=text, start=0, end=len(text), trigger=met))
    article = Article(id="t", source_file="t", headline=None, text=text, paragraphs=(text,), events=tuple(rows))
    assert [(s.start, s.end, s.type) for s in system_events(article)] == [(7, 10, "CONSULT"), (7, 10, "AGREE")]


def _actor(text: str, kind: str) -> str | None:
    event = next(e for e in events_of(text) if e.type == kind)
    return event.actor.name if event.actor else None


def test_the_named_apposition_is_the_actor():
    assert "Harbour Watch" in (_actor("The court heard a records request by the conservative legal group "
                                      "Harbour Watch on Monday.", "REQUEST") or "")


def test_criticism_from_someone_is_theirs_not_the_criticised():
    assert _actor("The Osterby plant faced criticism from Karst unions on Monday.", "ACCUSE") == "Karst unions"


def test_an_event_noun_is_no_target():
    events = events_of("Officials discussed the FBI investigation on Monday.")
    assert all(e.target is None or "investigation" not in e.target.name for e in events), [
        (e.type, e.target) for e in events]


def test_a_negated_attack_is_no_refusal_to_comment():
    article, _ = analysed("The senator did not attack her rival in the debate.")
    assert "no_comment" not in [a.stance for a in article.attributions]


def test_a_negated_intention_is_the_act_negated_not_a_refusal():
    got = by_trigger(events_of("The Karst union would not back the governor's plan."))
    assert got.get(("back", "SUPPORT")) == "negated" and ("back", "REJECT") not in got, got


def test_an_event_noun_a_light_verb_carries_in_indirect_speech_is_reported():
    got = by_trigger(events_of("Ana Brask said Okafor placed two urgent calls to the Karsk consul in March."))
    assert got.get(("calls", "CONSULT")) == "reported", got
    got = by_trigger(events_of("Brask said the harbour police, who are running a separate investigation, questioned Okafor."))
    assert got.get(("investigation", "ACCUSE")) == "asserted", got  # a relative clause: presupposed


def test_what_an_accusation_blames_its_target_for_is_the_accusers_claim():
    got = by_trigger(events_of("Mirel Dunmore accused Senator Kerrow of sexual assault on Monday."))
    assert got.get(("sexual assault", "ASSAULT"), got.get(("assault", "ASSAULT"))) == "reported", got


def test_an_alleged_act_is_reported():
    got = by_trigger(events_of("Okafor visited Brask two days after the alleged attack on the Mirel depot."))
    assert got.get(("attack", "ASSAULT")) == "reported", got
    got = by_trigger(events_of("Okafor visited Brask two days after the attack on the Mirel depot."))
    assert got.get(("attack", "ASSAULT")) == "asserted", got


def test_a_planned_protest_is_an_intended_protest_a_planned_attack_a_threat():
    got = by_trigger(events_of("Mirel dockworkers plan to protest outside the Karsk town hall on Sunday."))
    assert got.get(("protest", "PROTEST")) == "intended", got
    got = by_trigger(events_of("The Karst rebels plan to attack the Varnia capital on Thursday."))
    assert ("attack", "THREATEN") in got, got


def test_a_proposed_act_is_intended_and_no_threat():
    got = by_trigger(events_of("Councillor Halvorsen has proposed banning Brask fishing boats from the Mirel quay for a month."))
    assert got.get(("banning", "COERCE")) == "intended", got
