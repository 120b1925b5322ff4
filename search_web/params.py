"""Request arguments -> search parameters (shared by the pages and the JSON API).

One table (`table()`: endpoint -> its Params) names every parameter of every page and API
route, where it is taken, whether it repeats, and what /api/openapi.json says of it; every
view checks a request's names against it (`check`). This module keeps the HTTP rules only
(parameter names, repeats, how many values, how long); every rule about what a value means
is the request types' (SearchRequest.build in corpus/request.py, ResearchRequest in
corpus/research/request.py), so each rule and its message exist in one place. A problem is a
QueryError with a code (corpus/messages.py); the callers turn it into HTTP 400. The same
object rebuilds canonical query strings, so every state of the search page is a shareable
GET URL and its JSON twin has the same parameters.
"""
from __future__ import annotations

import dataclasses
import functools
from typing import Callable
from urllib.parse import quote_plus

from corpus.errors import QueryError
from corpus.fields import FACET_REGISTRY, FACETS, facet_key
from corpus.histogram import CHOICES as INTERVALS
from corpus.request import (COUNTS, GROUPS, MAX_FACET_SIZE, MAX_PAGE, MAX_QUERY_CHARS, MAX_SIZE, MAX_SPLIT,
                            OPS, SORTS, SearchRequest, default_sort, whole_number)
from corpus.research import collocations as coll, concordance as conc
from corpus.research.request import defaults
from corpus.research.trends import MAX_QUERIES
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
MEASURES = ("rate", "count")             # what the trends page's chart draws
MAP_VIEWS = ("auto", "region", "world")  # what the map page draws (search_web/maps.py)
NORMALIZE = ("volume",)        # the histogram per 1,000 documents of its period (search_web/timeline.py)



# -- the parameter table: every parameter of every page and API route, once
@dataclasses.dataclass(frozen=True)
class Param:
    """A query parameter: its HTTP rules (given once or repeated; on the page, the API twin
    or both) and what /api/openapi.json says of it (an OpenAPI schema and a sentence). What
    a value means is checked by the request types (corpus/request.py, corpus/research);
    tests/test_param_table.py keeps the schemas and those rules equal."""
    name: str
    schema: dict
    help: str
    repeat: bool = False        # may be given several times (values OR-ed)
    where: str = "both"         # "both", "api" (the JSON twin only) or "page"
    required: bool = False      # the API refuses a request without it

    def on(self, api: bool) -> bool:
        return self.where == "both" or self.where == ("api" if api else "page")


def _default(value) -> dict:
    return {} if value is None else {"default": value}


def _enum(values, default=None) -> dict:
    return {"type": "string", "enum": list(values), **_default(default)}


def _int(low: int, high: int, default: int | None = None) -> dict:
    return {"type": "integer", "minimum": low, "maximum": high, **_default(default)}


def _repeated() -> dict:
    return {"type": "array", "items": {"type": "string", "maxLength": MAX_VALUE_CHARS},
            "maxItems": MAX_VALUES_PER_PARAM}


DATE = {"type": "string", "format": "date"}
OP = Param("op", _enum(OPS, "and"), "and: all words must match; or: any word.")
SINCE = Param("since", DATE, "From this date (inclusive).")
UNTIL = Param("until", DATE, "Up to this date (inclusive).")
FILTERS = tuple(Param(f.name, _repeated(), f"{f.help} Repeatable (values are OR-ed; different filters are "
                      f"AND-ed); at most {MAX_VALUES_PER_PARAM} values.", repeat=True) for f in FACET_REGISTRY)
INTERVAL = Param("interval", _enum(INTERVALS, "auto"), "The histogram's interval; auto picks day, week, "
                 "month or year from the span of the hits' dates.")
TRANSLATE = Param("translate", _enum(("auto", "off"), "auto"),
                  "auto (default): each word also searches its translations into the other language "
                  "(English <-> Arabic: our table of news terms, FreeDict, names transliterated and "
                  "matched to the index's words), ranked below the words as typed; off: as typed.")
SEMANTIC = Param("semantic", _enum(("auto", "off"), "auto"),
                 "auto (default): on an index built with `corpus index --embeddings`, a query of plain "
                 "words also finds the up to 100 documents closest to it in meaning (multilingual "
                 "sentence embeddings: an English query finds Arabic articles), within the filters and "
                 "dates; they join the results (total, facets and histogram count them; see semantic "
                 "in the response) and the relevance ranking fuses both. off: words only. Not applied "
                 "with group=story, nor to exports and trends.")
DROP = Param("drop", _repeated(), "A translated term to leave out (as listed in translations). Repeatable.",
             repeat=True)
