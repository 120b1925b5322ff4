"""A faster Whoosh SegmentWriter for our schema.

Whoosh's writer pushes every posting through a generic sorting pool (size accounting,
spills pickled one posting at a time) and looks each field length up through a column
reader while writing. Here postings are grouped by term as they arrive, so writing a
segment sorts only the terms, and field lengths come from a dict. A term's postings are
kept flat (docnum, weight, value, docnum, ...: about half the memory of a tuple each) and
written a block at a time, the short (inlined) lists without Whoosh's per-posting calls;
the files are byte for byte what Whoosh's field writer makes of the same postings
(tests/test_fastwrite.py). Postings merged in from other segments (Whoosh's merge policy)
still take the stock path.
"""
from __future__ import annotations

import struct
from array import array
from collections import defaultdict
from hashlib import md5
from operator import sub

from pickle import dumps

from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.formats import Characters, Existence, Positions
from whoosh.system import pack_uint, pack_ushort

from corpus.analysis import CorpusAnalyzer
from corpus.analysis.analyzer import analyze_tokens
from corpus.engines.whoosh.schema import KeywordAnalyzer
from corpus.fields import MULTI_SEPARATOR, facet_key
from whoosh.filedb.filetables import md5_hash
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

# Posting lists shorter than this live in the term table instead of a compressed block of
# their own: most terms of a news corpus are rare, and a block each is the costliest write.
INLINE_LIMIT = 16
INDEXED_VALUES = 20_000     # values whose postings a writer remembers (_index), at most
_TERMINFO = W3TermInfo._struct
_PACKED_ONE = pack_uint(1)


# pickle protocol 2 of [x] and [(a, b, c)], put together from each int's opcode (dumps(i, 2)
# minus its frame) instead of pickling every posting: the same bytes
_LIST, _TUPLE_END = _PACKED_ONE + b"\x80\x02]q\x00", b"\x87q\x01a."
_INTS = [dumps(i, 2)[2:-1] for i in range(1 << 16)]


def _int(i: int) -> bytes:
    return _INTS[i] if 0 <= i < 65536 else dumps(i, 2)[2:-1]


def _ONE_CHARS(p: list) -> bytes:
    """Characters.encode of a single posting (most terms of a document occur once)."""
    pos, start, end = p[0]
    if end < 65536 and pos < 65536:       # (offsets and positions are never negative)
        ints = _INTS
        return b"".join((_LIST, ints[pos], ints[start], ints[end - start], _TUPLE_END))
    return b"".join((_LIST, _int(pos), _int(start), _int(end - start), _TUPLE_END))


def _ONE_POSITION(p: list) -> bytes:
    """Positions.encode of a single posting."""
    return _LIST + _int(p[0]) + b"a."


def _encode_chars(p: list) -> bytes:
    """Characters.encode: (position, start, end) as deltas from the posting before."""
    pos, start, end = p[0]
    deltas = [(pos, start, end - start)]
    deltas += [(b[0] - a[0], b[1] - a[2], b[2] - b[1]) for a, b in zip(p, p[1:])]
    return pack_uint(len(p)) + dumps(deltas, 2)


def _encode_positions(p: list) -> bytes:
    """Positions.encode: positions as deltas from the one before."""
    return pack_uint(len(p)) + dumps([p[0], *map(sub, p[1:], p)], 2)


