"""WARC and WARC.gz archives: HTML responses become articles with the record's URL and date."""

from __future__ import annotations

import io
import sys

import pytest

from newsgraph.ingest import read_inputs
from newsgraph.model import InputProblem, RawDocument

from webpages import page, warc

RECORDS = [
    ("https://olmhaven-courier.example/ferry", "200 OK", "text/html; charset=utf-8", page("ferry")),
    ("https://olmhaven-courier.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
    ("https://olmhaven-courier.example/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
    ("https://tessaly-gazette.example/bridge", "200 OK", "text/html", page("bridge", date="2024-04-30")),
]


def _split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    return docs, problems


@pytest.mark.parametrize("name, packed", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_become_documents_with_url_and_date(tmp_path, name, packed):
    path = tmp_path / name
    path.write_bytes(warc(RECORDS, gzip=packed))
    docs, problems = _split(list(read_inputs([path])))
    assert [d.url for d in docs] == ["https://olmhaven-courier.example/ferry", "https://tessaly-gazette.example/bridge"]
    assert [d.source for d in docs] == [f"{path}#3", f"{path}#9"]  # warcinfo, then request/response pairs
    assert docs[0].title == "Olmhaven ferry resumes after storm"
    assert docs[0].paragraphs[0].startswith("The ferry between Olmhaven and Brisk")
    assert "All rights reserved" not in docs[0].text
    assert docs[0].published == "2024-05-06"  # the page gives none: the record's date
    assert docs[1].published.startswith("2024-04-30")  # the page's own date wins
    (warning,) = problems
    assert warning.warning and warning.source == str(path)
    assert warning.message == "2 responses that are not 2xx HTML pages skipped"


def test_a_warc_without_the_suffix_is_known_by_its_first_bytes(tmp_path):
    path = tmp_path / "archive.bin.gz"
    path.write_bytes(warc(RECORDS[:1]))
    docs, problems = _split(list(read_inputs([path])))
    assert [d.url for d in docs] == ["https://olmhaven-courier.example/ferry"] and problems == []


def test_analyze_a_warc_end_to_end(tmp_path):
    from newsgraph.api import analyze

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc(RECORDS))
    record = analyze(str(path))
    assert [a.url for a in record.articles] == [r[0] for r in RECORDS if r[1] == "200 OK" and "html" in r[2]]
    speakers = {q.speaker.resolved for a in record.articles for q in a.attributions if q.speaker}
    assert "Petra Lund" in speakers


def test_a_damaged_archive_keeps_the_records_before_the_damage(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    data = warc(RECORDS, gzip=False)
    records = ArchiveIterator(io.BytesIO(data))
    starts = [records.get_record_offset() for _ in records]
    path = tmp_path / "damaged.warc"
    path.write_bytes(data[: starts[5]] + b"garbage where a record should start\r\n\r\n" + data[starts[5]:])
    docs, problems = _split(list(read_inputs([path])))
    assert [d.url for d in docs] == ["https://olmhaven-courier.example/ferry"]
    (problem,) = problems
    assert problem.source == f"{path}#6" and "\n" not in problem.message
    assert problem.message.startswith("WARC record could not be read (ArchiveLoadFailed: Invalid WARC record")
    assert problem.message.endswith("; the rest of the file is skipped")


def test_an_oversized_record_is_one_problem_and_the_others_are_read(tmp_path):
    path = tmp_path / "big.warc"
    path.write_bytes(warc(RECORDS, gzip=False))
    docs, problems = _split(list(read_inputs([path], max_bytes=len(page("ferry")) - 1)))
    assert docs == []  # both pages are over this limit
    over = [p for p in problems if "larger than" in p.message]
    assert [p.source for p in over] == [f"{path}#3", f"{path}#9"]
    assert "https://olmhaven-courier.example/ferry" in over[0].message


def test_an_archive_with_no_pages_says_so(tmp_path):
    path = tmp_path / "images.warc.gz"
    path.write_bytes(warc(RECORDS[1:3]))
    (problem,) = list(read_inputs([path]))
    assert not problem.warning and problem.message == "no HTML responses in the WARC file (2 other responses skipped)"


def test_without_the_warc_extra_each_archive_is_one_line_naming_it(tmp_path, monkeypatch):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc(RECORDS[:1]))
    text = tmp_path / "note.txt"
    text.write_text("A plain note about the ferry.", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)  # import fails as if not installed
    problem, doc = list(read_inputs([path, text]))
    assert str(problem) == (f"{path}: reading WARC files needs warcio.archiveiterator, which is not installed: "
                            "pip install 'newsgraph[warc]'")
    assert isinstance(doc, RawDocument)


def test_warc_bytes_on_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(warc(RECORDS[:1], gzip=False))))
    (doc,) = list(read_inputs(["-"]))
    assert doc.source == "<stdin>#3" and doc.url == "https://olmhaven-courier.example/ferry"
