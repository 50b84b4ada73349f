"""What the store keeps for its pages stays equal to what it is kept from, on every write path.

The speaker's identity on each attribution and the actor's and target's on each event (migration
0009) equal the identity of the entity row they refer to: as written, after a linking pass changes
identities (a trigger follows), and after an article is updated. The article totals kept in
store_meta equal a count of the rows after adds, duplicates, re-adds and updates. A search reads
the newest matches only (its window), the same on both backends.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

import store_articles as inv  # noqa: E402
from conftest_store import store_target  # noqa: E402,F401

from newsgraph.model import Actor, replace  # noqa: E402
from newsgraph.store import open_store  # noqa: E402

LINKED = "person:marten-oduya-of-varnholt"  # an identity a linking pass gives Oduya


def _acting_article():
    """The rich article with its event's actor (Oduya, e2) and target (Varnholt, e3) named as entities."""
    a = inv.rich_article()
    event = replace(a.events[0], actor=Actor("Marten Oduya", entity_id="e2"), target=Actor("Varnholt", entity_id="e3"))
    return replace(a, events=(event,))


def _mismatches(store) -> list:
    """Attributions and events whose kept identity differs from their entity row's."""
    return store._rows(
        "SELECT 'speaker' AS what, q.attribution_id AS ref FROM attributions q LEFT JOIN entities e "
        "ON e.article_id = q.article_id AND e.entity_id = q.speaker_entity_id "
        "WHERE COALESCE(q.speaker_identity, '-') <> COALESCE(e.identity, '-') "
        "UNION ALL SELECT 'actor', v.event_id FROM events v LEFT JOIN entities e "
        "ON e.article_id = v.article_id AND e.entity_id = v.actor_entity_id "
        "WHERE COALESCE(v.actor_identity, '-') <> COALESCE(e.identity, '-') "
        "UNION ALL SELECT 'target', v.event_id FROM events v LEFT JOIN entities e "
        "ON e.article_id = v.article_id AND e.entity_id = v.target_entity_id "
        "WHERE COALESCE(v.target_identity, '-') <> COALESCE(e.identity, '-')", ())


def _oduya(store) -> str:
    return store._value("SELECT identity FROM entities WHERE entity_id = 'e2'")


def test_kept_identities_follow_writes_and_relinks(store_target):
    article = _acting_article()
    with open_store(store_target) as store:
        store.add_articles([article, inv.bridge_article()])
        assert _mismatches(store) == []
        own = _oduya(store)
        assert own.startswith("person:") and own != LINKED
        assert [q.attribution_id for q in store.list_attributions(entity=own).items] == ["q1"]
        profile = store.entity_profile("Marten Oduya")
        assert [q.attribution_id for q in profile.said] == ["q1"]
        assert [(v.event_id, v.actor_canonical_id, v.target_canonical_id) for v in profile.events] == [
            ("v1", own, store._value("SELECT identity FROM entities WHERE entity_id = 'e3'"))]

        # a linking pass gives Oduya another identity: his quote and event follow, in the same transaction
        assert store.save_links([], [], {(article.id, "e2"): LINKED})
        assert _oduya(store) == LINKED and _mismatches(store) == []
        assert store.list_attributions(entity=own).items == ()
        assert [q.attribution_id for q in store.list_attributions(entity=LINKED).items] == ["q1"]
        profile = store.entity_profile(LINKED)
        assert [q.attribution_id for q in profile.said] == ["q1"]
        assert [v.actor_canonical_id for v in profile.events] == [LINKED]
        assert [v.event_id for v in store.list_events(actor=LINKED, factuality="all").items] == ["v1"]

        # an update writes the rows again from the record: still equal to the entity rows
        assert store.update_articles([article]) == 1
        assert _mismatches(store) == []
        assert [q.attribution_id for q in store.list_attributions(entity=_oduya(store)).items] == ["q1"]


def _counted(store) -> tuple[int, int]:
    return (int(store._value("SELECT COUNT(*) FROM articles")),
            int(store._value("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL")))


def test_article_totals_follow_every_write(store_target):
    with open_store(store_target) as store:
        assert (store.count(), store.count(include_duplicates=False)) == (0, 0)
        store.add_articles([inv.numbered_article(n) for n in range(3)])
        assert (store.count(), store.count(include_duplicates=False)) == _counted(store) == (3, 3)
        store.add_articles([inv.bridge_article()])
        added = store.add_articles([inv.bridge_edited_article(), inv.numbered_article(0)])  # a near copy, a re-add
        assert len(added.duplicates) == 2
        assert (store.count(), store.count(include_duplicates=False)) == _counted(store) == (5, 4)
        assert store.update_articles([inv.numbered_article(1)]) == 1
        assert (store.count(), store.count(include_duplicates=False)) == _counted(store) == (5, 4)


def test_a_search_reads_the_newest_matches_only(store_target, monkeypatch):
    with open_store(store_target) as store:
        store.add_articles([inv.numbered_article(n) for n in range(6)])  # every headline says "Invented"
        assert len(store.search("invented", limit=10)) == 6
        monkeypatch.setattr(store.dialect, "search_window", 4)
        pks = {r["id"]: r["pk"] for r in store._rows("SELECT id, pk FROM articles", ())}
        window = sorted(sorted(pks, key=pks.get)[-4:])  # the four stored last
        assert sorted(h.article_id for h in store.search("invented", limit=10)) == window
        assert sorted(a.article_id for a in store.list_articles(query="invented", limit=10).items) == window
        assert len(store.search("invented", limit=2)) == 2
