"""Documents and roles as sources: "the statement" is who issued it, "the president" the person named with
that role, and "according to a statement" does not take over "she told" (invented text)."""

from __future__ import annotations

import pytest

from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.entities import extract_entities
from newsgraph.model import Article


def _found(*paragraphs: str):
    from newsgraph.nlp import get_nlp

    text = "\n\n".join(paragraphs)
    article = Article(id="t", source_file="t", headline=None, text=text, paragraphs=paragraphs)
    doc = get_nlp()(text)
    return extract_attributions(article, doc, extract_entities(article, doc))


def _speaker(found, words: str) -> str | None:
    hit = next(a for a in found if words in a.content.text)
    return hit.speaker.resolved if hit.speaker else None


@pytest.mark.parametrize("paragraphs, words, who", [
    (("The Nevada foreign ministry said in a statement that talks would resume.",
      "The statement said the delegation would travel to Reno on Monday."), "delegation would travel", "Nevada foreign ministry"),
    (("A statement from the Reno port authority was released on Monday.", "\"The quays will reopen,\" the statement said."),
     "quays will reopen", "Reno port authority"),
    (("President Oren Valdar met union leaders in Reno on Monday.", "The president said the strike had to end."),
     "strike had to end", "Oren Valdar"),
    (("Maria Lopez, the governor of Nevada, visited the port on Monday.", "The governor said the ferry plan was dead."),
     "ferry plan was dead", "Maria Lopez"),
    (("The governor of Nevada, Maria Lopez, visited the port.", "The governor said the plan was dead."),
     "plan was dead", "Maria Lopez"),
    (("The Nevada Defence Ministry announced new drills on Monday.", "The ministry said the drills would last a week."),
     "drills would last a week", "Nevada Defence Ministry"),
    (("The ministry said the drills would last a week.", "The Nevada Defence Ministry announced the drills on Monday."),
     "drills would last a week", "Nevada Defence Ministry"),
    (("\"We will not back down,\" the mayor said.", "Mayor Tilda Orvane has led Brenna since 2029."),
     "not back down", "Tilda Orvane"),
])
def test_documents_and_roles_resolve_to_the_named_body_or_person(paragraphs, words, who):
    assert _speaker(_found(*paragraphs), words) == who


def test_a_role_with_two_different_names_after_it_stays_unresolved():
    found = _found("\"We will not back down,\" the mayor said.", "Mayor Maria Lopez later met Mayor John Smith in Reno.")
    assert _speaker(found, "not back down") == "mayor"


def test_according_to_a_statement_does_not_override_she_told():
    found = _found("Port director Maria Lopez spoke to reporters in Reno on Monday.",
                   "\"We will reopen the quays,\" she told reporters, according to a statement released by the port.")
    assert [(a.speaker.resolved, a.cue.text) for a in found] == [("Maria Lopez", "told")]
    assert found[0].via == "a statement released by the port"
