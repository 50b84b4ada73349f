"""The records: immutable, JSON round trip, schema in step with the code."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import jsonschema
import pytest

from newsgraph.model import (
    Actor, Analysis, Article, Attribution, Caption, Contradiction, Entity, Event, Mention, Place,
    Speaker, Span, When,
)
from newsgraph.schema import json_schema


def _invented_article() -> Article:
    text = "Mayor Ilse Varnholt said the bridge would reopen.\n\nThe council denied it."
    return Article(
        id="abc",
        source_file="invented.txt",
        headline="Bridge to Reopen, Mayor Says",
        text=text,
        paragraphs=tuple(text.split("\n\n")),
        captions=(Caption("The old bridge at dusk. (AFP)", "AFP", None),),
        entities=(Entity("e1", "Ilse Varnholt", "PERSON", ("Varnholt",), ("Mayor",), (Mention(6, 19, "Ilse Varnholt"),)),),
        attributions=(
            Attribution(
                id="q1",
                speaker=Speaker("Mayor Ilse Varnholt", 0, 19, "Ilse Varnholt", "e1"),
                cue=Span(20, 24, "said"),
                content=Span(25, 49, "the bridge would reopen."),
                form="indirect",
                stance="assert",
            ),
        ),
        contradictions=(Contradiction("q1", "q2", "denial"),),
        events=(
            Event("v1", "CONSULT", "x", 0, 1, mode="visit", actor=Actor("Ilse Varnholt", "e1", "XXXGOV"),
                  place=Place("Lindau", 47.5, 9.7, "DE"), when=When("on Monday", "2025-06-23", "day")),
        ),
    )


def test_records_are_immutable():
    article = _invented_article()
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.headline = "changed"  # type: ignore[misc]


def test_json_round_trip_is_exact():
    analysis = Analysis("0.1.0", (_invented_article(),))
    data = json.loads(json.dumps(analysis.to_dict()))
    assert Analysis.from_dict(data) == analysis
    assert data["articles"][0]["attributions"][0]["speaker"]["resolved"] == "Ilse Varnholt"


def test_offsets_index_the_text():
    article = _invented_article()
    for a in article.attributions:
        assert article.text[a.content.start : a.content.end] == a.content.text
        assert article.text[a.cue.start : a.cue.end] == a.cue.text
    for start, end in article.paragraph_spans():
        assert article.text[start:end] in article.paragraphs


def test_record_validates_against_the_schema():
    data = Analysis("0.1.0", (_invented_article(),)).to_dict()
    jsonschema.validate(data, json_schema())
    bad = json.loads(json.dumps(data))
    bad["articles"][0]["attributions"][0]["stance"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json_schema())


def test_shipped_schema_file_is_current():
    shipped = json.loads(resources.files("newsgraph").joinpath("data", "analysis.schema.json").read_text())
    assert shipped == json_schema(), "regenerate: python -m newsgraph.schema > src/newsgraph/data/analysis.schema.json"
