"""A fast path for the common query shapes: boolean trees of Term queries.

Whoosh answers a search by walking matcher trees posting by posting (about 10-15 µs each
in Python), and Corpus.search did it twice: once for the set of matching documents (total,
facets) and once for the BM25F top k. Here each term's posting list is read once, block by
block (ids + weights, no per-posting matcher calls), and then

* the matching docnums come from Python set algebra (And = intersection, Or = union,
  Not = complement within the live documents, AndNot = difference), computed once and
  reused for the total, the facets and the ranking;
* the candidates (the matching documents that pass the filters) are scored as Whoosh
  scores them: BM25F with the searcher's idf and average field length, the stored
  (byte-quantized) field length of the document, query boosts multiplying, and the
  sub-scores added in the order Whoosh's matcher tree adds them (per segment: the
  huffman-like tree `make_weighted_tree` builds from `estimate_size`, or the sequential
  ArrayUnionMatcher sum Whoosh picks for an Or of 3+ clauses in a segment of up to 5,000
  documents) -- the same floats, bit for bit -- and ordered as Whoosh orders hits (higher
  score first, then lower docnum), the top k by heapq.nlargest.

That is what Whoosh's exhaustive search (searcher.search(q, limit=None)) returns, and what
its top-k search returns but for two pruning bugs of whoosh-reloaded 2.7.5 that change it
(AndMaybeMatcher.skip_to leaving its optional matcher behind; ArrayUnionMatcher.max_quality
taking the largest clause maximum instead of their sum; see tests/test_fastsearch.py).

Every(field) (`source:*`) is the set of documents with a term in the field, once per
version, ranked with a constant score like Every(). `compile` returns None for anything
else (phrases, prefixes and wildcards -- corpus/expand.py turns those into terms first --,
ranges, fuzzy terms, zero or negative boosts) and the caller keeps the Whoosh path. An
Or with a coordination scale (qparser.OrGroup.factory(scale), i.e. op="or") gets the fast
match set, but `Run.rank` returns None for it and Whoosh ranks it (see `Run.rank` why).

Per index version (`VersionState`): field-length norms, live documents, and an LRU of
posting arrays (with their docnum sets and score maps) and of decoded posting values
(character offsets for snippets), bounded by `max_postings` (0 turns the LRU off).
"""
from __future__ import annotations

import heapq
import pickle
import threading
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from itertools import accumulate, chain, repeat
from operator import neg

import numpy as np
from whoosh import query, scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from corpus.engines.whoosh.maxor import MaxOr
from corpus.engines.whoosh.expand import field_docs

# -- the plan: a tree of Nodes mirroring the query tree
TERM, AND, OR, NOT, ANDNOT, EVERY, NULL = "term", "and", "or", "not", "andnot", "every", "null"
DMAX = "dmax"   # MaxOr (corpus/engines/whoosh/maxor.py): matches as OR, scale = tie-break
HAS = "has"     # Every(field): the documents with a term in the field

# Or._matcher heuristics (whoosh.query.compound.Or)
_TOO_MANY_CLAUSES = query.Or.TOO_MANY_CLAUSES
_SMALL_SEGMENT = 5000


class Node:
    __slots__ = ("kind", "q", "children", "boost", "field", "btext", "scale", "scorable")

    def __init__(self, kind, q, children=(), boost=1.0, field=None, btext=None, scale=None,
                 scorable=True):
        self.kind, self.q, self.children, self.boost = kind, q, list(children), boost
        self.field, self.btext, self.scale, self.scorable = field, btext, scale, scorable

    def __repr__(self):
        if self.kind == TERM:
            return f"Term({self.field}:{self.btext!r}^{self.boost})"
        return f"{self.kind}({', '.join(map(repr, self.children))})^{self.boost}"


def compile(q, schema) -> Node | None:
    """The plan for a query, or None when the query needs the Whoosh path."""
    try:
        return _compile(q, schema)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


