"""One search on one index version: match sets (set algebra) and the ranking."""
from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from operator import neg

import numpy as np
from whoosh import scoring

from corpus.engines.whoosh.fastsearch.plan import (
    ANDNOT, DMAX, EVERY, HAS, NOT, NULL, Node, OR, PHRASE, TERM)
from corpus.engines.whoosh.fastsearch.postings import Postings, posting_values, walk_values
from corpus.engines.whoosh.fastsearch.scorer import _Scorer, _SizeReader, shape


class Run:
    """One search on one searcher (one thread); a term's postings are read at most once."""

    def __init__(self, st, searcher):        # st: cache.VersionState
        self.st, self.searcher = st, searcher
        self._memo: dict[tuple, Postings] = {}
        self._docs: dict[int, tuple] = {}      # id(node) -> (node, its docs): compound nodes
        self._arrays: dict[int, tuple] = {}    # id(docs) -> (docs, sorted array of them)

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
        return posting_values(self.searcher.leaf_searchers(), field, btext, p, found)

    def positions(self, field: str, btext: bytes, docnums: list) -> dict:
        """{docnum: sorted positions of the term} for the sorted `docnums`, all holding it."""
        p = self.postings(field, btext)
        leaves = self.searcher.leaf_searchers()
        found = posting_values(leaves, field, btext, p, docnums, "positions") \
            if p.parts is not None else None
        if found is None:
            found = walk_values(leaves, field, btext, docnums, "positions")
        return dict(found)

    def phrase_docs(self, node: Node) -> frozenset:
        """The documents holding the phrase, once per index version (VersionState.phrase)."""
        return self.st.phrase(node, self._phrase_docs)

    def _phrase_docs(self, node: Node) -> frozenset:
        # what SpanNear2Matcher finds (ordered, mindist 1): positions p0 < p1 < ... of the
        # words in turn, each 1..slop after the last one chained (a span's end is its last word)
        kids = node.children
        sets = sorted((self.docs(c) for c in kids), key=len)
        cands = set(sets[0])
        for s in sets[1:]:
            if not cands:
                break
            cands &= s
        if len(kids) == 1 or not cands:
            return frozenset(cands)
        field, slop = node.field, node.slop
        alive = sorted(cands)
        ends = self.positions(field, kids[0].btext, alive)
        for c in kids[1:]:      # each word's positions only where the phrase is still alive
            held = self.positions(field, c.btext, alive)
            ends = {d: e for d in alive if (e := _follow(ends[d], held[d], slop))}
            alive = sorted(ends)
            if not alive:
                break
        return frozenset(alive)

    # -- matching
    def docs(self, node: Node) -> set | frozenset:
        """The docnums matching the plan (live documents only); a compound node's found
        once per search (the scorer asks again segment by segment). Not to be changed."""
        if node.kind in (TERM, NULL, EVERY, HAS):
            return self._docs_of(node)
        held = self._docs.get(id(node))
        if held is None:
            held = self._docs[id(node)] = (node, self._docs_of(node))
        return held[1]

    def sorted_array(self, docs) -> np.ndarray:
        """`docs` (a set this search holds) as a sorted int64 array, once per search."""
        held = self._arrays.get(id(docs))
        if held is None or held[0] is not docs:
            arr = np.fromiter(docs, dtype=np.int64, count=len(docs))
            arr.sort()
            held = self._arrays[id(docs)] = (docs, arr)
        return held[1]

    def _docs_of(self, node: Node) -> set | frozenset:
        k = node.kind
        if k == TERM:
            return self.postings(node.field, node.btext).docset()
        if k == NULL:
            return frozenset()
        if k == EVERY:
            return self.live()
        if k == HAS:
            return self.st.has(self.searcher, node.field)
        if k == PHRASE:
            return self.phrase_docs(node)
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
        shapes: dict = {}       # shape -> (a segment's sizes and doc count, candidates)
        for i, (sub, offset) in enumerate(searcher.leaf_searchers()):
            lo, n, _ = st.segments[i]
            seg = cands[bisect_left(cands, lo):bisect_left(cands, lo + n)]
            if seg:
                sizes = _SizeReader(sub.reader(), st.sizes[i])
                held = shapes.setdefault(shape(node, sizes, sub.doc_count_all()),
                                         (sizes, sub.doc_count_all(), []))
                held[2].extend(seg)     # ascending: the segments come in docnum order
        best = []
        for sizes, doc_count_all, seg in shapes.values():
            if seg:
                scorer = _Scorer(self, sizes, doc_count_all, w, seg)
                vec = scorer.vector(node, True)
                if 0 < limit < len(vec):   # the limit best and every tie with the last of them
                    keep = np.nonzero(vec >= np.partition(vec, len(vec) - limit)[len(vec) - limit])[0]
                    pairs = zip(vec[keep].tolist(), (-scorer.at[keep]).tolist())
                else:
                    pairs = zip(vec.tolist(), map(neg, seg))
                best.extend(pairs)
                if len(best) > 4 * limit:      # keep it short (the same as nlargest at the end)
                    best = heapq.nlargest(limit, best)
        best.sort(reverse=True)     # (score, -docnum) are all different: nlargest's order
        return [(-nd, score) for score, nd in best[:limit]]


def _follow(ends: list, positions: list, slop: int) -> list:
    """The positions 1..slop after one of the sorted `ends`."""
    if slop == 1:
        after = {e + 1 for e in ends}
        return [p for p in positions if p in after]
    return [p for p in positions
            if (i := bisect_right(ends, p - 1)) and ends[i - 1] >= p - slop]


def _has_coord(node: Node) -> bool:
    if node.kind == OR and node.scale and len(node.children) > 1:
        return True
    return any(_has_coord(c) for c in node.children)
