"""Bad input never crashes a batch: each yields one clear InputProblem and reading goes on."""

from __future__ import annotations

import gzip
import io
import os
import sys
import tracemalloc

import pytest

from newsgraph.ingest import read_inputs
from newsgraph.model import InputProblem, RawDocument

GOOD_TEXT = "The Orlaven tram depot closed on Monday, the city council said.\n"


def read_with_good_neighbour(tmp_path, bad, **kwargs):
    """Read a bad input between two good ones; return the bad input's items."""
    before, after = tmp_path / "before.txt", tmp_path / "after.txt"
    before.write_text(GOOD_TEXT, encoding="utf-8")
    after.write_text(GOOD_TEXT, encoding="utf-8")
    items = list(read_inputs([before, bad, after], **kwargs))
    assert isinstance(items[0], RawDocument) and items[0].source == str(before)
    assert isinstance(items[-1], RawDocument) and items[-1].source == str(after)
    return items[1:-1]


def single_problem(items) -> InputProblem:
    assert len(items) == 1, items
    (problem,) = items
    assert isinstance(problem, InputProblem), problem
    return problem


def test_missing_file(tmp_path):
    problem = single_problem(read_with_good_neighbour(tmp_path, tmp_path / "nowhere.txt"))
    assert problem.source == str(tmp_path / "nowhere.txt")
    assert problem.message == "no such file"
    assert str(problem) == f"{tmp_path / 'nowhere.txt'}: no such file"


def test_unmatched_glob_is_reported_missing(tmp_path):
    problem = single_problem(read_with_good_neighbour(tmp_path, str(tmp_path / "*.none")))
    assert problem.message == "no such file"


def test_empty_and_blank_files(tmp_path):
    for name, content in (("empty.txt", b""), ("blank.html", b"  \n\n\t ")):
        path = tmp_path / name
        path.write_bytes(content)
        assert single_problem(read_with_good_neighbour(tmp_path, path)).message == "empty file"


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"header\x00\x01\x02\x03" * 100)
    assert "binary file" in single_problem(read_with_good_neighbour(tmp_path, path)).message


def test_binary_file_by_magic_bytes(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert single_problem(read_with_good_neighbour(tmp_path, path)).message == "binary file (a PDF document), not text"


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "garbled.txt"
    # invalid UTF-8 and no plausible single-byte text either: C0 control bytes throughout
    path.write_bytes(bytes([0x81, 0x8D, 0x02, 0x90, 0x9D, 0x1B, 0xFF, 0x07]) * 200)
    message = single_problem(read_with_good_neighbour(tmp_path, path)).message
    assert "not valid UTF-8" in message or "binary" in message


def test_file_over_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(GOOD_TEXT * 20, encoding="utf-8")
    problem = single_problem(read_with_good_neighbour(tmp_path, path, max_bytes=100))
    assert "larger than the 100 bytes limit" in problem.message


def test_200_mb_file_rejected_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk used, nothing to read
    tracemalloc.start()
    try:
        problem = single_problem(read_with_good_neighbour(tmp_path, path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem.message == "file is 200 MB, larger than the 100 MB limit; skipped"
    assert peak < 10 * 1024 * 1024


def test_gzip_that_unpacks_past_the_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 5000))
    problem = single_problem(read_with_good_neighbour(tmp_path, path, max_bytes=1000))
    assert problem.message == "unpacked gzip content is larger than the 1000 bytes limit; skipped"


def test_unreadable_gzip(tmp_path):
    corrupt = tmp_path / "corrupt.txt.gz"
    corrupt.write_bytes(gzip.compress(GOOD_TEXT.encode() * 50)[:40])  # truncated stream
    assert "not a readable gzip file" in single_problem(read_with_good_neighbour(tmp_path, corrupt)).message
    fake = tmp_path / "fake.html.gz"
    fake.write_bytes(b"<html>not compressed</html>")
    assert single_problem(read_with_good_neighbour(tmp_path, fake)).message == "named .gz but is not gzip data"


def test_malformed_html(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<html><body><div><<<>>></span></tr>", encoding="utf-8")
    problem = single_problem(read_with_good_neighbour(tmp_path, path))
    assert "no article text found in the HTML" in problem.message


def test_broken_jsonl_line_names_the_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"text": "The Brennick ferry resumed service on Tuesday."}\n'
        '{"text": "unterminated\n'
        '["not", "an", "object"]\n'
        '{"title": "No body at all"}\n'
        '\n'
        '{"text": "Residents of Lunvik voted to keep the harvest festival."}\n',
        encoding="utf-8",
    )
    items = list(read_inputs([path]))
    assert [i.source for i in items] == [f"{path}:{n}" for n in (1, 2, 3, 4, 6)]
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputProblem", "InputProblem", "InputProblem", "RawDocument"]
    assert items[1].message.startswith("invalid JSON")
    assert items[2].message == "expected a JSON object, got list"
    assert items[3].message == "no non-empty 'text' or 'html' field"


def test_feed_that_is_not_xml(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text("this is not a feed { at all", encoding="utf-8")
    assert single_problem(read_with_good_neighbour(tmp_path, path)).message.startswith("not an RSS/Atom feed")


def test_directory_given_where_file_expected_is_walked_not_crashed(tmp_path):
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    assert read_with_good_neighbour(tmp_path, empty) == []


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read files without permission bits")
    path = tmp_path / "locked.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    path.chmod(0)
    assert single_problem(read_with_good_neighbour(tmp_path, path)).message == "permission denied"


def test_empty_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    (problem,) = list(read_inputs(["-"]))
    assert (problem.source, problem.message) == ("<stdin>", "empty file")
