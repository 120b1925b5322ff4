"""The Whoosh engine's searcher: a SearchRequest -> Results over an index directory.

Boolean trees of terms and phrases (what most queries compile to, wildcards included once
expanded: expand.py) take the fast path (fastsearch/): each posting list read once, the
matching set computed once for the total, the facets and the ranking, BM25F as Whoosh
computes it. Anything else (ranges), and the ranking of op="or" queries, stays on Whoosh.
"""
from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import os
import threading
import time
from bisect import bisect_left
from collections import Counter
from operator import itemgetter
from pathlib import Path

import numpy as np
from whoosh import query, scoring
from whoosh.util.times import datetime_to_long

from corpus import histogram, metadata, querylang, translate as translation
from corpus.budget import WorkBudget
from corpus.engines import forgiving
from corpus.engines import proximity as near_words
from corpus.engines.memo import memo_per_version
from corpus.engines.whoosh import expand, fastsearch, research, store, storycounts
from corpus.engines.whoosh import proximity, semantic
from corpus.engines.whoosh.compile import compile_tree
from corpus.fields import (BM25_B, BM25_K1, EXPORT_FIELDS, FACETS, HIT_FIELDS, MULTI_FACETS, facet_key,
                           multi_values, stored_values)
from corpus.highlight import mark, snippet
from corpus.request import SearchRequest, facet_values, split_values
from corpus.results import Hit, Results
from corpus.engines.whoosh.snippets import match_spans, positive_terms

log = logging.getLogger(__name__)
UNDATED = 2 ** 64 - 1        # what Whoosh's date column holds for a document without a date
# Postings kept in memory between searches (LRU, about 120 bytes each with their sets and
# score arrays: at most ~300 MB; 124k articles' common words hold ~50k each, and 500k
# thrashed there); $CORPUS_POSTINGS_CACHE overrides, 0 turns the cache off.
POSTINGS_CACHE = 2_500_000



def _metadata(stored: dict, names=HIT_FIELDS) -> dict:
    """A hit's id, title, ISO date and metadata (`names`) from its stored fields."""
    date = stored.get("date")
    return {**stored_values(stored, names), "date": date.date().isoformat() if date else None}


_DAY = 86_400_000_000       # Whoosh dates are microseconds since 0001-01-01 (ordinal 1)
_EXPORT_BATCH = 200
_CODED_FACET_VALUES = 64    # facets with at most this many values are counted by bytes.count
_BY_ARRAYS = 64             # facets of this many documents or more are counted with numpy


def _facet_counts(cols: dict, f: str, docs, limit: int = 0, chosen=(), at=None) -> dict[str, int]:
    """value -> number of `docs` holding it, for facet `f`; with a `limit`, the counts of many
    documents may leave out values that can't be among the `limit` most frequent (what
    request.facet_values shows: the counts of those and of the `chosen` values are kept).
    `at`: the docs as an int64 array (the facets of a search share it), or None."""
    if len(docs) >= _BY_ARRAYS and at is None:
        at = np.fromiter(docs, dtype=np.int64, count=len(docs))
    if f in MULTI_FACETS:       # a tuple of values per docnum
        if len(docs) < _BY_ARRAYS:
            col = cols[f]
            return Counter(v for d in docs for v in col[d])
        # the codes of the documents' values gathered from the flat layout (docnum d's
        # codes are codes[starts[d]:starts[d + 1]]), then counted
        starts, codes, values = cols[f"{f}:flat"]
        first, n = starts[at], starts[at + 1] - starts[at]
        total = int(n.sum())
        if not total:
            return {}
        ends = np.cumsum(n)
        picked = codes[np.repeat(first - (ends - n), n) + np.arange(total)]
        counts = np.bincount(picked, minlength=len(values))
        return _counted(counts, values, limit, chosen)
    if len(docs) < 2:
        return Counter(cols[f][d] for d in docs)
    if at is not None:      # many documents: their value codes counted at once
        codes, values = cols[f"{f}:array"]
        counts = np.bincount(codes[at], minlength=len(values))
        if limit:
            return _counted(counts, values, limit, chosen)
        return {values[i]: int(counts[i]) for i in np.flatnonzero(counts).tolist()}
    pick = itemgetter(*docs)
    coded = cols.get(f"{f}:codes")
    if coded is None:
        return Counter(pick(cols[f]))
    codes, values = coded
    picked = bytes(pick(codes))
    return {v: n for i, v in enumerate(values) if (n := picked.count(i))}


