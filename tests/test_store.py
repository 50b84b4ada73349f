"""The store on SQLite and PostgreSQL: opening and migrating, round trips, denormalised tables, search,
quotes, export. Tests taking ``store_target`` run on both backends (see conftest_store.py)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

import store_articles as inv  # noqa: E402
from conftest_store import is_postgres, raw_sql, store_target  # noqa: E402,F401

from newsgraph.model import Article, replace  # noqa: E402
from newsgraph.store import MARK_END, MARK_START, StoreError, open_store  # noqa: E402
from newsgraph.store.sqlite import fts_query, migrations  # noqa: E402


@pytest.fixture()
def db(tmp_path) -> Path:
    return tmp_path / "store" / "newsgraph.db"


@pytest.fixture()
def store(store_target):
    with open_store(store_target) as s:
        s.add_articles([inv.rich_article(), inv.bridge_article()])
        yield s


def raw(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db)


def test_open_creates_wal_database_with_schema(db):
    with open_store(db) as s:
        assert s.count() == 0
        assert s.schema_version() == max(v for v, _, _ in migrations()) >= 2
    con = raw(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "entities", "attributions", "events", "contradictions", "minhashes",
            "articles_fts", "attributions_fts", "schema_version"} <= tables


def test_reopen_does_not_reapply_migrations(store_target):
    db = store_target
    open_store(db).close()
    first = raw_sql(db, "SELECT version, applied_at FROM schema_version ORDER BY version")
    with open_store(db) as s:
        s.add_articles([inv.bridge_article()])
    with open_store(db) as s:
        assert s.count() == 1
    assert raw_sql(db, "SELECT version, applied_at FROM schema_version ORDER BY version") == first


def test_store_from_newer_newsgraph_is_refused(store_target):
    db = store_target
    open_store(db).close()
    raw_sql(db, "INSERT INTO schema_version VALUES (999, 'future', '2099-01-01')")
    with pytest.raises(StoreError, match="newer"):
        open_store(db)


def test_foreign_keys_are_enforced(store, store_target):
    if is_postgres(store_target):
        import psycopg

        integrity_error: type[Exception] = psycopg.errors.ForeignKeyViolation
    else:
        integrity_error = sqlite3.IntegrityError
    with pytest.raises(integrity_error):
        store._conn.execute(
            "INSERT INTO entities(article_id, entity_id, name, type) VALUES ('nope', 'e1', 'X', 'PERSON')"
        )


def test_open_store_targets(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_DB", str(tmp_path / "env" / "x.db"))
    with open_store() as s:
        assert s.path == tmp_path / "env" / "x.db"
    monkeypatch.delenv("NEWSGRAPH_DB")
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(tmp_path / "data" / app))
    with open_store() as s:
        assert s.path == tmp_path / "data" / "newsgraph" / "newsgraph.db"
    with open_store(f"sqlite:///{tmp_path}/url.db") as s:
        assert s.path == tmp_path / "url.db"
    with open_store(":memory:") as s:
        assert s.add_articles([inv.bridge_article()]).new == 1
    for url in ("postgresql://user@127.0.0.1:9/db", "postgres://127.0.0.1:9/db"):  # nothing listens on port 9
        with pytest.raises(StoreError, match="cannot open store postgresql://"):
            open_store(url)
    with pytest.raises(StoreError, match="scheme"):
        open_store("mysql://host/db")


def test_get_article_round_trips_exactly(store):
    article = inv.rich_article()
    assert store.get_article(article.id) == article
    assert store.get_article(article.id[:6]) == article
    assert store.get_article(article.id[:5]) is None  # too short to be a prefix
    assert store.get_article("0" * 64) is None


def test_ambiguous_prefix_is_an_error(store_target):
    a = Article(id="abcdef01", source_file="x", headline=None, text="one fictional line of text")
    b = Article(id="abcdef02", source_file="x", headline=None, text="another fictional line entirely")
    with open_store(store_target) as s:
        s.add_articles([a, b])
        with pytest.raises(StoreError, match="ambiguous"):
            s.get_article("abcdef")
        assert s.get_article("abcdef02") == b


def test_denormalised_tables(store, store_target):
    aid = inv.rich_article().id

    def rows(statement, params=()):
        return raw_sql(store_target, statement, params)

    assert rows(
        "SELECT name, type, canonical_id, mentions, roles FROM entities WHERE article_id = ? ORDER BY entity_id",
        (aid,),
    ) == [
        ("Elsbeth Quorin", "PERSON", "person:elsbeth-quorin", 1, '["Mayor"]'),
        ("Marten Oduya", "PERSON", None, 1, '["chief inspector"]'),
        ("Varnholt", "GPE", None, 1, "[]"),
    ]
    row = rows(
        "SELECT speaker_text, speaker_resolved, anonymous, stance, form, cue, channel, content_text, "
        "content_start, content_end FROM attributions WHERE attribution_id = 'q2'"
    )[0]
    text = inv.rich_article().text
    assert row[:7] == ("the statement", "Office of the mayor", 1, "deny", "direct", "said", "a written statement")
    assert text[row[8]:row[9]] == row[7] == "The budget for the bridge was never touched"
    assert rows(
        "SELECT type, mode, actor_name, actor_code, target_name, place_name, place_lat, place_lon, place_country, "
        "date, negated FROM events"
    ) == [("INVESTIGATE", "inspect", "regional roads agency", "XXXGOV", "Varnholt bridge",
                      "Varnholt", 47.25, 9.5, "XX", "2031-04-11", 0)]
    assert rows("SELECT article_id, claim, countered_by, why FROM contradictions") == [
        (aid, "q3", "q2", "office denies budget diversion")
    ]
    assert rows("SELECT outlet, published FROM articles WHERE id = ?", (aid,))[0] == (
        "The Varnholt Courier", "2031-04-11")


def test_search_marks_matches_and_ranks(store):
    hits = store.search("inspectors divers")
    assert [h.article_id for h in hits] == [inv.rich_article().id]
    assert f"{MARK_START}divers{MARK_END}" in hits[0].snippet or f"{MARK_START}Inspectors{MARK_END}" in hits[0].snippet
    assert hits[0].outlet == "The Varnholt Courier"
    both = store.search("Quorin")
    assert len(both) == 2 and both[0].rank <= both[1].rank
    assert store.search("collapsed")[0].article_id == inv.bridge_article().id  # stemming: collapses/collapsed
    assert [h.article_id for h in store.search('"sports hall"')] == [inv.rich_article().id]
    assert store.search('"hall sports"') == []
    assert len(store.search("ferry OR nonexistentword")) == 2
    assert len(store.search("insp*")) == 1
    assert len(store.search("bridge", limit=1)) == 1


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "NEAR(bridge", "bridge)", "col:bridge", "-bridge ^x", "'"])
def test_search_never_raises_fts_syntax_errors(store, query):
    try:
        hits = store.search(query)
    except StoreError as exc:
        assert "no words" in str(exc)
    else:
        assert isinstance(hits, list)


def test_fts_query_quotes_every_term():
    assert fts_query('bridge "sports hall" OR ferr* AND x"y') == '"bridge" "sports hall" OR "ferr"* "AND" "x y"'
    with pytest.raises(StoreError):
        fts_query("  ( ) : ")


def test_quotes_filters(store):
    aid = inv.rich_article().id
    assert [q.attribution_id for q in store.list_attributions().items] == ["q1", "q2", "q3"]
    assert [q.attribution_id for q in store.list_attributions(speaker="oduya").items] == ["q1"]
    assert [q.attribution_id for q in store.list_attributions(speaker="mayor").items] == ["q2"]  # resolved name
    denial = store.list_attributions(stance="deny").items
    assert len(denial) == 1 and denial[0].content == "The budget for the bridge was never touched"
    assert denial[0].anonymous and denial[0].article_id == aid and denial[0].channel == "a written statement"
    assert [q.attribution_id for q in store.list_attributions(anonymous=True).items] == ["q2"]
    assert [q.attribution_id for q in store.list_attributions(anonymous=False, stance="accuse").items] == ["q3"]
    assert [q.attribution_id for q in store.list_attributions(text="budget").items] == ["q2"]
    assert store.list_attributions(text="Oduya").items == ()  # text searches what was said, not who said it
    assert store.list_attributions(speaker="100%_").items == ()
    assert len(store.list_attributions(limit=2).items) == 2
    with pytest.raises(StoreError, match="stance"):
        store.list_attributions(stance="denial").items


def test_iter_articles_streams_in_insertion_order(store_target):
    articles = [inv.numbered_article(i) for i in range(11)]
    with open_store(store_target) as s:
        s.add_articles(articles[:4])
        s.add_articles(articles[4:])
        assert list(s.iter_articles(batch_size=3)) == articles
        assert s.count() == 11


def test_failing_batch_rolls_back_and_keeps_earlier_data(store_target):
    db = store_target
    kept = inv.bridge_article()

    def batch_that_fails():
        yield inv.numbered_article(1)
        yield inv.bridge_edited_article()
        raise RuntimeError("parser crashed mid-batch")

    with open_store(db) as s:
        s.add_articles([kept])
        with pytest.raises(RuntimeError, match="mid-batch"):
            s.add_articles(batch_that_fails())
        assert s.count() == 1 and s.get_article(kept.id) == kept
        assert s.get_article(inv.numbered_article(1).id) is None
        # the rolled-back article left nothing behind in the dedup index either
        assert s.add_articles([inv.numbered_article(1)]).new == 1
    if not is_postgres(db):
        assert raw_sql(db, "PRAGMA integrity_check")[0][0] == "ok"
    assert raw_sql(db, "SELECT COUNT(*) FROM minhashes")[0][0] == 2


def test_exception_while_writing_rolls_back_the_whole_batch(store, store_target):
    before = store.count()
    # the database cannot take the 2nd article's date: the bulk load fails after the 1st row went in
    unserialisable = replace(inv.numbered_article(8), published=object())
    with pytest.raises((TypeError, StoreError)):
        store.add_articles([inv.numbered_article(5), unserialisable, inv.numbered_article(9)])
    assert store.count() == before and store.get_article(inv.numbered_article(5).id) is None
    assert store.get_article(inv.rich_article().id) == inv.rich_article()
    assert raw_sql(store_target, "SELECT COUNT(*) FROM attributions")[0][0] == 3
    assert store.add_articles([inv.numbered_article(5)]).new == 1


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(path)


def test_database_error_mid_batch_rolls_back(store):
    before = store.count()
    bad = replace(inv.numbered_article(7), source_file=None)  # NOT NULL violation on the second article
    with pytest.raises(StoreError, match="rolled back"):
        store.add_articles([inv.numbered_article(6), bad])
    assert store.count() == before and store.get_article(inv.numbered_article(6).id) is None


def test_update_articles_rewrites_derived_rows(store, store_target):
    article = inv.rich_article()
    renamed = replace(
        article,
        headline="Divers inspect the Varnholt piers",
        entities=tuple(replace(e, canonical_id=f"canon:{e.id}") for e in article.entities),
        attributions=article.attributions[:2],
    )
    assert store.update_articles([renamed]) == 1
    assert store.get_article(article.id) == renamed
    assert [q.attribution_id for q in store.list_attributions().items] == ["q1", "q2"]
    assert store.search("piers")[0].headline == "Divers inspect the Varnholt piers"
    assert {r[0] for r in raw_sql(store_target, "SELECT canonical_id FROM entities")} == {"canon:e1", "canon:e2", "canon:e3"}
    if not is_postgres(store_target):
        con = raw(store_target)
        con.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        con.execute("INSERT INTO attributions_fts(attributions_fts) VALUES ('integrity-check')")
        con.rollback()
    with pytest.raises(StoreError, match="not stored"):
        store.update_articles([inv.numbered_article(3)])


def test_export_jsonl_csv_parquet(store, tmp_path):
    expected = [inv.rich_article(), inv.bridge_article()]
    assert store.export("jsonl", tmp_path / "out.jsonl") == 2
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [Article.from_dict(json.loads(line)) for line in lines] == expected

    buffer = io.StringIO()
    assert store.export("csv", buffer) == 2
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [r["id"] for r in rows] == [a.id for a in expected]
    assert rows[0]["attributions"] == "3" and rows[0]["outlet"] == "The Varnholt Courier"
    assert rows[1]["text"] == inv.bridge_article().text

    import pyarrow.parquet as pq

    binary = io.BytesIO()
    assert store.export("parquet", binary) == 2
    table = pq.read_table(io.BytesIO(binary.getvalue()))
    assert table.column("id").to_pylist() == [a.id for a in expected]
    assert table.column("events").to_pylist() == [1, 0]
    assert [Article.from_dict(json.loads(r)) for r in table.column("record").to_pylist()] == expected

    with pytest.raises(StoreError, match="format"):
        store.export("xml", tmp_path / "out.xml")


def test_export_of_empty_store(store_target, tmp_path):
    import pyarrow.parquet as pq

    with open_store(store_target) as s:
        assert s.export("parquet", tmp_path / "e.parquet") == 0
        assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
        assert s.export("jsonl", tmp_path / "e.jsonl") == 0


def test_closed_store_says_so(store_target):
    s = open_store(store_target)
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.count()


def test_row_descriptions_name_the_columns_of_the_schema(store, store_target):
    """Each table the store writes is described once, by column name; the schema has every column on
    both backends, writers give exactly those columns, and listings read records back by name."""
    from newsgraph.store import rows
    from newsgraph.store.sql_read import EVENT, QUOTE

    article = inv.rich_article()
    for table in (rows.ARTICLES, rows.ENTITIES, rows.ATTRIBUTIONS, rows.EVENTS, rows.CONTRADICTIONS,
                  rows.CROSS_CONTRADICTIONS, rows.IDENTITIES, rows.STORIES):
        described = {d[0] for d in store._execute(f"SELECT * FROM {table.name} WHERE 1 = 0").description}
        assert set(table.columns) <= described, table.name
    for table, written in rows.article_detail_rows(article):
        assert written and all(table.values(r) for r in written), table.name
    with pytest.raises(StoreError, match="attributions row"):
        rows.ATTRIBUTIONS.values({**rows.attribution_rows(article)[0], "speaker": "x"})
    with pytest.raises(AttributeError, match="no column 'speaker'"):
        rows.ATTRIBUTIONS.alias("q").speaker
    (q,) = store.list_attributions(stance="deny").items
    a = next(x for x in article.attributions if x.stance == "deny")
    assert (q.attribution_id, q.speaker, q.resolved, q.anonymous, q.cue, q.channel, q.start, q.end, q.outlet) == (
        a.id, a.speaker.text, a.speaker.resolved, True, a.cue.text, a.channel, a.content.start, a.content.end,
        article.outlet)
    (event,) = store.list_events(article_id=article.id).items
    v = article.events[0]
    assert (event.event_id, event.type, event.start, event.end, event.actor, event.place, event.negated) == (
        v.id, v.type, v.start, v.end, v.actor.name, v.place.name, False)
    assert (QUOTE.record, EVENT.record) == (type(q), type(event))
