"""`newsgraph eval stance`: the labelled set's loader and checks, and the scorer, on an invented set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHARED, need_shared
from newsgraph.evaluate.stance import evaluate_stance, format_report
from newsgraph.evaluate.stance_labels import check_labels, half_of, load_set, read_labels

SET = FIXTURES / "stance_set"


def test_half_follows_the_sha1_rule():
    assert half_of("invented-0.txt") == "tune" and half_of("invented-1.txt") == "check"


def test_scores_each_half_for_each_system():
    report = evaluate_stance(SET, SET / "corpus")
    assert (report.items, report.articles) == (6, 2)
    spans_tune, spans_check = report.tallies[("gold spans", "tune")], report.tallies[("gold spans", "check")]
    assert spans_tune.accuracy == 1.0  # ruled out -> deny, called X "a step backwards" -> reject, figures -> report
    assert spans_check.accuracy == pytest.approx(2 / 3)  # the mislabelled accusation is scored wrong
    assert report.tallies[("cue lexicon", "tune")].accuracy == 0.0  # the cue alone says assert three times
    assert report.tallies[("pipeline", "tune")].accuracy == 1.0
    p, r, _, n = spans_check.per_stance("no_comment")
    assert (p, r, n) == (1.0, 1.0, 1)
    assert report.doubles == (2, 1)
    text = format_report(report)
    assert "labelled twice: 2, the two labels agree on 1" in text and "cue lexicon" in text


def test_bad_lines_and_spans_give_one_line_each(tmp_path):
    lines = (SET / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    wrong_sum = json.loads(lines[0]) | {"cue_sha1": "00000000"}
    missing = json.loads(lines[1]) | {"text": "invented-404.txt", "half": half_of("invented-404.txt")}
    past_end = json.loads(lines[2]) | {"content": [10, 99999]}
    bad_stance = json.loads(lines[3]) | {"stance": "denial"}
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (wrong_sum, missing, past_end, bad_stance)) + "\n{oops\n",
                    encoding="utf-8")
    labels, problems = read_labels(path)
    assert len(labels) == 3 and len(problems) == 2
    assert problems[0].startswith(f"{path}:4: unknown stance 'denial'") and problems[1].startswith(f"{path}:5:")
    ok, bad = check_labels(labels, SET / "corpus")
    assert ok == [] and len(bad) == 3
    assert "checksum 00000000 does not match" in bad[0]
    assert "invented-404.txt E2: no such article" in bad[1]
    assert "runs past the end" in bad[2]


def test_the_committed_set_matches_the_corpus():
    """Every committed label points at PolNeAR train text with the checksum it was made on (skips without ../shared)."""
    corpus = need_shared(SHARED / "corpus" / "polnear" / "train")
    labels, second, problems = load_set(ROOT / "eval" / "stance")
    assert problems == [] and len(labels) >= 500
    ok, bad = check_labels(labels, corpus)
    assert bad == [] and len(ok) == len(labels)
    assert {lab.half for lab in ok} == {"tune", "check"}
    assert all(lab.half == half_of(lab.text) for lab in ok)


def test_cli_refuses_a_missing_corpus_with_one_line(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["eval", "stance", str(SET), "--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no PolNeAR 'text' folder" in result.output and len(result.output.strip().splitlines()) == 1
    result = CliRunner().invoke(app, ["eval", "stance", str(SET), "--corpus", str(SET / "corpus"), "--errors", "x"])
    assert result.exit_code == 2 and "--errors: unknown system 'x'" in result.output
    assert Path(SET / "corpus" / "text").is_dir()
