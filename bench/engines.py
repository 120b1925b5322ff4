"""Whoosh and OpenSearch side by side: indexing and full-request latency at 31k and 124k documents.

    python bench/engines.py                                   # both engines, both sizes (~20 min)
    python bench/engines.py --opensearch-url http://127.0.0.1:39201,http://127.0.0.1:39202
    python bench/engines.py --engines opensearch --sizes 124k --requests 300

Corpora: "31k" is the 31,030 SaudiNewsNet articles (the zips as they are); "124k" is
SaudiNewsNet four times (bench/copies.py: new ids `<url>#copy<n>`, paragraphs shuffled per
copy with a fixed seed), written once as JSON Lines under --work (default
/tmp/corpus-bench) and reused.

OpenSearch: with --opensearch-url the cluster at that URL (comma-separated node URLs) is
used as it is; without it the script starts its own 3-node cluster with
scripts/opensearch.sh (state in $CORPUS_OPENSEARCH_HOME, default /tmp/os-bench; HTTP ports
from $CORPUS_OPENSEARCH_PORT, default 39201; heap $CORPUS_OPENSEARCH_HEAP, default 2g) and
stops it at the end (--keep-cluster leaves it running). Indexes are named bench-31k and
bench-124k (aliases; 3 shards, 1 replica added at commit, as `corpus index` does).

For every engine and size:
  - `corpus index DATA --engine E --index I --rebuild`: wall time, docs/s, peak RSS of the
    indexer's process tree (and, for OpenSearch, the peak RSS of the cluster's JVM, found
    as the process listening on the first node's port when it is on this machine);
  - index size: `corpus stats` (Whoosh: the directory's bytes; OpenSearch: primaries' store);
  - OpenSearch: wait for green and for the bulk load's background merges to end (queries
    measured meanwhile pay for the merges' CPU: p95 about twice as high on 2 cores);
  - `corpus serve --engine E --index I --threads 4` in a subprocess; warm-up (every query
    once: its p95 is the "first round" figure, a fresh server's), then --requests GET /api/search?q=... (all facets, 10 snippets) from 1 client and
    again from 4 clients over loopback: p50/p95/p99 and the server's peak RSS. The queries:
    a fixed seeded list of 1-3 consecutive content words of SaudiNewsNet titles.
Then how each figure grows from 31k to 124k. Results are kept in --work/results.json; cells
not measured in this run (--engines/--sizes) are shown from it, marked with their time.
Output also goes to bench/out/engines.txt. The machine is shared: `uptime` is printed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from api_latency import drive, free_port, serve_process, stop_process, wait_until_up  # noqa: E402
from copies import DATA, make_copies, records  # noqa: E402

SIZES = ("31k", "124k")
ENGINES = ("whoosh", "opensearch")
WORD = re.compile(r"[\u0621-\u064A]{3,}")
MAX_SERVER_RSS = 12e9           # a server above this is stopped (the machine is shared)


def queries(n: int, seed: int) -> list[str]:
    """n distinct 1-3-word queries: consecutive content words of seeded random titles."""
    from corpus.analysis.analyzer import analyze_word
    titles = [r.get("title") or "" for _, recs in records() for r in recs]
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        words = WORD.findall(rng.choice(titles))
        k = rng.choice((1, 1, 2, 2, 2, 3))
        if len(words) < k:
            continue
        i = rng.randrange(len(words) - k + 1)
        chosen = words[i:i + k]
        if any(analyze_word(w)[2] for w in chosen):       # no stopwords
            continue
        q = " ".join(chosen)
        if q not in out:
            out.append(q)
    return out


class Sampler:
    """Peak RSS of a process tree (and of extra processes), sampled every 100 ms."""

    def __init__(self, pid: int | None, extra: int | None = None):
        self.pid, self.extra = pid, extra
        self.peak = self.extra_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            if self.pid:
                try:
                    p = psutil.Process(self.pid)
                    tree = [p] + p.children(recursive=True)
                    self.peak = max(self.peak, sum(_rss(c) for c in tree))
                except psutil.Error:
                    pass
            if self.extra:
                self.extra_peak = max(self.extra_peak, _rss(self.extra))
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _rss(p) -> int:
    try:
        return (p if isinstance(p, psutil.Process) else psutil.Process(p)).memory_info().rss
    except psutil.Error:
        return 0


def listener_pid(url: str) -> int | None:
    """The local process listening on the first node's port (the cluster's JVM), if any."""
    parts = urllib.parse.urlsplit(url.split(",")[0].strip())
    if parts.hostname not in ("127.0.0.1", "localhost"):
        return None
    for c in psutil.net_connections(kind="tcp"):
        if c.status == psutil.CONN_LISTEN and c.laddr.port == parts.port and c.pid:
            return c.pid
    return None


def corpus_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "corpus", *args]


def cpu_s(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far; 0 when there is none."""
    try:
        t = psutil.Process(pid).cpu_times() if pid else None
    except psutil.Error:
        t = None
    return t.user + t.system if t else 0.0


