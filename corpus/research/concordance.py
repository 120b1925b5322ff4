"""KWIC concordance: every occurrence of the query's words with a few words either side.

Engine-neutral: the matching documents' texts come through the seam (searcher.export with
text=True, in ranking order) and the lines are cut here, with the one analyzer deciding
what is an occurrence: the same stem (وزير finds والوزير, وزيرا) or, with exact=True, the
same normalised form with the attached و ف ب ك ل (ووزير, لوزير), as the query's exact: finds.
Every line of the result set is read (up to MAX_LINES, a note says so), in ranking order,
and held for the next pages: sorting by the word before or after the keyword, paging, one
line per story and the CSV all work on all of them. Once the index's
token store is built (tokens.py) the lines are found in it (_Indexed: positions, sort keys
from the codes, only a page's lines cut from their texts); until then, and with
CORPUS_RESEARCH_STORE=off, from the texts read through the seam (_Read): the same lines.

    concordance(searcher, "وزير", width=6, sort="after", page=1, size=100) -> Concordance
"""
from __future__ import annotations

import dataclasses
import functools
import re
import threading
import time
from collections import Counter, OrderedDict

import numpy as np

from corpus import querylang as ql
from corpus.analysis.analyzer import MARKS, TOKEN, analyze_prefix, analyze_word, is_arabic, written_forms
from corpus.analysis.normalize import normalize
from corpus.engines.base import Searcher
from corpus.errors import QueryError
from corpus.fields import TEXT_FIELDS
from corpus.request import MAX_QUERY_CHARS, SearchRequest, whole_number as _whole
from corpus.messages import Notice
from corpus.research import tokens
from corpus.research.tokens import version_key
from corpus.research.notes import as_notice, note

SORTS = ("position", "left", "right")   # document order; first word before / after the keyword
MAX_WIDTH = 20
MAX_SIZE = 5_000       # lines on one page (a CSV export is one page)
MAX_LINES = 200_000     # lines read for one query (sorted, paged and exported over all of them)
CACHED_RESULTS = 16     # result sets held for their next pages and sorts (per process) ...
CACHED_LINES = 400_000  # ... and lines held in them all at most (the oldest sets go first)
MAX_PAGE = MAX_LINES
DOC_BATCH = 50
MAX_FORMS = 30         # surface forms listed (the most frequent in the lines read)
TOO_LONG_FOR_VARIANTS = Notice("too_long_for_variants", article="ال")


@dataclasses.dataclass
class Line:
    doc_id: str
    title: str
    date: str | None
    source: str
    lang: str
    left: str           # the words before the keyword (as in the text)
    keyword: str        # the occurrence, as written
    right: str          # the words after it
    start: int          # character offset of the keyword in the body
    left_word: str = ""     # normalised first word before / after: what sorting compares
    right_word: str = ""


@dataclasses.dataclass
class Concordance:
    query: str
    exact: bool
    width: int
    sort: str
    page: int
    size: int
    lines: list[Line]
    documents: int              # documents matching the query (and filters)
    read_documents: int         # documents whose text was read for these lines
    more: bool                  # another page exists
    complete: bool              # every matching document was read
    took_ms: float = 0.0
    words: list[str] = dataclasses.field(default_factory=list)    # the forms found, as written
    notices: list[str] = dataclasses.field(default_factory=list)
    per_story: bool = False
    occurrences: int = 0            # every line read (all of them when complete)
    line_count: int = 0             # lines in the listing (one per story with per_story)
    documents_with_lines: int = 0   # documents whose body holds an occurrence
    stories: int = 0                # stories those lines come from
    corpus_words: int = 0           # words in the index (searcher.corpus_words)
    per_million: float | None = None    # occurrences per million words of the index
    notes: list[dict] = dataclasses.field(default_factory=list)     # caps and definitions, en + ar
    max_lines: int = MAX_LINES

    @property
    def first(self) -> int:
        return (self.page - 1) * self.size + 1


