"""Checking a claim against articles: the library, `newsgraph claim` (TEXT and --pairs), GET /api/claims,
the search box on the contradictions page, and the FNC-1 / Emergent scorers on tiny invented CSVs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.api import analyze
from newsgraph.cli import app
from newsgraph.evaluate import stancesets
from newsgraph.link.claimcheck import check_claim

runner = CliRunner()
CLAIM = "The port authority closed the northern pier of Velmar harbour"

# Invented: two outlets, one story (one reports the closure, one carries the denial), and a decoy.
CLOSURE = ("Velmar harbour pier closed after crane collapse\n\n"
           "The port authority closed the northern pier of Velmar harbour on Monday after a crane collapsed "
           "onto the quay, officials confirmed. Ferries were sent to the southern pier instead.\n\n"
           "\"Nobody was hurt,\" harbour master Piet Lindqvist told reporters.")
DENIAL = ("Port authority says Velmar pier is open\n\n"
          "The port authority denied on Tuesday that it had closed the northern pier of Velmar harbour. "
          "Spokeswoman Lena Voss said the reports of a closure were false.")
DECOY = ("Bakers crowd the Ostend square\n\n"
         "Hundreds of bakers filled the main square of Ostend on Saturday for the annual bread fair, "
         "organisers said. The prize for the best rye loaf went to a family bakery from Gent.")


def body(article: str) -> str:
    """The text without its headline line, as FNC-1 bodies and pairs files give it."""
    return article.split("\n\n", 1)[1]


@pytest.fixture(scope="module")
def articles():
    out = []
    for text, outlet in ((CLOSURE, "Harbour Times"), (DENIAL, "Coast Herald"), (DECOY, "Ostend Daily")):
        out.extend(analyze(text, outlet=outlet, published="2025-04-08").articles)
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory, articles) -> Path:
    from newsgraph.store import open_store

    path = tmp_path_factory.mktemp("claims") / "store.db"
    with open_store(path) as store:
        store.add_articles(articles)
    return path


def test_the_report_agrees_the_denial_disagrees_the_decoy_is_left_out(articles):
    findings = {f.outlet: f for f in check_claim(CLAIM, articles)}
    assert set(findings) == {"Harbour Times", "Coast Herald"}
    assert findings["Harbour Times"].stance == "agree" and findings["Harbour Times"].verdict == "supports"
    denial = findings["Coast Herald"]
    assert denial.stance == "disagree" and denial.verdict == "denies"
    assert any(e.stance == "deny" and e.verdict == "denies" and "port authority" in (e.speaker or "")
               for e in denial.evidence)


def test_evidence_spans_are_offsets_into_the_cleaned_text(articles):
    by_id = {a.id: a for a in articles}
    findings = check_claim(CLAIM, articles)
    assert findings and all(f.evidence for f in findings)
    for f in findings:
        for e in f.evidence:
            assert by_id[f.article_id].text[e.start:e.end] == e.text


def test_claim_command_lists_the_articles_with_their_stance(db):
    result = runner.invoke(app, ["claim", CLAIM, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["claim"] == CLAIM
    assert sorted((f["outlet"], f["verdict"]) for f in data["findings"]) == [
        ("Coast Herald", "denies"), ("Harbour Times", "supports")]
    table = runner.invoke(app, ["claim", CLAIM, "--db", str(db)])
    assert table.exit_code == 0 and "denies" in table.stdout and "Velmar" in table.stdout


def test_claim_command_needs_text_or_pairs_not_both(tmp_path):
    both = runner.invoke(app, ["claim", CLAIM, "--pairs", str(tmp_path / "x.jsonl")])
    neither = runner.invoke(app, ["claim"])
    for result in (both, neither):
        assert result.exit_code == 2
        assert "needs either a claim text or --pairs" in result.stderr and len(result.stderr.splitlines()) == 1


def test_pairs_parses_each_text_once_and_reports_a_bad_line(tmp_path, monkeypatch):
    path = tmp_path / "pairs.jsonl"
    denial, closure = body(DENIAL), body(CLOSURE)
    lines = [{"id": "p1", "claim": CLAIM, "text": denial}, {"id": "p2", "claim": "Bakers won a prize for rye bread",
                                                           "text": denial},
             "{not json", {"id": "p3", "claim": CLAIM, "text": closure}, {"id": "p4", "claim": CLAIM}]
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    analysed: list[int] = []
    real = stancesets.analyse_texts
    monkeypatch.setattr(stancesets, "analyse_texts", lambda texts: analysed.append(len(texts)) or real(texts))
    result = runner.invoke(app, ["claim", "--pairs", str(path)])
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["id"], a["stance"]) for a in answers] == [("p1", "disagree"), ("p2", "unrelated"), ("p3", "agree")]
    assert analysed == [2]  # DENIAL (two claims) and CLOSURE: two texts, one analysis each
    assert answers[1]["evidence"] == [] and any(e["stance"] == "deny" for e in answers[0]["evidence"])
    assert all(denial[e["start"]:e["end"]] == e["text"] for e in answers[0]["evidence"])
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and f"{path}:3: not JSON" in errors[0] and f"{path}:5: no 'text'" in errors[1]


def test_api_claims_and_the_search_box_escape_the_claim(db):
    from newsgraph.web import create_app

    client = TestClient(create_app(str(db), token=None), base_url="http://127.0.0.1")
    r = client.get("/api/claims", params={"text": CLAIM})
    assert r.status_code == 200
    assert sorted(f["verdict"] for f in r.json()["items"]) == ["denies", "supports"]
    assert client.get("/api/claims").status_code == 422
    hostile = '<script>alert("x")</script> northern pier Velmar'
    page = client.get("/contradictions", params={"claim": hostile})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert" in page.text
    assert 'name="claim"' in page.text and "Coast Herald" in page.text


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_fnc1_reader_keeps_the_parity_and_scores_against_the_baseline(tmp_path, articles):
    _write(tmp_path / stancesets.FNC_BODIES, ["Body ID", "articleBody"], [["2", body(DENIAL)], ["4", body(DECOY)], ["3", body(CLOSURE)]])
    _write(tmp_path / stancesets.FNC_STANCES, ["Headline", "Body ID", "Stance"],
           [[CLAIM, "2", "disagree"], [CLAIM, "4", "unrelated"], [CLAIM, "3", "agree"]])
    pairs, texts = stancesets.read_fnc1(tmp_path, "even")
    assert [(p.text_id, p.gold) for p in pairs] == [("2", "disagree"), ("4", "unrelated")] and set(texts) == {"2", "4"}
    assert [p.text_id for p in stancesets.read_fnc1(tmp_path, "odd")[0]] == ["3"]
    report = stancesets.evaluate_fnc1(tmp_path, "all")
    assert report.ours.predicted == ["disagree", "unrelated", "agree"]
    assert report.ours.accuracy() == 1.0 and report.ours.macro_f1() == 0.75  # no discuss pair: its F1 counts 0
    assert report.baseline.predicted == ["discuss", "unrelated", "discuss"]
    text = stancesets.format_report(report)
    assert "accuracy 1.000  macro-F1 0.750" in text and "word-overlap baseline" in text and "FNC weighted score" in text


def test_fnc1_reader_names_a_bad_row(tmp_path):
    _write(tmp_path / stancesets.FNC_BODIES, ["Body ID", "articleBody"], [["2", "x"]])
    _write(tmp_path / stancesets.FNC_STANCES, ["Headline", "Body ID", "Stance"], [["h", "2", "agreee"]])
    with pytest.raises(stancesets.StanceSetError, match=r"competition_test_stances.csv:2: .*'agreee'"):
        stancesets.read_fnc1(tmp_path)
    result = runner.invoke(app, ["eval", "fnc1", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "not found" in result.stderr


def test_scores_per_class_macro_and_fnc_weighted():
    s = stancesets.Scored(("agree", "disagree", "discuss", "unrelated"),
                          ["agree", "agree", "disagree", "unrelated"], ["agree", "discuss", "disagree", "agree"])
    per = s.per_class()
    assert per["agree"] == (0.5, 0.5, 0.5, 2) and per["disagree"][2] == 1.0 and per["discuss"][2] == 0.0
    assert s.macro_f1() == pytest.approx(0.375) and s.accuracy() == 0.5
    # best 1 + 1 + 1 + 0.25; got 1 (agree) + 0.25 (related) + 1 (disagree) + 0
    assert s.fnc_score() == pytest.approx(2.25 / 3.25)


def test_emergent_reads_both_files_and_maps_the_stances(tmp_path):
    header = ["", "claimHeadline", "articleHeadline", "y", "y_hat", "articleId", "claimId"]
    _write(tmp_path / "a-correct.csv", header, [["1", CLAIM, "Port authority denies it closed Velmar pier", "against",
                                                 "for", "x1", "c1"]])
    _write(tmp_path / "a-errors.csv", header, [["2", CLAIM, "Velmar pier reportedly closed, sources claim",
                                                "observing", "for", "x2", "c1"]])
    report = stancesets.evaluate_emergent(tmp_path)
    assert report.pairs == 2 and report.ours.gold == ["against", "observing"]
    assert report.ours.predicted == ["against", "observing"]
    assert report.baseline.predicted == ["observing", "observing"]


def test_the_trainer_refuses_odd_body_ids():
    from newsgraph.evaluate.claimtrain import train_rows

    with pytest.raises(ValueError, match="even Body IDs"):
        train_rows([stancesets.Pair("1", CLAIM, "3", "agree")], {})


def test_the_trainer_cross_validates_by_body_and_writes_the_relay_features(tmp_path):
    pytest.importorskip("sklearn")
    from newsgraph.evaluate import claimtrain

    bakers = "Bakers won a prize for rye bread at the Ostend fair"
    relayed = ("Fishermen said on Monday that the port authority had closed the northern pier of Velmar harbour. "
               "The claim could not be verified.")
    _write(tmp_path / stancesets.FNC_BODIES, ["Body ID", "articleBody"],
           [["2", body(DENIAL)], ["4", body(DECOY)], ["6", body(CLOSURE)], ["8", relayed]])
    _write(tmp_path / stancesets.FNC_STANCES, ["Headline", "Body ID", "Stance"],
           [[CLAIM, "2", "disagree"], [CLAIM, "4", "unrelated"], [CLAIM, "6", "agree"], [CLAIM, "8", "discuss"],
            [bakers, "2", "unrelated"], [bakers, "4", "agree"], [bakers, "6", "unrelated"], [bakers, "8", "unrelated"]])
    pairs, texts = stancesets.read_fnc1(tmp_path, "even")
    scored = claimtrain.cross_validate(pairs, stancesets.analyse_texts(texts), folds=2)
    assert scored.gold == [p.gold for p in pairs] and len(scored.predicted) == 8
    assert scored.per_class()["unrelated"][1] == 1.0  # every pair about something else is left out
    out = tmp_path / "model.tsv"
    result = runner.invoke(app, ["eval", "fnc1-train", str(tmp_path), "--out", str(out), "--cv", "2"])
    assert result.exit_code == 0, result.output
    assert "2-fold cross-validation over even bodies: accuracy" in result.output and "trained on 8 pairs" in result.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[2:]]
    assert {r[2] for r in rows if r[0] == "stance"} >= {"best_stated", "best_attributed", "stated_weight"}
