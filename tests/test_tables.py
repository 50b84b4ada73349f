"""The tables analysts count (store.frame, export --table): typed columns, ids that join, and the
GDELT and PLOVER event formats checked against their documented columns and schema."""

from __future__ import annotations

import datetime
import io
import json
import re
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "web"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import web_articles as inv  # noqa: E402
from conftest_store import store_target  # noqa: E402,F401

from newsgraph import options  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.store.eventdata import GDELT_COLUMNS  # noqa: E402
from newsgraph.store.tables import TABLE_NAMES  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs" / "formats.md"


@pytest.fixture
def pd():
    return pytest.importorskip("pandas")  # the [pandas] extra; the test extra installs it


@pytest.fixture
def store(store_target):
    with open_store(store_target) as s:
        s.gazette, s.wire, s.story = inv.build_store(s)  # type: ignore[attr-defined]
        yield s


def test_quotes_frame_has_typed_columns_and_the_resolved_speaker(store, pd):
    q = store.frame("quotes")
    assert len(q) == 8
    assert str(q["published"].dtype).startswith("datetime64") and str(q["said_on"].dtype).startswith("datetime64")
    assert q["anonymous"].dtype == "boolean" and q["start"].dtype == "Int64" and q["stance"].dtype == "string"
    spokesman = q[q["quote_id"] == f"{store.gazette.id}/q2"].iloc[0]
    assert (spokesman["speaker"], spokesman["speaker_resolved"], spokesman["stance"]) == (
        "A spokesman for the Coastal Guard", "Coastal Guard spokesman", "deny")
    assert spokesman["outlet"] == "The Selwyn Gazette" and spokesman["published"] == pd.Timestamp("2031-03-03")
    governor = q[(q["article_id"] == store.wire.id) & (q["attribution_id"] == "q3")].iloc[0]
    assert governor["speaker_canonical_id"] == "person:ada-marrow" and governor["published"] == pd.Timestamp("2031-03-04")
    assert q["anonymous"].sum() == 1


def test_tables_join_on_their_ids(store, pd):
    articles, quotes, events = store.frame("articles"), store.frame("quotes"), store.frame("events")
    entities, mentions = store.frame("entities"), store.frame("mentions")
    contradictions, stories = store.frame("contradictions"), store.frame("stories")
    said = quotes.merge(entities, left_on="speaker_canonical_id", right_on="canonical_id")
    assert set(said["name"]) == {"Ada Marrow", "Tomas Vell", "Lina Osk", "Bram Ketter", "The Selwyn Gazette"}
    marrow = entities[entities["canonical_id"] == "person:ada-marrow"].iloc[0]
    assert (marrow["articles"], marrow["type"], marrow["roles"]) == (2, "PERSON", "Governor")
    pairs = contradictions.merge(quotes, left_on="claim_quote_id", right_on="quote_id").merge(
        quotes, left_on="countered_by_quote_id", right_on="quote_id", suffixes=("_claim", "_counter"))
    assert len(pairs) == len(contradictions) == 2
    assert sorted(zip(pairs["across_articles"], pairs["speaker_resolved_counter"])) == [
        (False, "Coastal Guard spokesman"), (True, "Bram Ketter")]
    assert set(events.merge(articles, on="article_id")["headline_y"]) == {store.gazette.headline, store.wire.headline}
    accuse = events[events["type"] == "ACCUSE"].iloc[0]
    assert (accuse["actor_canonical_id"], accuse["target_canonical_id"]) == ("person:tomas-vell", "person:ada-marrow")
    assert events["lat"].dtype == "float64" and events["negated"].dtype == "boolean"
    assert events["date"].min() == pd.Timestamp("2031-03-02")
    assert set(mentions.merge(entities, on="canonical_id")["name_y"]) >= {"Ada Marrow", "Port Selwyn"}
    assert list(stories.merge(articles, on="article_id")["outlet_x"]) == ["The Selwyn Gazette", "Northern Wire"]
    assert stories["first_published"].iloc[0] == pd.Timestamp("2031-03-03")
    row = articles[articles["article_id"] == store.gazette.id].iloc[0]
    assert (row["quotes"], row["events"], row["entities"], row["authors"]) == (5, 2, 5, "Mira Tolland")
    assert row["published_inferred"] is False or row["published_inferred"] == False  # noqa: E712
    assert row["published_precision"] == "day" and articles["quotes"].dtype == "Int64"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "parquet", "jsonl"])