def query_words(q: str, op: str = "and", exact: bool = False) -> tuple[set[str], list[str]]:
    """(forms, prefixes) an occurrence may have: stems (or exact forms) of the query's words
    that are not negated, and the texts of its prefix queries."""
    form = 0 if exact else 1
    words, prefixes = set(), []
    for leaf in ql.leaves(ql.parse(q, op).tree):
        if getattr(leaf, "field", None) not in (None, *TEXT_FIELDS):
            continue
        texts = [leaf.text] if isinstance(leaf, ql.Word) else \
            list(leaf.words) if isinstance(leaf, ql.Phrase) else []
        for text in texts:
            for m in TOKEN.finditer(text):
                r = analyze_word(m.group())
                if r[form] and not r[2]:
                    # exact: the word as written, attached و ف ب ك ل allowed (as exact: searches)
                    words.update(written_forms(r[0]) if exact else (r[1], *arabic_variants(m.group())))
        if isinstance(leaf, ql.Prefix) and (p := analyze_prefix(leaf.text)):
            prefixes.append(p)
    return words, prefixes


def arabic_variants(word: str) -> set[str]:
    """Stems of the same Arabic word with the article: for a word outside the radical-و table
    (analysis/waw.py) the stemmer takes a bare word's leading و for the conjunction
    (وسام -> سام) but keeps it after ال (الوسام -> وسام)."""
    if not is_arabic(word) or normalize(word).startswith("ال"):
        return set()
    r = analyze_word("ال" + word)
    return {r[1]} if r[1] and not r[2] else set()


_SYNTAX = set('"():*?[]{}^~+-\\')


def engine_query(q: str, exact: bool = False) -> str:
    """The query the documents are searched with: for plain words, each Arabic word also in
    its form with the article, so documents holding only الوسام are read for وسام."""
    parts = q.split()
    if exact or any(set(p) & _SYNTAX or p in ql.OPERATORS for p in parts):
        return q
    out = []
    for p in parts:
        variant = "ال" + p if arabic_variants(p) else ""
        out.append(f"({p} OR {variant})" if variant else p)
    return " ".join(out)


_LETTER = rf"(?:[^\W\d_]|[{MARKS}])"
_EDGES = (rf"(?<!{_LETTER})(?<![^\W\d_]['’])", rf"(?!{_LETTER}|['’][^\W\d_])")


@functools.lru_cache(maxsize=4096)
def _forms_pattern(forms: frozenset) -> re.Pattern:
    """The given tokens where TOKEN would find them whole (not inside a longer token)."""
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(f"{_EDGES[0]}(?:{alternatives}){_EDGES[1]}")


def _context(text: str, start: int, end: int, width: int) -> tuple[list, list]:
    """The `width` tokens (match objects) before `start` and after `end`, reading a slice of
    the text around them (grown until it holds enough words or reaches the text's edge)."""
    span = width * 10 + 16
    while True:
        lo = max(0, start - span)
        left = list(TOKEN.finditer(text, lo, start))
        if len(left) > width or lo == 0:
            break
        span *= 2
    span = width * 10 + 16
    while True:
        hi = min(len(text), end + span)
        right = list(TOKEN.finditer(text, end, hi))
        if len(right) > width or hi == len(text):
            break
        span *= 2
    return left[-width:], right[:width]


_ARABIC_CHARS = [chr(c) for r in ((0x0600, 0x0700), (0xFB50, 0xFE00), (0xFE70, 0xFF00)) for c in range(*r)]


@functools.lru_cache(maxsize=1)
def _spellings() -> tuple[dict, str]:
    """(normalised letter -> the characters written for it, the characters normalisation
    deletes that TOKEN keeps inside a word): normalize() inverted over the Arabic blocks."""
    by_letter: dict[str, set] = {}
    deleted = []
    for c in _ARABIC_CHARS:
        n = normalize(c)
        if not n and TOKEN.fullmatch(c):
            deleted.append(c)
        elif len(n) == 1:
            by_letter.setdefault(n, {n}).add(c)
    return by_letter, "".join(deleted)


def candidate_finder(words: set[str], prefixes: list[str]) -> re.Pattern | None:
    """A regex of the whole tokens that may be occurrences, for Arabic queries: a token is
    one only if its normalised form contains a stem (the light stemmer only strips affixes),
    an exact form or a prefix, so the text is scanned once at C speed and only these tokens
    are analysed. None when a needle is not Arabic (English stems are not always substrings)."""
    needles = [*words, *prefixes]
    if not needles or not all(n and is_arabic(n) for n in needles):
        return None
    by_letter, deleted = _spellings()
    gap = f"[{re.escape(deleted)}]*"

    def spelled(needle: str) -> str:
        return gap.join("[" + "".join(re.escape(c) for c in sorted(by_letter.get(ch, {ch}))) + "]"
                        for ch in needle)
    return re.compile("|".join(spelled(n) for n in sorted(set(needles), key=len, reverse=True)))