def children_cpu_s() -> float:
    """CPU seconds of this process's finished children (and theirs, once waited for)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def stats(engine: str, name: str, env: dict) -> dict:
    return json.loads(subprocess.run(corpus_cmd("stats", "--engine", engine, "--index", name, "--json"),
                                     cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout)


def index(engine: str, data: Path, name: str, env: dict, jvm: int | None) -> dict:
    cmd = corpus_cmd("index", str(data), "--engine", engine, "--index", name, "--rebuild")
    cpu0, jvm0 = children_cpu_s(), cpu_s(jvm)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Sampler(proc.pid, jvm) as s:
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    st = stats(engine, name, env)
    return {"wall_s": wall, "docs": st["documents"], "docs_per_s": st["documents"] / wall,
            "index_bytes": st["index_bytes"], "indexer_rss": s.peak, "jvm_rss_index": s.extra_peak,
            "indexer_cpu_s": children_cpu_s() - cpu0, "jvm_cpu_s": cpu_s(jvm) - jvm0 if jvm else 0.0,
            "summary": out.strip().splitlines()[-1] if out.strip() else ""}


def serve_latency(engine: str, name: str, env: dict, urls: list[str], n: int, levels: list[int],
                  jvm: int | None) -> dict:
    port = free_port()
    proc = serve_process(port, ["--engine", engine, "--index", name, "--threads", "4"], ROOT, env,
                         stderr=subprocess.PIPE)
    out: dict = {}
    guard_stop = threading.Event()

    def guard():                    # a runaway server must not take the shared machine down
        while not guard_stop.wait(0.5):
            if _rss(proc.pid) > MAX_SERVER_RSS:
                proc.kill()
                out["killed"] = f"server RSS above {MAX_SERVER_RSS / 1e9:.0f} GB: stopped"
                return
    threading.Thread(target=guard, daemon=True).start()
    try:
        with Sampler(proc.pid, jvm) as s:
            wait_until_up(port, proc, deadline_s=600)
            t0 = time.perf_counter()
            warm_lat, warm_errors, _ = drive(port, urls, len(urls), 1)   # warm-up: every query once
            first = statistics.quantiles([x * 1000 for x in warm_lat], n=100, method="inclusive")
            out["warmup"] = {"first_ms": warm_lat[0] * 1000, "median_ms": statistics.median(warm_lat) * 1000,
                             "p95_ms": first[94], "errors": warm_errors, "seconds": time.perf_counter() - t0}
            for c in levels:
                cpu0 = cpu_s(proc.pid) + cpu_s(jvm)
                lat, errors, wall = drive(port, urls, n, c)
                ms = [x * 1000 for x in lat]
                q = statistics.quantiles(ms, n=100, method="inclusive")
                out[f"c{c}"] = {"requests": len(ms), "errors": errors, "p50": q[49], "p95": q[94],
                                "p99": q[98], "max": max(ms), "rps": len(ms) / wall,
                                "cpu_ms": (cpu_s(proc.pid) + cpu_s(jvm) - cpu0) * 1000 / len(ms)}
        out["server_rss"] = s.peak
        out["jvm_rss_serve"] = s.extra_peak
    finally:
        guard_stop.set()
        stop_process(proc, timeout=15)
    return out


def opensearch_cluster(args) -> tuple[str, callable]:
    if args.opensearch_url:
        return args.opensearch_url, lambda: None
    env = dict(os.environ)
    env.setdefault("CORPUS_OPENSEARCH_HOME", "/tmp/os-bench")
    env.setdefault("CORPUS_OPENSEARCH_PORT", "39201")
    env.setdefault("CORPUS_OPENSEARCH_HEAP", "2g")
    script = ["bash", str(ROOT / "scripts" / "opensearch.sh")]
    if subprocess.run(script + ["status"], env=env, capture_output=True).returncode != 0:
        subprocess.run(script + ["start"], env=env, check=True, stdout=subprocess.DEVNULL)
    urls = subprocess.run(script + ["urls"], env=env, check=True, capture_output=True, text=True).stdout.strip()
    if args.keep_cluster:
        return urls, lambda: None
    return urls, lambda: subprocess.run(script + ["stop"], env=env, stdout=subprocess.DEVNULL)


def wait_green(url: str, name: str) -> float:
    """Green, nothing relocating, and no merge running on `name` (the background merges after
    a bulk load cost the next minutes' queries CPU): the seconds that took."""
    from corpus.engines.opensearch.client import connect
    client, t0 = connect(url), time.perf_counter()
    client.cluster.health(wait_for_status="green", wait_for_no_relocating_shards=True,
                          params={"timeout": "300s"}, request_timeout=310)
    deadline = t0 + 600
    while time.perf_counter() < deadline:
        merges = client.indices.stats(index=name, metric="merge")["_all"]["total"]["merges"]
        if merges["current"] == 0:
            break
        time.sleep(1)
    return time.perf_counter() - t0


def fmt_row(cells, widths):
    return "  ".join(f"{c:>{w}}" for c, w in zip(cells, widths))


def _jvm_rss(r: dict) -> int:
    return max(r.get("jvm_rss_index", 0), r["serve"].get("jvm_rss_serve", 0))


def _lat(x: dict | None) -> str:
    return f"{x['p50']:.1f}/{x['p95']:.1f}/{x['p99']:.1f}  {x['cpu_ms']:.1f}" if x else "-"


def report(results: dict, measured: set, load: str, args) -> str:
    lines = [f"Whoosh vs OpenSearch; {os.cpu_count()} CPUs; {load}",
             f"queries: {args.queries} seeded 1-3-word title queries (seed {args.seed}), all facets + 10 "
             f"snippets; server: corpus serve --threads 4; {args.requests} requests per client count "
             f"after a warm-up (every query once); loopback. CPU = user+system seconds of the "
             f"indexer's process tree / the server, plus the cluster JVM's for OpenSearch "
             f"(less sensitive than wall time to other load on the machine)", ""]
    head = ("engine", "size", "docs", "index s", "docs/s", "CPU s", "index MB", "indexer RSS MB",
            "JVM RSS MB", "server RSS MB", "measured")
    widths = (10, 5, 8, 8, 7, 8, 9, 14, 10, 13, 16)
    rows = [(e, z, results[f"{e}-{z}"]) for e in ENGINES for z in SIZES if f"{e}-{z}" in results]
    lines.append(fmt_row(head, widths))
    for engine, size, r in rows:
        lines.append(fmt_row((
            engine, size, f"{r['docs']:,}", f"{r['wall_s']:.0f}", f"{r['docs_per_s']:.0f}",
            f"{r.get('indexer_cpu_s', 0) + r.get('jvm_cpu_s', 0):.0f}",
            f"{r['index_bytes'] / 1e6:.0f}", f"{r['indexer_rss'] / 1e6:.0f}",
            f"{_jvm_rss(r) / 1e6:.0f}" if _jvm_rss(r) else "-",
            f"{r['serve'].get('server_rss', 0) / 1e6:.0f}",
            "this run" if f"{engine}-{size}" in measured else r["when"]), widths))
    lines += ["", fmt_row(("engine", "size", "p50/p95/p99 ms, CPU ms/request: 1 client",
                           "4 clients", "req/s (4 clients)", "first round p95 ms"), (10, 5, 42, 30, 18, 18))]
    for engine, size, r in rows:
        c4, first = r["serve"].get("c4"), r["serve"].get("warmup", {}).get("p95_ms")
        lines.append(fmt_row((engine, size, _lat(r["serve"].get("c1")), _lat(c4),
                              f"{c4['rps']:.1f}" if c4 else "-", f"{first:.1f}" if first else "-"),
                             (10, 5, 42, 30, 18, 18)))
        if r["serve"].get("killed"):
            lines.append(f"    {r['serve']['killed']}")
    lines += ["", "growth 31k -> 124k (x = 124k figure / 31k figure)"]
    metrics = [("index wall time", lambda r: r["wall_s"]), ("docs/s", lambda r: r["docs_per_s"]),
               ("index CPU", lambda r: r["indexer_cpu_s"] + r["jvm_cpu_s"]),
               ("index size", lambda r: r["index_bytes"]), ("indexer peak RSS", lambda r: r["indexer_rss"]),
               ("cluster JVM RSS", _jvm_rss), ("server RSS", lambda r: r["serve"]["server_rss"]),
               ("p50, 1 client", lambda r: r["serve"]["c1"]["p50"]), ("p95, 1 client", lambda r: r["serve"]["c1"]["p95"]),
               ("p95, 4 clients", lambda r: r["serve"]["c4"]["p95"]),
               ("CPU ms/request", lambda r: r["serve"]["c1"]["cpu_ms"])]
    lines.append(fmt_row(("figure", *ENGINES), (18, 12, 12)))
    for label, get in metrics:
        cells = []
        for engine in ENGINES:
            a, b = results.get(f"{engine}-31k"), results.get(f"{engine}-124k")
            try:
                x, y = get(a), get(b)
                cells.append(f"x{y / x:.2f}" if x else "-")
            except (TypeError, KeyError, AttributeError):
                cells.append("-")
        lines.append(fmt_row((label, *cells), (18, 12, 12)))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--sizes", default=",".join(SIZES))
    ap.add_argument("--opensearch-url", default=None, help="use this cluster (else start one: see above)")
    ap.add_argument("--keep-cluster", action="store_true", help="leave the started cluster running")
    ap.add_argument("--work", type=Path, default=Path("/tmp/corpus-bench"))
    ap.add_argument("--requests", type=int, default=400, help="requests per client count (default 400)")
    ap.add_argument("--queries", type=int, default=100, help="distinct queries (default 100)")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--skip-index", action="store_true", help="latency only, on the indexes already built")
    args = ap.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    sizes = [s for s in args.sizes.split(",") if s]
    if set(engines) - set(ENGINES) or set(sizes) - set(SIZES):
        sys.exit(f"engines: {', '.join(ENGINES)}; sizes: {', '.join(SIZES)}")
    args.work.mkdir(parents=True, exist_ok=True)
    data = {"31k": DATA}
    if "124k" in sizes:
        print("generating / checking the 124k corpus ...", flush=True)
        make_copies(args.work / "saudi4x")
        data["124k"] = args.work / "saudi4x"
    qs = queries(args.queries, args.seed)
    urls = ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in qs]
    store = args.work / "results.json"
    results = json.loads(store.read_text()) if store.exists() else {}
    measured: set[str] = set()
    stop_cluster = lambda: None  # noqa: E731
    try:
        for engine in engines:
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            jvm = None
            if engine == "opensearch":
                url, stop_cluster = opensearch_cluster(args)
                env["CORPUS_OPENSEARCH_URL"] = url
                jvm = listener_pid(url)
            for size in sizes:
                name = f"bench-{size}" if engine == "opensearch" else str(args.work / f"whoosh-{size}")
                key = f"{engine}-{size}"
                print(f"{key}: indexing ...", flush=True)
                if args.skip_index:
                    st = stats(engine, name, env)
                    r = dict(results.get(key) or {"wall_s": 0, "docs_per_s": 0, "indexer_rss": 0},
                             docs=st["documents"], index_bytes=st["index_bytes"])
                else:
                    if engine == "whoosh":
                        shutil.rmtree(name, ignore_errors=True)
                    r = index(engine, data[size], name, env, jvm)
                    print(f"  {r['summary']}; {r['wall_s']:.0f} s", flush=True)
                if engine == "opensearch":
                    r["settle_s"] = wait_green(env["CORPUS_OPENSEARCH_URL"], name)
                    print(f"  green, merges done after {r['settle_s']:.0f} s", flush=True)
                print(f"{key}: serving ...", flush=True)
                r["serve"] = serve_latency(engine, name, env, urls, args.requests, [1, 4], jvm)
                r["when"] = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
                results[key] = r
                measured.add(key)
                store.write_text(json.dumps(results, indent=1))
                print(f"  first round (fresh server, each query once): p95 {r['serve']['warmup']['p95_ms']:.1f} ms; "
                      f"1 client: p95 {r['serve']['c1']['p95']:.1f} ms; 4 clients: p95 "
                      f"{r['serve']['c4']['p95']:.1f} ms", flush=True)
            if engine == "opensearch":
                stop_cluster()
                stop_cluster = lambda: None  # noqa: E731
    finally:
        stop_cluster()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    text = report(results, measured, load, args)
    print("\n" + text)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "engines.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
