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
    ("Police said the protesters blocked the Vessa bridge on Monday.", "protesters blocked", "report"),
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


@pytest.mark.parametrize("sentence, words, stance", [
    # a claim said to be false denies: a falsity word by a claim noun, or a phrase that says so
    ("Mayor Orvane said the union's reports were inaccurate.", "reports were inaccurate", "deny"),
    ("\"That story is not true,\" harbour master Ivo Renk said.", "not true", "deny"),
    ("\"The figures don't add up,\" Councillor Brask said.", "add up", "deny"),
    ("The Brenna police have no evidence to suggest that the ferry master took the money.", "ferry master took", "deny"),
    # "called it X": a negative evaluation of a thing rejects it; of a person it is an opinion
    ("Councillor Brask called it \"disqualifying\".", "disqualifying", "reject"),
    ("Councillor Brask called him \"weak\".", "weak", "assert"),
    # criticism of an argument rejects it, even under a thought cue
    ("Director Pell thinks their logic is flawed.", "logic is flawed", "reject"),
    ("Councillor Brask said the port board had shown a clear bias against the fishermen.", "bias", "accuse"),
])
def test_stance_reads_falsity_evaluation_and_charges(sentence, words, stance):
    pipeline, spans, _ = _read(sentence, words)
    assert (pipeline, spans) == (stance, stance)


def _spans(text: str, cue: str, content: str, claims: list[str] | None = None) -> str:
    from newsgraph.nlp import get_nlp

    doc = get_nlp()(text)
    c, k = text.index(cue), text.index(content)
    return stance_for_spans(doc, (c, c + len(cue)), (k, k + len(content)), claims=claims)


@pytest.mark.parametrize("text, cue, content, stance", [
    # a particle the parser reads as an adverb; a verb with its object noun as one cue
    ("Mayor Orvane later walked back her comments about the ferry.", "walked back", "her comments about the ferry", "deny"),
    ("Councillor Brask went after the mayor over the ferry tax.", "went after", "the mayor over the ferry tax", "reject"),
    ("Councillor Brask took some shots at the mayor on the ferry tax.", "took some shots at", "the mayor", "reject"),
    # criticism of a statement rejects it; of a person it accuses
    ("The mayor's statement quickly drew sharp criticism from the union.", "drew sharp criticism from",
     "The mayor's statement", "reject"),
    ("The harbour master quickly drew sharp criticism from the union.", "drew sharp criticism from",
     "The harbour master", "accuse"),
    # the cue word that governs the content decides, not the first verb of a long cue span
    ("Director Pell wrote a long letter to the board, calling the two reports inaccurate and misleading.",
     "wrote a long letter to the board, calling", "the two reports inaccurate and misleading", "deny"),
    # what a participle names ("the inquiry, labeled a witch hunt"): a decision or act, so a rejection
    ("The ferry inquiry, labeled as a disaster by the union, ended on Monday.", "labeled as", "a disaster", "reject"),
    ("Mayor Orvane ignored the question.", "ignored", "the question", "no_comment"),
    # a relayed admission is a report of it
    ("The statement read: \"The harbour board has acknowledged two late payments.\"", "read",
     "\"The harbour board has acknowledged two late payments.\"", "report"),
])
def test_stance_of_gold_spans_reads_constructions(text, cue, content, stance):
    assert _spans(text, cue, content) == stance


def test_a_negated_content_answering_a_claim_denies():
    claim = ["the board had met the buyers in May"]
    text = "The union said the board had met the buyers in May. Director Pell insisted that the board had never met the buyers."
    assert _spans(text, "insisted", "that the board had never met the buyers", claim) == "deny"
    assert _spans(text, "insisted", "that the board had never met the buyers") == "assert"  # answers no claim
    text = "The union said the ferry payments were secret. Pell says the payments were personal and not secret."
    assert _spans(text, "says", "the payments were personal and not secret", ["the ferry payments were secret"]) == "deny"


def test_a_charge_in_relayed_content_is_no_accusation():
    text = "According to the ferry union, the Brenna port board committed a crime."
    assert _spans(text, "According to", "the Brenna port board committed a crime") == "report"
    text = "Councillor Brask said the Brenna port board committed a crime."
    assert _spans(text, "said", "the Brenna port board committed a crime") == "accuse"


