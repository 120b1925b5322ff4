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
MAX_DOCS = 20_000       # documents read at most (all of them below it; a note says when not)
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
        stem_of = np.asarray(self.stem_of + [-1], dtype=np.int64)     # index -1: no stem
        return stem_of[form], form, node, joined


class _StoreTexts(_Texts):
    """The same codes as _Texts for documents of the token store (tokens.py), in the same
    order and numbering (written forms and stems numbered as first seen)."""

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
        first = np.full(len(store.forms), len(seq), dtype=np.int64)
        at = np.flatnonzero(words_at)
        np.minimum.at(first, seq[at], at)
        seen = np.flatnonzero(first < len(seq))
        seen = seen[np.argsort(first[seen])]        # store forms in the order first read
        number = np.zeros(len(store.forms), dtype=np.int64)
        number[seen] = np.arange(len(seen))
        seq[words_at] = number[seq[words_at]]
        self.codes = seq
        self.forms = [store.forms[f] for f in seen.tolist()]
        self.stem_of = [self.stem_number.setdefault(store.stem[f], len(self.stem_number)) for f in seen.tolist()]
        stems = np.asarray(self.stem_of, dtype=np.int64)
        held = values >= 0
        if held.any():      # documents holding each stem: the distinct (document, stem) pairs
            n_stems = max(1, len(self.stem_number))
            pairs = np.sort(which[held] * n_stems + stems[number[values[held]]])
            distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
            counts = np.bincount(distinct % n_stems, minlength=n_stems)
            held_stems = np.flatnonzero(counts)
            self.doc_freq.update(dict(zip(held_stems.tolist(), counts[held_stems].tolist())))


def _ngram_keys(ids: np.ndarray, near: np.ndarray, joined: np.ndarray, n: int, base: int, forms=None,
                form_base: int = 1):
    """For each run of n consecutive words (no stopword, occurrence or punctuation among them):
    its key (the stem numbers in base `base`), whether all of it is within a window, and the
    key of its written forms (base `form_base`) when `forms` is given."""
    length = len(ids) - n + 1
    if length <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.astype(bool), empty
    ok = np.ones(length, dtype=bool)
    inside = np.ones(length, dtype=bool)
    key = np.zeros(length, dtype=np.int64)
    shape = np.zeros(length, dtype=np.int64)
    for k in range(n):
        part = ids[k:k + length]
        ok &= part >= 0
        if k:
            ok &= joined[k:k + length]
        inside &= near[k:k + length]
        key = key * base + np.where(part >= 0, part, 0)
        if forms is not None:
            f = forms[k:k + length]
            shape = shape * form_base + np.where(f >= 0, f, 0)
    return key[ok], inside[ok], shape[ok]


def _counts(keys: np.ndarray) -> dict[int, int]:
    values, counts = np.unique(keys, return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))


def _among(keys: np.ndarray, wanted: set) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the wanted keys sorted, each key's place among them, whether it is one): a binary
    search of the few wanted keys rather than a sort of them all."""
    values = np.sort(np.fromiter(wanted, dtype=np.int64, count=len(wanted)))
    if not len(values):
        return values, np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
    place = np.minimum(np.searchsorted(values, keys), len(values) - 1)
    return values, place, values[place] == keys


def _most_common_shape(keys: np.ndarray, shapes: np.ndarray, wanted: set, pick=None) -> dict[int, int]:
    """key -> its most frequent written-form key, for the wanted keys (`pick`: which keys are)."""
    if pick is None:
        pick = _among(keys, wanted)[2]
    k, sh = keys[pick], shapes[pick]
    order = np.lexsort((sh, k))
    k, sh = k[order], sh[order]
    if not len(k):
        return {}
    starts = np.flatnonzero(np.concatenate(([True], (k[1:] != k[:-1]) | (sh[1:] != sh[:-1]))))
    counts = np.diff(np.append(starts, len(k)))
    pk, psh = k[starts], sh[starts]
    best = np.lexsort((-counts, pk))            # per key, the most frequent form first
    first = np.concatenate(([True], pk[best][1:] != pk[best][:-1]))
    return dict(zip(pk[best][first].tolist(), psh[best][first].tolist()))


def _digits(key: int, base: int, n: int) -> list[int]:
    out = []
    for _ in range(n):
        key, d = divmod(key, base)
        out.append(d)
    return out[::-1]


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
    base, form_base = max(1, len(texts_read.stem_number)), max(1, len(texts_read.forms))
    sizes = (1, 2, 3) if not ngram else (int(ngram),)
    collocates, n_tokens = [], int((ids >= 0).sum())
    for n in sizes:
        keys, inside, shapes = _ngram_keys(ids, near, joined, n, base, form_ids, form_base)
        together = _counts(keys[inside])
        in_window, n_all = int(inside.sum()), len(keys)
        wanted = {k for k, a in together.items() if a >= MIN_COUNT}
        values, place, pick = _among(keys, wanted)      # total counts of the wanted keys only
        total = dict(zip(values.tolist(), np.bincount(place[pick], minlength=len(values)).tolist()))
        shape = _most_common_shape(keys, shapes, wanted, pick) if wanted else {}
        for key in wanted:
            a = together[key]
            b, c = in_window - a, total[key] - a
            d = n_all - in_window - c
            written = " ".join(texts_read.forms[f] for f in _digits(shape[key], form_base, n))
            stems = " ".join(map(str, _digits(key, base, n)))
            collocates.append(Collocate(written, stems, a, a + c, round(log_likelihood(a, b, c, d), 2), n,
                                        per_million(a + c, n_tokens)))
    collocates.sort(key=lambda x: (-x.score, x.word))

    stem_text = {i: st for st, i in texts_read.stem_number.items()}
    for c in collocates:
        c.stem = " ".join(stem_text[int(i)] for i in c.stem.split())
    doc_freq = Counter({stem_text[i]: n for i, n in texts_read.doc_freq.items()})
    key_terms = []
    # the most common (ties: the first read first)
    ranked = sorted(doc_freq.items(), key=lambda kv: (-kv[1], texts_read.stem_number[kv[0]]))
    candidates = [st for st, n in ranked[:KEY_CANDIDATES] if n >= MIN_COUNT]
    wanted = {texts_read.stem_number[st] for st in candidates}
    written = _most_common_shape(ids[ids >= 0], form_ids[ids >= 0], wanted) if wanted else {}
    shapes = {stem_text[i]: texts_read.forms[f] for i, f in written.items()}
    bg, corpus_docs = searcher.term_documents(candidates)    # the index's size even with none
    if candidates:
        for st in candidates:
            score = jlh(doc_freq[st], read, bg.get(st, 0), corpus_docs)
            if score > 0:
                key_terms.append(KeyTerm(shapes[st], st, doc_freq[st],
                                         bg.get(st, 0), round(score, 4)))
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
