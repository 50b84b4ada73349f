"""Where does a finished partition live? One Parquet file per partition in the work dir, written atomically.

Each row is one article (its full ``Article`` JSON in ``record``, plus id columns, and what the
store needs to hold it, prepared on the worker: its rows in ``prepared`` and its MinHash signature in
``signature``, see ``store/prepared.py``) or one input problem, in the order the pipeline produced them. The file is written under a
temporary name and renamed into place, so it exists only when complete: a worker that
dies mid-partition leaves at most a ``.tmp`` file, never a partial partition.
The manifest (``manifest.jsonl``) is a journal, one line appended per partition loaded into a
store and per relink, so recording stays cheap however many partitions a run has.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.model import Article, InputProblem
from newsgraph.store.prepared import Prepared, prepare

SCHEMA = pa.schema([
    ("partition_id", pa.string()),
    ("position", pa.int32()),
    ("kind", pa.string()),  # "article" | "problem" | "warning"
    ("article_id", pa.string()),  # null for a problem
    ("source", pa.string()),
    ("record", pa.string()),  # Article JSON, or the problem's message
    ("prepared", pa.string()),  # the article's store rows (Prepared.to_json); null for a problem
    ("signature", pa.binary()),  # its MinHash hash values; null for a problem or a text without words
])
ROW_GROUP = 64
MANIFEST = "manifest.jsonl"


def partition_path(work_dir: Path, partition_id: str) -> Path:
    return work_dir / "partitions" / f"{partition_id}.parquet"


def write_partition(
    work_dir: Path, partition_id: str, items: Iterable[Article | InputProblem], *, row_group: int = ROW_GROUP
) -> tuple[int, int]:
    """Stream the items into the partition's Parquet file; returns (articles, problems)."""
    final = partition_path(work_dir, partition_id)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f"{final.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    articles = problems = 0
    rows: list[dict[str, object]] = []
    try:
        with pq.ParquetWriter(tmp, SCHEMA) as writer:
            for position, item in enumerate(items):
                if isinstance(item, InputProblem):
                    problems += 1
                    kind = "warning" if item.warning else "problem"
                    rows.append(_row(partition_id, position, kind, None, item.source, item.message))
                else:
                    articles += 1
                    record = json.dumps(item.to_dict(), ensure_ascii=False)
                    prepared, signature = prepare(item).to_json()
                    rows.append(_row(partition_id, position, "article", item.id, item.source_file, record,
                                     prepared, signature))
                if len(rows) >= row_group:
                    writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                    rows.clear()
            if rows or not (articles or problems):
                writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
        with open(tmp, "rb") as stream:
            os.fsync(stream.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return articles, problems


def _row(pid: str, position: int, kind: str, article_id: str | None, source: str, record: str,
         prepared: str | None = None, signature: bytes | None = None) -> dict[str, object]:
    return {"partition_id": pid, "position": position, "kind": kind, "article_id": article_id,
            "source": source, "record": record, "prepared": prepared, "signature": signature}


def _rows(path: Path, columns: list[str] | None = None) -> Iterator[dict[str, object]]:
    """The partition's rows in order, one row group at a time (memory stays bounded)."""
    reader = pq.ParquetFile(path)
    if columns is not None:
        columns = [c for c in columns if c in reader.schema_arrow.names]
    for group in range(reader.num_row_groups):
        yield from reader.read_row_group(group, columns=columns).to_pylist()


def _problem(row: dict[str, object]) -> InputProblem | None:
    if row["kind"] not in ("problem", "warning"):
        return None
    return InputProblem(str(row["source"]), str(row["record"]), warning=row["kind"] == "warning")


def read_partition_items(path: Path) -> Iterator[Article | InputProblem]:
    """The partition's items in order."""
    for row in _rows(path):
        yield _problem(row) or Article.from_dict(json.loads(str(row["record"])))


def read_partition_prepared(path: Path) -> Iterator[Prepared | InputProblem]:
    """The partition's items in order, articles as the rows the worker prepared for the store (a file
    written before workers prepared them, or in another format, is prepared here from the records)."""
    for row in _rows(path, ["kind", "source", "record", "prepared", "signature"]):
        problem = _problem(row)
        if problem is not None:
            yield problem
            continue
        prepared = Prepared.from_json(row["prepared"], row["signature"]) if row.get("prepared") else None
        yield prepared or prepare(Article.from_dict(json.loads(str(row["record"]))))


def partition_article_ids(path: Path) -> list[str]:
    ids = pq.read_table(path, columns=["article_id"]).column("article_id").to_pylist()
    return [i for i in ids if i]


def remove_stale_temporaries(work_dir: Path) -> int:
    """Delete ``.tmp`` files left by workers that died; returns how many."""
    folder = work_dir / "partitions"
    stale = list(folder.glob("*.tmp")) if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


@dataclass
class Manifest:
    """What the work dir's journal says: which partitions each store holds, and whether it is linked."""

    sources: dict[str, list[str]] = field(default_factory=dict)  # partition id -> its input names
    loaded: dict[str, set[str]] = field(default_factory=dict)  # store key -> partition ids loaded into it
    relinked: dict[str, bool] = field(default_factory=dict)  # store key -> linked since its last load


def load_manifest(work_dir: Path) -> Manifest:
    """Replay the journal. A line cut short by a crash (only the last can be) is ignored: its
    partition counts as not loaded and is loaded again, which the store's idempotence allows."""
    manifest = Manifest()
    path = work_dir / MANIFEST
    if not path.exists():
        return manifest
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            key = event["store"]
            if event["event"] == "loaded":
                manifest.sources[event["partition"]] = event["sources"]
                manifest.loaded.setdefault(key, set()).add(event["partition"])
                manifest.relinked[key] = False
            elif event["event"] == "relinked":
                manifest.relinked[key] = True
    return manifest


def record_loaded(work_dir: Path, store_key: str, partition_id: str, sources: Iterable[str]) -> None:
    _append(work_dir, {"event": "loaded", "store": store_key, "partition": partition_id, "sources": list(sources)})


def record_relinked(work_dir: Path, store_key: str) -> None:
    _append(work_dir, {"event": "relinked", "store": store_key})


def _append(work_dir: Path, event: dict[str, object]) -> None:
    """One line, flushed to disk: an append costs the same at the millionth partition as at the first.

    After a crash the file may end in a line cut short: the new line starts on a line of its own.
    """
    line = (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")
    with (work_dir / MANIFEST).open("a+b") as stream:
        if stream.seek(0, os.SEEK_END):
            stream.seek(-1, os.SEEK_END)
            if stream.read(1) != b"\n":
                line = b"\n" + line
        stream.write(line)
        stream.flush()
        os.fsync(stream.fileno())
