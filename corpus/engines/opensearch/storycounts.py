"""Facet counts in stories (count=stories) on OpenSearch: a `cardinality` sub-aggregation on
`story` under each facet's terms buckets, which are ordered by it.

Cardinality is HyperLogLog++: below its precision_threshold it counts a hash set (exact but
for rare 32-bit hash collisions), above it estimates. A bucket holds about 2**p bytes of
registers (p grows with the threshold: 256 KB at the maximum, 40,000), so a facet with many
values (authors, places) gets a lower threshold: its buckets share MEMORY per shard. A value
holds no more stories than documents, so a facet whose largest value has fewer documents
gets the smallest register size that still counts it exactly (the cost of the aggregation
grows with the register size: on the 31k index the source facet's 40,000 took ~25 ms a
query, its 6,143 a few). The number of values of each facet and the documents of its
largest value are looked up once per TTL; a bucket that outgrew its threshold since (the
index grew) makes `stale` true, and the search is run again with fresh thresholds.

A search first tries thresholds of at most GUESS (and the story total too): when its
matches are that few (each facet's filter aggregation says how many), every count is exact
and the answer stands (on os31k 39 of 40 title queries); else it runs again in full."""
from __future__ import annotations

import time

from corpus.fields import FACETS

MAX_PRECISION = 40_000      # OpenSearch's maximum precision_threshold
MEMORY = 8 << 20            # bytes of registers a facet's buckets may use per shard
TTL = 300.0                 # seconds the facets' value counts are reused
GUESS = 6_143               # the thresholds tried first (32 KB registers): most searches match fewer


def precision(values: int) -> int:
    """The precision_threshold for a facet of `values` values: the largest whose register
    size 2**p (p as OpenSearch derives it from the threshold) fits MEMORY / values."""
    p = min(18, max(4, (MEMORY // max(values, 1)).bit_length() - 1))
    return min(MAX_PRECISION, int(0.75 * ((2 ** p - 1) // 4)))


def fitting(count: int) -> int:
    """The largest threshold of the smallest register size that counts `count` exactly."""
    p = 4
    while p < 18 and int(0.75 * ((2 ** p - 1) // 4)) < count:
        p += 1
    return min(MAX_PRECISION, int(0.75 * ((2 ** p - 1) // 4)))


def precisions(corpus) -> dict[str, int]:
    """facet -> precision_threshold for the searcher's index (cached TTL seconds)."""
    return _held(corpus)[1]


def _held(corpus):
    now = time.monotonic()
    held = getattr(corpus, "_story_precisions", None)
    if held is None or now - held[0] > TTL:
        aggs = {f: {"cardinality": {"field": f}} for f in FACETS}
        aggs.update({f"{f}.most": {"terms": {"field": f, "size": 1, "shard_size": 1000}} for f in FACETS})
        res = corpus.call(corpus.client.search, index=corpus.name, body={"size": 0, "aggs": aggs})["aggregations"]
        limits, bounded = {}, set()
        for f in FACETS:
            limits[f] = precision(int(res[f]["value"]))
            most = res[f"{f}.most"]
            top = (most["buckets"][0]["doc_count"] if most["buckets"] else 0) + most.get("doc_count_error_upper_bound", 0)
            if fitting(top) < limits[f]:
                limits[f] = fitting(top)
                bounded.add(f)
        held = (now, limits, bounded)
        corpus._story_precisions = held
    return held


def exact(corpus, res: dict, facets) -> bool:
    """Whether an answer made with thresholds capped at GUESS counted every story exactly: a
    bucket holds no more stories than documents, so each facet (its filter aggregation, which
    holds every bucket) and the story total must have at most GUESS documents; else the
    search runs again with the full thresholds (a search matching many documents)."""
    limits = precisions(corpus) if facets else {}
    aggs = res["aggregations"]
    return (aggs["_stories"]["doc_count"] <= GUESS and
            all(aggs[f]["doc_count"] <= GUESS for f in facets if limits[f] > GUESS))


def stale(corpus, buckets: dict[str, list]) -> bool:
    """Whether a facet's bucket (facet -> buckets of a search) has more documents than the
    threshold sized by the largest value when the thresholds were looked up; if so they are
    forgotten (the next precisions() looks them up again)."""
    _, limits, bounded = _held(corpus)
    if any(b["doc_count"] > limits[f] for f in bounded for b in buckets.get(f, ())):
        corpus._story_precisions = None
        return True
    return False


def terms_by_story(terms: dict, threshold: int) -> dict:
    """A terms aggregation whose buckets count (and are ordered by) distinct stories."""
    count = {"cardinality": {"field": "story", "precision_threshold": threshold}}
    return {"terms": {**terms, "order": [{"stories": "desc"}, {"_key": "asc"}]},
            "aggs": {"stories": count}}
