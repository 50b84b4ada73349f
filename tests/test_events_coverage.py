"""Trigger coverage (recall): keys read from a passive subject or an unparsed particle, event nouns that name
specific acts, light verbs read from the surface form, and senses met by a recipient. Invented text."""

from __future__ import annotations

from tests.test_events import events_of


def _typed(events, etype):
    return [e for e in events if e.type == etype]


def test_a_verb_object_key_reads_the_passive_subject():
    # "lodge protest" is ACCUSE; passive, the protest is the subject, not the object
    events = events_of("A formal protest was lodged by the Velmora embassy against the Tidewater Party on Monday.")
    assert [e.trigger.text for e in _typed(events, "ACCUSE")] == ["lodged"]


def test_a_particle_the_parser_attached_elsewhere_still_makes_the_key():
    # "handed over $3 million": the parser reads "over" as a quantifier of the amount, not a particle
    events = events_of("The rebels handed over $3 million to the Orlen Fund.")
    assert [e.trigger.text for e in _typed(events, "AID")] == ["handed"]


def test_an_event_noun_with_its_infinitive_or_a_demonstrative_names_an_act():
    events = events_of("The senator Ilse Marrow made a promise to give $2 million to the veterans of Ostmark.",
                       "Two years on, those promises come to $6 million.")
    assert [e.trigger.text for e in _typed(events, "AGREE")] == ["promise", "promises"]
    bare = events_of("Promises come to $6 million in a Varnia harvest year.")
    assert not _typed(bare, "AGREE")  # no act named: a generic mention


def test_a_decision_not_to_act_is_a_refusal():
    events = events_of("The Harlow campaign explained its decision not to testify before the Velmora inquiry.")
    assert "decision" in [e.trigger.text for e in _typed(events, "REJECT")]


def test_giving_is_aid_when_someone_receives_it_though_no_thing_is_named():
    events = events_of("Ada Lenk said her father had given generously to the charities of Ostmark for years.")
    assert [e.trigger.text for e in _typed(events, "AID")] == ["given"]
    assert not _typed(events_of("Ada Lenk gave a speech in Ostmark on Monday."), "AID")


def test_an_undergoing_light_verb_makes_its_subject_the_target():
    events = events_of("Mayor Ada Lenk faced mounting pressure from the Velmora unions.")
    [pressure] = _typed(events, "REQUEST")
    assert (pressure.trigger.text, pressure.actor.name, pressure.target.name) == (
        "pressure", "Velmora unions", "Ada Lenk")
    [ire] = _typed(events_of("The plan drew the ire of the Velmora unions."), "ACCUSE")
    assert (ire.trigger.text, ire.actor.name) == ("ire", "Velmora unions")


def test_verdicts_and_cases_brought_are_accusations_also_in_the_passive():
    events = events_of("Tomas Reyk was found guilty of fraud by the Ostmark court.",
                       "A second case was brought by the Velmora Watch group in 2013.")
    assert [e.trigger.text for e in _typed(events, "ACCUSE")] == ["found", "brought"]


def test_a_verb_whose_sense_the_object_unmakes_leaves_the_event_noun_standing():
    # "close" is COERCE only of a border, an office, a paper; closing a probe is the probe (a light verb)
    events = events_of("The Ostmark prosecutors closed their fraud probe of Tomas Reyk last week.")
    assert [(e.type, e.trigger.text) for e in events] == [("ACCUSE", "probe")]


def test_an_event_noun_a_modifier_singles_out_is_an_event_but_a_bare_one_is_not():
    events = events_of("Lawyers for Ada Lenk opposed a request in the civil lawsuit on Monday.")
    assert "lawsuit" in [e.trigger.text for e in _typed(events, "ACCUSE")]
    assert not _typed(events_of("The lawsuit was long, Ada Lenk said."), "ACCUSE")


def test_an_object_that_unmakes_the_verbs_sense_unmakes_the_nouns():
    freed = events_of("In Ostmark the prompt release of the prisoners was slow on Monday.")
    assert [e.trigger.text for e in _typed(freed, "RETREAT")] == ["release"]
    for text in ("In Ostmark the prompt release of the report was slow on Monday.",
                 "The Ostmark ministry issued a news release on Monday."):
        assert not _typed(events_of(text), "RETREAT"), text


def test_verbs_of_verbal_attack_are_accusations_unless_they_hit_a_place():
    events = events_of("Senator Ilse Marrow blasted the Tidewater Party on Monday.")
    assert [(e.type, e.trigger.text) for e in events] == [("ACCUSE", "blasted")]
    shelled = events_of("Ostmark rebels blasted the army convoy near Velmora on Monday.")
    assert [e.type for e in shelled if e.trigger.text == "blasted"] == ["ASSAULT"]
    assert not events_of("The storm slammed the coast of Velmora on Monday.")  # no one who acts


def test_praise_siding_and_persuading_are_events():
    events = events_of("Judge Ada Lenk sided with the Tidewater Party on Tuesday.",
                       "Governor Tomas Reyk applauded the Orlen Union.",
                       "Aides spent weeks persuading Senator Ilse Marrow to stay.")
    assert [(e.type, e.trigger.text) for e in events if e.trigger.text in ("sided", "applauded", "persuading")] == [
        ("SUPPORT", "sided"), ("SUPPORT", "applauded"), ("REQUEST", "persuading")]


def test_event_nouns_of_violence_criticism_and_opposition():
    events = events_of("Rebels in Ostmark carried out a deadly shooting at a Velmora depot on Monday.",
                       "Senator Ilse Marrow drew ridicule from the Tidewater Party.",
                       "Ada Lenk's campaign against the Orlen treaty failed.")
    assert [(e.type, e.trigger.text) for e in events if e.trigger.text in ("shooting", "ridicule", "campaign")] == [
        ("ASSAULT", "shooting"), ("ACCUSE", "ridicule"), ("REJECT", "campaign")]
    assert not [e for e in events_of("Ada Lenk's campaign raised $2 million in Ostmark.") if e.type == "REJECT"]


def test_a_verbal_attack_taken_or_praise_heaped_is_carried_by_its_light_verb():
    events = events_of("Senator Ilse Marrow took a swipe at the Tidewater Party on Monday.",
                       "Governor Tomas Reyk heaped praise on the Orlen Union.")
    assert [(e.type, e.trigger.text, e.actor.name) for e in events] == [
        ("ACCUSE", "swipe", "Ilse Marrow"), ("SUPPORT", "praise", "Tomas Reyk")]


def test_a_court_undoing_a_ruling_is_a_reject():
    events = events_of("The Ostmark appeals court overturned the district judge's decision on the Velmora ferry tax.")
    assert [e.trigger.text for e in _typed(events, "REJECT")] == ["overturned"]
    events = events_of("The Velmora high court struck down the Harlow law on Friday.")
    assert [e.trigger.text for e in _typed(events, "REJECT")] == ["struck"]