def test_a_negated_modal_is_no_denial():
    # an ability or intention ("could not meet", "will not vote"), even where it shares words with a claim
    claim = ["the board would meet the buyers before June"]
    text = "The union said the board would meet the buyers before June. Pell said the board could not meet the buyers before June."
    assert _spans(text, "Pell said", "the board could not meet the buyers before June", claim) == "assert"
    text = "The union said the board met the buyers before June. Pell said the board did not meet the buyers before June."
    assert _spans(text, "Pell said", "the board did not meet the buyers before June", ["the board met the buyers before June"]) == "deny"


@pytest.mark.parametrize("sentence, words, stance", [
    # a thought cue still goes through the decision order: a wrong act with its doer accuses ...
    ("Councillor Brask believes the harbour board concealed the ferry accounts.", "concealed", "accuse"),
    # ... and harm done by a policy rejects it
    ("Mayor Orvane feels the ferry policy has done harm to the town.", "ferry policy", "reject"),
    ("Mayor Orvane feels the ferry will be full in June.", "ferry will be full", "assert"),
])
def test_a_thought_cue_still_reads_charges_and_rejections(sentence, words, stance):
    pipeline, spans, _ = _read(sentence, words)
    assert (pipeline, spans) == (stance, stance)


def test_a_quotation_going_on_with_its_speaker_keeps_the_charge():
    from newsgraph.nlp import get_nlp

    text = ("\"The port is closed to the fishermen,\" said Ilse Marn, the Dallan union chair.\n\n"
            "\"Shutting the quay to the crews constitutes a war crime and must end.\"")
    article = Article(id="t", source_file="t.txt", headline=None, text=text, paragraphs=tuple(text.split("\n\n")))
    found = [a for a in extract_attributions(article, get_nlp()(text)) if "war crime" in a.content.text]
    assert [a.stance for a in found] == ["accuse"]


@pytest.mark.parametrize("text, cue, content, stance", [
    # keeping something back is a refusal to speak, whatever the verb
    ("Harbour officials declined to identify the two skippers.", "declined to identify", "the two skippers", "no_comment"),
    ("The ferry company refused to give details of the repairs.", "refused to give", "details of the repairs",
     "no_comment"),
    ("The harbour board kept the names secret.", "kept", "the names", "no_comment"),
    ("Mayor Orvane would neither confirm nor deny the report.", "would neither confirm nor deny", "the report",
     "no_comment"),
    # a negated passive withholds nothing: nobody was asked
    ("A fifth board member has not been named.", "has not been named", "A fifth board member", "report"),
    # an allegation dismissed as false is denied, not rejected (guideline: deny vs reject)
    ("The ferry company dismissed the allegations as baseless.", "dismissed", "the allegations as baseless", "deny"),
    ("The ferry company dismissed the offer from the union.", "dismissed", "the offer from the union", "reject"),
])
def test_withholding_and_allegations_said_false(text, cue, content, stance):
    assert _spans(text, cue, content) == stance


@pytest.mark.parametrize("text, cue, content, stance", [
    # a refusal to give way, read from the parse rather than from spelled-out phrases
    ("\"We won't back down,\" the ferry union said.", "said", "We won't back down", "reject"),
    ("Mayor Orvane said the council would never recognise the harbour vote.", "said",
     "the council would never recognise the harbour vote", "reject"),
    ("Minister Kerrow said she is not going to apologize for the ferry tax.", "said",
     "she is not going to apologize for the ferry tax", "reject"),
    # a plan about oneself is no refusal; nor is a refusal the source only relays
    ("Mayor Orvane said she would not stand for re-election.", "said", "she would not stand for re-election",
     "assert"),
    ("According to the Gazette, union aides asked what would happen if their chief announced he would not back "
     "the mayor.", "According to",
     "union aides asked what would happen if their chief announced he would not back the mayor", "report"),
])
def test_a_refusal_to_give_way_rejects(text, cue, content, stance):
    assert _spans(text, cue, content) == stance


@pytest.mark.parametrize("sentence, words", [
    ("A ferry company spokesman refused to give details of the repairs to the pier.", "details of the repairs"),
    ("The harbour board said it would keep the names of the two skippers secret.", "names of the two skippers"),
])
def test_the_extractor_reads_keeping_back_as_no_comment(sentence, words):
    pipeline, spans, _ = _read(sentence, words)
    assert (pipeline, spans) == ("no_comment", "no_comment")