def _class_chars(spec: str) -> frozenset:
    """The characters of a character class's contents (ranges a-b and single characters)."""
    ranges = re.findall(r"(.)-(.)", spec)
    return frozenset([chr(c) for lo, hi in ranges for c in range(ord(lo), ord(hi) + 1)]
                     + list(re.sub(r".-.", "", spec)))


_IN_WORD = _class_chars(MARKS)


def _in_word(ch: str) -> bool:
    """A character TOKEN keeps inside a word: a letter or an Arabic mark."""
    return ch.isalpha() or ch in _IN_WORD


def _candidates(text: str, finder: re.Pattern):
    """(start, end) of each whole token holding a match of `finder`, once each; None when a
    candidate touches an apostrophe (TOKEN joins Latin parts there: the full scan decides)."""
    out, last = [], -1
    n = len(text)
    for m in finder.finditer(text):
        start, end = m.start(), m.end()
        if start < last:
            continue
        while start and _in_word(text[start - 1]):
            start -= 1
        while end < n and _in_word(text[end]):
            end += 1
        if (start and text[start - 1] in "'’") or (end < n and text[end] in "'’"):
            return None
        out.append((start, end))
        last = end
    return out


_PRESENTATION = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef]")     # ligatures: the full scan


def lines_of(text: str, words: set[str], prefixes: list[str], width: int, exact: bool = False,
             known: dict | None = None, finder: re.Pattern | None = None):
    """(left, keyword, right, start, left word, right word) of each occurrence in `text`.
    `known`: token -> whether it is an occurrence, shared by the texts of one concordance, so
    each distinct token is analysed once; the occurrences are then found by one regex of
    the forms this text holds, and only their surroundings are split into words."""
    form = 0 if exact else 1
    known = {} if known is None else known
    spans = _candidates(text, finder) if finder is not None and not _PRESENTATION.search(text) else None
    if spans is not None:
        for start, end in spans:
            raw = text[start:end]
            if raw not in known:
                r = analyze_word(raw)
                known[raw] = bool(r[form]) and (r[form] in words or any(r[0].startswith(p) for p in prefixes))
            if known[raw]:
                left, right = _context(text, start, end, width)
                yield (" ".join(text[left[0].start():start].split()) if left else "", raw,
                       " ".join(text[end:right[-1].end()].split()) if right else "", start,
                       analyze_word(left[-1].group())[0] if left else "",
                       analyze_word(right[0].group())[0] if right else "")
        return
    present = set(TOKEN.findall(text))
    for raw in present.difference(known):
        r = analyze_word(raw)
        known[raw] = bool(r[form]) and (r[form] in words or any(r[0].startswith(p) for p in prefixes))
    forms = frozenset(raw for raw in present if known[raw])
    if not forms:
        return
    for m in _forms_pattern(forms).finditer(text):
        left, right = _context(text, m.start(), m.end(), width)
        yield (" ".join(text[left[0].start():m.start()].split()) if left else "", m.group(),
               " ".join(text[m.end():right[-1].end()].split()) if right else "", m.start(),
               analyze_word(left[-1].group())[0] if left else "",
               analyze_word(right[0].group())[0] if right else "")


def documents_request(q, exact, op, filters, since, until):
    """(the request for the documents to read, the forms an occurrence may have, prefixes,
    notices). A query too long to take its article forms too is searched as typed (a notice
    says so)."""
    shown = SearchRequest.build(q, op=op)     # validates the query as the user gave it
    words, prefixes = query_words(shown.q, shown.op, exact)
    searched, notices = engine_query(shown.q, exact), []
    if len(searched) > MAX_QUERY_CHARS:
        searched = shown.q
        notices.append(TOO_LONG_FOR_VARIANTS)
    req = SearchRequest.build(searched, op=shown.op, filters=filters,
                              since=since, until=until, sort="relevance", size=1, facets=(),
                              snippets=False, translate="off")
    return req, words, prefixes, notices


def ranked_ids(searcher: Searcher, req: SearchRequest, limit: int) -> list[str]:
    """The ids of the documents documents_request's request matches, in the order texts()
    reads them, at most `limit`: what the token store's lines and counts are read for."""
    return searcher.ranked_ids(req.q, limit=limit, **_export_args(req))


def _export_args(req: SearchRequest) -> dict:
    return {"op": req.op, "filters": req.filters, "since": req.since, "until": req.until,
            "sort": "relevance", "translate": req.translate}


