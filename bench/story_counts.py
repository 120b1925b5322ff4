"""What facet counts in stories (count=stories) cost next to document counts.

    python bench/story_counts.py --index /tmp/idx31k [--engine opensearch --index corpus]
                                 [--rounds 5]

For each query of bench/api_latency.py's QUERIES plus browsing (no query) and a filtered
browse, after one warm-up pass, it times searcher.search(q, group=story, all facets,
10 snippets) with count=documents and count=stories, and prints p50 / p95 / max of wall clock
and of this process's CPU time (robust to other processes competing for the cores).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_latency import QUERIES  # noqa: E402
from histogram_latency import line  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--engine", default="whoosh")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    from corpus.engines import open_searcher
    searcher = open_searcher(args.engine, args.index)
    cases = [(q, {}) for q in ("", *QUERIES)] + [("", {"lang": ["ar"], "year": ["2015"]})]
    for count in ("documents", "stories"):      # warm-up: columns, postings
        for q, filters in cases:
            searcher.search(q, filters=filters, group="story", count=count)
    for count in ("documents", "stories"):
        wall, cpu = [], []
        for _ in range(args.rounds):
            for q, filters in cases:
                w0, c0 = time.perf_counter(), time.process_time()
                searcher.search(q, filters=filters, group="story", count=count)
                wall.append((time.perf_counter() - w0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        line(f"search count={count}", wall, cpu)
    res = searcher.search("", group="story", count="stories")
    print(f"browse all: {res.total:,} documents, {res.stories:,} stories; "
          f"lang {[(v.value, v.count) for v in res.facets['lang']]}")
    if args.engine == "whoosh":
        counting(searcher)
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def counting(searcher, rounds: int = 20) -> None:
    """The facet counting step alone (every facet, every document matching), Whoosh."""
    from corpus.engines.whoosh import searcher as ws, storycounts
    from corpus.fields import FACETS
    s = searcher.searcher()
    cols, docs = searcher.columns(s), set(s.reader().all_doc_ids())
    for name, count in (("documents", lambda f: ws._facet_counts(cols, f, docs)),
                        ("stories", lambda f: storycounts.StoryCounter(searcher, s).facet(f, docs))):
        cpu = []
        for _ in range(rounds):
            c0 = time.process_time()
            for f in FACETS:
                count(f)
            cpu.append((time.process_time() - c0) * 1000)
        print(f"count {len(FACETS)} facets over {len(docs):,} docs, {name:<9}: cpu p50 "
              f"{statistics.median(cpu):6.1f} ms (a new docnum array per facet)")


if __name__ == "__main__":
    main()
