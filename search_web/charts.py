"""Charts drawn on the server as inline SVG geometry (no JavaScript; the CSP allows SVG
presentation attributes, and the colours come from style.css classes).

    bars(histogram, href)        -> the hits-over-time bar chart of a result page
    lines(keys, series)          -> the trends line chart (one path per query)
"""
from __future__ import annotations

import dataclasses

WIDTH, HEIGHT = 720, 140           # the viewBox; CSS scales it to the page width
PAD_START, PAD_END, PAD_TOP, PAD_BOTTOM = 60, 8, 10, 22
MAX_TICKS = 6
LABEL = {"day": 10, "week": 10, "month": 7, "year": 4}     # chars of the ISO start shown


@dataclasses.dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str           # the period, e.g. 2019-01 or 2019-01-05 – 2019-01-11
    href: str | None


def _anchors(ticks: list[tuple], x0: float, x1: float) -> list[tuple]:
    """(x, label, text-anchor): labels near an edge grow inwards, so none is cut off."""
    out = []
    for x, label in ticks:
        near = (x1 - x0) * 0.06
        out.append((x, label, "start" if x - x0 < near else "end" if x1 - x < near else "middle"))
    return out


def _short(labels: list[str]) -> list[str]:
    """Tick labels after the first without the year they share with it (07-25, not 2015-07-25)."""
    if not labels:
        return labels
    year = labels[0][:4]
    return [labels[0]] + [lb[5:] if len(lb) > 7 and lb[:4] == year else lb for lb in labels[1:]]


def _ticks(n: int) -> list[int]:
    """Indexes of at most MAX_TICKS evenly spaced labels among n periods."""
    if n <= MAX_TICKS:
        return list(range(n))
    step = -(-n // MAX_TICKS)
    return list(range(0, n, step))


def _period_label(start, end, interval: str) -> str:
    if interval in ("day", "month", "year"):
        return start.isoformat()[:LABEL[interval]]
    return f"{start.isoformat()} – {end.isoformat()}"


def _scale(top: int) -> float:
    return (HEIGHT - PAD_TOP - PAD_BOTTOM) / top if top else 0.0


def bars(hist, href) -> dict:
    """Geometry of a histogram's bars; href(bucket) is the link of a period (None: none)."""
    n = len(hist.buckets)
    plot = WIDTH - PAD_START - PAD_END
    step = plot / n if n else plot
    gap = min(2.0, step * 0.15)
    scale = _scale(hist.max_count)
    base = HEIGHT - PAD_BOTTOM
    out = []
    for i, b in enumerate(hist.buckets):
        h = b.count * scale
        if b.count and h < 1:
            h = 1.0                     # a period with hits is always visible
        out.append(Bar(round(PAD_START + i * step + gap / 2, 2), round(base - h, 2),
                       round(max(step - gap, 0.5), 2), round(h, 2), b.count,
                       _period_label(b.start, b.end, hist.interval),
                       href(b) if b.count else None))
    at = _ticks(n)
    ticks = list(zip([round(PAD_START + i * step + step / 2, 2) for i in at],
                     _short([hist.buckets[i].start.isoformat()[:LABEL[hist.interval]] for i in at])))
    return {"width": WIDTH, "height": HEIGHT, "bars": out, "base": base,
            "ticks": _anchors(ticks, PAD_START, WIDTH - PAD_END),
            "top": PAD_TOP, "max": hist.max_count, "x0": PAD_START, "x1": WIDTH - PAD_END,
            "slot": round(step, 2)}


def lines(keys: list[str], series: list[list[float | None]], label_chars: int = 10) -> dict:
    """Geometry of a line chart: one SVG path per series over the same keys (periods); a
    None value (e.g. a rate where the period has no documents) breaks the line."""
    n = len(keys)
    plot = WIDTH - PAD_START - PAD_END
    step = plot / max(n - 1, 1)
    top = max((v for s in series for v in s if v is not None), default=0)
    scale = _scale(top)
    base = HEIGHT - PAD_BOTTOM

    def x(i):
        return round(PAD_START + (i * step if n > 1 else plot / 2), 2)
    def path(values) -> str:
        out, pen = [], "M"
        for i, v in enumerate(values):
            if v is None:
                pen = "M"
                continue
            out.append(f"{pen}{x(i)},{round(base - v * scale, 2)}")
            pen = "L"
        return " ".join(out)
    def dots(values) -> list[tuple[float, float]]:
        """Points with no segment to draw (a single period, or between gaps): a path of
        one point shows nothing, so these are drawn as dots."""
        return [(x(i), round(base - v * scale, 2)) for i, v in enumerate(values)
                if v is not None and (i == 0 or values[i - 1] is None)
                and (i == n - 1 or values[i + 1] is None)]
    polylines = [path(s) for s in series]
    at = _ticks(n)
    ticks = list(zip([x(i) for i in at], _short([keys[i][:label_chars] for i in at])))
    return {"width": WIDTH, "height": HEIGHT, "lines": polylines, "dots": [dots(s) for s in series],
            "base": base,
            "ticks": _anchors(ticks, PAD_START, WIDTH - PAD_END),
            "top": PAD_TOP, "max": top, "x0": PAD_START, "x1": WIDTH - PAD_END}


def gap_bands(n: int, gaps: list[bool]) -> list[tuple[float, float]]:
    """(x, width) of a shaded band over each period without any document, on the x scale of
    lines() over n periods: the chart marks it instead of drawing a zero."""
    plot = WIDTH - PAD_START - PAD_END
    step = plot / max(n - 1, 1)
    half = step / 2 if n > 1 else plot / 2
    out = []
    for i, gap in enumerate(gaps):
        if gap:
            x = PAD_START + (i * step if n > 1 else plot / 2)
            lo, hi = max(PAD_START, x - half), min(WIDTH - PAD_END, x + half)
            out.append((round(lo, 2), round(max(hi - lo, 1.0), 2)))
    return out


def heatmap(cov: dict, label) -> dict:
    """Geometry of the coverage heatmap: a row per source (label(source) its name), a cell
    per period at one of 5 levels of the source's own busiest period (0: no documents)."""
    n = len(cov["periods"])
    label_w, top, bottom = 150, 4, 22
    cell_h = 14
    cell_w = (WIDTH - label_w - PAD_END) / max(n, 1)
    rows = []
    for r, src in enumerate(cov["sources"]):
        most = max(src["counts"]) or 1
        y = top + r * (cell_h + 2)
        cells = [{"x": round(label_w + i * cell_w, 2), "count": c, "period": cov["periods"][i],
                  "level": 0 if not c else min(4, 1 + int(4 * c / (most + 1)))}
                 for i, c in enumerate(src["counts"])]
        rows.append({"y": y, "label": label(src["source"]), "cells": cells})
    height = top + len(rows) * (cell_h + 2) + bottom
    empty = [(round(label_w + i * cell_w, 2), round(cell_w, 2))
             for i, p in enumerate(cov["periods"]) if p in set(cov["empty"])]
    at = _ticks(n)
    chars = LABEL.get(cov["interval"], 10)
    ticks = list(zip([round(label_w + i * cell_w + cell_w / 2, 2) for i in at],
                     _short([cov["periods"][i][:chars] for i in at])))
    return {"width": WIDTH, "height": height, "rows": rows, "cell_w": round(max(cell_w - 1, 0.5), 2),
            "cell_h": cell_h, "label_x": label_w - 6, "bottom": bottom, "empty": empty,
            "ticks": _anchors(ticks, label_w, WIDTH - PAD_END)}
