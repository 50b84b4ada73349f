"""Do reads wait while the server relinks after an ingest? Prints read latency during a background relink.

Builds a store of invented articles (bench_web's generator, no NLP), then in one run:
  1. reads with nothing else running (baseline),
  2. one relink done directly (how long a read waited before: the whole pass held the store),
  3. the same relink in the server's background worker while a client keeps reading.
Reports the slowest read during the background pass as a ratio to the pass itself and to the
baseline read. Target: the slowest read is a small fraction of the pass.

    python bench/bench_web_relink.py [--articles 2000] [--db bench/out/relink.db]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import build  # noqa: E402

from newsgraph.store import open_store  # noqa: E402

READS = ("/api/articles?limit=20", "/api/stories", "/api/attributions?stance=deny", "/api/ingest/status")


def timed_reads(client, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for path in READS:
            t = time.perf_counter()
            assert client.get(path).status_code == 200, path
            times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=Path("bench/out/relink.db"))
    args = parser.parse_args()
    build(args.db, args.articles)

    from fastapi.testclient import TestClient

    from newsgraph.pipeline import relink
    from newsgraph.web import create_app

    with open_store(args.db) as store:
        client = TestClient(create_app(store), base_url="http://127.0.0.1")
        baseline = timed_reads(client, 20)
        t = time.perf_counter()
        relink(store)
        direct = time.perf_counter() - t

        relinker = client.app.state.relinker
        relinker.request()
        during = []
        while relinker.status()["state"] != "idle":
            during += timed_reads(client, 1)
        relinker.wait()
        last = relinker.status()["last"]
        assert last["ok"], last["error"]

    worst, typical = max(during), statistics.median(baseline)
    print(f"{args.articles} articles; relink direct {direct:.2f} s, in the background {last['seconds']:.2f} s")
    print(f"reads: baseline p50 {typical * 1000:.1f} ms; during the background pass {len(during)} reads, "
          f"p50 {statistics.median(during) * 1000:.1f} ms, max {worst * 1000:.1f} ms")
    print(f"slowest read during the pass / direct pass: {worst / direct:.3f}  (before: 1.0, a read waited it out)")
    print(f"slowest read during the pass / baseline p50 read: {worst / typical:.1f}x")


if __name__ == "__main__":
    main()
