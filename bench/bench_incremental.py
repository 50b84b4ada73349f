"""Does linking a new batch cost the same however large the store? Cost per new article by store size.

The records are invented, without NLP (bench_web's generator: entities, quotes of every stance, events),
each with a paragraph of words of its own story (stories of ``STORY`` articles, told by different
outlets, so they link and their denials answer claims across articles), published ``PER_DAY`` a day
in order, as an archive fed daily grows: a store of N articles spans N / PER_DAY days, and a new
batch is dated after it. These stand in for analysed articles: what is timed is the store write and
the linking, never the NLP.

For each size, in a child process of its own (so its peak RSS is its own): a linked store of that
size is built once (bulk ``add_articles`` then ``relink --all``) and kept under ``--dir`` for later
runs (a store built before the passes kept the identities table gets it made once, here, not in the
child); a copy of it then takes ``--rounds`` batches of ``--batch`` new articles, each stored then
linked (``relink``), with a web read of the identities (``list_entities``) after the batch is stored
and before its pass (a server answers reads while a batch waits for its background pass) and again
after it. Printed per size: the incremental link cost per new article (median round) and its ratio
to the first size's; (b) the time to ingest (store, read, link) ``--ingest`` new articles in batches
of ``--batch`` into that store, and its ratio to the same ingest into an empty store; the child's
peak RSS during the rounds and the ingest (the store is built in another process), and the ingest's
ratio to that into the first size's store.

Into an empty store the invented articles of the first days chain into one story of hundreds
(their template text is alike, and while the store is small every word is rare enough to propose
candidates), and each pass rebuilds that story and its contradictions across articles whole: the
empty store's ingest is then the slower one, which is why the ratio to the first size is printed too.

    python bench/bench_incremental.py [--sizes 10000 40000] [--batch 50] [--rounds 5] [--ingest 1000] [--dir bench/out]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import statistics
import string
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PER_DAY = 100  # articles published a day
STORY = 4  # articles telling each story
START = date(2031, 1, 1)


def story_words(story: int) -> list[str]:
    """Eight invented words (letters only, as linking counts words) that only story ``story`` uses."""
    digest = hashlib.sha256(f"story {story}".encode()).digest()
    letters = string.ascii_lowercase
    return ["".join(letters[b % 26] for b in digest[4 * i: 4 * i + 4]) + "vex" for i in range(8)]


def feed_article(n: int):
    """bench_web's invented article ``n``, dated as the ``n``-th of a daily feed, with its story's words."""
    from bench_web import invented_article

    from newsgraph.model import PARAGRAPH_SEPARATOR, replace

    a = invented_article(n)
    words = story_words(n // STORY)
    para = f"Residents spoke of {' '.join(words)}; {' '.join(words[:4])} again."
    text = a.text + PARAGRAPH_SEPARATOR + para
    day = (START + timedelta(days=n // PER_DAY)).isoformat()
    return replace(a, id=hashlib.sha256(text.encode()).hexdigest(), text=text, paragraphs=(*a.paragraphs, para),
                   published=day)


def base_store(size: int, folder: Path) -> Path:
    """A linked store of ``size`` feed articles under ``folder``, built once: bulk add, then relink --all;
    or, from the largest smaller one already built, the rest added 1,000 at a time, each batch linked
    incrementally (which gives the same links)."""
    from newsgraph.pipeline import relink
    from newsgraph.store import open_store

    db = folder / f"incremental-feed-{size}.db"
    if db.exists():
        return db
    folder.mkdir(parents=True, exist_ok=True)
    part = db.with_suffix(".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    smaller = sorted((int(f.stem.rsplit("-", 1)[1]), f) for f in folder.glob("incremental-feed-*.db")
                     if int(f.stem.rsplit("-", 1)[1]) < size)
    started, have = time.perf_counter(), 0
    if smaller:
        have, from_db = smaller[-1]
        shutil.copy(from_db, part)
    with open_store(part) as store:
        for first in range(have, size, 1000):
            store.add_articles([feed_article(n) for n in range(first, min(first + 1000, size))])
            if have:
                relink(store)
        if not have:
            relink(store, full=True)
        store._execute("PRAGMA wal_checkpoint(TRUNCATE)")
    part.rename(db)
    print(f"built and linked {size} articles in {time.perf_counter() - started:.0f}s -> {db}", file=sys.stderr)
    return db


def settle(db: Path) -> None:
    """The identities table made once, if the store was built before the passes kept it (a read then
    aggregates it whole, once): the child's reads find it as a pass leaves it."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        store.list_entities(limit=1)
        store._execute("PRAGMA wal_checkpoint(TRUNCATE)")


def ingest(store, first: int, count: int, batch: int) -> float:
    """Seconds to store and link ``count`` feed articles from number ``first``, ``batch`` at a time."""
    from newsgraph.pipeline import relink

    started = time.perf_counter()
    for at in range(first, first + count, batch):
        store.add_articles([feed_article(n) for n in range(at, min(at + batch, first + count))])
        store.list_entities(limit=5)  # a read before the batch's pass
        relink(store)
    return time.perf_counter() - started


def one(size: int, args) -> dict:
    from newsgraph.pipeline import relink
    from newsgraph.store import open_store

    work = args.dir / f"incremental-work-{size}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    if size:
        shutil.copy(args.dir / f"incremental-feed-{size}.db", work)
    per_article = []
    with open_store(work) as store:
        store.list_entities(limit=5)
        for r in range(args.rounds):
            first = size + r * args.batch
            store.add_articles([feed_article(n) for n in range(first, first + args.batch)])
            store.list_entities(limit=5)  # a read before the batch's pass
            started = time.perf_counter()
            report = relink(store)
            per_article.append((time.perf_counter() - started) / max(1, report.linked))
            store.list_entities(limit=5)
        ingest_s = ingest(store, size + args.rounds * args.batch, args.ingest, args.batch)
        stories = report.stories
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    return {"size": size, "per_article_ms": 1000 * statistics.median(per_article), "ingest_s": ingest_s,
            "stories": stories, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 40000])
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ingest", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent / "out")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args)))
        return 0
    for size in args.sizes:
        settle(base_store(size, args.dir))
    print(f"{'articles':>9} {'stories':>8} {'per new article ms':>19} {'ratio':>6} "
          f"{f'ingest {args.ingest} s':>12} {'vs empty':>9} {'vs first':>9} {'peak RSS MB':>12}")
    base = empty = first = None
    for size in (0, *args.sizes):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--batch", str(args.batch),
                              "--rounds", str(args.rounds), "--ingest", str(args.ingest), "--dir", str(args.dir)],
                             check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        empty = empty or row["ingest_s"]
        if size:
            base, first = base or row["per_article_ms"], first or row["ingest_s"]
        ratio = f"{row['per_article_ms'] / base:5.2f}x" if size else "     -"
        against = f"{row['ingest_s'] / first:8.2f}x" if size else "        -"
        print(f"{size:9d} {row['stories']:8d} {row['per_article_ms']:19.2f} {ratio} {row['ingest_s']:12.1f} "
              f"{row['ingest_s'] / empty:8.2f}x {against} {row['rss_mb']:12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
