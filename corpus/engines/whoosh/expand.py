"""Wildcards, prefixes and `field:*` rewritten as boolean trees of terms (the fast path).

Whoosh expands `kurd*`, `*ستان` or `body:*` on every search by walking the term
dictionary and every matching posting list (up to a minute for `ا*` on 31k articles).
Here, once the query is parsed:

* `*` and `field:*` for the text fields (title, body, exact) and `id:*` match every
  document: Every(), which fastsearch answers from the live documents;
* a prefix or wildcard becomes an Or of the matching words of its field, the most
  frequent first (document frequency; ties alphabetical), at most MAX_EXPANSIONS words
  and -- past the first word -- at most its share of the request's postings (the sum of
  their document frequencies; corpus/budget.py: every prefix and wildcard of a query
  shares one budget), as Lucene's maxExpansions / Elasticsearch's max_expansions cap
  an expansion; the postings budget is what bounds the time (`ا*`: a few very frequent
  words already match nearly every document). The words are scored with BM25F like
  typed words. When a cap cuts an expansion, a notice says so (Results.notices: the API,
  the pages and the CLI show it).

Prefixes (and wildcards with a literal start) read the dictionary range of their prefix;
a leading wildcard scans the field's whole vocabulary, kept per index version, within the
request's time for scans (a TimeoutError: the pattern matches nothing, with a notice).
"""
from __future__ import annotations

import heapq
import pickle
import re
import struct
import threading
import time
from array import array
from bisect import bisect_left

import regex
from whoosh import query

from corpus import budget
from corpus.budget import WorkBudget
from corpus.messages import Notice

MAX_EXPANSIONS = 500
EVERY_FIELDS = ("title", "body", "exact", "id")     # every document has them
_LENGTHS = struct.Struct("!ii")         # whoosh.filedb.filetables: key and value lengths
_DOC_FREQ = struct.Struct("!I")         # W3TermInfo: after a flag byte and a float weight
_DOC_FREQ_AT = 5
_TERMINFO_SIZE = struct.calcsize("!BfIBBfII")


class Expansion:
    """One rewrite of a query, within the request's budget (corpus/budget.py): its
    prefixes and wildcards share the budget's postings and scan time; `notices()`."""

    def __init__(self, searcher, vocab: "Vocabularies", cap: int | None = None,
                 work: WorkBudget | None = None):
        self.searcher, self.vocab = searcher, vocab
        self.cap = MAX_EXPANSIONS if cap is None else cap
        self.budget = work or WorkBudget()
        self.cut: dict[str, tuple[int, int]] = {}   # capped pattern -> (words matched, postings held)
        self.changed = False
        self.patterns_left = 0

    def rewrite(self, q: query.Query) -> query.Query:
        self.patterns_left = sum(isinstance(leaf, (query.Prefix, query.Wildcard))
                                 for leaf in q.leaves()) if not q.is_leaf() else 1
        out = self._rewrite(q)
        return out.normalize() if self.changed else out     # no empty Ors left behind

    def _rewrite(self, q):
        if isinstance(q, query.Every):
            if q.fieldname in EVERY_FIELDS:
                self.changed = True
                return query.Every()
            return q
        if isinstance(q, (query.Prefix, query.Wildcard)):
            self.changed = True
            return self._terms(q)
        return q if q.is_leaf() else q.apply(self._rewrite)

    def notices(self) -> list[str]:
        return [Notice("pattern_capped", pattern=pattern, total=total, kept=kept, cap=self.cap,
                       postings=budget.POSTINGS)
                for pattern, (total, kept) in self.cut.items()]

    def _terms(self, q) -> query.Query:
        share = self.budget.postings_share(self.patterns_left)
        self.patterns_left -= 1
        field = q.fieldname
        if field not in self.searcher.schema:
            return query.NullQuery
        try:
            pattern, matches = self._matches(q, field)
        except TimeoutError:
            self.budget.out_of_time(q.text)
            return query.NullQuery
        ranked = heapq.nsmallest(self.cap, matches, key=lambda tn: (-tn[1], tn[0]))
        words, held = [], 0
        for t, n in ranked:
            if words and held + n > share:
                break
            words.append(t)
            held += n
        self.budget.spend_postings(held)
        if len(words) < len(matches):
            self.cut[pattern] = (max(self.cut.get(pattern, (0, 0))[0], len(matches)), len(words))
        if not words:
            return query.NullQuery
        terms = [query.Term(field, w, boost=q.boost) for w in words]
        return terms[0] if len(terms) == 1 else query.Or(terms)

    def _matches(self, q, field: str) -> tuple[str, list[tuple[str, int]]]:
        """(the pattern as shown, [(word, document frequency)] of the field's words)."""
        if isinstance(q, query.Prefix):
            return q.text + "*", self.vocab.prefix(self.searcher, field, q.text)
        pattern = canonical_wildcard(q.text)
        literal = re.match(r"[^*?]*", pattern).group()
        if literal and pattern.rstrip("*") == literal:     # `abc**`
            return pattern, self.vocab.prefix(self.searcher, field, literal)
        if literal:
            candidates = self.vocab.prefix(self.searcher, field, literal)
            df = dict(candidates)
            text = "\n".join(w for w, _ in candidates)
            rx = regex.compile(f"^{_regex(pattern, line=True)}$", regex.MULTILINE)
            deadline = time.monotonic() + self.budget.seconds_left()
            return pattern, [(w, df[w]) for w, _ in _scan(rx, text, 0, len(text), deadline)]
        # building a field's vocabulary is once per index version, not this query's work
        started = time.monotonic()
        self.vocab.ready(self.searcher, field)
        self.budget.excuse(time.monotonic() - started)
        return pattern, self.vocab.matching(self.searcher, field, pattern, self.budget.seconds_left())