def test_every_format_reads_back_as_the_frame(store, tmp_path, fmt, pd):
    target = tmp_path / f"quotes.{fmt}"
    assert store.export_table("quotes", fmt, target) == 8
    frame = store.frame("quotes")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pq.read_schema(target)
        assert (schema.field("published").type, schema.field("start").type) == (pa.date32(), pa.int64())
        assert schema.field("anonymous").type == pa.bool_()
        back = pd.read_parquet(target)
        back["published"] = pd.to_datetime(back["published"])
    elif fmt == "jsonl":
        back = pd.read_json(target, lines=True, dtype=False)
        back["published"] = pd.to_datetime(back["published"])
    else:
        back = pd.read_csv(target, sep="\t" if fmt == "tsv" else ",", parse_dates=["published"],
                           keep_default_na=False, na_values=[""])
    assert list(back.columns) == list(frame.columns)
    assert list(back["quote_id"]) == list(frame["quote_id"]) and list(back["text"]) == list(frame["text"])
    assert list(back["published"]) == list(frame["published"])
    assert [bool(v) for v in back["anonymous"]] == [bool(v) for v in frame["anonymous"]]


def test_every_table_exports_and_bad_names_are_refused(store, tmp_path):
    for name in TABLE_NAMES:
        n = store.export_table(name, "csv", tmp_path / f"{name}.csv")
        assert n == len(list(store.table(name)[1])) > 0, name
    with pytest.raises(options.OptionError, match=r"--table 'claims' is not one of: articles, quotes"):
        store.table("claims")
    with pytest.raises(options.OptionError, match="--format 'xlsx' is not one of"):
        store.export_table("quotes", "xlsx", tmp_path / "q.xlsx")
    with pytest.raises(options.OptionError, match="gdelt.* is a format for --table events"):
        store.export_table("quotes", "gdelt", tmp_path / "q.tsv")
    assert not (tmp_path / "q.xlsx").exists() and not (tmp_path / "q.tsv").exists()


