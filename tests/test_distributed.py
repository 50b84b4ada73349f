"""The Dask path: same records as the local path, resumable, and no article lost when a worker dies."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")

from newsgraph.ingest import read_inputs  # noqa: E402
from newsgraph.model import InputProblem  # noqa: E402
from newsgraph.pipeline import Options, analyze_documents, relink  # noqa: E402
from newsgraph.scale import ingest_distributed, local_cluster, plan_partitions, read_partition  # noqa: E402
from newsgraph.scale.outputs import partition_path, read_partition_prepared, write_partition  # noqa: E402
from newsgraph.scale.runner import identity_options  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.store.rows import (  # noqa: E402
    ATTRIBUTIONS, CONTRADICTIONS, CROSS_CONTRADICTIONS, ENTITIES, EVENTS, STORIES,
)

TOWNS = ["Velmora", "Ostrand", "Kaleth", "Brisca", "Tannow", "Quillby"]
PEOPLE = ["Mira Holvek", "Dario Penst", "Ilse Varnow", "Tomas Ebright", "Anika Sollberg", "Reuben Castor"]
BODIES = ["the Velmoran Water Board", "the Ostrand Rail Union", "the Kaleth Grain Council"]


def invented_article(i: int) -> dict[str, str]:
    town, person, body = TOWNS[i % len(TOWNS)], PEOPLE[(i * 5) % len(PEOPLE)], BODIES[i % len(BODIES)]
    other = PEOPLE[(i * 5 + 1) % len(PEOPLE)]
    text = (
        f"{town} officials met on Tuesday to discuss plan number {i} for the harbour district.\n\n"
        f"\"We will not accept any delay,\" said {person}, the spokesperson for {body}.\n\n"
        f"{other} denied that the council had ignored the residents of {town}, "
        f"saying the works would begin in March {2010 + i % 9}.\n\n"
        f"Police in {town} arrested {i % 4 + 2} protesters after clashes near the old bridge."
    )
    return {"title": f"{town} council debates harbour plan {i}", "text": text, "published": f"2019-0{i % 9 + 1}-1{i % 9}"}


@pytest.fixture()
def inputs(tmp_path: Path) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps(invented_article(i)) for i in range(8)]
    lines.insert(4, "{not json")  # a broken line: a problem in both paths, same source name
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(json.dumps(invented_article(i)) for i in range(8, 14)), encoding="utf-8")
    # an exact copy of article 3 (same id) and a near copy of article 5 in another file
    near = invented_article(5)
    near["text"] = near["text"].replace("old bridge.", "old bridge, witnesses said.")
    (folder / "c.jsonl").write_text(json.dumps(invented_article(3)) + "\n" + json.dumps(near) + "\n", encoding="utf-8")
    art = invented_article(20)
    (folder / "d.txt").write_text(f"{art['title']}\n\n{art['text']}\n", encoding="utf-8")
    return [str(folder)]


@pytest.fixture(scope="module")
def client():
    try:
        cluster = local_cluster(2, death_timeout=20)
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"dask LocalCluster could not start here: {exc}")
    from dask.distributed import Client

    with Client(cluster, timeout=30) as c:
        yield c
    cluster.close()


def local_ingest(paths: list[str], db: Path) -> tuple[list[dict], list[InputProblem]]:
    """What `newsgraph ingest PATH --db DB` does without --workers."""
    problems = []
    with open_store(db) as store:
        batch = []
        for item in analyze_documents(read_inputs(paths), Options()):
            if isinstance(item, InputProblem):
                problems.append(item)
            else:
                batch.append(item)
        store.add_articles(batch)
        relink(store)
        return stored(store), problems


def stored(store) -> list[dict]:
    return sorted((a.to_dict() for a in store.iter_articles()), key=lambda d: d["id"])


DERIVED = {  # every table a batch writes, keyed so both paths list rows alike (added_at is the clock's)
    "articles": "SELECT pk, id, source_file, headline, outlet, url, published, duplicate_of, text, record FROM articles",
    **{t.name: f"SELECT pk, {', '.join(t.columns)} FROM {t.name}" for t in (ENTITIES, ATTRIBUTIONS, EVENTS, CONTRADICTIONS)},
    "minhashes": "SELECT article_id, num_perm, seed, scheme, shingles, hashvalues FROM minhashes",
    "minhash_bands": "SELECT article_id, band, bucket FROM minhash_bands",
    **{t.name: f"SELECT {', '.join(t.columns)} FROM {t.name}" for t in (STORIES, CROSS_CONTRADICTIONS)},
    "story_articles": "SELECT story_id, article_id FROM story_articles",
}


def stored_rows(target) -> dict[str, list[tuple]]:
    """Every derived row, as plain values (bytes for either driver's binary type), in a fixed order."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from conftest_store import raw_sql

    out = {}
    for table, query in DERIVED.items():
        rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in raw_sql(target, query)]
        out[table] = sorted(rows, key=repr)
    return out


