"""Request arguments -> validated search parameters (shared by the pages and the JSON API).

Every problem raises corpus.search.QueryError with a message the user can act on; the
callers turn it into HTTP 400. The same object rebuilds canonical query strings, so every
state of the search page is a shareable GET URL and its JSON twin has the same parameters.
"""
from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from corpus.fields import FACETS, facet_key
from corpus.request import COUNTS, MAX_FACET_SIZE, default_sort
from corpus.histogram import CHOICES as INTERVALS
from corpus.search import MAX_PAGE, MAX_SIZE, SORTS, QueryError, parse_date
from search_web import export

MAX_QUERY_CHARS = 500          # longer q -> 400
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

SINGLE = ("q", "op", "sort", "page", "size", "since", "until", "translate", "group")
GROUPS = ("story", "none")     # story: one result per story (near-duplicates folded)
TRANSLATE = ("auto", "off")    # auto: words also search their translations (corpus/translate)
SINGLE += ("interval", "facet_size", "more", "count")
SINGLE += ("semantic",)         # auto | off: vector neighbours (indexes built with --embeddings)
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


def _integer(name: str, raw: str, low: int, high: int | None = None) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise QueryError(f"{name} must be a whole number, got {raw!r}") from None
    if name == "size" and not low <= value <= high:
        raise QueryError(f"size must be between {low} and {high}")
    if value < low:
        raise QueryError(f"{name} must be {low} or more")
    if high is not None and value > high:
        raise QueryError(f"{name} must be at most {high:,}")
    return value


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
        raise QueryError(f"too many parameters ({total}); at most {MAX_PARAM_VALUES}")
    for name in args.keys():
        values = args.getlist(name)
        if is_link_tracking(name):
            continue
        if name not in known:
            raise QueryError(f"unknown parameter {name!r}; parameters: {', '.join(known) or 'none'}")
        if name in single and len(values) > 1:
            raise QueryError(f"{name} may be given only once")
        if len(values) > MAX_VALUES_PER_PARAM:
            raise QueryError(f"too many {name} values ({len(values)}); at most {MAX_VALUES_PER_PARAM}")


def parse_args(args, *, api: bool = False, export_limit: int = EXPORT_LIMIT, extra=()) -> SearchParams:
    """Validate a request's query arguments (a werkzeug MultiDict); pages and the API reject
    the same unknown parameters and values. `extra`: single-valued names a page takes besides
    (the search page's spell, the document page's at), validated by the caller."""
    single = (*SINGLE, *(API_ONLY if api else ()), *extra)
    check_names(args, (*single, "drop", *FACETS), single)

    p = SearchParams()
    p.q = args.get("q", "").strip()
    if len(p.q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(p.q)} characters); at most {MAX_QUERY_CHARS}")
    p.op = args.get("op", "").strip().lower() or "and"
    if p.op not in ("and", "or"):
        raise QueryError(f"op must be 'and' (all words) or 'or' (any word), got {p.op!r}")
    p.sort = args.get("sort", "").strip()
    if p.sort and p.sort not in SORTS:
        raise QueryError(f"unknown sort {p.sort!r}; use one of {', '.join(SORTS)}")
    if args.get("page", "").strip():
        p.page = _integer("page", args["page"], 1, MAX_PAGE)
    if args.get("size", "").strip():
        p.size = _integer("size", args["size"], 0 if api else 1, MAX_SIZE)    # API: 0 = counts only
    p.translate = args.get("translate", "").strip().lower() or "auto"
    if p.translate not in TRANSLATE:
        raise QueryError(f"translate must be 'auto' (also search the other language) or 'off', "
                         f"got {p.translate!r}")
    p.group = args.get("group", "").strip().lower() or ("none" if api else "story")
    if p.group not in GROUPS:
        raise QueryError(f"group must be 'story' (one result per story) or 'none' (every "
                         f"article), got {p.group!r}")
    p.count = args.get("count", "").strip().lower()
    if p.count and p.count not in COUNTS:
        raise QueryError(f"count must be 'documents' (every article) or 'stories' (a story once "
                         f"per facet value), got {p.count!r}")
    p.semantic = args.get("semantic", "").strip().lower() or "auto"
    if p.semantic not in ("auto", "off"):
        raise QueryError(f"semantic must be 'auto' (also the documents closest in meaning, on an "
                         f"index built with --embeddings) or 'off' (words only), got {p.semantic!r}")
    for v in args.getlist("drop"):
        v = v.strip()
        if len(v) > MAX_VALUE_CHARS:
            raise QueryError(f"a drop value is too long; at most {MAX_VALUE_CHARS} characters")
        if v and v not in p.drop:
            p.drop.append(v)
    p.interval = args.get("interval", "").strip().lower() or "auto"
    if p.interval not in INTERVALS:
        raise QueryError(f"unknown interval {p.interval!r}; use one of {', '.join(INTERVALS)}")
    if args.get("facet_size", "").strip():
        p.facet_size = _integer("facet_size", args["facet_size"], 1, MAX_FACET_SIZE)
    p.more = args.get("more", "").strip()
    if p.more and p.more not in FACETS:
        raise QueryError(f"unknown facet {p.more!r} in more; facets: {', '.join(FACETS)}")
    for name in ("since", "until"):
        value = args.get(name, "").strip()
        parse_date(value, name)          # raises QueryError for a bad date
        setattr(p, name, value)
    if p.since and p.until and p.since > p.until:
        raise QueryError(f"since ({p.since}) is after until ({p.until})")
    for name in FACETS:
        values = []
        for v in args.getlist(name):
            v = v.strip()
            if len(v) > MAX_VALUE_CHARS:
                raise QueryError(f"a {name} value is too long; at most {MAX_VALUE_CHARS} characters")
            if v and v not in values:
                values.append(v)
        if values:
            p.filters[name] = values
    if api:
        p.format = args.get("format", "").strip().lower() or "json"
        if p.format not in FORMATS:
            raise QueryError(f"unknown format {p.format!r}; use one of {', '.join(FORMATS)}")
        if args.get("limit", "").strip():     # validated always; used by exports only
            p.limit = _integer("limit", args["limit"], 1, export_limit)
        else:
            p.limit = export_limit
        if args.get("offset", "").strip():
            p.offset = _integer("offset", args["offset"], 0, MAX_PAGE * MAX_SIZE)
        include = [c.strip().lower() for v in args.getlist("include") for c in v.split(",") if c.strip()]
        unknown = [c for c in include if c not in EXPORT_COLUMNS]
        if unknown:
            raise QueryError(f"unknown column {unknown[0]!r} in include; use {', '.join(EXPORT_COLUMNS)}")
        p.include = tuple(c for c in EXPORT_COLUMNS if c in include)
    return p
