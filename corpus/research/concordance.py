"""KWIC concordance: every occurrence of the query's words with a few words either side.

Engine-neutral: the matching documents' texts come through the seam (searcher.export with
text=True, in ranking order) and the lines are cut here, with the one analyzer deciding
what is an occurrence: the same stem (وزير finds والوزير, وزيرا) or, with exact=True, the
same normalised form. Lines come in document order; sorting by the word before or after
the keyword reads up to MAX_SORTED lines first (a notice says when that cuts).

    concordance(searcher, "وزير", width=6, sort="after", page=1, size=100) -> Concordance
"""
from __future__ import annotations

import dataclasses
import time
from collections import Counter

from corpus import querylang as ql
from corpus.analysis.analyzer import TOKEN, analyze_prefix, analyze_word, is_arabic
from corpus.analysis.normalize import normalize
from corpus.engines.base import Searcher
from corpus.errors import QueryError
from corpus.fields import TEXT_FIELDS
from corpus.messages import Notice
from corpus.request import MAX_QUERY_CHARS, SearchRequest, whole_number as _whole

SORTS = ("position", "left", "right")   # document order; first word before / after the keyword
MAX_WIDTH = 20
MAX_SIZE = 5_000       # lines on one page (a CSV export is one page)
MAX_PAGE = 1_000
MAX_SORTED = 2_000      # lines read to sort by context; the first ones in ranking order
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
                    words.add(r[form])
                    if not exact:
                        words.update(arabic_variants(m.group()))
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


def lines_of(text: str, words: set[str], prefixes: list[str], width: int, exact: bool = False):
    """(left, keyword, right, start, left word, right word) of each occurrence in `text`."""
    form = 0 if exact else 1
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    for i, (start, end, raw) in enumerate(tokens):
        r = analyze_word(raw)
        f = r[form]
        if not f or not (f in words or any(r[0].startswith(p) for p in prefixes)):
            continue
        lo, hi = tokens[max(0, i - width)][0], tokens[min(len(tokens), i + width + 1) - 1][1]
        left = " ".join(text[lo:start].split()) if i else ""
        right = " ".join(text[end:hi].split()) if i + 1 < len(tokens) else ""
        before = analyze_word(tokens[i - 1][2])[0] if i else ""
        after = analyze_word(tokens[i + 1][2])[0] if i + 1 < len(tokens) else ""
        yield left, raw, right, start, before, after


def documents_request(q, exact, op, filters, since, until):
    """(the request for the documents to read, the forms an occurrence may have, prefixes,
    notices). A query too long to take its article forms too is searched as typed (a notice
    says so)."""
    shown = SearchRequest.build(q, op=op)     # validates the query as the user gave it
    words, prefixes = query_words(shown.q, shown.op, exact)
    extra = {"translate": "off"} if "translate" in SearchRequest.__dataclass_fields__ else {}
    searched, notices = engine_query(shown.q, exact), []
    if len(searched) > MAX_QUERY_CHARS:
        searched = shown.q
        notices.append(TOO_LONG_FOR_VARIANTS)
    req = SearchRequest.build(searched, op=shown.op, filters=filters,
                              since=since, until=until, sort="relevance", size=1, facets=(),
                              snippets=False, **extra)
    return req, words, prefixes, notices


def texts(searcher: Searcher, req: SearchRequest, total: int):
    """The matching documents with their text, in ranking order, read in growing batches
    (a page of lines needs a few dozen documents; sorting needs many)."""
    offset, batch = 0, DOC_BATCH
    extra = {"translate": req.translate} if hasattr(req, "translate") else {}
    while offset < total:
        n = 0
        for row in searcher.export(req.q, offset=offset, limit=batch, text=True, op=req.op,
                                   filters=req.filters, since=req.since, until=req.until,
                                   sort="relevance", **extra):
            n += 1
            yield row
        if n == 0:
            return
        offset, batch = offset + n, min(batch * 2, 1_000)



def options(width=8, sort: str = "position", page=1, size=100) -> dict:
    """The view's options, checked (QueryError) and as numbers: what a page checks before a query."""
    width = _whole("width", width, 1, MAX_WIDTH)
    page, size = _whole("page", page, 1, MAX_PAGE), _whole("size", size, 1, MAX_SIZE)
    if sort not in SORTS:
        raise QueryError("unknown_sort", value=sort, choices=", ".join(SORTS))
    return {"width": width, "sort": sort, "page": page, "size": size}


def concordance(searcher: Searcher, q: str, *, exact: bool = False, width: int = 8, sort: str = "position",
                page: int = 1, size: int = 100, op: str = "and", filters=None, since=None,
                until=None) -> Concordance:
    started = time.perf_counter()
    if not (q or "").strip():
        raise QueryError("concordance_needs_query")
    width, sort, page, size = options(width, sort, page, size).values()
    req, words, prefixes, notices = documents_request(q, exact, op, filters, since, until)
    found = searcher.search(request=req)
    notices += found.notices
    if not words and not prefixes:
        notices.append(Notice("no_words"))
    wanted = page * size + 1 if sort == "position" else MAX_SORTED + 1
    lines: list[Line] = []
    read = 0
    if found.total and (words or prefixes):
        for row in texts(searcher, req, found.total):
            read += 1
            for left, kw, right, start, lw, rw in lines_of(row.get("text", ""), words, prefixes, width, exact):
                lines.append(Line(row["id"], row.get("title", ""), row.get("date"), row.get("source") or "",
                                  row.get("lang") or "", left, kw, right, start, lw, rw))
            if len(lines) >= wanted:
                break
    complete = read >= found.total
    if sort != "position":
        if len(lines) > MAX_SORTED:
            lines = lines[:MAX_SORTED]
            notices.append(Notice("concordance_sorted_first", max=MAX_SORTED, read=read, total=found.total))
        key = (lambda ln: (ln.left_word, ln.doc_id, ln.start)) if sort == "left" else \
              (lambda ln: (ln.right_word, ln.doc_id, ln.start))
        lines.sort(key=lambda ln: (key(ln)[0] == "", *key(ln)))
    shown = lines[(page - 1) * size: page * size]
    found_forms = [w for w, _ in Counter(ln.keyword for ln in lines).most_common(MAX_FORMS)]
    return Concordance(query=q.strip(), exact=exact, width=width, sort=sort, page=page, size=size,
                       lines=shown, documents=found.total, read_documents=read,
                       more=len(lines) > page * size, complete=complete,
                       took_ms=round((time.perf_counter() - started) * 1000, 2),
                       words=found_forms, notices=notices)


CSV_COLUMNS = ("doc_id", "title", "date", "source", "lang", "left", "keyword", "right", "start")


def as_dict(c: Concordance) -> dict:
    return {"query": c.query, "exact": c.exact, "width": c.width, "sort": c.sort,
            "page": c.page, "size": c.size, "documents": c.documents,
            "read_documents": c.read_documents, "more": c.more, "complete": c.complete,
            "took_ms": c.took_ms, "words": c.words, "notices": c.notices,
            "lines": [{k: getattr(ln, k) for k in CSV_COLUMNS} for ln in c.lines]}