GROUP = Param("group", _enum(GROUPS, "none"),
              "story: one result per story (near-duplicate articles folded, their other versions in "
              "similar/similar_count; stories counts them; at most 10,000 stories deep); none: every "
              "article. The pages default to story.")
COUNT = Param("count", _enum(COUNTS),
              "What facet counts count. stories: the distinct stories among the matching articles "
              "holding each value (a story printed by five papers counts once under each paper and "
              "once under its language), and stories the distinct stories of all hits; documents: "
              "articles (the default; the response says which in count). On OpenSearch story counts "
              "are a cardinality aggregation: exact (but for rare hash collisions) below its "
              "precision threshold, estimated above; the threshold is 40,000 for facets of a few "
              "dozen values and lower for facets with many (hundreds of places, thousands of "
              "authors: see the README).")
SORT = Param("sort", _enum(SORTS), "relevance, date (oldest first) or -date (newest first). Default: "
             "relevance with a query, -date (newest first) without one.")
Q_SYNTAX = ("Query: words (all must match unless op=or), \"phrases\", OR/AND/NOT, word*, field:value "
            "(title, body, place, source, ...), date:[2019-01-01 TO 2019-12-31]. Empty or *: every "
            "document. A query that is not valid syntax is searched as plain words (see notices); a "
            "wildcard expands to at most 500 of its most frequent words.")
MESSAGE_LANGUAGES = ("en", "ar")
HL = Param("hl", _enum(MESSAGE_LANGUAGES, "en"), "The language of an error's message: en (default) "
           "or ar; its code is the same in both. (lang is the documents' language filter.)", where="api")
FORMAT_JSON = Param("format", _enum(("json",), "json"), "json only.", where="api")


def _search(export_limit: int) -> tuple[Param, ...]:
    return (
        Param("q", {"type": "string", "maxLength": MAX_QUERY_CHARS}, Q_SYNTAX),
        OP, TRANSLATE, SEMANTIC, DROP, *FILTERS, SINCE, UNTIL, GROUP, COUNT, SORT,
        Param("page", _int(1, MAX_PAGE, 1), "Result page (JSON format)."),
        Param("size", _int(0, MAX_SIZE, DEFAULT_SIZE),
              "Results per page (JSON format). 0: counts only: total, stories, facets and histogram "
              "without hits (results is [], pages 0), e.g. to measure many queries cheaply. Pages: "
              "at least 1."),
        Param("format", _enum(FORMATS, "json"),
              f"json (a page of results with facets), or csv / jsonl: a streamed download of all "
              f"hits (no snippets), at most {export_limit:,} rows. CSV is UTF-8 with a BOM; cells "
              f"starting with = + - @ get a leading ' (formula injection). An export the server "
              f"cannot finish ends with an error line (CSV: one cell starting #ERROR; JSON Lines: "
              f"{{\"error\": {{status, message, rows, next_offset}}}}) saying where to continue.",
              where="api"),
        Param("limit", _int(1, export_limit, export_limit),
              f"Exports: at most this many rows (default and maximum {export_limit:,}); ignored by "
              f"format=json (use size and page).", where="api"),
        Param("offset", _int(0, MAX_PAGE * MAX_SIZE, 0),
              f"Exports: skip this many hits first. An export stops at {export_limit:,} rows; "
              f"offset=0, {export_limit}, {2 * export_limit} ... fetch every hit in slices (the "
              "search page links them when the limit cuts).", where="api"),
        Param("include", {"type": "string", "pattern": "^(%s)(,(%s))*$" % (("|".join(EXPORT_COLUMNS),) * 2)},
              "Exports: optional columns, comma-separated: story (the story id, shared by "
              "near-duplicates), snippet (plain text around the matches), text (the full body). "
              "They follow the other columns in that order (see ExportRow).", where="api"),
        INTERVAL,
        Param("split", _enum(FACETS), f"The histogram split by a facet: `timeline` has one series per "
              f"value (at most {MAX_SPLIT}, those with most hits) on the same zero-filled periods."),
        Param("normalize", _enum(NORMALIZE), "volume: `timeline` also rates each period's hits per 1,000 "
              "documents of the period passing the same filters (of the value's own documents when "
              "split); a period with no documents has a null rate and is listed in timeline.gaps."),
        Param("facet_size", _int(1, MAX_FACET_SIZE, FACET_SIZE),
              "Values per facet (the most frequent; chosen values always listed)."),
        Param("more", _enum(FACETS), f"A facet to list with up to {MORE_VALUES} values (the page's "
              "\"more\" link) instead of facet_size."),
        Param("spell", _enum(("on", "off"), "on"), "off: search exactly as typed, no did-you-mean.",
              where="page"),
    )


