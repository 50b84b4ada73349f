"""Our HTML reader's main text against the shared extraction sets, next to plain trafilatura."""

from __future__ import annotations

import pytest

from newsgraph.evaluate.extraction import evaluate_extraction, format_report
from newsgraph.evaluate.metrics import (
    Counts, macro_scores, micro_scores, same_words, shingle_counts, shingle_match,
)
from conftest import need_shared


def test_shingles_count_repeats_and_short_texts():
    assert shingle_counts("a b c d a b c d")[("a", "b", "c", "d")] == 2
    assert list(shingle_counts("two words")) == [("two", "words")]
    assert shingle_counts("") == {}


def test_shingle_match_and_averaging():
    exact = shingle_match("the quick brown fox jumps", "the quick brown fox jumps")
    assert exact == Counts(2, 0, 0)
    half = shingle_match("a b c d e f", "a b c d e x")  # shares 2 of 3 shingles
    assert half == Counts(2, 1, 1)
    assert macro_scores([exact, half]).precision == pytest.approx((1 + 2 / 3) / 2)
    assert micro_scores([exact, half]).recall == pytest.approx(4 / 5)
    assert same_words("One, two.", "one two") is False and same_words("One, two.", "One two") is True


@pytest.fixture(scope="module")
def report(corpus_dir):
    need_shared(corpus_dir / "extraction_scrapinghub_aeb")
    return evaluate_extraction(corpus_dir)


def test_scrapinghub_ours_at_least_trafilatura(report):
    ours = report.get("scrapinghub_aeb", "ours")
    plain = report.get("scrapinghub_aeb", "trafilatura")
    assert ours.pages == plain.pages == 53
    assert ours.scores.f1 > 0.9
    assert ours.scores.f1 >= plain.scores.f1
    assert ours.micro.f1 >= plain.micro.f1


def test_other_sets_are_scored(report):
    snippets = report.get("trafilatura_eval", "ours")
    assert snippets.pages == 28 and snippets.scores.f1 > 0.85
    assert report.get("newspaper4k", "ours").scores.f1 > 0.95
    text = format_report(report)
    assert "scrapinghub_aeb" in text and "trafilatura_eval" in text and "newspaper4k" in text
