"""newsgraph as a spaCy pipeline component, for people who already parse with their own pipeline.

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("newsgraph")              # found through the ``spacy_factories`` entry point
    doc = nlp(text)
    doc._.attributions, doc._.events       # newsgraph records (model.Attribution, model.Event)
    doc._.newsgraph                        # the whole model.Article: entities, contradictions, ...

The component reads the doc's own tokens, sentences, parse and entities (it needs a parser and
an entity recogniser before it), treats the doc as one article whose paragraphs are separated by
blank lines, and runs the same components as ``newsgraph.analyze``. Offsets in the records are
character offsets into ``doc.text``. ``published`` (config) anchors relative dates when the text
gives none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import PARAGRAPH_SEPARATOR, Article

EXTENSIONS = ("newsgraph", "attributions", "events")


@Language.factory(
    "newsgraph",
    default_config={"published": None, "outlet": None},
    requires=["token.dep", "doc.ents"],
    assigns=[f"doc._.{name}" for name in EXTENSIONS],
)
def make_newsgraph(nlp: Language, name: str, published: str | None, outlet: str | None) -> NewsgraphComponent:
    return NewsgraphComponent(published=published, outlet=outlet)


class NewsgraphComponent:
    """Adds ``doc._.newsgraph`` (an Article), ``doc._.attributions`` and ``doc._.events``."""

    def __init__(self, published: str | None = None, outlet: str | None = None,
                 components: Sequence[str] = ("entities", "published", "attributions", "events")) -> None:
        for ext in EXTENSIONS:
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None if ext == "newsgraph" else ())
        self.published, self.outlet, self.components = published, outlet, tuple(components)

    def __call__(self, doc: Doc) -> Doc:
        from newsgraph.pipeline import COMPONENTS, Parsed
        from newsgraph.segment.article import iso_date

        text = doc.text
        article = Article(id=hashlib.sha256(text.encode("utf-8")).hexdigest(), source_file="<spacy>", headline=None,
                          text=text, paragraphs=tuple(text.split(PARAGRAPH_SEPARATOR)), outlet=self.outlet,
                          published=iso_date(self.published) if self.published else None)
        parsed = Parsed(doc, ())  # no captions: the doc is the whole text
        for component in self.components:
            article = COMPONENTS[component](article, parsed)
        doc._.newsgraph = article
        doc._.attributions = article.attributions
        doc._.events = article.events
        return doc
