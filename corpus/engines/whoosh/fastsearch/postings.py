"""Posting lists read straight from whoosh-reloaded's W3 codec (block ids and weights,
field lengths): the only home of Whoosh codec internals in the fast path."""
from __future__ import annotations

import io
import pickle
import struct
import zlib
from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat
from operator import itemgetter

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, W3TermInfo,
                                  W3TermsReader, _lenfield)
from whoosh.columns import NumericColumn
from whoosh.filedb.filetables import HashReader, OrderedHashReader
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound

def _leaf_arrays(m):
    """(ids, weights, blocks) of a fresh segment leaf matcher, read block by block; blocks:
    for W3 posting lists, (index of each block's first posting, where each block's data
    starts and ends in the postings file, its compression), else None."""
    if type(m) is W3LeafMatcher:
        ids, ws = [], []
        firsts, starts, ends, comps = array("l"), array("q"), array("q"), bytearray()
        try:
            while m.is_active():
                firsts.append(len(ids))
                starts.append(m._dataoffset)
                ends.append(m._nextoffset)
                comps.append(m._compression)
                n = m._blocklength
                bids, bws = _block_ids_weights(m)
                ids.extend(bids if m._byteids else accumulate(bids))
                _add_weights(ws, bws, n)
                m._next_block()
            if len(ids) != len(ws):
                raise ValueError("ids and weights differ in length")
            return ids, ws, (firsts, starts, ends, comps)
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


def _add_weights(ws: list, bws, n: int) -> None:
    """A block's n weights as W3LeafMatcher gives them: all 1.0 (None), one float for all
    (kept as float32, as the matcher keeps it), or one each."""
    if bws is None:
        ws.extend(repeat(1.0, n))
    elif isinstance(bws, float):
        ws.extend(repeat(array("f", (bws,))[0], n))
    else:
        ws.extend(bws)


_INT = struct.Struct("!i")      # a block's length (negative: the term's last block)
_INFO_CHUNK = 128       # bytes holding a block's info pickle (six numbers: about 30)


def segment_arrays(r, field: str, btext: bytes):
    """(ids, weights, blocks, held) of a term's postings in one segment (deleted documents
    included) -- what _leaf_arrays reads from Whoosh's matcher -- read straight from the
    term index and the postings file's memory, block after block, without a matcher and
    its file positions. blocks: for a W3 block list, (index of each block's first
    posting, where each block's data starts and ends in the postings file, its
    compression), else None; held: a short list held in the term's entry. None when the
    segment is not laid out as expected (then the caller asks Whoosh); raises TermNotFound
    when the segment lacks the term."""
    buf = _postings_buffer(r)
    if buf is None:
        return None
    if field not in r.schema:
        raise TermNotFound(field)
    terms = r._terms
    entry = _hash_get(terms._tindex, terms._keycoder(field, btext))
    if entry is None:
        raise TermNotFound(field)
    info = W3TermInfo.from_bytes(entry)
    if info.is_inlined():
        m = terms._codec.postings_reader(terms._postfile, info, r.schema[field].format,
                                         term=(field, btext))
        if type(m) is not ListMatcher:
            return None
        return _leaf_arrays(m) + (True,)
    offset, _ = info.extent()
    if bytes(buf[offset:offset + 4]) != WHOOSH3_HEADER_MAGIC:
        return None
    ids, ws = [], []
    firsts, starts, ends, comps = array("l"), array("q"), array("q"), bytearray()
    pos = offset + 4
    try:
        while True:     # what W3LeafMatcher._goto and _read_data read of each block
            length = _INT.unpack_from(buf, pos)[0]
            end = pos + 4 + abs(length)
            info = io.BytesIO(buf[pos + 4:pos + 4 + _INFO_CHUNK])
            n, maxid, _, compression, _, _ = pickle.load(info)
            start = pos + 4 + info.tell()
            raw = bytes(buf[start:end])
            found = _ids_weights(raw, compression, n, maxid)
            bids, bws = found if found is not None else pickle.loads(_inflated(raw, compression))[:2]
            firsts.append(len(ids))
            starts.append(start)
            ends.append(end)
            comps.append(compression)
            ids.extend(accumulate(bids))        # (W3 ids are deltas: Whoosh's reader has no byteids)
            _add_weights(ws, bws, n)
            if length < 0:
                break
            pos = end
    except (struct.error, pickle.UnpicklingError, EOFError, IndexError, TypeError, ValueError,
            zlib.error):     # an unexpected layout
        return None
    if len(ids) != len(ws):
        return None
    return ids, ws, (firsts, starts, ends, comps), False


