"""Links across articles survive crashes and concurrent writers; readers never wait for a writer.

On SQLite and PostgreSQL (see conftest_store.py): a writer SIGKILLed while linking leaves the links
marked stale and the next ingest (with nothing new) or ``newsgraph relink`` repairs them; two writer
processes ingesting at once both succeed and leave the links of one clean run; link saves in two
connections take turns; every read path answers while another connection holds a write transaction.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES / "store"))
sys.path.insert(0, str(FIXTURES / "web"))

import store_articles as inv  # noqa: E402
import web_articles as web  # noqa: E402
from conftest_store import is_postgres, store_target  # noqa: E402,F401
from crash import LINKER, kill_linker_at, read_line, start_child  # noqa: E402

from newsgraph.cli import app  # noqa: E402
from newsgraph.link import dedup  # noqa: E402
from newsgraph.model import Article, replace  # noqa: E402
from newsgraph.pipeline import relink  # noqa: E402
from newsgraph.store import StoreError, open_store  # noqa: E402
from newsgraph.store.sql_read import SQLReader  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dump.txt"
needs_sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def write_records(path: Path, articles: list[Article]) -> Path:
    path.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def every(listing) -> list:
    items, cursor = [], None
    while True:
        page = listing(cursor=cursor, limit=2)
        items += page.items
        cursor = page.next_cursor
        if cursor is None:
            return items


def links_of(store) -> tuple:
    """Everything linking writes: stories, contradictions across articles, each entity's canonical id."""
    canonical = [(a.id, e.id, e.canonical_id) for a in store.iter_articles()
                 for e in store.get_article(a.id).entities]
    return every(store.list_stories), every(store.list_contradictions), canonical, every(store.list_entities)


def clean_links(store, tmp_path: Path) -> tuple:
    """The links one clean run makes of what ``store`` holds, stored in the same order."""
    with open_store(tmp_path / "clean.db") as clean:
        clean.add_articles(store.iter_articles())
        relink(clean)
        return links_of(clean)


@pytest.fixture(scope="module")
def example_articles() -> list[Article]:
    """examples/dump.txt as ``newsgraph ingest`` stores it (so a second ingest of it finds nothing new)."""
    from newsgraph.ingest import read_inputs
    from newsgraph.pipeline import Options, analyze_documents

    articles = [a for a in analyze_documents(read_inputs([str(EXAMPLE)]), Options()) if isinstance(a, Article)]
    assert len(articles) == 3
    return articles


# --- what the store records --------------------------------------------------------


def test_links_are_stale_from_the_batch_that_adds_articles_to_the_save_that_covers_them(store_target):
    with open_store(store_target) as store:
        assert not store.links_stale() and store.content_version() == 0
        store.add_articles([web.gazette_article(), inv.bridge_article()])
        assert store.links_stale() and store.content_version() == 1
        with pytest.raises(StoreError, match="rolled back"):
            store.add_articles([inv.rich_article(), replace(inv.numbered_article(1), source_file=None)])
        assert store.content_version() == 1  # a rolled-back batch changes nothing
        relink(store)
        assert not store.links_stale() and len(store.list_stories().items) == 2
        store.add_articles([inv.bridge_article()])  # nothing new: links still cover the store
        assert not store.links_stale()
        store.add_articles([web.wire_article()])
        assert store.links_stale() and store.content_version() == 2
        # links worked out before the wire was added do not clear the mark, nor replace newer links
        assert store.save_links([], [], {}, as_of=1) and store.links_stale()
        relink(store)
        newer = links_of(store)
        assert not store.save_links([], [], {}, as_of=1)
        assert links_of(store) == newer and not store.links_stale()


def test_a_store_from_before_holding_articles_is_relinked_once(tmp_path):
    """Migration 0005 marks an older store stale: links a killed run never saved are worked out again."""
    import sqlite3

    db = tmp_path / "old.db"
    with open_store(db) as store:
        store.add_articles([web.gazette_article()])
    con = sqlite3.connect(db)
    con.execute("DELETE FROM store_meta")
    con.execute("DELETE FROM schema_version WHERE version = 5")
    con.commit()
    con.close()
    with open_store(db) as store:
        assert store.links_stale()
        relink(store)
        assert not store.links_stale() and store.list_stories().items


# --- a writer killed while linking ---------------------------------------------------


@needs_sigkill
@pytest.mark.parametrize("spot, repair", [("link", "ingest"), ("save", "relink")])
def test_writer_killed_while_linking_leaves_links_the_next_run_repairs(store_target, tmp_path, example_articles,
                                                                       spot, repair):
    records = write_records(tmp_path / "records.jsonl", [
        example_articles[0], web.gazette_article(), example_articles[1], web.wire_article(), example_articles[2]])
    kill_linker_at(str(store_target), records, spot, deadline_s=60)

    with open_store(store_target) as store:
        assert store.count() == 5
        assert store.list_stories().items == () and store.links_stale()  # a kill mid-save rolled it back
    if repair == "ingest":  # nothing new to store, yet the links get worked out
        code, err = run("ingest", EXAMPLE, "--db", store_target)
        assert code == 0 and "new: 0  duplicate: 3  failed: 0" in err
    else:
        code, err = run("relink", "--db", store_target)
        assert code == 0 and "stories: 4  contradictions across articles: 0" in err
    with open_store(store_target) as store:
        assert not store.links_stale()
        assert links_of(store) == clean_links(store, tmp_path)
        assert max(len(s.article_ids) for s in store.list_stories().items) == 2  # gazette and wire
        if not is_postgres(store_target):
            assert store.integrity_check() == "ok"


