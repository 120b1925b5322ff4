"""What the result and document pages add around a search: the histogram, the export
links (with slices when the export limit cuts), the search state carried to a document and
back, previous/next within the results, and the document's metadata as filtered searches.

The views call these; each returns template variables, so views.py stays a thin router.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict

from corpus.errors import QueryError
from corpus.request import whole_number
from search_web import charts, params
from search_web.params import SearchParams

INTERVAL_CHOICES = ("auto", "day", "week", "month", "year")
MAX_SLICES = 50           # export slices listed on a page (50 x 10,000 rows = half a million)
META_FILTERS = ("source", "agency", "author", "place", "section", "lang")


def histogram_context(res, p: SearchParams, link, search_home: str) -> dict:
    """The bar chart of a page: bars link to the search (at search_home) of their period
    (since/until, from page 1; the rest of the state quoted once: SearchParams.dates_queries);
    link(interval=...) the page again with another interval."""
    hist = res.histogram
    if hist is None:
        return {"hist": None}
    period = p.dates_queries()

    def href(bucket) -> str:
        return f"{search_home}?{period(bucket.start.isoformat(), bucket.end.isoformat())}"
    return {"hist": hist, "chart": charts.bars(hist, href),
            "interval_links": [(name, link(interval=name, page=p.page), name == p.interval)
                               for name in INTERVAL_CHOICES]}


def export_context(res, p: SearchParams, api_url: str, limit: int) -> dict:
    """Export links; when the limit cuts, one CSV link per slice of `limit` rows."""
    qs = p.query_string(paging=False, more="", interval="auto")

    def url(fmt: str, **extra) -> str:
        tail = "&".join(f"{k}={v}" for k, v in extra.items())
        return f"{api_url}?{'&'.join(x for x in (qs, f'format={fmt}', tail) if x)}"
    slices = []
    if res.total > limit:
        for offset in range(0, min(res.total, limit * MAX_SLICES), limit):
            slices.append((offset + 1, min(offset + limit, res.total),
                           url("csv", offset=offset) if offset else url("csv")))
    return {"csv_url": url("csv"), "jsonl_url": url("jsonl"),
            "csv_text_url": url("csv", include="snippet,text"),
            "export_limit": limit, "export_cut": res.total > limit, "export_slices": slices,
            "export_more": res.total > limit * MAX_SLICES}


def state_args(p: SearchParams, **changes) -> dict[str, list[str]]:
    """The search state as url_for keyword arguments (repeated parameters as lists)."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, value in p.pairs(**changes):
        out[name].append(value)
    return dict(out)


def document_state(args) -> tuple[SearchParams, int | None]:
    """The search a document was opened from (its URL carries it) and its position there;
    QueryError for a parameter the search page would refuse, or a bad `at`."""
    p = params.parse_args(args, endpoint="document")
    at = args.get("at", "").strip()
    return p, whole_number("at", at, 1, params.MAX_PAGE * params.MAX_SIZE) if at else None


def neighbours(corpus, p: SearchParams, at: int | None) -> dict:
    """The previous and next hits of position `at` in the search p: {"prev"/"next": (id, at)}."""
    out = {}
    if at is None:
        return out
    kwargs = p.search_kwargs()
    for name, pos in (("prev", at - 1), ("next", at + 1)):
        if pos < 1:
            continue
        try:
            res = corpus.search(p.q, page=pos, size=1, facets=(), snippets=False, **kwargs)
        except QueryError:
            return {}
        if res.hits:
            out[name] = (res.hits[0].id, res.hits[0].title, pos)
    return out


def back_state(p: SearchParams, at: int | None) -> SearchParams:
    """The result page holding position `at` (the page the reader came from, or got to)."""
    if at is None:
        return p
    return dataclasses.replace(p, page=(at - 1) // p.size + 1)


def metadata_links(doc: dict, home: str) -> dict[str, str]:
    """Metadata field -> the search of everything sharing that value (date: that day)."""
    links = {}
    for name in META_FILTERS:
        if doc.get(name):
            links[name] = f"{home}?{SearchParams(filters={name: [doc[name]]}).query_string()}"
    if doc.get("date"):
        day = str(doc["date"])[:10]
        links["date"] = f"{home}?{SearchParams(since=day, until=day).query_string()}"
    return links
