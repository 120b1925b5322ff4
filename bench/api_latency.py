"""Latency and throughput of GET /api/search over loopback, on the SaudiNewsNet corpus.

    python bench/api_latency.py                      # cold pass, then 400 requests with 1, then 4 clients
    python bench/api_latency.py --requests 1000 --clients 1,2,4,8 --in-process
    python bench/api_latency.py --cache 0            # posting cache off: every request reads postings
    python bench/api_latency.py --root /tmp/old --root .   # two checkouts, side by side

The index is built once (about a minute) into --index and reused by later runs. The server
is `corpus serve --threads 4` in a subprocess (default) or waitress in this process
(--in-process; client and server threads then share one GIL). Each request is a realistic
1-4 word Arabic query with facets and 10 highlighted snippets, as the search page asks.

"cold" is the first request of each query on a freshly started server (nothing of the
query's terms cached yet; it also sets the server up: field-length norms, live docs). The
client-count rows then repeat the same queries, so the server's posting cache (an LRU of
per-term posting arrays per index version, $CORPUS_POSTINGS_CACHE postings; --cache sets
it, 0 = off) is warm for them. With several --root, the servers run one at a time, in turn
for each measurement, so that machine noise hits them alike.
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"
DEFAULT_INDEX = ROOT / "bench" / "out" / "saudinewsnet-index"

# News topics of July-August 2015 (the corpus period), 1-4 words.
QUERIES = [
    "داعش", "اليمن", "عاصفة الحزم", "الاتفاق النووي", "سوق الأسهم", "الهلال والنصر", "التعليم",
    "رمضان", "الإرهاب", "المرور", "الحوثيين", "وزارة الصحة", "أسعار النفط", "الملك سلمان",
    "إيران", "الحج", "عيد الفطر", "كورونا ميرس", "الدوري السعودي", "وزارة العمل", "البطالة",
    "الإسكان", "الأمطار والسيول", "هيئة الأمر بالمعروف", "تفجير مسجد", "القطيف", "الطائف",
    "جامعة الملك سعود", "الخطوط السعودية", "الاستثمار الأجنبي", "أرامكو", "سوريا بشار الأسد",
    "مجلس الشورى", "المنتخب السعودي", "ولي العهد", "التحالف العربي في اليمن", "الدفاع المدني",
    "حقوق الإنسان", "السياحة", "الاتحاد الأوروبي",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_index(index: Path, data: Path) -> None:
    from corpus.engines.whoosh import store
    from corpus.indexer import index_paths
    if store.exists(index):
        return
    if not data.exists():
        sys.exit(f"no data at {data}; pass --data")
    print(f"building the index of {data} into {index} (once) ...", flush=True)
    report = index_paths(index, [str(data)])
    print(report.summary(), flush=True)


def wait_until_up(port: int, proc: subprocess.Popen | None, deadline_s: float = 120) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/stats")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("the server did not answer")


def start_server(index: Path, threads: int, in_process: bool, root: Path = ROOT,
                 cache: int | None = None):
    """(port, stop function)."""
    port = free_port()
    env = dict(os.environ)
    if cache is not None:
        env["CORPUS_POSTINGS_CACHE"] = str(cache)
    if in_process:
        import waitress
        from search_web import create_app
        if cache is not None:
            os.environ["CORPUS_POSTINGS_CACHE"] = str(cache)
        server = waitress.create_server(create_app({"INDEX": str(index)}), host="127.0.0.1",
                                        port=port, threads=threads, ident="bench")
        t = threading.Thread(target=server.run, daemon=True)
        t.start()
        wait_until_up(port, None)
        return port, server.close
    proc = serve_process(port, ["--index", str(index), "--threads", str(threads)], root, env)
    wait_until_up(port, proc)
    return port, lambda: stop_process(proc)


def serve_process(port: int, args: list[str], root: Path = ROOT, env: dict | None = None,
                  stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """`corpus serve ARGS` on 127.0.0.1:port from the checkout at `root`, in a subprocess
    (not waited for: wait_until_up)."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join([str(root)] + [p for p in [env.get("PYTHONPATH")] if p])
    return subprocess.Popen([sys.executable, "-m", "corpus", "serve", *args, "--host", "127.0.0.1",
                             "--port", str(port)], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=stderr)


