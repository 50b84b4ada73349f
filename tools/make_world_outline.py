"""Turn a Natural Earth TopoJSON (the npm package world-atlas) into the SVG outline the web map draws.

Usage: python tools/make_world_outline.py world-atlas/land-110m.json > src/newsgraph/web/static/world.svg
The map uses an equirectangular projection: x = lon + 180, y = 90 - lat, in a 360x180 box,
so the page can place an event at (lon + 180, 90 - lat) without any map library.
"""

from __future__ import annotations

import json
import sys


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def ring_path(points: list[tuple[float, float]]) -> str:
    """SVG path of one ring; a jump across the antimeridian starts a new sub-path instead of a line across the map."""
    out, prev = [], None
    for lon, lat in points:
        cmd = "M" if prev is None or abs(lon - prev) > 180 else "L"
        out.append(f"{cmd}{lon + 180:.2f},{90 - lat:.2f}")
        prev = lon
    return "".join(out) + "Z"


def path_data(topology: dict, name: str) -> str:
    arcs = decode_arcs(topology)
    parts = []
    for geom in topology["objects"][name]["geometries"]:
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                parts.append(ring_path(ring_points(ring, arcs)))
    return "".join(parts)


def main(path: str) -> None:
    topology = json.load(open(path, encoding="utf-8"))
    name = "land" if "land" in topology["objects"] else next(iter(topology["objects"]))
    sys.stdout.write(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">'
        "<!-- Land outline from Natural Earth 1:110m (public domain), via the world-atlas package (ISC). -->"
        f'<path class="land" d="{path_data(topology, name)}"/></svg>\n'
    )


if __name__ == "__main__":
    main(sys.argv[1])
