"""The token store of the research views: every document of the index as one int32 code per
word or punctuation mark (PIECE), the written forms analysed once each, and each text kept
zlib-compressed; built once per index version (in a background thread; the views read texts
through the seam meanwhile) from the texts the seam exports, so both engines have it.

With it a concordance finds the occurrences of any query and the words either side of every
one of them (what its sorts compare) by array work over the matching documents, and only a
page's lines are cut from their texts; collocations count their n-grams from the codes. The
rules of what is an occurrence, a stopword or a break stay those of concordance.py and
collocations.py (tests compare both paths line for line).

    store = store_for(searcher, version)    # None while it is built (or CORPUS_RESEARCH_STORE=off)

Memory: about 4 bytes a word plus the compressed texts (the 31k SaudiNewsNet index: 10M
pieces, see bench/research_measures.py).
"""
from __future__ import annotations

import bisect
import itertools
import os
import re
import sys
import threading
import zlib

import numpy as np

from corpus.analysis.analyzer import TOKEN, analyze_word

PIECE = re.compile(TOKEN.pattern + r"|[.,،؛;:!?؟()\[\]{}«»\"“”/|\n–—]")    # words and punctuation
SWITCH = "CORPUS_RESEARCH_STORE"     # "off": the views read texts through the seam (the old path);
#                                      "wait": the first research request builds the store
SYNC_WORDS = 2_000_000      # an index of fewer words has its store built at once, in the request


