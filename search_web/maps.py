"""The map of a result set's places, drawn on the server as SVG (no JavaScript, no tiles).

    draw(places, "auto", href) -> the geometry map.html draws

The base map is search_web/data/basemap.json: Natural Earth country outlines (public
domain), already projected into two views (the region the corpus covers, and the world;
scripts/basemap.py builds it, data/BASEMAP.md says where it comes from). A point's AREA is
proportional to its count (radius ∝ √count), the largest R_MAX_OF[view]; none is drawn smaller than
R_MIN, so a point of one document stays visible and clickable (the legend says so).
"""
from __future__ import annotations

import dataclasses
import functools
import json
import math
from pathlib import Path

from search_web.params import MAP_VIEWS as VIEWS  # noqa: F401  (auto, region, world)

BASEMAP = Path(__file__).parent / "data" / "basemap.json"
R_MAX = 22.0            # px in the 720-wide view box: the most mentioned place
R_MAX_OF = {"region": R_MAX, "world": 14.0}     # the world's box is smaller for the same width
LEGEND_AT = {"region": "right", "world": "left"}    # a corner of sea (Arabian Sea, South Pacific)
R_MIN = 2.5             # px: the least a point is drawn
REGION_SHARE = 0.5      # auto: the region view when it holds at least this share of the mentions


@functools.lru_cache(maxsize=1)
def basemap() -> dict:
    return json.loads(BASEMAP.read_text(encoding="utf-8"))["views"]


def project(view: dict, lon: float, lat: float) -> tuple[float, float]:
    """(x, y) of a point in a view's box (equirectangular, as scripts/basemap.py drew the outlines)."""
    return (round((lon - view["lon0"]) * view["kx"] * view["scale"], 1),
            round((view["lat1"] - lat) * view["scale"], 1))


def inside(view: dict, lon: float, lat: float) -> bool:
    return view["lon0"] <= lon <= view["lon1"] and view["lat0"] <= lat <= view["lat1"]


def choose_view(places, view: str) -> str:
    """auto: the region when it holds REGION_SHARE of the mentions, else the world."""
    if view != "auto":
        return view
    region = basemap()["region"]
    total = sum(p.count for p in places)
    held = sum(p.count for p in places if inside(region, p.lon, p.lat))
    return "region" if not total or held >= REGION_SHARE * total else "world"


LABELS = 10             # the largest points get their name on the map, where it has room
LABEL_PX = 8.5          # an estimate of a character's width in the labels (13px desktop, 18px phone)
LABEL_HEIGHT = 18.0


@dataclasses.dataclass
class Point:
    id: str
    count: int
    x: float
    y: float
    r: float
    href: str
    name: str = ""          # the label drawn beside it ("" for none)
    label_x: float = 0.0


def radius(count: int, top: int, largest: float = R_MAX) -> float:
    """Area ∝ count: r = largest·√(count/top), at least R_MIN."""
    return round(max(R_MIN, largest * math.sqrt(count / top)), 2) if top else R_MIN


def _nice(n: float) -> int:
    """1, 2, 5, 10, 20, 50 ... at most n."""
    if n < 1:
        return 0
    power = 10 ** int(math.log10(n))
    return max(m * power for m in (1, 2, 5) if m * power <= n)


def legend(top: int, largest: float = R_MAX) -> list[tuple[int, float]]:
    """(count, radius) of up to three sample circles: the top count and nice fractions of it."""
    out = [(top, radius(top, top, largest))]
    for n in (_nice(top / 4), _nice(top / 20)):
        if 0 < n < out[-1][0]:
            out.append((n, radius(n, top, largest)))
    return out


def _labels(points: list[Point], name, width: float) -> None:
    """Name the largest points whose label box (right of the point, or left near the right
    edge) overlaps no other label and no larger point's centre."""
    taken: list[tuple[float, float, float, float]] = []
    for pt in points[:LABELS]:
        text = name(pt.id)
        w = len(text) * LABEL_PX
        x0 = pt.x + pt.r + 2 if pt.x + pt.r + 2 + w <= width else pt.x - pt.r - 2 - w
        box = (x0, pt.y - LABEL_HEIGHT / 2, x0 + w, pt.y + LABEL_HEIGHT / 2)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            continue
        taken.append(box)
        pt.name = text
        pt.label_x = round(x0, 1)


def legend_box(view: dict, top: int, largest: float, corner: str) -> dict:
    """The legend's circles in the map's own units (so they match the points), in a bottom corner."""
    samples = legend(top, largest)
    gap = max(2 * largest + 12, 34)
    w, h = gap * len(samples) + 8, 2 * largest + 26
    x, y = (view["width"] - w - 6 if corner == "right" else 6), view["height"] - h - 6
    return {"x": x, "y": y, "width": w, "height": h,
            "circles": [(n, round(x + 4 + gap * i + gap / 2, 1), round(y + 4 + 2 * largest - r, 1), r)
                        for i, (n, r) in enumerate(samples)],
            "text_y": round(y + 4 + 2 * largest + 14, 1)}


def draw(places, view: str, href, name=lambda value: value) -> dict:
    """The SVG geometry: the view's countries, one Point per place inside it (largest first,
    so smaller ones are drawn on top and stay clickable), and what lies outside it.
    href(place) is the link of a point, name(id) its label."""
    chosen = choose_view(places, view)
    box = basemap()[chosen]
    top = max((p.count for p in places), default=0)
    points, outside = [], []
    for p in places:
        if not inside(box, p.lon, p.lat):
            outside.append(p)
            continue
        x, y = project(box, p.lon, p.lat)
        points.append(Point(p.id, p.count, x, y, radius(p.count, top, R_MAX_OF[chosen]), href(p)))
    points.sort(key=lambda pt: -pt.count)
    _labels(points, name, box["width"])
    return {"view": chosen, "width": box["width"], "height": box["height"],
            "countries": box["countries"], "points": points, "outside": outside,
            "outside_mentions": sum(p.count for p in outside),
            "legend": legend_box(box, top, R_MAX_OF[chosen], LEGEND_AT[chosen]) if top else None,
            "r_min": R_MIN}