class FastSegmentWriter(SegmentWriter):
    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", W3Codec(inlinelimit=INLINE_LIMIT))
        super().__init__(ix, **kwargs)
        # field -> term -> [docnum, weight, value, docnum, weight, value, ...]; a term is a
        # str for our text fields (encoded once, when the segment is written), else bytes
        self._postings: dict[str, dict] = defaultdict(lambda: defaultdict(list))
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)
        self._weights: dict[float, float] = {}     # one float object per distinct weight
        self._indexed: dict[tuple, list] = {}      # (field, value) -> its postings (_index)
        self._values: dict[tuple, tuple] = {}      # (multi facet, one value) -> its term's item (_index)
        self.posting_count = 0      # postings held in memory (the writer's memory is ~70 B each)

    def _add_text(self, field, value, tokens, docnum: int, terms: dict) -> int:
        """Add the postings of a CorpusAnalyzer field to `terms`; its length. `value` is a
        str or a tuple of strs indexed one after the other (so `exact` reuses the title and
        body tokens)."""
        form = 1 if field.analyzer.form == "stem" else 0
        chars = field.format.supports("characters")
        found = defaultdict(list)
        pos = 0
        for part in (value if isinstance(value, tuple) else (value,)):
            toks = tokens(part)
            if chars:
                for i, tok in enumerate(toks, pos):
                    found[tok[form]].append((i, tok[2], tok[3]))
            else:
                for i, key in enumerate([tok[form] for tok in toks], pos):
                    found[key].append(i)
            pos += len(toks)
        fmt, weights = field.format, self._weights
        boost = fmt.field_boost
        once = weights.setdefault(1 * boost, 1 * boost)     # the weight of a term found once
        if type(fmt) is Characters:
            one, many = _ONE_CHARS, _encode_chars
        elif type(fmt) is Positions:
            one, many = _ONE_POSITION, _encode_positions
        else:
            one = many = fmt.encode
        get = terms.get
        for t, p in found.items():
            if len(p) == 1:
                posting = (docnum, once, one(p))
            else:
                weight = len(p) * boost
                posting = (docnum, weights.setdefault(weight, weight), many(p))
            flat = get(t)
            if flat is None:
                terms[t] = [*posting]
            else:
                flat += posting
        self.posting_count += len(found)
        return pos

    def _index(self, name: str, field, value) -> list:
        """field.index(value) as a list, remembered: most facet values (source, language,
        month) recur from one document to the next. (Postings with values are not: one
        bytes object in several postings would pickle as a reference, not as Whoosh does.)
        A multi facet's values (MULTI_SEPARATOR between them: people, organisations, places
        mentioned) are indexed and remembered one value at a time: the values recur, their
        lists do not. The field only says whether a term is there (Existence): the terms of
        the whole are the union of the values' terms."""
        if type(field.format) is Existence and type(field.analyzer) is KeywordAnalyzer \
                and isinstance(value, str) and MULTI_SEPARATOR in value:
            union: dict[bytes, tuple] = {}
            for part in value.split(MULTI_SEPARATOR):
                item = self._values.get((name, part))
                if item is None:
                    key = facet_key(part)       # what the analyzer makes the value's term
                    if len(self._values) >= INDEXED_VALUES:
                        self._values.clear()
                    item = self._values[name, part] = (key.encode("utf-8"), 1, field.format.field_boost, b"") if key else ()
                if item:
                    union.setdefault(item[0], item)
            return list(union.values())
        key = (name, value)
        try:
            items = self._indexed.get(key)
        except TypeError:       # an unhashable value
            return list(field.index(value))
        if items is None:
            items = list(field.index(value))
            if len(self._indexed) >= INDEXED_VALUES:
                self._indexed.clear()
            if not any(vbytes for *_, vbytes in items):
                self._indexed[key] = items
        return items

    def add_document(self, **fields):
        self._check_state()
        schema, docnum, postings = self.schema, self.docnum, self._postings
        memo = {}

        def tokens(text):
            if id(text) not in memo:
                memo[id(text)] = (text, analyze_tokens(text))   # keep text alive: ids stay unique
            return memo[id(text)][1]

        pdw = self.perdocwriter
        pdw.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None or name.startswith("_"):
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    terms = postings[name]
                    if isinstance(field.analyzer, CorpusAnalyzer):
                        length = self._add_text(field, value, tokens, docnum, terms)
                    else:
                        items = self._index(name, field, value)
                        self.posting_count += len(items)
                        weights = self._weights
                        for tbytes, freq, weight, vbytes in items:
                            length += freq
                            terms[tbytes] += (docnum, weights.setdefault(weight, weight), vbytes or b"")
                    if not field.scorable:
                        length = 0
                    elif length:
                        self._lengths[name][docnum] = byte_to_length(length_to_byte(length))
                pdw.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    pdw.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        if self.pool.current or self.pool.runs:
            # documents merged in from other segments are in the stock pool: join it
            for name, terms in self._postings.items():
                for term, flat in terms.items():
                    tbytes = term.encode("utf-8") if isinstance(term, str) else term
                    for k in range(0, len(flat), 3):
                        self.pool.add((name, tbytes, *flat[k:k + 3]))
            self._postings.clear()
            return super()._flush_segment()
        self.perdocwriter.close()
        fw, schema = self.fieldwriter, self.schema
        current, rows, one = None, _TermRows(fw._tindex), _OneTermInfo()
        for name in sorted(self._postings):
            if current is not None:
                fw.finish_field()
            terms = self._postings.pop(name)
            fw.start_field(name, schema[name])
            current, lengths = name, self._lengths.get(name, {})
            fieldkey, inline = pack_ushort(fw._fieldid), fw._postwriter._inlinelimit
            # str terms sort as their UTF-8 bytes do (code point order)
            for term in sorted(terms):
                flat = terms.pop(term)
                tbytes = term.encode("utf-8") if isinstance(term, str) else term
                if len(flat) == 3:              # in one document: most terms
                    rows.add(fieldkey + tbytes, one(flat, lengths))
                elif len(flat) < 3 * inline:    # a short list: its term info holds it (inlined)
                    rows.add(fieldkey + tbytes, _inlined_terminfo(flat, lengths))
                else:
                    fw.start_term(tbytes)
                    _add_postings(fw._postwriter, flat, lengths)
                    rows.add(fieldkey + tbytes, fw._postwriter.finish_postings().to_bytes())
            rows.write()
        if current is not None:
            fw.finish_field()
        rows.write_hashes_on_close()
        fw.close()
        self._weights.clear()


