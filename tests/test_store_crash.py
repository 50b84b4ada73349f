"""Crash safety: a writer killed with SIGKILL mid-ingest leaves a sound store with every committed batch."""

from __future__ import annotations

import signal
import sqlite3
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
sys.path.insert(0, str(FIXTURES))

from crash import assert_committed_intact, kill_writer_after  # noqa: E402

from newsgraph.store import open_store  # noqa: E402

BATCH = 4
BATCHES_BEFORE_KILL = 12


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_during_ingest_keeps_committed_batches(tmp_path):
    db = tmp_path / "crash.db"
    committed = kill_writer_after(str(db), BATCH, BATCHES_BEFORE_KILL, deadline_s=60)

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with open_store(db) as store:
        assert_committed_intact(store, committed, BATCH)