def texts(searcher: Searcher, req: SearchRequest, total: int):
    """The matching documents with their text, in ranking order, read in growing batches
    (a page of lines needs a few dozen documents; sorting needs many)."""
    offset, batch = 0, DOC_BATCH
    while offset < total:
        n = 0
        for row in searcher.export(req.q, offset=offset, limit=batch, text=True, **_export_args(req)):
            n += 1
            yield row
        if n == 0:
            return
        offset, batch = offset + n, min(batch * 2, 1_000)



def options(width=8, sort: str = "position", page=1, size=100, per_story=False) -> dict:
    """The view's options, checked (QueryError) and as numbers: what a page checks before a query."""
    width = _whole("width", width, 1, MAX_WIDTH)
    page, size = _whole("page", page, 1, MAX_PAGE), _whole("size", size, 1, MAX_SIZE)
    if sort not in SORTS:
        raise QueryError("unknown_sort", value=sort, choices=", ".join(SORTS))
    flag = str(per_story).strip().lower()
    if flag not in ("", "0", "1", "true", "false", "on", "off"):
        raise QueryError("per_story", value=str(per_story))
    return {"width": width, "sort": sort, "page": page, "size": size,
            "per_story": flag in ("1", "true", "on")}


@dataclasses.dataclass
class _Read:
    """Every line of a result set (up to MAX_LINES), in ranking order, and what was read."""
    documents: int
    lines: list
    stories: list       # the story of each line
    read: int
    complete: bool
    words: set
    prefixes: list
    notices: list
    documents_with_lines: int = 0
    orders: dict = dataclasses.field(default_factory=dict)      # (sort, per_story) -> the lines in that order

    def ordered(self, sort: str, per_story: bool) -> list:
        """The lines in a sort order (one per story with per_story), computed once."""
        key = (sort, per_story)
        if key not in self.orders:
            lines = self.lines
            if per_story:
                seen: set = set()
                lines = [ln for ln, st in zip(self.lines, self.stories) if not (st in seen or seen.add(st))]
            if sort != "position":
                attr = "left_word" if sort == "left" else "right_word"
                lines = sorted(lines, key=lambda ln: (getattr(ln, attr) == "", getattr(ln, attr),
                                                      ln.doc_id, ln.start))
            self.orders[key] = lines
        return self.orders[key]

    def count(self, sort: str, per_story: bool) -> int:
        return len(self.ordered(sort, per_story))

    def page(self, sort: str, per_story: bool, lo: int, hi: int, width: int) -> list:
        return self.ordered(sort, per_story)[lo:hi]

    def forms(self) -> list:
        if "forms" not in self.orders:
            self.orders["forms"] = [w for w, _ in Counter(ln.keyword for ln in self.lines).most_common(MAX_FORMS)]
        return self.orders["forms"]

    @property
    def occurrences(self) -> int:
        return len(self.lines)

    @property
    def story_count(self) -> int:
        return len(set(self.stories))


