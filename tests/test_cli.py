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


def test_option_errors_are_one_line_naming_the_option(tmp_path):
    for args, option in ((("--batch-size", "0"), "--batch-size"), (("--batch-size", "-3"), "--batch-size"),
                         (("--published", "garbage"), "--published"), (("--published", "2025-13-45"), "--published")):
        code, _, err = run("ingest", EXAMPLE, "--db", tmp_path / "x.db", *args)
        assert code == 2 and len(err.strip().splitlines()) == 1 and option in err, (args, err)
    code, _, err = run("analyze", EXAMPLE, "--published", "garbage")
    assert code == 2
    assert err.strip() == "error --published 'garbage' is not a date (give YYYY-MM-DD, YYYY-MM or YYYY)"
    assert not (tmp_path / "x.db").exists()  # refused before the store was opened


def test_silent_drops_each_give_a_line_and_count(tmp_path):
    furniture = tmp_path / "furniture.txt"
    furniture.write_text("Advertisement\n\nShare this article\n\nAdvertisement\n", encoding="utf-8")
    short = tmp_path / "short.jsonl"
    short.write_text('{"text": "Hi there"}\n', encoding="utf-8")
    page = tmp_path / "fragments.html"
    page.write_text("<!DOCTYPE html><html><head><title>Ferry news</title></head><body><article><h1>Ferry news</h1>"
                    "<p>By Jane Doe</p><p>Advertisement</p></article></body></html>", encoding="utf-8")
    code, _, err = run("ingest", furniture, short, page, EXAMPLE, "--db", tmp_path / "x.db")
    assert code == 1
    assert f"{furniture}: no article text left" in err and f"{short}:1: no article text left" in err
    assert f"{page}: a headline but no body text" in err
    assert "new: 3  duplicate: 0  failed: 3" in err


def test_input_derived_strings_reach_the_terminal_escaped(tmp_path):
    evil = tmp_path / "evil\x1b[31mred\nerror forged.txt"
    evil.write_bytes(b"")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"title": "Quay \u202eriver", "text": (
        "The Brennick ferry resumed service on Tuesday. \"We are back \u202eon the water,\" "
        "said Captain Ilse Marrow of the Brennick Line.")}) + "\n", encoding="utf-8")
    code, out, err = run("analyze", evil, feed)
    assert code == 1
    assert err.count("\n") == 1 and "evil\\x1b[31mred\\nerror forged.txt: empty file" in err
    assert "\x1b" not in out + err and "\u202e" not in out and "Quay \\u202eriver" in out
    code, out, _ = run("analyze", feed, "--json")
    assert "\u202e" not in out and json.loads(out)["articles"][0]["headline"] == "Quay \u202eriver"
    db = tmp_path / "x.db"
    assert run("ingest", feed, "--db", db)[0] == 0
    code, out, _ = run("quotes", "--db", db)
    assert code == 0 and "\u202e" not in out and "\\u202eon the water" in out