def test_a_statement_after_a_refusal_is_no_refusal():
    from newsgraph.nlp import get_nlp

    text = "The harbour spokesman refused to answer questions but said there was no meeting planned with the union."
    cue = (text.index("said"), text.index("said") + len("said"))
    assert _spans(text, "said", "there was no meeting planned with the union") == "assert"
    assert cue_only_stance(get_nlp()(text), cue) == "assert"


@pytest.mark.parametrize("text, cue, content, stance", [
    # a negated thought or wish still holds a position; a negated speech verb declines
    ("The ferry union does not want a second pier at the quay.", "does not want", "a second pier at the quay", "assert"),
    ("Mayor Orvane did not say when the pier would reopen.", "did not say", "when the pier would reopen", "no_comment"),
    # a charge in the passive with nobody making it relays the charge
    ("A ferry skipper was charged with assault on Monday.", "was charged with", "assault", "report"),
    # a passive account of what happened is relayed fact; with an evaluative word it is the source's own view
    ("Police said the skipper was arrested near the harbour.", "said", "the skipper was arrested near the harbour",
     "report"),
    ("The union said the skipper should never have been arrested near the harbour.", "said",
     "the skipper should never have been arrested near the harbour", "assert"),
    # the source's own quoted words in it make it the source's telling ("had been 'read and considered'")
    ("Reyes said the letter had been \"read and considered\" by the board.", "said",
     "the letter had been \"read and considered\" by the board", "assert"),
    # verbs of censure outside the cue lexicon
    ("Councillor Brask protested the harbour board for selling the quay.", "protested",
     "the harbour board for selling the quay", "reject"),
])
def test_negated_thoughts_passive_charges_and_accounts(text, cue, content, stance):
    assert _spans(text, cue, content) == stance


@pytest.mark.parametrize("text, cue, content, stance", [
    # a plain past account of events under a speech cue is relayed fact (guideline step 6 tie-breaker)
    ("Police said the protesters blocked the Vessa bridge on Monday.", "said",
     "the protesters blocked the Vessa bridge on Monday", "report"),
    ("The harbour master told reporters that the ferry company has closed the north pier.", "told",
     "the ferry company has closed the north pier", "report"),
    # ... but not an intention, a state, a judgement, a negation, a first-person account or the source's quoted words
    ("The ministry said the council planned to visit the Brenna quays.", "said",
     "the council planned to visit the Brenna quays", "assert"),
    ("The ministry said the ferry tax was the fairest option.", "said", "the ferry tax was the fairest option",
     "assert"),
    ("The union said the strike had helped the fishermen.", "said", "the strike had helped the fishermen", "assert"),
    ("The union said the board did not close the pier.", "said", "the board did not close the pier", "assert"),
    ("The port authority said we closed the pier early.", "said", "we closed the pier early", "assert"),
    ("The union said the board \"ignored\" the harbour letter.", "said", "the board \"ignored\" the harbour letter",
     "assert"),
    ("The union said the board wrongly closed the pier.", "said", "the board wrongly closed the pier", "assert"),
    # nor under a cue of belief or claim, nor told by a named person (as often the teller's own story)
    ("The union claimed the board closed the pier.", "claimed", "the board closed the pier", "assert"),
    ("Councillor Brask said the board closed the pier.", "said", "the board closed the pier", "assert"),
    ("The harbour master's deputy, Ivo Renk, said the board closed the pier.", "said", "the board closed the pier",
     "assert"),
])
def test_a_past_account_of_events_is_a_report(text, cue, content, stance):
    assert _spans(text, cue, content) == stance


def test_predicate_class_names_tense_kind_and_subject():
    from newsgraph.extract.attribution.stance_account import predicate_class
    from newsgraph.nlp import get_nlp

    def root(sentence: str):
        return next(t for t in get_nlp()(sentence) if t.dep_ == "ROOT")

    assert predicate_class(root("The ferry company has closed the north pier.")) == "past event third"
    assert predicate_class(root("We will close the pier.")) == "modal event first"
    assert predicate_class(root("She planned a visit to the quays.")) == "past position third"
    assert predicate_class(root("The tax is unfair.")) == "present state third"
    assert predicate_class(root("The pier.")) == "np"
