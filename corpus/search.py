"""Query + filters -> Results (ranked hits, facet counts, highlighted snippets).

The one search function behind the CLI, the JSON API and the web pages. Boolean trees of
terms (what most queries parse to) take corpus/fastsearch.py: each posting list read once,
the matching set computed once for the total, the facets and the ranking, BM25F as Whoosh
computes it. Anything else (phrases, prefixes, ranges), and the ranking of op="or" queries
(Whoosh's coordination scale), stays on Whoosh.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import os
import re
import threading
import time
from collections import Counter
from operator import itemgetter
from pathlib import Path

from whoosh import qparser, query, scoring
from whoosh.util.times import datetime_to_long

from corpus import expand, fastsearch, sharedfile, store
from corpus.analysis import stem as arabic_stem
from corpus.schema import FACETS, facet_key
from corpus.snippets import match_spans, mark, positive_terms, snippet

SORTS = ("relevance", "date", "-date")
MAX_PAGE = 10_000            # with size 100: the first million hits
UNDATED = 2 ** 64 - 1        # what Whoosh's date column holds for a document without a date
MAX_SIZE = 100
# BM25F: a little more length normalisation and earlier tf saturation than the defaults
# (B .75, K1 1.2) measured better on XQuAD ar/en (bench/quality.py; README "Search quality").
BM25_B, BM25_K1 = 0.85, 0.9
# Field weights. The exact (unstemmed) form adds to a stem match, so exact forms rank above
# mere stem matches. Title words are also in `exact`, so a small title weight suffices; a
# large one let short title-only matches outrank the article that answers the question.
FIELD_BOOSTS = {"title": 0.25, "body": 1.0, "exact": 0.5}
QUERY_FIELDS = ("title", "body", "exact", "date", "url", "id") + FACETS
# Postings kept in memory between searches (LRU, about 200 bytes each with their sets and
# score maps); $CORPUS_POSTINGS_CACHE overrides, 0 turns the cache off.
POSTINGS_CACHE = 500_000

sharedfile.install()


class QueryError(ValueError):
    """A query or parameter the user must fix; the message says how."""


@dataclasses.dataclass
class Hit:
    id: str
    title: str
    date: str | None
    lang: str
    source: str
    section: str
    author: str
    place: str
    url: str
    score: float | None     # None when sorted by date
    snippet: str            # HTML: escaped text, matches in <mark>
    title_html: str = ""    # HTML: the title with its matches marked


@dataclasses.dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclasses.dataclass
class Results:
    query: str
    op: str
    sort: str
    page: int
    size: int
    total: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    filters: dict[str, list[str]]
    since: str | None = None
    until: str | None = None
    notices: list[str] = dataclasses.field(default_factory=list)   # e.g. "searched as plain words"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def parse_date(value: str | None, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"{name} must be an ISO date (YYYY-MM-DD), got {value!r}") from None


def _metadata(stored: dict) -> dict:
    """A hit's id, title, ISO date and metadata from its stored fields."""
    date = stored.get("date")
    return {"id": stored["id"], "title": stored.get("title", ""),
            "date": date.date().isoformat() if date else None,
            **{k: stored.get(k, "") for k in ("lang", "source", "section", "author", "place", "url")}}


def _expand_prefixes(q: query.Query) -> query.Query:
    """`بيشمر*` on a stemmed field also looks for `يشمر*`: the stemmer takes a leading ل ب ك
    off a word once its ending is known (البيشمركة -> يشمرك), which a prefix can't know."""
    if isinstance(q, query.Prefix):
        if q.fieldname in ("title", "body"):
            for letter, keep in getattr(arabic_stem, "PROCLITICS", ()):
                if q.text.startswith(letter) and len(q.text) > keep:
                    return query.Or([q, query.Prefix(q.fieldname, q.text[1:], boost=q.boost)])
        return q
    return q if q.is_leaf() else q.apply(_expand_prefixes)


