"""One ranking from a keyword ranking and a vector ranking (measured in bench/embeddings.py).

`score` (the default): each keyword score divided by the best one, plus the cosine similarity
to the query, weighted; documents only one side found get 0 from the other side's keyword
score (their cosine is always known: every document with a vector has one).
`rrf`: reciprocal-rank fusion, sum of 1 / (60 + rank) over the two rankings.

The keyword weight depends on the language relation of the query and each document
(keyword_weight): a document in the query's own script keeps the keyword-heavy weight (its
words match), one in the other script the vector-heavy one (its words match only through
translation). Script, not the language code: langdetect cannot tell English from Dutch in a
two-word query, and in this corpus the relation that matters is Arabic against Latin script.
"""
from __future__ import annotations

METHODS = ("score", "rrf")
KEYWORD_WEIGHT = 0.2        # measured: 0.1-0.5 and rrf on XQuAD en->ar (bench/embeddings.py)
# the keyword weight by language relation, tuned on the even-position XQuAD questions
# (bench/fusion_pairs.py; the odd ones are reported in docs/benchmarks.md)
SAME_LANGUAGE_WEIGHT = 0.5
CROSS_LANGUAGE_WEIGHT = KEYWORD_WEIGHT
ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ckb", "ku", "sd", "ug"})
RRF_K = 60
# keyword hits fused with the vector hits; deeper ones follow in keyword order. XQuAD en->ar
# + 31k distractors, hybrid MRR@10 by depth: 20 0.675, 50 0.684, 100 0.694, 200 0.701 (the
# 240-paragraph sets unchanged)
DEPTH = 200


def _script(lang: str) -> str:
    return "" if not lang else "arabic" if lang in ARABIC_SCRIPT else "other"


def keyword_weight(query_lang: str, doc_lang: str) -> float:
    """The keyword weight for a document in doc_lang found by a query in query_lang (either
    "" when unknown: then the cross-language weight, the one chosen before languages counted)."""
    same = _script(query_lang) and _script(query_lang) == _script(doc_lang)
    return SAME_LANGUAGE_WEIGHT if same else CROSS_LANGUAGE_WEIGHT


def fuse(keyword: list[tuple[object, float]], vector: list[tuple[object, float]],
         similarity: dict, method: str = "score", weight: float = KEYWORD_WEIGHT,
         weights: dict | None = None) -> list[tuple[object, float]]:
    """(key, fused score), best first. keyword: (key, score) best first; vector: (key, cosine)
    best first; similarity: key -> cosine for the keyword hits (those with a vector);
    weights: key -> its keyword weight (others take `weight`)."""
    weights = weights or {}
    scores: dict = {}
    if method == "rrf":
        for ranking in (keyword, vector):
            for rank, (key, _) in enumerate(ranking, 1):
                scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
    else:
        best = max((s for _, s in keyword if s), default=1.0) or 1.0
        cos = {**similarity, **dict(vector)}
        for key, s in keyword:
            w = weights.get(key, weight)
            scores[key] = w * (s or 0.0) / best + (1 - w) * cos.get(key, 0.0)
        for key, sim in vector:
            scores.setdefault(key, (1 - weights.get(key, weight)) * sim)
    order = sorted(scores.items(), key=lambda kv: -kv[1])
    return [(k, round(s, 4)) for k, s in order]


def tail_score(score: float | None, best: float, method: str = "score",
               weight: float = KEYWORD_WEIGHT, rank: int = DEPTH) -> float:
    """The shown score of a keyword hit deeper than the fused ones."""
    if method == "rrf":
        return round(1.0 / (RRF_K + rank), 4)
    return round(weight * (score or 0.0) / (best or 1.0), 4)
