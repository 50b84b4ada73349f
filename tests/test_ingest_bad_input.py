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


# --- folders and globs: no symlink loop is followed, no skipped folder goes unsaid ------------


def _problems(items) -> list[tuple[str, str]]:
    return [(i.source, i.message) for i in items if isinstance(i, InputProblem)]


@pytest.fixture
def bounded_listing(monkeypatch):
    """Folder listings are counted: a walk round a loop fails the test instead of running on."""
    real_scandir, calls = os.scandir, []

    def scandir(path="."):
        calls.append(path)
        assert len(calls) <= 100, f"more than 100 folder listings: going round a loop ({path})"
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return calls


def test_glob_over_a_symlink_loop_reads_each_file_once_and_names_the_link(tmp_path, bounded_listing):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "story.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "again").symlink_to(folder, target_is_directory=True)  # news/again/again/... without end
    items = list(read_inputs([str(tmp_path / "**" / "*.txt")]))
    assert [i.source for i in items if isinstance(i, RawDocument)] == [str(folder / "story.txt")]
    assert _problems(items) == [
        (str(folder / "again"), f"symbolic link to a folder inside {tmp_path} (a loop, or read there); not followed")]


def test_trailing_double_star_over_a_loop_both_ways_ends(tmp_path, bounded_listing):
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    (inner / "story.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (inner / "up").symlink_to(tmp_path, target_is_directory=True)
    (inner / "self").symlink_to(inner, target_is_directory=True)  # two links: 2^40 paths for glob.glob
    items = list(read_inputs([str(tmp_path / "**")]))
    assert [i.source for i in items if isinstance(i, RawDocument)] == [str(inner / "story.txt")]
    assert sorted(s for s, _ in _problems(items)) == [str(inner / "self"), str(inner / "up")]


def test_folder_walk_follows_a_link_out_but_not_one_back_in(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "wire.txt").write_text(GOOD_TEXT, encoding="utf-8")
    folder = tmp_path / "desk"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "local.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "wire").symlink_to(elsewhere, target_is_directory=True)
    items = list(read_inputs([folder]))
    assert [i.source for i in items if isinstance(i, RawDocument)] == [
        str(folder / "sub" / "local.txt"), str(folder / "wire" / "wire.txt")]
    assert _problems(items) == [
        (str(folder / "sub" / "loop"), f"symbolic link to a folder inside {folder} (a loop, or read there); not followed")]


def test_unreadable_subfolder_gets_a_line(tmp_path, monkeypatch):
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "story.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden-story.txt").write_text(GOOD_TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # chmod 0 would not stop root, so the refusal is simulated
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for arg in (tmp_path, str(tmp_path / "*" / "*.txt")):
        items = list(read_inputs([arg]))
        assert [i.source for i in items if isinstance(i, RawDocument)] == [str(tmp_path / "open" / "story.txt")]
        assert _problems(items) == [(str(tmp_path / "locked"), "folder could not be read (permission denied); skipped")]


# --- one bad record loses only itself ---------------------------------------------------------


def test_jsonl_huge_number_and_deep_nesting_lose_only_their_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"text": "The Brennick ferry resumed service on Tuesday."}\n'
        '{"text": "Too big a count.", "count": ' + "7" * 5000 + "}\n"
        + "[" * 5000 + "]" * 5000 + "\n"
        + '{"a": ' * 3000 + "1" + "}" * 3000 + "\n"
        '{"text": "Residents of Lunvik voted to keep the harvest festival."}\n',
        encoding="utf-8",
    )
    items = list(read_inputs([path]))
    assert [(i.source, type(i).__name__) for i in items] == [
        (f"{path}:1", "RawDocument"), (f"{path}:2", "InputProblem"), (f"{path}:3", "InputProblem"),
        (f"{path}:4", "InputProblem"), (f"{path}:5", "RawDocument")]
    assert items[1].message == "invalid JSON (Exceeds the limit (4300 digits) for integer string conversion)"
    assert items[2].message == items[3].message == "invalid JSON (nested too deeply)"
    assert items[4].text == "Residents of Lunvik voted to keep the harvest festival."


