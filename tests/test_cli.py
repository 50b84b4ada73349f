"""The command line, end to end on the sample and on our own invented dump."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.schema import json_schema

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dump.txt"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory, sample_path) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.db"
    code, _, err = run("ingest", sample_path, EXAMPLE, "--db", path)
    assert code == 0, err
    assert "new: 5  duplicate: 0  failed: 0" in err
    return path


def test_analyze_json_follows_the_public_shape(sample_path, sample_gold):
    code, out, _ = run("analyze", sample_path, "--json")
    assert code == 0
    record = json.loads(out)
    jsonschema.validate(record, json_schema())
    assert [a["headline"] for a in record["articles"]] == [g["headline"] for g in sample_gold["articles"]]
    first = record["articles"][0]
    assert first["source_file"] == "asharq-two-articles.txt"
    for q in first["attributions"]:
        assert first["text"][q["content"]["start"]:q["content"]["end"]] == q["content"]["text"]


def test_analyze_jsonl_and_output_file(tmp_path):
    target = tmp_path / "out.jsonl"
    code, _, _ = run("analyze", EXAMPLE, "--jsonl", "-o", target)
    assert code == 0
    lines = target.read_text().splitlines()
    assert len(lines) == 3 and all(json.loads(l)["headline"] for l in lines)


def test_analyze_options_set_date_and_outlet(tmp_path):
    dump = tmp_path / "one.txt"
    dump.write_text("Ferry Service Resumes\n\nThe ferry between Olm and Brisk resumed on Monday, the operator said.\n")
    code, out, _ = run("analyze", dump, "--json", "--published", "2030-02-06", "--outlet", "Olm Courier")
    article = json.loads(out)["articles"][0]
    assert (article["published"], article["published_inferred"], article["outlet"]) == ("2030-02-06", False, "Olm Courier")


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    code, out, err = run("analyze", empty, binary, EXAMPLE, "--json")
    assert code == 1
    assert "empty.txt" in err and "blob.txt" in err
    assert len(json.loads(out)["articles"]) == 3


def test_ingest_is_idempotent(db, sample_path):
    code, _, err = run("ingest", sample_path, "--db", db)
    assert code == 0 and "new: 0  duplicate: 2  failed: 0" in err


def test_search_show_and_export(db, tmp_path, sample_gold):
    code, out, _ = run("search", "weaponization", "--db", db)
    assert code == 0 and sample_gold["articles"][1]["headline"][:20] in out
    code, out, _ = run("export", "--format", "jsonl", "--db", db)
    records = [json.loads(l) for l in out.splitlines()]
    assert len(records) == 5
    first = next(r for r in records if r["headline"] == sample_gold["articles"][0]["headline"])
    code, shown, _ = run("show", first["id"][:10], "--db", db, "--json")
    assert code == 0 and json.loads(shown)["id"] == first["id"]
    code, _, _ = run("show", "nosuchid", "--db", db)
    assert code == 1
    code, out, _ = run("export", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 and "headline" in rows[0]
    target = tmp_path / "all.parquet"
    run("export", "--format", "parquet", "-o", target, "--db", db)
    assert pq.read_table(target).num_rows == 5


def test_quotes_filters(db):
    code, out, _ = run("quotes", "--stance", "deny", "--db", db)
    assert code == 0 and "informed source" in out
    code, out, _ = run("quotes", "--speaker", "Kheetan", "--db", db)
    assert "Al-Kheetan" in out and "410" in out


def test_entities_events_stories_contradictions(db, sample_gold):
    code, out, _ = run("entities", "--type", "PERSON", "--db", db)
    assert code == 0 and "Khalifa Haftar" in out
    code, out, _ = run("entity", "Haftar", "--db", db)
    assert code == 0 and "Khalifa Haftar" in out and "CONSULT" in out
    code, out, _ = run("events", "--type", "ASSAULT", "--db", db)
    assert code == 0 and "ASSAULT" in out and "Israeli" in out
    code, out, _ = run("contradictions", "--db", db)
    assert code == 0 and "Bloomberg" in out
    code, out, _ = run("stories", "--min-articles", "1", "--db", db)
    assert code == 0 and sample_gold["articles"][0]["headline"][:20] in out
