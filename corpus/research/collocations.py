"""Collocations and key terms of a query, engine-neutral.

* Collocates: the words, pairs and triples of consecutive words (a name such as منصور التركي
  is one row) within `window` words of an occurrence of the query's words
  (corpus/research/concordance.py decides what an occurrence is), ranked by Dunning's
  log-likelihood G2 of the 2x2 table (in window / elsewhere in the texts read) x (this
  n-gram / other n-grams of its size), with the counts and the frequency per million words
  of the texts read shown. An n-gram spans no stopword, number or occurrence.
* Key terms: the words that set the result set apart from the corpus, as Elasticsearch's
  significant_terms with its default JLH score: foreground = the share of the documents read
  that hold the word, background = its document frequency in the whole index (from the
  engine: searcher.term_documents), so both engines give the same figures.

Words are counted by stem (stopwords and numbers left out) and shown in their most
frequent written form. The texts are those of all matching documents up to `docs` (at most
MAX_DOCS); when fewer than all are read, they are the first in ranking order and a note says
so on the page and in the JSON, in both languages. The words are the token store's codes
(tokens.py) once it is built, else the texts read through the seam: the same counts.
"""
from __future__ import annotations

import dataclasses
import math
import time
from collections import Counter

import numpy as np

from corpus.analysis.analyzer import analyze_word
from corpus.engines.base import Searcher
from corpus.errors import QueryError
from corpus.research import tokens
from corpus.research.concordance import _whole, corpus_words, documents_request, per_million, ranked_ids, \
    texts, token_store
from corpus.research.notes import as_notice, note

MAX_WINDOW = 10
MAX_DOCS = 40_000       # documents read at most (all of them below it: any word of a 31k index; a note says when not)
MAX_TOP = 200
MIN_COUNT = 3           # a collocate seen fewer times, a key term in fewer documents: left out
KEY_CANDIDATES = 300    # most common words of the foreground whose background is looked up


@dataclasses.dataclass
class Collocate:
    word: str           # most frequent written form
    stem: str
    together: int       # occurrences within the window of the query's words
    total: int          # occurrences in the texts read
    score: float        # log-likelihood G2
    n: int = 1          # words in it: 1, 2 (a pair) or 3
    per_million: float | None = None    # its occurrences per million words of the texts read


@dataclasses.dataclass
class KeyTerm:
    word: str
    stem: str
    fg_docs: int        # documents read that hold it
    bg_docs: int        # documents of the index that hold it
    score: float        # JLH


@dataclasses.dataclass
class Collocations:
    query: str
    window: int
    documents: int          # documents matching
    read_documents: int     # documents read
    occurrences: int        # occurrences of the query's words in them
    window_tokens: int      # words counted within the windows
    tokens: int             # words counted in the texts read
    corpus_documents: int
    collocates: list[Collocate]
    key_terms: list[KeyTerm]
    took_ms: float = 0.0
    words: list[str] = dataclasses.field(default_factory=list)
    notices: list[str] = dataclasses.field(default_factory=list)
    sample: bool = False            # fewer documents read than match
    ngram: str = "1,2,3"            # the n-gram sizes ranked
    corpus_words: int = 0           # words in the index (searcher.corpus_words)
    per_million: float | None = None    # the query's occurrences per million words of the index
    notes: list[dict] = dataclasses.field(default_factory=list)     # sample and definitions, en + ar
    max_docs: int = MAX_DOCS


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's G2 of a 2x2 table [[a, b], [c, d]]; positive for attraction (a above
    expectation), negative for repulsion."""
    n = a + b + c + d
    if not n:
        return 0.0
    g2 = 0.0
    for o, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        if o:
            g2 += o * math.log(o * n / (row * col))
    g2 *= 2
    return g2 if a * n >= (a + b) * (a + c) else -g2


def jlh(fg: int, fg_total: int, bg: int, bg_total: int) -> float:
    """significant_terms' JLH: (fg% - bg%) * fg% / bg%, 0 when not more frequent."""
    if not fg or not fg_total or not bg_total:
        return 0.0
    f, b = fg / fg_total, max(bg, fg) / bg_total
    return (f - b) * (f / b) if f > b else 0.0


