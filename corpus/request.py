"""The engine-neutral search request, validated once, and the facet rules both engines share."""
from __future__ import annotations

import dataclasses
import datetime as dt
import heapq

from corpus.errors import QueryError
from corpus.metadata import canonical
from corpus.histogram import CHOICES as HISTOGRAM_INTERVALS
from corpus.fields import FACETS, facet_key
from corpus.results import FacetValue

SORTS = ("relevance", "date", "-date")
OPS = ("and", "or")
GROUPS = ("none", "story")      # story: one hit per story (near-duplicates folded together)
COUNTS = ("documents", "stories")   # what facet counts count (stories: each story once per value)
GROUP_WINDOW = 10_000           # grouped results reach this many stories deep
MAX_SIZE = 100
MAX_PAGE = 10_000               # with size 100: the first million hits
MAX_QUERY_CHARS = 500
MAX_FACET_SIZE = 1_000
MAX_FILTER_VALUES = 1_000       # values of one filter (OpenSearch: index.max_terms_count)
MAX_DROPS = 50                  # translated terms left out
MAX_SPLIT = 20                  # split histograms: the top values of the split facet, at most


def default_sort(q: str) -> str:
    """Relevance for a query; newest first when browsing (every score would be equal)."""
    return "relevance" if (q or "").strip() else "-date"


def parse_date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise QueryError("date", name=name, value=value) from None


