"""Two Whoosh indexes of the same corpus answer alike: a check after a change to the indexer
that should not change what it writes.

    python bench/same_index.py INDEX_A INDEX_B [--queries 100] [--seed 8]

For bench/engines.py's seeded 1-3-word title queries and a few hard ones (phrases, OR, NOT,
English, prefixes, an empty query), in both story groupings: the total, every facet's counts,
the first 20 hits, sorted by relevance and by date; then the research store of each index
(when built), document by document. Prints the differences and "same answers" or exits 1.

Documents that tie (the same score, or the same date) come in document-number order, and the
numbers depend on which writer process took a document and when a long run committed: the
hits are compared as their scores (dates) in order and, per score (date), the set of ids (at
the cut after the 20th hit, the ids tied there may differ: only their count is compared);
grouped by story, a hit is its story's matching versions (which one is shown is such a tie).
The research store is in document-number order too: compared per document id (its words,
text and row).
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


def _identity(hit) -> str:
    """A hit's document, or grouped by story its story's matching versions (which of them is
    shown first is a tie among the story's versions, broken by document number)."""
    if not hit.similar_count:
        return hit.id
    ids = sorted([hit.id, *(s["id"] if isinstance(s, dict) else s[0] for s in hit.similar)])
    return " ".join(ids) if len(ids) == hit.similar_count + 1 else f"a story of {hit.similar_count + 1}"


def answers(searcher, q: str, group: str, sort: str) -> dict:
    r = searcher.search(q, size=20, group=group, sort=sort, translate="off", suggest=False, snippets=False)
    key = (lambda h: h.score) if sort == "relevance" else (lambda h: h.date)
    keys = [key(h) for h in r.hits]
    last = keys[-1] if keys else None
    tied = {}
    for h in r.hits:        # per score (date): the ids; at the cut, only how many
        tied.setdefault(key(h), set()).add(_identity(h) if key(h) != last else "")
    return {"total": r.total, "stories": r.stories,
            "facets": {k: [(v.value, v.count) for v in vs] if isinstance(vs, list) else repr(vs)
                       for k, vs in (r.facets or {}).items()},
            "keys": keys, "hits": {k: sorted(v) for k, v in tied.items() if k != last}}


def stores_equal(a, b) -> str:
    sa, sb = (tokens.open_store(tokens.folder_of(s), tokens.version_key(s)) for s in (a, b))
    if sa is None or sb is None:
        return "research store: not built in both"
    if sorted(sa.index) != sorted(sb.index):
        return "research store: the documents differ"
    a_forms, b_forms = list(sa.forms), list(sb.forms)
    differ = 0
    for doc_id, i in sa.index.items():
        j = sb.index[doc_id]
        words_a = [a_forms[c] for c in sa.codes[sa.bounds[i]:sa.bounds[i + 1]].tolist()]
        words_b = [b_forms[c] for c in sb.codes[sb.bounds[j]:sb.bounds[j + 1]].tolist()]
        if words_a != words_b or sa.text(i) != sb.text(j) or sa.rows[i] != sb.rows[j]:
            differ += 1
    return (f"research store: {differ} documents differ" if differ else
            f"research store: the same words, text and row for all {len(sa.index):,} documents")


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