_SLOT = struct.Struct("!Iq")       # a hash table slot: (key hash, item position; 0: empty)
_ITEM = struct.Struct("!ii")       # an item's key and value lengths, then key and value


def _hash_get(table, key: bytes) -> bytes | None:
    """The value of `key` in a Whoosh hash file (HashReader.get: the same hash, table and
    probing), read in place without its generators and copies; HashReader.get when the
    file is not in memory."""
    buf = getattr(table.dbfile, "_buf", None)
    if buf is None or type(table) not in (HashReader, OrderedHashReader):
        return table.get(key)
    h = table.hashfn(key)
    tablestart, numslots = table.tables[h & 255]
    slot = (h >> 8) % numslots if numslots else 0
    for _ in range(numslots):
        slothash, itempos = _SLOT.unpack_from(buf, tablestart + slot * _SLOT.size)
        if not itempos:
            return None
        if slothash == h:
            keylen, datalen = _ITEM.unpack_from(buf, itempos)
            at = itempos + _ITEM.size
            if keylen == len(key) and buf[at:at + keylen] == key:
                return bytes(buf[at + keylen:at + keylen + datalen])
        slot = slot + 1 if slot + 1 < numslots else 0
    return None


def _postings_buffer(r):
    """The memory of a segment reader's W3 postings file (read in place: BufferFile,
    sharedfile.SharedBufferFile), or None."""
    terms = getattr(r, "_terms", None)
    if type(terms) is not W3TermsReader:
        return None
    return getattr(terms._postfile, "_buf", None)


# A block's data is the pickle (protocol 2) of (ids, weights, values); values (positions,
# characters) are bytes, which protocol 2 writes as _codecs.encode(str, "latin1") calls,
# the costly part of unpickling. The values tuple opens with MARK + that GLOBAL.
_VALUES_START = b"(c_codecs\nencode\n"
_NO_VALUES = b"N\x87."      # None, TUPLE3, STOP: (ids, weights, None)


def _block_ids_weights(m: W3LeafMatcher):
    """(ids, weights) of the matcher's current block as W3LeafMatcher._read_data would find
    them, without unpickling the values when the pickle's layout allows."""
    if m._data is None:
        raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        found = _ids_weights(raw, m._compression, m._blocklength, m._maxid, m._byteids)
        if found is not None:
            return found
        m._data = found = pickle.loads(_inflated(raw, m._compression))
    return m._data[0], m._data[1]


def _ids_weights(raw: bytes, compression, n: int, maxid: int, byteids=False):
    """(ids, weights) of a block's data (`raw`, as stored) from its pickle's head, the values
    left unpickled; None when the layout is not the expected one (checked: the ids must be
    the block's count `n` and end at its last id `maxid`: the caller reads the whole pickle)."""
    raw, cut = _head(raw, compression)
    if cut > 0:
        try:
            bids, bws, none = pickle.loads(raw[:cut] + _NO_VALUES)
            if (none is None and type(bids) is tuple and len(bids) == n
                    and (bws is None or isinstance(bws, float) or len(bws) == n)
                    and (bids[-1] if byteids else sum(bids)) == maxid):
                return bids, bws
        except Exception:       # noqa: BLE001 -- not the expected layout
            pass
    return None


def _inflated(raw: bytes, compression) -> bytes:
    """A block's data pickle (W3LeafMatcher._read_data)."""
    return zlib.decompress(raw) if compression else raw


_HEAD_CHUNK = 2048