def _inlined_terminfo(flat: list, lengths: dict[int, int]) -> bytes:
    """W3TermInfo.to_bytes of a posting list short enough to be inlined, as Whoosh's
    postings writer makes it (one block's statistics, then the pickled postings)."""
    ids, ws = tuple(flat[0::3]), flat[1::3]
    weights, top = tuple(array("f", ws)), max(ws)
    known = list(filter(None, map(lengths.get, ids))) if lengths else ()
    head = _TERMINFO.pack(1, sum(weights), len(ids), length_to_byte(min(known)) if known else 0,
                          length_to_byte(max(known) if known else 0), top if top > 0 else 0,
                          ids[0], ids[-1])
    return head + dumps((ids, weights, tuple(filter(None, flat[2::3]))), 2)


class _OneTermInfo:
    """_inlined_terminfo of a term in one document, its bytes put together from parts (the
    weights' float32 value and pickle remembered): what pickling the three 1-tuples makes."""

    def __init__(self):
        self._weights: dict[float, tuple[float, bytes]] = {}

    def __call__(self, flat: list, lengths: dict[int, int]) -> bytes:
        docnum, weight, value = flat
        held = self._weights.get(weight)
        if held is None:
            w32 = array("f", (weight,))[0]
            held = self._weights[weight] = (w32, b"\x85q\x00G" + _DOUBLE.pack(w32) + b"\x85q\x01")
        length = lengths.get(docnum) if lengths else 0
        byte = length_to_byte(length) if length else 0
        head = _TERMINFO.pack(1, held[0], 1, byte, byte, weight if weight > 0 else 0, docnum, docnum)
        if not value:
            return b"".join((head, b"\x80\x02", _int(docnum), held[1], _NO_VALUES))
        text = value.decode("latin-1").encode("utf-8")
        return b"".join((head, b"\x80\x02", _int(docnum), held[1], _VALUE_START,
                         _UINT.pack(len(text)), text, _VALUE_END))


