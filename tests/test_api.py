"""The small public Python API."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.api import AnalysisError, analyze_with_problems

TEXT = (
    "Lakeside Ferry Resumes After Storm\n\n"
    "The ferry between Olmhaven and Brisk resumed on Monday after three days of storms, "
    "harbour master Petra Lund said.\n\n"
    "\"The boats are safe and the crews are rested,\" Lund told the Olmhaven Courier.\n"
)


def test_analyze_accepts_text_and_returns_the_record():
    record = newsgraph.analyze(TEXT, published="2030-05-08")
    (article,) = record.articles
    assert article.headline == "Lakeside Ferry Resumes After Storm"
    assert article.published == "2030-05-08" and not article.published_inferred
    speakers = {q.speaker.resolved for q in article.attributions if q.speaker}
    assert "Petra Lund" in speakers
    channels = {q.channel for q in article.attributions}
    assert "Olmhaven Courier" in channels
    assert record.newsgraph_version == newsgraph.__version__


def test_analyze_paths_and_problems(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    record, problems = analyze_with_problems([good, empty])
    assert len(record.articles) == 1
    assert [p.source for p in problems] == [str(empty)]
    with pytest.raises(AnalysisError, match="empty.txt"):
        newsgraph.analyze([good, empty])
    assert len(newsgraph.analyze([good, empty], strict=False).articles) == 1


def test_open_store_is_public(tmp_path):
    with newsgraph.open_store(tmp_path / "api.db") as store:
        store.add_articles(newsgraph.analyze(TEXT).articles)
        assert store.count() == 1
