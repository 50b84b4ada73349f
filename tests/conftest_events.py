"""Events as the pipeline codes them, on invented text: entities and attributions first, then events.

One helper for the events test modules: ``analysed(text)`` gives the article (with its entities and
attributions) and its events. Import it with ``from conftest_events import analysed``.
"""

from __future__ import annotations

from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.entities import extract_entities
from newsgraph.extract.events import extract_events
from newsgraph.model import Article, Event, replace
from newsgraph.nlp import get_nlp


def analysed(text: str, published: str = "2031-03-14") -> tuple[Article, tuple[Event, ...]]:
    doc = get_nlp()(text)
    article = Article(id="t", source_file="t", headline=None, text=text, paragraphs=(text,), published=published)
    entities = extract_entities(article, doc)
    article = replace(article, entities=entities, attributions=extract_attributions(article, doc, entities))
    return article, tuple(extract_events(article, doc, entities))
