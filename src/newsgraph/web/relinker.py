"""When does the server relink after POST /api/ingest? After answering, in one background thread.

Relinking derives stories, contradictions and canonical identities from every stored article
(seconds on a few hundred). The request that stored new articles only asks for it; a single
worker thread runs ``newsgraph.pipeline.relink`` and requests made while it runs coalesce into
one more pass. The worker reaches the store through ``LockedStore``, which takes the store lock
for one store call (or one article of an iteration) at a time, so reads wait for at most one
such call, never for a whole pass. The one long call, ``save_links`` (a single transaction,
seconds on 10,000 articles), goes through a second connection to the same store when there is
one (a SQLite file in WAL mode, PostgreSQL): reads on the server's connection go on meanwhile
and see the links when it commits. ``GET /api/ingest/status`` reports the state.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

log = logging.getLogger("newsgraph.web")


class FairLock:
    """A first-come first-served lock: a reader queued behind the relinker gets the next turn."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._next_ticket = 0
        self._serving = 0

    def acquire(self) -> None:
        with self._cond:
            ticket = self._next_ticket
            self._next_ticket += 1
            while ticket != self._serving:
                self._cond.wait()

    def release(self) -> None:
        with self._cond:
            self._serving += 1
            self._cond.notify_all()

    def __enter__(self) -> "FairLock":
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


class RelinkCancelled(Exception):
    """The server is stopping: the pass ends between two store calls (nothing half-saved)."""


class LockedStore:
    """The shared store seen by the background worker: each call holds the store lock, no longer."""

    WRITES_ELSEWHERE = ("save_links", "link_pending")  # long single transactions, sent to ``writer`` when there is one

    def __init__(self, access: Any, stopping: threading.Event, writer: Any = None) -> None:
        self._access = access
        self._stopping = stopping
        self._writer = writer

    def _check(self) -> None:
        if self._stopping.is_set():
            raise RelinkCancelled("the server is stopping")

    def __getattr__(self, name: str) -> Any:
        if self._writer is not None and name in self.WRITES_ELSEWHERE:
            method = getattr(self._writer, name)

            def write(*args: Any, **kwargs: Any) -> Any:
                self._check()
                with self._access.writing():  # no ingest writes meanwhile; reads go on
                    return method(*args, **kwargs)

            return write
        value = getattr(self._access.store, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            self._check()
            with self._access.use():
                result = value(*args, **kwargs)
            if isinstance(result, Iterator):  # a generator runs its queries on each next()
                return self._each(result)
            if hasattr(result, "__enter__") and hasattr(result, "__exit__"):
                return self._held(result)
            return result

        return call

    def _each(self, items: Iterator[Any]) -> Iterator[Any]:
        while True:
            self._check()
            with self._access.use():
                try:
                    item = next(items)
                except StopIteration:
                    return
            yield item

    @contextmanager
    def _held(self, manager: Any) -> Iterator[Any]:
        with self._access.use(), manager as value:  # a transaction keeps the lock until it ends
            yield value


def second_connection(store: Any) -> Any:
    """Another connection to ``store``'s database (None for an in-memory or unknown store)."""
    target = getattr(store, "url", None) or getattr(store, "path", None)
    if not isinstance(target, (str, Path)) or str(target) == ":memory:":
        return None
    from newsgraph.store import open_store

    try:
        return open_store(target)
    except Exception as err:  # the pass still runs, on the shared connection
        log.warning("relink: no second connection to the store (%s); saving links on the shared one", err)
        return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Relinker:
    """One background relink at a time; requests while one runs coalesce into one more pass."""

    def __init__(self, access: Any) -> None:
        self._access = access
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._worker: threading.Thread | None = None
        self._pending = False
        self._running = False
        self._requested = 0
        self._runs = 0
        self._last: dict[str, Any] | None = None

    def request(self) -> None:
        """Ask for a pass over everything stored; returns at once."""
        with self._cond:
            if self._stopping.is_set():
                return
            self._requested += 1
            self._pending = True
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="newsgraph-relink", daemon=True)
                self._worker.start()
            self._cond.notify_all()

    def status(self) -> dict[str, Any]:
        with self._cond:
            state = "running" if self._running else "pending" if self._pending else "idle"
            return {"state": state, "queued": self._pending, "requested": self._requested, "runs": self._runs,
                    "last": dict(self._last) if self._last else None}

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no pass is running or queued; False if ``timeout`` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: not (self._running or self._pending), timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Stop after the current store call (an unfinished pass saves nothing) and wait for the worker."""
        self._stopping.set()
        with self._cond:
            worker = self._worker
            if self._running or self._pending:
                log.warning("stopping during a relink: links miss the latest ingest until the next one relinks")
        if worker is not None:
            worker.join(timeout)

    def _work(self) -> None:
        while True:
            with self._cond:
                if not self._pending or self._stopping.is_set():
                    self._pending = self._running = False
                    self._worker = None
                    self._cond.notify_all()
                    return
                self._pending, self._running = False, True
                self._runs += 1
                run = self._runs
            outcome = self._pass(run)
            with self._cond:
                self._running = False
                self._last = outcome
                self._cond.notify_all()

    def _pass(self, run: int) -> dict[str, Any]:
        started, clock = _now(), time.monotonic()
        outcome: dict[str, Any] = {"run": run, "started": started}
        try:
            from newsgraph import pipeline

            writer = second_connection(self._access.store)
            try:
                report = pipeline.relink(LockedStore(self._access, self._stopping, writer))
            finally:
                if writer is not None:
                    writer.close()
            outcome.update(ok=True, error=None, articles=report.articles, stories=report.stories,
                           contradictions=report.contradictions)
        except RelinkCancelled as err:
            outcome.update(ok=False, error=str(err))
        except Exception as err:  # recorded for the status endpoint; the next ingest tries again
            log.exception("background relink failed")
            outcome.update(ok=False, error=f"{type(err).__name__}: {err}")
        outcome.update(finished=_now(), seconds=round(time.monotonic() - clock, 3))
        return outcome