def options(window=5, docs=MAX_DOCS, top=50, ngram="") -> dict:
    """The view's options, checked (QueryError) and as numbers: what a page checks before a query.
    ngram: "" (words, pairs and triples ranked together) or 1, 2, 3 (one size only)."""
    ngram = str(ngram).strip()
    if ngram not in ("", "1", "2", "3"):
        raise QueryError("ngram", value=ngram)
    return {"window": _whole("window", window, 1, MAX_WINDOW), "docs": _whole("docs", docs, 1, MAX_DOCS),
            "top": _whole("top", top, 1, MAX_TOP), "ngram": ngram}


_PIECE = tokens.PIECE       # words and punctuation
_STOP, _BREAK, _NODE = -1, -2, -3


class _Texts:
    """The texts read, as one array of codes: a word's number in the vocabulary of written
    forms, or _STOP (a stopword, a number, and `window` of them between two texts so that no
    window or n-gram spans two texts), _BREAK (punctuation: no n-gram spans it) or _NODE
    (an occurrence of the query's words). Each distinct written form is analysed once."""

    def __init__(self, window: int, words: set, prefixes: list, form: int):
        self.codes: list[int] = []
        self.code: dict[str, int] = {}
        self.forms: list[str] = []          # written form of each number
        self.stem_number: dict[str, int] = {}
        self.stem_of: list[int] = []        # stem number of each written form
        self.doc_freq: Counter = Counter()  # stem number -> documents read holding it
        self.gap, self.words, self.prefixes, self.form = window, words, prefixes, form
        self._stems: list[str] = []

    def _code(self, raw: str) -> int:
        r = analyze_word(raw)
        if r[2] or r[0].isdigit() or not r[1]:
            code = _STOP
        elif r[self.form] in self.words or any(r[0].startswith(p) for p in self.prefixes):
            code = _NODE
        elif len(raw) == 1 and not raw.isalnum():
            code = _BREAK
        else:
            code = len(self.forms)
            self.forms.append(raw)
            self.stem_of.append(self.stem_number.setdefault(r[1], len(self.stem_number)))
        self.code[raw] = code
        return code

    def add(self, text: str) -> None:
        code = self.code
        pieces = _PIECE.findall(text)
        for raw in dict.fromkeys(pieces):          # in the order of the text: ties go to the first seen
            if raw not in code:
                self._code(raw)
        codes = [code[p] for p in pieces]
        self.codes.extend(codes)
        self.codes.extend([_STOP] * self.gap)
        stem_of = self.stem_of
        self.doc_freq.update({stem_of[c] for c in set(codes) if c >= 0})

    @property
    def n_forms(self) -> int:
        return len(self.forms)

    @property
    def n_stems(self) -> int:
        return len(self.stem_number)

    def form_text(self, f: int) -> str:
        return self.forms[f]

    def stem_text(self, i: int) -> str:
        if len(self._stems) != len(self.stem_number):
            self._stems = list(self.stem_number)        # in number order (insertion order)
        return self._stems[i]

    def stem_array(self) -> np.ndarray:
        """The stem number of each written-form number."""
        return np.asarray(self.stem_of, dtype=np.int64)

    def doc_freq_array(self) -> np.ndarray:
        """Documents read holding each stem, by stem number."""
        out = np.zeros(self.n_stems, dtype=np.int64)
        if self.doc_freq:
            out[list(self.doc_freq)] = list(self.doc_freq.values())
        return out

    def arrays(self):
        """(stem number per word or -1, written-form number per word or -1, occurrence mark,
        whether a word follows the previous one without punctuation between)."""
        codes = np.asarray(self.codes, dtype=np.int64)
        brk = codes == _BREAK
        keep = ~brk
        joined = ~np.concatenate(([True], brk[:-1]))[keep] if len(codes) else keep
        codes = codes[keep]
        node = codes == _NODE
        form = np.where(codes >= 0, codes, -1)
        stem_of = np.append(self.stem_array(), -1)      # index -1: no stem
        return stem_of[form], form, node, joined


