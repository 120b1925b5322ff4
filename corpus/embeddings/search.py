"""The vector side of a search, shared by the engines.

With semantic=auto (the default) on an index built with --embeddings, a query of plain words
(corpus/embeddings/query.py) is encoded, and its K nearest documents among those passing the
request's filters and dates (cosine >= MIN_SIMILARITY) join the keyword matches: the total,
facets and histogram count the union, and the relevance ranking fuses the best DEPTH keyword
hits with the vector hits (fusion.py); deeper keyword hits follow in keyword order.
Results.semantic says what the vector path did ({"k", "added"}: documents only it found).
"""
from __future__ import annotations

import functools

from corpus import querylang as ql
from corpus.embeddings import K, MIN_SIMILARITY, available, fusion
from corpus.embeddings.fusion import DEPTH, blend_for, confidence, fuse, tail_score
from corpus.embeddings.query import semantic_text


def query_text(req, meta: dict) -> str | None:
    """The text to encode for `req`, or None when the vector path does not apply."""
    if getattr(req, "semantic", "off") == "off" or not meta.get("embeddings") or not req.q:
        return None
    if req.group == "story":        # story grouping ranks by keyword only
        return None
    if not available():             # an index built elsewhere: the words still search
        return None
    return semantic_text(ql.parse(req.q, req.op).tree)


def neighbours(vectors, req, text: str) -> list[tuple[object, float]]:
    from corpus.embeddings.encoder import encode_query
    mask = vectors.allowed(req.filters, req.since, req.until)
    return vectors.nearest(encode_query(text), K, MIN_SIMILARITY, mask)


@functools.lru_cache(maxsize=4096)
def _query_language(text: str) -> str:
    """The query's language (corpus.langid), once per query text: the fused head, the deeper
    hits and each later page all ask for it."""
    from corpus.langid import detect_language
    return detect_language(text)


def blends(vectors, text: str, keys) -> dict:
    """key -> its fusion.Blend, by the language relation of the query and the document
    (fusion.blend_for; the query's language from corpus.langid, the document's its lang)."""
    query_lang = _query_language(text)
    return {k: blend_for(query_lang, lang) for k, lang in vectors.facet_value("lang", keys).items()}


def fused_head(keyword: list, vector: list, vectors, text: str) -> list[tuple[object, float]]:
    """The first positions of the ranking: the best DEPTH keyword hits and the vector hits."""
    from corpus.embeddings.encoder import encode_query
    head = keyword[:DEPTH]
    sims = vectors.similarity(encode_query(text), [k for k, _ in head])
    return fuse(head, vector, sims, blends=blends(vectors, text, [k for k, _ in head + vector]))


def tail(keyword: list, best: float, confident: float, vectors, text: str) -> list[tuple[object, float]]:
    """(key, shown score) of keyword hits deeper than the fused ones, in keyword order;
    `confident`: fusion.confidence of the whole keyword ranking."""
    by_key = blends(vectors, text, [k for k, _ in keyword])
    return [(k, tail_score(s, best, weight=by_key.get(k, fusion.CROSS_LANGUAGE).keyword_weight(confident)))
            for k, s in keyword]


def ranking(keyword: list, vector: list, vectors, text: str, limit: int) -> list[tuple[object, float]]:
    """The first `limit` (key, score) of the fused ranking, from a keyword ranking at least
    limit + K deep (or complete)."""
    head = fused_head(keyword, vector, vectors, text)
    taken = {k for k, _ in head}
    best = max((s for _, s in keyword[:1] if s), default=1.0)
    deeper = [(k, s) for k, s in keyword[DEPTH:] if k not in taken][:max(0, limit - len(head))]
    return (head + tail(deeper, best, confidence(keyword), vectors, text))[:limit]


def summary(vector: list, keyword_keys: set) -> dict:
    return {"k": K, "added": sum(1 for k, _ in vector if k not in keyword_keys)}