def canonical_wildcard(pattern: str) -> str:
    """The same pattern with each run of * and ? written as its ?s then one * (`*?*?` ->
    `??*`): equal matches, and no regex backtracking over a run of stars."""
    def run(m):
        stars = "*" in m.group()
        return "?" * m.group().count("?") + ("*" if stars else "")
    return re.sub(r"[*?]+", run, pattern)


class Vocabularies:
    """The words of a field with their document frequencies, read from the term
    dictionaries of the segments. For leading wildcards, each field's whole vocabulary is
    kept per index version, compactly: one "\\n"-joined string (a regex scans it at C
    speed), the offset where each word starts, its document frequency and the segments
    holding it (bits)."""

    def __init__(self):
        self._key = None
        self._fields: dict[str, tuple] = {}     # (text, starts, dfs, segment bits or None)
        self._lock = threading.Lock()
        self._building = threading.Lock()      # one field built at a time, once

    def warm(self, searcher, fields=("title", "body", "exact")) -> threading.Thread:
        """Build the vocabularies of a new index version in the background (~1 s on the
        31k index), so that the first leading wildcard does not wait for them."""
        def build():
            for f in fields:
                if f in searcher.schema:
                    self._field(searcher, f)
        t = threading.Thread(target=build, name="corpus-vocabulary", daemon=True)
        t.start()
        return t

    def ready(self, searcher, field: str) -> None:
        """Build the field's vocabulary now if this index version has none yet."""
        self._field(searcher, field)

    def prefix(self, searcher, field: str, prefix: str) -> list[tuple[str, int]]:
        return _merged(searcher, field, prefix.encode("utf-8"))

    def matching(self, searcher, field: str, pattern: str,
                 timeout: float | None = None) -> list[tuple[str, int]]:
        text, starts, dfs, _ = self._field(searcher, field)
        rx = regex.compile(f"^{_regex(pattern, line=True)}$", regex.MULTILINE)
        return [(w, dfs[bisect_left(starts, at)])
                for w, at in _scan(rx, text, 0, len(text), _deadline(timeout))]

    def fitting(self, searcher, field: str, starts, pattern: str,
                timeout: float | None = None) -> list[tuple[str, int]]:
        """(word, document frequency) of the field's words starting with one of `starts`
        that the regex `pattern` matches whole: each prefix's range of the sorted vocabulary
        found by bisection, the regex run over that range of the text (see _scan)."""
        text, offsets, dfs, _ = self._field(searcher, field)
        n = len(offsets)

        def word(i: int) -> str:
            return text[offsets[i]:offsets[i + 1] - 1 if i + 1 < n else len(text)]
        deadline = _deadline(timeout)
        ranges = []
        for start in starts:
            lo = bisect_left(range(n), start, key=word)
            hi = bisect_left(range(n), start + "\U0010ffff", lo=lo, key=word)
            if lo < hi:
                ranges.append((lo, hi, offsets[hi] - 1 if hi < n else len(text)))
        slots = pattern_slots(pattern) if sum(hi - lo for lo, hi, _ in ranges) <= _HAND_SCANNED \
            else None
        if slots is not None:       # few words of the pattern's letters: no regex compiled
            letters = "".join({c for alts, _ in slots for a in alts for c in a})
            candidates = [(w, lo + i) for lo, hi, end in ranges
                          for i, w in enumerate(text[offsets[lo]:end].split("\n"))
                          if not w.strip(letters)]
            if len(candidates) <= _HAND_MATCHED:
                if ranges and time.monotonic() >= deadline:
                    raise TimeoutError("no time left to scan the vocabulary")
                return [(w, dfs[i]) for w, i in candidates if slots_fit(slots, w)]
        rx = regex.compile(f"^(?:{pattern})$", regex.MULTILINE)
        out = []
        for lo, hi, end in ranges:
            out += [(w, dfs[bisect_left(offsets, at, lo, hi)])
                    for w, at in _scan(rx, text, offsets[lo], end, deadline)]
        return out

    def frequency(self, searcher, field: str, word: str) -> int | None:
        """The word's document frequency from the field's vocabulary (0: not a word of
        it), or None when this version's vocabulary is not built yet (no waiting for it)."""
        held, at = self._find(searcher, field, word)
        return None if held is None else held[2][at] if at >= 0 else 0

    def segments(self, searcher, field: str, word: str) -> int | None:
        """Which of the searcher's segments (leaf_searchers order) hold the word, as bits
        (1 << segment number; 0: none), or None when not known (the vocabulary not built
        yet, or more segments than the bits kept)."""
        held, at = self._find(searcher, field, word)
        if held is None or held[3] is None:
            return None
        return held[3][at] if at >= 0 else 0

    def _find(self, searcher, field: str, word: str) -> tuple:
        """(the field's vocabulary, the word's index in it or -1), or (None, -1) when this
        version's vocabulary is not built yet."""
        key = (searcher._ix.indexname, searcher.reader().generation())
        with self._lock:
            held = self._fields.get(field) if self._key == key else None
        if held is None:
            return None, -1
        text, starts = held[0], held[1]
        lo, hi = 0, len(starts)
        while lo < hi:          # the words are sorted: bisect on them, cut from the text
            mid = (lo + hi) // 2
            at = starts[mid]
            end = starts[mid + 1] - 1 if mid + 1 < len(starts) else len(text)
            if text[at:end] < word:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(starts):
            at = starts[lo]
            end = starts[lo + 1] - 1 if lo + 1 < len(starts) else len(text)
            if text[at:end] == word:
                return held, lo
        return held, -1

    def _field(self, searcher, field: str):
        key = (searcher._ix.indexname, searcher.reader().generation())
        with self._lock:
            if self._key != key:
                self._key, self._fields = key, {}
            held = self._fields.get(field)
        if held is None:
            with self._building:
                with self._lock:
                    held = self._fields.get(field) if self._key == key else None
                if held is None:
                    held = self._build(searcher, key, field)
        return held

    def _build(self, searcher, key, field: str):
        held_by: dict[bytes, int] = {}
        words = sorted(_merged(searcher, field, b"", held_by))
        text = "\n".join(w for w, _ in words)
        starts, at = array("l"), 0
        for w, _ in words:
            starts.append(at)
            at += len(w) + 1
        segments = array("Q", (held_by[w.encode("utf-8")] for w, _ in words)) \
            if len(searcher.leaf_searchers()) <= 64 else None
        held = (text, starts, array("l", (n for _, n in words)), segments)
        with self._lock:
            if self._key == key:
                self._fields[field] = held
        return held