# `name:value`; not `name: value` (a pasted "Iraq: the war") nor `http://`
_UNKNOWN_FIELD = re.compile(r"(?:^|[\s(])([A-Za-z_]\w*):(?![\s/]|$)")


def _check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: every " needs a closing "')
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses: a ) has no matching (")
    if depth:
        raise QueryError("unbalanced parentheses: a ( is not closed")
    if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
        raise QueryError("unbalanced range brackets: write date:[2019-01-01 TO 2019-12-31]")
    for name in _UNKNOWN_FIELD.findall(text):
        if name not in QUERY_FIELDS:
            raise QueryError(f"unknown field {name!r}; fields: {', '.join(QUERY_FIELDS)}")


_SYNTAX_PLUGINS = (qparser.FieldsPlugin, qparser.WildcardPlugin, qparser.PhrasePlugin,
                   qparser.RangePlugin, qparser.GroupPlugin, qparser.OperatorsPlugin,
                   qparser.BoostPlugin, qparser.EveryPlugin)


def _parser(schema, op: str, plain: bool = False) -> qparser.QueryParser:
    """The query parser; `plain`: words only (no operators, fields, quotes, brackets)."""
    group = qparser.AndGroup if op == "and" else qparser.OrGroup
    p = qparser.MultifieldParser(list(FIELD_BOOSTS), schema, fieldboosts=FIELD_BOOSTS, group=group)
    p.remove_plugin_class(qparser.SingleQuotePlugin)   # apostrophes belong to words (Peshmerga's)
    for plugin in _SYNTAX_PLUGINS if plain else ():
        p.remove_plugin_class(plugin)
    return p


_CODED_FACET_VALUES = 64    # facets with at most this many values are counted by bytes.count


def _facet_counts(cols: dict, f: str, docs) -> dict[str, int]:
    """value -> number of `docs` holding it, for facet `f`."""
    if len(docs) < 2:
        return Counter(cols[f][d] for d in docs)
    pick = itemgetter(*docs)
    coded = cols.get(f"{f}:codes")
    if coded is None:
        return Counter(pick(cols[f]))
    codes, values = coded
    picked = bytes(pick(codes))
    return {v: n for i, v in enumerate(values) if (n := picked.count(i))}


class Corpus:
    """An index directory opened for searching.

    One Whoosh searcher per index version, shared by every thread (its segment files are
    read in place from their memory maps, a read position per thread: corpus/sharedfile.py),
    and with it the facet columns and the fastsearch posting cache. A new version (a
    re-index) opens a new searcher; the old one is released when its last request is done."""

    def __init__(self, directory: str | Path | None = None, fast: bool = True,
                 warm: bool = False):
        self.directory = store.index_dir(directory)
        self._current: tuple | None = None      # (index name, searcher)
        self._columns: dict[tuple, dict[str, list]] = {}
        self._lock = threading.Lock()
        self._columns_lock = threading.Lock()
        self.opened = 0         # searchers opened so far (one per index version)
        # fast path for boolean trees of terms (corpus/fastsearch.py); False: Whoosh only
        self.fast = fast
        cache = os.environ.get("CORPUS_POSTINGS_CACHE", "").strip()
        self._fast = fastsearch.FastSearch(max_postings=int(cache) if cache else POSTINGS_CACHE)
        self._vocab = expand.Vocabularies()
        self.warm = warm

    # -- searcher management: readers always see the last committed index
    def searcher(self):
        name = store.read_meta(self.directory).get("indexname")
        current = self._current
        if current is not None and current[0] == name and current[1].up_to_date():
            return current[1]
        with self._lock:
            current = self._current
            if current is None or current[0] != name or not current[1].up_to_date():
                ix = store.open_index(self.directory)
                s = ix.searcher(weighting=scoring.BM25F(B=BM25_B, K1=BM25_K1))
                # not closed: requests still running on it hold it until they finish
                self._current = current = (ix.indexname, s)
                self.opened += 1
                if self.warm:
                    self._vocab.warm(s)     # for leading wildcards, in the background
        return current[1]

    def _version(self, searcher) -> tuple:
        return (searcher._ix.indexname, searcher.reader().generation(), searcher.doc_count_all())

    def _plan(self, searcher, text_q):
        """(fast-path plan, its fastsearch.Run), or (None, None) for the Whoosh path."""
        if not self.fast:
            return None, None
        plan = fastsearch.compile(text_q, searcher.schema)
        if plan is None:
            return None, None
        return plan, self._fast.run(self._version(searcher), searcher)

    def columns(self, searcher) -> dict[str, list]:
        """Facet values per docnum, read once per index version."""
        key = self._version(searcher)
        cols = self._columns.get(key)
        if cols is None:
            with self._columns_lock:    # built once, by one thread
                cols = self._columns.get(key) or self._read_columns(searcher, key)
        return cols

    def _read_columns(self, searcher, key) -> dict[str, list]:
        # segment by segment: a segment none of whose documents has the field has no column
        readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]

        def column(field, default, **kw):
            out = []
            for r in readers:
                out += r.column_reader(field, **kw) if r.has_column(field) \
                    else [default] * r.doc_count_all()
            return out
        cols = {f: column(f, "") for f in FACETS}
        cols.update({f"{f}:key": [facet_key(v) for v in cols[f]] for f in FACETS})
        # raw date values sort chronologically; an undated document holds the maximum
        cols["date"] = column("date", UNDATED, translate=False)
        # facets with few values also as one byte per docnum: counted with bytes.count
        for f in FACETS:
            values = sorted(set(cols[f]))
            if len(values) <= _CODED_FACET_VALUES:
                code = {v: i for i, v in enumerate(values)}
                cols[f"{f}:codes"] = (bytes(map(code.__getitem__, cols[f])), values)
        self._columns = {key: cols}
        return cols

    # -- the search function
    def search(self, q: str = "", filters: dict[str, list[str]] | None = None,
               since: str | None = None, until: str | None = None, sort: str = "relevance",
               page: int = 1, size: int = 10, facets=FACETS, op: str = "and",
               facet_limit: int = 20, snippets: bool = True) -> Results:
        started = time.perf_counter()
        q = (q or "").strip()
        filters = {k: [v for v in vs if v] for k, vs in (filters or {}).items() if any(vs)}
        if op not in ("and", "or"):
            raise QueryError(f"op must be 'and' or 'or', got {op!r}")
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        if not 1 <= page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE:,}")
        if not 1 <= size <= MAX_SIZE:
            raise QueryError(f"size must be between 1 and {MAX_SIZE}")
        for name in filters:
            if name not in FACETS:
                raise QueryError(f"unknown filter {name!r}; filters: {', '.join(FACETS)}")
        d_since, d_until = parse_date(since, "since"), parse_date(until, "until")

        s = self.searcher()
        notices: list[str] = []
        text_q = self.parse(q, op, s.schema, searcher=s, notices=notices)
        plan = self._plan(s, text_q)
        base, passing = self._filter_sets(s, text_q, filters, d_since, d_until, plan)
        selected = base.intersection(*passing.values()) if passing else base
        # Facets follow the query and the *other* filters (post-filter semantics).
        cols = self.columns(s)
        facet_out = {}
        for f in facets:
            docs = base.intersection(*(p for g, p in passing.items() if g != f)) if passing else base
            counts = _facet_counts(cols, f, docs)
            counts.pop("", None)
            chosen = {facet_key(v): v for v in filters.get(f, ())}
            top = heapq.nsmallest(facet_limit, counts.items(), key=lambda kv: (-kv[1], kv[0]))
            if chosen:
                values = [FacetValue(v, c, facet_key(v) in chosen) for v, c in top]
                shown = {facet_key(v) for v, _ in top}
                values += [FacetValue(v, 0, True) for k, v in chosen.items() if k not in shown]
            else:
                values = [FacetValue(v, c, False) for v, c in top]
            if f in ("year", "month"):
                values.sort(key=lambda fv: fv.value, reverse=True)
            facet_out[f] = values

        hits: list[Hit] = []
        total = len(selected)
        if total and (page - 1) * size < total:
            filtered = bool(passing or d_since or d_until)
            ranked = self._ranked(s, text_q, selected, filtered, sort, page * size, plan)
            hits = self._hits(s, text_q, ranked[(page - 1) * size: page * size], snippets,
                              self._characters(plan))
        return Results(query=q, op=op, sort=sort, page=page, size=size, total=total,
                       took_ms=round((time.perf_counter() - started) * 1000, 2), hits=hits,
                       facets=facet_out, filters=filters, since=since or None, until=until or None,
                       notices=notices)

    def export(self, q: str = "", filters: dict[str, list[str]] | None = None,
               since: str | None = None, until: str | None = None, sort: str = "relevance",
               op: str = "and", limit: int = 10_000):
        """Every hit of a search (up to `limit`) as plain dicts, without snippets, lazily."""
        first = self.search(q, filters=filters, since=since, until=until, sort=sort, op=op,
                            page=1, size=1, facets=(), snippets=False)
        s = self.searcher()
        text_q = self.parse(first.query, op, s.schema, searcher=s)
        plan = self._plan(s, text_q)
        base, passing = self._filter_sets(s, text_q, first.filters, parse_date(since, "since"),
                                          parse_date(until, "until"), plan)
        selected = base.intersection(*passing.values()) if passing else base
        filtered = bool(first.filters or since or until)
        for docnum, score in self._ranked(s, text_q, selected, filtered, sort, limit, plan):
            yield {**_metadata(s.stored_fields(docnum)), "score": score}

    def _ranked(self, s, text_q, selected: set, filtered: bool, sort: str, limit: int,
                plan=(None, None)):
        """The first `limit` (docnum, score) of the selected documents, in `sort` order.
        Sorting by date puts undated documents last either way; score is then None."""
        if sort == "relevance":
            node, run = plan
            if node is not None:
                top = run.rank(node, selected, limit)
                if top is not None:
                    return [(d, round(float(score or 0.0), 4)) for d, score in top]
            results = s.search(text_q, limit=limit, filter=set(selected) if filtered else None)
            return [(h.docnum, round(float(h.score or 0.0), 4)) for h in results]
        dates = self.columns(s)["date"]
        if sort == "date":
            order = sorted(selected, key=lambda d: (dates[d], d))
        else:
            order = sorted(selected, key=lambda d: (dates[d] == UNDATED, -dates[d], d))
        return [(d, None) for d in order[:limit]]

    def _filter_sets(self, s, text_q, filters, d_since, d_until, plan=(None, None)):
        """(docs matching query and date range, {facet: those of them passing its filter})."""
        lo = dt.datetime.combine(d_since, dt.time()) if d_since else None
        hi = dt.datetime.combine(d_until, dt.time.max) if d_until else None
        node, run = plan
        if node is not None:
            base = run.docs(node)
            if lo or hi:        # what DateRange matches: dated documents within [lo, hi]
                dates = self.columns(s)["date"]
                lo_n = datetime_to_long(lo) if lo else 0
                hi_n = datetime_to_long(hi) if hi else UNDATED - 1
                base = {d for d in base if lo_n <= dates[d] <= hi_n}
            else:
                base = set(base)
        else:
            base_q = text_q
            if lo or hi:
                base_q = query.And([text_q, query.DateRange("date", lo, hi)])
            if isinstance(base_q, query.Every) and base_q.fieldname in (None, "*"):
                base = set(s.reader().all_doc_ids())
            else:       # segment by segment (Query.docs on the top searcher builds MultiMatchers,
                        # and a scaled Or over an exhausted one raises IndexError)
                base = set(s.docs_for_query(base_q))
        cols = self.columns(s)
        passing = {}
        for f, values in filters.items():
            wanted, col = {facet_key(v) for v in values}, cols[f"{f}:key"]
            passing[f] = {d for d in base if col[d] in wanted}
        return base, passing

    def parse(self, q: str, op: str, schema=None, *, searcher=None, notices=None) -> query.Query:
        """The query tree of `q`, wildcards expanded (corpus/expand.py). A query that is not
        valid syntax (a pasted title with an odd quote or bracket, an unknown field) is
        searched as plain words, as web search engines do; `notices` (a list) gets a
        line for the user then, and when a wildcard expansion was capped."""
        if not q:
            return query.Every()
        s = searcher or self.searcher()
        schema = schema or s.schema
        try:
            _check_syntax(q)
            parsed = _parser(schema, op).parse(q)
        except Exception as e:  # noqa: BLE001 -- whoosh raises plain exceptions (bad ranges, dates, NOT NOT)
            reason = str(e) if isinstance(e, QueryError) else f"could not understand the query ({e})"
            try:
                parsed = _parser(schema, op, plain=True).parse(q)
            except Exception as e2:     # noqa: BLE001
                raise QueryError(f"could not understand the query: {e2}") from None
            if notices is not None:
                notices.append(f"searched as plain words: {reason}")
        expansion = expand.Expansion(s, self._vocab)
        parsed = expansion.rewrite(_expand_prefixes(parsed))
        if notices is not None:
            notices.extend(expansion.notices())
        return parsed    # NullQuery when only stopwords remain: no hits

    @staticmethod
    def _characters(plan):
        """How match_spans finds posting values: for a fast-path plan, from the postings the
        search read (fastsearch.Run.characters); else None (it walks the postings)."""
        return plan[1].characters if plan[1] is not None else None

    def _hits(self, s, q, ranked, with_snippets: bool, characters=None) -> list[Hit]:
        docnums = [d for d, _ in ranked]
        words = positive_terms(q, s.reader()) if with_snippets else {}
        body_spans = match_spans(s, "body", words.get("body", set()), docnums, characters)
        title_spans = match_spans(s, "title", words.get("title", set()), docnums, characters)
        out = []
        for docnum, score in ranked:
            f = s.stored_fields(docnum)
            title = f.get("title", "")
            out.append(Hit(
                **_metadata(f), score=score,
                snippet=snippet(f.get("body", ""), body_spans[docnum]) if with_snippets else "",
                title_html=mark(title, title_spans[docnum]),
            ))
        return out

    # -- single documents and statistics
    def document(self, doc_id: str, q: str = "", op: str = "and") -> dict | None:
        """The stored document, plus `body_html`/`title_html` with the query's matches marked."""
        s = self.searcher()
        docnum = s.document_number(id=doc_id)
        if docnum is None:
            return None
        f = dict(s.stored_fields(docnum))
        if f.get("date"):
            f["date"] = f["date"].date().isoformat()
        words = positive_terms(self.parse(q, op, searcher=s), s.reader()) if q.strip() else {}
        for field in ("title", "body"):
            spans = match_spans(s, field, words.get(field, set()), [docnum])[docnum]
            f[f"{field}_html"] = mark(f.get(field, ""), spans)
        return f

    def stats(self) -> dict:
        s = self.searcher()
        cols = self.columns(s)
        live = list(s.reader().all_doc_ids())
        meta = store.read_meta(self.directory)
        name = meta.get("indexname", "")
        size = sum(p.stat().st_size for p in self.directory.iterdir()
                   if p.is_file() and p.name.startswith((f"_{name}_", f"{name}_")))
        per = {f: dict(Counter(v for v in map(cols[f].__getitem__, live) if v).most_common())
               for f in ("lang", "source", "year")}
        return {"documents": len(live), "lang": per["lang"], "source": per["source"],
                "year": dict(sorted(per["year"].items())), "index_bytes": size,
                "last_indexed": meta.get("last_indexed"), "sources": meta.get("sources", []),
                "index": str(self.directory)}


def search(index: Corpus | str | Path | None, q: str = "", **kwargs) -> Results:
    """Search an index (a Corpus or an index directory); see Corpus.search for the arguments."""
    corpus = index if isinstance(index, Corpus) else Corpus(index)
    return corpus.search(q, **kwargs)