class Store:
    """Codes of every document's pieces, in export order; `bounds[i]:bounds[i + 1]` are
    document i's. Per written form: its analysis (exact form, stem, stopword)."""

    def __init__(self, rows, version=None):
        self.version = version
        vocab: dict[str, int] = {}
        codes: list[int] = []
        bounds = [0]
        self.ids: list[str] = []
        self.rows: list[tuple] = []     # title, date, source, lang per document
        self.story: list[str] = []
        self.texts: list[bytes] = []
        for row in rows:
            text = row.get("text") or ""
            codes.extend([vocab.setdefault(p, len(vocab)) for p in PIECE.findall(text)])
            bounds.append(len(codes))
            self.ids.append(row["id"])
            self.rows.append((row.get("title", ""), row.get("date"), row.get("source") or "", row.get("lang") or ""))
            self.story.append(row.get("story") or row["id"])
            self.texts.append(zlib.compress(text.encode("utf-8"), 6))
        self.codes = np.asarray(codes, dtype=np.int32)
        del codes
        self.bounds = np.asarray(bounds, dtype=np.int64)
        # where each written form occurs: positions grouped by form (an inverted index)
        self.by_form = np.argsort(self.codes, kind="stable").astype(np.int32)
        self.form_start = np.concatenate(([0], np.cumsum(np.bincount(self.codes, minlength=len(vocab)))))
        self.index = {d: i for i, d in enumerate(self.ids)}
        self.forms = list(vocab)
        analysed = [analyze_word(f) for f in self.forms]
        self.exact = [r[0] for r in analysed]
        self.stem = [r[1] for r in analysed]
        self.has_form = tuple(np.fromiter((bool(r[k]) for r in analysed), dtype=bool, count=len(analysed))
                              for k in (0, 1))
        self.stop = np.fromiter((r[2] for r in analysed), dtype=bool, count=len(analysed))
        self.is_word = np.fromiter((TOKEN.fullmatch(f) is not None for f in self.forms), dtype=bool,
                                   count=len(self.forms))
        # collocations.py's classes: no word (a stopword, a number, no stem) / a break
        self.no_word = np.fromiter((r[2] or r[0].isdigit() or not r[1] for r in analysed), dtype=bool,
                                   count=len(analysed))
        self.is_break = np.fromiter((len(f) == 1 and not f.isalnum() for f in self.forms), dtype=bool,
                                    count=len(self.forms))
        # the exact forms as sort keys: their rank in Python's string order, and whether empty
        order = sorted(set(self.exact) | {""})
        rank = {w: i for i, w in enumerate(order)}
        self.exact_rank = np.fromiter((rank[w] for w in self.exact), dtype=np.int32, count=len(self.exact))
        self.empty_rank = rank[""]
        # exact forms and stems in order, each with its written form: what bisect looks up
        self.sorted_keys, self.sorted_forms = [], []
        for keys in (self.exact, self.stem):
            order = sorted((i for i, w in enumerate(keys) if w), key=keys.__getitem__)
            self.sorted_keys.append([keys[i] for i in order])
            self.sorted_forms.append(np.asarray(order, dtype=np.int32))
        ranks = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        self.id_rank = np.empty(len(self.ids), dtype=np.int64)
        self.id_rank[ranks] = np.arange(len(self.ids))
        stories: dict[str, int] = {}
        self.story_code = np.fromiter((stories.setdefault(s, len(stories)) for s in self.story),
                                      dtype=np.int64, count=len(self.story))

    def nbytes(self) -> int:
        """Bytes held (arrays, texts and the forms' strings; dict and list overheads left out)."""
        arrays = sum(a.nbytes for a in (self.codes, self.bounds, self.by_form, self.form_start, self.stop,
                                        self.is_word, self.no_word, self.is_break, self.exact_rank,
                                        self.id_rank, self.story_code, *self.has_form, *self.sorted_forms))
        strings = sum(sys.getsizeof(f) for f in self.forms + self.exact + self.stem)
        return arrays + sum(map(len, self.texts)) + strings

    def text(self, doc: int) -> str:
        return zlib.decompress(self.texts[doc]).decode("utf-8")

    def numbers(self, ids) -> np.ndarray | None:
        """The store's numbers of these documents; None when one is not in it (a stale store)."""
        index = self.index
        try:
            return np.fromiter((index[i] for i in ids), dtype=np.int64, count=len(ids))
        except KeyError:
            return None

    def matching(self, words: set, prefixes: list, form: int) -> np.ndarray:
        """Per written form: r[form] is one of `words` or its exact form starts with a prefix."""
        out = np.zeros(len(self.forms), dtype=bool)
        keys = self.sorted_keys[form]
        for w in words:
            out[self.sorted_forms[form][bisect.bisect_left(keys, w):bisect.bisect_right(keys, w)]] = True
        exact = self.sorted_keys[0]
        for p in prefixes:
            lo = hi = bisect.bisect_left(exact, p)
            while hi < len(exact) and exact[hi].startswith(p):
                hi += 1
            out[self.sorted_forms[0][lo:hi]] = True
        return out

    def occurrences(self, forms: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(store positions of the given forms within `docs`, each one's index in docs), in the
        order of docs and, within a document, of the text."""
        start, end = self.form_start[forms], self.form_start[forms + 1]
        pos = np.concatenate([self.by_form[a:b] for a, b in zip(start.tolist(), end.tolist())] or
                             [np.zeros(0, dtype=np.int32)]).astype(np.int64)
        rank = np.full(len(self.ids), -1, dtype=np.int64)
        rank[docs] = np.arange(len(docs))
        which = rank[np.searchsorted(self.bounds, pos, side="right") - 1]
        keep = which >= 0
        pos, which = pos[keep], which[keep]
        order = np.lexsort((pos, which))
        return pos[order], which[order]

    def spans(self, doc: int, upto: int) -> tuple[str, list]:
        """(the document's text, the character spans of its first upto + 1 pieces)."""
        text = self.text(doc)
        return text, [m.span() for m in itertools.islice(PIECE.finditer(text), upto + 1)]

    def pieces_of(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the store positions of the documents' pieces in their order, each one's index in docs)."""
        lo, hi = self.bounds[docs], self.bounds[docs + 1]
        lens = hi - lo
        total = int(lens.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        which = np.repeat(np.arange(len(docs)), lens)
        first = np.cumsum(lens) - lens
        return lo[which] + (np.arange(total) - first[which]), which

    def neighbour(self, pos: np.ndarray, doc: np.ndarray, step: int) -> np.ndarray:
        """The form of the nearest word before (step -1) or after (+1) each position within its
        document; -1 where none."""
        lo, hi = self.bounds[doc], self.bounds[doc + 1]
        out = np.full(len(pos), -1, dtype=np.int64)
        at = pos + step
        pending = np.arange(len(pos))
        while len(pending):
            inside = (at[pending] >= lo[pending]) & (at[pending] < hi[pending])
            pending = pending[inside]
            if not len(pending):
                break
            code = self.codes[at[pending]]
            word = self.is_word[code]
            out[pending[word]] = code[word]
            pending = pending[~word]
            at[pending] += step
        return out


_stores: dict = {}     # id(searcher) -> (version, Store | None while built | False: failed, thread, done)
HELD = 4               # stores kept (one per searcher; a server has one)
_lock = threading.Lock()


def _mode() -> str:
    return os.environ.get(SWITCH, "").strip().lower()


def enabled() -> bool:
    return _mode() not in ("off", "0", "false", "no")


def waits() -> bool:
    """Whether the requests wait for the store to be built rather than read texts meanwhile."""
    return _mode() == "wait"


def build(searcher, version) -> Store:
    """Every document of the index, read through the seam."""
    return Store(searcher.export("", limit=10 ** 9, text=True, sort="relevance"), version)


def store_for(searcher, version, wait: bool = False) -> Store | None:
    """The store of this searcher's index at `version`: None (and its building started in a
    thread) when it is not ready, unless `wait`; None when switched off."""
    if not enabled():
        return None
    key = id(searcher)
    with _lock:
        held = _stores.get(key)
        if held and held[0] == version and held[1] is not None:
            return held[1] or None      # False: its building failed (the seam path serves)
        building = held and held[0] == version and held[2] is not None and held[2].is_alive()
        if not building:
            _stores.pop(key, None)
            while len(_stores) >= HELD:         # the oldest searchers' stores go
                del _stores[next(iter(_stores))]
            done = threading.Event()
            thread = threading.Thread(target=_build_into, args=(searcher, version, key, done),
                                      name="research-token-store", daemon=True)
            _stores[key] = (version, None, thread, done)
            thread.start()
        done = _stores[key][3]
    if wait:
        done.wait()
        with _lock:
            held = _stores.get(key)
            return (held[1] or None) if held and held[0] == version else None
    return None


def built() -> list[Store]:
    """The stores built (benchmarks report their size)."""
    with _lock:
        return [held[1] for held in _stores.values() if held[1]]


def _build_into(searcher, version, key, done) -> None:
    try:
        store = build(searcher, version)
    except Exception:       # the views keep reading texts through the seam
        store = None
    with _lock:
        held = _stores.get(key)
        if held and held[0] == version:
            _stores[key] = (version, store if store is not None else False, None, done)
    done.set()
