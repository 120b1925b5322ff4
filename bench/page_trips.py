"""Where an OpenSearch result page's time goes in a server's first round: every HTTP round
trip to the cluster (its wall time, the server's `took`, what it asked), and the Python
time between them.

    python bench/page_trips.py --index os31k-s7                 # first round, the slowest 10 pages
    python bench/page_trips.py --index os31k-s7 --show 50 --rounds 2

A fresh process, as bench/search_latency.py's fresh server: the app of this checkout
(--root: another) built as `corpus serve` builds it (WARM_WAIT), the index's request cache
emptied, then bench/search_latency.py's list `page` GET once each through the Flask test
client (the first round; --rounds: also that many more passes, warm). Per page: wall ms, the
round trips (start offset, wall, server took, thread, what), the CPU of this process. The
summary splits the pages' wall time into round trips on the page's own thread (waited for),
and the rest (Python, and waits on other threads).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def describe(url: str, params, body) -> str:
    """A short name for a request: its endpoint and, for searches, what each one asks."""
    path = url.split("?")[0].strip("/").split("/")
    what = path[-1] if path else url
    if what == "_msearch" and isinstance(body, list):
        parts = [_search_kind(b) for b in body[1::2]]
        return "_msearch[" + "; ".join(parts) + "]"
    if what == "_search":
        return "_search[" + _search_kind(body or {}) + "]"
    return what


def _search_kind(body: dict) -> str:
    aggs = body.get("aggs") or {}
    size = body.get("size", 10)
    if aggs:
        names = sorted(aggs)
        inner = ""
        if len(names) == 1:
            (agg,) = aggs.values()
            kind = next(iter(k for k in agg if k != "aggs"), "?")
            n = len(agg.get(kind, {}).get("filters", {})) if kind == "filters" else ""
            inner = f" {kind}{n and f'x{n}'}"
        return f"aggs {','.join(names)[:60]}{inner} size {size}"
    return f"hits size {size}" + (" dfs" if body.get("sort") else "")


def caller() -> str:
    """The corpus functions that asked (innermost first, up to three)."""
    names, f = [], sys._getframe(2)
    while f is not None and len(names) < 3:
        mod = f.f_globals.get("__name__", "")
        if mod.startswith("corpus.") and not mod.endswith("opensearch.client") and f.f_code.co_name not in ("call", "<lambda>"):
            names.append(f"{mod.rsplit('.', 1)[-1]}.{f.f_code.co_name}")
        f = f.f_back
    return " < ".join(names)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True, help="OpenSearch alias")
    ap.add_argument("--root", type=Path, default=HERE.parent, help="the checkout to import (default this one)")
    ap.add_argument("--rounds", type=int, default=0, help="warm passes after the first (default 0)")
    ap.add_argument("--show", type=int, default=10, help="pages shown in detail, slowest first")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from search_latency import urls          # the list `page`
    sys.path.insert(0, str(a.root.resolve()))
    for name in [m for m in sys.modules if m.split(".")[0] in ("corpus", "search_web")]:
        del sys.modules[name]
    from opensearchpy.transport import Transport

    trips: list[tuple] = []         # (thread, start, wall_ms, took, what)
    perform = Transport.perform_request

    def timed(self, method, url, params=None, body=None, *args, **kwargs):
        t = time.perf_counter()
        res = perform(self, method, url, params, body, *args, **kwargs)
        ms = (time.perf_counter() - t) * 1000
        took = res.get("took") if isinstance(res, dict) else None
        if isinstance(res, dict) and "responses" in res:
            took = "/".join(str(r.get("took")) for r in res["responses"])
        trips.append((threading.current_thread().name, t, ms, took, f"{describe(url, params, body)} <- {caller()}"))
        return res
    Transport.perform_request = timed

    from search_web import create_app
    print("uptime:", uptime())
    app = create_app({"ENGINE": "opensearch", "INDEX": a.index, "TESTING": True, "WARM_WAIT": True})
    from corpus.engines.opensearch.client import connect
    connect().indices.clear_cache(index=a.index, request=True)
    client = app.test_client()
    main_thread = threading.current_thread().name
    pages = [timed_url for timed_url, _ in urls("page", None)]
    rows = []
    for round_no in range(1 + a.rounds):
        for url in pages:
            trips.clear()
            c, w = time.process_time(), time.perf_counter()
            r = client.get(url)
            wall = (time.perf_counter() - w) * 1000
            cpu = (time.process_time() - c) * 1000
            if r.status_code != 200:
                sys.exit(f"{url}: HTTP {r.status_code}")
            own = sum(ms for th, _, ms, _, _ in trips if th == main_thread)
            rows.append((round_no, url, wall, cpu, own, [(th, (s - w) * 1000, ms, took, what)
                                                          for th, s, ms, took, what in trips]))
    from urllib.parse import unquote
    for round_no in range(1 + a.rounds):
        got = [r for r in rows if r[0] == round_no]
        walls = [r[2] for r in got]
        p95 = statistics.quantiles(walls, n=20, method="inclusive")[18]
        print(f"\nround {round_no} ({'first' if not round_no else 'warm'}): {len(got)} pages, wall p50 "
              f"{statistics.median(walls):.1f} p95 {p95:.1f} max {max(walls):.1f} ms; mean: round trips "
              f"waited on the page's thread {statistics.fmean(r[4] for r in got):.1f}, the rest "
              f"{statistics.fmean(r[2] - r[4] for r in got):.1f}, CPU {statistics.fmean(r[3] for r in got):.1f}; "
              f"round trips a page {statistics.fmean(len(r[5]) for r in got):.1f}")
        for _, url, wall, cpu, own, tr in sorted(got, key=lambda r: -r[2])[:a.show]:
            print(f"  {wall:6.1f} ms  cpu {cpu:5.1f}  trips waited {own:5.1f}  {unquote(url)}")
            for th, start, ms, took, what in tr:
                print(f"      +{start:6.1f} {ms:6.1f} ms took {str(took):>7} {th[:12]:12} {what}")
    print("uptime:", uptime())


if __name__ == "__main__":
    if "CORPUS_OPENSEARCH_URL" not in os.environ:
        os.environ.setdefault("CORPUS_OPENSEARCH_URL", "http://127.0.0.1:9201")
    main()