def _compile(q, schema) -> Node:
    t = type(q)
    if q is query.NullQuery:
        return Node(NULL, q)
    if t is query.Term:
        if getattr(q, "minquality", None) or not isinstance(q.text, str):
            raise _Unsupported
        if q.fieldname not in schema:
            return Node(NULL, q)        # Term.matcher gives a NullMatcher
        field = schema[q.fieldname]
        if field.format is None:
            raise _Unsupported
        try:
            btext = field.to_bytes(q.text)
        except ValueError:
            return Node(NULL, q)
        _check_boost(q.boost)
        return Node(TERM, q, boost=q.boost, field=q.fieldname, btext=btext,
                    scorable=field.scorable)
    if t is query.And:
        _check_boost(q.boost)
        return Node(AND, q, [_compile(c, schema) for c in q.subqueries], boost=q.boost)
    if t is MaxOr:
        _check_boost(q.boost)
        return Node(DMAX, q, [_compile(c, schema) for c in q.subqueries], boost=q.boost,
                    scale=q.tiebreak)
    if t is query.Or:
        _check_boost(q.boost)
        if q.minmatch:
            raise _Unsupported
        return Node(OR, q, [_compile(c, schema) for c in q.subqueries], boost=q.boost,
                    scale=q.scale)
    if t is query.Not:
        return Node(NOT, q, [_compile(q.query, schema)])
    if t is query.AndNot:
        return Node(ANDNOT, q, [_compile(q.a, schema), _compile(q.b, schema)])
    if t is query.Every and q.fieldname in (None, "*"):
        return Node(EVERY, q, boost=q.boost)
    if t is query.Every:
        return Node(HAS, q, boost=q.boost, field=q.fieldname) if q.fieldname in schema \
            else Node(NULL, q)
    raise _Unsupported


def _check_boost(boost):
    # Whoosh's ArrayUnionMatcher drops documents whose summed score is not > 0; keep
    # zero and negative boosts on the Whoosh path rather than reproduce that.
    if not boost > 0:
        raise _Unsupported


# -- reading posting lists

def _leaf_arrays(m):
    """(ids, weights, blocks) of a fresh segment leaf matcher, read block by block; blocks:
    (index of each block's first posting, the block's file offset) for W3 posting lists,
    else None."""
    if type(m) is W3LeafMatcher:
        ids, ws = [], []
        firsts, offsets = array("l"), array("q")
        try:
            pos = m._baseoffset
            while m.is_active():
                firsts.append(len(ids))
                offsets.append(pos)
                n = m._blocklength
                bids, bws = _block_ids_weights(m)
                ids.extend(bids if m._byteids else accumulate(bids))
                if bws is None:
                    ws.extend(repeat(1.0, n))
                elif isinstance(bws, float):
                    ws.extend(repeat(array("f", (bws,))[0], n))  # W3LeafMatcher keeps these as float32
                else:
                    ws.extend(bws)
                pos = m._nextoffset
                m._next_block()
            if len(ids) != len(ws):
                raise ValueError("ids and weights differ in length")
            return ids, ws, (firsts, offsets)
        except (AttributeError, IndexError, TypeError, ValueError):  # an unexpected layout
            m.reset()
    if type(m) is ListMatcher and m._i == 0:
        ids = list(m._ids)
        if m._all_weights:
            ws = [m._all_weights] * len(ids)
        elif m._weights:
            ws = list(m._weights)
        else:
            ws = [1.0] * len(ids)
        return ids, ws, None
    ids, ws = [], []
    while m.is_active():
        ids.append(m.id())
        ws.append(m.weight())
        m.next()
    return ids, ws, None


# A block's data is the pickle (protocol 2) of (ids, weights, values); values (positions,
# characters) are bytes, which protocol 2 writes as _codecs.encode(str, "latin1") calls,
# the costly part of unpickling. The values tuple opens with MARK + that GLOBAL.
_VALUES_START = b"(c_codecs\nencode\n"
_NO_VALUES = b"N\x87."      # None, TUPLE3, STOP: (ids, weights, None)


def _block_ids_weights(m: W3LeafMatcher):
    """(ids, weights) of the matcher's current block as W3LeafMatcher._read_data would find
    them, without unpickling the values when the pickle's layout allows (checked: the ids
    must be the block's count and end at its last id, else the whole pickle is read)."""
    if m._data is None:
        raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        if m._compression:
            raw = zlib.decompress(raw)
        cut = raw.find(_VALUES_START)
        if cut > 0:
            try:
                bids, bws, none = pickle.loads(raw[:cut] + _NO_VALUES)
                n = m._blocklength
                if (none is None and type(bids) is tuple and len(bids) == n
                        and (bws is None or isinstance(bws, float) or len(bws) == n)
                        and (bids[-1] if m._byteids else sum(bids)) == m._maxid):
                    return bids, bws
            except Exception:       # noqa: BLE001 -- not the expected layout
                pass
        m._data = pickle.loads(raw)
    return m._data[0], m._data[1]


