"""The index's own vocabulary, with document frequencies, from either engine.

    vocab = vocabulary(searcher)
    vocab.counts(["سلمان", "سلمن"])   -> {"سلمان": 1490, "سلمن": 3}   (exact, unstemmed forms)
    vocab.similar("سلمن", 2)           -> {"سلمان": 1490, "سليمان": 812, ...}

Whoosh reads its term dictionary (doc_frequency, terms_within: a Levenshtein automaton over
the lexicon). OpenSearch answers with the `term` suggester on `exact_terms` (candidates and
their document frequencies, no fielddata) and one filters aggregation for counts.
"""
from __future__ import annotations

FIELD = "exact"           # normalised, unstemmed title + body words
CANDIDATES = 12           # similar words asked for


def vocabulary(searcher):
    return _OpenSearch(searcher) if searcher.engine == "opensearch" else _Whoosh(searcher)


class _Whoosh:
    def __init__(self, corpus):
        self.reader = corpus.searcher().reader()

    def counts(self, words) -> dict[str, int]:
        return {w: self.reader.doc_frequency(FIELD, w) for w in set(words) if w}

    def similar(self, word: str, edits: int) -> dict[str, int]:
        found = self.reader.terms_within(FIELD, word, edits, prefix=1)
        return {w: self.reader.doc_frequency(FIELD, w) for w in found if w != word}


class _OpenSearch:
    def __init__(self, corpus):
        self.corpus = corpus
        self.field = f"{FIELD}_terms"

    def counts(self, words) -> dict[str, int]:
        words = sorted({w for w in words if w})
        if not words:
            return {}
        body = {"size": 0, "aggs": {"words": {"filters": {"filters": {
            w: {"term": {self.field: w}} for w in words}}}}}
        res = self.corpus._call(self.corpus.client.search, index=self.corpus.name, body=body)
        return {w: b["doc_count"] for w, b in res["aggregations"]["words"]["buckets"].items()}

    def similar(self, word: str, edits: int) -> dict[str, int]:
        body = {"size": 0, "suggest": {"w": {"text": word, "term": {
            "field": self.field, "suggest_mode": "always", "max_edits": min(edits, 2),
            "prefix_length": 1, "min_word_length": 2, "size": CANDIDATES}}}}
        res = self.corpus._call(self.corpus.client.search, index=self.corpus.name, body=body)
        return {o["text"]: o["freq"] for entry in res["suggest"]["w"] for o in entry["options"]
                if o["text"] != word}
