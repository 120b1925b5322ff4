"""Build search_web/data/basemap.json, the country outlines the map page draws under its points.

    python scripts/basemap.py WORLD_ATLAS_DIR     # the unpacked npm package world-atlas@2.0.2

Input: Natural Earth admin-0 countries (public domain) as the TopoJSON of the npm package
world-atlas (ISC): countries-50m.json for the region view, countries-110m.json for the world.
Output: per view, the projection (equirectangular, x scaled by cos of the middle latitude)
and each country's outline as an SVG path already projected into the view's box, simplified
(Douglas-Peucker) and clipped to the box plus a margin. Re-run only to change the views.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "search_web" / "data" / "basemap.json"
WIDTH = 720
# name: (source file, lon0, lon1, lat0, lat1, tolerance in degrees, decimals of the path)
VIEWS = {
    "region": ("countries-50m.json", 20.0, 64.0, 10.0, 43.0, 0.04, 1),
    "world": ("countries-110m.json", -180.0, 180.0, -58.0, 84.0, 0.25, 1),
}
MARGIN = 2.0      # degrees kept around a view's box, so that clipped edges stay outside it


def decode(topo: dict) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """(country name, rings as (lon, lat) lists) of a TopoJSON countries object."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes):
        out = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g.get("arcs") or []
        if g["type"] == "Polygon":
            polys = [polys]
        rings = [ring(r) for poly in polys for r in poly]
        countries.append((g.get("properties", {}).get("name", ""), rings))
    return countries


def simplify(pts, tol):
    """Douglas-Peucker, iterative; the ring's first and last points stay."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        best, at = 0.0, None
        for i in range(a + 1, b):
            x0, y0 = pts[i]
            d = abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm if (dx or dy) else math.hypot(x0 - x1, y0 - y1)
            if d > best:
                best, at = d, i
        if at is not None and best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(pts, keep) if k]


def clip(pts, lon0, lon1, lat0, lat1):
    """Sutherland-Hodgman: a ring clipped to a box (a filled shape stays right)."""
    def cut(points, inside, cross):
        out = []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)
    for inside, cross in ((lambda p: p[0] >= lon0, at_x(lon0)), (lambda p: p[0] <= lon1, at_x(lon1)),
                          (lambda p: p[1] >= lat0, at_y(lat0)), (lambda p: p[1] <= lat1, at_y(lat1))):
        if not pts:
            break
        pts = cut(pts, inside, cross)
    return pts


def build_view(source: Path, lon0, lon1, lat0, lat1, tol, decimals) -> dict:
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = WIDTH / ((lon1 - lon0) * kx)
    height = round((lat1 - lat0) * scale)

    def xy(lon, lat):
        return round((lon - lon0) * kx * scale, decimals), round((lat1 - lat) * scale, decimals)
    countries = []
    for name, rings in decode(json.loads(source.read_text())):
        parts = []
        for r in rings:
            if any(abs(a[0] - b[0]) > 180 for a, b in zip(r, r[1:])):     # across the antimeridian
                r = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in r]
            r = clip(r, lon0 - MARGIN, lon1 + MARGIN, lat0 - MARGIN, lat1 + MARGIN)
            r = simplify(r, tol)
            if len(r) < 3:
                continue
            pts = [xy(*p) for p in r]
            pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
            if len(pts) < 3:
                continue
            fmt = (lambda v: f"{v:g}") if decimals else (lambda v: str(int(v)))
            parts.append("M" + "L".join(f"{fmt(x)},{fmt(y)}" for x, y in pts) + "Z")
        if parts:
            countries.append([name, "".join(parts)])
    return {"lon0": lon0, "lon1": lon1, "lat0": lat0, "lat1": lat1, "kx": round(kx, 6),
            "scale": round(scale, 6), "width": WIDTH, "height": height, "countries": countries}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    src = Path(argv[0])
    views = {name: build_view(src / f, *rest) for name, (f, *rest) in VIEWS.items()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"views": views}, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUT}: {OUT.stat().st_size:,} bytes", {n: len(v["countries"]) for n, v in views.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