def dask_ingest(paths, db, work, client, **kw):
    with open_store(db) as store:
        report = ingest_distributed(paths, store, work, client=client, store_key=str(db), lines_per_partition=3, **kw)
        return report, stored(store)


def test_jsonl_is_cut_into_line_ranges_that_read_like_the_whole_file(inputs):
    parts = list(plan_partitions(inputs, {}, lines_per_partition=3))
    assert [p.source.rsplit("/", 1)[1] for p in parts] == ["a.jsonl"] * 3 + ["b.jsonl"] * 2 + ["c.jsonl", "d.txt"]
    assert [len(p.sources) for p in parts] == [1] * 7
    assert parts[-1].whole_file and not parts[0].whole_file
    by_parts = [(d.source, getattr(d, "text", None)) for p in parts for d in read_partition(p)]
    whole = [(d.source, getattr(d, "text", None)) for d in read_inputs(inputs)]
    assert by_parts == whole
    assert any(s.endswith("a.jsonl:5") for s, t in whole if t is None)  # the broken line keeps its number
    assert [p.id for p in plan_partitions(inputs, {}, lines_per_partition=3)] == [p.id for p in parts]
    assert len({p.id for p in parts}) == len(parts)


def test_small_files_are_grouped_in_input_order(tmp_path):
    names = []
    for i in range(7):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Headline {i}\n\n" + "Some invented words here. " * 40, encoding="utf-8")
        names.append(str(path))
    parts = list(plan_partitions(names, {}, group_bytes=3000))
    assert [p.sources for p in parts] == [tuple(names[0:3]), tuple(names[3:6]), tuple(names[6:])]
    assert all(p.whole_file for p in parts)


def test_a_small_input_is_cut_fine_enough_to_keep_every_worker_busy(tmp_path):
    from newsgraph.scale.partitions import GROUP_BYTES, MIN_BYTES, SHARES, share_bytes

    names = []
    for i in range(40):  # 40 files of ~6 KB: 240 KB, a 64th of it is under the 4 KB floor
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(f"Headline {i}\n\n" + "Some invented words here. " * 240, encoding="utf-8")
        names.append(str(path))
    lines = tmp_path / "lines.jsonl"
    lines.write_text("".join(json.dumps(invented_article(i)) + "\n" for i in range(60)), encoding="utf-8")
    assert share_bytes(names) == MIN_BYTES
    parts = list(plan_partitions(names, {}))
    assert [p.sources for p in parts] == [(n,) for n in names]  # one file each, not eight a partition
    ranges = list(plan_partitions([str(lines)], {}))
    share = share_bytes([str(lines)])
    assert len(ranges) > 4
    assert all(p.end - p.start <= share or len(list(read_partition(p))) == 1 for p in ranges)
    assert [d.source for p in ranges for d in read_partition(p)] == [d.source for d in read_inputs([str(lines)])]
    # a large input is cut as usual, whatever its total size
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (GROUP_BYTES * SHARES))
    assert share_bytes([str(big)]) is None


