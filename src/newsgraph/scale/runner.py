"""How does an ingest run on a Dask cluster? Partitions are analysed on workers, then bulk-loaded in order.

Each worker process loads the NLP pipeline once (``get_nlp`` is cached per process, and a
worker plugin warms it up) and runs the *same* ``newsgraph.pipeline.analyze_documents``
as the local path over its partition, streaming the records into a Parquet file in the
work dir. Workers also prepare what the store writes for each article (its rows, MinHash
signature and LSH buckets: ``store/prepared.py``), so the driver's part is small: it loads
finished partitions into the store in input order (so near-duplicates resolve to the same first
copy as a local run), deciding near-copies and bulk-loading the prepared rows, one transaction per
batch (``Store.add_prepared``: SQLite ``executemany``, PostgreSQL ``COPY``), then runs ``relink`` once.

Resuming: partitions whose Parquet file exists are not computed again, and partitions the
manifest records as loaded into this store (and whose ids the store still holds) are not
loaded again. A worker killed mid-partition never wrote its file, so Dask reruns the task.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

from newsgraph.model import InputProblem
from newsgraph.pipeline import Options, analyze_documents, relink, store_in_batches
from newsgraph.scale.outputs import (
    load_manifest, partition_article_ids, partition_path, read_partition_items, read_partition_prepared, record_loaded,
    record_relinked,
    remove_stale_temporaries, write_partition,
)
from newsgraph.scale.partitions import LINES_PER_PARTITION, Partition, plan_partitions, read_partition
from newsgraph.store.base import Store


@dataclass
class DistributedReport:
    """What a distributed ingest did."""

    new: int = 0
    duplicate: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    partitions: int = 0
    computed: int = 0  # partitions analysed in this run
    reused: int = 0  # partitions whose Parquet file already existed
    loaded: int = 0  # partitions bulk-loaded into the store in this run
    already_loaded: int = 0  # partitions the manifest says this store already holds
    relinked: bool = False
    seconds: float = 0.0
    worker_seconds: float = 0.0  # analysis time summed over the partitions computed in this run
    load_seconds: float = 0.0  # the driver's time spent loading partitions into the store


def options_payload(options: Options) -> dict[str, object]:
    """The picklable part of ``Options`` the workers need."""
    return {**identity_options(options), "batch_size": options.batch_size}


def identity_options(options: Options) -> dict[str, object]:
    """The options that change what a partition holds (part of its id); batch size does not."""
    return {"published": options.published, "outlet": options.outlet, "components": list(options.components)}


def run_partition(partition: dict[str, object], options: dict[str, object], work_dir: str) -> dict[str, object]:
    """Worker task: analyse one partition with the local pipeline and write its Parquet file."""
    part = Partition(**{**partition, "sources": tuple(partition["sources"])})  # type: ignore[arg-type]
    folder = Path(work_dir)
    started = time.perf_counter()
    if partition_path(folder, part.id).exists():
        return {"id": part.id, "reused": True, "seconds": 0.0}
    opts = Options(published=options["published"], outlet=options["outlet"],  # type: ignore[arg-type]
                   components=tuple(options["components"]), batch_size=int(options["batch_size"]))  # type: ignore[arg-type]
    articles, problems = write_partition(folder, part.id, analyze_documents(read_partition(part), opts))
    release_free_memory()
    return {"id": part.id, "reused": False, "articles": articles, "problems": problems,
            "seconds": time.perf_counter() - started}


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc only; elsewhere nothing happens)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, looked up once (finding the C library runs ``ldconfig``)."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


class WarmNLP(WorkerPlugin):
    """Load the pipeline and its resources when a worker starts (cached: once per process)."""

    name = "newsgraph-warm-nlp"

    def setup(self, worker: object) -> None:
        from newsgraph.pipeline import warm_up

        warm_up()


def local_cluster(workers: int, **kwargs: object):  # type: ignore[no-untyped-def]
    """A LocalCluster of ``workers`` processes, one thread each, no dashboard, on loopback.

    The scheduler always runs a small HTTP server (health checks); it gets a free loopback
    port instead of the dashboard's 8787, which ``newsgraph serve`` uses.
    """
    import dask
    from dask.distributed import LocalCluster

    settings: dict[str, object] = dict(WORKER_LIFETIME)
    settings.update(kwargs)
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536. Setting any trim threshold turns off
    # glibc's sliding mmap threshold, so spaCy's large per-batch arrays are mapped and unmapped on
    # every batch: analysis ran 15% slower (bench/bench_pipeline.py). Workers keep glibc's default
    # and give memory back with malloc_trim after each partition instead (see run_partition).
    # The workers' statistical profiler (a stack sample every 10 ms) is off too: nobody reads it.
    # The nannies read this when they are created and reuse it when a worker restarts.
    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            host="127.0.0.1", scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"}, **settings,
        )


WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}

# Workers are retired and restarted now and then (staggered, so one is always working): a long run's
# Python heap only grows, and a restart gives it back. A partition cut short is simply redone.
WORKER_LIFETIME = {"lifetime": "15 minutes", "lifetime_stagger": "3 minutes", "lifetime_restart": True}


def ingest_distributed(
    paths: Iterable[str | Path],
    store: Store,
    work_dir: str | Path,
    *,
    client: object,
    store_key: str,
    options: Options | None = None,
    lines_per_partition: int = LINES_PER_PARTITION,
    on_problem: Callable[[InputProblem], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    relink_after: bool = True,
) -> DistributedReport:
    """Analyse ``paths`` on the cluster behind ``client`` and load the results into ``store``.

    ``store_key`` names the store in the manifest (e.g. its absolute path). ``on_progress``
    gets the size of each batch stored. ``relink_after=False`` leaves linking to the caller.
    """
    from dask.distributed import as_completed

    options = options or Options()
    folder = Path(work_dir)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    started = time.perf_counter()
    payload = options_payload(options)
    partitions = list(plan_partitions(paths, identity_options(options), lines_per_partition=lines_per_partition))
    loaded_here = load_manifest(folder).loaded.get(store_key, set())
    report = DistributedReport(partitions=len(partitions))

    todo = [p for p in partitions if not partition_path(folder, p.id).exists()]
    report.reused = len(partitions) - len(todo)
    if todo:
        client.register_plugin(WarmNLP())  # type: ignore[attr-defined]
    futures = {
        client.submit(run_partition, p.to_dict(), payload, str(folder), key=f"newsgraph-partition-{p.id}",  # type: ignore[attr-defined]
                      pure=False, retries=2): p.id
        for p in todo
    }
    ready = {p.id for p in partitions} - set(futures.values())
    order = [p.id for p in partitions]
    next_index = 0

    def load_ready() -> None:
        nonlocal next_index
        while next_index < len(order) and order[next_index] in ready:
            pid = order[next_index]
            loading = time.perf_counter()
            if _load_partition(folder, pid, store, options.batch_size, loaded_here, report, on_problem, on_progress):
                record_loaded(folder, store_key, pid, partitions[next_index].sources)
            report.load_seconds += time.perf_counter() - loading
            next_index += 1

    load_ready()
    for future in as_completed(list(futures)):
        result = future.result()  # a partition failing on every retry ends the run; finished ones stay
        report.computed += 0 if result.get("reused") else 1
        report.worker_seconds += float(result.get("seconds", 0.0))
        ready.add(futures[future])
        future.release()
        load_ready()
    load_ready()

    if relink_after:
        relink_and_record(folder, store, store_key, report)
    report.seconds = time.perf_counter() - started
    return report


def relink_and_record(folder: Path, store: Store, store_key: str, report: DistributedReport) -> None:
    """Link across articles unless the manifest says this store was linked since its last new article."""
    if report.new or store.links_stale() or (not load_manifest(folder).relinked.get(store_key) and store.count()):
        relink(store)
        report.relinked = True
    record_relinked(folder, store_key)


def _load_partition(
    folder: Path,
    pid: str,
    store: Store,
    batch_size: int,
    loaded_here: set[str],
    report: DistributedReport,
    on_problem: Callable[[InputProblem], None] | None,
    on_progress: Callable[[int], None] | None,
) -> bool:
    """Load one partition unless this store already holds it; True if it was loaded now."""
    path = partition_path(folder, pid)
    if pid in loaded_here and _store_holds(store, path):
        report.already_loaded += 1
        for item in read_partition_items(path):
            if isinstance(item, InputProblem):
                _problem(item, report, on_problem)
            else:
                report.duplicate += 1
        return False
    # the workers prepared each article's rows, signature and buckets: the driver decides near-copies
    # and bulk-loads (a store without add_prepared is given the records)
    add = getattr(store, "add_prepared", None)
    items = read_partition_prepared(path) if add else read_partition_items(path)
    store_in_batches(items, store, report, batch_size=batch_size, on_problem=on_problem, on_stored=on_progress,
                     add=add)
    report.loaded += 1
    loaded_here.add(pid)
    return True


def _store_holds(store: Store, path: Path) -> bool:
    """Spot check that the store still has a loaded partition (first and last article)."""
    ids = partition_article_ids(path)
    return all(store.get_article(i) is not None for i in (ids[:1] + ids[-1:]))


def _problem(item: InputProblem, report: DistributedReport, on_problem: Callable[[InputProblem], None] | None) -> None:
    report.problems.append(item)
    if on_problem:
        on_problem(item)


def store_key_for(db: str | None) -> str:
    """A stable name for the store in the manifest: an absolute SQLite path, or a URL without password."""
    from urllib.parse import urlsplit, urlunsplit

    from newsgraph.store import default_store_path

    if db is None:
        return str(default_store_path().resolve())
    if "://" in db and not db.lower().startswith("sqlite://"):
        parts = urlsplit(db)
        netloc = parts.hostname or ""
        if parts.username:
            netloc = f"{parts.username}@{netloc}"
        if parts.port:
            netloc = f"{netloc}:{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if db == ":memory:":
        return db
    path = db
    if "://" in db:  # sqlite:///relative.db -> relative.db ; sqlite:////abs.db -> /abs.db (as open_store)
        path = db.split("://", 1)[1]
        path = path[1:] if path.startswith("/") else path
    return str(Path(path).expanduser().resolve())



def default_work_dir(store_key: str) -> Path:
    """A per-store folder in the user's cache directory."""
    import hashlib

    import platformdirs

    name = "ingest-" + hashlib.sha256(store_key.encode("utf-8")).hexdigest()[:12]
    return Path(platformdirs.user_cache_dir("newsgraph")) / name


def ingest_on_dask(
    paths: Iterable[str | Path],
    db: str | None,
    work_dir: str | Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    options: Options | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
    on_start: Callable[[Path], None] | None = None,
    lines_per_partition: int = LINES_PER_PARTITION,
) -> DistributedReport:
    """The ``ingest --workers N`` / ``--scheduler URL`` path: open the store and a cluster, run, close both."""
    from dask.distributed import Client

    from newsgraph.store import open_store

    if (workers is None) == (scheduler is None):
        raise ValueError("give exactly one of workers or scheduler")
    key = store_key_for(db)
    folder = Path(work_dir) if work_dir is not None else default_work_dir(key)
    if on_start:
        on_start(folder)
    cluster = local_cluster(workers) if workers is not None else None
    with open_store(db) as store:
        try:
            with Client(cluster if cluster is not None else scheduler) as client:
                report = ingest_distributed(
                    paths, store, folder, client=client, store_key=key, options=options,
                    lines_per_partition=lines_per_partition, on_problem=on_problem, relink_after=False,
                )
        finally:
            if cluster is not None:
                cluster.close()
        # linking runs on the driver alone: with the workers gone their memory is free for it
        relink_and_record(folder, store, key, report)
    return report