# pickle protocol 2 of a 1-tuple of bytes (codecs.encode of its latin-1 text) closing the
# 3-tuple, and of an empty tuple closing it
_VALUE_START = b"c_codecs\nencode\nq\x02X"
_VALUE_END = b"q\x03X\x06\x00\x00\x00latin1q\x04\x86q\x05Rq\x06\x85q\x07\x87q\x08."
_NO_VALUES = b")\x87q\x02."
_DOUBLE, _UINT = struct.Struct(">d"), struct.Struct("<I")
_ROW_LENGTHS = struct.Struct("!ii")     # a hash file row's key and value lengths (filetables)


class _TermRows:
    """Rows of a segment's term table (Whoosh's OrderedHashWriter), written a field at a
    time: what its add() does row by row (the same bytes, hash buckets and key index)."""

    def __init__(self, table):
        self.table, self.rows = table, []

    def add(self, key: bytes, value: bytes) -> None:
        self.rows.append((key, value))

    def write(self) -> None:
        table, rows = self.table, self.rows
        if table.hashfn is not md5_hash:    # another hash than Whoosh's default: its own add
            for key, value in rows:
                table.add(key, value)
            rows.clear()
            return
        pos, last, buckets = table.dbfile.tell(), table.lastkey, table.buckets
        parts, starts, pack = [], [], _ROW_LENGTHS.pack
        for key, value in rows:
            if key <= last:
                raise ValueError(f"Keys must increase: {last!r}..{key!r}")
            starts.append(pos)
            parts += (pack(len(key), len(value)), key, value)
            h = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
            buckets[h & 255].append((h, pos))
            pos += _ROW_LENGTHS.size + len(key) + len(value)
            last = key
        index = table.index
        try:
            index.array.extend(array(index.array.typecode, starts))
        except (OverflowError, AttributeError):
            index.extend(starts)        # Whoosh widens its array
        table.dbfile.write(b"".join(parts))
        table.lastkey = last
        rows.clear()

    def write_hashes_on_close(self) -> None:
        """The table's close writes its 256 hash tables as _write_hashes does (same bytes)."""
        table = self.table
        table._write_hashes = lambda: _write_hashes(table)


def _write_hashes(table) -> None:
    """HashWriter._write_hashes (the same slots, probing and bytes), each bucket's table
    packed at once instead of one write a slot (two slots a term)."""
    dbfile = table.dbfile
    for entries in table.buckets:
        pos = dbfile.tell()
        numslots = 2 * len(entries)
        table.directory.append((pos, numslots))
        hashes, positions = [0] * numslots, [0] * numslots    # (0, 0): an empty slot
        for hashval, position in entries:       # a key never starts at 0 (the header)
            slot = (hashval >> 8) % numslots
            while positions[slot]:
                slot = (slot + 1) % numslots
            hashes[slot], positions[slot] = hashval, position
        flat = [0] * (2 * numslots)
        flat[0::2], flat[1::2] = hashes, positions
        dbfile.write(struct.pack("!" + "Iq" * numslots, *flat))


def _add_postings(pw, flat: list, lengths: dict[int, int]) -> None:
    """What W3PostingsWriter.add_posting does for each posting of a term (docnums
    ascending), a block at a time: the same blocks, statistics and bytes."""
    docnums, weights, values = flat[0::3], flat[1::3], flat[2::3]
    limit = pw._blocklimit
    for start in range(0, len(docnums), limit):
        if start:
            pw._write_block()
        ids, ws = docnums[start:start + limit], weights[start:start + limit]
        pw._ids = array("I", ids)
        pw._weights = array("f", ws)
        pw._values = list(filter(None, values[start:start + limit]))
        top = max(ws)
        pw._maxweight = top if top > 0 else 0
        if lengths:
            known = list(filter(None, map(lengths.get, ids)))
            if known:
                pw._minlength, pw._maxlength = min(known), max(known)
