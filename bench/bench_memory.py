"""Does ingesting a large corpus stay under 2 GB of resident memory, and is memory flat over time?

    python bench/bench_memory.py [--articles 50000] [--workers 0] [--every 20] [--keep DIR]

Writes a corpus of invented articles (JSON Lines files of 5,000 articles each), ingests
it into a fresh SQLite store through the normal path (``--workers 0``: the local CLI path,
analyse + ``add_articles`` per batch; ``--workers N``: the Dask path, N worker processes),
then ``relink`` once. A sampler thread reads the resident memory of the whole process tree
(this process plus Dask's scheduler, nannies and workers) every 0.5 s with psutil; the
script prints it every ``--every`` batches, then the peak, the throughput and what relink
took. Target: peak under 2 GB for 50,000 articles.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import threading
import time
from pathlib import Path

import psutil

from newsgraph.ingest import read_inputs
from newsgraph.pipeline import Options, StoreTally, analyze_documents, relink, store_in_batches
from newsgraph.store import open_store

PER_FILE = 5000
GIVEN = ["Mira", "Dario", "Ilse", "Tomas", "Anika", "Reuben", "Oksana", "Pavel", "Lena", "Idris", "Maren", "Caspar"]
FAMILY = ["Holvek", "Penst", "Varnow", "Ebright", "Sollberg", "Castor", "Dremmel", "Quaine", "Ostrov", "Lindqvar"]
TOWNS = ["Velmora", "Ostrand", "Kaleth", "Brisca", "Tannow", "Quillby", "Marrowgate", "Dunhallow", "Essering"]
BODIES = ["Water Board", "Rail Union", "Grain Council", "Harbour Authority", "Teachers' Guild", "Border Police"]
TOPICS = ["the new dam", "fuel prices", "the ferry strike", "school closures", "the border fence", "grain exports"]
VERBS = ["said", "told reporters", "insisted", "warned", "claimed"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


SYLLABLES = ["ka", "lo", "mer", "vin", "dra", "sel", "tor", "pa", "quin", "bre", "ost", "hal", "nu", "rim", "zel",
             "fa", "gor", "lin", "dae", "mok", "tes", "vur", "ash", "bel", "cor", "dun", "eth", "fin", "gal", "hov"]


def coined(rng: random.Random) -> str:
    """An invented word (27,000 possible): gives each story rare terms, as real names do."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def invented_article(rng: random.Random, i: int) -> dict[str, str]:
    """A fictional news story with quotes, a denial, a place, a date and an event."""
    town, other_town = coined(rng), rng.choice(TOWNS)
    person, rival = (f"{rng.choice(GIVEN)} {coined(rng)}" for _ in range(2))
    body, topic = f"the {town} {rng.choice(BODIES)}", rng.choice(TOPICS)
    month, year, count = rng.choice(MONTHS), rng.randint(2005, 2024), rng.randint(2, 40)
    paragraphs = [
        f"{town.upper()} - Officials in {town} on Tuesday announced a review of {topic} after weeks of protests "
        f"in {other_town}, in a case numbered {i}.",
        f"\"We will not accept any further delay on {topic},\" {person}, a spokesperson for {body}, "
        f"{rng.choice(VERBS)} on {rng.randint(1, 28)} {month} {year}.",
        f"{rival} denied that the council had ignored residents of {other_town}, saying the works "
        f"would begin in {month} {year + 1}.",
        f"Police in {other_town} arrested {count} protesters after clashes near the old bridge, "
        f"according to a statement from {body}.",
        f"The {town} council is expected to vote on the plan next week, {rng.choice(VERBS)} "
        f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}, who chairs its finance committee.",
    ]
    rng.shuffle(paragraphs[2:])
    return {"title": f"{town} reviews {topic} after protests in {other_town}", "text": "\n\n".join(paragraphs),
            "outlet": "Invented Wire"}