def test_jsonl_title_loses_terminal_escapes_and_line_breaks(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"title": "Ferry \\u001b[31mresumes\\u001b[0m\\nFAKE LINE", '
                    '"text": "The Brennick ferry resumed service on Tuesday."}\n', encoding="utf-8")
    (doc,) = list(read_inputs([path]))
    assert doc.title == "Ferry resumes FAKE LINE"


def _rss(*descriptions: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    items = "".join(f"<item><title>Entry {n}</title><description>{d}</description></item>"
                    for n, d in enumerate(descriptions, start=1))
    return f'{declaration}<rss version="2.0"><channel><title>Coast Wire</title>{items}</channel></rss>'.encode()


def test_feed_entry_with_a_form_feed_loses_nothing_after_it(tmp_path):
    path = tmp_path / "coast.rss"
    path.write_bytes(_rss("The harbour reopened on Monday.", "<![CDATA[<p>Ferries \f resumed on Tuesday.</p>]]>",
                          "The market returned on Wednesday."))
    items = list(read_inputs([path]))
    assert [(i.source, type(i).__name__) for i in items] == [(f"{path}#{n}", "RawDocument") for n in (1, 2, 3)]
    assert items[1].text == "Ferries resumed on Tuesday."


def test_feed_entry_holding_a_noncharacter_is_read(tmp_path):
    # found by the long fuzz run: U+FFFF (not allowed in XML) in an entry's HTML made lxml refuse it
    path = tmp_path / "coast.rss"
    path.write_bytes(_rss("The harbour reopened on Monday.",
                          "<![CDATA[<figcaption>Quay</figcaption> Ferries \uffff resumed on Tuesday.]]>"))
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument"]
    assert items[1].text.endswith("Ferries resumed on Tuesday.")


def test_feed_with_an_unusable_encoding_declaration_is_read(tmp_path):
    for name in ("undefined", "punycode", "cp500"):  # feedparser raises for the first two, finds no entries in the third
        path = tmp_path / f"{name}.rss"
        path.write_bytes(_rss("The harbour reopened on Monday.", "Ferries resumed on Tuesday.",
                              declaration=f'<?xml version="1.0" encoding="{name}"?>'))
        items = list(read_inputs([path]))
        assert [(i.source, getattr(i, "text", None)) for i in items] == [
            (f"{path}#1", "The harbour reopened on Monday."), (f"{path}#2", "Ferries resumed on Tuesday.")]


def test_feed_bytes_naming_a_file_are_not_opened(tmp_path):
    real = tmp_path / "real.rss"
    real.write_bytes(_rss("The harbour reopened on Monday."))
    pointer = tmp_path / "pointer.rss"
    pointer.write_text(str(real), encoding="utf-8")  # feedparser.parse(bytes) would open this path
    assert single_problem(list(read_inputs([pointer]))).message.startswith("not an RSS/Atom feed")


# --- decoding and sniffing ---------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(tmp_path, codec):
    path = tmp_path / "note.txt"
    text = "Le café de la Señora Ibáñez a fermé ses portes à Orlaven, a dit la mairie.\n"
    path.write_bytes(text.encode(codec))  # the bare codec writes no BOM
    (doc,) = read_with_good_neighbour(tmp_path, path)
    assert isinstance(doc, RawDocument) and doc.text == text


def test_txt_starting_with_a_bracket_is_text_not_html(tmp_path):
    path = tmp_path / "wire.txt"
    text = "<Reuters> The Orlaven council said on Monday that the <body> of the report stays sealed.\n"
    path.write_text(text, encoding="utf-8")
    (doc,) = read_with_good_neighbour(tmp_path, path)
    assert (doc.kind, doc.text) == ("text", text)