def _length_bytes(r, field: str) -> bytes | None:
    """The stored length byte of every document of a segment, read at once from its lengths
    column (what W3PerDocReader.doc_field_length reads one by one); None if the layout is
    not the expected one (then the caller asks doc_field_length per document)."""
    try:
        col = r._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if type(col) is not NumericColumn.Reader or col._typecode != "B" or col._fixedlen != 1:
            return None
        n = r.doc_count_all()
        count = min(col._count, n)
        data = bytes(col._dbfile.get(col._basepos, count)) if count else b""
        return data + bytes([col._default]) * (n - count)
    except Exception:       # noqa: BLE001 -- any surprise: use the public API
        return None


class Postings:
    """One term's postings over the whole index: ascending global docnums and weights;
    built on demand, the docnum set and the {docnum: score} map. `parts`, when every
    segment's list is a W3 block list without deleted documents: per segment holding the
    term, (index of its first posting in `ids`, segment number, (block first-posting
    indexes, block file offsets)) -- where to find a document's posting value."""
    __slots__ = ("ids", "weights", "parts", "_set", "_scores", "_arrays")

    def __init__(self, ids, weights, parts=None):
        self.ids, self.weights, self.parts = ids, weights, parts
        self._set, self._scores, self._arrays = None, (None, None), (None, None, None)

    def __len__(self):
        return len(self.ids)

    def docset(self) -> frozenset:
        s = self._set
        if s is None:
            s = self._set = frozenset(self.ids)
        return s

    def scores(self, scorer, node, cands: list) -> dict:
        """{docnum: unboosted score}: of the whole list once the term is used again or most
        of it is wanted (then kept), else of `cands` only."""
        w = scorer.w
        key = (w.B, w.K1, tuple(sorted(w._field_B.items())))
        held, smap = self._scores
        if held == key:
            return smap
        if held is None and len(cands) * 3 < len(self.ids):
            self._scores = (False, None)        # next time: the whole list
            ids, ws = self.ids, self.weights
            n = len(ids)
            at = [(d, i) for d, i in zip(cands, map(bisect_left, repeat(ids), cands)) if i < n]
            pairs = [(d, ws[i]) for d, i in at if ids[i] == d]
            return scorer.term_scores(node, [d for d, _ in pairs], [w for _, w in pairs])
        smap = scorer.term_scores(node, self.ids, self.weights)
        self._scores = (key, smap)
        return smap

    def score_arrays(self, scorer, node, cands: list) -> tuple[np.ndarray, np.ndarray]:
        """scores() as (docnums, scores) arrays, kept with a kept map."""
        smap = self.scores(scorer, node, cands)
        held, ids, scores = self._arrays
        if held is smap:
            return ids, scores
        ids = np.fromiter(smap.keys(), dtype=np.int64, count=len(smap))
        scores = np.fromiter(smap.values(), dtype=np.float64, count=len(smap))
        if self._scores[1] is smap:
            self._arrays = (smap, ids, scores)
        return ids, scores


