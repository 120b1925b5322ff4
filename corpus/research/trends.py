"""Trends: several queries over time, as counts and as rates per 1,000 documents.

The baseline is every document passing the same filters and dates (q=""): its histogram
fixes the interval and the periods, and each query's counts are read on those periods, so
the series line up and rate = count / documents in the period x 1,000. Any engine: this
only calls searcher.search(..., histogram=...).
"""
from __future__ import annotations

import dataclasses

from corpus.engines.base import Searcher
from corpus.errors import QueryError

MAX_QUERIES = 8


@dataclasses.dataclass
class Series:
    query: str
    total: int
    counts: list[int]
    rates: list[float | None]        # per 1,000 documents of the period; None: no documents
    notices: list[str]


@dataclasses.dataclass
class Trends:
    interval: str
    periods: list[tuple]             # (start, end) dates, end inclusive
    documents: list[int]             # the baseline: every document of the period (filters applied)
    series: list[Series]

    def rows(self):
        """Tidy rows: (start, end, query, count, documents, per_1000) per period and query."""
        for i, (start, end) in enumerate(self.periods):
            for s in self.series:
                yield start, end, s.query, s.counts[i], self.documents[i], s.rates[i]


def rate(count: int, documents: int) -> float | None:
    return round(count * 1000 / documents, 3) if documents else None


def clean_queries(queries) -> list[str]:
    out = []
    for q in queries:
        q = (q or "").strip()
        if q and q not in out:
            out.append(q)
    if not out:
        raise QueryError("trends_need_query")
    if len(out) > MAX_QUERIES:
        raise QueryError("too_many_queries", count=len(out), max=MAX_QUERIES)
    return out


def trends(searcher: Searcher, queries, interval: str = "auto", translate: str = "auto", **kwargs) -> Trends:
    """kwargs: the shared filters, since, until, op ... (SearchRequest.build's arguments).
    Each word also counts its translations unless translate="off", so trends compare
    subjects across the two languages."""
    queries = clean_queries(queries)
    light = dict(size=1, facets=(), snippets=False, **kwargs)
    base = searcher.search("", histogram=interval, **light).histogram
    keys = [b.key for b in base.buckets]
    series = []
    for q in queries:
        res = searcher.search(q, histogram=base.interval, translate=translate, **light)
        per = res.histogram.counts()
        counts = [per.get(k, 0) for k in keys]
        series.append(Series(q, res.total, counts,
                             [rate(n, b.count) for n, b in zip(counts, base.buckets)], res.notices))
    return Trends(base.interval, [(b.start, b.end) for b in base.buckets],
                  [b.count for b in base.buckets], series)


def trends_dict(t: Trends) -> dict:
    return {"interval": t.interval,
            "periods": [{"start": s.isoformat(), "end": e.isoformat(), "documents": n}
                        for (s, e), n in zip(t.periods, t.documents)],
            "series": [{"query": s.query, "total": s.total, "counts": s.counts,
                        "per_1000": s.rates, "notices": s.notices} for s in t.series]}
