"""Trends: several queries compared over time (/trends, its JSON twin /api/trends, and CSV).

    /trends?q=النفط&q=الانتخابات&interval=month&source=...     the chart and the table
    /api/trends?q=...&q=...[&format=csv]                        the same data
    /trends?q=النفط&split=source                                one line per source

q repeats (up to corpus.research.trends.MAX_QUERIES); the other parameters are the search
page's (filters, since, until, op, interval) and apply to every query and to the baseline.
split=FACET (any facet of corpus/fields.py) takes one query and draws one line per value
(the MAX_SPLIT with most matches), rated on the value's own documents.
"""
from __future__ import annotations

import dataclasses

from flask import Blueprint, request, url_for
from werkzeug.datastructures import MultiDict

from corpus.errors import QueryError
from corpus.fields import FACETS
from corpus.request import MAX_SPLIT
from corpus.research.trends import MAX_QUERIES, clean_queries, trends, trends_dict
from search_web import charts, export, params
from search_web.render import Csv, TwinView, searcher

bp = Blueprint("trends", __name__)

EMPTY_INPUTS = 2           # blank query boxes offered under the ones in use


def _parse(args, api: bool):
    """(queries, SearchParams of the rest, measure, split facet or None); QueryError for
    anything wrong. The page without a query (its empty form) has no queries; everything
    else is checked alike."""
    given = any(q.strip() for q in args.getlist("q"))
    queries = clean_queries(args.getlist("q")) if given or api else []
    measure = args.get("measure", "").strip() or "rate"
    if measure not in params.MEASURES:
        raise QueryError("measure", value=measure)
    for name in ("page", "size", "limit", "offset", "include", "facet_size", "more"):
        if name in args:
            raise QueryError("not_for_trends", name=name)
    params.check(args, "trends", api)
    split = args.get("split", "").strip() or None      # checked by SearchRequest.build
    rest = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in ("q", "measure", "split")])
    p = params.parse_args(rest, api=api, endpoint="trends")
    return queries, p, measure, split


class Trends(TwinView):
    page_rule, api_rule, endpoint, api_endpoint = "/trends", "/api/trends", "page", "api_trends"
    template, formats, form = "trends.html", ("json", "csv"), True

    def parse(self, args, fmt):
        return _parse(args, api=fmt != "html")

    def compute(self, state):
        queries, p, _, split = state
        if not queries:
            return None         # the page's empty form
        kwargs = p.search_kwargs()
        kwargs.pop("sort", None)
        if "group" in kwargs:
            kwargs["group"] = "none"        # trends count articles, not stories
        kwargs.pop("count", None)
        kwargs.pop("semantic", None)        # trends count the articles holding the words
        return trends(searcher(), queries, interval=p.interval, split=split, **kwargs)

    def json(self, state, t):
        return trends_dict(t)

    def csv(self, state, t):
        value = (t.split,) if t.split else ()        # split: the value's column, named after the facet
        rows = ((start.isoformat(), end.isoformat(), export.neutralise(q),
                 *((export.neutralise(v),) if t.split else ()), n, docs, "" if r is None else r)
                for start, end, q, v, n, docs, r in t.rows())
        return Csv(export.filename("csv").replace("search", "trends"),
                   ("period_start", "period_end", "query", *value, "count", "documents", "per_1000"), rows)

    def context(self, state, t, error):
        if error:
            raw = [q.strip() for q in request.args.getlist("q") if q.strip()]
            return dict(error=error, t=None, queries=raw, inputs=_inputs(raw), p=params.SearchParams(),
                        measure="rate", split=None, facets=FACETS, max_split=MAX_SPLIT)
        queries, p, measure, split = state
        qs = request.query_string.decode()
        chart = None
        if t and t.periods:
            values = [s.rates if measure == "rate" else s.counts for s in t.series]
            chars = {"month": 7, "year": 4}.get(t.interval, 10)
            chart = charts.lines([s.isoformat() for s, _ in t.periods], values, label_chars=chars)
            chart["gaps"] = charts.gap_bands(len(t.periods), [n == 0 for n in t.documents])
        base = request.args.copy()
        base.poplist("measure")
        return dict(
            error=None, t=t, queries=queries, inputs=_inputs(queries), p=p,
            measure=measure, chart=chart, split=split, facets=FACETS, max_split=MAX_SPLIT,
            measure_links={m: url_for("trends.page", **base.to_dict(flat=False), measure=m) for m in params.MEASURES},
            json_twin=f"{url_for('trends.api_trends')}?{qs}" if t else None,
            csv_url=f"{url_for('trends.api_trends')}?{qs}&format=csv" if t else None,
            search_links=[f"{url_for('views.search')}?{_search_state(p, s, split).query_string()}"
                          for s in (t.series if t else [])],
            max_queries=MAX_QUERIES)


Trends.register(bp)


def _search_state(p, series, split):
    """The search page's state for a series: its query, and its value as a filter when split."""
    state = dataclasses.replace(p, q=series.query)
    return state if split is None else state.with_filter(split, series.value)


def _inputs(queries) -> list[str]:
    return (list(queries) + [""] * EMPTY_INPUTS)[:max(MAX_QUERIES, 1)] if len(queries) < MAX_QUERIES \
        else list(queries)