def _first_seen(values: np.ndarray, size: int) -> np.ndarray:
    """The distinct values (each below `size`) in the order of their first occurrence."""
    first = np.full(size, len(values), dtype=np.int64)
    np.minimum.at(first, values, np.arange(len(values)))
    present = np.flatnonzero(first < len(values))
    return present[np.argsort(first[present])]


def _tally(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct values in order, how often each occurs): one sort (np.unique's hashing
    and argsort are several times slower on millions of n-grams)."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


class _StoreTexts(_Texts):
    """The same codes as _Texts for documents of the token store (tokens.py), in the same
    order and numbering (written forms and stems numbered as first seen); the strings of
    only the forms and stems shown are read."""

    def __init__(self, store, docs: np.ndarray, window: int, words: set, prefixes: list, form: int):
        super().__init__(window, words, prefixes, form)
        node = store.matching(words, prefixes, form)
        kind = np.where(store.no_word, _STOP, np.where(node, _NODE, np.where(
            store.is_break, _BREAK, np.arange(len(store.forms)))))
        pos, which = store.pieces_of(docs)
        values = kind[store.codes[pos]]
        seq = np.full(len(pos) + len(docs) * window, _STOP, dtype=np.int64)
        seq[np.arange(len(pos)) + which * window] = values
        words_at = seq >= 0
        seen = _first_seen(seq[words_at], len(store.forms))     # store forms in the order first read
        number = np.zeros(len(store.forms), dtype=np.int64)
        number[seen] = np.arange(len(seen))
        seq[words_at] = number[seq[words_at]]
        self.codes = seq
        self.store, self.seen = store, seen
        # stems numbered as first seen (through the forms in their order)
        stem_ids = np.asarray(store.stem_id[seen], dtype=np.int64)
        self.stem_store = _first_seen(stem_ids, len(store.stems))   # the store's stem of each stem number
        rank = np.zeros(len(store.stems), dtype=np.int64)
        rank[self.stem_store] = np.arange(len(self.stem_store))
        self.stems_of_forms = rank[stem_ids]
        self.df = np.zeros(len(self.stem_store), dtype=np.int64)
        held = values >= 0
        if held.any():      # documents holding each stem: the distinct (document, stem) pairs
            n_stems = max(1, len(self.stem_store))
            pairs, _ = _tally(which[held] * n_stems + self.stems_of_forms[number[values[held]]])
            self.df = np.bincount(pairs % n_stems, minlength=len(self.stem_store))

    @property
    def n_forms(self) -> int:
        return len(self.seen)

    @property
    def n_stems(self) -> int:
        return len(self.stem_store)

    def form_text(self, f: int) -> str:
        return self.store.forms[self.seen[f]]

    def stem_text(self, i: int) -> str:
        return self.store.stems[self.stem_store[i]]

    def stem_array(self) -> np.ndarray:
        return self.stems_of_forms

    def doc_freq_array(self) -> np.ndarray:
        return self.df


def _ngrams(ids: np.ndarray, forms: np.ndarray, near: np.ndarray, joined: np.ndarray, sizes, base: int,
            form_base: int):
    """For n in sizes, each run of n consecutive words (no stopword, occurrence or punctuation
    among them): (n, its key (the stem numbers in base `base`), its written forms as one number
    (base `form_base`), whether all of it is within a window, its first word's stem). Each size
    extends the runs of the one before."""
    ok, inside = ids >= 0, near.copy()
    key, shape = np.maximum(ids, 0), np.maximum(forms, 0)
    for n in range(1, max(sizes) + 1):
        if n > 1:
            length = len(ids) - n + 1
            if length <= 0:
                empty = np.zeros(0, dtype=np.int64)
                ok, key, shape, inside = empty.astype(bool), empty, empty, empty.astype(bool)
            else:
                last = slice(n - 1, n - 1 + length)
                ok = ok[:length] & (ids[last] >= 0) & joined[last]
                inside = inside[:length] & near[last]
                key = key[:length] * base + np.maximum(ids[last], 0)
                shape = shape[:length] * form_base + np.maximum(forms[last], 0)
        if n in sizes:
            yield n, key[ok], shape[ok], inside[ok], np.maximum(ids[:len(ok)], 0)[ok]