def _counted(counts: np.ndarray, values: list, limit: int, chosen) -> dict[str, int]:
    """{value: count} of the values counted (codes: indexes of the sorted `values`); with a
    `limit`, only those counting at least the limit-th largest count (every tie kept), and
    the `chosen` ones."""
    if values and values[0] == "":
        counts[0] = 0       # never shown
    held = np.flatnonzero(counts)
    if limit and len(held) > limit:
        n = counts[held]
        least = np.partition(n, len(n) - limit)[len(n) - limit]
        held = held[n >= least]
    out = {values[i]: int(counts[i]) for i in held.tolist()}
    for v in chosen:
        i = bisect_left(values, v)
        if i < len(values) and values[i] == v and counts[i]:
            out[v] = int(counts[i])
    return out


def _day_histogram(days, docs, interval: str) -> histogram.Histogram:
    """The histogram of `docs` (an array of docnums); `days`: day ordinal per docnum."""
    ordinals, n = np.unique(days[docs], return_counts=True)
    return histogram.from_ordinal_counts(dict(zip(ordinals.tolist(), n.tolist())), interval)


def _split_histograms(coded: tuple, days, req, docs, interval: str) -> dict:
    """value -> the histogram of `docs` (an array) holding it, for the values req.split
    shows; `coded`: the split facet's (value code per docnum, values)."""
    codes, values = coded
    held = codes[docs]
    counts = np.bincount(held, minlength=len(values))
    shown = split_values({v: int(n) for v, n in zip(values, counts.tolist()) if n}, req)
    code = {v: i for i, v in enumerate(values)}
    return {v: _day_histogram(days, docs[held == code.get(v, -1)], interval) for v in shown}


def _split_multi(column: list, days, req, docs, interval: str) -> dict:
    """_split_histograms for a multi facet (`column`: a tuple of values per docnum): a
    document counts under each of its values."""
    counts = Counter(v for d in docs.tolist() for v in column[d])
    shown = split_values(dict(counts), req)
    held = {v: [] for v in shown}
    for d in docs.tolist():
        for v in column[d]:
            if v in held:
                held[v].append(d)
    return {v: _day_histogram(days, np.asarray(held[v], dtype=np.int64), interval) for v in shown}


def _one_version(method):
    """A method during which this thread's calls of self.searcher() -- its own and those of
    what it calls (translation's word counts, the forgiving step) -- give the searcher it
    started with: one index version for the whole request, and the directory checked once
    (a stat and a listing, ~45 us) instead of ~11 times."""
    @functools.wraps(method)
    def on_one_version(self, *args, **kwargs):
        if getattr(self._held, "searcher", None) is not None:      # (an outer call holds one)
            return method(self, *args, **kwargs)
        self._held.searcher = self.searcher()
        try:
            return method(self, *args, **kwargs)
        finally:
            self._held.searcher = None
    return on_one_version


