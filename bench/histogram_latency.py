"""What the hits-over-time histogram costs: full requests (WSGI, in process) on the 31k index.

    python bench/histogram_latency.py --index /tmp/idx31k [--engine opensearch --index corpus]
                                      [--rounds 5]

For each query of bench/api_latency.py's QUERIES plus browsing (no query) and a filtered
browse, it times (after one warm-up pass):
  search      searcher.search(q, facets, 10 snippets) without / with histogram="auto"
  api         GET /api/search?q=...            (histogram on: the JSON twin always has it)
  page        GET /?q=...                      (the HTML result page with its SVG chart)
and prints p50 / p95 / max in ms, wall clock and CPU time of this process (time.process_time:
what the request cost, robust to other processes competing for the cores; on an idle machine
wall ~ CPU). Read the wall figures with the load average printed at the end.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_latency import QUERIES  # noqa: E402


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def line(name, ms, cpu):
    print(f"{name:<24} n={len(ms):4d}  wall p50 {statistics.median(ms):6.1f} p95 {pct(ms, 95):6.1f}"
          f" | cpu p50 {statistics.median(cpu):6.1f} p95 {pct(cpu, 95):6.1f} max {max(cpu):6.1f} ms")


class Timer:
    def __init__(self, wall, cpu):
        self.wall, self.cpu = wall, cpu

    def __enter__(self):
        self.t, self.c = time.perf_counter(), time.process_time()

    def __exit__(self, *exc):
        self.wall.append((time.perf_counter() - self.t) * 1000)
        self.cpu.append((time.process_time() - self.c) * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--engine", default="whoosh")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    from search_web import create_app
    app = create_app({"ENGINE": a.engine, "INDEX": a.index})
    searcher = app.extensions["corpus"]
    client = app.test_client()
    cases = [(q, {}) for q in QUERIES] + [("", {}), ("", {"source": "okaz"})]

    def url(path, q, filters):
        args = ([("q", q)] if q else []) + [(k, v) for k, v in filters.items()]
        return f"{path}?{urllib.parse.urlencode(args)}" if args else path

    for q, f in cases:                               # warm-up: caches, columns, templates
        searcher.search(q, filters={k: [v] for k, v in f.items()}, histogram="auto")
        assert client.get(url("/", q, f)).status_code == 200
    names = ("search, no histogram", "search, histogram", "api /api/search", "page /")
    times = {k: ([], []) for k in names}
    for _ in range(a.rounds):
        for q, f in cases:
            filters = {k: [v] for k, v in f.items()}
            for name, hist in (("search, no histogram", None), ("search, histogram", "auto")):
                with Timer(*times[name]):
                    searcher.search(q, filters=filters, histogram=hist)
            for name, path in (("api /api/search", "/api/search"), ("page /", "/")):
                with Timer(*times[name]):
                    r = client.get(url(path, q, f))
                assert r.status_code == 200, (path, q, r.status_code)
    print(f"engine {a.engine}, index {a.index}, {len(cases)} requests x {a.rounds} rounds")
    for name, (ms, cpu) in times.items():
        line(name, ms, cpu)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