def stop_process(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a server and wait for it; killed if it does not exit in `timeout` s."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def paths(size: int) -> list[str]:
    return [f"/api/search?{urllib.parse.urlencode({'q': q, 'size': size})}" for q in QUERIES]


def drive(port: int, urls: list[str], n_requests: int, clients: int):
    """Send n_requests (round-robin over urls) from `clients` threads; latencies (s), errors, wall (s)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(n_requests))
    start = threading.Barrier(clients + 1)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        start.wait()
        for i in counter:       # next() on a shared range iterator is atomic under the GIL
            url = urls[i % len(urls)]
            t0 = time.perf_counter()
            try:
                conn.request("GET", url)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - t0)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, errors[0], time.perf_counter() - t0


def get_json(port: int, url: str):
    import json
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        t0 = time.perf_counter()
        conn.request("GET", url)
        body = conn.getresponse().read()
        return json.loads(body), time.perf_counter() - t0
    finally:
        conn.close()


def row(label, clients, lat, errors, wall):
    ms = [x * 1000 for x in lat]
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return (label, clients, len(lat), errors, q[49], q[94], q[98], max(ms), len(lat) / wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=DEFAULT_INDEX, help=f"index folder (default {DEFAULT_INDEX})")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SaudiNewsNet folder (for the first build)")
    ap.add_argument("--requests", type=int, default=400, help="requests per client count (default 400)")
    ap.add_argument("--clients", default="1,4", help="comma-separated concurrent clients (default 1,4)")
    ap.add_argument("--threads", type=int, default=4, help="waitress threads (default 4)")
    ap.add_argument("--size", type=int, default=10, help="results per request (default 10)")
    ap.add_argument("--in-process", action="store_true", help="run waitress in this process")
    ap.add_argument("--cache", type=int, default=None,
                    help="server posting cache, in postings (0 = off; default: the library's)")
    ap.add_argument("--repeat", type=int, default=1, help="measure every client count this many times")
    ap.add_argument("--root", type=Path, action="append", default=None,
                    help=f"project checkout the server runs from (default {ROOT}); repeat to compare")
    args = ap.parse_args()

    index = args.index.absolute()
    ensure_index(index, args.data)
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    roots = [r.absolute() for r in (args.root or [ROOT])]
    if args.in_process and len(roots) > 1:
        sys.exit("--in-process runs this checkout only")
    names = [r.name if sum(x.name == r.name for x in roots) == 1 else str(r) for r in roots]
    urls = paths(args.size)
    rows, totals, docs = [], [], 0
    for name, root in zip(names, roots):
        # a fresh server: the first request of each query is cold (the warm-up of the rest)
        port, stop = start_server(index, args.threads, args.in_process, root, args.cache)
        try:
            docs = get_json(port, "/api/stats")[0]["documents"]
            lat, totals = [], []
            t0 = time.perf_counter()
            for url in urls:
                res, took = get_json(port, url)
                totals.append(res["total"])
                lat.append(took)
            rows.append(row(name, "cold", lat, 0, time.perf_counter() - t0))
        finally:
            stop()
    servers = [start_server(index, args.threads, args.in_process, r, args.cache) for r in roots]
    try:
        for port, _ in servers:         # warm: every query once (columns, caches)
            for url in urls:
                get_json(port, url)
        for _ in range(args.repeat):
            for clients in levels:
                for name, (port, _) in zip(names, servers):
                    lat, errors, wall = drive(port, urls, args.requests, clients)
                    rows.append(row(name, clients, lat, errors, wall))
    finally:
        for _, stop in servers:
            stop()

    if args.cache is not None:
        cache = "off" if args.cache == 0 else f"{args.cache:,} postings"
    else:
        try:
            from corpus.search import POSTINGS_CACHE
            cache = f"default, {POSTINGS_CACHE:,} postings"
        except ImportError:
            cache = "none"
    print(f"{docs:,} documents; {len(QUERIES)} Arabic queries (median {statistics.median(totals):,.0f} "
          f"hits, facets + {args.size} snippets each); server: waitress, {args.threads} threads, "
          f"{'in-process' if args.in_process else 'corpus serve subprocess'}; {os.cpu_count()} CPUs; "
          f"loopback\nposting cache (per index version, LRU of posting arrays and decoded values): "
          f"{cache}; 'cold' = first request of each query on a fresh server, the client rows "
          f"repeat the queries (warm)\n")
    head = ("server", "clients", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s")
    width = max(8, *(len(n) for n in names))
    print(f"{head[0]:>{width}}  " + "  ".join(f"{h:>8}" for h in head[1:]))
    for r in rows:
        print(f"{r[0]:>{width}}  {r[1]:>8}  {r[2]:>8}  {r[3]:>8}  {r[4]:>8.1f}  {r[5]:>8.1f}  {r[6]:>8.1f}  "
              f"{r[7]:>8.1f}  {r[8]:>8.1f}")


if __name__ == "__main__":
    main()
