"""The HTTP API over an invented store: every endpoint, filters, pagination, errors, the ingest token rule."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "web"))

import web_articles as inv  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402

from newsgraph.store import open_store  # noqa: E402
from newsgraph.web import create_app, serve  # noqa: E402
from newsgraph.web.app import CONTENT_SECURITY_POLICY, DEFAULT_HOST  # noqa: E402

TOKEN = "test-token-4c1f"
LOCAL = "http://127.0.0.1"  # the Host header must be one the server answers for


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("web") / "web.db") as s:
        gazette, wire, story = inv.build_store(s)
        s.gazette, s.wire, s.story = gazette, wire, story  # type: ignore[attr-defined]
        yield s


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, token=TOKEN), base_url=LOCAL)


def ids(items, key="article_id"):
    return [i[key] for i in items]


def test_articles_newest_first_with_counts(client, store):
    body = client.get("/api/articles").json()
    assert ids(body["items"]) == [store.wire.id, store.gazette.id]
    assert body["next_cursor"] is None
    first = body["items"][1]
    assert first["headline"] == "Fire closes Port Selwyn harbour"
    assert (first["attributions"], first["events"]) == (5, 2)


def test_articles_cursor_pagination_walks_everything_once(client, store):
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/articles", params=params).json()
        seen += ids(body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [store.wire.id, store.gazette.id]


@pytest.mark.parametrize("params, expected", [
    ({"q": "warnings"}, ["gazette"]),
    ({"q": "wiring"}, ["wire"]),
    ({"outlet": "Northern Wire"}, ["wire"]),
    ({"since": "2031-03-04"}, ["wire"]),
    ({"until": "2031-03-03"}, ["gazette"]),
    ({"entity": "person:bram-ketter"}, ["wire"]),
    ({"entity": "Ada Marrow"}, ["wire", "gazette"]),
])
def test_article_filters(client, store, params, expected):
    items = client.get("/api/articles", params=params).json()["items"]
    assert ids(items) == [getattr(store, name).id for name in expected]


def test_full_text_query_returns_marked_snippet(client):
    items = client.get("/api/articles", params={"q": "warnings"}).json()["items"]
    assert "\u00abwarning" in items[0]["snippet"]
    hits = client.get("/api/search", params={"q": "wiring"}).json()["items"]
    assert [h["headline"] for h in hits] == ["Port Selwyn harbour reopens after warehouse fire"]


def test_one_article_is_its_full_record(client, store):
    assert client.get(f"/api/articles/{store.gazette.id}").json() == store.gazette.to_dict()
    assert client.get(f"/api/articles/{store.gazette.id[:8]}").json()["id"] == store.gazette.id


def test_unknown_ids_are_json_404_with_the_id(client):
    for path in ("/api/articles/ffffffffffff", "/api/entities/person:nobody", "/api/stories/s-nothing"):
        r = client.get(path)
        assert r.status_code == 404
        assert r.headers["content-type"].startswith("application/json")
        assert path.rsplit("/", 1)[1] in r.json()["error"]


def test_entities_and_profile(client):
    items = client.get("/api/entities").json()["items"]
    names = [e["name"] for e in items]
    assert {"Ada Marrow", "Port Selwyn", "Bram Ketter"} <= set(names)
    assert items[0]["articles"] == 2
    people = client.get("/api/entities", params={"type": "PERSON"}).json()["items"]
    assert {e["type"] for e in people} == {"PERSON"}
    profile = client.get("/api/entities/person:ada-marrow").json()
    assert profile["entity"]["name"] == "Ada Marrow"
    assert {(q["stance"], q["content"][:20]) for q in profile["said"]} == {
        ("accuse", "the blaze had been s"), ("no_comment", "on the commander's s")}
    assert [e["type"] for e in profile["events"]] == ["ACCUSE"]


@pytest.mark.parametrize("params, expected", [
    ({"speaker": "Tomas"}, {"the governor of using the fire to distract from the budget crisis"}),
    ({"stance": "deny"}, {"that any warning had been received before the fire"}),
    ({"stance": "reject"}, {"the fire was an accident caused by faulty wiring"}),
    ({"anonymous": "true"}, {"two fuel drums had been found inside the first warehouse"}),
    ({"text": "wiring"}, {"the fire was an accident caused by faulty wiring"}),
])
def test_attribution_filters(client, params, expected):
    items = client.get("/api/attributions", params=params).json()["items"]
    assert {q["content"] for q in items} == expected


def test_attribution_carries_speaker_cue_channel_via(client, store):
    items = client.get("/api/attributions", params={"article_id": store.gazette.id, "anonymous": "true"}).json()["items"]
    (q,) = items
    assert (q["speaker"], q["resolved"], q["cue"], q["channel"], q["via"]) == (
        "A source close to the investigation", "investigation source", "said", "the harbour radio station",
        "harbour radio station")
    named = client.get("/api/attributions", params={"anonymous": "false"}).json()["items"]
    assert len(named) == 7 and not any(q["anonymous"] for q in named)


def test_contradictions_within_and_across_articles(client, store):
    items = client.get("/api/contradictions").json()["items"]
    pairs = {(c["claim"]["content"][:25], c["countered_by"]["stance"], c["across_articles"]) for c in items}
    assert pairs == {("the blaze had been starte", "deny", False), ("the blaze had been starte", "reject", True)}


@pytest.mark.parametrize("params, expected", [
    ({}, {"COERCE", "ACCUSE", "RETREAT"}),
    ({"type": "COERCE"}, {"COERCE"}),
    ({"actor": "Tomas Vell"}, {"ACCUSE"}),
    ({"place": "Port Selwyn"}, {"COERCE", "ACCUSE", "RETREAT"}),
    ({"since": "2031-03-03", "until": "2031-03-03"}, {"ACCUSE", "RETREAT"}),
])
def test_event_filters(client, params, expected):
    items = client.get("/api/events", params=params).json()["items"]
    assert {e["type"] for e in items} == expected


def test_event_rows_have_coordinates(client):
    (fire,) = client.get("/api/events", params={"type": "COERCE"}).json()["items"]
    assert (fire["place"], fire["lat"], fire["lon"], fire["date"]) == ("Port Selwyn", -33.9, 18.4, "2031-03-02")


def test_stories(client, store):
    items = client.get("/api/stories").json()["items"]
    assert [s["id"] for s in items] == [store.story.id]
    assert client.get("/api/stories", params={"min_articles": 3}).json()["items"] == []
    story = client.get(f"/api/stories/{store.story.id}").json()
    assert story["article_ids"] == [store.gazette.id, store.wire.id]
    assert [t["stance"] for t in story["timeline"]] == ["accuse", "deny", "report", "reject"]


def test_graph_has_said_and_counter_edges(client, store):
    data = client.get("/api/graph", params={"story": store.story.id}).json()
    assert {s["label"] for s in data["speakers"]} >= {"Ada Marrow", "Bram Ketter", "Coastal Guard spokesman"}
    assert len(data["claims"]) == 8
    kinds = [(e["kind"], e["stance"]) for e in data["edges"]]
    assert kinds.count(("counters", "reject")) == 1 and kinds.count(("counters", "deny")) == 1
    assert sum(1 for k, _ in kinds if k == "said") == 8


@pytest.mark.parametrize("path, param", [
    ("/api/attributions?stance=shouts", "stance"),
    ("/api/articles?since=last+week", "since"),
    ("/api/events?until=2031-13", "until"),
    ("/api/articles?limit=0", "limit"),
    ("/api/articles?limit=5000", "limit"),
    ("/api/attributions?anonymous=maybe", "anonymous"),
    ("/api/search", "q"),
])
def test_bad_parameters_are_422_naming_the_parameter(client, path, param):
    r = client.get(path)
    assert r.status_code == 422
    body = r.json()
    assert body["status"] == 422 and param in body["error"]
    assert [d["param"] for d in body["details"]] == [param]


def test_bad_cursor_is_400(client):
    r = client.get("/api/articles", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400 and "cursor" in r.json()["error"]


def test_ingest_is_disabled_without_a_configured_token(store):
    r = TestClient(create_app(store, token=None), base_url=LOCAL).post("/api/ingest", content="Some news.",
                                                       headers={"Content-Type": "text/plain"})
    assert r.status_code == 403
    assert "--token" in r.json()["error"] and "NEWSGRAPH_TOKEN" in r.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_ingest_needs_the_right_bearer_token(client, headers):
    r = client.post("/api/ingest", content="Some news.", headers={"Content-Type": "text/plain", **headers})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "token" in r.json()["error"] or "Bearer" in r.json()["error"]


def test_ingest_rejects_unknown_content_type_and_empty_body(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/ingest", content=b"%PDF", headers={"Content-Type": "application/pdf", **auth})
    assert r.status_code == 415 and "text/plain" in r.json()["error"]
    r = client.post("/api/ingest", content=b"  ", headers={"Content-Type": "text/plain", **auth})
    assert r.status_code == 400 and "empty" in r.json()["error"]


def test_reads_need_no_token_and_writes_are_only_post(client):
    assert client.get("/api/articles").status_code == 200
    assert client.get("/api/ingest").status_code == 405


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/articles", "/api/nothing-here"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_openapi_lists_every_endpoint_and_docs_page_renders_it(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {"/api/articles", "/api/articles/{article_id}", "/api/search", "/api/entities",
                     "/api/entities/{key}", "/api/attributions", "/api/contradictions", "/api/claims", "/api/events",
                     "/api/stories", "/api/stories/{story_id}", "/api/graph", "/api/ingest",
                     "/api/ingest/status"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/attributions" in docs.text and "cdn" not in docs.text.lower()


@pytest.mark.parametrize("path, needle", [
    ("/", "Fire closes Port Selwyn harbour"),
    ("/?q=wiring", "<mark>wiring</mark>"),
    ("/quotes?stance=deny", "that any warning had been received before the fire"),
    ("/contradictions", "the commander calls the fire an accident"),
    ("/entities", "Bram Ketter"),
    ("/entities/person:ada-marrow", "What it said"),
    ("/stories", "Fire closes Port Selwyn harbour"),
    ("/graph", 'id="graph-data"'),
    ("/map", 'class="marker"'),
    ("/quotes?speaker=&text=&stance=&anonymous=", "Bram Ketter"),  # empty form fields mean "any"
    ("/map?type=&since=&until=", 'class="marker"'),
])
def test_pages_render(client, path, needle):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert needle in r.text


def test_reader_marks_every_attribution_and_entity(client, store):
    html = client.get(f"/articles/{store.gazette.id}").text
    for q in store.gazette.attributions:
        assert f'class="attr st-{q.stance} role-content" data-attr="{q.id}"' in html
    for kind in ("PERSON", "ORG", "GPE"):
        expected = sum(len(e.mentions) for e in store.gazette.entities if e.type == kind)
        assert expected and html.count(f'class="ent ent-{kind}"') == expected


def test_unknown_page_is_html_404(client):
    r = client.get("/articles/ffffffffffff")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no article with id" in r.text


def test_server_binds_localhost_by_default():
    assert DEFAULT_HOST == "127.0.0.1"
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


INVENTED_TEXT = (
    "Dockworkers end strike in Port Selwyn\n\n"
    "Dockworkers in Port Selwyn returned to work on Tuesday after a four-day strike over night shifts.\n\n"
    "Harbour master Ilse Varga said the port would reopen to container ships on Friday.\n\n"
    "The union denied that any agreement on wages had been signed."
)
INVENTED_HTML = (
    "<html><head><title>Ferry service resumes on the Taluma</title></head><body><article>"
    "<h1>Ferry service resumes on the Taluma</h1>"
    "<p>The ferry between Varnholt and Ostrava Mill resumed service on Monday after repairs to its engine, "
    "the operator said in a statement.</p>"
    "<p>Captain Orrin Falk told reporters that the crossing would run every hour until the new bridge opens, "
    "and that tickets would stay at the old price for the rest of the year.</p>"
    "<p>Passengers on the first crossing said the queue at the landing had been short.</p>"
    "</article></body></html>"
)


@pytest.fixture(scope="module")
def pipeline():
    try:
        import newsgraph.pipeline  # noqa: F401  (loads spaCy and the extractors)
        from newsgraph.nlp import get_nlp

        get_nlp()
    except Exception as err:  # pragma: no cover - depends on the machine
        pytest.skip(f"the analysis pipeline cannot run here: {err}")


def test_ingest_text_html_and_jsonl_with_the_token(pipeline, tmp_path):
    import json

    with open_store(tmp_path / "ingest.db") as s:
        c = TestClient(create_app(s, token=TOKEN), base_url=LOCAL)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = c.post("/api/ingest", content=INVENTED_TEXT.encode(), params={"outlet": "Selwyn Daily"},
                   headers={"Content-Type": "text/plain; charset=utf-8", **auth})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["new"] == 1 and body["problems"] == []
        stored = c.get(f"/api/articles/{body['new_ids'][0]}").json()
        assert "Ilse Varga" in stored["text"] and stored["outlet"] == "Selwyn Daily"
        again = c.post("/api/ingest", content=INVENTED_TEXT.encode(), params={"outlet": "Selwyn Daily"},
                       headers={"Content-Type": "text/plain", **auth}).json()
        assert again["new"] == 0 and again["duplicate"] == 1

        r = c.post("/api/ingest", content=INVENTED_HTML.encode(), headers={"Content-Type": "text/html", **auth})
        assert r.status_code == 200, r.text
        assert r.json()["articles"][0]["headline"] == "Ferry service resumes on the Taluma"

        line = json.dumps({"title": "Night market returns", "outlet": "Varnholt Courier", "published": "2031-06-01",
                           "text": "The night market returned to Varnholt square on Saturday.\n\n"
                                   "Organiser Pell Danning said forty stalls had signed up."})
        r = c.post("/api/ingest", content=(line + "\n{broken\n").encode(),
                   headers={"Content-Type": "application/x-ndjson", **auth})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["new"] == 1 and len(body["problems"]) == 1 and "<post>:2" in body["problems"][0]
        listed = c.get("/api/articles", params={"outlet": "Varnholt Courier"}).json()["items"]
        assert [a["headline"] for a in listed] == ["Night market returns"]
        assert c.app.state.relinker.wait(120)  # linking ran after each answer, in the background
        status = c.get("/api/ingest/status").json()
        assert status["state"] == "idle" and status["last"]["ok"] is True
        assert status["last"]["articles"] == 3 and 1 <= status["runs"] <= 3
        assert c.get("/api/stories").json()["items"]


def test_ingest_at_the_calendar_edge_and_a_stale_store_relinks(pipeline, tmp_path):
    # a record published 9999-12-31 that says "tomorrow" used to raise OverflowError (a bare 500)
    edge = "Harbour talks resume\n\nThe envoy said the harbour talks resume tomorrow, officials told reporters."
    with open_store(tmp_path / "edge.db") as s:
        c = TestClient(create_app(s, token=TOKEN), base_url=LOCAL)
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
        r = c.post("/api/ingest", content=edge.encode(), params={"published": "9999-12-31"}, headers=auth)
        assert r.status_code == 200, r.text
        assert r.json()["new"] == 1
        assert c.app.state.relinker.wait(120)
        runs = c.get("/api/ingest/status").json()["runs"]
        s.add_articles([s.get_article(r.json()["new_ids"][0]).__class__(
            id="f" * 64, source_file="x.txt", headline="Another", text="Another text about ferries.")])
        assert s.links_stale()  # articles stored, links not yet worked out (as after a kill)
        again = c.post("/api/ingest", content=edge.encode(), params={"published": "9999-12-31"}, headers=auth)
        assert again.json()["new"] == 0  # nothing new, yet the stale links are repaired
        assert c.app.state.relinker.wait(120)
        assert c.get("/api/ingest/status").json()["runs"] == runs + 1 and not s.links_stale()


def test_story_graph_stops_reading_articles_once_it_is_full():
    """A story of thousands of articles: the graph reads their attributions only until it holds `limit`."""
    from types import SimpleNamespace

    from newsgraph.store.base import Page
    from newsgraph.web.views import graph_quotes

    asked: list[tuple[str, int]] = []

    class Store:
        def get_story(self, story_id):
            return SimpleNamespace(article_ids=[f"a{i}" for i in range(5000)])

        def list_attributions(self, article_id=None, stance=None, limit=50, **_):
            asked.append((article_id, limit))
            return Page(tuple(SimpleNamespace(article_id=article_id, n=k) for k in range(min(limit, 25))), None)

    rows = graph_quotes(Store(), story="s1", limit=60)
    assert [(r.article_id, r.n) for r in rows][-1] == ("a2", 9) and len(rows) == 60
    assert asked == [("a0", 60), ("a1", 35), ("a2", 10)]