def _deadline(timeout: float | None) -> float:
    """When a scan of `timeout` seconds (None: a query's whole budget) must stop."""
    return time.monotonic() + (budget.SECONDS if timeout is None else timeout)


def _scan(rx, text: str, start: int, end: int, deadline: float) -> list[tuple[str, int]]:
    """(match, where it starts) of `rx` over text[start:end]. The `regex` module, not `re`:
    it lets the other threads run while it scans (concurrent), stops at the deadline
    (TimeoutError), and does not backtrack exponentially where `re` does (a transliterated
    name of 12 letters: re 328 s, regex 0.2 s on the same words)."""
    timeout = deadline - time.monotonic()
    if timeout <= 0:
        raise TimeoutError("no time left to scan the vocabulary")
    return [(m.group(), m.start())
            for m in rx.finditer(text, start, end, concurrent=True, timeout=timeout)]


_HAND_MATCHED = 64             # more candidate words than this: the compiled regex scans them
_HAND_SCANNED = 4096           # more words in the prefix ranges: the regex scans them (C speed)
_SPECIAL = set("\\.^$*+{}[]()|?")


def pattern_slots(pattern: str):
    """A transliteration pattern (literals, [..], (a|b), each maybe `?`:
    corpus/translate/transliterate.py) as [(alternatives, optional)], or None when it
    holds anything else (the regex then matches it)."""
    slots, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in "[(":
            close = pattern.find("]" if ch == "[" else ")", i)
            if close < 0:
                return None
            inner = pattern[i + 1:close]
            alts = tuple(inner) if ch == "[" else tuple(inner.split("|"))
            if not all(alts) or any(c in _SPECIAL for a in alts for c in a) \
                    or (ch == "[" and "-" in inner):       # a range: not letters one by one
                return None
            i = close + 1
        elif ch in _SPECIAL:
            return None
        else:
            alts, i = (ch,), i + 1
        optional = pattern.startswith("?", i)
        i += optional
        slots.append((alts, optional))
    return slots


