"""Latency of a split trends call: GET /api/trends?q=...&split=source (one series per source,
each rated on the source's own documents), through the Flask app in this process.

    python bench/trends_split.py --index /tmp/idx31k                # Whoosh
    python bench/trends_split.py --engine opensearch --index corpus  # an OpenSearch alias
    python bench/trends_split.py --index /tmp/idx31k --split lang --interval week

Each query is asked once cold (first time on this process), then --rounds times; the
figures are per call, with `uptime` beside them (the machine's load moves them). Target:
300 ms for the 14 sources of the SaudiNewsNet index.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_latency import QUERIES  # noqa: E402

TARGET_MS = 300


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--engine", default="whoosh")
    ap.add_argument("--split", default="source")
    ap.add_argument("--interval", default="auto")
    ap.add_argument("--queries", type=int, default=12, help="how many of bench/api_latency.py's queries")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    from search_web import create_app
    client = create_app({"ENGINE": args.engine, "INDEX": args.index}).test_client()
    urls = [f"/api/trends?{urllib.parse.urlencode({'q': q, 'split': args.split, 'interval': args.interval})}"
            for q in QUERIES[:args.queries]]

    cpu: list[float] = []

    def call(url: str) -> tuple[float, int]:
        started, cpu_started = time.perf_counter(), time.process_time()
        resp = client.get(url)
        took = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - cpu_started) * 1000)      # this process's (not OpenSearch's)
        if resp.status_code != 200:
            sys.exit(f"{url}: {resp.status_code} {resp.get_data(as_text=True)[:300]}")
        return took, len(resp.get_json()["series"])

    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    opening = call(urls[-1] + "&since=1900-01-01")[0]      # opens the index (not a query of the runs)
    cpu.clear()
    cold, series = zip(*(call(u) for u in urls))
    cold_cpu = cpu[:]
    cpu.clear()
    warm = [call(u)[0] for _ in range(args.rounds) for u in urls]
    cpus = {"cold": cold_cpu, "warm": cpu}
    print(f"{args.engine} {args.index}: split={args.split} interval={args.interval}, "
          f"{len(urls)} queries, {min(series)}-{max(series)} series each")
    print(f"  first call (opens the index): {opening:.0f} ms")
    for name, ms in (("cold", cold), ("warm", warm)):
        q = statistics.quantiles(ms, n=20, method="inclusive") if len(ms) > 1 else [ms[0]] * 19
        print(f"  {name}: n={len(ms)} p50={statistics.median(ms):.0f} ms p95={q[18]:.0f} ms "
              f"max={max(ms):.0f} ms (target {TARGET_MS} ms); this process's CPU p50 "
              f"{statistics.median(cpus[name]):.0f} ms")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