class VersionState:
    """What is kept per index version: segment layout, live docs, length norms, doc
    frequencies per segment, and the LRUs of posting lists and of decoded posting values.
    Shared by the threads (each with its own searcher on the same version): plain data."""

    def __init__(self, key, searcher, max_postings: int):
        self.key = key
        self.doc_count_all = searcher.doc_count_all()
        self.segments = []      # (offset, doc count, deleted frozenset)
        for sub, offset in searcher.leaf_searchers():
            r = sub.reader()
            deleted = frozenset(d for d in range(r.doc_count_all()) if r.is_deleted(d)) \
                if r.has_deletions() else frozenset()
            self.segments.append((offset, r.doc_count_all(), deleted))
        self._live = None
        self._has: dict[str, frozenset] = {}
        self.sizes = [{} for _ in self.segments]     # per segment: doc_frequency memo
        self._norms: dict[tuple, array] = {}
        self._postings: OrderedDict = OrderedDict()
        self._values: OrderedDict = OrderedDict()    # (field, btext, docnum) -> value
        self._held = 0
        self.max_postings = max_postings
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def live(self, searcher) -> frozenset:
        if self._live is None:
            self._live = frozenset(searcher.reader().all_doc_ids())
        return self._live

    def has(self, searcher, field: str) -> frozenset:
        """The live documents with a term in `field` (Every(field)), once per version."""
        docs = self._has.get(field)
        if docs is None:
            out = set()
            for (sub, offset), (_, _, deleted) in zip(searcher.leaf_searchers(), self.segments):
                out.update(offset + d for d in field_docs(sub.reader(), field) if d not in deleted)
            docs = self._has[field] = frozenset(out)
        return docs

    def norms(self, searcher, field: str, B: float, K1: float, avgfl: float) -> array:
        """Per global docnum: K1 * ((1 - B) + B * fl / avgfl), fl the stored (quantized)
        field length, the denominator term of Whoosh's bm25()."""
        key = (field, B, K1, avgfl)
        norms = self._norms.get(key)
        if norms is None:
            norms = array("d")
            # the same floats bm25() computes from fl = byte_to_length(stored length byte)
            table = [0.0] + [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(1, 256)]
            for sub, offset in searcher.leaf_searchers():
                r = sub.reader()
                lbytes = _length_bytes(r, field)
                if lbytes is not None:
                    norms.extend(map(table.__getitem__, lbytes))
                    continue
                dfl = r.doc_field_length
                for d in range(r.doc_count_all()):
                    fl = dfl(d, field, 1)
                    norms.append(0.0 if fl is None else K1 * ((1 - B) + B * fl / avgfl))
            self._norms[key] = norms
        return norms

    def postings(self, searcher, field: str, btext: bytes) -> Postings:
        key = (field, btext)
        with self._lock:
            p = self._postings.get(key)
            if p is not None:
                self._postings.move_to_end(key)
                self.hits += 1
                return p
            self.misses += 1
        p = self._read(searcher, field, btext)
        with self._lock:
            if key not in self._postings and len(p) <= self.max_postings:
                self._postings[key] = p
                self._held += len(p)
                while self._held > self.max_postings:
                    _, old = self._postings.popitem(last=False)
                    self._held -= len(old)
        return p

    def _read(self, searcher, field, btext) -> Postings:
        ids, ws = [], []       # lists: quicker to fill and to read than arrays
        parts = []
        for seg, ((sub, offset), (_, _, deleted)) in enumerate(zip(searcher.leaf_searchers(),
                                                                  self.segments)):
            try:
                m = sub.reader().postings(field, btext)
            except TermNotFound:      # not in this segment
                continue
            if type(m) is FilterMatcher:
                m = m.child
            sids, sws, blocks = _leaf_arrays(m)
            if deleted:
                keep = [i for i, d in enumerate(sids) if d not in deleted]
                sids, sws = [sids[i] for i in keep], [sws[i] for i in keep]
                blocks = None
            if parts is not None:
                parts = parts + [(len(ids), seg, blocks)] if blocks is not None else None
            ids.extend(map(offset.__add__, sids) if offset else sids)
            ws.extend(sws)
        return Postings(ids, ws, parts)

    def values_get(self, field: str, btext: bytes, docnums: list) -> dict:
        """{docnum: decoded posting value} of those cached (see Run.characters)."""
        cache = self._values
        with self._lock:
            out = {}
            for d in docnums:
                v = cache.get((field, btext, d))
                if v is not None:
                    cache.move_to_end((field, btext, d))
                    out[d] = v
            return out

    def values_put(self, field: str, btext: bytes, items) -> None:
        cache, cap = self._values, self.max_postings // 10
        if not cap:
            return
        with self._lock:
            for d, v in items:
                cache[(field, btext, d)] = v
            while len(cache) > cap:
                cache.popitem(last=False)

    def stats(self) -> dict:
        return {"terms": len(self._postings), "postings": self._held, "hits": self.hits,
                "misses": self.misses, "values": len(self._values)}


class FastSearch:
    """Per-WhooshCorpus state: the caches of the live index version, and `run()` for a search."""

    def __init__(self, max_postings: int = 500_000):
        self.max_postings = max_postings
        self._state: VersionState | None = None
        self._lock = threading.Lock()

    def state(self, key, searcher) -> VersionState:
        st = self._state
        if st is None or st.key != key:
            st = VersionState(key, searcher, self.max_postings)
            with self._lock:
                self._state = st
        return st

    @property
    def current(self) -> VersionState | None:
        """The caches of the version searched last (None before the first search)."""
        return self._state

    def run(self, key, searcher) -> Run:
        """What one search uses: the version state, the searcher, a memo of postings."""
        return Run(self.state(key, searcher), searcher)

    def clear(self):
        with self._lock:
            self._state = None


