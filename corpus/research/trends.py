"""Trends: several queries over time, as counts and as rates per 1,000 documents.

The baseline is every document passing the same filters and dates (q=""): its histogram
fixes the interval and the periods, and each query's counts are read on those periods, so
the series line up and rate = count / documents in the period x 1,000. Any engine: this
only calls searcher.search(..., histogram=...).

Split by a facet (split="source"): one query, one series per value (the MAX_SPLIT values
with most matches), each value's rate per 1,000 of *its own* documents in the period (the
baseline split by the same values): three searches whatever the number of values.
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
    value: str | None = None         # split: the facet value this series counts
    documents: list[int] | None = None   # split: the value's own documents per period

    @property
    def label(self) -> str:
        return self.query if self.value is None else self.value


@dataclasses.dataclass
class Trends:
    interval: str
    periods: list[tuple]             # (start, end) dates, end inclusive
    documents: list[int]             # the baseline: every document of the period (filters applied)
    series: list[Series]
    split: str | None = None         # the facet the query is split by

    def rows(self):
        """Tidy rows: (start, end, query, value, count, documents, per_1000) per period and
        series; value None and documents the baseline's unless split."""
        for i, (start, end) in enumerate(self.periods):
            for s in self.series:
                docs = (s.documents or self.documents)[i]
                yield start, end, s.query, s.value, s.counts[i], docs, s.rates[i]


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


def trends(searcher: Searcher, queries, interval: str = "auto", translate: str = "auto",
           split: str | None = None, **kwargs) -> Trends:
    """kwargs: the shared filters, since, until, op ... (SearchRequest.build's arguments).
    Each word also counts its translations unless translate="off", so trends compare
    subjects across the two languages. split: a facet; see the module's docstring.
    queries [""]: every document passing the filters (the search page without a query)."""
    queries = [""] if list(queries) == [""] else clean_queries(queries)
    if split and len(queries) > 1:
        raise QueryError("split_one_query", count=len(queries), name=split)
    light = dict(size=0, facets=(), snippets=False, **kwargs)
    base = searcher.search("", histogram=interval, **light).histogram
    keys = [b.key for b in base.buckets]
    if split:
        res = searcher.search(queries[0], histogram=base.interval, translate=translate, split=split, **light)
        series = _split_series(searcher, queries[0], split, res, keys, light)
    else:
        series = []
        for q in queries:
            res = searcher.search(q, histogram=base.interval, translate=translate, **light)
            counts = on_periods(res.histogram, keys)
            series.append(Series(q, res.total, counts,
                                 [rate(n, b.count) for n, b in zip(counts, base.buckets)], res.notices))
    return Trends(base.interval, [(b.start, b.end) for b in base.buckets],
                  [b.count for b in base.buckets], series, split)


def on_periods(hist, keys: list[str]) -> list[int]:
    """A histogram's counts on the baseline's periods (0 where it has none)."""
    per = hist.counts()
    return [per.get(k, 0) for k in keys]


def _split_series(searcher, q: str, split: str, res, keys: list[str], light: dict) -> list[Series]:
    """One series per split value of the query's results, rated on the value's own documents."""
    values = list(res.split)
    own = searcher.search("", histogram=res.histogram.interval, split=split, split_values=values,
                          **light).split if values else {}
    out = []
    for v in values:
        counts, docs = on_periods(res.split[v], keys), on_periods(own[v], keys)
        out.append(Series(q, sum(counts) + res.split[v].undated, counts,
                          [rate(n, d) for n, d in zip(counts, docs)], res.notices, v, docs))
    return out


def trends_dict(t: Trends) -> dict:
    return {"interval": t.interval, "split": t.split,
            "periods": [{"start": s.isoformat(), "end": e.isoformat(), "documents": n}
                        for (s, e), n in zip(t.periods, t.documents)],
            "series": [{"query": s.query, "value": s.value, "total": s.total, "counts": s.counts,
                        "documents": s.documents, "per_1000": s.rates, "notices": s.notices}
                       for s in t.series]}
