"""Forgiving search on the 31k index: misspellings corrected, variants found, correct queries left alone.

For each line of bench/suggest_queries.tsv the search runs through the engine (suggestions
on) and counts as found when the intended query is the suggestion or its words were added
as variants; a correct query passes when nothing is suggested. Prints both rates, the
misses, and the time of every request (p50/p95).

    .venv/bin/python bench/suggest_quality.py --index /tmp/idx [--engine opensearch] [--show]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.engines import open_searcher  # noqa: E402
from corpus.fields import facet_key  # noqa: E402

QUERIES = Path(__file__).with_name("suggest_queries.tsv")


def norm(q: str) -> str:
    return " ".join(facet_key(w) for w in q.split())


def found(res, intended: str) -> bool:
    if res.suggestion and norm(res.suggestion["query"]) == norm(intended):
        return True
    return any(norm(a) == norm(intended) for v in res.variants for a in v["added"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--engine", default="whoosh")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    corpus = open_searcher(args.engine, args.index)
    rows = [line.split("\t") for line in QUERIES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    corpus.search(rows[0][1])           # warm up
    hits = {"typo+variant": [0, 0], "correct": [0, 0]}
    times = []
    for kind, q, *rest in rows:
        t = time.perf_counter()
        res = corpus.search(q)
        times.append((time.perf_counter() - t) * 1000)
        group = "correct" if kind == "correct" else "typo+variant"
        ok = res.suggestion is None if kind == "correct" else found(res, rest[0])
        hits[group][0] += ok
        hits[group][1] += 1
        if args.show and not ok or args.show == "all":
            print(f"MISS {kind:8} {q!r} -> suggestion {res.suggestion} variants {res.variants} total {res.total}")
    ok, n = hits["typo+variant"]
    print(f"misspelled/variant queries found: {ok}/{n} = {ok / n:.1%}")
    ok, n = hits["correct"]
    print(f"correct queries left alone:       {ok}/{n} = {ok / n:.1%}")
    print(timing("suggestions on (first run)", times, args.engine))
    # warm: the same requests again, with suggestions on and off, interleaved
    on, off = [], []
    for _, q, *_ in rows:
        for suggest, out in ((True, on), (False, off)):
            t = time.perf_counter()
            corpus.search(q, suggest=suggest)
            out.append((time.perf_counter() - t) * 1000)
    print(timing("suggestions on (warm)", on, args.engine))
    print(timing("suggestions off (warm)", off, args.engine))


def timing(label: str, times: list[float], engine: str) -> str:
    times = sorted(times)
    return (f"{label:26} p50 {statistics.median(times):6.1f} ms  p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms  "
            f"max {times[-1]:6.1f} ms  ({len(times)} searches, {engine}, facets and 10 snippets)")


if __name__ == "__main__":
    main()
