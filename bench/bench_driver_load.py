"""How long does the Dask driver spend loading a partition? Prints seconds per 1,000 articles, two ways.

Writes partition files of invented articles (bench_web's generator, no NLP) as workers do, then loads
them into fresh stores: (a) as the driver did before, reading each record back into an Article and
letting ``add_articles`` build its rows and MinHash signature; (b) as it does now, bulk-loading the
rows, signatures and buckets the workers prepared (``add_prepared``). The ratio is (b) over (a),
same run, same store size. With ``--pg URL`` the same is done into PostgreSQL (COPY) as well.

    python bench/bench_driver_load.py [--articles 4000] [--batch 32] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import invented_article  # noqa: E402

from newsgraph.pipeline import StoreTally, store_in_batches  # noqa: E402
from newsgraph.scale.outputs import (  # noqa: E402
    partition_path, read_partition_items, read_partition_prepared, write_partition,
)
from newsgraph.store import open_store  # noqa: E402

PER_PARTITION = 500


def load(target, folder: Path, ids: list[str], batch: int, prepared: bool) -> float:
    with open_store(target) as store:
        started = time.perf_counter()
        for pid in ids:
            path = partition_path(folder, pid)
            items = read_partition_prepared(path) if prepared else read_partition_items(path)
            store_in_batches(items, store, StoreTally(), batch_size=batch,
                             add=store.add_prepared if prepared else None)
        seconds = time.perf_counter() - started
        assert store.count() == len(ids) * PER_PARTITION
    return seconds


def compare(label: str, targets, folder: Path, ids: list[str], batch: int, n: int) -> None:
    before = load(targets[0], folder, ids, batch, prepared=False)
    after = load(targets[1], folder, ids, batch, prepared=True)
    print(f"{label:10s} records -> add_articles {before / n * 1000:7.2f} s/1k   "
          f"prepared -> add_prepared {after / n * 1000:7.2f} s/1k   ratio {after / before:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--batch", type=int, default=32, help="articles per transaction (ingest's default)")
    parser.add_argument("--pg", help="also load into this PostgreSQL server (scratch schemas, dropped after)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ids = []
        started = time.perf_counter()
        for first in range(0, args.articles, PER_PARTITION):
            pid = f"p{first:08d}"
            write_partition(folder, pid, (invented_article(k) for k in range(first, first + PER_PARTITION)))
            ids.append(pid)
        n = len(ids) * PER_PARTITION
        print(f"{n} articles in {len(ids)} partitions, written (and prepared, as workers do) in "
              f"{time.perf_counter() - started:.1f}s; batch {args.batch}")
        compare("SQLite", (folder / "before.db", folder / "after.db"), folder, ids, args.batch, n)
        if args.pg:
            pg_compare(args.pg, folder, ids, args.batch, n)
    return 0


def pg_compare(url: str, folder: Path, ids: list[str], batch: int, n: int) -> None:
    import psycopg
    from psycopg import sql

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from conftest_store import with_search_path

    schemas = [f"ng_bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(url, autocommit=True) as admin:
        for s in schemas:
            admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(s)))
        try:
            compare("PostgreSQL", [with_search_path(url, s) for s in schemas], folder, ids, batch, n)
        finally:
            for s in schemas:
                admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(s)))


if __name__ == "__main__":
    sys.exit(main())
