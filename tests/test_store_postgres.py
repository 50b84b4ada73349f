"""PostgreSQL-only checks: schema and migrations, the tsquery grammar, answers identical to SQLite's,
writers in two processes, and a writer killed mid-ingest.

The shared behaviour is tested on both backends by test_store.py, test_store_read.py and test_dedup.py;
these need ``NEWSGRAPH_TEST_PG_URL`` (see conftest_store.py), except the pure grammar tests.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
sys.path.insert(0, str(FIXTURES))

import store_articles as inv  # noqa: E402
from crash import assert_committed_intact, kill_writer_after  # noqa: E402
from conftest_store import pg_schema, pg_url_or_skip, raw_sql, with_search_path  # noqa: E402

from newsgraph.link import dedup  # noqa: E402
from newsgraph.model import Contradiction, replace  # noqa: E402
from newsgraph.pipeline import relink  # noqa: E402
from newsgraph.store import StoreError, open_store  # noqa: E402
from newsgraph.store import sqlite as sqlite_store  # noqa: E402

try:
    import psycopg  # noqa: F401
except ImportError:
    if os.environ.get("CI") == "true":
        raise  # CI must run these: install psycopg[binary]
    pytest.skip("psycopg is not installed: PostgreSQL store tests skipped", allow_module_level=True)

from newsgraph.store.postgres import PostgresStore, display_url, migrations, ts_query  # noqa: E402


@pytest.fixture()
def pg_url():
    with pg_schema(pg_url_or_skip()) as url:
        yield url


# --- the query grammar (no server needed) ----------------------------------------------


def test_ts_query_builds_parameterised_phrases_prefixes_and_alternatives():
    sql, params = ts_query('bridge "sports hall" OR ferr* AND x"y')
    assert sql == ("((phraseto_tsquery('newsgraph', %s) && phraseto_tsquery('newsgraph', %s)) || "
                   "(to_tsquery('newsgraph', %s) && phraseto_tsquery('newsgraph', %s) && "
                   "phraseto_tsquery('newsgraph', %s)))")
    assert params == ["bridge", "sports hall", "ferr:*", "AND", "x y"]
    assert ts_query("co-op*")[1] == ["co <-> op:*"]  # only letters and digits reach to_tsquery
    assert ts_query("OR OR bridge OR")[1] == ["bridge"]
    with pytest.raises(StoreError, match="no words"):
        ts_query("  ( ) : ")


def test_display_url_hides_the_password():
    assert display_url("postgresql://ann:s3cret@db.example:5433/news") == "postgresql://ann:***@db.example:5433/news"
    assert display_url("postgresql://db.example/news") == "postgresql://db.example/news"


# --- schema --------------------------------------------------------------------------


def test_migrations_mirror_the_sqlite_versions():
    assert [(v, n) for v, n, _ in migrations()] == [(v, n) for v, n, _ in sqlite_store.migrations()]


def test_open_creates_schema_with_tsvector_and_gin_indexes(pg_url):
    with open_store(pg_url) as s:
        assert isinstance(s, PostgresStore) and s.count() == 0
        assert s.schema_version() == max(v for v, _, _ in migrations()) >= 2
        schema = s.schema
    tables = {r[0] for r in raw_sql(pg_url, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                                    (schema,))}
    assert {"articles", "entities", "attributions", "events", "contradictions", "minhashes", "stories",
            "story_articles", "cross_contradictions", "schema_version"} <= tables
    sqlite_columns = _sqlite_columns()
    for table, columns in sqlite_columns.items():
        pg = {r[0] for r in raw_sql(pg_url, "SELECT column_name FROM information_schema.columns "
                                            "WHERE table_schema = ? AND table_name = ?", (schema, table))}
        assert columns <= pg, (table, columns - pg)
    gin = raw_sql(pg_url, "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexdef LIKE ?",
                  (schema, "%USING gin%"))
    assert {r[0] for r in gin} == {"articles_fts", "attributions_fts", "attributions_speaker_fts"}


def _sqlite_columns() -> dict[str, set[str]]:
    import sqlite3

    con = sqlite3.connect(":memory:")
    for _v, _n, sql in sqlite_store.migrations():
        con.executescript(sql)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                        "'%VIRTUAL%' AND name NOT LIKE '%fts%'")]
    return {t: {r[1] for r in con.execute(f"PRAGMA table_info({t})")} for t in tables}


def test_search_path_without_a_schema_is_a_clear_error():
    url = with_search_path(pg_url_or_skip(), "ng_no_such_schema")
    with pytest.raises(StoreError, match="no schema in the search_path"):
        open_store(url)


def test_wrong_password_is_a_clear_error_without_the_password():
    url = pg_url_or_skip()
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    bad = url.replace(f":{parts.password}@", ":wrong-pass-word@") if parts.password else url.replace("://", "://nobody@")
    with pytest.raises(StoreError, match="cannot open store") as info:
        open_store(bad)
    assert "wrong-pass-word" not in str(info.value)


def test_every_query_is_planned_for_its_own_parameters(pg_url):
    """psycopg prepares a query run five times; PostgreSQL must not then plan it once for any words
    (a generic plan: a search planned without its words read every match, /api/claims 20 -> 500 ms)."""
    with open_store(pg_url) as s:
        s.add_articles([inv.rich_article(), inv.bridge_article()])
        for word in ("bridge", "divers", "Varnholt", "river", "piers", "mayor", "budget", "ferry") * 2:
            s.search(word)
            s.list_articles(query=word)
        plans = s._rows("SELECT generic_plans, custom_plans FROM pg_prepared_statements", ())
    assert plans and max(r[1] for r in plans) >= 10  # the searches were prepared, and planned each time
    assert sum(r[0] for r in plans) == 0


def test_tsvector_follows_updates(pg_url):
    with open_store(pg_url) as s:
        s.add_articles([inv.rich_article()])
        assert s.search("Kelvarine") == []
        s.update_articles([replace(inv.rich_article(), headline="Kelvarine divers inspect the Varnholt piers")])
        hits = s.search("kelvarine")
        assert [h.article_id for h in hits] == [inv.rich_article().id] and "\u00abKelvarine\u00bb" in hits[0].snippet
        assert s.integrity_check() == "ok"


# --- the same answers as SQLite ------------------------------------------------------


def _corpus():
    others = [
        replace(inv.article_from_paragraphs(
            (f"Invented filler story number {i} about the harbour of Pellmar and its {i} cranes.",), f"Harbour story {i}"),
            published=f"2031-01-{i % 4 + 1:02d}", outlet="Pellmar Post" if i % 2 else "pellmar post")
        for i in range(9)
    ]
    return [inv.rich_article(), inv.bridge_article(), inv.bridge_edited_article(), inv.bridge_follow_up_article(),
            *others, *(inv.numbered_article(i) for i in range(5))]


def _pages(fetch, limit: int):
    pages, cursor = [], None
    while True:
        page = fetch(cursor=cursor, limit=limit)
        pages.append(page)
        cursor = page.next_cursor
        if cursor is None:
            return pages


def test_listings_and_cursors_are_identical_to_sqlite(pg_url, tmp_path):
    with open_store(tmp_path / "same.db") as lite, open_store(pg_url) as pg:
        for s in (lite, pg):
            s.add_articles(_corpus()[:6])
            s.add_articles(_corpus()[6:])
            relink(s)
            s.save_links(s.list_stories(limit=500).items, [Contradiction(
                f"{inv.rich_article().id}/q3", f"{inv.rich_article().id}/q2", "across, for the test")], {})
        assert list(pg.iter_articles(batch_size=4)) == list(lite.iter_articles(batch_size=4))
        assert pg.count() == lite.count() and pg.count(include_duplicates=False) == lite.count(include_duplicates=False)
        for a in lite.iter_articles():
            assert pg.get_article(a.id) == lite.get_article(a.id)
        assert _pages(pg.list_articles, 4) == _pages(lite.list_articles, 4)
        assert _pages(lambda **k: pg.list_articles(outlet="PELLMAR POST", include_duplicates=True, **k), 2) == \
            _pages(lambda **k: lite.list_articles(outlet="PELLMAR POST", include_duplicates=True, **k), 2)
        assert pg.list_articles(since="2031-01-02", until="2031-01-03") == lite.list_articles(
            since="2031-01-02", until="2031-01-03")
        for key in ("person:elsbeth-quorin", "Marten Oduya", "marten oduya"):
            assert pg.list_articles(entity=key) == lite.list_articles(entity=key)
        assert _pages(pg.list_attributions, 2) == _pages(lite.list_attributions, 2)
        for kwargs in ({"stance": "deny"}, {"anonymous": False}, {"speaker": "MAYOR"}, {"text": "budget"},
                       {"article_id": inv.rich_article().id}, {"entity": "person:marten-oduya"}):
            assert pg.list_attributions(**kwargs) == lite.list_attributions(**kwargs), kwargs
        assert _pages(pg.list_entities, 2) == _pages(lite.list_entities, 2)
        assert pg.list_entities(name="quorin", type="person") == lite.list_entities(name="quorin", type="person")
        for key in ("Marten Oduya", "person:elsbeth-quorin", "varnholt", "Nobody Atall"):
            assert pg.entity_profile(key) == lite.entity_profile(key), key
        assert _pages(pg.list_events, 1) == _pages(lite.list_events, 1)
        assert pg.list_events(actor="roads", place="XX", type="investigate") == lite.list_events(
            actor="roads", place="XX", type="investigate")
        assert _pages(pg.list_contradictions, 1) == _pages(lite.list_contradictions, 1)
        assert _pages(pg.list_stories, 2) == _pages(lite.list_stories, 2)
        story = lite.list_stories().items[0]
        assert pg.get_story(story.id) == lite.get_story(story.id) == story
        assert pg.list_attributions().items == lite.list_attributions().items and pg.list_attributions(text="budget").items == lite.list_attributions(text="budget").items
        for query in ("ferry", "Quorin", '"sports hall"', "insp*", "collapsed", "harbour OR ferry", "cranes 3"):
            assert {h.article_id for h in pg.search(query, limit=100)} == \
                {h.article_id for h in lite.search(query, limit=100)}, query
        out_pg, out_lite = io.StringIO(), io.StringIO()
        assert pg.export("jsonl", out_pg) == lite.export("jsonl", out_lite) and out_pg.getvalue() == out_lite.getvalue()


def test_cursor_from_the_other_backend_continues_the_same_listing(pg_url, tmp_path):
    with open_store(tmp_path / "same.db") as lite, open_store(pg_url) as pg:
        for s in (lite, pg):
            s.add_articles(_corpus())
        first = lite.list_articles(limit=3)
        assert pg.list_articles(limit=3, cursor=first.next_cursor) == lite.list_articles(limit=3, cursor=first.next_cursor)


# --- several writers ---------------------------------------------------------------


def test_second_writer_sees_copies_stored_by_the_first(pg_url):
    original, edited = inv.bridge_article(), inv.bridge_edited_article()
    with open_store(pg_url) as a, open_store(pg_url) as b:
        b.add_articles([inv.numbered_article(1)])  # b's near-duplicate index is now loaded
        a.add_articles([original])
        result = b.add_articles([edited])  # b must top up its index from the table
        assert result.duplicates == ((edited.id, original.id),)
        assert a.get_article(edited.id).duplicate_of == original.id


def test_writer_blocked_by_another_batch_waits_then_links(pg_url):
    """While one transaction holds the writers' lock, another writer waits instead of missing its copies."""
    import threading

    original, edited = inv.bridge_article(), inv.bridge_edited_article()
    with open_store(pg_url) as a, open_store(pg_url) as b:
        b.count()
        results = {}
        with a._transaction():
            a._conn.execute("LOCK TABLE minhashes IN SHARE ROW EXCLUSIVE MODE")
            worker = threading.Thread(target=lambda: results.setdefault("b", b.add_articles([edited])))
            worker.start()
            time.sleep(0.3)
            assert worker.is_alive()  # waiting for a's lock
            a._insert(original, dedup.signature(original.text))
        worker.join(timeout=30)
        assert results["b"].duplicates == ((edited.id, original.id),)


# --- crash safety -----------------------------------------------------------------

BATCH = 4
BATCHES_BEFORE_KILL = 8


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_during_ingest_keeps_committed_batches(pg_url):
    committed = kill_writer_after(pg_url, BATCH, BATCHES_BEFORE_KILL, deadline_s=90)

    time.sleep(0.2)  # the server notices the dropped connection and rolls its open transaction back
    with open_store(pg_url) as store:
        assert_committed_intact(store, committed, BATCH)
        stored = store.count()
        assert raw_sql(pg_url, "SELECT COUNT(*) FROM minhashes")[0][0] == stored