def _head(raw: bytes, compressed) -> tuple[bytes, int]:
    """(the block's pickle up to where its values start -- or all of it --, that offset or
    -1): a compressed block is inflated only that far (the values, positions and
    characters, are most of it)."""
    if not compressed:
        return raw, raw.find(_VALUES_START)
    z = zlib.decompressobj()
    got = z.decompress(raw, _HEAD_CHUNK)
    seen = 0
    while True:
        cut = got.find(_VALUES_START, seen)
        if cut >= 0 or z.eof:
            break
        seen = max(0, len(got) - len(_VALUES_START))
        if not z.unconsumed_tail:       # all input taken: what zlib still holds
            got += z.flush()
            cut = got.find(_VALUES_START, seen)
            break
        got += z.decompress(z.unconsumed_tail, _HEAD_CHUNK)
    return got, cut


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
    built on demand, the docnum set and the score arrays. `parts`, when every
    segment's list is a W3 block list or a short list held in the term's entry, without
    deleted documents: per segment holding the term, (index of its first posting in `ids`,
    segment number, (block first-posting indexes, block file offsets), or None for a list
    held in the term's entry) -- where to find a document's posting value."""
    __slots__ = ("ids", "weights", "parts", "df", "_set", "_scores", "_ids_np")

    def __init__(self, ids, weights, parts=None, df=None):
        self.ids, self.weights, self.parts, self.df = ids, weights, parts, df
        self._set, self._scores, self._ids_np = None, (None, None), None

    def __len__(self):
        return len(self.ids)

    def docset(self) -> frozenset:
        s = self._set
        if s is None:
            s = self._set = frozenset(self.ids)
        return s

    def ids_array(self) -> np.ndarray:
        a = self._ids_np
        if a is None:
            a = self._ids_np = np.array(self.ids, dtype=np.int64)
        return a

    def score_arrays(self, scorer, node, cands: list) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, unboosted scores) as numpy arrays: of the whole list once the term is
        used again or most of it is wanted (then kept), else of `cands` only."""
        w = scorer.w
        key = (w.B, w.K1, tuple(sorted(w._field_B.items())))
        held, scores = self._scores
        if held == key:
            return self._ids_np, scores
        ids = self.ids_array()
        if held is None and len(cands) * 3 < len(ids):
            self._scores = (False, None)        # next time: the whole list
            at = np.fromiter(cands, dtype=np.int64, count=len(cands))
            i = np.searchsorted(ids, at)
            i[i == len(ids)] = 0
            i = i[ids[i] == at]
            return ids[i], scorer.term_scores(node, ids[i], self.weights_array()[i], self.df)
        scores = scorer.term_scores(node, ids, self.weights_array(), self.df)
        self._scores = (key, scores)
        return ids, scores

    def weights_array(self) -> np.ndarray:
        ws = self.weights
        if type(ws) is array and ws.typecode == "d":
            return np.frombuffer(ws, dtype=np.float64)
        return np.array(ws, dtype=np.float64)


def posting_values(leaves, field: str, btext: bytes, p: Postings, found: list,
                   kind: str = "characters"):
    """[(docnum, value decoded as `kind`)] of the sorted docnums `found` in `p` (postings of
    `btext` in `field`), decoding only the blocks that hold them (read where segment_arrays
    found them; each block's wanted values in one go: decode_many); None when a segment's
    postings are not laid out as expected. `leaves`: the searcher's leaf_searchers()."""
    starts = [start for start, _, _ in p.parts]
    ids = p.ids
    out = []
    i, n = 0, len(found)
    while i < n:
        d = found[i]
        k = bisect_left(ids, d)
        part = bisect_right(starts, k) - 1
        start, seg, blocks = p.parts[part]
        sub, docoffset = leaves[seg]
        end = starts[part + 1] if part + 1 < len(starts) else len(ids)
        if blocks is None:      # a short list held in the term's entry: walked
            docs = []
            while i < n and bisect_left(ids, found[i]) < end:
                docs.append(found[i])
                i += 1
            m = sub.reader().postings(field, btext)
            if type(m) is not ListMatcher:
                return None
            for d in docs:
                m.skip_to(d - docoffset)
                if not m.is_active() or m.id() != d - docoffset:
                    return None
                out.append((d, m.value_as(kind)))
            continue
        firsts, data_starts, data_ends, comps = blocks
        b = bisect_right(firsts, k - start) - 1
        first = start + firsts[b]        # the block's postings: ids[first:last]
        last = start + firsts[b + 1] if b + 1 < len(firsts) else end
        docs, js = [], []       # the wanted documents of this block, their indexes in it
        while i < n and (d := found[i]) <= ids[last - 1]:
            j = bisect_left(ids, d, first, last)
            if j == last or ids[j] != d:
                return None
            docs.append(d)
            js.append(j - first)
            i += 1
        r = sub.reader()
        buf, fmt = _postings_buffer(r), r.schema[field].format
        if buf is None or fmt.fixed_value_size() is not None:
            return None
        raw = bytes(buf[data_starts[b]:data_ends[b]])
        values = _lazy_values(_inflated(raw, comps[b]))
        if type(values) is not tuple or len(values) != last - first:
            return None
        values = [_as_bytes(values[j]) for j in js]
        vals = decode_many(fmt, values, kind)
        if vals is None:
            decoder = fmt.decoder(kind)
            vals = [decoder(v) for v in values]
        out.extend(zip(docs, vals))
    return out


class _ValuesUnpickler(pickle.Unpickler):
    """Unpickles a block's data with its values left as slice(str, "latin1"): protocol 2
    writes a bytes value as _codecs.encode(str, "latin1"), and encoding every value of a
    block took a third of its unpickling when a few of them are wanted."""

    def find_class(self, module, name):
        if (module, name) == ("_codecs", "encode"):
            return slice
        return super().find_class(module, name)


def _lazy_values(data: bytes):
    """The values of a block's data pickle, each as _ValuesUnpickler leaves it (read from a
    buffered file: the unpickler reads ahead, not opcode by opcode)."""
    return _ValuesUnpickler(io.BufferedReader(io.BytesIO(data), len(data) + 1)).load()[2]


def _as_bytes(value):
    """A value unpickled by _ValuesUnpickler: the bytes _codecs.encode gives."""
    return value.start.encode(value.stop) if type(value) is slice else value


_PICKLE2 = b"\x80\x02"


def decode_many(fmt, values: list, kind: str) -> list | None:
    """`values` (posting value strings of a Positions or Characters field) decoded as
    `kind` ("positions" or "characters") with one pickle load for all of them -- what
    fmt.decoder(kind) gives value by value --, or None when they are not laid out as
    expected. A value is a 4-byte count and a protocol 2 pickle of the deltas (a list of
    ints, or of (position, start, end) delta tuples: never a shared object, so no memo
    reference): the pickles' bodies, put side by side between MARK and LIST, load as the
    list of the delta lists."""
    chars = type(fmt) is formats.Characters
    if not (chars or type(fmt) is formats.Positions) or kind not in ("positions", "characters") \
            or (kind == "characters" and not chars) or not values:
        return None
    parts = [b"\x80\x02("]
    for v in values:
        if v[4:6] != _PICKLE2:
            return None
        parts.append(v[6:-1] if v[-1:] == b"." else v[6:])
    parts.append(b"l.")
    try:
        codes = pickle.loads(b"".join(parts))
    except Exception:       # noqa: BLE001 -- not the expected layout
        return None
    if type(codes) is not list or len(codes) != len(values):
        return None
    if not chars:
        return [list(accumulate(c)) for c in codes]
    if kind == "positions":
        first = itemgetter(0)
        return [list(accumulate(map(first, cs))) for cs in codes]
    out = []
    for cs in codes:
        position = endchar = 0
        posns_chars = []
        for c in cs:
            position = c[0] + position
            startchar = c[1] + endchar
            endchar = c[2] + startchar
            posns_chars.append((position, startchar, endchar))
        out.append(posns_chars)
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