def slots_fit(slots, word: str) -> bool:
    """Whether the slots spell the word whole: the ends each slot can reach, as a set
    (no backtracking)."""
    at = {0}
    for alts, optional in slots:
        after = {p + len(a) for p in at for a in alts if word.startswith(a, p)}
        at = after | at if optional else after
        if not at:
            return False
    return len(word) in at


def _regex(pattern: str, line: bool = False) -> str:
    """A wildcard pattern (* any characters, ? one) as a regex; `line`: within a line."""
    anychar = "[^\\n]" if line else "."
    return "".join(anychar + "*" if ch == "*" else anychar if ch == "?" else re.escape(ch)
                   for ch in pattern)


def _merged(searcher, field: str, prefix: bytes, held_by: dict | None = None) -> list[tuple[str, int]]:
    """(word, document frequency over all segments) for the words starting with prefix;
    `held_by` (a dict) gets, per word's bytes, the bits of the segments holding it."""
    df: dict[bytes, int] = {}
    get = df.get
    for i, (sub, _) in enumerate(searcher.leaf_searchers()):
        terms = _segment_terms(sub.reader(), field, prefix)
        for btext, n in terms:
            df[btext] = get(btext, 0) + n
        if held_by is not None:
            bit, held = 1 << i, held_by.get
            for btext, _ in terms:
                held_by[btext] = held(btext, 0) | bit
    return [(b.decode("utf-8"), n) for b, n in df.items()]


def _segment_terms(reader, field: str, prefix: bytes):
    """(btext, doc frequency) of one segment's words starting with `prefix`, read straight
    from the W3 term dictionary's bytes; the public API when the layout is another."""
    try:
        terms = reader._terms
        tindex, fieldnum = terms._tindex, terms._fieldmap.get(field)
        buf = tindex.dbfile._buf
        if fieldnum is None:
            return []
        key = terms._keycoder(field, prefix)
        first = tindex.closest_key_pos(key)
        last = tindex.closest_key_pos(_after(key)) if _after(key) else None
        end = tindex.endofdata if last is None else last
    except (AttributeError, TypeError):
        return [(t, reader.doc_frequency(field, t)) for t in reader.expand_prefix(field, prefix)]
    if first is None or first >= end:
        return []
    data = bytes(buf[first:end])        # the entries of the range, copied once
    out = []
    unpack_lengths, unpack_df = _LENGTHS.unpack_from, _DOC_FREQ.unpack_from
    pos, stop = 0, len(data)
    while pos < stop:
        keylen, datalen = unpack_lengths(data, pos)
        start = pos + 10                # the lengths, then the 2-byte field number
        pos = start - 2 + keylen + datalen
        out.append((data[start:start + keylen - 2], unpack_df(data, pos - datalen + _DOC_FREQ_AT)[0]))
    return out


def field_docs(reader, field: str) -> set[int]:
    """The segment's docnums with a term in `field` (deleted ones included), what
    Every(field) matches: postings inlined in the term dictionary (short lists, e.g. ids and
    URLs) unpickled from it, the others read from the postings file."""
    out: set[int] = set()
    try:
        terms = reader._terms
        tindex, fieldnum = terms._tindex, terms._fieldmap.get(field)
        if fieldnum is None:
            return out
        key = terms._keycoder(field, b"")
        first, last = tindex.closest_key_pos(key), tindex.closest_key_pos(_after(key))
        data = bytes(tindex.dbfile._buf[first:tindex.endofdata if last is None else last]) \
            if first is not None else b""
    except (AttributeError, TypeError):
        for btext in reader.lexicon(field):
            out.update(reader.postings(field, btext).all_ids())
        return out
    unpack_lengths, pos = _LENGTHS.unpack_from, 0
    while pos < len(data):
        keylen, datalen = unpack_lengths(data, pos)
        value = pos + 8 + keylen
        if data[value]:             # W3TermInfo flag: postings inlined after the struct
            out.update(pickle.loads(data[value + _TERMINFO_SIZE:value + datalen])[0])
        else:
            out.update(reader.postings(field, data[pos + 10:value]).all_ids())
        pos = value + datalen
    return out


def _after(key: bytes) -> bytes | None:
    """The smallest key greater than every key starting with `key` (None: no such key)."""
    key = key.rstrip(b"\xff")
    return key[:-1] + bytes([key[-1] + 1]) if key else None