class Run:
    """One search on one searcher (one thread); a term's postings are read at most once."""

    def __init__(self, st: VersionState, searcher):
        self.st, self.searcher = st, searcher
        self._memo: dict[tuple, Postings] = {}

    def postings(self, field: str, btext: bytes) -> Postings:
        key = (field, btext)
        p = self._memo.get(key)
        if p is None:
            p = self._memo[key] = self.st.postings(self.searcher, field, btext)
        return p

    def live(self) -> frozenset:
        return self.st.live(self.searcher)

    def characters(self, field: str, word: str, docnums: list):
        """[(docnum, [(pos, startchar, endchar)])] for those of the sorted `docnums` holding
        `word` in `field`, decoding only the posting blocks that hold them; None when the
        postings are not plain W3 block lists (then the caller walks them)."""
        schema = self.searcher.schema
        if field not in schema:
            return []
        try:
            btext = schema[field].to_bytes(word)
        except ValueError:
            return []
        p = self.postings(field, btext)
        if p.parts is None:
            return None
        have = p.docset()
        found = [d for d in docnums if d in have]
        if not found:
            return []
        known = self.st.values_get(field, btext, found)
        if len(known) == len(found):
            return [(d, known[d]) for d in found]
        out = self._characters(field, btext, p, [d for d in found if d not in known])
        if out is None:
            return None
        self.st.values_put(field, btext, out)
        out.extend(known.items())
        out.sort()
        return out

    def _characters(self, field, btext, p: Postings, found: list):
        leaves = self.searcher.leaf_searchers()
        starts = [start for start, _, _ in p.parts]
        matchers, out = {}, []
        for d in found:
            i = bisect_left(p.ids, d)
            start, seg, (firsts, offsets) = p.parts[bisect_right(starts, i) - 1]
            sub, docoffset = leaves[seg]
            k = i - start
            b = bisect_right(firsts, k) - 1
            held = matchers.get(seg)
            if held is None:
                m = sub.reader().postings(field, btext)
                if type(m) is not W3LeafMatcher:
                    return None
                held = matchers[seg] = [m, m._baseoffset]
            m = held[0]
            if held[1] != offsets[b]:
                m._goto(offsets[b])
                held[1] = offsets[b]
            if m._ids is None:
                m._read_ids()
            j = k - firsts[b]
            if not 0 <= j < len(m._ids) or m._ids[j] != d - docoffset:
                return None
            m._i = j
            out.append((d, m.value_as("characters")))
        return out

    # -- matching
    def docs(self, node: Node) -> set | frozenset:
        """The docnums matching the plan (live documents only)."""
        k = node.kind
        if k == TERM:
            return self.postings(node.field, node.btext).docset()
        if k == NULL:
            return frozenset()
        if k == EVERY:
            return self.live()
        if k == HAS:
            return self.st.has(self.searcher, node.field)
        if k == NOT:
            return self.live() - self.docs(node.children[0])
        if k == ANDNOT:
            a = self.docs(node.children[0])
            return a - self.docs(node.children[1]) if a else a
        kids = node.children
        if not kids:
            return frozenset()
        if k in (OR, DMAX):
            out = set()
            for c in kids:
                out |= self.docs(c)
            return out
        # AND: intersect the positive parts, smallest first; subtract the negated ones
        pos = [c for c in kids if c.kind != NOT]
        neg = [c.children[0] for c in kids if c.kind == NOT]
        if pos:
            sets = sorted((self.docs(c) for c in pos), key=len)
            out = set(sets[0])
            for s in sets[1:]:
                if not out:
                    break
                out &= s
        else:
            out = set(self.live())
        for c in neg:
            if not out:
                break
            out -= self.docs(c)
        return out

    # -- ranking
    def rank(self, node: Node, candidates, limit: int):
        """The top `limit` (docnum, score) of `candidates` (docs matching the plan), ordered
        as Whoosh orders scored hits (higher score first, then lower docnum); None if the
        plan can't be scored here.

        Whoosh's CoordMatcher (an Or with a scale) is left to Whoosh: it counts the term
        matchers of its child when built, and is rebuilt whenever the collector calls
        replace() (every 10 matches and whenever the minimum top-k score rises), by which
        time exhausted posting lists have been pruned from the tree. A document's
        coordination bonus and factor thus depend on how far the traversal got -- not
        reproducible without replaying the collector."""
        searcher, st = self.searcher, self.st
        w = searcher.weighting
        if type(w) is not scoring.BM25F or w.use_final or _has_coord(node):
            return None
        cands = sorted(candidates)
        if node.kind in (EVERY, HAS):     # a constant score
            score = float(node.boost or 1.0)
            return [(d, score) for d in cands[:limit]]
        best = []
        for i, (sub, offset) in enumerate(searcher.leaf_searchers()):
            lo, n, _ = st.segments[i]
            seg = cands[bisect_left(cands, lo):bisect_left(cands, lo + n)]
            if seg:
                scorer = _Scorer(self, sub, i, w, seg)
                vec = scorer.vector(node, True)
                if 0 < limit < len(vec):   # the limit best and every tie with the last of them
                    keep = np.nonzero(vec >= np.partition(vec, len(vec) - limit)[len(vec) - limit])[0]
                    pairs = zip(vec[keep].tolist(), (-scorer.at[keep]).tolist())
                else:
                    pairs = zip(vec.tolist(), map(neg, seg))
                best = heapq.nlargest(limit, chain(best, pairs))
        return [(-nd, score) for score, nd in best]


