"""Draw candidate pairs for a labelled story set from SaudiNewsNet (the pairs, not the labels).

    python bench/stories_draw.py --out pairs.jsonl [--seed 2415] [--corpus DIR]

Every article's head is fingerprinted as corpus/stories.py does (stem shingles, dateline and
footer cut); pairs sharing at least 3 shingles are found through an inverted index of the
shingles (shingles in more than 40 articles left out), pairs with near-equal titles through
their title words. Pairs are then drawn at random (seeded) from strata that hold the hard
cases, none with an article that is in an earlier labelled set:

- near-copy: shingle Jaccard >= 0.5, two sources or two days
- same-title-days: title words Jaccard >= 0.6, published 2 to 6 days apart
- same-title-lowbody: title words Jaccard >= 0.6, shingle Jaccard < 0.25
- rewrite: shingle Jaccard 0.08-0.45, titles share >= 0.15 of their words, within 4 days
- roundup: the shorter's shingles >= 40 % inside a text >= 2.5 times longer
- template: shingle Jaccard 0.25-0.9 with titles sharing < 0.3 of their words, or 2+ days apart
- lookalike: the same day, two texts sharing a little (shingle Jaccard 0.03-0.25) whose titles
  share 0.2-0.6 of their words (weather, prayer times, match reports, one ministry's statements)

--strata name=n,... sets how many of each (default: the counts of holdout2 and holdout3, no
lookalike); the articles of every stories_*.jsonl set but --out's are left out.

The pairs are then read and labelled by hand (see bench/stories_eval.py for the rule).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import stories  # noqa: E402
from corpus.readers import discover, read_file  # noqa: E402

HERE = Path(__file__).parent
STRATA = {"near-copy": 22, "same-title-days": 22, "same-title-lowbody": 20, "rewrite": 26,
          "roundup": 18, "template": 24}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(HERE.parents[1] / "shared/data/saudinewsnet"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=2415)
    ap.add_argument("--strata", default=",".join(f"{k}={v}" for k, v in STRATA.items()))
    args = ap.parse_args()
    wanted = {k: int(v) for k, v in (x.split("=") for x in args.strata.split(","))}
    files, _ = discover([args.corpus])
    docs = [d for f in files for d in read_file(f, lambda _: None, seen={})]
    used = set()
    for path in sorted(HERE.glob("stories_*.jsonl")):
        if path.resolve() == Path(args.out).resolve():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            used.update(rec[k] for k in ("a", "b", "id") if k in rec)
    fps = stories.fingerprints([stories.story_input(d) for d in docs])
    ok = [i for i, fp in enumerate(fps) if fp is not None and docs[i].id not in used]
    sets = {i: fps[i].unique for i in ok}
    titles = {i: fps[i].title for i in ok}
    postings = defaultdict(list)
    for i in ok:
        for s in sets[i].tolist():
            postings[s].append(i)
    shared: Counter = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= 40:
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    shared[ids[x], ids[y]] += 1
    tpost = defaultdict(list)
    for i in ok:
        for w in titles[i].tolist():
            tpost[w].append(i)
    tshared: Counter = Counter()
    for ids in tpost.values():
        if 1 < len(ids) <= 60:
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    tshared[ids[x], ids[y]] += 1
    pairs = {p for p, n in shared.items() if n >= 3} | {p for p, n in tshared.items() if n >= 3}
    strata = defaultdict(list)
    for a, b in pairs:
        da, db = docs[a], docs[b]
        if da.url == db.url or not da.title or not db.title:
            continue
        jac = _jac(sets[a], sets[b])
        tj = _jac(titles[a], titles[b])
        days = abs((da.date - db.date).days) if da.date and db.date else 0
        short, long_ = sorted((sets[a], sets[b]), key=len)
        inside = np.intersect1d(short, long_).size / len(short)
        if jac >= 0.5 and (da.source != db.source or days):
            strata["near-copy"].append((a, b))
        if tj >= 0.6 and 2 <= days <= 6:
            strata["same-title-days"].append((a, b))
        if tj >= 0.6 and jac < 0.25:
            strata["same-title-lowbody"].append((a, b))
        if 0.08 <= jac <= 0.45 and tj >= 0.15 and days <= 4:
            strata["rewrite"].append((a, b))
        if inside >= 0.4 and len(long_) >= 2.5 * len(short):
            strata["roundup"].append((a, b))
        if 0.25 <= jac <= 0.9 and (tj < 0.3 or days >= 2):
            strata["template"].append((a, b))
        if days == 0 and 0.03 <= jac <= 0.25 and 0.2 <= tj <= 0.6:
            strata["lookalike"].append((a, b))
    rng = random.Random(args.seed)
    taken, out = set(), []
    for name, n in wanted.items():
        cands = sorted(strata[name])
        rng.shuffle(cands)
        got = 0
        for a, b in cands:
            if got == n:
                break
            if a in taken or b in taken:
                continue
            taken.update((a, b))
            got += 1
            da, db = docs[a], docs[b]
            out.append({"pair": len(out), "label": "", "drawn_from": name, "a": da.id, "b": db.id,
                        "a_title": da.title, "b_title": db.title, "a_source": da.source,
                        "b_source": db.source, "a_date": str(da.date), "b_date": str(db.date)})
        print(f"{name:<20} {len(strata[name]):>7} candidates, {got} drawn")
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out),
                              encoding="utf-8")


def _jac(a: np.ndarray, b: np.ndarray) -> float:
    both = np.intersect1d(a, b, assume_unique=True).size
    return both / (a.size + b.size - both) if both else 0.0


if __name__ == "__main__":
    main()