def write_corpus(folder: Path, articles: int, files: int | None = None, seed: int = 7) -> list[Path]:
    """JSON Lines files holding ``articles`` invented articles (``PER_FILE`` a file unless ``files``)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = files or max(1, -(-articles // PER_FILE))
    per = -(-articles // files)
    paths = []
    for f in range(files):
        path = folder / f"invented-{f:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for i in range(f * per, min(articles, (f + 1) * per)):
                out.write(json.dumps(invented_article(rng, i)) + "\n")
        paths.append(path)
    return paths


class TreeMemory:
    """Samples the resident memory of this process and all its descendants."""

    def __init__(self, interval: float = 0.5) -> None:
        self.root = psutil.Process()
        self.peak = self.current = self.driver_peak = 0
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        total = 0
        for proc in [self.root, *self.root.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            if proc is self.root:
                self.driver_peak = max(self.driver_peak, rss)
        self.current, self.peak = total, max(self.peak, total)
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> TreeMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def mb(n: float) -> str:
    return f"{n / 2**20:7.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50000)
    parser.add_argument("--workers", type=int, default=0, help="0: local path; N: Dask path with N workers")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--every", type=int, default=20, help="print memory every this many batches")
    parser.add_argument("--keep", help="keep the corpus, store and work dir in this folder")
    parser.add_argument("--no-relink", action="store_true", help="measure ingest only (relink grows faster than linear)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(args.keep or name)
        paths = [str(p) for p in write_corpus(tmp / "corpus", args.articles)]
        db = tmp / "bench.db"
        db.unlink(missing_ok=True)
        with TreeMemory() as memory:
            print(f"{args.articles} invented articles in {len(paths)} files; start {mb(memory.sample())}", flush=True)
            started = time.perf_counter()
            done = batches = 0

            def progress(n: int) -> None:
                nonlocal done, batches
                done, batches = done + n, batches + 1
                if batches % args.every == 0:
                    elapsed = time.perf_counter() - started
                    print(f"  {done:6d} articles {elapsed:7.0f} s  {done / elapsed:6.1f}/s  "
                          f"rss now {mb(memory.sample())} (this process {mb(memory.root.memory_info().rss)}) "
                          f"peak {mb(memory.peak)}", flush=True)

            with open_store(db) as store:
                if args.workers:
                    from dask.distributed import Client

                    from newsgraph.scale import ingest_distributed, local_cluster

                    with local_cluster(args.workers) as cluster, Client(cluster) as client:
                        report = ingest_distributed(paths, store, tmp / "work", client=client, store_key=str(db),
                                                    options=Options(batch_size=args.batch_size),
                                                    on_progress=progress, relink_after=False)
                    failed = len(report.problems)
                else:
                    tally = store_in_batches(analyze_documents(read_inputs(paths), Options(batch_size=args.batch_size)),
                                             store, StoreTally(), batch_size=args.batch_size, on_stored=progress)
                    failed = len(tally.problems)
                analysed = time.perf_counter() - started
                peak_before_link = memory.peak
                memory.peak = 0
                before = memory.sample()
                start = time.perf_counter()
                if not args.no_relink:
                    relink(store)
                t_link = time.perf_counter() - start
                link_peak = memory.peak
                stored = store.count()
            total = time.perf_counter() - started
        print(f"analysed+stored {done} articles in {analysed:.0f} s: {done / analysed:.1f} articles/s "
              f"({args.workers or 'local'} {'workers' if args.workers else 'path'}); failed {failed}; stored {stored}")
        print(f"relink{' (skipped)' if args.no_relink else ''}: {t_link:.1f} s, rss {mb(before)} before, peak {mb(link_peak)} during")
        print(f"peak rss of the process tree: {mb(max(peak_before_link, link_peak))} "
              f"(ingest {mb(peak_before_link)}, relink {mb(link_peak)}); total {total:.0f} s")
        print(f"peak rss of this process alone (reader, store, relink): {mb(memory.driver_peak)}")
        print(f"target: under 2048 MB -> {'PASS' if max(peak_before_link, link_peak) < 2 * 2**30 else 'FAIL'}")


if __name__ == "__main__":
    main()
