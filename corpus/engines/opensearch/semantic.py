"""The OpenSearch engine's vector path, without a k-NN plugin: every document keeps its vector
in `_source` (a non-indexed binary field); the searcher reads them all once per index version
(the `vectors_version` its last commit recorded) and takes the nearest by an exact scan, or
from ann.ANN_MIN documents up by an HNSW graph (corpus/embeddings/ann.py). The graph is kept
in the index's local folder (its research_dir), named by the index version: the first
searcher of a version builds it in the background, scanning exactly until it is ready, and
stores it; the next ones read it (when its rows are the same documents in the same order). The vector
hits join the query as a zero-scored `terms` clause on their ids, so the cluster's totals,
facets and histogram count the union (corpus/embeddings/search.py)."""
from __future__ import annotations

import datetime as dt

import numpy as np

from corpus.embeddings import ann, search as semantic
from corpus.embeddings.vectors import Vectors, unpack
from corpus.engines.memo import META_AGE, memo_per_version
from corpus.fields import FACETS

SCAN_BATCH = 2000


def vectors(corpus, meta: dict) -> Vectors:
    physical = corpus.call(corpus.client.indices.get_alias, name=corpus.name)
    key = (sorted(physical)[-1], meta.get("vectors_version"))
    return memo_per_version(corpus, "_vectors_held", key, lambda: _load(corpus, *key))


def _load(corpus, index: str, version) -> Vectors:
    from opensearchpy.helpers import scan
    fields = ["id", "vector", "date", *(f"{f}_key" for f in FACETS)]
    ids, rows, days, keys = [], [], [], {f: [] for f in FACETS}

    def read():
        for h in scan(corpus.client, index=index, size=SCAN_BATCH,
                      query={"_source": fields, "query": {"match_all": {}}}):
            src = h["_source"]
            if not src.get("vector"):
                continue
            ids.append(src["id"])
            rows.append(unpack(src["vector"]))
            days.append(dt.date.fromisoformat(src["date"]).toordinal() if src.get("date") else 0)
            for f in FACETS:
                key = src.get(f"{f}_key", "")
                keys[f].append(frozenset(key) if isinstance(key, list) else key)
    corpus.call(read)
    matrix = np.vstack(rows) if rows else np.zeros((0, 512), np.float16)
    if len(matrix) < ann.ANN_MIN:
        return Vectors(ids, index=ann.flat(matrix), days=days, facet_keys=keys)
    folder, name = corpus.research_dir(), f"{index}-{version}"
    kept = ann.read(folder, name)
    if kept is not None and kept[0] == ids:
        return Vectors(ids, index=kept[1], days=days, facet_keys=keys)
    held = Vectors(ids, index=ann.flat(matrix), days=days, facet_keys=keys)
    held.build_graph_later(matrix, keep=lambda graph: _keep(folder, name, ids, graph))
    return held


def _keep(folder, name: str, ids: list, graph) -> None:
    """The graph stored for the next searcher of this index version (derived data: a folder
    that cannot be written leaves the next searcher to build it again)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(ann.path(folder, "*").name):     # other versions' graphs
            old.unlink(missing_ok=True)
        ann.write(folder, name, ids, graph)
    except OSError:
        pass


def with_ids(query: dict, ids: list) -> dict:
    """The query, or also the documents with these ids (scored 0: they rank by the fusion)."""
    if not ids:
        return query
    return {"bool": {"should": [query, {"constant_score": {"filter": {"terms": {"id": ids}}, "boost": 0.0}}],
                     "minimum_should_match": 1}}


class Plan:
    """The vector side of one search: its hits (id, cosine), and how they join."""

    def __init__(self, corpus, req):
        # whether the index has vectors, and their version: looked up again after META_AGE s
        meta = corpus.meta(max_age=META_AGE) if req.q and req.semantic != "off" else {}
        self.text = semantic.query_text(req, meta)
        self.vectors = vectors(corpus, meta) if self.text else None
        self.hits = semantic.neighbours(self.vectors, req, self.text) if self.text else []
        self.ids = sorted({d for d, _ in self.hits})
        self.query, self.matched = None, 0

    def join(self, query: dict) -> dict:
        """The request's query with the vector hits added."""
        self.query = query
        return with_ids(query, self.ids)

    def aggregate(self, body: dict) -> None:
        """Counts the vector hits the query matches too (Results.semantic["added"])."""
        if self.ids:
            body.setdefault("aggs", {})["_semantic"] = {"filter": {"bool": {
                "must": [self.query], "filter": [{"terms": {"id": self.ids}}]}}}

    def read(self, res: dict) -> None:
        agg = res.get("aggregations", {}).get("_semantic")
        self.matched = agg["doc_count"] if agg else 0

    def ranks(self, sort: str) -> bool:
        return bool(self.hits) and sort == "relevance"

    @staticmethod
    def keyword_hits(raw_hits: list) -> list[tuple[str, float]]:
        """(id, score) of the hits the query itself matched (score > 0)."""
        return [(h["_source"]["id"], h["_score"]) for h in raw_hits if h.get("_score")]

    def head(self, keyword: list) -> list[tuple[str, float]]:
        return semantic.fused_head(keyword, self.hits, self.vectors, self.text)

    def tail(self, keyword: list, best: float, confident: float) -> list[tuple[str, float]]:
        return semantic.tail(keyword, best, confident, self.vectors, self.text)

    def summary(self) -> dict | None:
        if not self.text:
            return None
        return {"k": semantic.K, "added": len(self.ids) - self.matched}


def fused_page(corpus, body: dict, vector: Plan, start: int, size: int):
    """(the response with totals and facets, the page's raw hits scored by the fusion): the
    best DEPTH keyword hits fused with the vector hits, then the other hits in keyword order."""
    res = corpus.call(corpus.client.search, index=corpus.name, search_type="dfs_query_then_fetch",
                      body={**body, "from": 0, "size": semantic.DEPTH, "_source": ["id"]})
    keyword = vector.keyword_hits(res["hits"]["hits"])
    head = vector.head(keyword)
    best = keyword[0][1] if keyword else 1.0
    want = head[start:start + size]
    page = []
    if want:
        got = corpus.call(corpus.client.search, index=corpus.name, body={
            "query": {"terms": {"id": [d for d, _ in want]}}, "size": len(want), "_source": body["_source"]})
        by_id = {h["_source"]["id"]: h for h in got["hits"]["hits"]}
        page = [{**by_id[d], "_score": s} for d, s in want if d in by_id]
    if size > len(want):
        tail = {k: v for k, v in body.items() if k != "aggs"}
        tail.update(query={"bool": {"must": [body["query"]],
                                    "must_not": [{"terms": {"id": [d for d, _ in head]}}]}},
                    size=size - len(want), **{"from": max(0, start - len(head))})
        got = corpus.call(corpus.client.search, index=corpus.name, body=tail,
                          search_type="dfs_query_then_fetch")
        hits = got["hits"]["hits"]
        shown = vector.tail([(h["_source"]["id"], h["_score"]) for h in hits], best, semantic.confidence(keyword))
        page += [{**h, "_score": s} for h, (_, s) in zip(hits, shown)]
    return res, page
