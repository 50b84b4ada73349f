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


def test_second_half_of_a_quote_keeps_the_outer_speaker_not_a_cue_inside_the_first_half():
    found = _extract('"I call it the ferry that launched a thousand ferries," said Ada Murphy, a consultant on boats. '
                     '"At the time, the board was not granting many permits. It was still tenuous."')
    second = _with(found, "granting many permits")
    assert second.speaker.resolved == "Ada Murphy"
    assert all(a.speaker is None or a.speaker.text != "I" for a in found)


def test_quoted_transcript_label_is_the_speaker():
    found = _extract("Partial transcript as follows:",
                     '"TRASK: Will the ferry to Brindleford sail on Monday as the board promised?',
                     '"VENKMAN: The ferry will sail on Monday, and the board will pay for the repairs.')
    answer = _with(found, "pay for the repairs")
    assert answer.speaker.text == "VENKMAN"
    assert answer.cue.text == ":" and answer.form == "direct"
    assert answer.content.text.startswith("The ferry will sail")


def test_object_content_ends_before_the_acts_setting_and_an_aside():
    ruling = _with(_extract("Judge Ada Trask rejected that argument during a hearing on Thursday."), "argument")
    assert ruling.content.text == "that argument"
    place = _with(_extract("Varnia rejects war crimes charges in Brindleford."), "charges")
    assert place.content.text == "war crimes charges in Brindleford"
    backing = _with(_extract("Senator Orla Venkman endorsed Piet Hallam, who is running for mayor of Brindleford."),
                    "Hallam")
    assert backing.content.text == "Piet Hallam"
    warned = _with(_extract("The harbour board warned the crews to check their boats after the storm hit Brindleford."),
                   "check their boats")
    assert warned.content.text == "to check their boats"
    called = _with(_extract("The council called her vote in favor of the ferry a mistake."), "vote")
    assert called.content.text == "her vote in favor of the ferry a mistake"  # a complement follows: no cut


def test_cue_set_off_by_commas_reports_both_sides_of_the_sentence():
    found = _extract("The difference now, he told the Brindleford Ledger, is that the board has the money.")
    said = _with(found, "board has the money")
    assert said.cue.text == "told"
    assert said.content.text.startswith("The difference now")


def test_cue_set_off_after_a_setting_reports_the_clause_after_it():
    found = _extract("Back in Brindleford, Mayor Orla Venkman said, she decided to close the ferry office.")
    said = _with(found, "decided")
    assert said.cue.text == "said" and said.content.text == "she decided to close the ferry office"
    assert said.speaker.text == "Mayor Orla Venkman"


def test_passive_act_with_agent_is_on_its_subject():
    found = _extract("The ferry plan was endorsed by dozens of councillors from Brindleford.")
    backing = _with(found, "ferry plan")
    assert backing.content.text == "The ferry plan"
    assert backing.speaker.text == "dozens of councillors from Brindleford"
    accused = _with(_extract("Mayor Orla Venkman was accused by critics of hiding the ferry costs."), "hiding")
    assert accused.speaker.text == "critics" and accused.content.text == "hiding the ferry costs"


def test_of_two_subjects_the_speaker_is_not_the_quoted_one():
    found = _extract("“The board is in panic mode. Full panic mode,” said Ada Trask, a Brindleford councillor.")
    assert _with(found, "panic").speaker.text == "Ada Trask"
    found = _extract('"He would be a great mayor. Not good, great. One of the brightest members of the council," '
                     "Orla Venkman said in a phone interview.")
    assert _with(found, "brightest").speaker.text == "Orla Venkman"


def test_infinitive_and_conjoined_acts_take_the_subject_above():
    found = _extract("Trask will be unable to turn the crowds against the moderators and accuse the audience of "
                     "being donors.")
    assert _with(found, "audience").speaker.text == "Trask"
    found = _extract("Venkman went on to explain how the cuts to the ferry budget left the harbour short.")
    assert _with(found, "ferry budget").speaker.text == "Venkman"


def test_seeming_has_no_source_and_its_subject_is_content():
    from newsgraph.extract.attribution.cues import draft_from_cue
    from newsgraph.extract.attribution.lexicon import CueVerb, lexicon
    from newsgraph.nlp import get_nlp

    text = "The harbour master seems to have vanished from the ferry trail."
    doc = get_nlp()(text)
    seems = next(t for t in doc if t.lower_ == "seems")
    draft = draft_from_cue(seems, lexicon(), text, CueVerb("seem", "assert", takes_object=True, xcomp=True))
    assert draft.speaker is None and draft.unsourced
    assert text[draft.content[0] : draft.content[1]] == "The harbour master seems to have vanished from the ferry trail"


def test_speaker_of_a_means_an_object_control_and_a_reason():
    found = _extract("The harbour board published the results of its check by announcing that the ferry was safe.")
    assert _with(found, "ferry was safe").speaker.text == "The harbour board"
    found = _extract("The senator also forced Venkman, who was under questioning, to admit that no ferry "
                     "officials had been held accountable.")
    assert _with(found, "held accountable").speaker.text == "Venkman"
    found = _extract("Other councillors used blunt language to denounce what the mayor called a reckless plan.")
    assert _with(found, "reckless").speaker.text == "Other councillors"  # language does not speak


