"""How stored articles, and the tables of ``tables.py``, are written out as JSON lines, CSV, TSV or Parquet.

Backend-neutral: it only needs an iterator of ``Article`` records, so every store
shares it. Articles stream through in batches; nothing holds the whole store in memory.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from newsgraph.model import Article
from newsgraph.store.base import EXPORT_FORMATS, StoreError

CSV_COLUMNS = (
    "id", "source_file", "headline", "outlet", "url", "published", "published_inferred",
    "duplicate_of", "authors", "entities", "attributions", "events", "contradictions", "text",
)
PARQUET_BATCH = 500


def article_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))


def flat_row(article: Article) -> dict[str, Any]:
    """The main columns of one article; lists become counts (authors are joined by '; ')."""
    return {
        "id": article.id,
        "source_file": article.source_file,
        "headline": article.headline,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "published_inferred": article.published_inferred,
        "duplicate_of": article.duplicate_of,
        "authors": "; ".join(article.authors),
        "entities": len(article.entities),
        "attributions": len(article.attributions),
        "events": len(article.events),
        "contradictions": len(article.contradictions),
        "text": article.text,
    }


def write_export(articles: Iterable[Article], fmt: str, out: Path | str | IO) -> int:
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    binary = fmt == "parquet"
    with _open(out, binary) as handle:
        if fmt == "jsonl":
            return _write_jsonl(articles, handle)
        if fmt == "csv":
            return _write_csv(articles, handle)
        return _write_parquet(articles, handle)


@contextlib.contextmanager
def _open(out: Path | str | IO, binary: bool) -> Iterator[IO]:
    if isinstance(out, (str, Path)):
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        if binary:
            with path.open("wb") as fh:
                yield fh
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                yield fh
        return
    is_text = isinstance(out, io.TextIOBase)
    if binary and is_text:
        raw = getattr(out, "buffer", None)
        if raw is None:
            raise StoreError("parquet export needs a binary file or a path, not a text stream")
        out.flush()
        yield raw
        raw.flush()
    elif not binary and not is_text:
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()  # leave the caller's binary stream open
    else:
        yield out


def _write_jsonl(articles: Iterable[Article], handle: IO) -> int:
    n = 0
    for article in articles:
        handle.write(article_json(article) + "\n")
        n += 1
    return n


def _write_csv(articles: Iterable[Article], handle: IO) -> int:
    writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    n = 0
    for article in articles:
        writer.writerow(flat_row(article))
        n += 1
    return n


def _write_parquet(articles: Iterable[Article], handle: IO) -> int:
    import pyarrow as pa

    schema = pa.schema(
        [
            ("id", pa.string()), ("source_file", pa.string()), ("headline", pa.string()),
            ("outlet", pa.string()), ("url", pa.string()), ("published", pa.string()),
            ("published_inferred", pa.bool_()), ("duplicate_of", pa.string()), ("authors", pa.string()),
            ("entities", pa.int32()), ("attributions", pa.int32()), ("events", pa.int32()),
            ("contradictions", pa.int32()), ("text", pa.string()), ("record", pa.string()),
        ]
    )
    return _parquet_rows(({**flat_row(a), "record": article_json(a)} for a in articles), schema, handle)


def _parquet_rows(rows: Iterable[dict[str, Any]], schema: Any, handle: IO) -> int:
    """Rows written to Parquet ``PARQUET_BATCH`` at a time (an empty input still gets its schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = 0
    with pq.ParquetWriter(handle, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


# --- tables (store/tables.py): typed columns, one row per item ----------------------------

TABLE_FORMATS = ("csv", "tsv", "parquet", "jsonl")


def arrow_schema(spec: Any) -> Any:
    """The Parquet schema of a table: dates as date32, counts as int64, flags as bool."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "list": pa.string(), "precision": pa.string()}
    return pa.schema([(c.name, types[c.kind]) for c in spec.columns])


def write_table(rows: Iterable[dict[str, Any]], spec: Any, fmt: str, out: Path | str | IO) -> int:
    """Write a table's rows (``tables.iter_rows``) as csv, tsv, jsonl or parquet; returns rows written."""
    from newsgraph.options import OptionError, output_format
    from newsgraph.store import eventdata

    output_format(fmt, (*TABLE_FORMATS, *eventdata.EVENT_FORMATS))
    if fmt in eventdata.EVENT_FORMATS and spec.name != "events":
        raise OptionError("--format", fmt, f"is a format for --table events, not {spec.name}")
    with _open(out, fmt == "parquet") as handle:
        if fmt == "gdelt":
            return eventdata.write_gdelt(rows, handle)
        if fmt == "plover":
            return eventdata.write_plover(rows, handle)
        if fmt == "parquet":
            return _parquet_rows(rows, arrow_schema(spec), handle)
        if fmt == "jsonl":
            n = 0
            for row in rows:
                handle.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
                n += 1
            return n
        writer = csv.writer(handle, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(spec.names)
        n = 0
        for row in rows:
            writer.writerow([_cell(row[c]) for c in spec.names])
            n += 1
        return n


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _cell(value: Any) -> str:
    """A CSV/TSV field: empty for none, true/false, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_plain(value))


def frame(rows: Iterable[dict[str, Any]], spec: Any) -> Any:
    """A pandas DataFrame of a table: dates as datetime64, nullable Int64 counts, boolean flags."""
    from newsgraph.extras import need

    pd = need("pandas", "pandas", "a DataFrame")
    import pyarrow as pa

    table = pa.Table.from_pylist(list(rows), schema=arrow_schema(spec))
    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}
    return table.to_pandas(date_as_object=False, types_mapper=mapping.get)
