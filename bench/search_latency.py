"""Search latency of one index served by one or more checkouts, side by side: the title
queries of bench/engines.py, English names and terms that translate to Arabic phrases, and
the full result page with every facet (people, organisations, places mentioned included).

    python bench/search_latency.py --index /tmp/corpus-bench/whoosh-31k
    python bench/search_latency.py --index /tmp/corpus-bench/whoosh-31k --root /tmp/old --root .
    python bench/search_latency.py --engine opensearch --index h18-ent-31k --lists translation,page

For each list and each checkout (--root, default this one), in turn: a fresh `corpus serve
--threads 4` of that checkout (its start to the first answer is timed: a server warms the
facet columns and norms before it answers), every query once from one client (the "first
round": a fresh server's; on OpenSearch the index's request cache is emptied first), then
--rounds more passes (warm). p50/p95/max in ms, per list and checkout, and the server
process's CPU ms per query of each (from /proc: steadier than latency under load). The
answers (total, facets, hit ids and scores) of the checkouts are compared: a change that
should not change results shows "same answers".

Lists:
  titles       GET /api/search?q=Q for bench/engines.py's seeded 1-3-word title queries
               (--titles of them, seed --seed), all facets and 10 snippets, translate=auto;
  translation  GET /api/search?q=EN for the 48 English names and multiword terms of
               bench/translation_counts.py (translated to Arabic phrases);
  page         GET /?q=Q (the HTML result page, all 11 facets, 10 snippets) for the 40
               queries of bench/api_latency.py, then the same with a person filter, the
               answers compared as /api/search JSON.
The machine is shared: `uptime` is printed before and after.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from api_latency import QUERIES, free_port, serve_process, stop_process, wait_until_up  # noqa: E402
from translation_counts import PAIRS  # noqa: E402

LISTS = ("titles", "translation", "page")


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def urls(name: str, args) -> list[tuple[str, str]]:
    """(URL timed, URL of the JSON answer compared) per query of a list."""
    def api(q, **kw):
        return "/api/search?" + urllib.parse.urlencode({"q": q, **kw})
    if name == "titles":
        from engines import queries
        return [(api(q), api(q)) for q in queries(args.titles, args.seed)]
    if name == "translation":
        return [(api(en), api(en)) for en, _ in PAIRS]
    out = [("/?" + urllib.parse.urlencode({"q": q}), api(q)) for q in QUERIES]
    people = ["محمد بن نايف", "سلمان بن عبدالعزيز", "عادل الجبير", "منصور التركي"]
    out += [("/?" + urllib.parse.urlencode({"q": q, "person": p}), api(q, person=p))
            for q, p in zip(QUERIES, people * len(QUERIES))][:10]
    return out


def get(conn, url: str) -> tuple[float, int, bytes]:
    t = time.perf_counter()
    conn.request("GET", url)
    resp = conn.getresponse()
    body = resp.read()
    return (time.perf_counter() - t) * 1000, resp.status, body


def answer(body: bytes) -> dict:
    """What must not change: total, facets, hits (ids, scores), translations."""
    j = json.loads(body)
    return {"total": j.get("total"), "facets": j.get("facets"),
            "hits": [(h.get("id"), h.get("score")) for h in j.get("results", [])],
            "translations": j.get("translations")}


def clear_request_cache(index: str) -> None:
    """OpenSearch: empty the shards' request cache of the index, so that a checkout's first
    round is not answered from what the one before it cached."""
    from corpus.engines.opensearch.client import connect
    connect().indices.clear_cache(index=index, request=True)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc; None elsewhere): the
    server's CPU per query, steadier than latency on a loaded machine."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def measure(root: Path, args, pairs: list[tuple[str, str]]) -> dict:
    if args.engine == "opensearch":
        clear_request_cache(args.index)
    port = free_port()
    started = time.perf_counter()
    proc = serve_process(port, ["--engine", args.engine, "--index", args.index, "--threads", "4"], root=root)
    try:
        wait_until_up(port, proc, deadline_s=600)
        up_s = time.perf_counter() - started
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        first, warm, errors, answers = [], [], 0, []
        cpu = [cpu_seconds(proc.pid)]
        for timed, _ in pairs:
            ms, status, _ = get(conn, timed)
            first.append(ms)
            errors += status != 200
        cpu.append(cpu_seconds(proc.pid))
        for _ in range(args.rounds):
            for timed, _ in pairs:
                ms, status, _ = get(conn, timed)
                warm.append(ms)
                errors += status != 200
        cpu.append(cpu_seconds(proc.pid))
        for _, compared in pairs:
            _, status, body = get(conn, compared)
            answers.append(answer(body) if status == 200 else status)
        conn.close()
    finally:
        stop_process(proc)
    per_query = [None if None in (a, b) else (b - a) * 1000 / n
                 for a, b, n in ((cpu[0], cpu[1], len(pairs)), (cpu[1], cpu[2], len(pairs) * args.rounds))]
    return {"up_s": up_s, "first": first, "warm": warm, "errors": errors, "answers": answers,
            "cpu_ms": per_query}


def cpu_text(ms: float | None) -> str:
    return "  cpu -" if ms is None else f"  cpu {ms:5.1f} ms/q"


def summary(ms: list[float]) -> str:
    if len(ms) < 2:
        return "-"
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[18]
    return f"p50 {statistics.median(ms):6.1f}  p95 {p95:6.1f}  max {max(ms):7.1f}"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True, help="Whoosh directory or OpenSearch alias")
    ap.add_argument("--engine", default="whoosh", choices=("whoosh", "opensearch"))
    ap.add_argument("--root", action="append", type=Path,
                    help="a checkout to serve from (repeatable; default this one)")
    ap.add_argument("--lists", default=",".join(LISTS))
    ap.add_argument("--rounds", type=int, default=3, help="warm passes after the first (default 3)")
    ap.add_argument("--titles", type=int, default=100, help="title queries (default 100)")
    ap.add_argument("--seed", type=int, default=8, help="bench/engines.py's seed (default 8)")
    args = ap.parse_args(argv)
    roots = [r.resolve() for r in (args.root or [ROOT])]
    lists = [x for x in args.lists.split(",") if x]
    if set(lists) - set(LISTS):
        sys.exit(f"lists: {', '.join(LISTS)}")
    print("uptime:", uptime(), flush=True)
    print(f"engine {args.engine}, index {args.index}; checkouts: {', '.join(map(str, roots))}")
    for name in lists:
        pairs = urls(name, args)
        results = {}
        for root in roots:
            results[root] = r = measure(root, args, pairs)
            print(f"{name:12} {str(root)[-28:]:>28}  up {r['up_s']:5.1f} s  first round {summary(r['first'])}"
                  f"{cpu_text(r['cpu_ms'][0])}  |  warm x{args.rounds} {summary(r['warm'])}"
                  f"{cpu_text(r['cpu_ms'][1])}  errors {r['errors']}", flush=True)
        if len(roots) > 1:
            base = results[roots[0]]["answers"]
            for root in roots[1:]:
                other = results[root]["answers"]
                differ = [i for i, (a, b) in enumerate(zip(base, other)) if a != b]
                print(f"{'':12} {str(root)[-28:]:>28}  " + (
                    "same answers as the first checkout" if not differ else
                    f"answers differ for {len(differ)} of {len(base)}: first {pairs[differ[0]][1]}"))
    print("uptime:", uptime())


if __name__ == "__main__":
    if "CORPUS_OPENSEARCH_URL" not in os.environ:
        os.environ.setdefault("CORPUS_OPENSEARCH_URL", "http://127.0.0.1:9201")
    main()