def test_agentless_passive_act_is_marked_unsourced():
    from newsgraph.extract.attribution.cues import draft_from_cue
    from newsgraph.extract.attribution.lexicon import lexicon
    from newsgraph.nlp import get_nlp

    text = "Ferry crews have sometimes been accused of hurting the passengers they were sent to protect."
    doc = get_nlp()(text)
    accused = next(t for t in doc if t.lower_ == "accused")
    draft = draft_from_cue(accused, lexicon(), text)
    assert draft.speaker is None and draft.unsourced
    assert text[draft.content[0] : draft.content[1]].startswith("hurting the passengers")


def test_possessed_statement_nouns_with_an_infinitive_or_a_topic():
    plan = _with(_extract("Venkman's plan to cut ferry fares drew fire in Brindleford."), "cut ferry fares")
    assert plan.cue.text == "plan" and plan.speaker.text == "Venkman's"
    assert plan.content.text == "to cut ferry fares"
    found = _extract("Varnia's claims about the size of its harbour were met with doubt.")
    assert _with(found, "size of its harbour").cue.text == "claims"
    assert not [a for a in _extract("The plan to cut ferry fares drew fire.") if a.cue and a.cue.text == "plan"]


def test_dash_byline_glued_to_the_closing_mark():
    found = _extract("Readers wrote in.",
                     "”Fear. I am truly afraid of the ferry.” ― Ada Trask\n"
                     "“The board is clueless about the harbour.”― Piet Hallam\n"
                     "“Tonight showed the board for what it is.” ― Orla Venkman")
    assert _with(found, "clueless").speaker.text == "Piet Hallam"
    assert _with(found, "clueless").cue.text == "―"
    assert _with(found, "Tonight").speaker.text == "Orla Venkman"



def test_dash_byline_after_a_no_break_space_and_with_an_initial():
    found = _extract("Readers wrote in.",
                     "“The board knows nothing of the harbour.” ―\u00a0Piet Hallam\n"
                     "“Tonight showed the board for what it is.” ― Orla K. Venkman\n"
                     "“A new pier for the ferry is within reach.” ―\u00a0Ada Trask.")
    assert _with(found, "knows nothing").speaker.text == "Piet Hallam"
    assert _with(found, "Tonight").speaker.text == "Orla K. Venkman"
    assert _with(found, "new pier").speaker.text == "Ada Trask"

def test_shouted_and_chanted_speech():
    found = _extract('"Save our ferry!" the crowd chanted outside the Brindleford town hall.')
    assert _with(found, "Save our ferry").cue.text == "chanted"
    found = _extract('"Did you see the boat?" she yelled at the harbour master.')
    assert _with(found, "see the boat").speaker.text == "she"


def test_comparing_mocking_and_referring_are_cues():
    found = _extract("Venkman compared the ferry board to a crew without a captain.")
    assert _with(found, "ferry board").cue.text == "compared"
    found = _extract("Trask mocked the harbour plan at a rally in Brindleford.")
    assert _with(found, "harbour plan").speaker.text == "Trask"


def test_a_thing_that_says_speaks_for_whoever_issued_it():
    issued = _with(_extract("The Brindleford Harbour Board issued a statement calling the dredging plan a costly "
                            "mistake for the town."), "dredging plan")
    assert "Harbour Board" in issued.speaker.text
    released = _with(_extract("Senator Orla Venkman released a report from her accountant that says the campaign "
                              "accounts are in order."), "accounts are in order")
    assert released.speaker.text == "Senator Orla Venkman"
    setting = _with(_extract('"The ferry will sail," Venkman said at a press event announcing that the board '
                             'had found the money for the repairs.'), "found the money")
    assert setting.speaker.text == "Venkman"


def test_a_thing_that_says_stays_the_source_where_it_opens_the_sentence():
    found = _extract("In a press release announcing the merger, the Brindleford Harbour Board praised the ferry "
                     "plan as a boon for the town.")
    announced = _with(found, "the merger")
    assert announced.speaker.text.startswith("a press release") and "Board" not in announced.speaker.text


def test_a_cue_under_an_adverb_takes_the_subject_of_the_verb_the_adverb_modifies():
    from newsgraph.extract.attribution import tagger

    with tagger.use(None):  # the rule's own speaker, not a tagged source filling a gap
        short = _with(_extract("Mayor Piet Hallam praised the new ferry but stopped short of calling the "
                               "timetable a success."), "timetable a success")
        aside = _with(_extract("Venkman declines to comment on the bids, aside from saying she expects a local "
                               "builder to win."), "builder to win")
    assert short.speaker.text == "Mayor Piet Hallam"
    assert aside.speaker.text == "Venkman"


def test_first_half_of_a_quotation_split_by_a_cue_with_an_object_goes_to_that_cue():
    found = _extract("Senator Orla Venkman spoke about the ferry.",
                     "“Since I’m retired now,” Ada Trask told the reporter, “I can admit that the pier was "
                     "badly built.”")
    first = _with(found, "retired now")
    assert first.cue is not None and first.cue.text == "told"
    assert first.speaker.resolved == "Ada Trask"


def test_a_name_the_parse_left_unattached_before_its_cue_is_the_speaker():
    from newsgraph.extract.attribution import tagger

    with tagger.use(None):  # the rule's own speaker, not a tagged source filling a gap
        swallowed = _with(_extract("During a spring lunch with the owners of the Brindleford Ledger Venkman said "
                                   "that ferry fares could be doubled by the autumn."), "fares could")
        pair = _with(_extract('When gales are forecast for the pier, Venkman and Trask call them "spring tides" and '
                              "blame the weather."), "spring tides")
    assert swallowed.speaker is not None and swallowed.speaker.text.endswith("Venkman")
    assert pair.speaker is not None and pair.speaker.text == "Venkman and Trask"