class WhooshCorpus:
    """A Whoosh index directory opened for searching: a Searcher (corpus/engines/base.py).

    One Whoosh searcher per index version, shared by every thread (its segment files are
    read in place from their memory maps, a read position per thread: corpus/sharedfile.py),
    and with it the facet columns and the fastsearch posting cache. A new version (a
    re-index) opens a new searcher; the old one is released when its last request is done."""

    engine = "whoosh"

    def __init__(self, directory: str | Path | None = None, fast: bool = True,
                 warm: bool = False):
        self.directory = store.index_dir(directory)
        self._current: tuple | None = None      # (index name, searcher)
        self._lock = threading.Lock()
        self._held = threading.local()      # .searcher: the one a request holds (_one_version)
        self.opened = 0         # searchers opened so far (one per index version)
        # fast path for boolean trees of terms (corpus/engines/whoosh/fastsearch/); False: Whoosh only
        self.fast = fast
        cache = os.environ.get("CORPUS_POSTINGS_CACHE", "").strip()
        self.fastpath = fastsearch.FastSearch(max_postings=int(cache) if cache else POSTINGS_CACHE)
        self.fastpath.vocabulary = self._word_segments
        self._vocab = expand.Vocabularies()
        self._names: dict[tuple, list] = {}      # words_matching, per index version
        self._pairs: dict = {}      # parsed query -> its word pairs (corpus/engines/proximity.py)
        self.warm = warm
        if warm:
            try:
                self.warm_up(self.searcher())
            except Exception:       # noqa: BLE001 -- no index yet: the first request reads it
                log.debug("index not warmed", exc_info=True)

    def warm_up(self, s) -> None:
        """Read now what the first search of an index version would otherwise read: the
        facet columns (seconds on 31k documents), dates, stories, live documents, BM25
        length norms and ids. A server's start (warm=True) waits for it; a new version is warmed in the
        background (a request arriving meanwhile waits for the same work, not twice)."""
        self.columns(s)
        self.days(s)
        if research.has_stories(s.schema):      # the page groups hits by story
            research.story_column(self, s)
        st = self.fastpath.state(self.version(s), s)
        st.live(s)
        for field in ("title", "body", "exact"):
            if field in s.schema:
                st.norms(s, field, s.weighting)
        research.id_column(self, s)     # the research views' ranked_ids

    # -- searcher management: readers always see the last committed index
    def searcher(self):
        held = getattr(self._held, "searcher", None)
        if held is not None:
            return held
        name = store.index_name(self.directory)
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
                    if self.opened > 1:     # a re-index: columns and norms too
                        gc.unfreeze()       # (what a server froze when it started may go now)
                        threading.Thread(target=self.warm_up, args=(s,), name="corpus-warm",
                                         daemon=True).start()
        return current[1]

    def version(self, searcher) -> tuple:
        return (searcher._ix.indexname, searcher.reader().generation(), searcher.doc_count_all())

    def meta(self, max_age: float = 0.0) -> dict:
        """The metadata of the index's last commit (read once per index version)."""
        return memo_per_version(self, "_meta_held", self.version(self.searcher()),
                                lambda: store.read_meta(self.directory))

    def plan(self, searcher, text_q):
        """(fast-path plan, its fastsearch.Run), or (None, None) for the Whoosh path."""
        if not self.fast:
            return None, None
        plan = fastsearch.compile(text_q, searcher.schema)
        if plan is None:
            return None, None
        return plan, self.fastpath.run(self.version(searcher), searcher)

    def columns(self, searcher) -> dict[str, list]:
        """Facet values per docnum, read once per index version."""
        return memo_per_version(self, "_columns", self.version(searcher),
                                lambda: self._read_columns(searcher))

    def days(self, searcher):
        """Day ordinal per docnum (0: undated) as an array, once per index version."""
        return memo_per_version(self, "_days", self.version(searcher),
                                lambda: np.asarray(self.columns(searcher)["day"], dtype=np.int64))

    def codes(self, searcher, facet: str) -> tuple:
        """(a code per docnum, the values coded) of a facet, once per index version."""
        def build():
            values = sorted(set(self.columns(searcher)[facet]))
            code = {v: i for i, v in enumerate(values)}
            return np.fromiter(map(code.__getitem__, self.columns(searcher)[facet]), dtype=np.int32), values
        return memo_per_version(self, f"_codes_{facet}", self.version(searcher), build)

    def _read_columns(self, searcher) -> dict[str, list]:
        # segment by segment: a segment none of whose documents has the field has no column
        # (nor has an index built before the field existed: its schema lacks it)
        readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]

        def column(field, default, **kw):
            out = []
            for r in readers:
                out += r.column_reader(field, **kw) if field in r.schema and r.has_column(field) \
                    else [default] * r.doc_count_all()
            return out
        cols = {f: column(f, "") for f in FACETS}
        # keys, value lists and codes are worked out once per distinct value (the column
        # holds each many times): the read is a server's start (warm_up)
        for f in FACETS:
            if f in MULTI_FACETS:
                continue
            keys = {v: facet_key(v) for v in set(cols[f])}
            cols[f"{f}:key"] = list(map(keys.__getitem__, cols[f]))
        for f in MULTI_FACETS:      # a tuple of values, a frozenset of their keys per docnum
            raw = cols[f]
            held = {v: tuple(multi_values(v)) for v in set(raw)}
            keys = {v: frozenset(map(facet_key, t)) for v, t in held.items()}
            cols[f"{f}:key"] = list(map(keys.__getitem__, raw))
            cols[f] = list(map(held.__getitem__, raw))
            # and flat: the value codes of every document in docnum order, starts[d] where
            # docnum d's begin (starts[d + 1] where they end), for counting many documents
            values = sorted({v for t in held.values() for v in t})
            code = {v: i for i, v in enumerate(values)}
            codes = {v: [code[x] for x in t] for v, t in held.items()}
            flat_codes = np.fromiter((c for v in raw for c in codes[v]), dtype=np.int32)
            starts = np.zeros(len(raw) + 1, dtype=np.int64)
            np.cumsum(np.fromiter(map(len, cols[f]), dtype=np.int64, count=len(raw)), out=starts[1:])
            cols[f"{f}:flat"] = (starts, flat_codes, values)
        # raw date values sort chronologically; an undated document holds the maximum
        cols["date"] = column("date", UNDATED, translate=False)
        cols["day"] = [0 if d == UNDATED else d // _DAY + 1 for d in cols["date"]]  # date ordinals
        # the value codes of each docnum (indexes of the sorted values) as an array, for many
        # documents; facets with few values also as one byte per docnum (bytes.count)
        for f in (f for f in FACETS if f not in MULTI_FACETS):
            values = sorted(set(cols[f]))
            code = {v: i for i, v in enumerate(values)}
            cols[f"{f}:array"] = (np.fromiter(map(code.__getitem__, cols[f]), dtype=np.int32,
                                              count=len(cols[f])), values)
            if len(values) <= _CODED_FACET_VALUES:
                cols[f"{f}:codes"] = (bytes(map(code.__getitem__, cols[f])), values)
        return cols

    # -- the search function
    @_one_version
    def search(self, q: str = "", **kwargs) -> Results:
        """See SearchRequest.build for the arguments (or pass request=SearchRequest)."""
        req = kwargs.pop("request", None) or SearchRequest.build(q, **kwargs)
        if req.suggest and req.q:       # variants, did you mean (corpus/suggest)
            return forgiving.search(self, req)
        started = time.perf_counter()
        s = self.searcher()
        notices: list[str] = []
        translations: list = []
        untranslated: list = []
        text_q = self.parse(req.q, req.op, searcher=s, notices=notices, request=req,
                            translations=translations, untranslated=untranslated)
        plan = self.plan(s, text_q)
        base, passing = self.match_sets(s, text_q, req.filters, req.since, req.until, plan)
        selected = base.intersection(*passing.values()) if passing else base
        vector = semantic.Plan(self, s, req)     # --embeddings: vector neighbours join
        base, passing, selected = vector.join(base, passing, selected)
        # Facets follow the query and the *other* filters (post-filter semantics).
        cols = self.columns(s)
        has_stories = research.has_stories(s.schema)
        by_story = storycounts.StoryCounter(self, s) if req.count == "stories" and has_stories else None
        facet_out = {}
        base_at = np.fromiter(base, dtype=np.int64, count=len(base)) \
            if len(base) >= _BY_ARRAYS and not by_story else None     # (the facets without filters)
        for f in req.facets:
            docs = base.intersection(*(p for g, p in passing.items() if g != f)) if passing else base
            counts = by_story.facet(f, docs) if by_story else \
                _facet_counts(cols, f, docs, req.limit(f), req.filters.get(f, ()),
                              base_at if docs is base else None)
            facet_out[f] = facet_values(f, counts, req.filters.get(f, ()), req.limit(f))
        hist = split = None
        if req.histogram:
            docs = np.fromiter(selected, dtype=np.int64, count=len(selected))
            hist = _day_histogram(self.days(s), docs, req.histogram)
        if req.split in MULTI_FACETS:
            split = _split_multi(cols[req.split], self.days(s), req, docs, hist.interval)
        elif req.split:
            split = _split_histograms(self.codes(s, req.split), self.days(s), req, docs, hist.interval)
        hits: list[Hit] = []
        total = len(selected)
        stories, grouped = None, req.group == "story" and has_stories
        if (req.group == "story" or req.count == "stories") and not has_stories:
            notices.append(research.needs_rebuild_message("this index"))
        if grouped:
            filtered = bool(passing or req.since or req.until)
            hits, stories = research.grouped_hits(self, s, text_q, selected, filtered, req, plan)
        elif req.size and (req.page - 1) * req.size < total:
            filtered = bool(passing or req.since or req.until)
            if vector.ranks(req.sort):
                deep = self.ranked(s, text_q, vector.keyword, filtered, req.sort,
                                   req.page * req.size + semantic.DEEPER, plan)
                ranked = vector.ranked(deep, req.page * req.size)
            else:
                ranked = self.ranked(s, text_q, selected, filtered, req.sort, req.page * req.size, plan)
            hits = self.hits(s, text_q, ranked[(req.page - 1) * req.size: req.page * req.size],
                             req.snippets, self.characters(plan))
        if by_story and stories is None:
            stories = by_story.total(selected)
        return Results(query=req.q, op=req.op, sort=req.sort, page=req.page, size=req.size,
                       total=total, took_ms=round((time.perf_counter() - started) * 1000, 2),
                       hits=hits, facets=facet_out, filters=req.filters_dict(),
                       group="story" if grouped else "none", stories=stories,
                       count="stories" if by_story else "documents",
                       since=req.since_text, until=req.until_text, notices=notices,
                       translations=translations, untranslated=untranslated,
                       semantic=vector.summary(),
                       histogram=hist, split=split)

    def export(self, q: str = "", limit: int = 10_000, offset: int = 0, text: bool = False,
               snippets: bool = False, **kwargs):
        """The hits of a search from `offset` (up to `limit`) as plain dicts, lazily; with
        `text` the body, with `snippets` an HTML snippet (matches in <mark>)."""
        s, text_q, plan, ranked = self._export_ranking(q, offset + limit, kwargs)
        ranked = ranked[offset:]
        words = positive_terms(text_q, s.reader()) if snippets else {}
        for i in range(0, len(ranked), _EXPORT_BATCH):
            batch = ranked[i:i + _EXPORT_BATCH]
            if snippets:
                spans = match_spans(s, "body", words.get("body", set()), [d for d, _ in batch],
                                    self.characters(plan))
            for docnum, score in batch:
                f = s.stored_fields(docnum)
                row = {**_metadata(f, EXPORT_FIELDS), "score": score}
                if text:
                    row["text"] = f.get("body", "")
                if snippets:
                    row["snippet"] = snippet(f.get("body", ""), spans[docnum])
                yield row

    def ranked_ids(self, q: str = "", limit: int = 10_000, **kwargs) -> list[str]:
        """The ids of export's hits in its order, from the id column (no stored fields read)."""
        s, _, _, ranked = self._export_ranking(q, limit, kwargs)
        ids = research.id_column(self, s)
        return [ids[d] for d, _ in ranked]

    def _export_ranking(self, q: str, limit: int, kwargs: dict):
        """(searcher, query, plan, the first `limit` (docnum, score) in export order)."""
        req = SearchRequest.build(q, page=1, size=1, facets=(), snippets=False, **kwargs)
        s = self.searcher()
        text_q = self.parse(req.q, req.op, searcher=s, request=req)
        plan = self.plan(s, text_q)
        base, passing = self.match_sets(s, text_q, req.filters, req.since, req.until, plan)
        selected = base.intersection(*passing.values()) if passing else base
        filtered = bool(req.filters or req.since or req.until)
        return s, text_q, plan, self.ranked(s, text_q, selected, filtered, req.sort, limit, plan)

    def ranked(self, s, text_q, selected: set, filtered: bool, sort: str, limit: int,
                plan=(None, None)):
        """The first `limit` (docnum, score) of the selected documents, in `sort` order.
        Sorting by date puts undated documents last either way; score is then None."""
        if sort == "relevance":
            pairs = self._pairs.get(text_q, ())
            depth = max(limit, near_words.WINDOW) if pairs else limit
            top = self._by_score(s, text_q, selected, filtered, depth, plan)
            if pairs:       # the proximity bonus: the same stage for both paths
                top = proximity.rescored(plan[1] or self.fastpath.run(self.version(s), s),
                                         pairs, top, near_words.WINDOW, limit)
            return [(d, round(score, 4)) for d, score in top[:limit]]
        dates = self.columns(s)["date"]
        if sort == "date":
            order = sorted(selected, key=lambda d: (dates[d], d))
        else:
            order = sorted(selected, key=lambda d: (dates[d] == UNDATED, -dates[d], d))
        return [(d, None) for d in order[:limit]]

    def _by_score(self, s, text_q, selected, filtered: bool, limit: int, plan):
        """The first `limit` (docnum, keyword score), best first: the fast path's ranking
        or Whoosh's (the same floats)."""
        node, run = plan
        if node is not None:
            top = run.rank(node, selected, limit)
            if top is not None:
                return [(d, float(score or 0.0)) for d, score in top]
        results = s.search(text_q, limit=limit, filter=set(selected) if filtered else None)
        return [(h.docnum, float(h.score or 0.0)) for h in results]

    def match_sets(self, s, text_q, filters, d_since, d_until, plan=(None, None)):
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
            if f in MULTI_FACETS:
                passing[f] = {d for d in base if not wanted.isdisjoint(col[d])}
            else:
                passing[f] = {d for d in base if col[d] in wanted}
        return base, passing

    def parse(self, q: str, op: str, *, searcher=None, notices=None, request=None,
              translations=None, untranslated=None) -> query.Query:
        """The Whoosh query of `q` (corpus/querylang.py), wildcards expanded with a cap
        (corpus/engines/whoosh/expand.py); `notices` (a list) gets the parser's and the expansion's notes."""
        parsed = querylang.parse(q, op)
        s = searcher or self.searcher()
        tree = parsed.tree
        work = WorkBudget()
        if request is not None and request.translate != "off":     # corpus/translate
            done = translation.translate(tree, request.translate, request.drop,
                                         self.words_matching, q, work, index=self)
            tree = done.tree
            if translations is not None:
                translations.extend(done.translations)
            if untranslated is not None:
                untranslated.extend(done.untranslated)
            parsed.notices.extend(done.notices)
        expansion = expand.Expansion(s, self._vocab, work=work)
        whoosh_q = expansion.rewrite(compile_tree(tree, s.schema, op))
        if len(self._pairs) > 10_000:
            self._pairs.clear()
        self._pairs[whoosh_q] = near_words.pairs(tree)      # what ranked() rescores it by
        if notices is not None:
            notices.extend(parsed.notices + expansion.notices() + work.notices())
        return whoosh_q    # NullQuery when only stopwords remain: no hits

    def _word_segments(self, s, field: str, btext: bytes) -> int | None:
        """The segments holding a word (bits, 0: none), from the vocabulary kept per index
        version; None when not known (that field's vocabulary not built yet)."""
        try:
            return self._vocab.segments(s, field, btext.decode("utf-8"))
        except UnicodeDecodeError:
            return None

    def words_matching(self, pattern, limit: int, budget: WorkBudget | None = None) -> list[tuple[str, int]]:
        """The index's words (exact forms) fitting a transliteration pattern
        (corpus/translate/transliterate.py), most frequent first: the words starting with
        one of pattern.starts, from the sorted vocabulary kept per index version. Raises
        TimeoutError when the scan outlasts the budget's time (corpus/budget.py)."""
        s = self.searcher()
        key = (self.version(s), pattern.regex, limit)
        found = self._names.get(key)
        if found is None:
            timeout = (budget or WorkBudget()).seconds_left()
            words = dict(self._vocab.fitting(s, "exact", pattern.starts, pattern.regex, timeout))
            found = sorted(words.items(), key=lambda wn: (-wn[1], wn[0]))[:limit]
            if len(self._names) > 10_000:
                self._names.clear()
            self._names[key] = found
        return found

    @staticmethod
    def characters(plan):
        """How match_spans finds posting values: for a fast-path plan, from the postings the
        search read (fastsearch.Run.characters); else None (it walks the postings)."""
        return plan[1].characters if plan[1] is not None else None

    def hits(self, s, q, ranked, with_snippets: bool, characters=None) -> list[Hit]:
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
        f.update(_metadata(f, EXPORT_FIELDS))       # missing values None
        words = positive_terms(self.parse(q, op, searcher=s), s.reader()) if q.strip() else {}
        for private in ("path", "hash", "minhash"):        # server paths stay with the CLI
            f.pop(private, None)
        for field in ("title", "body"):
            spans = match_spans(s, field, words.get(field, set()), [docnum])[docnum]
            f[f"{field}_html"] = mark(f.get(field, ""), spans)
        return f

    def word_counts(self, words) -> dict[str, int]:
        """Documents holding each word (exact, unstemmed forms), from the term dictionary,
        kept per index version (name matching asks for the same candidates again)."""
        s = self.searcher()
        kept = memo_per_version(self, "_word_counts", self.version(s), dict)
        r, out = s.reader(), {}
        for w in set(words):
            if not w:
                continue
            n = kept.get(w)
            if n is None:   # the vocabulary a server warms, else the term dictionaries
                n = self._vocab.frequency(s, "exact", w)
                if n is None:   # most candidates are not words: a membership test is cheaper
                    n = r.doc_frequency("exact", w) if ("exact", w) in r else 0
                if len(kept) > 200_000:
                    kept.clear()
                kept[w] = n
            out[w] = n
        return out

    def phrase_counts(self, phrases, stems: bool = False) -> dict[tuple[str, ...], int]:
        """Documents holding each phrase (exact forms, adjacent, in order), counted on the
        `exact` field's positions (`stems`: stems on the body's; the fast path's phrase
        matching, else Whoosh's), kept per index version."""
        s = self.searcher()
        kept = memo_per_version(self, "_phrase_counts", self.version(s), dict)
        field = "body" if stems else "exact"
        r, out = s.reader(), {}
        for words in {tuple(p) for p in phrases if p}:
            n = kept.get((field, words))
            if n is None:
                if all((field, w) in r for w in words):
                    n = self._phrase_count(s, field, words) if len(words) > 1 \
                        else r.doc_frequency(field, words[0])
                else:
                    n = 0
                if len(kept) > 100_000:
                    kept.clear()
                kept[(field, words)] = n
            out[words] = n
        return out

    def _phrase_count(self, s, field: str, words: tuple[str, ...]) -> int:
        q = query.Phrase(field, list(words))
        node, run = self.plan(s, q)
        if node is not None:
            return len(run.docs(node))
        return sum(1 for _ in q.docs(s))

    def has_metadata_fields(self) -> bool:
        """Whether the index has the fields corpus/metadata fills."""
        return metadata.has_metadata_fields(self.searcher().schema.names())

    def term_documents(self, stems) -> tuple[dict[str, int], int]:
        """(documents whose body holds each stem, documents in the index): key terms."""
        s = self.searcher()
        kept = memo_per_version(self, "_term_documents", self.version(s), dict)
        if len(kept) > 200_000:
            kept.clear()
        unseen = [t for t in set(stems) if t not in kept]
        if unseen:      # the vocabulary a server warms (one bisection), else the term dictionaries
            known = {t: n for t in unseen if (n := self._vocab.frequency(s, "body", t)) is not None}
            kept.update(known)
            kept.update(research.doc_frequencies(s, "body", [t for t in unseen if t not in known]))
        return {t: kept[t] for t in stems}, s.doc_count()

    def corpus_words(self) -> int:
        """Body terms in the index (Whoosh's field length total)."""
        return int(self.searcher().reader().field_length("body"))

    def coverage(self) -> dict[str, dict[str, int]]:
        """Documents per day per source, from the columns (live documents only)."""
        s = self.searcher()
        cols = self.columns(s)
        days, sources = cols["day"], cols["source"]
        per: Counter = Counter((days[d], sources[d] or "") for d in s.reader().all_doc_ids() if days[d])
        out: dict[str, dict[str, int]] = {}
        for (day, source), n in sorted(per.items()):
            out.setdefault(dt.date.fromordinal(day).isoformat(), {})[source] = n
        return out

    def story_versions(self, doc_id: str, limit: int = 50) -> list[dict]:
        """The other versions of a document's story (near-duplicates), oldest first."""
        return research.story_versions(self.searcher(), doc_id, limit)

    def research_dir(self) -> Path:
        """The index's own `research/` folder (clean_leftovers and generations leave it be)."""
        return self.directory / "research"

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


