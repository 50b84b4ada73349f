"""The map shows every geocoded event in the chosen range (not only the newest 200), merging nearby
places into one marker per grid cell when there are too many to draw apart."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from newsgraph.model import PARAGRAPH_SEPARATOR, Article, Event, Place, When
from newsgraph.store import open_store
from newsgraph.store.base import EventRow
from newsgraph.web.app import create_app
from newsgraph.web.mapview import MAX_EVENTS, MAX_MARKERS, cluster
from newsgraph.web.views import map_markers

N = 600  # more events, at more places, than the old page (200) and the marker limit (400) allowed


def dense_article() -> Article:
    paragraphs = tuple(f"Crews cleared drift ice at jetty {i} of the Varn delta." for i in range(N))
    text = PARAGRAPH_SEPARATOR.join(paragraphs)
    events, pos = [], 0
    for i, p in enumerate(paragraphs):
        events.append(Event(f"v{i}", "AID", p, pos, pos + len(p),
                            place=Place(f"Jetty {i}", lat=-60 + (i % 40) * 3.0, lon=-170 + (i // 40) * 22.0),
                            when=When("today", date=f"2031-0{1 + i % 2}-{1 + i % 28:02d}", precision="day")))
        pos += len(p) + len(PARAGRAPH_SEPARATOR)
    return Article(id="d" * 64, source_file="delta.txt", headline="Drift ice", text=text, paragraphs=paragraphs,
                   outlet="Delta Post", published="2031-02-28", events=tuple(events))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("map") / "map.db") as store:
        store.add_articles([dense_article()])
        yield TestClient(create_app(store), base_url="http://127.0.0.1")


def test_the_newest_geocoded_events_in_range_are_on_the_map(client):
    # a map reads at most MAX_EVENTS (one index-ordered page, the same cost however large the store)
    assert MAX_MARKERS < MAX_EVENTS < N
    page = client.get("/map").text
    summary = re.search(r'id="map-summary">([^<]*)', page).group(1)
    assert summary.startswith(f"{MAX_EVENTS} events with coordinates (the newest {MAX_EVENTS}: the range holds more")
    markers = page.count('class="marker"')
    assert 0 < markers <= MAX_MARKERS and "nearby places merged" in summary
    counts = [int(c) for c in re.findall(r'<span class="count">(\d+)</span>', page)]
    assert sum(counts) == MAX_EVENTS and len(counts) == markers


def test_the_range_filters_the_map(client):
    page = client.get("/map", params={"since": "2031-02-01", "until": "2031-02-28"}).text
    assert f"{N // 2} events with coordinates" in page
    assert client.get("/map", params={"since": "2031-02-31"}).status_code == 422


def test_cluster_keeps_every_event_and_fits_the_limit():
    rows = [EventRow("a", f"v{i}", "AID", None, "t", 0, 1, place=f"P{i}", lat=(i % 90) - 45.0, lon=(i // 90) * 3.0)
            for i in range(1000)]
    markers = map_markers(rows)
    assert len(markers) == 1000
    merged, cell = cluster(markers, max_markers=100)
    assert len(merged) <= 100 and cell is not None
    assert sum(len(m.events) for m in merged) == 1000
    assert cluster(markers[:50], max_markers=100) == (markers[:50], None)
