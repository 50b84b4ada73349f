"""newsgraph.analyze() tells a path, a glob or a URL from article text, and never analyses a typo as text."""

from __future__ import annotations

import gzip

import pytest

import newsgraph
from newsgraph.api import AnalysisError, _looks_like_path, analyze_with_problems

TEXT = "Harbour reopens\n\nThe harbour at Olmhaven reopened on Monday, harbour master Petra Lund said.\n"


@pytest.mark.parametrize("name", ["dump.tx", "pages/*.html.gz", "./nothing", "~/news/today.jsonl",
                                  "https://news.example/feed.rss", "corpus/"])
def test_a_string_that_reads_like_a_path_is_one(name):
    assert _looks_like_path(name)


@pytest.mark.parametrize("text", [TEXT, "Ceasefire holds.", "Is the bridge open?", "U.S.", "Talks resume [updated]"])
def test_article_text_is_text(text):
    assert not _looks_like_path(text)


def test_a_mistyped_path_raises_rather_than_being_analysed_as_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnalysisError, match=r"^dump\.tx: no such file$"):
        newsgraph.analyze("dump.tx")
    record, problems = analyze_with_problems("dump.tx")
    assert record.articles == () and [str(p) for p in problems] == ["dump.tx: no such file"]


def test_a_glob_string_works_like_a_list_and_one_matching_nothing_raises(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pages").mkdir()
    for name in ("a", "b"):
        (tmp_path / "pages" / f"{name}.txt.gz").write_bytes(gzip.compress(TEXT.replace("Monday", name).encode()))
    record = newsgraph.analyze("pages/*.txt.gz")
    assert [a.source_file for a in record.articles] == ["a.txt.gz", "b.txt.gz"]
    with pytest.raises(AnalysisError, match=r"pages/\*\.html\.gz: no such file"):
        newsgraph.analyze("pages/*.html.gz")