def _digits_of(values: np.ndarray, base: int, n: int) -> list[np.ndarray]:
    """The n digits (most significant first) of each value in `base`."""
    out = []
    for _ in range(n):
        values, d = np.divmod(values, base)
        out.append(d)
    return out[::-1]


def _best_shapes(keys: np.ndarray, shapes: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each distinct key, its most frequent shape: the most counted, ties the smallest)."""
    order = np.lexsort((shapes, -counts, keys))
    k = keys[order]
    first = np.concatenate(([True], k[1:] != k[:-1])) if len(k) else np.zeros(0, dtype=bool)
    return k[first], shapes[order][first]


def _digits(key: int, base: int, n: int) -> list[int]:
    out = []
    for _ in range(n):
        key, d = divmod(key, base)
        out.append(d)
    return out[::-1]


def _log_likelihoods(a, b, c, d) -> np.ndarray:
    """log_likelihood over arrays (the same up to rounding: used to choose which rows get it)."""
    a, b, c, d = (np.asarray(x, dtype=np.float64) for x in (a, b, c, d))
    n = a + b + c + d
    g2 = np.zeros(len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
            g2 += np.where(o > 0, o * np.log(np.where(o > 0, o * n / (row * col), 1.0)), 0.0)
    g2 *= 2
    return np.where(a * n >= (a + b) * (a + c), g2, -g2)


def collocations(searcher: Searcher, q: str, *, window: int = 5, docs: int = MAX_DOCS, top: int = 50,
                 exact: bool = False, op: str = "and", filters=None, since=None, until=None,
                 ngram: str = "") -> Collocations:
    started = time.perf_counter()
    if not (q or "").strip():
        raise QueryError("collocations_need_query")
    window, docs, top, ngram = options(window, docs, top, ngram).values()
    req, words, prefixes, notices = documents_request(q, exact, op, filters, since, until)
    found = searcher.search(request=req)
    notices += found.notices
    form = 0 if exact else 1

    texts_read = _Texts(window, words, prefixes, form)
    read = 0
    store = token_store(searcher) if found.total and (words or prefixes) else None
    numbers = store.numbers(ranked_ids(searcher, req, min(found.total, docs))) if store else None
    if numbers is not None:
        texts_read, read = _StoreTexts(store, numbers, window, words, prefixes, form), len(numbers)
    elif found.total and (words or prefixes):
        for row in texts(searcher, req, min(found.total, docs)):
            read += 1
            texts_read.add(row.get("text", ""))
            if read >= docs:
                break
    notes = [note("docs_all", read=read)] if read >= found.total else \
        [note("docs_sample", read=read, documents=found.total, docs=docs, max=MAX_DOCS)]
    if read < found.total:
        notices.append(as_notice(notes[0]))

    ids, form_ids, node, joined = texts_read.arrays()
    occurrences = int(node.sum())
    near = np.convolve(node.astype(np.int64), np.ones(2 * window + 1, dtype=np.int64), "same") > 0 \
        if len(node) else node
    near &= ~node
    base, form_base = max(1, texts_read.n_stems), max(1, texts_read.n_forms)
    stem_of = texts_read.stem_array()
    sizes = (1, 2, 3) if not ngram else (int(ngram),)
    n_tokens = int((ids >= 0).sum())
    rows = []       # per n: (n, keys, best shapes, together, total, in_window, n_all)
    for n, keys, shapes, inside, heads in _ngrams(ids, form_ids, near, joined, sizes, base, form_base):
        # the n-grams seen at least MIN_COUNT times within the windows (few: a sort of those)
        near_keys, together = _tally(keys[inside])
        wanted = together >= MIN_COUNT
        wanted_keys, together = near_keys[wanted], together[wanted]
        # which n-grams are wanted: those whose first stem begins one (a table), then a search
        head_wanted = np.zeros(base, dtype=bool)
        head_wanted[wanted_keys // base ** (n - 1)] = True
        pick = np.flatnonzero(head_wanted[heads])
        if len(wanted_keys):
            place = np.minimum(np.searchsorted(wanted_keys, keys[pick]), len(wanted_keys) - 1)
            pick = pick[wanted_keys[place] == keys[pick]]
        # their written n-grams in all the texts read: counts, and the most frequent one
        written, counts = _tally(shapes[pick])
        of_key = np.zeros(len(written), dtype=np.int64)
        for d in _digits_of(written, form_base, n):
            of_key = of_key * base + stem_of[d]
        of_key = np.searchsorted(wanted_keys, of_key)
        total = np.bincount(of_key, weights=counts, minlength=len(wanted_keys)).astype(np.int64)
        _, best = _best_shapes(of_key, written, counts)
        rows.append((n, wanted_keys, best, together, total, int(inside.sum()), len(keys)))
    # G2 of every row; the exact figure and the words of those that may be in the top only
    scores = np.concatenate([_log_likelihoods(a, w - a, t - a, m - w - (t - a)) for _, _, _, a, t, w, m in rows]
                            or [np.zeros(0)])
    bar = np.sort(scores)[-top] - 0.05 if len(scores) >= top else -np.inf
    collocates, at = [], 0
    for n, keys, best, together, total, in_window, n_all in rows:
        for i in np.flatnonzero(scores[at:at + len(keys)] >= bar).tolist():
            a, b, c = int(together[i]), in_window - int(together[i]), int(total[i] - together[i])
            d = n_all - in_window - c
            words_of = " ".join(texts_read.form_text(int(f)) for f in _digits(int(best[i]), form_base, n))
            stems = " ".join(texts_read.stem_text(int(st)) for st in _digits(int(keys[i]), base, n))
            collocates.append(Collocate(words_of, stems, a, a + c, round(log_likelihood(a, b, c, d), 2), n,
                                        per_million(a + c, n_tokens)))
        at += len(keys)
    collocates.sort(key=lambda x: (-x.score, x.word))

    key_terms = []
    doc_freq = texts_read.doc_freq_array()
    # the most common (ties: the first read first)
    ranked = np.lexsort((np.arange(len(doc_freq)), -doc_freq))[:KEY_CANDIDATES]
    ranked = ranked[doc_freq[ranked] >= MIN_COUNT]
    candidates = [texts_read.stem_text(int(i)) for i in ranked]
    word_at = form_ids >= 0
    form_counts = np.bincount(form_ids[word_at], minlength=len(stem_of))
    used = np.flatnonzero(form_counts)
    stem_keys, stem_forms = _best_shapes(stem_of[used], used, form_counts[used])
    shape_of = dict(zip(stem_keys.tolist(), stem_forms.tolist()))
    bg, corpus_docs = searcher.term_documents(candidates)    # the index's size even with none
    for i, st in zip(ranked.tolist(), candidates):
        fg = int(doc_freq[i])
        score = jlh(fg, read, bg.get(st, 0), corpus_docs)
        if score > 0:
            key_terms.append(KeyTerm(texts_read.form_text(shape_of[i]), st, fg, bg.get(st, 0), round(score, 4)))
    key_terms.sort(key=lambda x: (-x.score, x.stem))
    words_in_index = corpus_words(searcher)
    notes.append(note("colloc_per_million", tokens=n_tokens))
    return Collocations(query=q.strip(), window=window, documents=found.total, read_documents=read,
                        occurrences=occurrences, window_tokens=int(near.sum() if len(near) else 0),
                        tokens=n_tokens, corpus_documents=corpus_docs, collocates=collocates[:top],
                        key_terms=key_terms[:top],
                        took_ms=round((time.perf_counter() - started) * 1000, 2),
                        words=sorted(words) + [p + "…" for p in prefixes], notices=notices,
                        sample=read < found.total, ngram=ngram or "1,2,3",
                        corpus_words=words_in_index,
                        per_million=per_million(occurrences, words_in_index) if read >= found.total else None,
                        notes=notes, max_docs=MAX_DOCS)


def key_of(stems: list[str], number: dict[str, int], base: int) -> int:
    key = 0
    for st in stems:
        key = key * base + number[st]
    return key


CSV_COLUMNS = ("word", "n", "stem", "together", "total", "per_million", "score")


def as_dict(c: Collocations) -> dict:
    out = dataclasses.asdict(c)
    return out
