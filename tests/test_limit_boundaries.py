"""Every limit at its edge: one under, exactly at, and one over.

The article length (``pipeline.MAX_ARTICLE_CHARS``), the read cap (``DEFAULT_MAX_BYTES``, and the
same cap on stdin and on unpacked gzip), the web body cap (``MAX_BODY_BYTES``), the batch size
(1 and 0), and dates at the calendar's ends (year 1 and 9999).
"""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import os

import pytest
from fastapi import HTTPException
from typer.testing import CliRunner

from newsgraph import pipeline
from newsgraph.cli import app
from newsgraph.extract.time import resolve_dates
from newsgraph.ingest import DEFAULT_MAX_BYTES, read_inputs
from newsgraph.ingest.readers import read_bytes
from newsgraph.ingest.sources import ReadError, _read_stream, gunzip_limited
from newsgraph.model import Article, InputProblem, RawDocument
from newsgraph.nlp import get_nlp
from newsgraph.pipeline import Options, segment_documents, store_in_batches
from newsgraph.segment.article import iso_date
from newsgraph.web import ingest as web_ingest

EDGES = (-1, 0, 1)  # one under, exactly at, one over

# --- article length -----------------------------------------------------------------


def article_of(length: int) -> RawDocument:
    """An extracted article whose text is exactly ``length`` characters: distinct 5,000-character
    paragraphs (repeats would be dropped), cut at ``length``."""
    paragraphs = [(f"Paragraph {n} says " + "word " * 1000)[:4999] + "." for n in range(length // 5000 + 1)]
    text = "\n\n".join(paragraphs)[:length]
    text = text[:-1] + "x" if text[-1].isspace() else text  # a trailing space would be stripped
    return RawDocument("long.txt", text, kind="article", title="Long report", paragraphs=tuple(text.split("\n\n")))


@pytest.mark.parametrize("edge", EDGES)
def test_article_length_limit(edge):
    limit = pipeline.MAX_ARTICLE_CHARS
    items = list(segment_documents([article_of(limit + edge)], Options()))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert sum(len(a.text) for a in articles) + 2 * (len(articles) - 1) == limit + edge
    if edge <= 0:  # up to the limit: one article, as it came
        assert len(articles) == 1 and not problems and articles[0].headline == "Long report"
    else:
        assert len(articles) == 2 and all(len(a.text) <= limit for a in articles)
        assert [str(p) for p in problems] == [
            f"long.txt: article of {limit + 1:,} characters is over the {limit:,}-character limit; analysed as 2 parts"]
        assert problems[0].warning


# --- read size caps -----------------------------------------------------------------


@pytest.mark.parametrize("edge", EDGES)
def test_read_cap_on_files(tmp_path, edge):
    path = tmp_path / "big.txt"
    with path.open("wb") as out:  # sparse: no disk used, and read back as NUL bytes
        out.truncate(DEFAULT_MAX_BYTES + edge)
    [problem] = list(read_inputs([str(path)]))
    if edge <= 0:  # read whole, then refused for what it holds, not for its size
        assert problem.message == "binary file (contains NUL bytes), not text"
    else:
        assert problem.message == (f"file is {DEFAULT_MAX_BYTES + 1:,} bytes, larger than the "
                                   f"{DEFAULT_MAX_BYTES:,}-byte limit; skipped")


def test_read_cap_message_rounds_when_the_sizes_differ_to_the_eye(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3000)
    [problem] = list(read_inputs([str(path)], max_bytes=1024))
    assert problem.message == "file is 2.9 KB, larger than the 1 KB limit; skipped"


@pytest.mark.parametrize("edge", EDGES)
def test_read_cap_on_streams_and_unpacked_gzip(edge):
    limit = 4096
    data = b"a" * (limit + edge)
    for read in (lambda: _read_stream(io.BytesIO(data), limit), lambda: gunzip_limited(gzip.compress(data), limit)):
        if edge <= 0:
            assert read() == data
        else:
            with pytest.raises(ReadError, match="larger than the 4 KB limit"):
                read()


@pytest.mark.parametrize("edge", EDGES)
def test_read_cap_on_gzip_files_through_read_inputs(tmp_path, edge):
    path = tmp_path / "in.txt.gz"
    body = b"Talks resume\n\nThe minister said the talks would resume. "
    text = body + b"x" * (4096 + edge - len(body))
    path.write_bytes(gzip.compress(text))
    [item] = list(read_inputs([str(path)], max_bytes=4096))
    assert isinstance(item, RawDocument) == (edge <= 0), item


# --- the web body cap ---------------------------------------------------------------


class Body:
    """Enough of a Starlette request for ``read_body``: headers and a chunked stream."""

    def __init__(self, size: int, declared: bool) -> None:
        self.size = size
        self.headers = {"content-length": str(size)} if declared else {}
        self.read = 0

    async def stream(self):
        chunk = b"x" * (1 << 20)
        left = self.size
        while left:
            part = chunk[:min(left, len(chunk))]
            left -= len(part)
            self.read += len(part)
            yield part


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("edge", EDGES)
def test_web_body_cap(edge, declared):
    limit = web_ingest.MAX_BODY_BYTES
    request = Body(limit + edge, declared)
    if edge <= 0:
        assert len(asyncio.run(web_ingest.read_body(request))) == limit + edge
        return
    with pytest.raises(HTTPException) as caught:
        asyncio.run(web_ingest.read_body(request))
    assert caught.value.status_code == 413 and f"at most {limit} bytes" in caught.value.detail
    assert request.read == (0 if declared else limit + 1)  # a declared size is refused unread


# --- batch size ---------------------------------------------------------------------


class CountingStore:
    def __init__(self) -> None:
        self.batches: list[int] = []

    def add_articles(self, articles):
        from newsgraph.store.base import AddResult

        batch = list(articles)
        self.batches.append(len(batch))
        return AddResult(tuple(a.id for a in batch), ())


@pytest.mark.parametrize("batch_size, batches", [(1, [1, 1, 1, 1]), (3, [3, 1]), (4, [4]), (5, [4])])
def test_batch_sizes_around_the_number_of_articles(batch_size, batches):
    items = [Article(id=str(n), source_file="f", headline=None, text=f"text {n}") for n in range(4)]
    items.insert(2, InputProblem("bad.txt", "unreadable"))
    store, tally = CountingStore(), pipeline.StoreTally()
    store_in_batches(items, store, tally, batch_size=batch_size)
    assert store.batches == batches and tally.new == 4 and [str(p) for p in tally.problems] == ["bad.txt: unreadable"]


def test_cli_batch_size_one_and_zero(tmp_path):
    from pathlib import Path

    dump = Path(__file__).resolve().parents[1] / "examples" / "dump.txt"
    db = tmp_path / "x.db"
    runner = CliRunner()
    zero = runner.invoke(app, ["ingest", str(dump), "--db", str(db), "--batch-size", "0"])
    assert zero.exit_code == 2 and zero.stderr.strip() == "error --batch-size '0' must be 1 or more"
    assert not db.exists()
    one = runner.invoke(app, ["ingest", str(dump), "--db", str(db), "--batch-size", "1"])
    assert one.exit_code == 0 and "new: 3  duplicate: 0  failed: 0" in one.stderr
    from newsgraph.store import open_store

    with open_store(db) as store:
        assert store.count() == 3 and store.content_version() == 3  # one batch a transaction
        assert not store.links_stale()


# --- dates at the calendar's ends -----------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("0001-01-01", "0001-01-01"), ("0001-01-02", "0001-01-02"), ("0000-12-31", None),
    ("9999-12-31", "9999-12-31"), ("9999-12-30", "9999-12-30"), ("10000-01-01", None), ("9999-12-32", None),
    ("0001", "0001"), ("0000", None), ("9999-12", "9999-12"), ("9999-13", None), ("2025-02-30", None),
])
def test_given_dates_at_the_calendar_ends(value, expected):
    assert iso_date(value) == expected
    code = CliRunner().invoke(app, ["analyze", "-", "--published", value], input="").exit_code
    assert (code != 2) == (expected is not None)


