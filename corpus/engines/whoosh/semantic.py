"""The Whoosh engine's vector path: the generation's vector file as a docnum-keyed matrix,
loaded once per index version (corpus/embeddings/search.py says how it joins a search)."""
from __future__ import annotations

from corpus.embeddings import search as semantic
from corpus.embeddings.vectors import Vectors
from corpus.engines.memo import memo_per_version
from corpus.engines.whoosh import store
from corpus.fields import FACETS


def vectors(corpus, s) -> Vectors:
    key = corpus.version(s)
    return memo_per_version(corpus, "_vectors_held", key, lambda: _load(corpus, s, key[0]))


def _load(corpus, s, name: str) -> Vectors:
    """The generation's graph when it has one (its rows as they are, deleted documents' rows
    keyed None), else its vector file (a graph built here from ann.ANN_MIN vectors up)."""
    from corpus.embeddings import ann, wfile
    r = s.reader()
    column = r.column_reader("id") if r.doc_count_all() else []
    live = {column[n]: n for n in r.all_doc_ids()}
    cols = corpus.columns(s)
    graph = ann.read(corpus.directory, name)
    if graph is not None:
        labels, index = graph
        docnums = [live.get(d) if d else None for d in labels]
        extra = {}
    else:
        ids, matrix = wfile.read(corpus.directory, name)
        pairs = [(live[d], i) for i, d in enumerate(ids) if d in live]
        docnums = [d for d, _ in pairs]
        index, extra = None, {"matrix": matrix[[i for _, i in pairs]]}
    return Vectors(docnums, index=index, **extra,
                   days=[cols["day"][d] if d is not None else 0 for d in docnums],
                   facet_keys={f: [cols[f"{f}:key"][d] if d is not None else "" for d in docnums]
                               for f in FACETS})     # multi: frozensets


class Plan:
    """The vector side of one search: its hits (docnum, cosine), and how they join."""

    def __init__(self, corpus, s, req):
        self.text = semantic.query_text(req, store.read_meta(corpus.directory))
        self.vectors = vectors(corpus, s) if self.text else None
        self.hits = semantic.neighbours(self.vectors, req, self.text) if self.text else []
        self.docs = {d for d, _ in self.hits}
        self.keyword: set = set()

    def join(self, base: set, passing: dict, selected: set):
        """(base, passing, selected) with the vector hits (they pass every filter)."""
        self.keyword = selected
        if not self.docs:
            return base, passing, selected
        return (base | self.docs, {f: p | self.docs for f, p in passing.items()},
                selected | self.docs)

    def ranks(self, sort: str) -> bool:
        return bool(self.hits) and sort == "relevance"

    def ranked(self, keyword_ranked: list, limit: int) -> list:
        return semantic.ranking(keyword_ranked, self.hits, self.vectors, self.text, limit)

    def summary(self) -> dict | None:
        return semantic.summary(self.hits, self.keyword) if self.text else None


DEEPER = semantic.DEPTH + semantic.K    # keyword ranking depth beyond the page for the fusion
