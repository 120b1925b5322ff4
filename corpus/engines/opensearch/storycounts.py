"""Facet counts in stories (count=stories) on OpenSearch: a `cardinality` sub-aggregation on
`story` under each facet's terms buckets, which are ordered by it.

Cardinality is HyperLogLog++: below its precision_threshold it counts a hash set (exact but
for rare 32-bit hash collisions), above it estimates. A bucket holds about 2**p bytes of
registers (p grows with the threshold: 256 KB at the maximum, 40,000), so a facet with many
values (authors, places) gets a lower threshold: its buckets share MEMORY per shard. The
number of values of each facet is looked up once per TTL."""
from __future__ import annotations

import time

from corpus.fields import FACETS

MAX_PRECISION = 40_000      # OpenSearch's maximum precision_threshold
MEMORY = 8 << 20            # bytes of registers a facet's buckets may use per shard
TTL = 300.0                 # seconds the facets' value counts are reused


def precision(values: int) -> int:
    """The precision_threshold for a facet of `values` values: the largest whose register
    size 2**p (p as OpenSearch derives it from the threshold) fits MEMORY / values."""
    p = min(18, max(4, (MEMORY // max(values, 1)).bit_length() - 1))
    return min(MAX_PRECISION, int(0.75 * ((2 ** p - 1) // 4)))


def precisions(corpus) -> dict[str, int]:
    """facet -> precision_threshold for the searcher's index (cached TTL seconds)."""
    now = time.monotonic()
    held = getattr(corpus, "_story_precisions", None)
    if held is None or now - held[0] > TTL:
        aggs = {f: {"cardinality": {"field": f}} for f in FACETS}
        res = corpus._call(corpus.client.search, index=corpus.name, body={"size": 0, "aggs": aggs})
        held = (now, {f: precision(int(a["value"])) for f, a in res["aggregations"].items()})
        corpus._story_precisions = held
    return held[1]


def terms_by_story(terms: dict, threshold: int) -> dict:
    """A terms aggregation whose buckets count (and are ordered by) distinct stories."""
    count = {"cardinality": {"field": "story", "precision_threshold": threshold}}
    return {"terms": {**terms, "order": [{"stories": "desc"}, {"_key": "asc"}]},
            "aggs": {"stories": count}}