def valid_text(name: str, value):
    """`value`, refused when it is not text: a lone surrogate (a bad \\ud800 escape) that no
    analyzer or engine can encode."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise QueryError("not_text", name=name, point=ord(value[e.start]), at=e.start + 1) from None
    return value


def whole_number(name: str, value, low: int, high: int) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise QueryError("whole_number", name=name, value=value) from None
    if not low <= n <= high:
        raise QueryError("out_of_range", name=name, low=low, high=high)
    return n


@dataclasses.dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    op: str = "and"
    sort: str = "relevance"
    page: int = 1
    size: int = 10
    filters: dict = dataclasses.field(default_factory=dict)    # facet -> tuple of values
    since: dt.date | None = None
    until: dt.date | None = None
    facets: tuple = FACETS
    facet_limit: int = 20
    snippets: bool = True
    suggest: bool = True            # spelling variants and "did you mean" (corpus/suggest)
    translate: str = "auto"         # auto: words also search their translations; off: as typed
    drop: tuple = ()                # translated terms left out (the user removed them)
    group: str = "none"
    histogram: str | None = None    # None: no histogram; else an interval or "auto"
    facet_limits: dict = dataclasses.field(default_factory=dict)   # facet -> its own limit
    count: str = "documents"        # facet counts in documents or stories (COUNTS)
    semantic: str = "off"           # auto: vector neighbours join (--embeddings; opt-in here, the API's default)
    split: str | None = None        # a facet: a histogram per value too (Results.split; needs histogram)
    split_values: tuple = ()        # those values; (): the MAX_SPLIT most frequent among the hits

    @classmethod
    def build(cls, q: str = "", filters: dict | None = None, since=None, until=None,
              translate: str = "auto", drop=(),
              sort: str | None = None, page: int = 1, size: int = 10, facets=FACETS,
              op: str = "and", facet_limit: int = 20, snippets: bool = True, suggest: bool = True,
              histogram: str | None = None, facet_limits: dict | None = None,
              group: str = "none", count: str | None = None,
              semantic: str | None = None, split: str | None = None,
              split_values=()) -> "SearchRequest":
        """Validate everything once; every problem is a QueryError saying what to fix."""
        q = valid_text("the query", (q or "").strip())
        if len(q) > MAX_QUERY_CHARS:
            raise QueryError("query_too_long", length=len(q), max=MAX_QUERY_CHARS)
        op = (op or "and").strip().lower()
        if op not in OPS:
            raise QueryError("op", value=op)
        sort = sort or default_sort(q)
        if sort not in SORTS:
            raise QueryError("unknown_sort", value=sort, choices=", ".join(SORTS))
        page = whole_number("page", page, 1, MAX_PAGE)
        size = whole_number("size", size, 0, MAX_SIZE)      # 0: counts only (total, facets, histogram)
        clean = {}
        for name, values in (filters or {}).items():
            if name not in FACETS:
                raise QueryError("unknown_filter", value=name, choices=", ".join(FACETS))
            values = [values] if isinstance(values, str) else list(values)
            if len(values) > MAX_FILTER_VALUES:
                raise QueryError("too_many_values", name=name, count=len(values), max=MAX_FILTER_VALUES)
            values = tuple(canonical(name, valid_text(f"a {name} value", v)) for v in values if v)
            if values:
                clean[name] = values
        d_since, d_until = parse_date(since, "since"), parse_date(until, "until")
        if d_since and d_until and d_since > d_until:
            raise QueryError("dates_reversed", since=d_since, until=d_until)
        unknown = [f for f in (*facets, *(facet_limits or {})) if f not in FACETS]
        if unknown:
            raise QueryError("unknown_facet", value=unknown[0], choices=", ".join(FACETS))
        if isinstance(histogram, str):
            histogram = histogram.strip().lower()
        if histogram is not None and histogram not in HISTOGRAM_INTERVALS:
            raise QueryError("unknown_interval", value=histogram, choices=", ".join(HISTOGRAM_INTERVALS))
        limits = {f: whole_number("facet_size", n, 1, MAX_FACET_SIZE) for f, n in (facet_limits or {}).items()}
        split, split_values = _split(split, split_values, histogram)
        return cls(split=split, split_values=split_values, semantic=_semantic(semantic), count=_count(count), translate=_translate_mode(translate), drop=_dropped(drop), group=_group(group, page * size), q=q, op=op, sort=sort, page=page,
                   size=size, filters=clean, since=d_since,
                   until=d_until, facets=tuple(facets),
                   facet_limit=whole_number("facet_size", facet_limit, 1, MAX_FACET_SIZE),
                   snippets=bool(snippets), suggest=bool(suggest), histogram=histogram, facet_limits=limits)

    def limit(self, facet: str) -> int:
        """How many values of `facet` to return."""
        return self.facet_limits.get(facet, self.facet_limit)

    def filters_dict(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.filters.items()}

    @property
    def since_text(self) -> str | None:
        return self.since.isoformat() if self.since else None

    @property
    def until_text(self) -> str | None:
        return self.until.isoformat() if self.until else None


def _group(group: str | None, depth: int) -> str:
    group = (group or "none").strip().lower()
    if group not in GROUPS:
        raise QueryError("group", value=group)
    if group == "story" and depth > GROUP_WINDOW:
        raise QueryError("group_too_deep", window=GROUP_WINDOW)
    return group


def _split(split: str | None, values, histogram: str | None) -> tuple:
    """(the split facet or None, its chosen values): a facet of the registry, with a histogram."""
    if not split:
        return None, ()
    if split not in FACETS:
        raise QueryError("unknown_split", value=split, choices=", ".join(FACETS))
    if histogram is None:
        raise QueryError("split_needs_histogram")
    values = tuple(dict.fromkeys(valid_text(f"a {split} value", v) for v in values if v))
    if len(values) > MAX_SPLIT:
        raise QueryError("too_many_split_values", name=split, count=len(values), max=MAX_SPLIT)
    return split, values


def split_values(counts: dict[str, int], req: SearchRequest) -> list[str]:
    """The values a split shows: the chosen ones, else the MAX_SPLIT most frequent (ties by
    value; documents without a value are left out)."""
    if req.split_values:
        return list(req.split_values)
    top = heapq.nsmallest(MAX_SPLIT, ((v, n) for v, n in counts.items() if v and n),
                          key=lambda vn: (-vn[1], vn[0]))
    return [v for v, _ in top]


def _count(count: str | None) -> str:
    """Facets count documents unless asked for stories (exact story counts cost OpenSearch a
    cardinality aggregation under every facet value: page p95 about 2x, issue 9)."""
    count = (count or "documents").strip().lower()
    if count not in COUNTS:
        raise QueryError("count", value=count)
    return count


def _semantic(mode) -> str:
    mode = (mode or "off").strip().lower() if isinstance(mode, str) or mode is None else mode
    if mode not in ("auto", "off"):
        raise QueryError("semantic", value=mode)
    return mode


def _translate_mode(mode) -> str:
    mode = (mode or "auto").strip().lower()
    if mode not in ("auto", "off"):
        raise QueryError("translate", value=mode)
    return mode


def _dropped(drop) -> tuple:
    drop = [drop] if isinstance(drop, str) else list(drop or ())
    if len(drop) > MAX_DROPS:
        raise QueryError("too_many_drops", max=MAX_DROPS)
    return tuple(valid_text("a drop value", d).strip() for d in drop if d and d.strip())


def facet_values(facet: str, counts: dict[str, int], chosen, limit: int) -> list[FacetValue]:
    """A facet's values as shown: the `limit` most frequent (ties by value), then chosen
    values that did not make it; dates (year, month) newest first."""
    counts = {v: n for v, n in counts.items() if v}
    top = heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))
    keys = {facet_key(v): v for v in chosen}
    if keys:        # (the values' keys only when some are chosen: ~10 facets a search)
        top_keys = [facet_key(v) for v, _ in top]
        values = [FacetValue(v, n, k in keys) for (v, n), k in zip(top, top_keys)]
        shown = set(top_keys)
        values += [FacetValue(v, counts.get(v, 0), True) for k, v in keys.items() if k not in shown]
    else:
        values = [FacetValue(v, n, False) for v, n in top]
    if facet in ("year", "month"):
        values.sort(key=lambda fv: fv.value, reverse=True)
    return values
