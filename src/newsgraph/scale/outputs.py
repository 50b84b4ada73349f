"""Where does a finished partition live? One Parquet file per partition in the work dir, written atomically.

Each row is one article (its full ``Article`` JSON in ``record``, plus id columns) or one
input problem, in the order the pipeline produced them. The file is written under a
temporary name and renamed into place, so it exists only when complete: a worker that
dies mid-partition leaves at most a ``.tmp`` file, never a partial partition.
The manifest (``manifest.json``) records which partitions were loaded into which store.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.model import Article, InputProblem

SCHEMA = pa.schema([
    ("partition_id", pa.string()),
    ("position", pa.int32()),
    ("kind", pa.string()),  # "article" | "problem"
    ("article_id", pa.string()),  # null for a problem
    ("source", pa.string()),
    ("record", pa.string()),  # Article JSON, or the problem's message
])
ROW_GROUP = 64
MANIFEST = "manifest.json"


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
                    rows.append(_row(partition_id, position, "problem", None, item.source, item.message))
                else:
                    articles += 1
                    record = json.dumps(item.to_dict(), ensure_ascii=False)
                    rows.append(_row(partition_id, position, "article", item.id, item.source_file, record))
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


def _row(pid: str, position: int, kind: str, article_id: str | None, source: str, record: str) -> dict[str, object]:
    return {"partition_id": pid, "position": position, "kind": kind, "article_id": article_id,
            "source": source, "record": record}


def read_partition_items(path: Path) -> Iterator[Article | InputProblem]:
    """The partition's items in order, one row group at a time (memory stays bounded)."""
    reader = pq.ParquetFile(path)
    for group in range(reader.num_row_groups):
        for row in reader.read_row_group(group).to_pylist():
            if row["kind"] == "problem":
                yield InputProblem(row["source"], row["record"])
            else:
                yield Article.from_dict(json.loads(row["record"]))


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


def load_manifest(work_dir: Path) -> dict[str, dict[str, object]]:
    path = work_dir / MANIFEST
    if not path.exists():
        return {"partitions": {}, "loaded": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("partitions", {})
    data.setdefault("loaded", {})
    return data


def save_manifest(work_dir: Path, manifest: dict[str, dict[str, object]]) -> None:
    path = work_dir / MANIFEST
    tmp = path.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
