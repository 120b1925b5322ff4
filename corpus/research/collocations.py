"""Collocations and key terms of a query, engine-neutral.

* Collocates: the words within `window` words of an occurrence of the query's words
  (corpus/research/concordance.py decides what an occurrence is), ranked by Dunning's
  log-likelihood G2 of the 2x2 table (in window / elsewhere in the texts read) x (this
  word / other words), with the counts shown.
* Key terms: the words that set the result set apart from the corpus, as Elasticsearch's
  significant_terms with its default JLH score: foreground = the share of the documents read
  that hold the word, background = its document frequency in the whole index (from the
  engine: searcher.term_documents), so both engines give the same figures.

Words are counted by stem (stopwords and numbers left out) and shown in their most
frequent written form. The texts are those of the first `docs` matching documents, in
ranking order (a notice says when that is fewer than all).
"""
from __future__ import annotations

import dataclasses
import math
import time
from collections import Counter, defaultdict

from corpus.analysis.analyzer import TOKEN, analyze_word
from corpus.engines.base import Searcher
from corpus.errors import QueryError
from corpus.messages import Notice
from corpus.research.concordance import _whole, documents_request, texts

MAX_WINDOW = 10
MAX_DOCS = 5_000
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


def options(window=5, docs=500, top=50) -> dict:
    """The view's options, checked (QueryError) and as numbers: what a page checks before a query."""
    return {"window": _whole("window", window, 1, MAX_WINDOW), "docs": _whole("docs", docs, 1, MAX_DOCS),
            "top": _whole("top", top, 1, MAX_TOP)}


def collocations(searcher: Searcher, q: str, *, window: int = 5, docs: int = 500, top: int = 50,
                 exact: bool = False, op: str = "and", filters=None, since=None,
                 until=None) -> Collocations:
    started = time.perf_counter()
    if not (q or "").strip():
        raise QueryError("collocations_need_query")
    window, docs, top = options(window, docs, top).values()
    req, words, prefixes, notices = documents_request(q, exact, op, filters, since, until)
    found = searcher.search(request=req)
    notices += found.notices
    form = 0 if exact else 1

    together, total, doc_freq = Counter(), Counter(), Counter()
    shapes: dict[str, Counter] = defaultdict(Counter)
    read = occurrences = 0
    if found.total and (words or prefixes):
        for row in texts(searcher, req, min(found.total, docs)):
            read += 1
            stems, is_node = [], []
            for m in TOKEN.finditer(row.get("text", "")):
                r = analyze_word(m.group())
                if r[2] or r[0].isdigit():
                    stems.append(None)
                    is_node.append(False)
                    continue
                stems.append(r[1])
                is_node.append(r[form] in words or any(r[0].startswith(p) for p in prefixes))
                shapes[r[1]][m.group()] += 1
            near = set()
            for i, node in enumerate(is_node):
                if node:
                    occurrences += 1
                    near.update(j for j in range(max(0, i - window), min(len(stems), i + window + 1))
                                if not is_node[j])
            seen = set()
            for i, st in enumerate(stems):
                if st is None or is_node[i]:
                    continue
                total[st] += 1
                seen.add(st)
                if i in near:
                    together[st] += 1
            doc_freq.update(seen)
            if read >= docs:
                break
    if read < found.total:
        notices.append(Notice("collocations_sample", read=read, total=found.total))

    in_window, n_tokens = sum(together.values()), sum(total.values())
    collocates = []
    for st, a in together.items():
        if a < MIN_COUNT:
            continue
        b, c = in_window - a, total[st] - a
        d = n_tokens - in_window - c
        collocates.append(Collocate(shapes[st].most_common(1)[0][0], st, a, total[st],
                                    round(log_likelihood(a, b, c, d), 2)))
    collocates.sort(key=lambda x: (-x.score, x.stem))

    key_terms = []
    candidates = [st for st, n in doc_freq.most_common(KEY_CANDIDATES) if n >= MIN_COUNT]
    bg, corpus_docs = searcher.term_documents(candidates)    # the index's size even with none
    if candidates:
        for st in candidates:
            score = jlh(doc_freq[st], read, bg.get(st, 0), corpus_docs)
            if score > 0:
                key_terms.append(KeyTerm(shapes[st].most_common(1)[0][0], st, doc_freq[st],
                                         bg.get(st, 0), round(score, 4)))
        key_terms.sort(key=lambda x: (-x.score, x.stem))
    return Collocations(query=q.strip(), window=window, documents=found.total, read_documents=read,
                        occurrences=occurrences, window_tokens=in_window, tokens=n_tokens,
                        corpus_documents=corpus_docs, collocates=collocates[:top],
                        key_terms=key_terms[:top],
                        took_ms=round((time.perf_counter() - started) * 1000, 2),
                        words=sorted(words) + [p + "…" for p in prefixes], notices=notices)


def as_dict(c: Collocations) -> dict:
    out = dataclasses.asdict(c)
    return out
