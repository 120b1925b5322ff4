"""Charts drawn on the server as inline SVG geometry (no JavaScript; the CSP allows SVG
presentation attributes, and the colours come from style.css classes).

    bars(histogram, href)        -> the hits-over-time bar chart of a result page
    lines(keys, series)          -> the trends line chart (one polyline per query)
"""
from __future__ import annotations

import dataclasses

WIDTH, HEIGHT = 720, 140           # the viewBox; CSS scales it to the page width
PAD_START, PAD_END, PAD_TOP, PAD_BOTTOM = 44, 8, 10, 22
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
    ticks = [(round(PAD_START + i * step + step / 2, 2),
              hist.buckets[i].start.isoformat()[:LABEL[hist.interval]]) for i in _ticks(n)]
    return {"width": WIDTH, "height": HEIGHT, "bars": out, "ticks": ticks, "base": base,
            "top": PAD_TOP, "max": hist.max_count, "x0": PAD_START, "x1": WIDTH - PAD_END,
            "slot": round(step, 2)}


def lines(keys: list[str], series: list[list[float]], label_chars: int = 10) -> dict:
    """Geometry of a line chart: one polyline per series over the same keys (periods)."""
    n = len(keys)
    plot = WIDTH - PAD_START - PAD_END
    step = plot / max(n - 1, 1)
    top = max((v for s in series for v in s), default=0)
    scale = _scale(top)
    base = HEIGHT - PAD_BOTTOM

    def x(i):
        return round(PAD_START + (i * step if n > 1 else plot / 2), 2)
    polylines = [" ".join(f"{x(i)},{round(base - v * scale, 2)}" for i, v in enumerate(s))
                 for s in series]
    ticks = [(x(i), keys[i][:label_chars]) for i in _ticks(n)]
    return {"width": WIDTH, "height": HEIGHT, "lines": polylines, "ticks": ticks, "base": base,
            "top": PAD_TOP, "max": top, "x0": PAD_START, "x1": WIDTH - PAD_END}
