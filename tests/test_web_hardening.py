"""The server under hostile clients: Host check, half-open and slow connections, body cap while reading,
ingest that leaves reads free while it relinks, and a JSON error with the security headers for every failure.

Real-socket tests run a server on a free 127.0.0.1 port with short limits; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "web"))

import web_articles as inv  # noqa: E402
from web_server import free_port  # noqa: E402
from conftest_store import store_target  # noqa: E402,F401  (SQLite, and PostgreSQL when a server is given)

from fastapi.testclient import TestClient  # noqa: E402

from newsgraph.store import open_store  # noqa: E402
from newsgraph.web import app as web_app  # noqa: E402
from newsgraph.web import create_app, ingest as web_ingest  # noqa: E402
from newsgraph.web.app import CONTENT_SECURITY_POLICY, SECURITY_HEADERS  # noqa: E402
from newsgraph.web.relinker import FairLock, Relinker  # noqa: E402
from newsgraph.web.server import allowed_hosts, build_server  # noqa: E402

TOKEN = "hardening-token-77"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOCAL = "http://127.0.0.1"
BOUND = 10.0  # the most any single wait below may take; none is a timing assertion


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("hardening") / "web.db") as s:
        inv.build_store(s)
        yield s


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, token=TOKEN), base_url=LOCAL, raise_server_exceptions=False)


def assert_json_error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value, name
    body = r.json()
    assert body["status"] == status and body["error"]
    return body


# --- Host header -------------------------------------------------------------------------------

@pytest.mark.parametrize("base", ["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787",
                                  "http://LOCALHOST."])
def test_loopback_host_names_are_answered(store, base):
    r = TestClient(create_app(store), base_url=base).get("/api/articles")
    assert r.status_code == 200 and len(r.json()["items"]) == 2


@pytest.mark.parametrize("path", ["/api/articles", "/", "/static/app.css", "/api/ingest/status"])
def test_other_host_is_421_json_with_headers(store, path):
    r = TestClient(create_app(store), base_url="http://rebound.attacker.example:8787").get(path)
    body = assert_json_error(r, 421)
    assert "rebound.attacker.example" in body["error"] and "--allow-host" in body["error"]
    assert "items" not in body


def test_allow_list_adds_the_bound_address_and_named_hosts(store):
    hosts = allowed_hosts("192.168.7.20", ["news.lan", " ", "Reader.Example:9000"])
    assert hosts == {"127.0.0.1", "localhost", "::1", "192.168.7.20", "news.lan", "reader.example"}
    assert allowed_hosts("0.0.0.0") == allowed_hosts("::") == {"127.0.0.1", "localhost", "::1"}
    app = create_app(store, hosts=hosts)
    assert TestClient(app, base_url="http://news.lan:8787").get("/api/articles").status_code == 200
    assert TestClient(app, base_url="http://192.168.7.20").get("/api/articles").status_code == 200
    assert TestClient(app, base_url="http://news.lan.evil.example").get("/api/articles").status_code == 421
    anyone = create_app(store, hosts=allowed_hosts(None, ["*"]))
    assert TestClient(anyone, base_url="http://whatever.example").get("/api/articles").status_code == 200


def test_serve_checks_host_from_option_and_env(store, monkeypatch):
    built = {}

    def fake_build(app, host, port, **_):
        built.update(app=app, host=host, port=port)
        return SimpleNamespace(run=lambda: None)

    monkeypatch.setattr(web_app, "build_server", fake_build)
    monkeypatch.setenv("NEWSGRAPH_ALLOWED_HOSTS", "from-env.lan, second.lan")
    web_app.serve(store, host="127.0.0.1", port=8799, allow_hosts=("from-option.lan",))
    assert (built["host"], built["port"]) == ("127.0.0.1", 8799)
    for name, status in [("from-option.lan", 200), ("from-env.lan", 200), ("second.lan", 200),
                         ("127.0.0.1", 200), ("elsewhere.example", 421)]:
        assert TestClient(built["app"], base_url=f"http://{name}").get("/api/stories").status_code == status, name


def test_request_without_host_header_is_400(store):
    app = create_app(store)
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.0", "method": "GET", "scheme": "http",
             "path": "/api/articles", "raw_path": b"/api/articles", "query_string": b"", "root_path": "",
             "headers": [], "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8787)}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 400
    assert json.loads(b"".join(m.get("body", b"") for m in sent[1:]))["error"] == "the request has no Host header"


# --- a real server on loopback: half-open sockets, slow heads, malformed requests ---------------

@contextlib.contextmanager
def serving(app, **limits):
    port = free_port()
    server = build_server(app, "127.0.0.1", port, log_level="warning", **limits)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):  # bounded: at most ~10 s
        if server.started or not thread.is_alive():
            break
        time.sleep(0.02)
    assert server.started, "the test server did not start"
    try:
        yield port, server
    finally:
        server.should_exit = True
        thread.join(BOUND)


def connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
    s.settimeout(BOUND)
    return s


def read_until_closed(s: socket.socket) -> bytes:
    """Everything the server sends until it closes (raises socket.timeout if it never does)."""
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk


def response_of(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.fixture(scope="module")
def live(store):
    with serving(create_app(store, token=TOKEN), header_timeout=0.3) as (port, server):
        yield port, server


def test_half_open_and_slow_head_connections_are_closed(live):
    port, server = live
    partial = [b"", b"GET /api/articles HT", b"GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1"]
    sockets = []
    try:
        for i in range(30):
            s = connect(port)
            if partial[i % 3]:
                s.sendall(partial[i % 3])
            sockets.append(s)
        # each one is closed by the server: recv sees the end (a socket left open would time out)
        assert [read_until_closed(s) for s in sockets] == [b""] * 30
    finally:
        for s in sockets:
            s.close()
    with connect(port) as s:  # the server still answers a whole request
        s.sendall(b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        status, headers, body = response_of(read_until_closed(s))
        assert status == 200 and json.loads(body)["items"]


def test_keep_alive_connection_gets_a_new_head_deadline(live):
    port, _ = live
    with connect(port) as s:
        s.sendall(b"GET /api/ingest/status HTTP/1.1\r\nHost: localhost\r\n\r\n")
        first = b""
        while b"}" not in first:  # the JSON body of the first answer
            first += s.recv(65536)
        assert first.startswith(b"HTTP/1.1 200")
        s.sendall(b"GET /api/articles HTTP/1.1\r\nHost: loc")  # then the next head stalls
        assert read_until_closed(s) == b""


def test_malformed_request_gets_json_400_with_headers(live):
    port, _ = live
    with connect(port) as s:
        s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        status, headers, body = response_of(read_until_closed(s))
    assert status == 400 and headers["content-type"] == "application/json"
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert json.loads(body)["error"].startswith("malformed HTTP request")


def test_connections_over_the_cap_get_json_503(store):
    with serving(create_app(store), header_timeout=BOUND * 3, max_connections=3) as (port, _):
        held = [connect(port) for _ in range(3)]
        try:
            with connect(port) as extra:
                status, headers, body = response_of(read_until_closed(extra))
            assert status == 503 and "at most 3" in json.loads(body)["error"]
            assert headers["x-content-type-options"] == "nosniff"
        finally:
            for s in held:
                s.close()


def test_chunked_body_over_the_cap_is_refused_before_it_ends(live, monkeypatch):
    monkeypatch.setattr(web_ingest, "MAX_BODY_BYTES", 1000)
    port, _ = live
    with connect(port) as s:
        s.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                  b"Authorization: Bearer " + TOKEN.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in range(11):  # 1,100 bytes, and the body never ends (no closing 0-chunk)
            s.sendall(b"64\r\n" + b"x" * 100 + b"\r\n")
        status, headers, body = response_of(read_until_closed(s))
    assert status == 413 and "at most 1000 bytes" in json.loads(body)["error"]
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_stalled_body_gets_408(live, monkeypatch):
    monkeypatch.setattr(web_ingest, "BODY_IDLE_TIMEOUT_S", 0.3)
    port, _ = live
    with connect(port) as s:
        s.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                  b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 500\r\n\r\nonly a little")
        status, headers, body = response_of(read_until_closed(s))
    assert status == 408 and "stalled" in json.loads(body)["error"]


def test_server_config_sets_the_timeouts(store):
    config = build_server(create_app(store), "127.0.0.1", 8787).config
    assert config.timeout_keep_alive == 5 and config.timeout_graceful_shutdown == 10
    assert config.http.header_timeout == 10.0 and config.http.max_connections == 256


# --- the body cap counts while reading -----------------------------------------------------------

def test_body_reading_stops_just_past_the_cap(store, monkeypatch):
    monkeypatch.setattr(web_ingest, "MAX_BODY_BYTES", 5000)
    app = create_app(store, token=TOKEN)
    pulled, sent = [0], []

    async def receive():  # 1,000 chunks of 1 KiB: far more than the cap
        pulled[0] += 1
        return {"type": "http.request", "body": b"y" * 1024, "more_body": pulled[0] < 1000}

    async def send(message):
        sent.append(message)

    headers = [(b"host", b"127.0.0.1"), (b"content-type", b"text/plain"),
               (b"authorization", f"Bearer {TOKEN}".encode()), (b"transfer-encoding", b"chunked")]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/ingest", "raw_path": b"/api/ingest", "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8787)}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled[0] == 5  # 5 KiB read: the fifth chunk passed 5,000 bytes


def test_declared_length_over_the_cap_or_invalid_is_refused_unread(client):
    r = client.post("/api/ingest", content=b"x", headers={"Content-Type": "text/plain", **AUTH,
                                                          "Content-Length": str(web_ingest.MAX_BODY_BYTES + 1)})
    assert_json_error(r, 413)


# --- ingest answers first, relinks in the background, never holding reads -----------------------

@pytest.fixture()
def fresh(tmp_path):
    with open_store(tmp_path / "fresh.db") as s:
        s.add_articles([inv.gazette_article()])
        yield s


def test_reads_proceed_while_ingest_relinks(fresh, monkeypatch):
    import newsgraph.pipeline as pipeline

    started, release, finished, order = threading.Event(), threading.Event(), threading.Event(), []

    def slow_relink(store):
        count = store.count()  # the relinker reaches the store like any reader
        started.set()
        release.wait(BOUND)  # held here until the read below has been answered (or BOUND)
        order.append("relink done")
        finished.set()
        return SimpleNamespace(articles=count, stories=0, contradictions=0)

    monkeypatch.setattr(pipeline, "relink", slow_relink)
    monkeypatch.setattr(pipeline, "analyze_documents", lambda docs, options: [inv.wire_article()])
    c = TestClient(create_app(fresh, token=TOKEN), base_url=LOCAL)
    answers = []
    poster = threading.Thread(target=lambda: answers.append(
        c.post("/api/ingest", content=b"news", headers={"Content-Type": "text/plain", **AUTH})))
    poster.start()
    assert started.wait(BOUND)
    read = c.get("/api/articles")  # while the relink is in progress
    order.append("read answered")
    release.set()
    poster.join(BOUND)
    assert finished.wait(BOUND)
    assert order == ["read answered", "relink done"]
    assert len(read.json()["items"]) == 2  # the new article is readable before links exist
    assert answers[0].status_code == 200 and answers[0].json()["new"] == 1
    assert answers[0].json()["links"]["state"] in ("pending", "running")
    assert c.app.state.relinker.wait(BOUND)
    status = c.get("/api/ingest/status").json()
    assert status["state"] == "idle" and status["runs"] == 1
    assert (status["last"]["ok"], status["last"]["articles"], status["last"]["error"]) == (True, 2, None)


def test_reads_proceed_while_the_links_are_saved(fresh, monkeypatch):
    from newsgraph.store.sqlite import SQLiteStore

    saving, release, order = threading.Event(), threading.Event(), []
    original = SQLiteStore._write_stories

    def slow_save(self, *args, **kwargs):
        original(self, *args, **kwargs)  # inside the linking transaction
        saving.set()
        release.wait(BOUND)  # the transaction takes as long as the read below (or BOUND)
        order.append("links saved")

    monkeypatch.setattr(SQLiteStore, "_write_stories", slow_save)
    c = TestClient(create_app(fresh, token=TOKEN), base_url=LOCAL)
    with c.app.state.access.use() as s:
        s.add_articles([inv.wire_article()])
    c.app.state.relinker.request()
    assert saving.wait(BOUND)
    read = c.get("/api/articles")  # while the link transaction is open
    order.append("read answered")
    release.set()
    assert c.app.state.relinker.wait(BOUND)
    assert order == ["read answered", "links saved"] and len(read.json()["items"]) == 2
    assert c.get("/api/ingest/status").json()["last"]["ok"] is True
    assert c.get("/api/stories").json()["items"]  # visible once committed


def test_requests_during_a_pass_coalesce_into_one_more(fresh, monkeypatch):
    import newsgraph.pipeline as pipeline

    started, release, calls = threading.Event(), threading.Event(), []

    def blocking(store):
        calls.append(store.count())
        started.set()
        release.wait(BOUND)
        return SimpleNamespace(articles=0, stories=0, contradictions=0)

    monkeypatch.setattr(pipeline, "relink", blocking)
    relinker = Relinker(web_app.StoreAccess(fresh))
    relinker.request()
    assert started.wait(BOUND)
    assert relinker.status()["state"] == "running"
    for _ in range(3):
        relinker.request()
    assert relinker.status()["queued"] is True
    release.set()
    assert relinker.wait(BOUND)
    status = relinker.status()
    assert (status["requested"], status["runs"], len(calls)) == (4, 2, 2)


def test_background_relink_saves_the_same_links_as_a_direct_one(tmp_path, store_target):
    import newsgraph.pipeline as pipeline

    def stories(s):
        return sorted((st.id, st.article_ids) for st in s.list_stories(limit=200).items)

    with open_store(tmp_path / "a.db") as a, open_store(store_target) as b:  # b: SQLite or PostgreSQL
        for s in (a, b):
            s.add_articles([inv.gazette_article(), inv.wire_article()])
        direct = pipeline.relink(a)
        relinker = Relinker(web_app.StoreAccess(b))
        relinker.request()
        assert relinker.wait(60)
        last = relinker.status()["last"]
        assert last["ok"] is True, last["error"]
        assert (last["articles"], last["stories"]) == (2, direct.stories)
        assert stories(a) == stories(b) and direct.stories >= 1


def test_failed_relink_is_reported_and_the_next_request_retries(fresh, monkeypatch):
    import newsgraph.pipeline as pipeline

    def broken(store):
        raise RuntimeError("linker exploded")

    monkeypatch.setattr(pipeline, "relink", broken)
    relinker = Relinker(web_app.StoreAccess(fresh))
    relinker.request()
    assert relinker.wait(BOUND)
    assert relinker.status()["last"]["error"] == "RuntimeError: linker exploded"
    monkeypatch.setattr(pipeline, "relink", lambda store: SimpleNamespace(articles=1, stories=0, contradictions=0))
    relinker.request()
    assert relinker.wait(BOUND)
    assert relinker.status()["last"]["ok"] is True and relinker.status()["runs"] == 2


def test_stopping_server_ends_a_pass_between_store_calls_saving_nothing(fresh, monkeypatch):
    import newsgraph.pipeline as pipeline

    started, go, saved = threading.Event(), threading.Event(), []

    def relink_two_articles(store):
        articles = store.iter_articles()
        next(articles)
        started.set()
        go.wait(BOUND)
        list(articles)  # the next store call after close() raises
        saved.append(store.save_links([], [], {}))

    monkeypatch.setattr(pipeline, "relink", relink_two_articles)
    fresh.add_articles([inv.wire_article()])
    relinker = Relinker(web_app.StoreAccess(fresh))
    relinker.request()
    assert started.wait(BOUND)
    closer = threading.Thread(target=relinker.close)
    closer.start()
    assert relinker._stopping.wait(BOUND)
    go.set()
    closer.join(BOUND)
    assert relinker.status()["last"]["error"] == "the server is stopping" and saved == []
    relinker.request()  # after close: ignored
    assert relinker.status()["requested"] == 1

    with TestClient(create_app(fresh), base_url=LOCAL) as c:  # the app's shutdown closes its relinker
        assert c.get("/api/ingest/status").json()["state"] == "idle"
    c.app.state.relinker.request()
    assert c.app.state.relinker.status()["requested"] == 0


def test_fair_lock_serves_a_waiting_reader_before_the_holder_again():
    lock, order = FairLock(), []
    lock.acquire()
    reader = threading.Thread(target=lambda: (lock.acquire(), order.append("reader"), lock.release()))
    reader.start()
    for _ in range(500):  # bounded: until the reader has taken its ticket
        if lock._next_ticket == 2:
            break
        time.sleep(0.01)
    lock.release()
    lock.acquire()  # the holder asks again at once: it must queue behind the reader
    order.append("holder")
    lock.release()
    reader.join(BOUND)
    assert order == ["reader", "holder"]


# --- a JSON error with the security headers for every failure ------------------------------------

@pytest.mark.parametrize("method, path, kwargs, status", [
    ("GET", "/api/nothing-here", {}, 404),
    ("GET", "/api/articles/ffffffffffff", {}, 404),
    ("GET", "/api/ingest", {}, 405),
    ("DELETE", "/api/articles", {}, 405),
    ("GET", "/api/articles?limit=0", {}, 422),
    ("POST", "/api/ingest", {"content": b"x", "headers": {"Content-Type": "text/plain"}}, 401),
    ("POST", "/api/ingest", {"content": b"x", "headers": {"Content-Type": "application/pdf", **AUTH}}, 415),
    ("POST", "/api/ingest?published=9999-99-99", {"content": b"x", "headers": AUTH}, 422),
])
def test_every_api_failure_is_json_with_security_headers(client, method, path, kwargs, status):
    assert_json_error(client.request(method, path, **kwargs), status)


def test_unhandled_error_is_json_500_without_the_traceback(client, store, monkeypatch, caplog):
    def crash(**_):
        raise RuntimeError("secret internal detail at /srv/db")

    monkeypatch.setattr(store, "list_stories", crash)
    with caplog.at_level("ERROR", logger="newsgraph.web"):
        body = assert_json_error(client.get("/api/stories"), 500)
    assert "secret" not in json.dumps(body) and "Traceback" not in json.dumps(body)
    assert "secret internal detail" in caplog.text  # the operator's log has it
    page = client.get("/stories")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY and "secret" not in page.text


def test_crash_inside_ingest_is_json_500(client, monkeypatch):
    def overflow(body, kind):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(web_ingest, "documents", overflow)
    r = client.post("/api/ingest?published=9999-12-31", content=b"news", headers={"Content-Type": "text/plain", **AUTH})
    body = assert_json_error(r, 500)
    assert "out of range" not in body["error"]