def _research() -> tuple[Param, ...]:
    """What concordance and collocations share: the documents to read, as for search."""
    return (
        Param("q", {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
              "The word(s) to look at (query syntax as for search).", required=True),
        dataclasses.replace(OP, help="and or or (as for search)."),
        Param("exact", _enum(("0", "1"), "0"), "1: the words as written (normalised, with the attached و ف ب ك ل, as "
              "exact: searches); 0: every form with the same stem (also accepted: true, false, on)."),
        *FILTERS, SINCE, UNTIL,
    )


def _table(export_limit: int) -> dict[str, tuple[Param, ...]]:
    conc_default, coll_default = defaults("concordance"), defaults("collocations")
    search = _search(export_limit)
    by_name = {p.name: p for p in search}
    page_state = tuple(dataclasses.replace(p, where="page") for p in search if p.on(api=False)
                       and p.name not in ("q", "op", "spell"))
    return {
        "search": search,
        "document": (
            Param("q", by_name["q"].schema, "Highlight this query's matches in title_html and body_html."),
            dataclasses.replace(OP, help="and or or (as for search)."),
            *page_state,        # the page: the search it was opened from, and its place there
            Param("at", _int(1, MAX_PAGE * MAX_SIZE), "The document's position in that search.", where="page"),
        ),
        "stats": (),
        "concordance": (
            *_research(),
            Param("width", _int(1, conc.MAX_WIDTH, conc_default["width"]), "Words of context either side."),
            Param("sort", _enum(conc.SORTS, conc_default["sort"]), "position: in ranking order; left / right: by "
                  "the first word before / after the keyword."),
            Param("page", _int(1, conc.MAX_PAGE, conc_default["page"]), "Page of lines."),
            Param("size", _int(1, conc.MAX_SIZE, conc_default["size"]), "Lines per page."),
            Param("per_story", _enum(("0", "1"), "0"), "1: one line per story (the first line of each "
                  "story's best-ranked article); also accepted: true, false, on, off."),
            Param("format", _enum(("json", "csv"), "json"), f"json, or csv: every line (up to "
                  f"{conc.MAX_LINES:,}) in the sort order, with a link to each document.", where="api"),
        ),
        "collocations": (
            *_research(),
            Param("window", _int(1, coll.MAX_WINDOW, coll_default["window"]), "Words either side counted as near."),
            Param("docs", _int(1, coll.MAX_DOCS, coll_default["docs"]), "Read at most this many matching "
                  "documents: all of them when fewer match, else the first in ranking order (a sample: "
                  "sample=true and a note say so)."),
            Param("top", _int(1, coll.MAX_TOP, coll_default["top"]), "Rows of each list."),
            Param("ngram", _enum(("", "1", "2", "3"), ""), "1, 2 or 3: collocates of that many consecutive "
                  "words only; empty (default): all three sizes ranked together."),
            Param("format", _enum(("json", "csv"), "json"), "json, or csv: the collocates in rank order.",
                  where="api"),
        ),
        "trends": (
            Param("q", {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
                        "minItems": 1, "maxItems": MAX_QUERIES},
                  f"A query (repeat q to compare up to {MAX_QUERIES}).", repeat=True, required=True),
            *(by_name[n] for n in ("op", "translate", "since", "until", "interval", "drop")), *FILTERS,
            # the search state carried over from the search page; trends count articles
            *(dataclasses.replace(by_name[n], help="Accepted so that a search's state carries over; "
                                  "no effect (trends count articles, by the words).")
              for n in ("sort", "group", "count", "semantic")),
            Param("split", _enum(FACETS), f"A facet: one series per value (at most {MAX_SPLIT}) of the one "
                  "query, e.g. split=source compares the sources' coverage of a subject."),
            Param("measure", _enum(MEASURES, "rate"), "What the page's chart draws: rate (per 1,000 "
                  "documents) or count; the data has both."),
            Param("format", _enum(("json", "csv"), "json"), "json, or csv: one row per period and query "
                  "(split: and value, in a column named after the facet).", where="api"),
        ),
        "places": (     # the map's: the documents a search selects; no paging, counts of documents
            *(by_name[n] for n in ("q", "op", "translate", "semantic", "drop")), *FILTERS, SINCE, UNTIL,
            *(dataclasses.replace(by_name[n], help="Accepted so that a search's state carries over; "
                                  "no effect (the map counts documents).")
              for n in ("sort", "group", "count")),
            Param("view", _enum(MAP_VIEWS, "auto"), "The part of the world drawn: region (the Middle "
                  "East), world, or auto (the region when it holds half the mentions).", where="page"),
            Param("format", _enum(("json", "csv"), "json"), "json, or csv: one row per place mentioned "
                  "(id, Arabic and English names, documents, lat, lon; empty coordinates for places "
                  "the gazetteer cannot locate), most mentioned first.", where="api"),
        ),
        "entity": (INTERVAL, FORMAT_JSON),
    }


@functools.lru_cache(maxsize=8)
def table(export_limit: int = EXPORT_LIMIT) -> dict[str, tuple[Param, ...]]:
    """Endpoint -> its parameters (the API's limit and offset depend on the export limit);
    every API route takes `hl`."""
    return {endpoint: (*ps, HL) for endpoint, ps in _table(export_limit).items()}


def accepted(endpoint: str, api: bool) -> tuple[Param, ...]:
    return tuple(p for p in table()[endpoint] if p.on(api))


def check(args, endpoint: str, api: bool) -> None:
    """The names of a request to `endpoint` (its page or, api=True, its JSON twin), as the
    table says: none unknown, the single ones once, a bounded number of values."""
    known = accepted(endpoint, api)
    check_names(args, [p.name for p in known], [p.name for p in known if not p.repeat])
    if api and args.get("hl", "en") not in MESSAGE_LANGUAGES:
        raise QueryError("unknown_message_language", value=args["hl"])


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
        # urlencode's output, each name and value quoted once (a result page builds ~200 links
        # from the same few values)
        return "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in self.pairs(paging=paging, **changes))

    def with_filter(self, name: str, value: str) -> "SearchParams":
        """This state plus a filter value (from page 1)."""
        filters = {k: list(v) for k, v in self.filters.items()}
        chosen = filters.setdefault(name, [])
        if facet_key(value) not in {facet_key(v) for v in chosen}:
            chosen.append(value)
        return dataclasses.replace(self, filters=filters, page=1)

    def with_filter_queries(self, name: str) -> Callable[[str], str]:
        """value -> with_filter(name, value).query_string(), for the many values of one facet
        that a result page links: the rest of the state is quoted once, not once per value."""
        chosen = {facet_key(v) for v in self.filters.get(name, ())}
        marked = dataclasses.replace(self, page=1, filters={**self.filters,
                                                            name: [*self.filters.get(name, ()), _MARK]})
        before, after = _around_mark(marked.pairs(), 1)
        head, tail = "&".join(before), "&".join(after)
        unchanged = "&".join(x for x in (head, tail) if x)
        key = _quoted(name)

        def query(value: str) -> str:
            if chosen and facet_key(value) in chosen:
                return unchanged
            return "&".join(x for x in (head, f"{key}={_quoted(value)}", tail) if x)
        return query

    def dates_queries(self) -> Callable[[str, str], str]:
        """(since, until) -> query_string(since=, until=, page=1, interval="auto"), for the
        histogram's bars (a link each to its period): the rest of the state quoted once."""
        before, after = _around_mark(dataclasses.replace(self, since=_MARK, until=_MARK, page=1,
                                                         interval="auto").pairs(), 2)
        head, tail = "".join(f"{x}&" for x in before), "".join(f"&{x}" for x in after)

        def query(since: str, until: str) -> str:
            if not (since and until):       # a date left out: the slow way
                return self.query_string(since=since, until=until, page=1, interval="auto")
            return f"{head}since={_quoted(since)}&until={_quoted(until)}{tail}"
        return query

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


_quoted = functools.lru_cache(maxsize=65_536)(quote_plus)
_MARK = object()        # where a value goes among the pairs (with_filter_queries, dates_queries)


def _around_mark(pairs: list, marked: int) -> tuple[list[str], list[str]]:
    """The quoted name=value parts before the first of `marked` consecutive _MARK pairs, and
    after them."""
    at = next(i for i, (_, v) in enumerate(pairs) if v is _MARK)
    parts = [f"{_quoted(k)}={_quoted(v)}" for k, v in [*pairs[:at], *pairs[at + marked:]]]
    return parts[:at], parts[at:]


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


def parse_args(args, *, api: bool = False, export_limit: int = EXPORT_LIMIT,
               endpoint: str = "search") -> SearchParams:
    """A request's query arguments (a werkzeug MultiDict), checked: the HTTP rules here (the
    names `endpoint` takes, from the table), the rest by SearchRequest.build, so pages and the
    API refuse the same things alike. What else an endpoint takes (the document page's at,
    the search page's spell) is its caller's to read."""
    check(args, endpoint, api)

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