# --- two writers at once -------------------------------------------------------------


def test_two_writer_processes_both_succeed_and_leave_the_links_of_one_clean_run(store_target, tmp_path):
    """Their inputs overlap: two articles both ingest, and a near-duplicate pair split between them."""
    first = write_records(tmp_path / "a.jsonl", [web.gazette_article(), inv.bridge_article(),
                                                 *(inv.numbered_article(i) for i in range(3))])
    second = write_records(tmp_path / "b.jsonl", [web.wire_article(), inv.rich_article(), inv.bridge_edited_article(),
                                                  *(inv.numbered_article(i) for i in range(1, 6))])
    open_store(store_target).close()  # migrated before either starts
    children = [start_child(LINKER, str(store_target), str(records), "go", "1", stdin=True)
                for records in (first, second)]
    for child in children:  # both go at once
        child.stdin.write("\n")
        child.stdin.flush()
    deadline = time.monotonic() + 60
    for child in children:
        while read_line(child, deadline).strip() != "done":
            pass
        child.wait(timeout=10)
        assert child.returncode == 0, child.stderr.read()
        for pipe in (child.stdin, child.stdout, child.stderr):
            pipe.close()
    with open_store(store_target) as store:
        assert store.count() == 11 and not store.links_stale()
        # each copy stored once; of the near-duplicate pair, whichever came second points to the first
        pair = {store.get_article(a.id).duplicate_of for a in (inv.bridge_article(), inv.bridge_edited_article())}
        assert store.count(include_duplicates=False) == 10 and len(pair) == 2 and None in pair
        assert links_of(store) == clean_links(store, tmp_path)


def test_link_saves_in_two_connections_take_turns(store_target, monkeypatch):
    """The second save waits for the first to commit, then replaces it whole (no duplicate story key)."""
    with open_store(store_target) as a, open_store(store_target) as b:
        gazette, wire = web.gazette_article(), web.wire_article()
        a.add_articles([gazette, wire])  # no links yet: both saves find nothing to delete
        story, _ = web.story_links(gazette, wire)
        inside, release, errors = threading.Event(), threading.Event(), []
        write = SQLReader._write_links

        def held(self, *args):
            write(self, *args)
            if self is a:
                inside.set()
                release.wait(30)

        monkeypatch.setattr(SQLReader, "_write_links", held)

        def save(store, stories):
            try:
                store.save_links(stories, [], {})
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        first = threading.Thread(target=save, args=(a, [story]))
        first.start()
        assert inside.wait(30)
        second = threading.Thread(target=save, args=(b, [story]))
        second.start()
        time.sleep(0.3)  # the second save is now waiting for the first's lock
        release.set()
        first.join(30)
        second.join(30)
        assert errors == []
        assert [s.id for s in every(b.list_stories)] == [story.id]


# --- readers beside a writer -----------------------------------------------------------


def lock_guarded(target):
    """The target; for PostgreSQL with a lock timeout, so a read that would wait fails instead of hanging."""
    # with_search_path puts options last: add a setting to it (libpq reads %20, not +, as a space)
    return str(target) + "%20-clock_timeout%3D3000" if is_postgres(target) else target


def test_reads_never_wait_for_a_writer_holding_its_transaction(store_target):
    gazette, wire, bridge = web.gazette_article(), web.wire_article(), inv.bridge_article()
    with open_store(store_target) as writer, pytest.raises(Rollback):
        writer.add_articles([gazette, bridge])
        with writer._transaction():  # a batch being added and links being saved, not committed yet
            writer._insert(wire, dedup.signature(wire.text))
            writer._write_links([], [], {})
            if is_postgres(store_target):  # and another reader rebuilding the identities
                writer._conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                                     (f"newsgraph-identities:{writer.schema}",))
            guarded = lock_guarded(store_target)
            code, _ = run("search", "harbour", "--db", guarded)
            assert code == 0
            with open_store(guarded) as reader:
                assert [h.article_id for h in reader.search("warehouses")] == [gazette.id]
                assert reader.count() == 2 and reader.get_article(bridge.id) == bridge
                assert {r.article_id for r in reader.list_articles().items} == {gazette.id, bridge.id}
                assert len(reader.list_attributions(article_id=gazette.id).items) == len(gazette.attributions)
                assert len(reader.list_events().items) == len(gazette.events)
                names = {e.name for e in reader.list_entities(limit=100).items}
                assert "Ada Marrow" in names and "Bram Ketter" not in names
                assert reader.entity_profile("Ada Marrow").entity.articles == 1
                assert reader.list_stories().items == ()
                assert reader.links_stale()
            code, _ = run("entities", "--db", guarded)
            assert code == 0
            raise Rollback
    with open_store(store_target) as store:
        store.add_articles([wire])
        assert store.entity_profile("Ada Marrow").entity.articles == 2
        assert store._local_identities is None  # rebuilt in the store, the write lock being free


class Rollback(Exception):
    """Raised to end a held transaction without committing it."""
