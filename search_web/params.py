"""Request arguments -> search parameters (shared by the pages and the JSON API).

This module keeps the HTTP rules only (parameter names, repeats, how many values, how long);
every rule about what a value means is SearchRequest.build's (corpus/request.py), which
parse_args runs once, so each rule and its message exist in one place. A problem is a
QueryError with a code (corpus/messages.py); the callers turn it into HTTP 400. The same
object rebuilds canonical query strings, so every state of the search page is a shareable
GET URL and its JSON twin has the same parameters.
"""
from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from corpus.errors import QueryError
from corpus.fields import FACETS, facet_key
from corpus.histogram import CHOICES as INTERVALS  # noqa: F401  (the OpenAPI document's)
from corpus.request import (MAX_FACET_SIZE, MAX_PAGE, MAX_QUERY_CHARS, MAX_SIZE,  # noqa: F401
                            SearchRequest, default_sort, whole_number)
from search_web import export

MAX_VALUES_PER_PARAM = 20      # e.g. at most 20 source=... values
MAX_PARAM_VALUES = 100         # all values of all parameters together
MAX_VALUE_CHARS = 200          # one filter value
EXPORT_LIMIT = 10_000          # most rows a CSV/JSONL export returns
EXPORT_FORMATS = ("csv", "jsonl")
FORMATS = ("json", *EXPORT_FORMATS)
DEFAULT_SIZE = 10
FACET_SIZE = 20                # facet values shown; `more=<facet>` on pages shows MORE_VALUES
MORE_VALUES = 200
EXPORT_COLUMNS = export.OPTIONAL         # optional export columns (include=story,text,snippet)

SINGLE = ("q", "op", "sort", "page", "size", "since", "until", "translate", "group",
          "interval", "facet_size", "more", "count", "semantic", "split", "normalize")
NORMALIZE = ("volume",)        # the histogram per 1,000 documents of its period (search_web/timeline.py)
API_ONLY = ("format", "limit", "offset", "include")


@dataclasses.dataclass
class SearchParams:
    q: str = ""
    op: str = "and"
    sort: str = ""              # "": relevance with a query, newest first without (default_sort)
    page: int = 1
    size: int = DEFAULT_SIZE
    since: str = ""
    until: str = ""
    filters: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    translate: str = "auto"
    drop: list[str] = dataclasses.field(default_factory=list)     # translations removed
    group: str = "story"        # the pages' default; the API's is "none" (parse_args)
    count: str = ""             # facet counts: documents or stories; "": stories when grouped
    semantic: str = "auto"      # corpus/embeddings/search.py
    format: str = "json"
    limit: int = EXPORT_LIMIT
    interval: str = "auto"      # the histogram's (corpus/histogram.py)
    facet_size: int = FACET_SIZE
    more: str = ""              # pages: the facet shown with MORE_VALUES values
    offset: int = 0             # exports: rows skipped (the next slice past the limit)
    include: tuple = ()         # exports: optional columns (EXPORT_COLUMNS)
    split: str = ""             # the histogram: one series per value of this facet
    normalize: str = ""         # the histogram: "volume" = per 1,000 documents of the period

    @property
    def effective_sort(self) -> str:
        return self.sort or default_sort(self.q)

    def facet_limits(self) -> dict:
        """SearchRequest's facet_limit and facet_limits for this state."""
        return {"facet_limit": self.facet_size,
                "facet_limits": {self.more: MORE_VALUES} if self.more else {}}

    # -- what Corpus.search / Corpus.export take
    def search_kwargs(self) -> dict:
        return {"filters": self.filters, "since": self.since or None, "until": self.until or None,
                "sort": self.sort, "op": self.op, "translate": self.translate, "drop": self.drop,
                "group": self.group, **({"count": self.count} if self.count else {}),
                "semantic": self.semantic}

    # -- canonical query strings
    def pairs(self, *, paging: bool = True, **changes) -> list[tuple[str, str]]:
        """(name, value) pairs of this state (defaults left out), with `changes` applied."""
        p = dataclasses.replace(self, **changes) if changes else self
        out: list[tuple[str, str]] = []
        if p.q:
            out.append(("q", p.q))
        if p.op != "and":
            out.append(("op", p.op))
        for name in FACETS:
            out += [(name, v) for v in p.filters.get(name, ())]
        if p.since:
            out.append(("since", p.since))
        if p.until:
            out.append(("until", p.until))
        if p.sort:
            out.append(("sort", p.sort))
        if p.translate != "auto":
            out.append(("translate", p.translate))
        out += [("drop", t) for t in p.drop]
        if p.group != "story":      # the pages' default
            out.append(("group", p.group))
        if p.count:
            out.append(("count", p.count))
        if p.semantic != "auto":
            out.append(("semantic", p.semantic))
        if p.interval != "auto":
            out.append(("interval", p.interval))
        if p.split:
            out.append(("split", p.split))
        if p.normalize:
            out.append(("normalize", p.normalize))
        if p.facet_size != FACET_SIZE:
            out.append(("facet_size", str(p.facet_size)))
        if p.more:
            out.append(("more", p.more))
        if paging:
            if p.page != 1:
                out.append(("page", str(p.page)))
            if p.size != DEFAULT_SIZE:
                out.append(("size", str(p.size)))
        return out

    def query_string(self, *, paging: bool = True, **changes) -> str:
        return urlencode(self.pairs(paging=paging, **changes))

    def with_filter(self, name: str, value: str) -> "SearchParams":
        """This state plus a filter value (from page 1)."""
        filters = {k: list(v) for k, v in self.filters.items()}
        chosen = filters.setdefault(name, [])
        if facet_key(value) not in {facet_key(v) for v in chosen}:
            chosen.append(value)
        return dataclasses.replace(self, filters=filters, page=1)

    def without_filter(self, name: str, value: str) -> "SearchParams":
        """This state minus a filter value, compared as the index compares them (normalised)."""
        key = facet_key(value)
        filters = {k: [x for x in v if not (k == name and facet_key(x) == key)]
                   for k, v in self.filters.items()}
        return dataclasses.replace(self, filters={k: v for k, v in filters.items() if v}, page=1)

    def without_translation(self, term: str) -> "SearchParams":
        """This state with a translated term removed (from page 1)."""
        return dataclasses.replace(self, drop=[*self.drop, term] if term not in self.drop
                                   else self.drop, page=1)

    def with_translation(self, term: str) -> "SearchParams":
        """This state with a removed translation searched again."""
        return dataclasses.replace(self, drop=[t for t in self.drop if t != term], page=1)

    def active_filters(self) -> list[tuple[str, str]]:
        return [(name, v) for name in FACETS for v in self.filters.get(name, ())]


