"""Fuzz targets (hypothesis): the readers, the segmenter and the whole pipeline keep their invariants.

For any input: no exception escapes, and no catch-all turns a bug into a problem line (bad input
gets an ``InputProblem`` naming it, on one line); every offset lies inside the article text and
``text[start:end]`` is the span's text; every record survives a JSON round trip and validates
against ``data/analysis.schema.json``.

CI runs a fixed number of cases (10,900: most on the cheap targets, 100 through spaCy), derandomized (the same cases every run, no example database).
``NEWSGRAPH_FUZZ_SCALE`` multiplies every target's case count and ``NEWSGRAPH_FUZZ_SEED`` draws a
different, random set of cases; ``bench/fuzz_long.py`` uses both for runs of millions of cases.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "fuzz"))

import inputs as fz  # noqa: E402

from newsgraph.ingest import read_inputs  # noqa: E402
from newsgraph.ingest.readers import read_bytes  # noqa: E402
from newsgraph.model import Article, InputProblem  # noqa: E402
from newsgraph.pipeline import Options, analyze_documents, segment_documents  # noqa: E402
from newsgraph.segment import segment, split_oversized  # noqa: E402

SCALE = float(os.environ.get("NEWSGRAPH_FUZZ_SCALE", "1"))
SEED = os.environ.get("NEWSGRAPH_FUZZ_SEED")
COUNTS: Counter[str] = Counter()  # cases run per target (bench/fuzz_long.py reads them)
SUFFIXES = ("", ".txt", ".html", ".jsonl", ".rss", ".xml", ".htm", ".ndjson", ".atom", ".csv")
WORK = Path(tempfile.mkdtemp(prefix="newsgraph-fuzz-"))
# feedparser warns about its own date-field mapping on every dated entry: thousands of lines
pytestmark = pytest.mark.filterwarnings("ignore:To avoid breaking existing software:DeprecationWarning")


def _write_counts() -> None:
    out = os.environ.get("NEWSGRAPH_FUZZ_COUNT_FILE")
    if out and COUNTS:
        Path(out).write_text(json.dumps(dict(COUNTS)), encoding="utf-8")


atexit.register(_write_counts)


def fuzz(cases: int):
    """Hypothesis settings for a target: ``cases`` examples (times the scale), no deadline, no database."""
    def wrap(test):
        configured = settings(
            max_examples=max(1, int(cases * SCALE)), deadline=None, database=None, derandomize=SEED is None,
            suppress_health_check=list(HealthCheck), print_blob=True,
        )(test)
        return seed(int(SEED))(configured) if SEED is not None else configured
    return wrap


def segment_and_check(docs) -> list[Article]:
    articles = []
    for item in segment_documents(docs, Options()):
        if isinstance(item, InputProblem):
            assert not any(mark in item.message for mark in fz.BUG_MARKS), str(item)
            continue
        fz.check_article(item)
        articles.append(item)
    return articles


# --- readers -------------------------------------------------------------------------


@fuzz(3500)
@given(data=fz.seeded(fz.input_bytes), suffix=st.sampled_from(SUFFIXES))
def test_readers_take_any_bytes(data, suffix):
    COUNTS["readers"] += 1
    source = "input" + suffix
    items = list(read_bytes(data, source, suffix))
    fz.check_items(items, source)


@fuzz(800)
@given(data=fz.seeded(fz.gzipped), name=st.sampled_from(("in.txt.gz", "in.jsonl.gz", "in.html.gz", "in.gz", "in.txt")))
def test_gzip_inputs_through_read_inputs(data, name):
    COUNTS["gzip"] += 1
    path = WORK / name
    path.write_bytes(data)
    fz.check_items(list(read_inputs([str(path)], max_bytes=4096)), str(path))


@fuzz(600)
@given(text=fz.seeded(fz.html_page))
def test_html_pages(text):
    COUNTS["html"] += 1
    items = list(read_bytes(text.encode("utf-8", errors="surrogatepass"), "page.html", ".html"))
    fz.check_items(items, "page.html")
    segment_and_check(items)


@fuzz(1200)
@given(text=fz.seeded(fz.jsonl))
def test_jsonl_files(text):
    COUNTS["jsonl"] += 1
    data = text.encode("utf-8", errors="surrogatepass")
    items = list(read_bytes(data, "in.jsonl", ".jsonl"))
    fz.check_items(items, "in.jsonl")
    ends = "\n" if "\n" in text or "\r" not in text else "\r"  # a file of old Mac line ends: "\r"
    lines = [n for n, line in enumerate(text.split(ends), 1) if line.strip()]
    if [i.source for i in items] != ["in.jsonl"]:  # unless refused whole (empty, binary): one record or
        # one problem for every non-blank line, in order, named by its line (JSON strings may hold U+2028)
        assert [i.source for i in items] == [f"in.jsonl:{n}" for n in lines]
    segment_and_check(items)


@fuzz(400)
@given(data=fz.seeded(fz.feed))
def test_feeds(data):
    COUNTS["feeds"] += 1
    items = list(read_bytes(data, "news.rss", ".rss"))
    fz.check_items(items, "news.rss")
    segment_and_check(items)


# --- the segmenter -------------------------------------------------------------------


@fuzz(3500)
@given(data=fz.seeded(fz.input_bytes), suffix=st.sampled_from(("", ".txt")))
def test_segmenter_on_what_the_readers_give(data, suffix):
    COUNTS["read+segment"] += 1
    segment_and_check(list(read_bytes(data, "dump" + suffix, suffix)))


@fuzz(800)
@given(doc=fz.seeded(fz.raw_document), max_chars=st.integers(8, 300))
def test_segmenter_and_the_length_limit(doc, max_chars):
    COUNTS["segment"] += 1
    for article in segment(doc):
        fz.check_article(article)
        parts = split_oversized(article, max_chars)
        for part in parts:
            fz.check_article(part)
            assert len(part.text) <= max_chars or len(parts) == 1
        # nothing of the text is lost: only the spaces where a paragraph was broken
        assert "".join("".join(p.text.split()) for p in parts) == "".join(article.text.split())


# --- the whole pipeline --------------------------------------------------------------


@fuzz(int(os.environ.get("NEWSGRAPH_FUZZ_PIPELINE_CASES", "100")))
@given(docs=st.lists(fz.seeded(fz.raw_document), min_size=1, max_size=3), batch_size=st.integers(1, 3))
def test_whole_pipeline(docs, batch_size):
    COUNTS["pipeline"] += 1
    for item in analyze_documents(docs, Options(batch_size=batch_size, max_chars=400)):
        if isinstance(item, InputProblem):
            assert not any(mark in item.message for mark in fz.BUG_MARKS), str(item)
            continue
        fz.check_article(item)


# --- cases the fuzzing found ----------------------------------------------------------


@pytest.mark.parametrize("inside", ["\u2028", "\u2029", "\x85"])  # JSON allows them raw in a string
def test_a_jsonl_string_holding_a_unicode_line_break_is_one_record(inside):
    # str.splitlines() broke such a line in two: the record was lost as two "invalid JSON" lines
    line = json.dumps({"title": "Talks", "text": f"The minister said{inside} the talks would resume."},
                      ensure_ascii=False)
    data = (line + "\n" + json.dumps({"text": "Second record."}) + "\r\n").encode("utf-8")
    items = list(read_bytes(data, "in.jsonl", ".jsonl"))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument"]
    assert [i.source for i in items] == ["in.jsonl:1", "in.jsonl:2"]
    assert items[0].title == "Talks" and items[1].text == "Second record."


def test_jsonl_with_old_mac_line_ends_reads_each_line():
    data = b'{"text": "One."}\r{"text": "Two."}\r'
    assert [i.text for i in read_bytes(data, "in.jsonl", ".jsonl")] == ["One.", "Two."]


def test_a_page_that_trips_the_date_search_is_read_without_metadata():
    # htmldate (inside trafilatura's metadata pass) raised AssertionError from lxml's drop_tree on
    # this tree; the reader's catch-all turned the JSONL record into "unexpected error while reading"
    page = ('<svg href="javascript:x"><a class="credit"><p>\u201ctomorrow injured in 0001 Images \u2028 2025 Oduya '
            '\u2014 said i.e. spokesman,\u201d Dr. X said.</p><td class="has-caption">Photo: minister week (Getty '
            'Images)----Share this article</p></p>Quorin Mayor Photo: said 2025 spokesman</svg><footer><figure '
            'class="caption">Image caption talks Varnholt officials<br class="credit">----</br></figure></footer>'
            'Oduya < \u201cWe told Lyon 31, / Reuters')
    items = list(read_bytes(json.dumps({"html": page}).encode(), "in.jsonl", ".jsonl"))
    assert [str(i) for i in items] == [
        "in.jsonl:1: no article text found in the HTML (malformed page or no main content)"]
    fz.check_items(items, "in.jsonl")
