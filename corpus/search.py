"""Query + filters -> Results (ranked hits, facet counts, highlighted snippets).

The one search function behind the CLI, the JSON API and the web pages.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
import time
from collections import Counter
from pathlib import Path

from whoosh import qparser, query, scoring

from corpus import store
from corpus.schema import FACETS, facet_key
from corpus.snippets import match_spans, mark, positive_terms, snippet

SORTS = ("relevance", "date", "-date")
UNDATED = 2 ** 64 - 1        # what Whoosh's date column holds for a document without a date
MAX_SIZE = 100
# Field weights: a title match counts most; the exact (unstemmed) form adds to a stem match,
# so exact forms rank above mere stem matches.
FIELD_BOOSTS = {"title": 2.0, "body": 1.0, "exact": 0.5}
QUERY_FIELDS = ("title", "body", "exact", "date", "url", "id") + FACETS


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


_UNKNOWN_FIELD = re.compile(r"(?:^|[\s(])([A-Za-z_]\w*):(?!//)")


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


def _parser(schema, op: str) -> qparser.QueryParser:
    group = qparser.AndGroup if op == "and" else qparser.OrGroup.factory(0.9)
    p = qparser.MultifieldParser(list(FIELD_BOOSTS), schema, fieldboosts=FIELD_BOOSTS, group=group)
    p.remove_plugin_class(qparser.SingleQuotePlugin)   # apostrophes belong to words (Peshmerga's)
    return p


class Corpus:
    """An index directory opened for searching; one fresh searcher per thread."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = store.index_dir(directory)
        self._local = threading.local()
        self._columns: dict[tuple, dict[str, list]] = {}
        self._lock = threading.Lock()

    # -- searcher management: readers always see the last committed index
    def searcher(self):
        s = getattr(self._local, "searcher", None)
        name = store.read_meta(self.directory).get("indexname")
        if s is not None and (self._local.name != name or not s.up_to_date()):
            s.close()
            s = None
        if s is None:
            ix = store.open_index(self.directory)
            s = ix.searcher(weighting=scoring.BM25F(B=0.75, K1=1.2))
            self._local.searcher, self._local.name = s, name
        return s

    def columns(self, searcher) -> dict[str, list]:
        """Facet values per docnum, read once per index version."""
        key = (self._local.name, searcher.reader().generation(), searcher.doc_count_all())
        cols = self._columns.get(key)
        if cols is None:
            r = searcher.reader()
            cols = {f: list(r.column_reader(f)) if r.has_column(f) else [""] * r.doc_count_all()
                    for f in FACETS}
            cols.update({f"{f}:key": [facet_key(v) for v in cols[f]] for f in FACETS})
            # raw date values sort chronologically; an undated document holds the maximum
            cols["date"] = list(r.column_reader("date", translate=False)) if r.has_column("date") \
                else [UNDATED] * r.doc_count_all()
            with self._lock:
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
        if page < 1:
            raise QueryError("page must be 1 or more")
        if not 1 <= size <= MAX_SIZE:
            raise QueryError(f"size must be between 1 and {MAX_SIZE}")
        for name in filters:
            if name not in FACETS:
                raise QueryError(f"unknown filter {name!r}; filters: {', '.join(FACETS)}")
        d_since, d_until = parse_date(since, "since"), parse_date(until, "until")

        s = self.searcher()
        text_q = self.parse(q, op, s.schema)
        base, passing = self._filter_sets(s, text_q, filters, d_since, d_until)
        selected = base.intersection(*passing.values()) if passing else base
        # Facets follow the query and the *other* filters (post-filter semantics).
        cols = self.columns(s)
        facet_out = {}
        for f in facets:
            docs = base.intersection(*(p for g, p in passing.items() if g != f)) if passing else base
            counts = Counter(map(cols[f].__getitem__, docs))
            counts.pop("", None)
            chosen = {facet_key(v): v for v in filters.get(f, ())}
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:facet_limit]
            values = [FacetValue(v, c, facet_key(v) in chosen) for v, c in top]
            shown = {facet_key(v) for v, _ in top}
            values += [FacetValue(v, 0, True) for k, v in chosen.items() if k not in shown]
            if f in ("year", "month"):
                values.sort(key=lambda fv: fv.value, reverse=True)
            facet_out[f] = values

        hits: list[Hit] = []
        total = len(selected)
        if total and (page - 1) * size < total:
            filtered = bool(passing or d_since or d_until)
            ranked = self._ranked(s, text_q, selected, filtered, sort, page * size)
            hits = self._hits(s, text_q, ranked[(page - 1) * size: page * size], snippets)
        return Results(query=q, op=op, sort=sort, page=page, size=size, total=total,
                       took_ms=round((time.perf_counter() - started) * 1000, 2), hits=hits,
                       facets=facet_out, filters=filters, since=since or None, until=until or None)

    def export(self, q: str = "", filters: dict[str, list[str]] | None = None,
               since: str | None = None, until: str | None = None, sort: str = "relevance",
               op: str = "and", limit: int = 10_000):
        """Every hit of a search (up to `limit`) as plain dicts, without snippets, lazily."""
        first = self.search(q, filters=filters, since=since, until=until, sort=sort, op=op,
                            page=1, size=1, facets=(), snippets=False)
        s = self.searcher()
        text_q = self.parse(first.query, op, s.schema)
        base, passing = self._filter_sets(s, text_q, first.filters, parse_date(since, "since"),
                                          parse_date(until, "until"))
        selected = base.intersection(*passing.values()) if passing else base
        filtered = bool(first.filters or since or until)
        for docnum, score in self._ranked(s, text_q, selected, filtered, sort, limit):
            f = s.stored_fields(docnum)
            date = f.get("date")
            yield {"id": f["id"], "title": f.get("title", ""),
                   "date": date.date().isoformat() if date else None,
                   **{k: f.get(k, "") for k in ("lang", "source", "section", "author", "place", "url")},
                   "score": score}

    def _ranked(self, s, text_q, selected: set, filtered: bool, sort: str, limit: int):
        """The first `limit` (docnum, score) of the selected documents, in `sort` order.
        Sorting by date puts undated documents last either way; score is then None."""
        if sort == "relevance":
            results = s.search(text_q, limit=limit, filter=selected if filtered else None)
            return [(h.docnum, round(float(h.score or 0.0), 4)) for h in results]
        dates = self.columns(s)["date"]
        if sort == "date":
            order = sorted(selected, key=lambda d: (dates[d], d))
        else:
            order = sorted(selected, key=lambda d: (dates[d] == UNDATED, -dates[d], d))
        return [(d, None) for d in order[:limit]]

    def _filter_sets(self, s, text_q, filters, d_since, d_until):
        """(docs matching query and date range, {facet: those of them passing its filter})."""
        base_q = text_q
        if d_since or d_until:
            lo = dt.datetime.combine(d_since, dt.time()) if d_since else None
            hi = dt.datetime.combine(d_until, dt.time.max) if d_until else None
            base_q = query.And([text_q, query.DateRange("date", lo, hi)])
        if isinstance(base_q, query.Every):
            base = set(s.reader().all_doc_ids())
        else:
            base = set(base_q.docs(s))
        cols = self.columns(s)
        passing = {}
        for f, values in filters.items():
            wanted, col = {facet_key(v) for v in values}, cols[f"{f}:key"]
            passing[f] = {d for d in base if col[d] in wanted}
        return base, passing

    def parse(self, q: str, op: str, schema) -> query.Query:
        if not q:
            return query.Every()
        _check_syntax(q)
        try:
            parsed = _parser(schema, op).parse(q)
        except Exception as e:  # whoosh raises plain exceptions for bad ranges and dates
            raise QueryError(f"could not understand the query: {e}") from None
        return parsed       # NullQuery when only stopwords remain: no hits, not an error

    def _hits(self, s, q, ranked, with_snippets: bool) -> list[Hit]:
        docnums = [d for d, _ in ranked]
        words = positive_terms(q, s.reader()) if with_snippets else {}
        body_spans = match_spans(s, "body", words.get("body", set()), docnums)
        title_spans = match_spans(s, "title", words.get("title", set()), docnums)
        out = []
        for docnum, score in ranked:
            f = s.stored_fields(docnum)
            date = f.get("date")
            title = f.get("title", "")
            out.append(Hit(
                id=f["id"], title=title, date=date.date().isoformat() if date else None,
                lang=f.get("lang", ""), source=f.get("source", ""), section=f.get("section", ""),
                author=f.get("author", ""), place=f.get("place", ""), url=f.get("url", ""),
                score=score,
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
        words = positive_terms(self.parse(q, op, s.schema), s.reader()) if q.strip() else {}
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
