"""What is kept per index version: field-length norms, live documents and an LRU of
posting arrays and decoded posting values."""
from __future__ import annotations

import threading
from array import array
from collections import OrderedDict

from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from corpus.engines.whoosh.expand import field_docs
from corpus.engines.whoosh.fastsearch.postings import Postings, _leaf_arrays, _length_bytes, segment_arrays
from corpus.engines.whoosh.fastsearch.run import Run

MAX_PHRASES = 4096      # phrases whose documents are kept per index version
MAX_VALUES = 50_000     # decoded posting values (snippet offsets) kept per index version


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
        self._phrases: OrderedDict = OrderedDict()   # (field, btexts, slop) -> docnums
        self._held = 0
        self.max_postings = max_postings
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        self.vocabulary = None      # FastSearch.vocabulary

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

    def norms(self, searcher, field: str, weighting) -> array:
        """Per global docnum: K1 * ((1 - B) + B * fl / avgfl), fl the stored (quantized)
        field length, the denominator term of Whoosh's bm25() under `weighting` (BM25F: B per
        field) and the searcher's average field length."""
        B, K1 = weighting._field_B.get(field, weighting.B), weighting.K1
        avgfl = searcher.avg_field_length(field) or 1
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
        held_by = self.vocabulary(searcher, field, btext) if self.vocabulary is not None else None
        if held_by == 0:
            for sizes in self.sizes:        # in no segment: not looked up in each
                sizes[(field, btext)] = 0
            return Postings([], array("d"), [], 0)
        ids, ws = [], []       # lists: quicker to fill and to read than arrays
        parts = []
        df = 0      # the term dictionaries' document frequency (deleted documents included)
        for seg, ((sub, offset), (_, _, deleted)) in enumerate(zip(searcher.leaf_searchers(),
                                                                  self.segments)):
            sizes = self.sizes[seg]     # (the scorer's estimate_size asks each segment again)
            if held_by is not None and not held_by >> seg & 1:     # not looked up there
                sizes[(field, btext)] = 0
                continue
            try:
                sids, sws, blocks, held = self._segment_postings(sub.reader(), field, btext)
            except TermNotFound:      # not in this segment
                sizes[(field, btext)] = 0
                continue
            n = sizes[(field, btext)] = sub.reader().doc_frequency(field, btext) if deleted \
                else len(sids)
            df += n
            if deleted:
                keep = [i for i, d in enumerate(sids) if d not in deleted]
                sids, sws = [sids[i] for i in keep], [sws[i] for i in keep]
                blocks, held = None, False
            if parts is not None:
                parts = parts + [(len(ids), seg, blocks)] if blocks is not None or held else None
            ids.extend(map(offset.__add__, sids) if offset else sids)
            ws.extend(sws)
        return Postings(ids, array("d", ws), parts, df)

    @staticmethod
    def _segment_postings(r, field: str, btext: bytes) -> tuple:
        """(ids, weights, blocks, held: a short list held in the term's entry) of a term in
        one segment, deleted documents included but for those a FilterMatcher moved its
        child past (the caller drops them): read straight from the segment's files
        (postings.segment_arrays), else from Whoosh's matcher."""
        read = segment_arrays(r, field, btext)
        if read is not None:
            return read
        m = r.postings(field, btext)
        if type(m) is FilterMatcher:
            m = m.child
        return _leaf_arrays(m) + (type(m) is ListMatcher,)

    def phrase(self, node, build) -> frozenset:
        """The documents holding a phrase (`build(node)` finds them), kept in an LRU."""
        if not self.max_postings:
            return build(node)
        key = (node.field, tuple(c.btext for c in node.children), node.slop)
        with self._lock:
            docs = self._phrases.get(key)
            if docs is not None:
                self._phrases.move_to_end(key)
                return docs
        docs = build(node)
        with self._lock:
            self._phrases[key] = docs
            while len(self._phrases) > MAX_PHRASES:
                self._phrases.popitem(last=False)
        return docs

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
        cache, cap = self._values, min(self.max_postings // 10, MAX_VALUES)
        if not cap:
            return
        with self._lock:
            for d, v in items:
                cache[(field, btext, d)] = v
            while len(cache) > cap:
                cache.popitem(last=False)

    def stats(self) -> dict:
        return {"terms": len(self._postings), "postings": self._held, "hits": self.hits,
                "misses": self.misses, "values": len(self._values), "phrases": len(self._phrases)}


class FastSearch:
    """Per-WhooshCorpus state: the caches of the live index version, and `run()` for a search."""

    def __init__(self, max_postings: int = 500_000):
        self.max_postings = max_postings
        # (searcher, field, btext) -> the segments holding the word, as bits (1 << segment
        # number; 0: none), from the version's vocabulary, or None when not known
        self.vocabulary = None
        self._state: VersionState | None = None
        self._lock = threading.Lock()

    def state(self, key, searcher) -> VersionState:
        st = self._state
        if st is None or st.key != key:
            st = VersionState(key, searcher, self.max_postings)
            st.vocabulary = self.vocabulary
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
