"""One ranking from a keyword ranking and a vector ranking (measured in bench/embeddings.py).

`score` (the default): each keyword score divided by the best one, plus the cosine similarity
to the query, weighted; documents only one side found get 0 from the other side's keyword
score (their cosine is always known: every document with a vector has one).
`rrf`: reciprocal-rank fusion, sum of 1 / (60 + rank) over the two rankings.

The blend depends on the language relation of the query and each document (blend_for): a
document in the query's own script keeps a keyword-heavy fixed weight (its words match); one
in the other script, whose words match only through translation, is blended by CROSS_LANGUAGE:
- its cosine is divided by the best cosine among all candidates (cross-language similarities
  run lower and in a narrower band than the keyword side's 0..1; the best of all, not of its
  own relation: the one English article among Arabic ones must not be scaled to 1), and
- its keyword weight rises with the keyword ranking's confidence, the gap between its best
  and second score over the best (a translated query whose best hit stands out is trusted;
  one whose hits tie, as translated words among many articles often do, leans on meaning).
Script, not the language code: langdetect cannot tell English from Dutch in a two-word
query, and in this corpus the relation that matters is Arabic against Latin script.
"""
from __future__ import annotations

import dataclasses

METHODS = ("score", "rrf")
KEYWORD_WEIGHT = 0.2        # measured: 0.1-0.5 and rrf on XQuAD en->ar (bench/embeddings.py)


@dataclasses.dataclass(frozen=True)
class Blend:
    """How a document's keyword score and cosine combine: keyword weight `weight`, plus
    `confidence` x the keyword ranking's confidence (confidence()), at most MAX_WEIGHT;
    `scale_cosine`: the cosine divided by the best one among all candidates."""
    weight: float
    confidence: float = 0.0
    scale_cosine: bool = False

    def keyword_weight(self, confident: float) -> float:
        return min(MAX_WEIGHT, self.weight + self.confidence * confident)


MAX_WEIGHT = 0.9
# by language relation, tuned on the even-position XQuAD questions of every set of the
# relation (bench/fusion_pairs.py; the odd ones are reported in docs/benchmarks.md)
SAME_LANGUAGE = Blend(0.5)
CROSS_LANGUAGE = Blend(0.35, confidence=0.4, scale_cosine=True)
ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ckb", "ku", "sd", "ug"})
RRF_K = 60
# keyword hits fused with the vector hits; deeper ones follow in keyword order. XQuAD en->ar
# + 31k distractors, hybrid MRR@10 by depth: 20 0.675, 50 0.684, 100 0.694, 200 0.701 (the
# 240-paragraph sets unchanged)
DEPTH = 200


def _script(lang: str) -> str:
    return "" if not lang else "arabic" if lang in ARABIC_SCRIPT else "other"


def blend_for(query_lang: str, doc_lang: str) -> Blend:
    """The blend for a document in doc_lang found by a query in query_lang (either "" when
    unknown: then the cross-language one, the vector-heavy side)."""
    same = _script(query_lang) and _script(query_lang) == _script(doc_lang)
    return SAME_LANGUAGE if same else CROSS_LANGUAGE


def confidence(keyword: list[tuple[object, float]]) -> float:
    """The keyword ranking's confidence: (best - second score) / best, 0..1 (1: one hit)."""
    scores = sorted((s or 0.0 for _, s in keyword[:2]), reverse=True) + [0.0, 0.0]
    return (scores[0] - scores[1]) / scores[0] if scores[0] > 0 else 0.0


def fuse(keyword: list[tuple[object, float]], vector: list[tuple[object, float]],
         similarity: dict, method: str = "score", blend: Blend = Blend(KEYWORD_WEIGHT),
         blends: dict | None = None) -> list[tuple[object, float]]:
    """(key, fused score), best first. keyword: (key, score) best first; vector: (key, cosine)
    best first; similarity: key -> cosine for the keyword hits (those with a vector);
    blends: key -> its Blend (others take `blend`)."""
    blends = blends or {}
    scores: dict = {}
    if method == "rrf":
        for ranking in (keyword, vector):
            for rank, (key, _) in enumerate(ranking, 1):
                scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
    else:
        best = max((s for _, s in keyword if s), default=1.0) or 1.0
        confident = confidence(keyword)
        cos = {**similarity, **dict(vector)}
        keys = dict.fromkeys([k for k, _ in keyword] + [k for k, _ in vector])
        top = max((cos.get(k, 0.0) for k in keys), default=1.0) or 1.0
        kw = dict(keyword)
        for k in keys:
            b = blends.get(k, blend)
            w = b.keyword_weight(confident)
            c = cos.get(k, 0.0) / top if b.scale_cosine else cos.get(k, 0.0)
            scores[k] = w * (kw.get(k) or 0.0) / best + (1 - w) * c
    order = sorted(scores.items(), key=lambda kv: -kv[1])
    return [(k, round(s, 4)) for k, s in order]


def tail_score(score: float | None, best: float, method: str = "score",
               weight: float = KEYWORD_WEIGHT, rank: int = DEPTH) -> float:
    """The shown score of a keyword hit deeper than the fused ones."""
    if method == "rrf":
        return round(1.0 / (RRF_K + rank), 4)
    return round(weight * (score or 0.0) / (best or 1.0), 4)
