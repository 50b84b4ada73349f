"""How stored articles are written out as JSON lines, CSV or Parquet.

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
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()), ("source_file", pa.string()), ("headline", pa.string()),
            ("outlet", pa.string()), ("url", pa.string()), ("published", pa.string()),
            ("published_inferred", pa.bool_()), ("duplicate_of", pa.string()), ("authors", pa.string()),
            ("entities", pa.int32()), ("attributions", pa.int32()), ("events", pa.int32()),
            ("contradictions", pa.int32()), ("text", pa.string()), ("record", pa.string()),
        ]
    )
    n = 0
    with pq.ParquetWriter(handle, schema) as writer:
        batch: list[dict[str, Any]] = []
        for article in articles:
            batch.append({**flat_row(article), "record": article_json(article)})
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
