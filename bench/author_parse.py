"""Byline parsing against 200 hand-labelled SaudiNewsNet author values (bench/author_sample.jsonl).

The sample: the 8,252 distinct non-empty `author` values of the 31,030 articles, sorted,
random.Random(11).sample(values, 200). Labels (written by hand): the outlet id of the agency
(corpus/metadata/data/outlets.tsv), the place as written, the first person named. A value is
correct when agency, place (compared after the gazetteer) and person (compared normalised)
all match. Also printed: how many parsed places the gazetteer resolved to a bilingual entry.

    .venv/bin/python bench/author_parse.py [--show]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.metadata import byline, gazetteer  # noqa: E402
from corpus.metadata.tables import key  # noqa: E402

SAMPLE = Path(__file__).with_name("author_sample.jsonl")


def main(show: bool = False) -> None:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line]
    right = {"agency": 0, "place": 0, "person": 0, "all": 0}
    resolved = places = 0
    for row in rows:
        got = byline.parse(row["raw"])
        ok = {"agency": got.agency == row["agency"],
              "place": got.place == gazetteer.canonical(row["place"]) if row["place"] else not got.place,
              "person": key(got.person) == key(row["person"])}
        for k, v in ok.items():
            right[k] += v
        right["all"] += all(ok.values())
        if got.place:
            places += 1
            resolved += gazetteer.find(got.place) is not None
        if show and not all(ok.values()):
            print(f"{row['raw']!r}\n   want {row['agency']!r} {row['place']!r} {row['person']!r}\n"
                  f"   got  {got.agency!r} {got.place!r} {got.person!r}")
    n = len(rows)
    for k, v in right.items():
        print(f"{k:7} {v}/{n} = {v / n:.1%}")
    print(f"places resolved by the gazetteer: {resolved}/{places}")


if __name__ == "__main__":
    main("--show" in sys.argv)
