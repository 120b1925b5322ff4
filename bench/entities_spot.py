"""Spot checks a researcher would make on the 31k SaudiNewsNet index with people,
organisations and places mentioned (an index built with this tree).

    python bench/entities_spot.py --index /tmp/idx31k-ent
    python bench/entities_spot.py --index /tmp/idx31k-ent --opensearch-index h18-ent-31k

Prints, per engine: the top people and organisations of the query "وزارة الداخلية" (the
ministry's spokesman and minister should be there as whole names), and the places mentioned
and the datelines of اليمن (Yemeni cities, no agencies or channels), with their counts.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import metadata  # noqa: E402
from corpus.engines import open_searcher  # noqa: E402

CHECKS = [('"وزارة الداخلية"', ("person", "org")), ("اليمن", ("mentioned_place", "place"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", default="/tmp/idx31k-ent")
    ap.add_argument("--opensearch-index", default="")
    ap.add_argument("--top", type=int, default=12)
    a = ap.parse_args()
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    targets = [("whoosh", a.index)]
    if a.opensearch_index and os.environ.get("CORPUS_OPENSEARCH_URL"):
        targets.append(("opensearch", a.opensearch_index))
    for engine, index in targets:
        s = open_searcher(engine, index)
        for q, facets in CHECKS:
            res = s.search(q, size=0, facets=facets, facet_limit=a.top)
            print(f"\n{engine}: {q} -> {res.total:,} articles")
            for f in facets:
                shown = "; ".join(f"{metadata.label(f, v.value, 'ar')} {v.count}" for v in res.facets[f])
                print(f"  {f}: {shown}")


if __name__ == "__main__":
    main()
