"""Coverage: documents per period per source, and the periods with no documents at all.

Built from searcher.coverage() (documents per day per source, both engines): the periods
run from the first dated document to the last, zero-filled, by day when the span is short
enough to read (corpus.histogram.choose_interval), else by week, month or year. A period
without any document (e.g. the days the crawl missed) is listed in `empty`; a source's
periods without its documents count in its `missing`.

    coverage(searcher.coverage()) -> {"interval", "periods", "sources": [...], "empty": [...]}
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from corpus.histogram import choose_interval, next_period, period_start


def coverage(per_day: dict[str, dict[str, int]]) -> dict:
    days = sorted(dt.date.fromisoformat(d) for d in per_day)
    if not days:
        return {"interval": "day", "periods": [], "documents": [], "sources": [], "empty": []}
    interval = choose_interval(days[0], days[-1])
    periods, at = [], period_start(days[0], interval)
    while at <= days[-1]:
        periods.append(at)
        at = next_period(at, interval)
    index = {p: i for i, p in enumerate(periods)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    for day, sources in per_day.items():
        i = index[period_start(dt.date.fromisoformat(day), interval)]
        for source, n in sources.items():
            counts[source][i] += n
    totals = [sum(c[i] for c in counts.values()) for i in range(len(periods))]
    rows = sorted(counts.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    return {"interval": interval, "periods": [p.isoformat() for p in periods], "documents": totals,
            "sources": [{"source": s, "documents": sum(c), "counts": c,
                         "missing": sum(1 for n in c if n == 0)} for s, c in rows],
            "empty": [p.isoformat() for p, n in zip(periods, totals) if n == 0]}
