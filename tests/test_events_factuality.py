"""Did it happen? Factuality classes, sense constraints, background clauses and verbal events read from
the attribution records, on invented text (entities and attributions first, as the pipeline runs them)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsgraph.model import FACTUALITY, HAPPENED, Event, replace

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_events import analysed  # noqa: E402
from conftest_store import store_target  # noqa: E402,F401


def events_of(text: str):
    return analysed(text)


def kinds(events):
    return [(e.type, e.factuality) for e in events]


@pytest.mark.parametrize("text, etype, factuality", [
    ("Rebel fighters attacked the convoy near Ravensk on Sunday.", "ASSAULT", "asserted"),
    ("Rebel fighters did not attack the convoy near Ravensk on Sunday.", "ASSAULT", "negated"),
    ("The Karst Front denied that its fighters had attacked the convoy.", "ASSAULT", "negated"),
    ("Funds could be released if the Varnia minister accepts the terms.", "RETREAT", "hypothetical"),
    ("The Varnia government hopes to meet the Karst delegation in Osterby.", "CONSULT", "hypothetical"),
    ("The Karst Front threatened to kill the hostages.", "ASSAULT", "intended"),
    ("The Varnia army tried to storm the parliament building.", "ASSAULT", "attempted"),
    # a future, a purpose, 'without', a means phrase
    ("Karst senators will investigate the Varnia minister next week.", "ACCUSE", "intended"),  # a future
    ("The Karst envoy went on Radio Osterby to defend the Varnia government.", "SUPPORT", "intended"),  # a purpose
    ("The Karst police released the report without arresting the Varnia minister.", "COERCE", "negated"),
    ("The Varnia minister wasn't hiding anything by refusing to meet the Karst envoy.", "REJECT", "asserted"),
])
def test_each_factuality_class(text, etype, factuality):
    _, events = events_of(text)
    assert (etype, factuality) in kinds(events), kinds(events)


def test_a_threat_to_kill_is_a_threat_and_the_killing_only_intended():
    _, events = events_of("The Karst Front threatened to kill the hostages.")
    happened = [e.type for e in events if e.factuality == "asserted"]
    assert happened == ["THREATEN"]


def test_a_plan_to_harm_with_no_threat_verb_is_coded_threaten():
    _, events = events_of("The Karst rebels plan to shell the port of Ravensk.")
    assert [e.type for e in events] == ["THREATEN"] and events[0].factuality in HAPPENED


def test_an_event_inside_an_attribution_is_reported_with_its_source():
    article, events = events_of("Harbour police said the gunmen attacked a checkpoint in Ravensk.")
    attack = next(e for e in events if e.type == "ASSAULT")
    assert attack.factuality == "reported"
    quote = next(a for a in article.attributions if a.id == attack.attribution_id)
    assert quote.cue.text == "said" and attack.reported_by and "police" in attack.reported_by.lower()
    assert not any(e.type == "ACCUSE" for e in events)  # a neutral report is no accusation


def test_sense_constraints_unmake_and_retype_events():
    _, records = events_of("The two Varnia candidates attacked each other's records during the debate.")
    assert not any(e.type == "ASSAULT" for e in records)
    _, diplomats = events_of("The Varnia government expelled two Karst diplomats.")
    _, journalists = events_of("The Varnia government expelled two Karst journalists.")
    assert [e.type for e in diplomats] == ["SANCTION"] and [e.type for e in journalists] == ["COERCE"]
    _, memory = events_of("I now recall the meeting with the ambassador in Osterby.")
    _, recalled = events_of("Varnia recalled its ambassador from Karst on Monday.")
    assert memory == () and [e.type for e in recalled] == ["SANCTION"]


def test_background_clauses_are_flagged_not_the_sentence_event():
    _, events = events_of("Varnia troops, who shelled the town on Monday, withdrew on Tuesday.")
    assert {(e.type, e.background) for e in events} == {("ASSAULT", True), ("RETREAT", False)}


def test_speech_and_questions_are_no_material_events():
    _, asked = events_of("I asked who had approved the payment to the Varnia minister.")
    assert not any(e.type == "REQUEST" for e in asked)


def test_verbal_events_come_once_from_the_attribution_records():
    article, events = events_of("The Varnia opposition slammed the army for shelling the town.")
    assert [a.stance for a in article.attributions] == ["accuse"]
    accusations = [e for e in events if e.type == "ACCUSE"]
    assert len(accusations) == 1 and accusations[0].target.name == "army"
    article, events = events_of('"That report is simply untrue," the Varnia ministry spokesman said.')
    assert [a.stance for a in article.attributions] == ["deny"]  # a report said to be untrue (stance.md, deny)
    assert [e.type for e in events] == ["REJECT"]
    _, denied = events_of("Karst officials dismissed the allegations as baseless.")
    assert [e.type for e in denied] == ["REJECT"]  # the verb's REJECT, not a second one from its record


def test_factuality_round_trips_through_json_and_the_old_flags_read_into_it():
    event = Event(id="v1", type="ASSAULT", text="x", start=0, end=1, factuality="reported", attribution_id="q2",
                  reported_by="Harbour police", background=True)
    assert Event.from_dict(event.to_dict()) == event
    assert set(FACTUALITY) == {"asserted", "negated", "hypothetical", "intended", "attempted", "reported"}
    assert Event(id="v2", type="ASSAULT", text="x", start=0, end=1, negated=True).happened() == "negated"


def test_listings_show_what_happened_unless_asked_and_the_store_keeps_every_flag(store_target, tmp_path):
    import io
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "web"))
    import web_articles as inv

    from newsgraph.store import open_store

    gazette = inv.gazette_article()
    v1, v2 = gazette.events
    article = replace(gazette, events=(replace(v1, factuality="intended"),
                                       replace(v2, factuality="reported", attribution_id="q4",
                                               reported_by="investigation source")))
    with open_store(store_target) as s:
        s.add_articles([article])
        assert [e.event_id for e in s.list_events().items] == ["v2"]  # default: what happened
        assert s.list_events().items[0].reported_by == "investigation source"
        assert [e.event_id for e in s.list_events(factuality="intended").items] == ["v1"]
        assert sorted(e.event_id for e in s.list_events(factuality="all").items) == ["v1", "v2"]
        assert s.export_table("events", "gdelt", io.StringIO()) == 1  # the intended one is left out
        stored = s.get_article(article.id)
        assert [(e.factuality, e.attribution_id) for e in stored.events] == [("intended", None), ("reported", "q4")]


def test_the_events_command_checks_its_factuality_option(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["events", "--factuality", "maybe", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "--factuality 'maybe' is not one of: happened, all, asserted" in result.output


@pytest.mark.parametrize("text, etype", [
    ("The Varnia minister attended a summit in Osterby.", "CONSULT"),
    ("The Karst parliament ratified the treaty on Tuesday.", "SUPPORT"),
    ("Varnia troops engaged the rebels in a firefight near the border.", "ASSAULT"),
    ("The Varnia foreign ministry advised against travel to Karst.", "REQUEST"),
    ("Karst launched missiles at Varnia bases.", "ASSAULT"),
    ("The Karst opposition scuttled the talks.", "REJECT"),
    ("The Varnia president faced pressure from his allies.", "REQUEST"),
    ("Karst received assurances from Varnia.", "AGREE"),
    ("The Karst court issued an arrest warrant for the general.", "COERCE"),
    ("The Varnia navy conducted military exercises near Karst.", "MOBILIZE"),
    ("Dockworkers staged a protest outside the Karst ministry.", "PROTEST"),  # lemma "stag" in the small model
    ("The Karst army freed 20 prisoners on Sunday.", "RETREAT"),
    ("Varnia lifted sanctions on Karst on Friday.", "RETREAT"),
    ("The Varnia cabinet cancelled a planned visit to Karst.", "SANCTION"),
])
def test_coverage_and_close_categories(text, etype):
    _, events = events_of(text)
    assert etype in [e.type for e in events if e.factuality in HAPPENED], kinds(events)


def test_every_event_keeps_its_trigger_and_the_evidence_of_its_place():
    text = ("Police arrested two protesters in Corvane on Monday. Rebels downed a US-made helicopter near "
            "Idlib, the army said.")
    _, events = events_of(text)
    arrest = next(e for e in events if e.type == "COERCE")
    assert (arrest.trigger.text, text[arrest.trigger.start:arrest.trigger.end]) == ("arrested", "arrested")
    for e in events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text and e.start <= e.trigger.start < e.end
        if e.place is not None and e.place_evidence is not None:
            assert text[e.place_evidence.start:e.place_evidence.end] == e.place_evidence.text
            assert e.place_evidence.text != "US"  # "US-made" says where it was made, not where it happened
    assert Event.from_dict(arrest.to_dict()) == arrest


def test_a_why_complement_is_presupposed_and_a_performed_purpose_happened():
    _, events = events_of("The Varnia ministry struggled to explain why it had rejected the Karst request.")
    assert ("REJECT", "asserted") in kinds(events), kinds(events)  # not "attempted": the rejection happened
    _, events = events_of("Karst workers shunned work on Monday to protest the Varnia decree.")
    assert ("PROTEST", "asserted") in kinds(events), kinds(events)  # the strike is the protest


def test_an_events_actor_keeps_the_word_it_was_read_from():
    article, events = events_of("Mirel Okonjo arrived in Ravensk on Monday. He praised the Karst mayor.")
    praise = next(e for e in events if e.type == "SUPPORT")
    assert praise.actor_evidence is not None
    assert article.text[praise.actor_evidence.start:praise.actor_evidence.end] == "He"


def test_a_light_verb_the_model_mislemmatises_still_gives_its_noun_an_actor():
    _, events = events_of("Karst rebels staged an ambush on the Varnia convoy.")  # "staged": lemma "stag"
    ambush = next(e for e in events if e.type == "ASSAULT")
    assert ambush.actor is not None and "Karst" in ambush.actor.name


@pytest.mark.parametrize("text, etype, actor", [
    ("Senator Ida Kerrow joined nine other senators to reject the Varnia treaty.", "REJECT", "Kerrow"),
    ("Voters praised Mirel's decision to release the Karst prisoners.", "RETREAT", "Mirel"),
    ("Varnia officials railed against the Karst Front for refusing to meet the envoy.", "REJECT", "Karst"),
    ("Ida Kerrow, the owner of the Ostmark Ledger who rebuffed the Varnia ministry, spoke on Monday.",
     "REJECT", "Kerrow"),
])
def test_who_does_a_subjectless_clause(text, etype, actor):
    _, events = events_of(text)
    found = [e.actor.name for e in events if e.type == etype and e.actor is not None]
    assert any(actor in name for name in found), [(e.type, e.actor and e.actor.name) for e in events]


def test_what_an_accusation_blames_is_the_accusers_claim():
    _, events = events_of("Varnia officials railed against the Karst Front for refusing to meet the envoy.")
    accusation = next(e for e in events if e.type == "ACCUSE")
    refusals = [e for e in events if e.type == "REJECT"]
    assert [e.trigger.text for e in refusals] == ["refusing"]  # once: the refused meeting is no second REJECT
    assert refusals[0].factuality == "reported" and refusals[0].reported_by == accusation.actor.name


@pytest.mark.parametrize("text, etype, trigger", [
    ("The emails surfaced in the investigation into the Karst mayor.", "ACCUSE", "investigation"),  # its own argument
    ("Voters cheered Mirel's call for a ban on Karst imports.", "REQUEST", "call"),  # "call for": no phone call
    ("The Varnia ministry regretted Mirel's refusal to meet the Karst envoy.", "REJECT", "refusal"),
    ("Kerrow came out of meetings with the Karst envoy on Monday.", "CONSULT", "meetings"),
])
def test_event_nouns_that_name_a_specific_act(text, etype, trigger):
    _, events = events_of(text)
    assert (etype, trigger) in [(e.type, e.trigger.text) for e in events], [(e.type, e.trigger.text) for e in events]


def test_the_reader_marks_an_old_negated_record_as_not_happened(tmp_path):
    """A record from before the factuality field (``negated=True``, factuality left at its default) reads as
    negated everywhere: the reader page asks ``happened()``, not the raw field."""
    from fastapi.testclient import TestClient

    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "web"))
    import web_articles as inv

    from newsgraph.store import open_store
    from newsgraph.web import create_app

    gazette = inv.gazette_article()
    v1, v2 = gazette.events
    article = replace(gazette, events=(replace(v1, negated=True), v2))
    assert article.events[0].factuality == "asserted" and article.events[0].happened() == "negated"
    with open_store(tmp_path / "old.db") as s:
        s.add_articles([article])
        html = TestClient(create_app(s, token="t-1"), base_url="http://127.0.0.1").get(f"/articles/{article.id}").text
    assert html.count("did not happen") == 1


@pytest.mark.parametrize("text, etype, factuality", [
    ("The Karst Front urged its fighters to seize the Varnia airport.", "COERCE", "intended"),  # a request's content
    ("Would the Varnia president release the Karst prisoners?", "RETREAT", "hypothetical"),  # a direct question
    ("Varnia police made no arrests of Karst protesters in Ravensk.", "COERCE", "negated"),  # "no" on the noun
    ("Varnia police failed to arrest the Karst mayor.", "COERCE", "attempted"),  # a failure: attempted
])
def test_requests_questions_no_and_failure(text, etype, factuality):
    _, events = events_of(text)
    assert (etype, factuality) in kinds(events), kinds(events)


def test_a_failed_cooperation_is_still_a_rejection():
    _, events = events_of("The Varnia and Karst envoys failed to reach an agreement in Osterby.")
    assert ("REJECT", "asserted") in kinds(events), kinds(events)


def test_outside_the_quoted_words_a_mixed_quote_is_the_outlets_paraphrase():
    article, events = events_of('Kerrow said he was "encouraged" by the plan, a boost since 2009, when the Varnia '
                                "senate rejected the Karst request to close the prison.")
    request = next(e for e in events if e.trigger.text == "request")
    assert request.attribution_id is not None and request.factuality == "asserted", kinds(events)


@pytest.mark.parametrize("text, etype", [
    ("Senator Kerrow called the Varnia minister a petulant child.", "ACCUSE"),
    ('Kerrow called the Karst plan "quite dangerous."', "ACCUSE"),  # the quoted words after the object
    ("Kerrow called the Karst plan a starting point for talks.", "SUPPORT"),
])
def test_naming_someone_is_judging_them(text, etype):
    _, events = events_of(text)
    assert [e.type for e in events if e.trigger.text == "called"] == [etype], kinds(events)


def test_a_name_given_or_taken_is_no_judgement():
    for text in ("A Varnia news site called The Local praised Kerrow.", "Kerrow spoke on Monday, calling himself the "
                 "first gentleman."):
        _, events = events_of(text)
        assert not any(e.trigger.text in ("called", "calling") for e in events), kinds(events)


@pytest.mark.parametrize("text, judged", [
    ("Kerrow, who has often been called the Mirel Okafor, spoke on Sunday.", False),
    ("The Karst documentary is called Blue Harbour.", False),
    ("Kerrow has been called a reckless gambler by the Karsk mayor.", True),
])
def test_a_passive_naming_judges_only_with_someone_who_names(text, judged):
    _, events = events_of(text)
    assert any(e.trigger.text == "called" for e in events) is judged, kinds(events)