def test_the_manifest_journal_survives_a_line_cut_short(tmp_path):
    from newsgraph.scale.outputs import MANIFEST, load_manifest, record_loaded, record_relinked

    record_loaded(tmp_path, "db-a", "p1", ["a.jsonl"])
    record_relinked(tmp_path, "db-a")
    record_loaded(tmp_path, "db-b", "p1", ["a.jsonl"])
    with (tmp_path / MANIFEST).open("a", encoding="utf-8") as stream:
        stream.write('{"event": "loaded", "store": "db-a", "partition": "p2", "sour')  # a crash mid-write
    assert load_manifest(tmp_path).loaded == {"db-a": {"p1"}, "db-b": {"p1"}}
    record_loaded(tmp_path, "db-b", "p3", ["b.jsonl"])  # the next run appends after the torn line
    manifest = load_manifest(tmp_path)
    assert manifest.loaded == {"db-a": {"p1"}, "db-b": {"p1", "p3"}}
    assert manifest.relinked == {"db-a": True, "db-b": False}
    assert manifest.sources == {"p1": ["a.jsonl"], "p3": ["b.jsonl"]}


def refuse_to_prepare(monkeypatch) -> None:
    """From now on this process (the driver) may not compute rows, signatures or buckets (workers may)."""
    import newsgraph.link.dedup as dedup
    import newsgraph.store.bulk as bulk

    def refused(*args, **kwargs):
        raise AssertionError("the driver computed what a worker prepares")

    for module, name in ((dedup, "signature"), (dedup, "band_keys"), (bulk, "prepare")):
        monkeypatch.setattr(module, name, refused)


def test_prepared_rows_travel_in_the_partition_file_and_old_files_are_prepared_on_reading(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsgraph.model import Article
    from newsgraph.scale import outputs
    from newsgraph.store.prepared import prepare

    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))
    import store_articles as inv

    articles = [inv.rich_article(), inv.numbered_article(4), Article("e" * 64, "empty.txt", None, "")]
    problem = InputProblem("bad.jsonl:3", "not JSON")
    write_partition(tmp_path, "p1", [articles[0], problem, *articles[1:]])
    got = list(read_partition_prepared(partition_path(tmp_path, "p1")))
    assert got == [prepare(articles[0]), problem, *(prepare(a) for a in articles[1:])]
    assert got[0].signature is not None and got[-1].signature is None and len(got[0].bands) == 25
    # a file from before (no prepared rows): the reader prepares them from the records
    old = pa.schema([f for f in outputs.SCHEMA if f.name not in ("prepared", "signature")])
    rows = [{"partition_id": "p2", "position": i, "kind": "article", "article_id": a.id, "source": a.source_file,
             "record": json.dumps(a.to_dict())} for i, a in enumerate(articles)]
    pq.write_table(pa.Table.from_pylist(rows, schema=old), partition_path(tmp_path, "p2"))
    assert list(read_partition_prepared(partition_path(tmp_path, "p2"))) == [prepare(a) for a in articles]


def test_dask_path_stores_the_same_records_as_the_local_path(inputs, tmp_path, client, monkeypatch):
    expected, local_problems = local_ingest(inputs, tmp_path / "local.db")
    refuse_to_prepare(monkeypatch)  # the driver only decides near-copies and bulk-loads what workers prepared
    report, got = dask_ingest(inputs, tmp_path / "dask.db", tmp_path / "work", client)
    monkeypatch.undo()
    assert got == expected
    assert len(expected) == 16 and [a["source_file"] for a in expected if a["duplicate_of"]] == ["c.jsonl:2"]
    assert any(a["attributions"] for a in expected) and any(a["entities"] for a in expected)
    assert [(p.source, p.message) for p in report.problems] == [(p.source, p.message) for p in local_problems]
    assert (report.partitions, report.computed, report.new, report.duplicate) == (7, 7, 15, 2)
    assert report.relinked
    rows = stored_rows(tmp_path / "dask.db")
    assert rows == stored_rows(tmp_path / "local.db")  # every derived row too, not only the records
    assert len(rows["minhash_bands"]) > 16 and rows["attributions"] and rows["stories"]


