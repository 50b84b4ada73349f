"""Segmentation of the shared sample dump and of our own invented example dump."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from newsgraph.model import PARAGRAPH_SEPARATOR, RawDocument
from newsgraph.segment import segment

EXAMPLE_DUMP = Path(__file__).resolve().parents[1] / "examples" / "dump.txt"


def _assert_clean(article) -> None:
    assert article.text == PARAGRAPH_SEPARATOR.join(article.paragraphs)
    assert article.id == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert all(p and p == p.strip() for p in article.paragraphs)
    assert not [line for line, n in Counter(article.paragraphs).items() if n > 1]
    assert article.headline not in article.paragraphs
    assert not {c.text for c in article.captions} & set(article.paragraphs)
    for start, end in article.paragraph_spans():
        assert article.text[start:end] in article.paragraphs


def test_sample_holds_two_articles_with_exact_headlines(sample_articles, sample_gold):
    assert [a.headline for a in sample_articles] == [g["headline"] for g in sample_gold["articles"]]


def test_sample_bodies_start_and_end_where_the_stories_do(sample_articles, sample_gold):
    assert [len(a.paragraphs) for a in sample_articles] == [10, 7]
    for article, gold in zip(sample_articles, sample_gold["articles"]):
        assert len(article.paragraphs) == gold["paragraphs"]
        assert article.paragraphs[0].startswith(gold["first_paragraph_contains"])
        assert article.paragraphs[-1].rstrip(".").endswith(gold["last_paragraph_contains"])


def test_sample_captions_keep_credit_and_date(sample_articles, sample_gold):
    first, second = sample_articles
    assert [(c.credit, c.date) for c in first.captions] == [("AFP", None)]
    assert [(c.credit, c.date) for c in second.captions] == [("AP Photo/Jehad Alshrafi", "2025-06-21")]
    for article, gold in zip(sample_articles, sample_gold["articles"]):
        (caption,) = gold["captions"]
        assert caption["text_contains"] in article.captions[0].text
    assert not first.captions[0].text.endswith("(AFP)")


def test_sample_bodies_are_clean(sample_articles):
    for article in sample_articles:
        _assert_clean(article)
        assert "TT" not in article.paragraphs
        assert "TT" not in article.text.split("\n")
        assert article.subheads == ()


def test_sample_outlet_is_inferred_from_told_phrases(sample_articles):
    assert [a.outlet for a in sample_articles] == ["Asharq Al-Awsat", "Asharq Al-Awsat"]
    assert {a.source_file for a in sample_articles} == {"asharq-two-articles.txt"}


def test_given_metadata_wins_over_inference(sample_path):
    doc = RawDocument(source=str(sample_path), text=sample_path.read_text(encoding="utf-8"),
                      outlet="Some Outlet", published="2025-06-24T10:00:00Z", url="https://example.org/a")
    articles = segment(doc)
    assert {a.outlet for a in articles} == {"Some Outlet"}
    assert {a.published for a in articles} == {"2025-06-24"}
    assert {a.url for a in articles} == {"https://example.org/a"}
    overridden = segment(doc, outlet="Other", published="June 25, 2025")
    assert {(a.outlet, a.published) for a in overridden} == {("Other", "2025-06-25")}


@pytest.fixture(scope="module")
def example_articles():
    return segment(RawDocument(source=str(EXAMPLE_DUMP), text=EXAMPLE_DUMP.read_text(encoding="utf-8")))


def test_example_dump_splits_into_three_rich_articles(example_articles):
    assert [a.headline for a in example_articles] == [
        "Coast Guard Denies Doravia Seeking Naval Foothold in Port of Castelmar",
        "Shelling Kills 14 at Market in Tessaly Hills, Relief Council Says",
        "Opposition Leader Meets UN Envoy in Orvana as Ceasefire Talks Resume",
    ]
    assert [len(a.paragraphs) for a in example_articles] == [12, 10, 9]
    for article in example_articles:
        _assert_clean(article)
        assert "HL" not in article.paragraphs


def test_example_dump_captions_and_outlet(example_articles):
    assert [[(c.credit, c.date) for c in a.captions] for a in example_articles] == [
        [("AFP", None)], [("AP Photo/Lena Moravec", "2025-03-09")], [("Reuters", None)],
    ]
    assert {a.outlet for a in example_articles} == {"Harbour Ledger"}
    assert {a.source_file for a in example_articles} == {"dump.txt"}
