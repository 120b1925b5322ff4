"""What the proximity bonus (corpus/engines/proximity.py) costs: search latency with and
without it, in one process, the two modes interleaved query by query so that machine
noise hits them alike, on both engines.

    python bench/proximity.py --whoosh IDX --opensearch ALIAS          # both engines
    python bench/proximity.py --whoosh IDX --rounds 5 --questions 200   # Whoosh only

Queries: bench/api_latency.py's 40 news queries of 1-4 words (op=and, facets and 10
snippets, as the search page asks) and --questions XQuAD-ar questions as plain words
(op=or, as bench/quality.py searches them). "off" is the same code with no word pairs
(proximity.MAX_PAIRS = 0). Every query is searched once in each mode before timing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_latency import QUERIES  # noqa: E402
from corpus.engines import open_searcher, proximity  # noqa: E402


def timed(searcher, q: str, op: str, pairs: bool) -> float:
    keep = proximity.MAX_PAIRS
    proximity.MAX_PAIRS = keep if pairs else 0
    try:
        started = time.perf_counter()
        searcher.search(q, op=op, size=10, snippets=True)
        return (time.perf_counter() - started) * 1000
    finally:
        proximity.MAX_PAIRS = keep


def measure(searcher, queries, rounds: int) -> dict[str, list[float]]:
    for q, op in queries:           # warm: postings, norms, caches of both modes
        timed(searcher, q, op, True)
        timed(searcher, q, op, False)
    out = {"off": [], "on": []}
    for r in range(rounds):
        for i, (q, op) in enumerate(queries):
            order = (True, False) if (i + r) % 2 else (False, True)
            for pairs in order:
                out["on" if pairs else "off"].append(timed(searcher, q, op, pairs))
    return out


def p(values, q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--whoosh", help="a Whoosh index directory")
    ap.add_argument("--opensearch", help="an OpenSearch index or alias ($CORPUS_OPENSEARCH_URL)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--questions", type=int, default=100, help="XQuAD-ar questions (0: none)")
    args = ap.parse_args()
    import quality
    questions = [(quality.plain_words(q), "or") for q, _ in quality.load_xquad("ar")[1][:args.questions]]
    sets = {"news queries (and)": [(q, "and") for q in QUERIES], "XQuAD-ar questions (or)": questions}
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print("| engine | queries | n | off p50 / p95 ms | on p50 / p95 ms |")
    print("|---|---|---|---|---|")
    for engine, where in (("whoosh", args.whoosh), ("opensearch", args.opensearch)):
        if not where:
            continue
        searcher = open_searcher(engine, where)
        for label, queries in sets.items():
            if not queries:
                continue
            t = measure(searcher, queries, args.rounds)
            print(f"| {engine} | {label} | {len(t['on'])} | {p(t['off'], 50):.1f} / {p(t['off'], 95):.1f} "
                  f"| {p(t['on'], 50):.1f} / {p(t['on'], 95):.1f} |", flush=True)
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"CORPUS_OPENSEARCH_URL={os.environ.get('CORPUS_OPENSEARCH_URL', '')}")


if __name__ == "__main__":
    main()
