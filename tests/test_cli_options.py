"""The query commands on a store of invented articles (no NLP): output formats, filters, the store
they read, and one line with exit status 2 for every bad option value — as the HTTP API refuses it."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "web"))

import web_articles as inv  # noqa: E402

from newsgraph.cli import app  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.web.app import create_app  # noqa: E402

runner = CliRunner()


def run(*args: object, env: dict | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-options") / "news.db"
    with open_store(path) as s:
        inv.build_store(s)
    return path


BAD = [
    (("quotes", "--stance", "denial"), "--stance 'denial' is not one of: report, assert, deny, reject, accuse"),
    (("events", "--type", "FOO"), "--type 'FOO' is not one of: AGREE, CONSULT,"),
    (("entities", "--type", "PEOPLE"), "--type 'PEOPLE' is not one of: PERSON, ORG,"),
    (("events", "--since", "yesterday"), "--since 'yesterday' is not a date (give YYYY-MM-DD, YYYY-MM or YYYY)"),
    (("events", "--since", "2019-13-45"), "--since '2019-13-45' is not a date"),
    (("quotes", "--until", "2019-02-30"), "--until '2019-02-30' is not a date"),
    (("search", "fire", "--since", "2031-03-05", "--until", "2031-03-01"), "--until '2031-03-01' is before --since"),
    (("quotes", "--format", "xml"), "--format 'xml' is not one of: table, json, jsonl, csv"),
    (("search", "fire", "--limit", "0"), "--limit '0' must be 1 or more"),
    (("quotes", "--limit", "abc"), "--limit"),
    (("export", "--format", "xml"), "--format 'xml' is not one of: csv, tsv, parquet, jsonl, gdelt, plover"),
    (("export", "--table", "claims"), "--table 'claims' is not one of: articles, quotes, events"),
    (("export", "--table", "quotes", "--format", "plover"), "--format 'plover' is a format for --table events"),
    (("export", "--table", "quotes", "--format", "parquet"), "--format 'parquet' needs -o FILE"),
    (("stories", "--limit", "-1"), "--limit '-1' must be 1 or more"),
    (("analyze", "-", "--json", "--jsonl"), "give --json or --jsonl, not both"),
]


@pytest.mark.parametrize("args, message", BAD)
def test_every_bad_option_is_one_line_and_exit_2(db, args, message):
    code, out, err = run(*args, *(() if args[0] == "analyze" else ("--db", db)))
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error ") and message in err, err
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("db_value, message", [
    ("mysql://localhost/news", "--db 'mysql://localhost/news' is not a store"),
    ("postgresql://", "--db 'postgresql://' has no host or database"),
])
def test_a_bad_store_url_is_one_line(db_value, message):
    code, _, err = run("quotes", "--db", db_value)
    assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith(f"error {message}")


def test_a_missing_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    code, _, err = run("quotes", "--db", "postgresql://user@localhost/news")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "needs psycopg, which is not installed: pip install 'newsgraph[postgres]'" in err


def test_the_api_refuses_the_same_values(db):
    with open_store(db) as store:
        client = TestClient(create_app(store), base_url="http://127.0.0.1")
        for params, name in (({"type": "FOO"}, "type"), ({"since": "2019-02-30"}, "since"),
                             ({"until": "yesterday"}, "until")):
            response = client.get("/api/events", params=params)
            assert response.status_code == 422 and name in response.text, (params, response.text)
        assert "is not one of: AGREE" in client.get("/api/events", params={"type": "FOO"}).text
        assert client.get("/api/attributions", params={"stance": "denial"}).status_code == 422
        assert client.get("/api/events", params={"type": "accuse"}).json()["items"][0]["type"] == "ACCUSE"


def test_reading_a_store_that_does_not_exist_is_an_error_not_a_new_file(tmp_path):
    missing = tmp_path / "nonexist.db"
    for args in (("search", "fire"), ("quotes",), ("events",), ("entities",), ("export", "--format", "csv"),
                 ("relink",), ("show", "abcdef1234"), ("stories",), ("contradictions",), ("entity", "Marrow")):
        code, _, err = run(*args, "--db", missing)
        assert code == 2, (args, err)
        assert err.strip() == f"error store {missing} does not exist (ingest into it first, or give --db)"
    assert not missing.exists()


def test_the_default_store_is_named_on_the_first_line(db):
    code, out, err = run("quotes", "--limit", "1", env={"NEWSGRAPH_DB": str(db)})
    assert code == 0 and err.splitlines()[0] == f"store: {db} ($NEWSGRAPH_DB; --db picks another)"
    code, _, err = run("quotes", "--limit", "1", "--db", db)
    assert code == 0 and err == ""  # named explicitly: nothing to say


def test_quotes_table_shows_who_the_speaker_is_the_outlet_and_date(db):
    code, out, _ = run("quotes", "--stance", "deny", "--db", db)
    assert code == 0
    assert "Coastal Guard spokesman (A spokesman for the" in out  # who it is, then the words of the text
    assert "The Selwyn Gazette" in out and "2031-03-03" in out


def test_query_formats_carry_the_same_records(db):
    code, out, _ = run("quotes", "--format", "json", "--db", db)
    records = json.loads(out)
    assert len(records) == 8 and {r["outlet"] for r in records} == {"The Selwyn Gazette", "Northern Wire"}
    code, out, _ = run("quotes", "--format", "jsonl", "--db", db)
    assert [json.loads(line) for line in out.splitlines()] == records
    code, out, _ = run("quotes", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["content"] for r in rows] == [r["content"] for r in records] and rows[3]["anonymous"] == "true"
    code, out, _ = run("entities", "--format", "csv", "--db", db)
    marrow = next(r for r in csv.DictReader(io.StringIO(out)) if r["canonical_id"] == "person:ada-marrow")
    assert (marrow["articles"], marrow["roles"]) == ("2", "Governor")
    code, out, _ = run("search", "warehouses", "--format", "json", "--db", db)
    assert {h["outlet"] for h in json.loads(out)} == {"The Selwyn Gazette", "Northern Wire"}
    code, out, _ = run("events", "--format", "jsonl", "--db", db)
    assert {json.loads(line)["type"] for line in out.splitlines()} == {"COERCE", "ACCUSE", "RETREAT"}


@pytest.mark.parametrize("args, expected", [
    (("quotes", "--outlet", "northern wire"), 3),
    (("quotes", "--since", "2031-03-04"), 3),
    (("quotes", "--until", "2031-03-03"), 5),
    (("quotes", "--limit", "2"), 2),
    (("events", "--outlet", "Northern Wire"), 1),
    (("events", "--until", "2031-03-02"), 1),
    (("search", "harbour", "--outlet", "The Selwyn Gazette"), 1),
    (("search", "harbour", "--since", "2031-03-04"), 1),
    (("entities", "--since", "2031-03-04"), 4),
    (("entities", "--outlet", "The Selwyn Gazette", "--type", "person"), 3),
])
def test_since_until_outlet_and_limit(db, args, expected):
    code, out, err = run(*args, "--format", "json", "--db", db)
    assert code == 0, err
    assert len(json.loads(out)) == expected


def test_entities_in_a_range_are_counted_over_it(db):
    code, out, _ = run("entities", "Marrow", "--since", "2031-03-04", "--format", "json", "--db", db)
    (marrow,) = json.loads(out)
    assert (marrow["canonical_id"], marrow["articles"]) == ("person:ada-marrow", 1)


def test_export_tables_from_the_command_line(db, tmp_path):
    code, out, err = run("export", "--table", "quotes", "--format", "tsv", "--db", db)
    assert code == 0 and err.strip() == "exported 8 rows of quotes"
    header = out.splitlines()[0].split("\t")
    assert header[:4] == ["quote_id", "article_id", "attribution_id", "speaker"] and len(out.splitlines()) == 9
    code, out, err = run("export", "--format", "gdelt", "--db", db)
    assert code == 0 and len(out.splitlines()) == 3 and all(len(l.split("\t")) == 61 for l in out.splitlines())
    code, _, _ = run("export", "--table", "events", "--format", "parquet", "-o", tmp_path / "ev.parquet", "--db", db)
    import pyarrow.parquet as pq

    assert code == 0 and str(pq.read_schema(tmp_path / "ev.parquet").field("date").type) == "date32[day]"
