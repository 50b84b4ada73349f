"""Disk full on SQLite: one clear line, nothing committed before is lost, the store opens and is sound.

The full disk is simulated portably with SQLite's own ``PRAGMA max_page_count`` (a write past it
fails with SQLITE_FULL, "database or disk is full", the error a full disk gives); where the tests
run as root and may mount, also on a real 4 MB tmpfs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

import store_articles as inv  # noqa: E402

from newsgraph.cli import app  # noqa: E402
from newsgraph.store import StoreError, open_store  # noqa: E402
from newsgraph.store.sqlite import SQLiteStore  # noqa: E402

FULL = "could not store the batch (rolled back): database or disk is full"


def limit_pages(monkeypatch, extra_pages: int) -> None:
    """Every SQLite store opened from now on may grow by ``extra_pages`` pages, then is "full"."""
    migrate = SQLiteStore._migrate

    def migrate_then_limit(self):
        migrate(self)
        pages = self._conn.execute("PRAGMA page_count").fetchone()[0]
        self._conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    monkeypatch.setattr(SQLiteStore, "_migrate", migrate_then_limit)


def records(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps({"title": f"Report {n}", "text": inv.numbered_article(n, paragraphs=8).text})
                            + "\n" for n in range(count)), encoding="utf-8")
    return path


def test_a_full_store_refuses_the_batch_and_keeps_every_earlier_one(tmp_path, monkeypatch):
    db = tmp_path / "full.db"
    limit_pages(monkeypatch, 12)
    committed = []
    with open_store(db) as store:
        with pytest.raises(StoreError, match="database or disk is full"):
            for n in range(0, 200, 2):
                batch = [inv.numbered_article(n, paragraphs=8), inv.numbered_article(n + 1, paragraphs=8)]
                store.add_articles(batch)
                committed += batch
        assert 0 < len(committed) < 200 and store.count() == len(committed)
        assert store.integrity_check() == "ok"
    monkeypatch.undo()  # space again
    with open_store(db) as store:
        assert store.integrity_check() == "ok" and store.count() == len(committed)
        assert all(store.get_article(a.id) == a for a in committed)
        assert store.add_articles([inv.numbered_article(500)]).new == 1


def ingest_until_full(tmp_path: Path, db: Path, inputs: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(inputs), "--db", str(db), "--batch-size", "1"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1, result.stderr
    assert lines[0] == f"error {FULL}; the articles stored before it are kept"
    stored = int(lines[1].split()[1])
    assert lines[1] == f"new: {stored}  duplicate: 0  failed: 0" and 0 < stored < 12
    with open_store(db) as store:
        assert store.integrity_check() == "ok" and store.count() == stored
        assert store.links_stale()  # linking never ran; the next run does it


def rerun_stores_the_rest_once(db: Path, inputs: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(inputs), "--db", str(db), "--batch-size", "1"])
    assert result.exit_code == 0, result.stderr
    with open_store(db) as store:
        assert store.count() == 12 and not store.links_stale() and store.integrity_check() == "ok"
        assert sorted(a.headline for a in store.iter_articles()) == sorted(f"Report {n}" for n in range(12))


def test_ingest_on_a_full_store_says_so_in_one_line_and_keeps_what_it_stored(tmp_path, monkeypatch):
    db, inputs = tmp_path / "full.db", records(tmp_path / "in.jsonl", 12)
    limit_pages(monkeypatch, 12)
    ingest_until_full(tmp_path, db, inputs)
    monkeypatch.undo()
    rerun_stores_the_rest_once(db, inputs)


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB tmpfs (needs root and permission to mount; skipped otherwise)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small filesystem needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_ingest_on_a_real_full_disk(tmp_path, small_disk):
    db, inputs = small_disk / "full.db", records(tmp_path / "in.jsonl", 12)
    with open_store(db):
        pass
    free = shutil.disk_usage(small_disk).free
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (free - 500_000))  # room for the store to take a few articles
    ingest_until_full(tmp_path, db, inputs)
    filler.unlink()
    rerun_stores_the_rest_once(db, inputs)
