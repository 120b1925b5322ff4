"""The worst-case queries of issue 7 (wildcards, `*`, `field:*`, invalid syntax), each as a
JSON search (relevance and -date) and as CSV / JSONL exports, timed over loopback.

    python bench/wildcards.py --index /tmp/idx31k

One `corpus serve` subprocess; every query is sent once, in order, on the fresh server
(the first leading wildcard may wait for the vocabulary it builds in the background at
start). Prints each request's status, time, total and notice.
"""
from __future__ import annotations

import argparse
import http.client
import json
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import DEFAULT_INDEX, start_server  # noqa: E402

QUERIES = ["*", "ا*", "م*", "*ا", "body:*", "title:*", "*ية", "ال*ية", "سعو*", "url:*",
           "author:*", '"غير مغلق', "NOT " * 120 + "x", "page=99999999999999999999"]


def timed(port: int, url: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    t0 = time.perf_counter()
    conn.request("GET", url)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, time.perf_counter() - t0, body


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    args = ap.parse_args()
    port, stop = start_server(args.index.absolute(), 4, False)
    rows = []
    try:
        for q in QUERIES:
            params = dict([q.split("=", 1)]) if q.startswith("page=") else {"q": q}
            for extra in ({}, {"sort": "-date"}, {"format": "csv"}, {"format": "jsonl"}):
                url = "/api/search?" + urllib.parse.urlencode({**params, **extra})
                status, took, body = timed(port, url)
                if extra.get("format"):
                    lines = body.count(b"\n") - (extra["format"] == "csv")    # CSV: a header
                    info = f"{lines:,} rows"
                else:
                    res = json.loads(body)
                    info = (f"{res['total']:,} hits {'; '.join(res.get('notices', []))}" if status == 200
                            else res["error"]["message"])
                label = q if len(q) < 30 else q[:27] + "..."
                rows.append((label, extra.get("format") or extra.get("sort", "relevance"), status, took, info))
    finally:
        stop()
    print(f"{'query':<30} {'request':<9} {'status':>6} {'time s':>7}  result")
    for label, kind, status, took, info in rows:
        print(f"{label:<30} {kind:<9} {status:>6} {took:>7.2f}  {info[:110]}")
    print(f"\nslowest: {max(r[3] for r in rows):.2f} s")


if __name__ == "__main__":
    main()
