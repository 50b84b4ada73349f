"""Attributions and contradictions on the sample dump, scored against its hand-made gold file."""

from __future__ import annotations

import json

import pytest

from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.contradictions import find_contradictions


@pytest.fixture(scope="module")
def sample_results(sample_articles, sample_gold_path):
    from newsgraph.nlp import get_nlp

    gold = json.loads(sample_gold_path.read_text(encoding="utf-8"))["articles"]
    assert len(sample_articles) == len(gold)
    out = []
    for article, gold_article in zip(sample_articles, gold):
        found = extract_attributions(article, get_nlp()(article.text))
        out.append((article, gold_article, found, find_contradictions(found, article.text)))
    return out


def _pairs(sample_results):
    """(gold attribution, our attribution or None) matched by the gold content substring."""
    for _, gold_article, found, _ in sample_results:
        for g in gold_article["attributions"]:
            hits = [a for a in found if g["content_contains"].lower() in a.content.text.lower()]
            yield g, (hits[0] if hits else None)


def test_every_gold_attribution_is_found(sample_results):
    missing = [g["id"] for g, a in _pairs(sample_results) if a is None]
    assert missing == []


def test_offsets_index_the_article_text(sample_results):
    for article, _, found, _ in sample_results:
        for a in found:
            assert article.text[a.content.start : a.content.end] == a.content.text
            if a.speaker and a.speaker.text:
                assert article.text[a.speaker.start : a.speaker.end] == a.speaker.text


def test_resolved_speakers(sample_results):
    right = sum(1 for g, a in _pairs(sample_results) if a and ((a.speaker and a.speaker.resolved) or None) == g["resolved"])
    assert right >= 18


def test_stance_and_form(sample_results):
    pairs = [(g, a) for g, a in _pairs(sample_results) if a]
    assert sum(a.stance == g["stance"] for g, a in pairs) >= 17
    assert sum(a.form == g["form"] for g, a in pairs) >= 17


def test_speaker_text_cue_and_anonymity(sample_results):
    pairs = [(g, a) for g, a in _pairs(sample_results) if a]
    assert sum(((a.speaker.text if a.speaker else None) == g["speaker"]) for g, a in pairs) >= 17
    assert sum(((a.cue.text if a.cue else None) == g["cue"]) for g, a in pairs) >= 17
    assert all(a.speaker.anonymous == g["anonymous"] for g, a in pairs if a.speaker)
    for g, a in pairs:
        if g.get("affiliation"):
            assert a.speaker.affiliation == g["affiliation"]


def test_channels_and_chains(sample_results):
    pairs = [(g, a) for g, a in _pairs(sample_results) if a]
    channels = [(g["channel"], a.channel) for g, a in pairs if "channel" in g]
    assert len(channels) == 3 and all(x == y for x, y in channels)
    chains = [(g["via"], a.via) for g, a in pairs if "via" in g]
    chains += [(g["nested_source"], a.nested_source) for g, a in pairs if "nested_source" in g]
    assert len(chains) == 4 and all(x == y for x, y in chains)


def test_contradictions(sample_results):
    right = 0
    for _, gold_article, found, contradictions in sample_results:
        ids = {}
        for g in gold_article["attributions"]:
            hits = [a for a in found if g["content_contains"].lower() in a.content.text.lower()]
            if hits:
                ids[g["id"]] = hits[0].id
        ours = {(c.claim, c.countered_by) for c in contradictions}
        right += sum((ids.get(c["claim"]), ids.get(c["countered_by"])) in ours for c in gold_article["contradictions"])
        assert all(c.why for c in contradictions)
    assert right >= 4
