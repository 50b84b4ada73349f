"""Invented articles (tests/fixtures/attribution) scored against hand-made gold readings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.evaluate.gold import contains, evaluate_gold

GOLDS = sorted((Path(__file__).parent / "fixtures" / "attribution").glob("*.gold.json"))


def test_there_are_invented_golds_in_several_styles():
    assert len(GOLDS) >= 4


@pytest.fixture(scope="module")
def scored():
    return {path.stem: evaluate_gold(path) for path in GOLDS}


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_invented_gold_scores_high(path, scored):
    report, _ = scored[path.stem]
    t = report.tallies
    found = t["attributions found"]
    assert found.right >= 0.9 * found.total, found.misses
    for field in ("speaker as written", "speaker resolved", "anonymous", "cue", "stance", "form"):
        assert t[field].right >= 0.9 * t[field].total, (field, t[field].misses)
    assert t["attributions not in gold"].total <= 0.2 * found.total, t["attributions not in gold"].misses
    if "contradictions" in t:
        assert t["contradictions"].right == t["contradictions"].total, t["contradictions"].misses


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_scare_quotes_and_anonymity_requests_are_not_attributions(path, scored):
    _, analysis = scored[path.stem]
    gold = json.loads(path.read_text(encoding="utf-8"))
    for g, article in zip(gold["articles"], analysis.articles):
        for text in g.get("not_attributions_contains", []):
            hits = [a.content.text for a in article.attributions if contains(a.content.text, text)]
            assert not hits, (text, hits)


def test_all_invented_golds_together_reach_the_bar(scored):
    right = total = 0
    for report, _ in scored.values():
        for field in ("attributions found", "speaker resolved", "stance", "cue", "form"):
            right += report.tallies[field].right
            total += report.tallies[field].total
    assert total >= 150 and right >= 0.97 * total
