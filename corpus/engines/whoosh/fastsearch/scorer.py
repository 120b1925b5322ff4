"""BM25F scores as Whoosh computes them, the same floats bit for bit: each term's
scores added in the order Whoosh's matcher tree adds them."""
from __future__ import annotations

from bisect import bisect_right
from math import log

import numpy as np
from whoosh import scoring

from corpus.engines.whoosh.fastsearch.plan import (
    AND, ANDNOT, DMAX, EVERY, HAS, NOT, NULL, OR, PHRASE, TERM, _SMALL_SEGMENT, _TOO_MANY_CLAUSES,
    Node)


class _SizeReader:
    """The segment reader for Query.estimate_size, with doc_frequency memoized per index
    version (a term-info lookup each time otherwise)."""

    def __init__(self, reader, cache: dict):
        self._r, self._cache = reader, cache
        self.schema = reader.schema

    def doc_frequency(self, field, text):
        key = (field, text)
        n = self._cache.get(key)
        if n is None:       # the segment's count VersionState._read noted, else the reader's
            try:
                n = self._cache.get((field, self.schema[field].to_bytes(text)))
            except (KeyError, ValueError, TypeError, AttributeError):
                n = None
            if n is None:
                n = self._r.doc_frequency(field, text)
            self._cache[key] = n
        return n

    def doc_count(self):
        n = self._cache.get(None)
        if n is None:
            n = self._cache[None] = self._r.doc_count()
        return n

    def __getattr__(self, name):
        return getattr(self._r, name)


class _Scorer:
    """Scores of the candidates of segments of one shape (see shape()), as numpy vectors aligned with the sorted candidate
    list (0.0 where a node does not match: x + 0.0 == x, so the sums are the ones Whoosh's
    matchers add, in the same tree order; float64 elementwise operations are the same IEEE
    operations as Python's float ones)."""

    def __init__(self, run, sizes: _SizeReader, doc_count_all: int, weighting, cands: list):
        # run: run.Run; sizes, doc_count_all: of a segment of the candidates' shape
        self.run, self.st, self.top, self.w, self.cands = run, run.st, run.searcher, weighting, cands
        self.sizes, self.doc_count_all = sizes, doc_count_all
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
        if k == PHRASE:
            # SpanNear2Matcher: its words' scores added as make_binary_tree's tree of
            # IntersectionMatchers adds them, where the phrase matches; times the boost
            vec = self._tree(_binary_tree(0, len(kids)), kids, True)
            if not complete:
                vec = np.where(self._mask(self.run.docs(node)), vec, 0.0)
            return _scaled(vec, node.boost)
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
        arr = self.run.sorted_array(docs)
        at = self.at
        pos = np.searchsorted(arr, at)
        pos[pos == len(arr)] = 0
        return arr[pos] == at

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

    def term_scores(self, node: Node, ids: np.ndarray, weights: np.ndarray,
                    df: int | None = None) -> np.ndarray:
        """The unboosted scores of the docnums `ids` with posting weights `weights`, as
        Whoosh's scorer for the term gives them: BM25FScorer (idf and average field length
        of the top-level searcher, the stored field length of the document) or, for a field
        without lengths, WeightScorer (the posting weight). Elementwise float64 operations
        in bm25()'s order: the same floats as Python's."""
        if not node.scorable:
            return weights
        top, field, K1 = self.top, node.field, self.w.K1
        idf = self.idf(field, node.btext, df)
        norms = np.frombuffer(self.st.norms(top, field, self.w), dtype=np.float64)
        # bm25(): idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))), the
        # last term being norms[docnum]
        k1p1 = K1 + 1
        return idf * ((weights * k1p1) / (weights + norms[ids]))

    def idf(self, field: str, btext: bytes, df: int | None) -> float:
        """The searcher's idf of the term: WeightingModel.idf's formula over `df`, the
        document frequency the postings read found (deleted documents included, as the term
        dictionaries count them), else the searcher's (a term lookup in every segment)."""
        return idf(self.st, self.top, field, btext, df)


def idf(st, searcher, field: str, btext: bytes, df: int | None) -> float:
    """The searcher's idf of a term (see _Scorer.idf); st: the version's cache.VersionState."""
    if df is None or type(searcher.weighting).idf is not scoring.WeightingModel.idf:
        return searcher.idf(field, btext)
    return log(st.doc_count_all / (df + 1)) + 1


def shape(node: Node, sizes: _SizeReader, doc_count_all: int):
    """What the segment's scoring depends on beyond the documents: the addition trees
    _Scorer.vector builds at each node (from the segment's term counts) and the Or kind it
    takes, each tree up to the order of a pair (x + y == y + x, but not (x + y) + z ==
    (x + z) + y). Segments of the same shape are scored in one pass: the same floats.
    Makes the choices vector() makes."""
    k = node.kind
    if k == ANDNOT:
        return shape(node.children[0], sizes, doc_count_all)
    kids = node.children
    if k in (TERM, NULL, NOT, EVERY, HAS, PHRASE) or not kids:     # PHRASE: a fixed tree
        return None
    if len(kids) == 1:
        return shape(kids[0], sizes, doc_count_all)
    below = tuple(shape(c, sizes, doc_count_all) for c in kids)
    if k == DMAX:
        return below
    if k == AND:
        return _unordered(_weighted_tree([(0 - c.q.estimate_size(sizes), i)
                                          for i, c in enumerate(kids)])), below
    if len(kids) >= _TOO_MANY_CLAUSES or not (
            node.scale or len(kids) == 2 or doc_count_all > _SMALL_SEGMENT):
        return "union", below
    return _unordered(_weighted_tree([(c.q.estimate_size(sizes), i)
                                      for i, c in enumerate(kids)])), below


def _unordered(tree):
    """A tree of pairs with each pair's two sides in a fixed order."""
    if isinstance(tree, int):
        return tree
    return tuple(sorted((_unordered(tree[0]), _unordered(tree[1])), key=repr))


def _scaled(vec: np.ndarray, boost: float) -> np.ndarray:
    return vec if boost == 1.0 else vec * boost


def _binary_tree(lo: int, hi: int):
    """whoosh.util.make_binary_tree's shape over the indexes lo..hi-1: halves, left smaller."""
    if hi - lo == 1:
        return lo
    mid = lo + (hi - lo) // 2
    return (_binary_tree(lo, mid), _binary_tree(mid, hi))


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
