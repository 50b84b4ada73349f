"""The pipeline's process-wide state: one spaCy instance, and parses that leave no strings behind."""

from __future__ import annotations

from newsgraph.model import RawDocument
from newsgraph.nlp import MODEL, get_nlp
from newsgraph.pipeline import Options, analyze_documents


def test_one_model_instance_whatever_the_spelling():
    assert get_nlp() is get_nlp(MODEL) is get_nlp(model=MODEL)


def test_a_batch_leaves_the_vocabulary_as_it_found_it():
    vocabularies = {id(v): v for v in (get_nlp().vocab, get_nlp(MODEL).vocab)}.values()
    warm = "Minister Ada Kerrow said on Monday that talks would go on, the ministry told reporters."
    list(analyze_documents([RawDocument("warm.txt", warm)], Options()))
    before = [len(v.strings) for v in vocabularies]
    # words no English text has: each would stay in the string store if the zone missed the parse
    words = " ".join(f"Zorvathian{i}x" for i in range(200))
    text = f"Qelmarine officials said {words} would be discussed, the Brastovan envoy told reporters."
    articles = list(analyze_documents([RawDocument("new.txt", text)], Options()))
    assert articles and articles[0].attributions  # the text was really analysed
    assert [len(v.strings) for v in vocabularies] == before