def test_dask_path_bulk_loads_postgresql_with_copy(inputs, tmp_path, client):
    """Into PostgreSQL the driver loads with COPY; the rows are those of a local run into SQLite."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from conftest_store import pg_schema, pg_url_or_skip

    expected, _ = local_ingest(inputs, tmp_path / "local.db")
    with pg_schema(pg_url_or_skip()) as url:
        report, got = dask_ingest(inputs, url, tmp_path / "work", client)
        assert got == expected and (report.new, report.duplicate) == (15, 2)
        assert stored_rows(url) == stored_rows(tmp_path / "local.db")
        with open_store(url) as store:  # loaded again (the same partitions, as if for another store): no change
            again = ingest_distributed(inputs, store, tmp_path / "work", client=client, store_key="again",
                                       lines_per_partition=3)
        assert (again.computed, again.loaded, again.new, again.duplicate) == (0, 7, 0, 17)
        assert stored_rows(url) == stored_rows(tmp_path / "local.db")


def test_rerun_skips_finished_partitions_and_redoes_a_missing_one(inputs, tmp_path, client):
    work = tmp_path / "work"
    _, first = dask_ingest(inputs, tmp_path / "dask.db", work, client)
    again, second = dask_ingest(inputs, tmp_path / "dask.db", work, client)
    assert (again.computed, again.reused, again.already_loaded, again.new) == (0, 7, 7, 0)
    assert second == first
    assert not again.relinked  # nothing new since the first run's linking
    journal = (work / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(journal) == 7 + 2  # a line per partition loaded, and one per run saying the store is linked
    # a lost partition file (e.g. its worker died before the rename) is analysed again
    lost = next(plan_partitions(inputs, identity_options(Options()), lines_per_partition=3))
    partition_path(work, lost.id).unlink()
    third, into_fresh = dask_ingest(inputs, tmp_path / "fresh.db", work, client)
    assert (third.computed, third.reused, third.loaded) == (1, 6, 7)
    assert into_fresh == first


def test_a_worker_killed_mid_run_loses_no_article(inputs, tmp_path, client):
    expected, _ = local_ingest(inputs, tmp_path / "local.db")
    outcome: dict[str, object] = {}

    def run() -> None:
        outcome["result"] = dask_ingest(inputs, tmp_path / "dask.db", tmp_path / "work", client)

    thread = threading.Thread(target=run)
    thread.start()
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and time.monotonic() < deadline and thread.is_alive():
        busy = [w for w, keys in client.processing().items() if any("newsgraph-partition" in str(k) for k in keys)]
        victim = busy[0] if busy else None
        time.sleep(0.05)
    assert victim, "no partition task was seen running"
    try:
        client.run(os._exit, 1, workers=[victim], wait=False)
    except Exception:  # the worker dies while answering
        pass
    thread.join(180)
    assert not thread.is_alive()
    report, got = outcome["result"]
    assert got == expected
    assert report.new == 15


def test_cli_ingest_with_scheduler_uses_the_cluster_and_resumes(inputs, tmp_path, client):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    args = ["ingest", *inputs, "--db", str(tmp_path / "cli.db"), "--work-dir", str(tmp_path / "work"),
            "--scheduler", client.scheduler.address]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 1  # the broken JSONL line is reported, as on the local path
    assert "new: 15  duplicate: 2  failed: 1" in first.output
    again = CliRunner().invoke(app, args)
    assert "analysed 0, reused" in again.output and "new: 0" in again.output
    with open_store(tmp_path / "cli.db") as store:
        assert store.count() == 16
