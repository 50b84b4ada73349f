"""Kill at every commit boundary: the local and the Dask ingest, on SQLite and PostgreSQL.

An ingest of small invented inputs (batch size 1) passes some 25 commit boundaries: just before
and just after each store transaction commits (migration, every batch, the links' save) and, on
the Dask path, after each line of the manifest's journal. For every boundary a writer is
SIGKILLed there (``fixtures/store/killer.py`` forks it from one warm process); then the store
passes its integrity check, and a re-run of the same ingest stores every article exactly once
and leaves the links (stories, contradictions across articles, canonical ids) of a clean run.
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES / "store"))
sys.path.insert(0, str(FIXTURES / "web"))

import store_articles as inv  # noqa: E402
import web_articles as web  # noqa: E402
from conftest_store import BACKENDS, is_postgres, pg_schema, pg_url_or_skip  # noqa: E402
from crash import read_line, start_child  # noqa: E402
from test_store_links import links_of  # noqa: E402

from newsgraph.store import open_store  # noqa: E402

KILLER = FIXTURES / "store" / "killer.py"
MIN_KILL_POINTS = 20
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL and fork")


def write_inputs(folder: Path) -> list[str]:
    """Invented inputs: a dump, a page and a JSONL file; a story across outlets, a near-duplicate,
    an exact copy, and unrelated reports (eleven articles: ten stored, one of them a near-duplicate)."""
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / "gazette.txt"
    dump.write_text("Harbour fire closes Port Selwyn\n\n" + "\n\n".join(web.GAZETTE) + "\n", encoding="utf-8")
    page = folder / "wire.html"
    page.write_text("<html><head><title>Port Selwyn harbour reopens</title></head><body><article>"
                    + "".join(f"<p>{p}</p>" for p in web.WIRE) + "</article></body></html>", encoding="utf-8")
    records = [{"title": "Varnholt bridge partly collapses", "text": "\n\n".join(inv.BRIDGE_STORY)},
               {"title": "Varnholt bridge collapses", "text": "\n\n".join(inv.BRIDGE_STORY_EDITED)},
               {"title": "Inspectors examine fallen bridge", "text": "\n\n".join(inv.BRIDGE_FOLLOW_UP)},
               *({"title": f"Report {n}", "text": inv.numbered_article(n).text} for n in range(5)),
               {"title": "Varnholt bridge partly collapses", "text": "\n\n".join(inv.BRIDGE_STORY)}]
    jsonl = folder / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [str(dump), str(page), str(jsonl)]


class Killer:
    """The warm child process that forks one ingest per command."""

    def __init__(self) -> None:
        self.child = start_child(KILLER, stdin=True)
        read_line(self.child, time.monotonic() + 120)  # "ready"

    def run(self, **command) -> dict:
        self.child.stdin.write(json.dumps(command) + "\n")
        self.child.stdin.flush()
        return json.loads(read_line(self.child, time.monotonic() + 120))

    def close(self) -> None:
        self.child.stdin.close()
        self.child.wait(timeout=30)
        self.child.stdout.close()
        self.child.stderr.close()


@pytest.fixture(scope="module")
def killer():
    k = Killer()
    yield k
    k.close()


@pytest.fixture(scope="module")
def inputs(killer, tmp_path_factory) -> list[str]:
    """The inputs, analysed once in the killer (its forks take the analysis from memory)."""
    paths = write_inputs(tmp_path_factory.mktemp("kill-inputs"))
    assert killer.run(mode="prime", paths=paths, work_dir=str(tmp_path_factory.mktemp("kill-prime"))) == {"ended": 0}
    return paths


@pytest.fixture(scope="module")
def partitions(killer, inputs, tmp_path_factory) -> Path:
    """The Dask path's partition files for the inputs, computed once as the workers do."""
    folder = tmp_path_factory.mktemp("kill-partitions")
    answer = killer.run(mode="partitions", target=None, paths=inputs, work_dir=str(folder))
    assert answer["ended"] == 0, answer
    assert len(list(folder.glob("partitions/*.parquet"))) >= 4
    return folder


class Targets:
    """Fresh, empty stores of one backend, one per call; PostgreSQL schemas dropped at the end."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend, self.folder, self.n, self.schemas = backend, folder, 0, []

    def new(self) -> str:
        self.n += 1
        if self.backend == "sqlite":
            return str(self.folder / f"s{self.n}" / "newsgraph.db")
        schema = pg_schema(pg_url_or_skip())
        self.schemas.append(schema)
        return schema.__enter__()

    def close(self) -> None:
        for schema in self.schemas:
            schema.__exit__(None, None, None)


@pytest.fixture(params=BACKENDS)
def targets(request, tmp_path):
    if request.param == "postgresql":
        pg_url_or_skip()
    t = Targets(request.param, tmp_path)
    yield t
    t.close()


def snapshot(target: str) -> tuple:
    """What the store holds: each article once (id, where from, duplicate of), and its links."""
    with open_store(target) as store:
        assert not store.links_stale()
        rows = sorted((a.id, a.source_file, a.headline, a.duplicate_of) for a in store.iter_articles())
        return rows, links_of(store)


def integrity(target: str) -> str:
    if is_postgres(target):
        with open_store(target) as store:
            return store.integrity_check()
    if not Path(target).exists():
        return "ok"  # killed before the file was made
    con = sqlite3.connect(target)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("mode", ["local", "dask"])
def test_a_writer_killed_at_every_commit_boundary_recovers_to_a_clean_run(killer, inputs, partitions, targets,
                                                                          tmp_path, mode):
    def work_dir(name: str) -> str:  # the partitions, and a journal of this run's own
        folder = tmp_path / f"work-{name}"
        shutil.copytree(partitions, folder, ignore=shutil.ignore_patterns("manifest.jsonl"))
        return str(folder)

    clean_target = targets.new()
    clean = killer.run(mode=mode, target=clean_target, paths=inputs, work_dir=work_dir("clean"),
                       log=str(tmp_path / "clean.log"))
    assert clean["ended"] == 0, clean
    points = clean["passed"]
    assert len(points) >= MIN_KILL_POINTS, points
    reference = snapshot(clean_target)
    assert len(reference[0]) == 10 and sum(d is not None for *_, d in reference[0]) == 1  # the near-duplicate
    assert reference[1][0], "the reference has stories"

    failures = []
    for k, point in enumerate(points, 1):
        target, folder, log = targets.new(), work_dir(str(k)), str(tmp_path / f"kill-{k}.log")
        try:
            killed = killer.run(mode=mode, target=target, paths=inputs, work_dir=folder, kill_at=k, log=log)
            assert killed["ended"] == "killed" and killed["passed"] == points[:k], killed
            assert integrity(target) == "ok"
            rerun = killer.run(mode=mode, target=target, paths=inputs, work_dir=folder, log=log + ".rerun")
            assert rerun["ended"] == 0, rerun
            assert snapshot(target) == reference
        except AssertionError as exc:
            failures.append(f"kill point {k} ({point}): {str(exc)[:300]}")
    assert not failures, "\n".join(failures)
