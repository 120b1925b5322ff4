"""Two Whoosh indexes of the same corpus answer alike: a check after a change to the indexer
that should not change what it writes.

    python bench/same_index.py INDEX_A INDEX_B [--queries 100] [--seed 8]

For bench/engines.py's seeded 1-3-word title queries and a few hard ones (phrases, OR, NOT,
English, prefixes, an empty query), in both story groupings: the total, every facet's counts,
the first 20 hit ids and scores, sorted by relevance and by date; then the research store of
each index (when built), array by array. Prints the differences and "same answers" or exits 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engines import queries  # noqa: E402

from corpus.engines import open_searcher  # noqa: E402
from corpus.research import tokens  # noqa: E402

HARD = ["", '"وزير الخارجية"', "الرياض OR جدة", "السعودية -النفط", "وزير*", "Saudi oil", "2015",
        "خادم الحرمين الشريفين"]


def answers(searcher, q: str, group: str, sort: str) -> dict:
    r = searcher.search(q, size=20, group=group, sort=sort, translate="off", suggest=False, snippets=False)
    return {"total": r.total, "stories": r.stories,
            "facets": {k: [(v.value, v.count) for v in vs] if isinstance(vs, list) else repr(vs)
                       for k, vs in (r.facets or {}).items()},
            "hits": [(h.id, h.score) for h in r.hits]}


def stores_equal(a, b) -> str:
    sa, sb = (tokens.open_store(tokens.folder_of(s), tokens.version_key(s)) for s in (a, b))
    if sa is None or sb is None:
        return "research store: not built in both"
    differ = [n for n in tokens.ARRAYS if not np.array_equal(sa.arrays[n], sb.arrays[n])]
    return f"research store: arrays differ: {differ}" if differ else "research store: same arrays"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    a, b = open_searcher("whoosh", args.a), open_searcher("whoosh", args.b)
    differ = 0
    qs = HARD + queries(args.queries, args.seed)
    for q in qs:
        for group in ("none", "story"):
            for sort in ("relevance", "date"):
                x, y = answers(a, q, group, sort), answers(b, q, group, sort)
                if x != y:
                    differ += 1
                    keys = [k for k in x if x[k] != y[k]]
                    print(f"differ: q={q!r} group={group} sort={sort}: {keys}")
    print(f"{len(qs) * 4} searches compared ({len(qs)} queries x 2 groupings x 2 sorts): "
          f"{'same answers' if not differ else f'{differ} differ'}")
    store = stores_equal(a, b)
    print(store)
    sys.exit(1 if differ or "differ" in store else 0)


if __name__ == "__main__":
    main()
