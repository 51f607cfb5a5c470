"""Makes wiki/territories/departements.json, the map's geometry, from IGN's GeoJSON.

The wiki draws its map from that compact file alone (nothing is fetched at run time). Run
again only to change the drawing:

    python -m wiki.territories.build_geometry METROPOLE.geojson WITH_OVERSEAS.geojson

METROPOLE: « departements-version-simplifiee.geojson » (96 metropolitan départements),
WITH_OVERSEAS: « departements-avec-outre-mer.geojson » (the 101, for the five overseas),
both from https://github.com/gregoiredavid/france-geojson (IGN Admin Express, Licence
Ouverte / Etalab 2.0). Longitudes and latitudes are projected to a plane (equirectangular,
x scaled by the cosine of the map's middle latitude, so that France keeps its shape), the
rings simplified (Douglas-Peucker) and rounded to a tenth of a unit; the overseas
départements are drawn as insets in a column on the map's left, each at its own scale.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("departements.json")
OVERSEAS = ("971", "972", "973", "974", "976")
WIDTH, HEIGHT = 1000.0, 960.0  # the whole drawing, insets included
MAIN = (170.0, 10.0, 820.0, 940.0)  # x, y, width, height of metropolitan France's box
INSET_SIZE = 130.0  # each overseas inset is a square of this side, in the left column
INSET_X, INSET_GAP = 10.0, 30.0
TOLERANCE = 0.7  # simplification, in map units (the map is drawn about 1,000 wide)
SMALLEST_RING = 6.0  # rings of a smaller area (islets) are left out, but never a whole shape


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _project(polygons: list, box: tuple[float, float, float, float]) -> list:
    """Rings of (x, y) fitted into `box` (x, y, width, height), aspect kept, centred."""
    points = [p for polygon in polygons for ring in polygon for p in ring]
    middle = math.radians((min(p[1] for p in points) + max(p[1] for p in points)) / 2)
    scale_x = math.cos(middle)
    xs = [p[0] * scale_x for p in points]
    ys = [-p[1] for p in points]
    left, top = min(xs), min(ys)
    span_x, span_y = max(xs) - left or 1.0, max(ys) - top or 1.0
    x0, y0, width, height = box
    scale = min(width / span_x, height / span_y)
    dx = x0 + (width - span_x * scale) / 2
    dy = y0 + (height - span_y * scale) / 2
    return [
        [
            [
                ((lon * scale_x - left) * scale + dx, (-lat - top) * scale + dy)
                for lon, lat, *_ in ring
            ]
            for ring in polygon
        ]
        for polygon in polygons
    ]


def _simplify(ring: list, tolerance: float) -> list:
    """Douglas-Peucker on a closed ring (iterative: rings have thousands of points)."""
    if len(ring) < 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # A closed ring's ends are the same point: split it at its farthest point first.
    far = max(range(len(ring)), key=lambda i: _distance2(ring[i], ring[0]))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = _segment_distance(ring[i], ring[first], ring[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def _distance2(a, b) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance(p, a, b) -> float:
    length2 = _distance2(a, b)
    if length2 == 0:
        return math.sqrt(_distance2(p, a))
    t = max(
        0.0, min(1.0, ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / length2)
    )
    return math.sqrt(_distance2(p, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))))


def _edges(ring: list):
    return zip(ring, ring[1:] + ring[:1], strict=True)


def _area(ring: list) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in _edges(ring))) / 2


def _path(polygons: list, tolerance: float) -> str:
    """An SVG path's data: every ring kept, simplified, relative moves, one decimal."""
    rings = [_simplify(ring, tolerance) for polygon in polygons for ring in polygon]
    rings = [ring for ring in rings if len(ring) >= 4]
    largest = max(rings, key=_area)
    kept = [ring for ring in rings if ring is largest or _area(ring) >= SMALLEST_RING]
    parts = []
    for ring in kept:
        points = [(round(x, 1), round(y, 1)) for x, y in ring]
        if points[0] == points[-1]:
            points = points[:-1]
        commands = [f"M{_number(points[0][0])} {_number(points[0][1])}"]
        previous = points[0]
        for x, y in points[1:]:
            commands.append(f"l{_number(x - previous[0])} {_number(y - previous[1])}")
            previous = (x, y)
        parts.append("".join(commands) + "z")
    return "".join(parts)


def _number(value: float) -> str:
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _centre(polygons: list) -> tuple[float, float]:
    """Where a count is written: the centroid of the shape's largest ring."""
    ring = max((ring for polygon in polygons for ring in polygon), key=_area)
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in _edges(ring)) / 2
    if not area:
        return ring[0]
    cx = sum((a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in _edges(ring)) / (6 * area)
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in _edges(ring)) / (6 * area)
    return round(cx, 1), round(cy, 1)


def build(metropole: dict, with_overseas: dict) -> dict:
    features = {f["properties"]["code"]: f for f in metropole["features"]}
    features.update(
        {
            f["properties"]["code"]: f
            for f in with_overseas["features"]
            if f["properties"]["code"] in OVERSEAS
        }
    )
    # Metropolitan France is projected as one whole, so its départements fit together.
    metropolitan = sorted(code for code in features if code not in OVERSEAS)
    joined = [polygon for code in metropolitan for polygon in _polygons(features[code]["geometry"])]
    projected = _project(joined, MAIN)
    shapes: dict[str, dict] = {}
    position = 0
    for code in metropolitan:
        count = len(_polygons(features[code]["geometry"]))
        polygons, position = projected[position : position + count], position + count
        shapes[code] = {"path": _path(polygons, TOLERANCE), "centre": _centre(polygons)}
    insets = []
    for number, code in enumerate(OVERSEAS):
        box = (INSET_X, MAIN[1] + number * (INSET_SIZE + INSET_GAP), INSET_SIZE, INSET_SIZE)
        polygons = _project(_polygons(features[code]["geometry"]), box)
        # Each inset has its own scale: simplify in proportion to the island's drawn size.
        shapes[code] = {"path": _path(polygons, TOLERANCE / 2), "centre": _centre(polygons)}
        insets.append({"code": code, "box": [round(v, 1) for v in box]})
    return {
        "source": "IGN Admin Express via github.com/gregoiredavid/france-geojson, "
        "Licence Ouverte / Etalab 2.0",
        "viewBox": [0, 0, WIDTH, HEIGHT],
        "insets": insets,
        "departements": {code: shapes[code] for code in sorted(shapes)},
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[3].strip(), file=sys.stderr)
        return 2
    metropole, with_overseas = (json.loads(Path(name).read_text("utf-8")) for name in argv)
    data = build(metropole, with_overseas)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(
        f"{OUTPUT}: {len(data['departements'])} départements, {OUTPUT.stat().st_size // 1024} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
