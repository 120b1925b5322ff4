"""The search page's histogram split by a facet (split=source) or normalised by the volume
of each period (normalize=volume), and its JSON twin (`timeline` in /api/search).

Both come from corpus.research.trends on the periods of the baseline (every document passing
the same filters and dates), zero-filled, so that the series line up: a count per period, and
with normalize=volume a rate per 1,000 documents of the period (of the value's own documents
when split). A period without any document is a gap: its rate is null, and the chart marks it
instead of drawing a zero.
"""
from __future__ import annotations

from corpus.research.trends import trends, trends_dict
from search_web import charts

MEASURE_NOTE = {
    "volume": ("per 1,000 documents of the same period (documents passing the same filters and "
               "dates{own}); periods without any document are gaps, not zeros"),
}


def compute(searcher, p):
    """The Trends of a search state, or None when it asks for neither split nor normalize."""
    if not (p.split or p.normalize):
        return None
    kwargs = p.search_kwargs()
    for name in ("sort", "count", "semantic"):
        kwargs.pop(name, None)
    kwargs["group"] = "none"            # counts of articles, as the histogram's
    return trends(searcher, [p.q], interval=p.interval, split=p.split or None, **kwargs)


def as_dict(t, p) -> dict:
    out = trends_dict(t)
    out["normalize"] = p.normalize or None
    out["gaps"] = [s.isoformat() for (s, _), n in zip(t.periods, t.documents) if n == 0]
    return out


def context(t, p) -> dict:
    """What _timeline.html draws: one chart (bars without split, lines with), the gaps."""
    if t is None or not t.periods:
        return {"timeline": None}
    rate = p.normalize == "volume"
    values = [s.rates if rate else s.counts for s in t.series]
    chars = {"month": 7, "year": 4}.get(t.interval, 10)
    keys = [s.isoformat() for s, _ in t.periods]
    gaps = [n == 0 for n in t.documents]
    chart = charts.lines(keys, values, label_chars=chars)
    chart["gaps"] = charts.gap_bands(len(keys), gaps)
    return {"timeline": t, "timeline_chart": chart, "timeline_rate": rate,
            "timeline_gaps": [k for k, g in zip(keys, gaps) if g]}
