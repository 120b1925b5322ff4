"""The spot checks of bench/entities_spot.py without an index: the raw SaudiNewsNet files,
the articles whose title or text contains the phrase (plain substring, not the search
engine's normalised match, so counts differ a little from the index's), the people,
organisations and places the extractor of this tree finds in them, most frequent first.

    python bench/entities_spot_raw.py [--corpus /work/shared/data/saudinewsnet] [--top 12]
"""
from __future__ import annotations

import argparse
import collections
import glob
import json
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import metadata  # noqa: E402
from corpus.metadata import mentions  # noqa: E402

CHECKS = [("وزارة الداخلية", ("person", "org")), ("اليمن", ("place",))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="/work/shared/data/saudinewsnet")
    ap.add_argument("--top", type=int, default=12)
    a = ap.parse_args()
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    counts = {q: {k: collections.Counter() for k in kinds} for q, kinds in CHECKS}
    hits = collections.Counter()
    for z in sorted(glob.glob(f"{a.corpus}/*.zip")):
        with zipfile.ZipFile(z) as f:
            for art in json.loads(f.read(f.namelist()[0])):
                title, body = art.get("title") or "", art.get("content") or ""
                qs = [(q, kinds) for q, kinds in CHECKS if q in title or q in body]
                if not qs:
                    continue
                m = mentions.extract(title, body)
                for q, kinds in qs:
                    hits[q] += 1
                    for k in kinds:
                        counts[q][k].update(getattr(m, k))
    facet = {"person": "person", "org": "org", "place": "mentioned_place"}
    for q, kinds in CHECKS:
        print(f"\n{q} -> {hits[q]:,} articles containing the phrase (documents counted per value)")
        for k in kinds:
            shown = "; ".join(f"{metadata.label(facet[k], v, 'ar')} {n}" for v, n in counts[q][k].most_common(a.top))
            print(f"  {facet[k]}: {shown}")


if __name__ == "__main__":
    main()
