"""What does the map page show when the store holds many events? The newest geocoded events in the
chosen range (at most MAX_EVENTS, so a map costs the same however large the store), grouped by
place; when there are more places than a map can show apart, nearby places merge into one marker
per grid cell (the cell grows until the markers fit), and each marker's list is cut to its newest
events with a count of the rest, so a dense map stays a page a browser can draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsgraph.web.views import Marker, map_markers

MAX_MARKERS = 400  # markers drawn apart before nearby places are merged
MAX_EVENTS = 500  # newest events read for one map: one index-ordered page (the page says if the range has more)
LISTED = 30  # events listed under a marker; the rest are counted
CELLS = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0, 90.0)  # grid cell sizes tried, in degrees


@dataclass
class MapData:
    markers: list[Marker]
    events: int  # geocoded events shown
    capped: bool  # the range held more than MAX_EVENTS
    cell: float | None  # grid cell of merged markers, in degrees (None: one marker per place)


def map_data(store: Any, filters: dict[str, Any], max_events: int = MAX_EVENTS,
             max_markers: int = MAX_MARKERS) -> MapData:
    """Every geocoded event matching ``filters`` (a store ``list_events`` filter set), as markers."""
    events, cursor = [], None
    while len(events) < max_events:
        page = store.list_events(**filters, geocoded=True, cursor=cursor, limit=min(500, max_events - len(events)))
        events.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    markers, cell = cluster(map_markers(events), max_markers)
    return MapData(markers, len(events), cursor is not None, cell)


def cluster(markers: list[Marker], max_markers: int = MAX_MARKERS) -> tuple[list[Marker], float | None]:
    """``markers`` as they are when few enough; else merged per grid cell, the smallest cell that fits."""
    if len(markers) <= max_markers:
        return markers, None
    for cell in CELLS:
        groups: dict[tuple[int, int], list[Marker]] = {}
        for m in markers:
            groups.setdefault((int(m.x // cell), int(m.y // cell)), []).append(m)
        if len(groups) <= max_markers:
            break
    merged = [_merge(group) for group in groups.values()]
    return sorted(merged, key=lambda m: -len(m.events)), cell


def _merge(group: list[Marker]) -> Marker:
    if len(group) == 1:
        return group[0]
    group = sorted(group, key=lambda m: -len(m.events))
    n = sum(len(m.events) for m in group)
    x = sum(m.x * len(m.events) for m in group) / n
    y = sum(m.y * len(m.events) for m in group) / n
    label = f"{group[0].place or 'unnamed place'} and {len(group) - 1} place{'s' if len(group) > 2 else ''} nearby"
    events = sorted((e for m in group for e in m.events), key=lambda e: e.date or e.published or "", reverse=True)
    return Marker(round(x, 2), round(y, 2), label, events)
