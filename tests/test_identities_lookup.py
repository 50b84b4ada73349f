"""Entity lookup finds the entity a user means; a country is one identity under all its names."""

from __future__ import annotations

import pytest

from newsgraph.link.identities import country_identities, link_identities, related_identities
from newsgraph.model import PARAGRAPH_SEPARATOR, Actor, Article, Entity, Event
from newsgraph.pipeline import relink
from newsgraph.store import open_store

from conftest_store import store_target  # noqa: F401  (SQLite, and PostgreSQL when a server is given)


def _article(n: int, entities: tuple[Entity, ...], events: tuple[Event, ...] = ()) -> Article:
    text = PARAGRAPH_SEPARATOR.join((f"Invented report number {n} from the harbour of Pellmar.", "More text."))
    return Article(id=f"{n:064x}", source_file=f"a{n}.txt", headline=f"Report {n}", text=text,
                   paragraphs=tuple(text.split(PARAGRAPH_SEPARATOR)), entities=entities, events=events,
                   published=f"2031-02-{n + 1:02d}")


def _event(eid: str, actor: str, entity_id: str) -> Event:
    return Event(id=eid, type="CONSULT", text=f"{actor} met the envoy", start=0, end=10,
                 actor=Actor(actor, entity_id=entity_id))


def test_country_names_short_forms_and_demonyms_join_one_identity():
    forms = [("United States", "GPE"), ("US", "GPE"), ("U.S.", "GPE"), ("America", "GPE"), ("American", "NORP"),
             ("Americans", "NORP"), ("Britain", "GPE"), ("British", "NORP")]
    article = _article(1, tuple(Entity(f"e{i}", name, kind) for i, (name, kind) in enumerate(forms)))
    (linked,) = link_identities([article])
    assert [e.canonical_id for e in linked.entities] == [
        "place:united-states", "place:united-states", "place:united-states", "place:united-states",
        "norp:united-states", "norp:united-states", "place:united-kingdom", "norp:united-kingdom"]
    assert country_identities("Americans") == ("norp:united-states", "place:united-states")
    assert country_identities("US") == ("place:united-states", "norp:united-states")
    assert country_identities("Pellmar") == ()
    assert related_identities("place:united-states") == ("place:united-states", "norp:united-states")
    assert related_identities("person:ada-marrow") == ("person:ada-marrow",)


def test_a_surname_typed_org_beside_the_person_joins_the_person():
    article = _article(1, (Entity("e1", "Julian Assange", "PERSON"), Entity("e2", "Assange", "ORG"),
                           Entity("e3", "Harbour Authority", "ORG"), Entity("e4", "Authority", "PERSON")))
    (linked,) = link_identities([article])
    assert [e.canonical_id for e in linked.entities] == [
        "person:julian-assange", "person:julian-assange", "org:harbour-authority", "person:authority"]


@pytest.fixture()
def store(store_target):  # noqa: F811
    with open_store(store_target) as s:
        s.add_articles([
            _article(1, (Entity("e1", "Julian Assange", "PERSON", aliases=("Assange",)),)),
            _article(2, (Entity("e1", "Julian Assange", "PERSON"),)),
            _article(3, (Entity("e1", "Assange", "ORG"), Entity("e2", "Wikileaks Foundation", "ORG"))),
            _article(4, (Entity("e1", "Assange", "ORG"),)),  # a stray mention, in more articles than ...
            _article(5, (Entity("e1", "Assange", "ORG"),)),
            _article(6, (Entity("e1", "Americans", "NORP"), Entity("e2", "US", "GPE")),
                     (_event("v1", "Americans", "e1"),)),
            _article(7, (Entity("e1", "United States", "GPE"), Entity("e2", "Russia", "GPE")),
                     (_event("v1", "United States", "e1"), _event("v2", "Russia", "e2"))),
            _article(8, (Entity("e1", "American", "NORP"),)),
        ])
        relink(s)
        yield s


def test_lookup_prefers_the_person_whose_alias_or_surname_it_is(store):
    assert store.entity_profile("Assange").entity.canonical_id == "person:julian-assange"
    assert store.entity_profile("assange").entity.canonical_id == "person:julian-assange"
    assert store.entity_profile("Julian Assange").entity.articles == 2
    assert store.entity_profile("org:assange").entity.articles == 3  # still there by its own id


def test_lookup_of_any_country_form_finds_the_country_and_its_events(store):
    for key in ("US", "U.S.", "United States", "united states", "America"):
        profile = store.entity_profile(key)
        assert profile.entity.canonical_id == "place:united-states", key
    assert sorted(v.actor for v in store.entity_profile("US").events) == ["Americans", "United States"]
    american = store.entity_profile("American").entity
    assert american.canonical_id == "norp:united-states" and american.articles == 2
    assert sorted(v.actor for v in store.list_events(actor="US").items) == ["Americans", "United States"]
    assert [v.actor for v in store.list_events(actor="Russia").items] == ["Russia"]  # not "Russians" by substring