def test_a_record_published_off_the_calendar_is_not_stored_with_that_date():
    # iso_date passed "0000-12-31" and "2025-02-30" through: a published date no reader can parse
    lines = [json.dumps({"text": "The minister said the talks would resume.", "published": p})
             for p in ("0000-12-31", "9999-12-32", "0001-01-01", "9999-12-31")]
    docs = list(read_bytes("\n".join(lines).encode(), "in.jsonl", ".jsonl"))
    assert [a.published for a in segment_documents(docs, Options())] == [None, None, "0001-01-01", "9999-12-31"]


@pytest.mark.parametrize("published, yesterday, tomorrow", [
    ("0001-01-01", None, "0001-01-02"), ("0001-01-02", "0001-01-01", "0001-01-03"),
    ("9999-12-30", "9999-12-29", "9999-12-31"), ("9999-12-31", "9999-12-30", None),
])
def test_relative_days_at_the_calendar_ends(published, yesterday, tomorrow):
    text = "The envoy arrived yesterday and will leave tomorrow."
    got = {w.text: w.date for w in resolve_dates(text, get_nlp()(text), published)}
    assert got == {"yesterday": yesterday, "tomorrow": tomorrow}


def test_sparse_files_work_here(tmp_path):
    """The read-cap tests rely on truncate() making a file of that size without writing it."""
    path = tmp_path / "s"
    with path.open("wb") as out:
        out.truncate(1 << 30)
    assert os.stat(path).st_size == 1 << 30
