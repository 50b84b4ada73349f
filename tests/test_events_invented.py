"""Invented articles (tests/fixtures/events) scored against hand-made gold event readings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.evaluate.gold import contains, evaluate_gold

GOLDS = sorted((Path(__file__).parent / "fixtures" / "events").glob("*.gold.json"))


def test_there_are_invented_event_golds():
    assert len(GOLDS) >= 3


@pytest.fixture(scope="module")
def scored():
    return {path.stem: evaluate_gold(path) for path in GOLDS}


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_invented_gold_events_score_high(path, scored):
    report, _ = scored[path.stem]
    events = report.tallies["events"]
    assert events.right >= 0.85 * events.total, events.misses


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_targets_are_actors_never_things_places_or_self(path, scored):
    _, analysis = scored[path.stem]
    gold = json.loads(path.read_text(encoding="utf-8"))
    not_targets = [w for a in gold["articles"] for w in a.get("not_targets", [])]
    for article in analysis.articles:
        for event in article.events:
            if event.target is None:
                continue
            assert not any(contains(event.target.name, w) for w in not_targets), event
            assert event.actor is None or event.actor.name != event.target.name, event


def test_every_event_keeps_its_offsets(scored):
    for _, analysis in scored.values():
        for article in analysis.articles:
            for event in article.events:
                assert article.text[event.start:event.end] == event.text