@dataclasses.dataclass
class _Indexed:
    """The same as _Read from the token store (tokens.py): each line a store position and
    a document, in reading order; sort keys from the codes, a page's lines cut when asked."""
    documents: int
    store: object
    pos: np.ndarray         # store position of each occurrence
    doc: np.ndarray         # its document's store number
    read: int
    complete: bool
    words: set
    prefixes: list
    notices: list
    orders: dict = dataclasses.field(default_factory=dict)

    @property
    def occurrences(self) -> int:
        return len(self.pos)

    @property
    def documents_with_lines(self) -> int:
        return int(np.unique(self.doc).size)

    @property
    def story_count(self) -> int:
        return int(np.unique(self.store.story_code[self.doc]).size)

    def ordered(self, sort: str, per_story: bool) -> np.ndarray:
        """Line numbers in a sort order (one per story with per_story), computed once: the
        keys are _Read.ordered's (first word's exact form, empty last; document id; start)."""
        key = (sort, per_story)
        if key not in self.orders:
            lines = np.arange(len(self.pos))
            if per_story:
                _, first = np.unique(self.store.story_code[self.doc], return_index=True)
                lines = np.sort(first)
            if sort != "position" and len(lines):
                st = self.store
                pos, doc = self.pos[lines], self.doc[lines]
                form = st.neighbour(pos, doc, -1 if sort == "left" else 1)
                rank = np.where(form >= 0, st.exact_rank[np.maximum(form, 0)], st.empty_rank)
                lines = lines[np.lexsort((pos, st.id_rank[doc], rank, rank == st.empty_rank))]
            self.orders[key] = lines
        return self.orders[key]

    def count(self, sort: str, per_story: bool) -> int:
        return len(self.ordered(sort, per_story))

    def page(self, sort: str, per_story: bool, lo: int, hi: int, width: int) -> list:
        st, cut = self.store, {}
        out = []
        shown = self.ordered(sort, per_story)[lo:hi]
        at = self.pos[shown] - st.bounds[self.doc[shown]]       # piece number in the text
        wanted: dict[int, list] = {}
        for d, k in zip(self.doc[shown].tolist(), at.tolist()):
            wanted.setdefault(d, []).append(k)
        for i, k in zip(shown.tolist(), at.tolist()):
            d = int(self.doc[i])
            if d not in cut:
                cut[d] = st.spans(d, wanted[d])
            text, spans = cut[d]
            start, end = spans[k]
            left, right = _context(text, start, end, width)
            out.append(Line(st.ids[d], *st.rows[d], " ".join(text[left[0].start():start].split()) if left else "",
                            text[start:end], " ".join(text[end:right[-1].end()].split()) if right else "", start,
                            analyze_word(left[-1].group())[0] if left else "",
                            analyze_word(right[0].group())[0] if right else ""))
        return out

    def forms(self) -> list:
        """The MAX_FORMS most frequent keywords as written (ties: the first read first)."""
        if "forms" not in self.orders:
            codes = self.store.codes[self.pos]
            values, first, counts = np.unique(codes, return_index=True, return_counts=True)
            best = np.lexsort((first, -counts))[:MAX_FORMS]
            self.orders["forms"] = [self.store.forms[int(v)] for v in values[best]]
        return self.orders["forms"]


def _indexed(searcher: Searcher, store, req: SearchRequest, found, words, prefixes, exact, notices):
    """The lines of the result set from the token store, as _read_all reads them from texts;
    None when the store lacks a matching document (it is being rebuilt)."""
    ids = ranked_ids(searcher, req, found.total) if found.total else []
    docs = store.numbers(ids)
    if docs is None:
        return None
    if not (words or prefixes):
        docs = docs[:0]
    match = store.matching(words, prefixes, 0 if exact else 1)
    occurs = match & store.is_word & store.has_form[0 if exact else 1]
    pos, which = store.occurrences(np.flatnonzero(occurs), docs)
    per_doc = np.bincount(which, minlength=len(docs))
    read = len(docs)
    if len(pos) >= MAX_LINES:        # documents are read until MAX_LINES lines are held
        read = int(np.searchsorted(np.cumsum(per_doc), MAX_LINES)) + 1
    complete = read >= found.total and len(pos) < MAX_LINES
    pos, which = pos[:MAX_LINES], which[:MAX_LINES]
    return _Indexed(found.total, store, pos, docs[which], read if found.total else 0, complete,
                    words, prefixes, notices + list(found.notices))


_held: OrderedDict = OrderedDict()
_held_lock = threading.Lock()


def _read_all(searcher: Searcher, q, exact, width, op, filters, since, until) -> _Read:
    key = (id(searcher), version_key(searcher), q, exact, width, op,
           tuple(sorted((k, tuple(v)) for k, v in (filters or {}).items())), since, until)
    with _held_lock:
        if key in _held:
            _held.move_to_end(key)
            return _held[key]
    req, words, prefixes, notices = documents_request(q, exact, op, filters, since, until)
    found = searcher.search(request=req)
    store = token_store(searcher)
    out = _indexed(searcher, store, req, found, words, prefixes, exact, notices) if store else None
    if out is None:
        out = _from_texts(searcher, req, found, words, prefixes, exact, width, notices)
    with _held_lock:
        _held[key] = out
        while len(_held) > 1 and (len(_held) > CACHED_RESULTS or _held_lines() > CACHED_LINES):
            _held.popitem(last=False)
    return out


def _from_texts(searcher, req, found, words, prefixes, exact, width, notices) -> _Read:
    """Every line read from the matching documents' texts through the seam."""
    lines: list[Line] = []
    stories: list[str] = []
    read, known = 0, {}
    finder = candidate_finder(words, prefixes)
    if found.total and (words or prefixes):
        for row in texts(searcher, req, found.total):
            read += 1
            story = row.get("story") or row["id"]
            for left, kw, right, start, lw, rw in lines_of(row.get("text", ""), words, prefixes, width,
                                                           exact, known, finder):
                lines.append(Line(row["id"], row.get("title", ""), row.get("date"), row.get("source") or "",
                                  row.get("lang") or "", left, kw, right, start, lw, rw))
                stories.append(story)
            if len(lines) >= MAX_LINES:
                break
    complete = read >= found.total and len(lines) < MAX_LINES
    del lines[MAX_LINES:], stories[MAX_LINES:]
    return _Read(found.total, lines, stories, read, complete, words, prefixes, notices + list(found.notices),
                 documents_with_lines=len({ln.doc_id for ln in lines}))