# What sites and newsletters append to a shared link: ignored, so that the link still opens.
LINK_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "igshid")


def is_link_tracking(name: str) -> bool:
    return name.startswith(LINK_TRACKING)


def check_names(args, known, single=()) -> None:
    """The parameter names of a request (a werkzeug MultiDict), for every page and API route:
    none unknown (a typo like `years=2019` must not silently return everything), `single` ones
    once, a bounded number of values."""
    total = sum(len(args.getlist(name)) for name in args.keys())
    if total > MAX_PARAM_VALUES:
        raise QueryError("too_many_parameters", count=total, max=MAX_PARAM_VALUES)
    for name in args.keys():
        values = args.getlist(name)
        if is_link_tracking(name):
            continue
        if name not in known:
            raise QueryError("unknown_parameter", name=name, known=", ".join(known) or "none")
        if name in single and len(values) > 1:
            raise QueryError("given_twice", name=name)
        if len(values) > MAX_VALUES_PER_PARAM:
            raise QueryError("too_many_values", name=name, count=len(values), max=MAX_VALUES_PER_PARAM)


def values(args, name: str) -> list[str]:
    """The distinct non-empty values of a repeatable parameter, each at most MAX_VALUE_CHARS."""
    out: list[str] = []
    for v in args.getlist(name):
        v = v.strip()
        if len(v) > MAX_VALUE_CHARS:
            raise QueryError("value_too_long", name=name, max=MAX_VALUE_CHARS)
        if v and v not in out:
            out.append(v)
    return out


def parse_args(args, *, api: bool = False, export_limit: int = EXPORT_LIMIT, extra=()) -> SearchParams:
    """A request's query arguments (a werkzeug MultiDict), checked: the HTTP rules here, the
    rest by SearchRequest.build, so pages and the API refuse the same things alike. `extra`:
    single-valued names a page takes besides (the search page's spell, the document page's
    at), validated by the caller."""
    single = (*SINGLE, *(API_ONLY if api else ()), *extra)
    check_names(args, (*single, "drop", *FACETS), single)

    def text(name: str) -> str:
        return args.get(name, "").strip()
    filters = {name: values(args, name) for name in FACETS}
    filters = {name: v for name, v in filters.items() if v}
    drop, more = values(args, "drop"), text("more")
    req = SearchRequest.build(
        text("q"), filters=filters, since=text("since"), until=text("until"),
        translate=text("translate"), drop=drop, sort=text("sort"), page=text("page") or 1,
        size=text("size") or DEFAULT_SIZE, op=text("op"), histogram=text("interval") or "auto",
        facet_limit=text("facet_size") or FACET_SIZE, facet_limits={more: MORE_VALUES} if more else {},
        group=text("group") or ("none" if api else "story"), count=text("count"),
        semantic=text("semantic") or "auto", split=text("split") or None)
    if text("normalize") not in ("", *NORMALIZE):
        raise QueryError("normalize", value=text("normalize"), choices=", ".join(NORMALIZE))
    p = SearchParams(q=req.q, op=req.op, sort=req.sort if text("sort") else "", page=req.page,
                     size=req.size, since=text("since"), until=text("until"), filters=filters,
                     translate=req.translate, drop=drop, group=req.group,
                     count=req.count if text("count") else "", semantic=req.semantic,
                     interval=req.histogram, facet_size=req.facet_limit, more=more,
                     split=req.split or "", normalize=text("normalize"))
    if req.size == 0 and not api:       # counts only (size=0) is the API's; a page shows hits
        raise QueryError("out_of_range", name="size", low=1, high=MAX_SIZE)
    if api:
        p.format = text("format").lower() or "json"
        if p.format not in FORMATS:
            raise QueryError("unknown_format", value=p.format, choices=", ".join(FORMATS))
        # validated always; used by exports only
        p.limit = whole_number("limit", text("limit"), 1, export_limit) if text("limit") else export_limit
        p.offset = whole_number("offset", text("offset"), 0, MAX_PAGE * MAX_SIZE) if text("offset") else 0
        include = [c.strip().lower() for v in args.getlist("include") for c in v.split(",") if c.strip()]
        unknown = [c for c in include if c not in EXPORT_COLUMNS]
        if unknown:
            raise QueryError("unknown_column", value=unknown[0], choices=", ".join(EXPORT_COLUMNS))
        p.include = tuple(c for c in EXPORT_COLUMNS if c in include)
    return p