def _has_coord(node: Node) -> bool:
    if node.kind == OR and node.scale and len(node.children) > 1:
        return True
    return any(_has_coord(c) for c in node.children)


class _SizeReader:
    """The segment reader for Query.estimate_size, with doc_frequency memoized per index
    version (a term-info lookup each time otherwise)."""

    def __init__(self, reader, cache: dict):
        self._r, self._cache = reader, cache
        self.schema = reader.schema

    def doc_frequency(self, field, text):
        key = (field, text)
        n = self._cache.get(key)
        if n is None:
            n = self._cache[key] = self._r.doc_frequency(field, text)
        return n

    def doc_count(self):
        n = self._cache.get(None)
        if n is None:
            n = self._cache[None] = self._r.doc_count()
        return n

    def __getattr__(self, name):
        return getattr(self._r, name)


class _Scorer:
    """Scores of one segment's candidates, as numpy vectors aligned with the sorted candidate
    list (0.0 where a node does not match: x + 0.0 == x, so the sums are the ones Whoosh's
    matchers add, in the same tree order; float64 elementwise operations are the same IEEE
    operations as Python's float ones)."""

    def __init__(self, run: Run, sub, segment: int, weighting, cands: list):
        self.run, self.st, self.top, self.w, self.cands = run, run.st, run.searcher, weighting, cands
        self.sizes = _SizeReader(sub.reader(), run.st.sizes[segment])
        self.doc_count_all = sub.doc_count_all()
        self.at = np.fromiter(cands, dtype=np.int64, count=len(cands))
        self.zeros = np.zeros(len(cands))

    def vector(self, node: Node, complete: bool) -> np.ndarray:
        """Scores of the candidates under `node`; `complete`: every candidate matches it
        (else a compound node masks the candidates it doesn't match)."""
        k = node.kind
        if k == TERM:
            return self._term(node, 1.0, self.zeros.copy())
        if k == NULL:
            return self.zeros
        if k == NOT:
            # InverseMatcher: weight 1.0 for every document the child does not match
            return np.where(self._mask(self.run.docs(node.children[0])), 0.0, 1.0)
        if k == ANDNOT:         # AndNotMatcher: a's score where b does not match
            vec = self.vector(node.children[0], complete)
            if not complete:
                vec = np.where(self._mask(self.run.docs(node.children[1])), 0.0, vec)
            return vec
        if k == EVERY:
            return np.full(len(self.cands), float(node.boost or 1.0))
        if k == HAS:            # a constant score, as for Every()
            b = float(node.boost or 1.0)
            if complete:
                return np.full(len(self.cands), b)
            return np.where(self._mask(self.run.docs(node)), b, 0.0)
        kids = node.children
        if not kids:
            return self.zeros
        if len(kids) == 1:          # CompoundQuery.matcher: the child alone, boost ignored
            return self.vector(kids[0], complete)
        sizes = self.sizes
        if k == DMAX:   # MaxOr (maxor.combine): the same sums, 0.0 where a child misses
            vecs = [self.vector(c, False) for c in kids]
            best = np.maximum.reduce(vecs)
            if node.scale:
                total = vecs[0]
                for v in vecs[1:]:
                    total = total + v
                best = best + (total - best) * node.scale
            return _scaled(best, node.boost)
        if k == AND:
            tree = _weighted_tree([(0 - c.q.estimate_size(sizes), i) for i, c in enumerate(kids)])
            vec = self._tree(tree, kids, complete)
            if not complete:
                vec = np.where(self._mask(self.run.docs(node)), vec, 0.0)
        elif k == OR:
            if len(kids) >= _TOO_MANY_CLAUSES or not (
                    node.scale or len(kids) == 2 or self.doc_count_all > _SMALL_SEGMENT):
                # PreloadedOr's ArrayUnionMatcher: a[i] += m.score() * boost, sub-matcher
                # by sub-matcher, from 0 (its "score > 0" test holds: boosts are > 0)
                b = node.boost
                vec = self.zeros.copy()
                for c in kids:
                    if c.kind == TERM:      # only where the term matches: x + 0.0 == x
                        vec = self._term(c, b, vec)
                    else:
                        vec = vec + _scaled(self.vector(c, False), b)
                return vec
            tree = _weighted_tree([(c.q.estimate_size(sizes), i) for i, c in enumerate(kids)])
            vec = self._tree(tree, kids, False)
        else:
            raise AssertionError(k)
        return _scaled(vec, node.boost)     # WrappingMatcher around the tree

    def _mask(self, docs) -> np.ndarray:
        """Which candidates are in `docs` (a set of docnums)."""
        if not docs:
            return np.zeros(len(self.cands), dtype=bool)
        return np.isin(self.at, np.fromiter(docs, dtype=np.int64, count=len(docs)))

    def _term(self, node: Node, boost: float, vec: np.ndarray) -> np.ndarray:
        """vec[i] += (score * node boost) * boost for the candidates the term matches (vec
        is changed in place and returned)."""
        ids, scores = self.run.postings(node.field, node.btext).score_arrays(self, node, self.cands)
        if not len(ids):
            return vec
        at = self.at
        pos = np.searchsorted(at, ids)
        pos[pos == len(at)] = 0
        hit = at[pos] == ids
        vals = scores[hit]
        if node.boost != 1.0:
            vals = vals * node.boost
        if boost != 1.0:
            vals = vals * boost
        vec[pos[hit]] += vals
        return vec

    def _tree(self, tree, kids, complete):
        if isinstance(tree, int):
            return self.vector(kids[tree], complete)
        return self._tree(tree[0], kids, complete) + self._tree(tree[1], kids, complete)

    def term_scores(self, node: Node, ids, weights) -> dict:
        """{docnum: unboosted score} of a whole posting list, as Whoosh's scorer for the
        term gives them: BM25FScorer (idf and average field length of the top-level
        searcher, the stored field length of the document) or, for a field without
        lengths, WeightScorer (the posting weight)."""
        if not node.scorable:
            return dict(zip(ids, weights))
        top, field, w = self.top, node.field, self.w
        B, K1 = w._field_B.get(field, w.B), w.K1
        idf = top.idf(field, node.btext)
        avgfl = top.avg_field_length(field) or 1
        norms = self.st.norms(top, field, B, K1, avgfl)
        # bm25(): idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))), the
        # last term being norms[docnum]
        k1p1 = K1 + 1
        return {d: idf * ((tf * k1p1) / (tf + norms[d])) for d, tf in zip(ids, weights)}


def _scaled(vec: np.ndarray, boost: float) -> np.ndarray:
    return vec if boost == 1.0 else vec * boost


def _weighted_tree(items: list):
    """The shape whoosh.util.make_weighted_tree gives: sort by weight (stable: matchers never
    compare "less"), repeatedly join the two first, insert the pair after equal weights."""
    ls = sorted(items, key=lambda wi: wi[0])
    while len(ls) > 1:
        (wa, a), (wb, b) = ls[0], ls[1]
        del ls[:2]
        w = wa + wb
        i = bisect_right([x[0] for x in ls], w)
        ls.insert(i, (w, (a, b)))
    return ls[0][1]
