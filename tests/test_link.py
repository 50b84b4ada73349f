"""Across articles: canonical identities, stories, and denials linked to reports elsewhere."""

from __future__ import annotations

from pathlib import Path

from newsgraph.link.identities import IdentityIndex, link_identities, name_key
from newsgraph.link.stories import cluster_stories
from newsgraph.model import Article, Entity

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _article(id_: str, text: str, entities: tuple[Entity, ...] = (), published: str | None = None) -> Article:
    return Article(id=id_, source_file="t", headline=None, text=text, paragraphs=(text,), entities=entities, published=published)


def test_name_key_folds_accents_case_possessives_and_honorifics():
    assert name_key("Gen. Ömer Aydın’s") == "omer aydin"
    assert name_key("the Northern Defence Forces") == "northern defence forces"


def test_surname_and_acronym_join_their_full_form_across_articles():
    a = _article("a", "x", (Entity("e1", "Orsolya Bendtsen", "PERSON"), Entity("e2", "Northern Defence Forces", "ORG", ("NDF",))))
    b = _article("b", "y", (Entity("e1", "Bendtsen", "PERSON"), Entity("e2", "NDF", "ORG")))
    linked = link_identities([a, b])
    ids_a = [e.canonical_id for e in linked[0].entities]
    ids_b = [e.canonical_id for e in linked[1].entities]
    assert ids_a == ["person:orsolya-bendtsen", "org:northern-defence-forces"]
    assert ids_b == ids_a


def test_an_ambiguous_surname_is_not_guessed():
    index = IdentityIndex()
    index.add(Entity("e1", "Anna Kessler", "PERSON"))
    index.add(Entity("e2", "Bruno Kessler", "PERSON"))
    assert index.resolve(Entity("e3", "Kessler", "PERSON")) == "person:kessler"


def test_stories_group_by_shared_participants_and_words_but_not_by_date_far_apart():
    shared = (Entity("e1", "Karsk", "GPE", canonical_id="place:karsk"), Entity("e2", "Northern Defence Forces", "ORG", canonical_id="org:northern-defence-forces"))
    report = _article("r", "Artillery fire destroyed the grain depot in Karsk, killing six workers, officials said.", shared, "2031-03-10")
    denial = _article("d", "The forces denied that their artillery had fired on the grain depot in Karsk.", shared, "2031-03-11")
    other = _article("o", "The harbour festival drew a record crowd of visitors to the quays.", (), "2031-03-11")
    late = _article("l", "Artillery fire destroyed the grain depot in Karsk, killing six workers, officials said.", shared, "2031-09-01")
    stories = cluster_stories([report, denial, other, late])
    groups = sorted(sorted(s.article_ids) for s in stories)
    assert groups == [["d", "r"], ["l"], ["o"]]


def test_a_denial_in_one_outlet_is_linked_to_the_report_in_another():
    from newsgraph.api import analyze

    analysis = analyze(EXAMPLES / "two-outlets.jsonl")
    by_word = {w: a for a in analysis.articles for w in ("Destroys", "Deny", "Festival") if w in (a.headline or "")}
    report, denial, festival = by_word["Destroys"], by_word["Deny"], by_word["Festival"]
    story = next(s for s in analysis.stories if report.id in s.article_ids)
    assert set(story.article_ids) == {report.id, denial.id}
    assert festival.id not in story.article_ids
    assert story.outlets == ("The Meridian Post", "Harbor Gazette")
    links = [(c.claim.split("/")[0], c.countered_by.split("/")[0]) for c in analysis.contradictions]
    assert (report.id, denial.id) in links
    counter = next(c for c in analysis.contradictions if c.countered_by.startswith(denial.id))
    q = next(q for q in denial.attributions if q.id == counter.countered_by.split("/")[1])
    assert q.stance == "deny" and "grain depot" in q.content.text
