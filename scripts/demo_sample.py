"""Rebuild demo/saudinewsnet-sample.zip: a fixed sample of SaudiNewsNet, stratified by day and
source (each day x source cell in proportion to its size, at least one article per cell).

    python scripts/demo_sample.py PATH/TO/saudinewsnet [N]     # the 18 daily zips; N=1500
"""
import collections
import json
import random
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "demo" / "saudinewsnet-sample.zip"
SEED = 20


def main(folder: str, n: int = 1500) -> None:
    cells = collections.defaultdict(list)
    for day in sorted(Path(folder).glob("*.zip")):
        with zipfile.ZipFile(day) as z:
            for name in z.namelist():
                for rec in json.loads(z.read(name)):
                    cells[(day.stem, rec["source"])].append(rec)
    total = sum(map(len, cells.values()))
    rng, by_day = random.Random(SEED), collections.defaultdict(list)
    for (day, _), recs in sorted(cells.items()):
        by_day[day] += rng.sample(recs, min(len(recs), max(1, round(n * len(recs) / total))))
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for day, recs in sorted(by_day.items()):
            recs.sort(key=lambda r: (r["source"], r["url"]))
            z.writestr(zipfile.ZipInfo(f"saudinewsnet-sample/{day}.json", (2015, 8, 11, 0, 0, 0)),
                       json.dumps(recs, ensure_ascii=False, indent=1), zipfile.ZIP_DEFLATED)
    print(f"{OUT}: {sum(map(len, by_day.values()))} of {total} articles, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1], *map(int, sys.argv[2:3]))