def token_store(searcher: Searcher):
    """The token store of the searcher's index (tokens.py), or None while a large one is built."""
    return tokens.store_for(searcher, version_key(searcher),
                            wait=tokens.waits() or corpus_words(searcher) <= tokens.SYNC_WORDS)


def forget() -> None:
    """Drop the result sets held for their next pages (benchmarks time first calls with it)."""
    with _held_lock:
        _held.clear()


def _held_lines() -> int:
    return sum(v.occurrences for v in _held.values() if isinstance(v, (_Read, _Indexed)))


def corpus_words(searcher: Searcher) -> int:
    """The index's words (searcher.corpus_words), asked once per index version."""
    key = (id(searcher), version_key(searcher), "words")
    with _held_lock:
        if key in _held:
            return _held[key]
    n = searcher.corpus_words()
    with _held_lock:
        _held[key] = n
    return n


def per_million(count: int, words: int) -> float | None:
    return round(count * 1_000_000 / words, 2) if words else None


def concordance(searcher: Searcher, q: str, *, exact: bool = False, width: int = 8, sort: str = "position",
                page: int = 1, size: int = 100, op: str = "and", filters=None, since=None,
                until=None, per_story=False, all_lines: bool = False) -> Concordance:
    """One page of the concordance; the lines of the whole result set are read once (and
    held for the next pages and sorts) up to MAX_LINES. all_lines: every line on one page
    (the CSV export), whatever page and size say."""
    started = time.perf_counter()
    if not (q or "").strip():
        raise QueryError("concordance_needs_query")
    width, sort, page, size, per_story = options(width, sort, page, size, per_story).values()
    got = _read_all(searcher, q, exact, width, op, filters, since, until)
    notices = list(got.notices)
    notes = [note("lines_cap", max=MAX_LINES)]
    if not got.words and not got.prefixes:
        notices.append(as_notice(note("no_words")))
        notes.append(note("no_words"))
    if not got.complete:
        cut = note("lines_cut", max=MAX_LINES, read=got.read, documents=got.documents)
        notices.append(as_notice(cut))
        notes.append(cut)
    stories = got.story_count
    if per_story:
        notes.append(note("per_story", stories=stories))
    line_count = got.count(sort, per_story)
    words = corpus_words(searcher)
    notes.append(note("per_million", words=words))
    if all_lines:
        page, size = 1, max(1, line_count)
    shown = got.page(sort, per_story, (page - 1) * size, page * size, width)
    return Concordance(query=q.strip(), exact=exact, width=width, sort=sort, page=page, size=size,
                       lines=shown, documents=got.documents, read_documents=got.read,
                       more=line_count > page * size, complete=got.complete,
                       took_ms=round((time.perf_counter() - started) * 1000, 2),
                       words=got.forms(), notices=notices, per_story=per_story,
                       occurrences=got.occurrences, line_count=line_count,
                       documents_with_lines=got.documents_with_lines, stories=stories,
                       corpus_words=words, per_million=per_million(got.occurrences, words),
                       notes=notes, max_lines=MAX_LINES)


CSV_COLUMNS = ("doc_id", "title", "date", "source", "lang", "left", "keyword", "right", "start")


def as_dict(c: Concordance) -> dict:
    return {"query": c.query, "exact": c.exact, "width": c.width, "sort": c.sort,
            "per_story": c.per_story, "page": c.page, "size": c.size,
            "occurrences": c.occurrences, "lines_total": c.line_count,
            "documents": c.documents, "documents_with_lines": c.documents_with_lines,
            "stories": c.stories, "corpus_words": c.corpus_words, "per_million": c.per_million,
            "read_documents": c.read_documents, "more": c.more, "complete": c.complete,
            "max_lines": c.max_lines, "took_ms": c.took_ms, "words": c.words,
            "notices": c.notices, "notes": c.notes,
            "lines": [{k: getattr(ln, k) for k in CSV_COLUMNS} for ln in c.lines]}
