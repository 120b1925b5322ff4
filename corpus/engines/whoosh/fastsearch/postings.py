"""Posting lists read straight from whoosh-reloaded's W3 codec (block ids and weights,
field lengths): the only home of Whoosh codec internals in the fast path."""
from __future__ import annotations

import pickle
import zlib
from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound

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


def posting_values(leaves, field: str, btext: bytes, p: Postings, found: list,
                   kind: str = "characters"):
    """[(docnum, value decoded as `kind`)] of the sorted docnums `found` in `p` (postings of
    `btext` in `field`), decoding only the blocks that hold them; None when a segment's
    postings are not a plain W3 block list. `leaves`: the searcher's leaf_searchers()."""
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
        out.append((d, m.value_as(kind)))
    return out


def walk_values(leaves, field: str, btext: bytes, docnums: list, kind: str):
    """posting_values read by walking each segment's postings (deleted documents, other
    layouts): [(docnum, value)] of the sorted `docnums` holding the term."""
    out = []
    for sub, offset in leaves:
        r = sub.reader()
        n = r.doc_count_all()
        targets = [d - offset for d in docnums if offset <= d < offset + n]
        if not targets:
            continue
        try:
            m = r.postings(field, btext)
        except TermNotFound:
            continue
        for d in targets:
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
            if m.is_active() and m.id() == d:
                out.append((d + offset, m.value_as(kind)))
    return out
