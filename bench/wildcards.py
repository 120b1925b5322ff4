"""The worst-case queries of issues 7 and 16 (wildcards, `*`, `field:*`, invalid syntax,
runs of one letter, many prefixes, long phrases), each as a JSON search (relevance and
-date) and as CSV / JSONL exports, timed over loopback, while a probe thread asks
/api/stats over and over: its slowest answer during each request is how long that request
stalled the server's other threads.

    python bench/wildcards.py --index /tmp/idx31k
    python bench/wildcards.py --index /tmp/idx31k --root /tmp/before     # another checkout

One `corpus serve` subprocess per checkout; every query is sent once, in order, on the
fresh server (the first leading wildcard may wait for the vocabulary it builds in the
background at start). Prints each request's status, time, stall, total and notice.
"""
from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import DEFAULT_INDEX, start_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
QUERIES = ["*", "ا*", "م*", "*ا", "body:*", "title:*", "*ية", "ال*ية", "سعو*", "url:*",
           "author:*", '"غير مغلق', "NOT " * 120 + "x", "page=99999999999999999999",
           # issue 16: the name transliteration's regex, prefixes past a per-prefix budget,
           # a backtracking wildcard, a long phrase
           "ا" * 60, "ا" * 100, "ع" * 499, "ا" * 61 + " ع" * 30,
           " OR ".join(f"{a}{b}*" for a in "اوم" for b in ARABIC_LETTERS)[:500],
           "op=or " + " ".join(f"ا{b}*" for b in ARABIC_LETTERS + ARABIC_LETTERS)[:490],
           "*?" * 125, "ا" + "*?" * 124,
           '"' + " ".join(["قال", "وزير", "الخارجية", "السعودي", "عادل", "الجبير", "إن", "المملكة"] * 12)[:497] + '"']


class Probe:
    """Asks /api/stats in a loop; `worst()` since the last `reset()` is the longest any
    answer took: how long a request running meanwhile held the other threads up."""

    def __init__(self, port: int):
        self.port, self.longest, self.running = port, 0.0, True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        while self.running:
            t0 = time.perf_counter()
            try:
                conn.request("GET", "/api/stats")
                conn.getresponse().read()
            except (OSError, http.client.HTTPException):     # the server stopped
                return
            self.longest = max(self.longest, time.perf_counter() - t0)

    def reset(self):
        self.longest = 0.0

    def worst(self) -> float:
        return self.longest

    def stop(self):
        self.running = False
        self.thread.join()


def timed(port: int, url: str, timeout: float):
    """(status, seconds, body); status 0 when no answer came within `timeout`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    t0 = time.perf_counter()
    try:
        conn.request("GET", url)
        resp = conn.getresponse()
        body = resp.read()
    except TimeoutError:
        return 0, time.perf_counter() - t0, b"no answer in time (server restarted)"
    finally:
        conn.close()
    return resp.status, time.perf_counter() - t0, body


def measure(index: Path, root: Path, timeout: float) -> list[tuple]:
    port, stop = start_server(index, 4, False, root)
    rows = []
    probe = Probe(port)
    try:
        for q in QUERIES:
            if q.startswith("page="):
                params = dict([q.split("=", 1)])
            elif q.startswith("op=or "):
                params = {"q": q[6:], "op": "or"}
            else:
                params = {"q": q}
            for extra in ({}, {"sort": "-date"}, {"format": "csv"}, {"format": "jsonl"}):
                url = "/api/search?" + urllib.parse.urlencode({**params, **extra})
                probe.reset()
                status, took, body = timed(port, url, timeout)
                stall = probe.worst()
                if status == 0:     # still busy with it: a fresh server for the next rows
                    stop()
                    probe.stop()
                    port, stop = start_server(index, 4, False, root)
                    probe = Probe(port)
                if status != 200:
                    info = body.decode("utf-8", "replace")[:200]
                elif extra.get("format"):
                    lines = body.count(b"\n") - (extra["format"] == "csv")    # CSV: a header
                    info = f"{lines:,} rows"
                else:
                    res = json.loads(body)
                    info = f"{res['total']:,} hits {'; '.join(res.get('notices', []))}"
                label = q if len(q) < 30 else q[:18] + f"... ({len(q)} ch)"
                rows.append((label, extra.get("format") or extra.get("sort", "relevance"), status,
                             took, stall, info))
    finally:
        stop()
        probe.stop()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    ap.add_argument("--root", type=Path, action="append",
                    help="checkout(s) to serve from, in turn (default: this one)")
    ap.add_argument("--timeout", type=float, default=60,
                    help="seconds to wait for one answer (then the server is restarted)")
    args = ap.parse_args()
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    for root in args.root or [ROOT]:
        rows = measure(args.index.absolute(), root.absolute(), args.timeout)
        print(f"\n{root}")
        print(f"{'query':<30} {'request':<9} {'status':>6} {'time s':>7} {'stall s':>7}  result")
        for label, kind, status, took, stall, info in rows:
            print(f"{label:<30} {kind:<9} {status:>6} {took:>7.2f} {stall:>7.2f}  {info[:100]}")
        print(f"slowest: {max(r[3] for r in rows):.2f} s; longest stall of another request: "
              f"{max(r[4] for r in rows):.2f} s")


if __name__ == "__main__":
    main()
