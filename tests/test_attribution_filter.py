"""The learned draft filter: the candidates the tagger proposes, their feature rows, which are kept
(threshold, overlap, shared cue), its weights file, and its training labels. Invented text, fake
tags (the network is not run)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsgraph.extract.attribution import draft_filter, tagger
from newsgraph.extract.attribution.draft_filter import FEATURES, DraftFilter, candidates, choose, features
from newsgraph.extract.attribution.drafts import Draft
from newsgraph.extract.attribution.lexicon import lexicon
from newsgraph.extract.attribution.tagger import TAGS
from tests.test_attribution import _extract, _with

TEXT = "Orla Venkman grumbled that the ferry to Brenna was late again."


def _doc(text):
    from newsgraph.nlp import get_nlp

    return get_nlp()(text)


def _tags(doc, labels):
    return [labels.get(t.text, "O") for t in doc]


def _probs(tags):
    probs = np.zeros((len(tags), len(TAGS)), dtype="float32")
    for i, t in enumerate(tags):
        probs[i, TAGS.index(t)] = 0.8
        probs[i, 0] += 0.2
    return probs


def _stump(name, low, high, threshold=0.5):
    """A one-tree filter: ``low`` when feature ``name`` is 0, ``high`` when it is 1 (log odds)."""
    return DraftFilter(FEATURES, feature=np.array([FEATURES.index(name), 0, 0]), split=np.array([0.5, 0, 0]),
                       left=np.array([1, -1, -1]), right=np.array([2, -1, -1]), value=np.array([0.0, low, high]),
                       roots=np.array([0]), depth=1, baseline=0.0, threshold=threshold)


def test_a_tagged_cue_gives_a_parse_reading_and_a_tagged_alternative():
    doc = _doc(TEXT)
    labels = {"grumbled": "B-CUE", "the": "B-CONTENT", "ferry": "I-CONTENT", "to": "I-CONTENT", "Brenna": "I-CONTENT"}
    cands = candidates(doc, TEXT, [], _tags(doc, labels), lexicon())
    got = {(c.origin, TEXT[slice(*c.draft.content)]) for c in cands}
    assert got == {("cue_parse", "that the ferry to Brenna was late again"), ("cue_tagged", "the ferry to Brenna")}
    assert all(c.draft.cue_token.text == "grumbled" and doc[c.draft.speaker[0]:c.draft.speaker[1]].text == "Orla Venkman"
               for c in cands)


def test_tagged_content_without_a_cue_takes_the_verb_it_hangs_on_and_its_subject():
    text = "Voting rights advocates have expressed deep concern about the new voter roll policy."
    doc = _doc(text)
    labels = {w: "I-CONTENT" for w in ("new", "voter", "roll", "policy")}
    labels["the"] = "B-CONTENT"
    (cand,) = candidates(doc, text, [], _tags(doc, labels), lexicon())
    assert cand.origin == "content" and text[slice(*cand.draft.content)] == "the new voter roll policy"
    assert cand.draft.cue_token.text == "expressed"
    assert doc[cand.draft.speaker[0]:cand.draft.speaker[1]].text == "Voting rights advocates"


def test_a_statement_without_a_speaker_of_its_own_may_take_the_rule_speaker_before_or_after_it():
    """A tagged content the parse gives no speaker ("he added" style, a cue-less continuation) gets a
    copy with the speaker of the rule draft before it and one with the speaker of the draft after it."""
    text = ("Orla Venkman said the ferry to Brenna was late again. The harbour had failed the islanders for years. "
            "Ada Trask blamed the storms.")
    doc = _doc(text)
    before = Draft(content=(text.index("the ferry"), text.index(" again") + 6), cue_token=doc[2],
                   cue_span=(13, 17), speaker=(0, 2, doc[1]))
    after = Draft(content=(text.index("the storms"), len(text) - 1), cue_token=doc[22],
                  cue_span=(text.index("blamed"), text.index("blamed") + 6), speaker=(20, 22, doc[21]))
    tags = ["B-CONTENT" if i == 11 else "I-CONTENT" if 11 < i < 19 else "O" for i in range(len(doc))]
    cands = candidates(doc, text, [before, after], tags, lexicon())
    got = {(c.speaker_by, doc[c.draft.speaker[0]:c.draft.speaker[1]].text if c.draft.speaker else None) for c in cands}
    assert got == {("none", None), ("previous", "Orla Venkman"), ("next", "Ada Trask")}
    assert {text[slice(*c.draft.content)] for c in cands} == {"The harbour had failed the islanders for years"}
    only_before = Draft(content=before.content, cue_token=doc[2], cue_span=(13, 17), speaker=(0, 2, doc[1]))
    assert {c.speaker_by for c in candidates(doc, text, [only_before], tags, lexicon())} == {"none", "previous"}
    tags[11:13] = ["B-SOURCE", "I-SOURCE"]  # a tagged source beside it: the speakerless copy stays too
    tags[13] = "B-CONTENT"
    got = {(c.speaker_by, doc[c.draft.speaker[0]:c.draft.speaker[1]].text if c.draft.speaker else None)
           for c in candidates(doc, text, [only_before], tags, lexicon())}
    assert got == {("none", None), ("tagger", "The harbour"), ("previous", "Orla Venkman")}


def test_rule_speakers_follow_a_continuation_to_the_draft_it_continues():
    from newsgraph.extract.attribution.speakers import rule_speakers

    doc = _doc(TEXT)
    said = Draft(content=(TEXT.index("that"), len(TEXT) - 1), cue_token=doc[2], speaker=(0, 2, doc[1]))
    more = Draft(content=(TEXT.index("ferry"), len(TEXT) - 1), continues=said)
    nobody = Draft(content=(0, 5))
    assert rule_speakers([more, nobody, said]) == [(2, (0, 2, doc[1])), (5, (0, 2, doc[1]))]


def test_a_tagged_cue_on_a_rule_cue_is_the_rules_to_read():
    text = "Orla Venkman said the ferry to Brenna was late again."
    doc = _doc(text)
    rule = Draft(content=(text.index("the ferry"), len(text) - 1), cue_span=(13, 17))
    assert candidates(doc, text, [rule], _tags(doc, {"said": "B-CUE"}), lexicon()) == []


def test_feature_rows_hold_origin_length_probabilities_and_overlap():
    doc = _doc(TEXT)
    labels = {"grumbled": "B-CUE", "the": "B-CONTENT", "ferry": "I-CONTENT", "to": "I-CONTENT", "Brenna": "I-CONTENT"}
    tags = _tags(doc, labels)
    cands = candidates(doc, TEXT, [], tags, lexicon())
    rule = Draft(content=(TEXT.index("the ferry"), TEXT.index("Brenna") + 6))  # the tagged alternative's words
    rows = features(doc, TEXT, cands, [rule], _probs(tags), np.zeros(len(doc), bool), lexicon())
    col = {n: k for k, n in enumerate(FEATURES)}
    parse, alt = (rows[k] for k in sorted(range(2), key=lambda k: cands[k].origin))
    assert parse[col["origin=cue_parse"]] == 1 and parse[col["origin=cue_tagged"]] == 0
    assert alt[col["words_log"]] == math.log1p(4) and parse[col["words_log"]] == math.log1p(8)
    assert alt[col["p_cue"]] == np.float32(0.8) and alt[col["p_content"]] == np.float32(0.8)
    assert alt[col["rule_overlap"]] == 1.0 and 0.5 < parse[col["rule_overlap"]] < 1.0
    assert parse[col["cue_dep=ROOT"]] == 1 and parse[col["cue_known"]] == 0 and parse[col["speaker_ent=PERSON"]] == 1


def test_choose_keeps_the_best_and_drops_overlaps_shared_cues_and_low_scores():
    a = Draft(content=(0, 40), cue_span=(50, 55))
    b = Draft(content=(2, 40), cue_span=(60, 65))  # overlaps a
    c = Draft(content=(100, 140), cue_span=(50, 55))  # a's cue
    d = Draft(content=(200, 240), cue_span=(70, 75))
    e = Draft(content=(300, 340))
    rule = Draft(content=(290, 330))  # e overlaps a rule draft
    assert choose([a, b, c, d, e], np.array([0.7, 0.9, 0.8, 0.6, 0.95]), [rule], 0.5) == [b, c, d]
    assert choose([a, b, c, d, e], np.array([0.7, 0.9, 0.8, 0.6, 0.95]), [rule], 0.65) == [b, c]


def test_trees_score_round_trip_and_refuse_another_feature_set(tmp_path):
    # two trees: origin=cue_parse (+2 / -1), then words_lt3 (-3 / +0.5)
    flt = DraftFilter(FEATURES, feature=np.array([FEATURES.index("origin=cue_parse"), 0, 0, FEATURES.index("words_lt3"), 0, 0]),
                      split=np.array([0.5, 0, 0, 0.5, 0, 0]), left=np.array([1, -1, -1, 4, -1, -1]),
                      right=np.array([2, -1, -1, 5, -1, -1]), value=np.array([0, -1.0, 2.0, 0, 0.5, -3.0]),
                      roots=np.array([0, 3]), depth=1, baseline=0.25, threshold=0.5)
    draft_filter.save(tmp_path / "f.npz", flt)
    back = draft_filter.from_arrays(dict(np.load(tmp_path / "f.npz")))
    rows = np.zeros((3, len(FEATURES)))
    rows[0, FEATURES.index("origin=cue_parse")] = 1
    rows[1, FEATURES.index("words_lt3")] = 1
    logistic = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    assert back is not None and back.threshold == 0.5
    assert np.allclose(back.scores(rows), [logistic(2.75), logistic(-3.75), logistic(-0.25)])
    data = dict(np.load(tmp_path / "f.npz"))
    data["names"] = data["names"][:-1]
    assert draft_filter.from_arrays(data) is None


def test_the_filter_decides_which_tagged_drafts_join_the_rules(monkeypatch):
    fake = tagger.TaggerModel(deps=(), width=96, net=None)

    def fake_probs(doc, lex, quoted, model, *args, **kwargs):
        tags = _tags(doc, {"grumbled": "B-CUE"})
        return tags, _probs(tags)

    monkeypatch.setattr(draft_filter, "tag_probabilities", fake_probs)
    with tagger.use(fake), draft_filter.use(_stump("origin=cue_parse", -3.0, 2.0)):
        found = _with(_extract(TEXT), "ferry to Brenna")
    assert found.cue.text == "grumbled" and found.speaker.text == "Orla Venkman"
    assert found.content.text == "that the ferry to Brenna was late again"
    low = _stump("origin=cue_parse", -3.0, 0.2, threshold=0.6)  # scores .55: under .6
    with tagger.use(fake), draft_filter.use(low):
        assert not _extract(TEXT)
    with tagger.use(fake), draft_filter.use(None), draft_filter.recording() as rec:
        assert not _extract(TEXT)  # recording without a filter: the rules alone
    assert len(rec) == 1 and rec[0][0].shape == (1, len(FEATURES))


def test_training_labels_follow_the_scorer():
    from newsgraph.evaluate.polnear import Found
    from newsgraph.training.attribution_filter import _labels

    text = "Orla Venkman said the ferry to Brenna was late again. Ada Trask said rain fell."
    gold = [Found(((18, 52),), ((0, 12),)), Found(((69, 78),), ((54, 63),))]
    items = [Found(((14, 52),), ((0, 12),)), Found(((69, 78),), ((0, 12),)), Found(((0, 12),))]
    match, source = _labels(gold, items, text)
    assert match.tolist() == [True, True, False] and source.tolist() == [True, False, False]


def test_fit_flattens_the_boosted_trees_exactly():
    pytest.importorskip("sklearn")
    from newsgraph.training.attribution_filter import fit

    rng = np.random.default_rng(0)
    rows = rng.random((400, len(FEATURES)))
    k, j = FEATURES.index("p_content"), FEATURES.index("speaker")
    label = (rows[:, k] > 0.6) & (rows[:, j] > 0.3)
    flt = fit([dict(rows=rows[:200], source=label[:200]), dict(rows=rows[200:], source=label[200:])], "source", 20, 4)
    assert len(flt.roots) == 20 and flt.depth <= 3  # four leaves: at most three levels
    assert ((flt.scores(rows) >= 0.5) == label).mean() > 0.95  # (fit itself checks the flattening against sklearn)
