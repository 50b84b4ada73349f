"""Linking denials and rejections to the claims they answer (invented text)."""

from __future__ import annotations

from pathlib import Path

from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.contradictions import find_contradictions
from newsgraph.words import keywords, shared_words
from newsgraph.model import Article, Attribution, Span, Speaker


def _run(*paragraphs: str):
    from newsgraph.nlp import get_nlp

    article = Article(id="t", source_file="t", headline=None, text="\n\n".join(paragraphs), paragraphs=paragraphs)
    found = extract_attributions(article, get_nlp()(article.text))
    return found, find_contradictions(found, article.text)


def _id(found, words: str) -> str:
    return next(a.id for a in found if words in a.content.text)


def test_denial_links_to_the_claim_sharing_words():
    found, links = _run(
        "The Varn Courier reported that the governor had sold the harbour to a Kessel shipping company.",
        "Rain is expected in Brindleford on Thursday, forecasters said.",
        "The governor's office denied that the harbour had been sold.",
    )
    assert (_id(found, "sold the harbour"), _id(found, "had been sold")) in {(c.claim, c.countered_by) for c in links}
    assert all(c.claim != _id(found, "Rain is expected") for c in links)


def test_relative_clause_denial_answers_the_preceding_accusation():
    found, links = _run("The army blames Tarn Brotherhood militants for the fire, which the militants deny.")
    assert [(c.claim, c.countered_by) for c in links] == [(_id(found, "militants for the fire"), _id(found, "which the militants"))]
    assert "Army" in links[0].why or "army" in links[0].why


def test_rejecting_the_reports_answers_the_report():
    found, links = _run(
        "The Dunmore Ledger reported that Kessel troops had crossed the border.",
        "Witnesses said the column included forty trucks.",
        '"These reports are fabricated," the Kessel defence ministry said.',
    )
    assert (_id(found, "troops had crossed"), _id(found, "These reports")) in {(c.claim, c.countered_by) for c in links}


def test_same_speaker_never_contradicts_itself():
    def attribution(i: str, who: str, stance: str, text: str) -> Attribution:
        return Attribution(i, Speaker(text=who, resolved=who), None, Span(0, len(text), text), "indirect", stance)  # type: ignore[arg-type]

    found = (
        attribution("q1", "Orla", "assert", "the bridge over the river is safe"),
        attribution("q2", "Orla", "deny", "the bridge over the river is unsafe"),
    )
    assert find_contradictions(found, "") == ()


def test_loose_word_matching():
    assert shared_words(keywords("Russian air bases"), keywords("a base in Russia")) == ["base", "russian"]


def test_denying_that_account_answers_the_last_statement_before_it():
    found, links = _run(
        "The Varn Courier reported that the ferry company had raised fares twice this year.",
        "A harbour official said the company had cut two night crossings without notice.",
        "The company's director, Elin Sorvik, denied that account.",
    )
    assert [(c.claim, c.countered_by) for c in links] == [(_id(found, "cut two night crossings"), _id(found, "that account"))]


def test_a_spokesman_never_contradicts_his_own_organisation():
    found, links = _run(
        "A spokesman for the Kessel Rail Union, Pavel Oster, said the strike had closed every station in the valley.",
        "The Kessel Rail Union denied that the strike had closed every station in the valley.",
    )
    assert _id(found, "strike had closed every station in the valley") and links == ()


def test_within_article_contradictions_are_a_component_of_their_own():
    from newsgraph.pipeline import COMPONENTS, Options, extract

    names = list(COMPONENTS)
    assert names.index("contradictions") == names.index("attributions") + 1
    paragraphs = ("The Varn Courier reported that the governor had sold the harbour to a Kessel shipping company.",
                  "The governor's office denied that the harbour had been sold.")
    article = Article(id="t", source_file="t", headline=None, text="\n\n".join(paragraphs), paragraphs=paragraphs)
    (full,) = extract([article])
    assert [(c.claim, c.countered_by) for c in full.contradictions] == [("q1", "q2")]
    (without,) = extract([article], Options(components=("entities", "attributions")))
    assert len(without.attributions) == 2 and without.contradictions == ()


def test_the_explanation_names_the_words_as_written():
    found, links = _run(
        "The Varn Courier reported that the governor had sold the harbour bases to Kessel shipping companies.",
        "The governor's office denied selling any harbour bases to shipping companies.",
    )
    assert links and "shared: bases, companies, harbour, shipping" in links[0].why


def test_invented_two_outlet_story_lists_exactly_the_real_contradictions():
    """Two outlets, one story (tests/fixtures/link/varn-fire-story.jsonl): two real contradictions (a denial
    of the fuel-drums charge in the same article; a denial in the other outlet of the brigade's delay) and
    decoy denials and rejections about other things (arson as the cause, a licence, a month's closure, a
    tanker collision) that share a place or a word with the claims but not the proposition."""
    from newsgraph.api import analyze

    analysis = analyze(Path(__file__).parent / "fixtures" / "link" / "varn-fire-story.jsonl")
    courier, gazette = sorted(analysis.articles, key=lambda a: a.published or "")
    assert [s.article_ids for s in analysis.stories] == [(courier.id, gazette.id)]

    def text(article, qid: str) -> str:
        return next(q.content.text for q in article.attributions if q.id == qid)

    within = [(a.outlet, text(a, c.claim), text(a, c.countered_by)) for a in (courier, gazette) for c in a.contradictions]
    assert within == [("The Varn Courier", "the Tessaly Shipping Company had stored fuel drums inside the warehouse "
                       "against safety rules", "that it had stored fuel drums inside the warehouse")]
    by_id = {a.id: a for a in analysis.articles}
    across = [(text(by_id[c.claim.split("/")[0]], c.claim.split("/")[1]),
               text(by_id[c.countered_by.split("/")[0]], c.countered_by.split("/")[1])) for c in analysis.contradictions]
    assert across == [("the fire brigade had arrived forty minutes after the first alarm",
                       "that its crews had arrived forty minutes after the first alarm at the grain warehouse")]
    assert "about arrived" in analysis.contradictions[0].why
    assert "about drums, stored" in courier.contradictions[0].why
    ruled_out = [q for q in courier.attributions if q.content.text.startswith("arson")]
    assert [q.stance for q in ruled_out] == ["deny"]  # found and a denial, but of nothing claimed here


def test_a_counter_must_address_the_same_proposition_not_two_shared_words():
    from newsgraph.extract.propositions import as_written, disputed, of_text

    fire = of_text("A fire destroyed the grain warehouse at the port of Varn.")
    assert disputed(of_text("arson as the cause of the warehouse fire at the port of Varn"), fire) is None
    assert disputed(of_text("that the fire had destroyed the warehouse"), fire) == ["destroy", "fire", "warehouse"]
    law = of_text("Tessen passed a law banning the sale of fireworks to minors.")
    assert disputed(of_text("that the Ordo law on fireworks had been repealed"), law) is None  # another state's law
    about = disputed(of_text("that Tessen had banned the sale of fireworks"), law)
    assert as_written(about, "that Tessen had banned the sale of fireworks") == ["banned", "sale"]
