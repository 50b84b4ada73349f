"""How does one relink grow with the store? Prints relink seconds and peak RSS growth per store size.

Builds stores of invented articles (bench_web's generator, no NLP) of growing size and times
``pipeline.relink`` on each, then adds 50 new articles and relinks again (what an ingest of
one small batch pays). A relink that touched only what a new batch can reach would stay flat;
the ratio column is each size's time over the smallest's.

    python bench/bench_relink_scaling.py [--sizes 1000 2000 4000] [--dir bench/out]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import build, invented_article  # noqa: E402

from newsgraph.pipeline import relink  # noqa: E402
from newsgraph.store import open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent / "out")
    args = parser.parse_args()
    print(f"{'articles':>9} {'relink s':>9} {'+50 relink s':>13} {'ratio':>6} {'peak RSS MB':>12}")
    first = None
    for size in args.sizes:
        db = args.dir / f"relink-{size}.db"
        build(db, size)
        with open_store(db) as store:
            started = time.perf_counter()
            relink(store)
            full = time.perf_counter() - started
            store.add_articles([invented_article(n) for n in range(size, size + 50)])
            started = time.perf_counter()
            relink(store)
            again = time.perf_counter() - started
        first = first or again
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:9d} {full:9.2f} {again:13.2f} {again / first:5.1f}x {rss:12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
