"""Does linking a new batch cost the same however large the store? Cost per new article by store size.

For each size, in a child process of its own (so its peak RSS is its own): builds a store of
invented articles (bench_web's generator, no NLP), links it whole once (``relink --all``), then
adds batches of new articles (``--batch`` each, ``--rounds`` of them) with an incremental
``relink`` after each, as a daily feed does. Prints the whole-store link time, the incremental
cost per new article (median round), its ratio to the smallest size's in the same run, and the
child's peak RSS.

    python bench/bench_incremental.py [--sizes 2000 8000 32000] [--batch 50] [--rounds 5] [--dir bench/out]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def one(size: int, batch: int, rounds: int, folder: Path) -> dict:
    from bench_web import build, invented_article

    from newsgraph.pipeline import relink
    from newsgraph.store import open_store

    db = folder / f"incremental-{size}.db"
    build(db, size)
    with open_store(db) as store:
        started = time.perf_counter()
        relink(store, full=True)
        full = time.perf_counter() - started
        per_article = []
        for r in range(rounds):
            first = size + r * batch
            store.add_articles([invented_article(n) for n in range(first, first + batch)])
            started = time.perf_counter()
            report = relink(store)
            per_article.append((time.perf_counter() - started) / max(1, report.linked))
    return {"size": size, "full_s": full, "per_article_ms": 1000 * statistics.median(per_article),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 32000])
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.batch, args.rounds, args.dir)))
        return 0
    print(f"{'articles':>9} {'link all s':>11} {'per new article ms':>19} {'ratio':>6} {'peak RSS MB':>12}")
    base = None
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--batch", str(args.batch),
                              "--rounds", str(args.rounds), "--dir", str(args.dir)],
                             check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        base = base or row["per_article_ms"]
        print(f"{size:9d} {row['full_s']:11.1f} {row['per_article_ms']:19.2f} {row['per_article_ms'] / base:5.2f}x "
              f"{row['rss_mb']:12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
