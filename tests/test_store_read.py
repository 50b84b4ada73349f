"""The read side of the store: listings with filters and cursors, entity profiles, stories, links."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsgraph.model import Contradiction, replace
from newsgraph.pipeline import relink
from newsgraph.store import open_store
from newsgraph.store.base import StoreError

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
from store_articles import article_from_paragraphs, bridge_article, rich_article  # noqa: E402

from conftest_store import store_target  # noqa: E402,F401  (SQLite, and PostgreSQL when a server is given)


@pytest.fixture()
def store(store_target):
    s = open_store(store_target)
    rich = rich_article()
    others = [
        replace(article_from_paragraphs((f"Invented filler story number {i} about the harbour of Pellmar and its {i} cranes.",),
                                        f"Harbour story {i}"), published=f"2031-01-{i + 1:02d}", outlet="Pellmar Post")
        for i in range(7)
    ]
    s.add_articles([rich, bridge_article(), *others])
    yield s
    s.close()


def test_articles_page_through_with_cursors_newest_first(store):
    seen, cursor = [], None
    while True:
        page = store.list_articles(limit=3, cursor=cursor)
        seen.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == store.count() == 9
    assert len({r.article_id for r in seen}) == 9
    dated = [r.published for r in seen if r.published]
    assert dated == sorted(dated, reverse=True)
    assert seen[0].published == "2031-04-11" and seen[0].attributions == 3 and seen[0].events == 1


def test_article_filters(store):
    assert {r.outlet for r in store.list_articles(outlet="pellmar post").items} == {"Pellmar Post"}
    assert [r.published for r in store.list_articles(since="2031-01-06", until="2031-01-07").items] == ["2031-01-07", "2031-01-06"]
    hits = store.list_articles(query="divers foundations").items
    assert len(hits) == 1 and "«divers»" in hits[0].snippet
    assert [r.headline for r in store.list_articles(entity="person:elsbeth-quorin").items] == [rich_article().headline]
    assert len(store.list_articles(entity="Marten Oduya").items) == 1


def test_bad_cursor_is_a_clear_error(store):
    with pytest.raises(StoreError, match="cursor"):
        store.list_articles(cursor="not-a-cursor")


def test_attributions_filter_and_page(store):
    page = store.list_attributions(limit=2)
    assert len(page.items) == 2 and page.next_cursor
    rest = store.list_attributions(limit=2, cursor=page.next_cursor)
    assert [q.attribution_id for q in page.items + rest.items] == ["q1", "q2", "q3"]
    assert [q.stance for q in store.list_attributions(stance="deny").items] == ["deny"]
    assert [q.attribution_id for q in store.list_attributions(anonymous=True).items] == ["q2"]
    assert [q.attribution_id for q in store.list_attributions(speaker="oduya").items] == ["q1"]
    assert [q.attribution_id for q in store.list_attributions(text="budget").items] == ["q2"]
    with pytest.raises(StoreError, match="stance"):
        store.list_attributions(stance="maybe")


def test_entities_and_profile(store):
    names = [e.name for e in store.list_entities(type="person").items]
    assert set(names) == {"Elsbeth Quorin", "Marten Oduya"}
    profile = store.entity_profile("Marten Oduya")
    assert profile is not None and profile.entity.roles == ("chief inspector",)
    assert [q.attribution_id for q in profile.said] == ["q1"]
    quorin = store.entity_profile("person:elsbeth-quorin")
    assert quorin is not None and [q.attribution_id for q in quorin.said_about] == ["q3"] or quorin.said_about == ()
    assert store.entity_profile("Nobody Atall") is None


def test_events_filters(store):
    assert [v.event_id for v in store.list_events(type="investigate").items] == ["v1"]
    assert [v.place for v in store.list_events(place="varnholt").items] == ["Varnholt"]
    assert store.list_events(actor="roads agency").items[0].actor_code == "XXXGOV"
    assert store.list_events(since="2032-01-01").items == ()


def test_contradictions_within_and_across_articles(store):
    rich, bridge = rich_article(), bridge_article()
    store.save_links([], [Contradiction(f"{rich.id}/q3", f"{rich.id}/q2", "across, for the test")], {})
    rows = store.list_contradictions().items
    assert [(r.claim.attribution_id, r.countered_by.attribution_id, r.across_articles) for r in rows] == [
        ("q3", "q2", False), ("q3", "q2", True)]
    assert rows[0].claim.stance == "accuse" and rows[0].countered_by.stance == "deny"
    del bridge


def test_a_page_of_contradictions_reads_its_quotes_in_one_query(store, monkeypatch):
    """Not two queries a row (PostgreSQL pays a round trip for each: /contradictions p95 173 ms at 10,000)."""
    rich = rich_article()
    store.save_links([], [Contradiction(f"{rich.id}/q{i}", f"{rich.id}/q2", f"across {i}") for i in (1, 3)], {})
    queries = []
    real = store._rows
    monkeypatch.setattr(store, "_rows", lambda sql, params, what="query": queries.append(sql) or real(sql, params, what))
    rows = store.list_contradictions().items
    assert [(r.claim.attribution_id, r.countered_by.attribution_id, r.across_articles) for r in rows] == [
        ("q3", "q2", False), ("q1", "q2", True), ("q3", "q2", True)]
    assert len(queries) == 3  # within, across, and the quotes of all six refs


def test_relink_builds_stories_and_is_repeatable(store):
    relink(store)
    first = store.list_stories(limit=100).items
    relink(store)
    again = store.list_stories(limit=100).items
    assert first == again
    assert sum(len(s.article_ids) for s in first) == store.count(include_duplicates=False) + 0
    story = store.get_story(first[0].id)
    assert story == first[0]
    assert store.get_story(first[0].article_ids[0]) is not None  # by member article id
