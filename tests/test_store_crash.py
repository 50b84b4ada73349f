"""Crash safety: a writer killed with SIGKILL mid-ingest leaves a sound store with every committed batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
sys.path.insert(0, str(FIXTURES))

import store_articles as inv  # noqa: E402

from newsgraph.store import open_store  # noqa: E402

BATCH = 4
BATCHES_BEFORE_KILL = 12


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_during_ingest_keeps_committed_batches(tmp_path):
    db = tmp_path / "crash.db"
    child = subprocess.Popen(
        [sys.executable, str(FIXTURES / "writer.py"), str(db), str(BATCH)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    committed: list[int] = []
    deadline = time.monotonic() + 60
    try:
        while len(committed) < BATCHES_BEFORE_KILL * BATCH:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"writer exited early: {child.stderr.read()}")
            assert time.monotonic() < deadline, "writer too slow"
            committed += [int(n) for n in line.split()[1:]]
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with open_store(db) as store:
        assert store.integrity_check() == "ok"
        for n in committed:
            expected = inv.numbered_article(n)
            assert store.get_article(expected.id) == expected
        stored = store.count()
        # at most the batch in flight may have committed after the last line we read; never part of one
        assert len(committed) <= stored and stored % BATCH == 0
        assert store.search("Invented report", limit=1000) and len(store.quotes()) == 0
        assert store.add_articles([inv.numbered_article(committed[0])]).duplicate == 1
