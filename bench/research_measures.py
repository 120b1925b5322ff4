"""Latency of the whole-result-set research views (issue 21), through the Flask app in this
process, on a real index:

* concordance: the first call reads every line of the result set (all matching documents);
  then a page of 100 lines sorted by the word before / after, a later page, one line per
  story: the operations over all lines, served from the lines read (target 200 ms a page);
* collocations over all matching documents (words, pairs and triples);
* /api/stats with the coverage per day per source; the search histogram split by source
  and normalised by volume (/api/search?size=0&split=source&normalize=volume).

    python bench/research_measures.py --index /tmp/idx31k
    python bench/research_measures.py --engine opensearch --index h19xl-31k

`uptime` is printed before and after: on a shared machine the load moves every figure.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search_web import create_app  # noqa: E402

QUERIES = ["الحوثي", "النفط", "وزير الصحة", "الهلال", "داعش"]
PAGE_TARGET_MS = 200


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default=None)
    ap.add_argument("--index", default=None)
    ap.add_argument("--queries", default=",".join(QUERIES))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    client = create_app({"ENGINE": args.engine, "INDEX": args.index}).test_client()
    print(uptime())

    def get(url: str) -> tuple[float, dict]:
        started = time.perf_counter()
        r = client.get(url)
        took = (time.perf_counter() - started) * 1000
        if r.status_code != 200:
            sys.exit(f"{url}: HTTP {r.status_code}: {r.get_data(as_text=True)[:300]}")
        return took, (r.get_json() if r.mimetype == "application/json" else {})

    get("/api/search?q=x&size=0")       # opens the index
    warm: dict[str, list[float]] = {}
    for q in args.queries.split(","):
        base = f"/api/concordance?q={quote(q)}&size=100"
        first, body = get(base)
        print(f"{q}: {body['documents']:,} documents, {body['occurrences']:,} lines, "
              f"{body['per_million']} per million words; first call (reads every line) {first:.0f} ms")
        for _ in range(args.rounds):
            for name, tail in (("page 1 sort=left", "&sort=left"), ("page 1 sort=right", "&sort=right"),
                               ("page 5 sort=left", "&sort=left&page=5"), ("per_story sort=right", "&per_story=1&sort=right"),
                               ("api page 1 position", "")):
                took, _ = get(base + tail)
                warm.setdefault(name, []).append(took)
            took, _ = get(f"/concordance?q={quote(q)}&sort=left")
            warm.setdefault("html page sort=left", []).append(took)
        took, body = get(f"/api/collocations?q={quote(q)}")
        print(f"   collocations over {body['read_documents']:,} of {body['documents']:,} documents "
              f"({body['tokens']:,} words): {took:.0f} ms")
    print(f"concordance pages of 100 lines over all lines (after the first call; target {PAGE_TARGET_MS} ms):")
    for name, ms in warm.items():
        print(f"  {name:<22} n={len(ms)} p50={statistics.median(ms):.0f} ms max={max(ms):.0f} ms")
    for name, url in (("/api/stats (with coverage)", "/api/stats"),
                      ("split=source normalize=volume", f"/api/search?q={quote(QUERIES[0])}&size=0&split=source&normalize=volume"),
                      ("normalize=volume interval=day", f"/api/search?q={quote(QUERIES[0])}&size=0&normalize=volume&interval=day")):
        ms = [get(url)[0] for _ in range(args.rounds)]
        print(f"{name:<32} p50={statistics.median(ms):.0f} ms max={max(ms):.0f} ms")
    print(uptime())


if __name__ == "__main__":
    main()
