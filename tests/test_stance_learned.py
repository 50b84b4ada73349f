"""The learned stance model: features, the numpy decision, the hook in decide_stance, and
``newsgraph train stance`` on a tiny invented labelled set (no PolNeAR text)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from newsgraph.evaluate.stance_labels import half_of  # noqa: E402
from newsgraph.extract.attribution import stance_learned  # noqa: E402
from newsgraph.extract.attribution.stance_learned import StanceModel, features, load_model, use  # noqa: E402

# (source, cue, content, stance): "smelled of kelp" is our invented dismissal, which no rule knows
_ITEMS = [
    ("Maria Lopez", "said", "the harbour plan smelled of kelp", "reject"),
    ("The mayor", "said", "the new bridge opens in May", "report"),
    ("Officials", "denied", "that the fund was empty", "deny"),
    ("Tom Reed", "said", "we should build more homes", "assert"),
    ("Ana Diaz", "said", "the tax proposal smelled of kelp", "reject"),
]


def _corpus(tmp: Path, articles: int = 5) -> tuple[Path, Path]:
    corpus, labels = tmp / "corpus", tmp / "labels"
    (corpus / "text").mkdir(parents=True)
    labels.mkdir()
    rows, names = [], [f"invented-{i}.txt" for i in range(40) if half_of(f"invented-{i}.txt") == "tune"][:articles]
    for k, name in enumerate(names):
        text, spans = "", []
        for j, (source, cue, content, stance) in enumerate(_ITEMS[k % 2:] + _ITEMS[:k % 2]):
            start = len(text)
            text += f"{source} {cue} {content}. "
            s_end = start + len(source)
            spans.append((stance, (start, s_end), (s_end + 1, s_end + 1 + len(cue)),
                          (s_end + 2 + len(cue), s_end + 2 + len(cue) + len(content)), f"E{j + 1}"))
        (corpus / "text" / name).write_text(text, encoding="utf-8")
        for stance, src, cue, content, rel in spans:
            rows.append({"text": name, "ann": name.replace(".txt", "_x.ann"), "relation": rel, "cue": list(cue),
                         "content": list(content), "source": list(src), "stance": stance, "half": "tune",
                         "labeller": "T", "note": "invented",
                         "cue_sha1": hashlib.sha1(text[slice(*cue)].encode("utf-8")).hexdigest()[:8]})
    (labels / "labels.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return corpus, labels


def _stance(text: str, cue: tuple[int, int], content: tuple[int, int]) -> str:
    from newsgraph.extract.attribution.stance_read import stance_for_spans
    from newsgraph.nlp import get_nlp

    return stance_for_spans(get_nlp()(text), cue, content)


def test_features_read_every_signal_and_the_rule():
    from newsgraph.extract.attribution.stance_read import Signals

    sig = Signals(lemma="say", phrasal="deny", words=frozenset({"not", "true"}), text="it is not true",
                  charge=True, lemmas=frozenset({"be"}))
    keys = features(None, "it is not true", "assert", content_negated=True, signals=sig)
    assert {"rule=assert", "cue=None", "content_negated", "lemma=say", "phrasal=deny", "sig:charge",
            "sig:charge|rule=assert", "w:true", "b:not true", "lemmas:be"} <= set(keys)
    assert "sig:impersonal" not in keys  # a false flag adds nothing


def test_model_decides_by_threshold_and_round_trips(tmp_path):
    weights = np.zeros((stance_learned.DIM, 2), dtype="float32")
    weights[stance_learned.bucket_ids(["w:kelp"])[0]] = [0.0, 3.0]
    model = StanceModel(("assert", "reject"), weights, np.zeros(2), "hybrid", 0.9, True)
    assert model.proba(["w:kelp"])[1] == pytest.approx(np.exp(3) / (1 + np.exp(3)))
    assert model.decide("assert", ["w:kelp"]) == "reject"  # p .95 >= .9
    assert model.decide("report", ["w:other"]) == "report"  # p .5 < .9: the rule stands
    assert dataclasses.replace(model, mode="alone").decide("report", ["w:other"]) == "assert"
    model.save(tmp_path / "w.npz")
    back = load_model(tmp_path / "w.npz")
    assert back.classes == model.classes and back.mode == "hybrid" and back.threshold == 0.9 and back.enabled
    assert back.decide("assert", ["w:kelp"]) == "reject"


def test_train_stance_learns_an_invented_dismissal(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    corpus, labels = _corpus(tmp_path)
    out = tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "stance", str(labels), "--corpus", str(corpus), "--out", str(out),
                                      "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "25 tune rows" in result.output
    assert list((tmp_path / "cache").glob("parses-*.spacy"))
    model = dataclasses.replace(load_model(out / "weights.npz"), mode="alone")
    assert not model.enabled and set(model.classes) == {"reject", "report", "deny", "assert"}
    text = "Ann Berg said the school budget smelled of kelp."
    cue, content = (9, 13), (14, 48)
    with use(None):
        assert _stance(text, cue, content) != "reject"  # the rules do not know it
    with use(model):
        assert _stance(text, cue, content) == "reject"
    assert "5-fold CV by article" in (out / "training.txt").read_text()


def test_train_stance_names_a_bad_corpus(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    _, labels = _corpus(tmp_path, articles=1)
    result = CliRunner().invoke(app, ["train", "stance", str(labels), "--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "--corpus" in result.output and "no text/ folder" in result.output


def test_train_stance_ships_at_a_chosen_threshold(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    corpus, labels = _corpus(tmp_path)
    out = tmp_path / "model"
    args = ["train", "stance", str(labels), "--corpus", str(corpus), "--out", str(out), "--enabled"]
    result = CliRunner().invoke(app, [*args, "--threshold", "0.9"])
    assert result.exit_code == 0, result.output
    model = load_model(out / "weights.npz")
    assert model.enabled and model.mode == "hybrid" and model.threshold == 0.9
    assert "'threshold': 0.9" in (out / "training.txt").read_text().splitlines()[-1]
    bad = CliRunner().invoke(app, [*args, "--threshold", "0.75"])
    assert bad.exit_code != 0 and "--threshold" in bad.output and "not on the grid" in bad.output


def test_the_shipped_model_is_off_unless_switched_on(monkeypatch):
    model = stance_learned.shipped()
    assert model is not None and not model.enabled and model.mode == "hybrid" and model.threshold == 0.8
    monkeypatch.delenv("NEWSGRAPH_STANCE_MODEL", raising=False)
    assert stance_learned.active() is None
    monkeypatch.setenv("NEWSGRAPH_STANCE_MODEL", "on")
    assert stance_learned.active() is model
    monkeypatch.setenv("NEWSGRAPH_STANCE_MODEL", "off")
    assert stance_learned.active() is None