def test_frame_without_pandas_names_the_extra(store, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(options.MissingExtra, match=r"pip install 'newsgraph\[pandas\]'"):
        store.frame("quotes")


# --- event formats, checked against docs/formats.md ---------------------------------

FORMATS = {  # the format words the GDELT table of docs/formats.md uses, as patterns
    "key": r"[0-9a-f]{64}/\S+", "YYYYMMDD": r"(\d{8})?", "YYYYMM": r"(\d{6})?", "YYYY": r"(\d{4})?",
    "YYYY.FFFF": r"(\d{4}\.\d{4})?", "text": r"[^\t\n]*", "ISO3": r"([A-Z]{3})?", "ISO2": r"([A-Z]{2})?",
    "sector": r"([A-Z]{3})?", "empty": r"", "0|1": r"[01]", "CAMEO3": r"(\d{3})?", "CAMEO2": r"(\d{2})?",
    "quad": r"[1-4]?", "goldstein": r"(-?\d{1,2}\.\d)?", "count": r"\d+", "geotype": r"[04]",
    "lat": r"(-?\d{1,2}\.\d{4})?", "lon": r"(-?\d{1,3}\.\d{4})?", "YYYYMMDDHHMMSS": r"(\d{14})?", "url": r"\S*",
}


def documented_gdelt_columns() -> list[tuple[str, str]]:
    rows = re.findall(r"^\| (\d+) \| (\w+) \| `([^`]+)` \|", DOCS.read_text(encoding="utf-8"), re.M)
    assert [int(n) for n, _, _ in rows] == list(range(1, 62))
    return [(name, fmt.replace("\\|", "|")) for _, name, fmt in rows]


def test_gdelt_export_has_the_documented_columns(store):
    documented = documented_gdelt_columns()
    assert [name for name, _ in documented] == list(GDELT_COLUMNS)
    buffer = io.StringIO()
    assert store.export_table("events", "gdelt", buffer) == 3
    lines = [line.split("\t") for line in buffer.getvalue().splitlines()]
    for fields in lines:
        assert len(fields) == 61
        for value, (name, fmt) in zip(fields, documented):
            assert re.fullmatch(FORMATS[fmt], value), (name, fmt, value)
    by_id = {f[0]: dict(zip(GDELT_COLUMNS, f)) for f in lines}
    fire = by_id[f"{store.gazette.id}/v1"]
    assert (fire["SQLDATE"], fire["EventRootCode"], fire["EventCode"], fire["QuadClass"]) == ("20310302", "17", "170", "4")
    assert (fire["ActionGeo_FullName"], fire["ActionGeo_Lat"], fire["ActionGeo_Long"]) == ("Port Selwyn", "-33.9000", "18.4000")
    assert (fire["IsRootEvent"], fire["Actor2Name"], fire["GoldsteinScale"]) == ("1", "warehouses", "-7.0")
    accuse = by_id[f"{store.gazette.id}/v2"]
    assert (accuse["IsRootEvent"], accuse["Actor1Name"], accuse["QuadClass"]) == ("0", "Tomas Vell", "3")


def test_plover_records_follow_the_schema(store):
    schema = json.loads(resources.files("newsgraph").joinpath("data", "plover_record.schema.json").read_text())
    assert schema["properties"]["event"]["enum"] == list(options.event_types())
    buffer = io.StringIO()
    assert store.export_table("events", "plover", buffer) == 3
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    for r in records:
        jsonschema.validate(r, schema)
    accuse = next(r for r in records if r["event"] == "ACCUSE")
    assert accuse["source"] == [{"actorText": "Tomas Vell", "code": "", "sector": "", "canonicalId": "person:tomas-vell"}]
    assert accuse["date"] == "2031-03-03" and accuse["publication"] == "The Selwyn Gazette"
    assert accuse["location"] == {"placeName": "Port Selwyn", "country": "XS", "lat": -33.9, "lon": 18.4}


def test_negated_and_hypothetical_events_are_left_out_of_event_data(store_target):
    from newsgraph.model import replace

    gazette = inv.gazette_article()
    v1, v2 = gazette.events
    article = replace(gazette, events=(replace(v1, negated=True), replace(v2, hypothetical=True)))
    with open_store(store_target) as s:
        s.add_articles([article])
        assert s.export_table("events", "gdelt", io.StringIO()) == 0
        assert s.export_table("events", "plover", io.StringIO()) == 0
        assert s.export_table("events", "csv", io.StringIO()) == 2


def test_partial_dates_become_the_first_day_with_a_precision():
    from newsgraph.store.tables import as_date, precision

    assert (as_date("2031-04"), precision("2031-04")) == (datetime.date(2031, 4, 1), "month")
    assert (as_date("2031"), precision("2031")) == (datetime.date(2031, 1, 1), "year")
    assert (as_date("2031-02-30"), precision("2031-02-30")) == (None, None)


def test_quad_class_follows_gdelts_root_code_ranges():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "src/newsgraph/data/events/plover_cameo.tsv"
    rows = [line.split("\t") for line in path.read_text().splitlines() if line and not line.startswith("#")][1:]
    assert len(rows) == 16
    for plover, root, quad, goldstein in rows:
        expected = 1 if int(root) <= 5 else 2 if int(root) <= 8 else 3 if int(root) <= 13 else 4
        assert int(quad) == expected, plover
        assert -10 <= float(goldstein) <= 10
