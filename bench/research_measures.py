"""Latency of the whole-result-set research views (issue 21), through the Flask app in this
process, on a real index:

* concordance: the first page of a query (its lines found in all matching documents and
  sorted over all of them), then a page of 100 lines sorted by the word before / after, a
  later page, one line per story: the operations over all lines (target 200 ms a page);
* collocations over all matching documents (words, pairs and triples);
* /api/stats with the coverage per day per source; the search histogram split by source
  and normalised by volume (/api/search?size=0&split=source&normalize=volume).

The views count from the token store (corpus/research/tokens.py), on disk per index version;
it is built first if missing (its build time and size are printed). --fresh N: the first N
queries' first concordance page (100 lines, sorted by the word before) timed as the first
request of a fresh process right after a server's start (create_app as `corpus serve` makes
it), the old way (CORPUS_RESEARCH_STORE=off: the texts read through the seam) and from the
store, with the JSON of both compared and the process's memory (the store's mapped pages
apart). --compare then times every first call and collocation list the old way in this
process, checks both ways give the same JSON (but took_ms), then times them from the store:
before/after in one run. Several --target ENGINE:INDEX are measured in turn.

    python bench/research_measures.py --target whoosh:/tmp/h24/w31k-emb --target opensearch:os31k-h24 --compare --fresh 3
    python bench/research_measures.py --index /tmp/idx31k-ent --compare

`uptime` is printed before and after: on a shared machine the load moves every figure; the
CPU time of this process (cpu) is printed beside each wall time (OpenSearch's own work is
not in it).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.research import concordance, tokens  # noqa: E402
from search_web import create_app  # noqa: E402

QUERIES = ["الحوثي", "السعودية", '"وزير الصحة"', "النفط", "الهلال", "داعش", "Saudi"]
PAGE_TARGET_MS = 200


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def resident() -> int:
    """This process's resident memory in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def memory(mapped: str = "") -> dict:
    """This process's memory in MiB (Linux smaps): resident, anonymous (its own heap: what
    no other process can share), and the resident pages of the files under `mapped` (the
    token store: clean file pages of the page cache, shared by every process mapping them)."""
    out = {"rss": 0, "anon": 0, "store": 0}
    inside = False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if head and not head[0].endswith(":"):      # a mapping: address range, perms, ..., path
            inside = bool(mapped) and len(head) >= 6 and head[5].startswith(mapped)
            continue
        if len(head) < 2 or not head[1].isdigit():
            continue
        if head[0] == "Rss:":
            out["rss"] += int(head[1])
            out["store"] += int(head[1]) if inside else 0
        elif head[0] == "Anonymous:":
            out["anon"] += int(head[1])
    return {k: round(v / 1024) for k, v in out.items()}


def child(engine: str, index: str, urls: list[str]) -> None:
    """A fresh server process: create_app as `corpus serve` makes it, then each URL once;
    prints the timings, the JSON and the memory as one JSON line."""
    started = time.perf_counter()
    app = create_app({"ENGINE": engine, "INDEX": index, "WARM_WAIT": True})
    out: dict = {"start_s": round(time.perf_counter() - started, 1), "runs": []}
    client = app.test_client()
    for url in urls:
        t, cpu = time.perf_counter(), time.process_time()
        r = client.get(url)
        out["runs"].append({"url": url, "status": r.status_code, "wall": (time.perf_counter() - t) * 1000,
                            "cpu": (time.process_time() - cpu) * 1000, "body": r.get_json()})
    held = tokens.built()
    out["memory"] = memory(str(held[0].where) if held and held[0].where else "")
    print(json.dumps(out, ensure_ascii=False))


def fresh(engine: str, index: str, url: str, store: bool) -> dict:
    """child() in a new process, the old way (store=False) or from the store."""
    env = {**os.environ, tokens.SWITCH: "" if store else "off"}
    done = subprocess.run([sys.executable, __file__, "--child", "--engine", engine, "--index", index, url],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"fresh process failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def same(a: dict, b: dict) -> bool:
    return {k: v for k, v in a.items() if k != "took_ms"} == {k: v for k, v in b.items() if k != "took_ms"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default=None)
    ap.add_argument("--index", default=None)
    ap.add_argument("--target", action="append", default=[], help="ENGINE:INDEX (repeatable)")
    ap.add_argument("--queries", default=",".join(QUERIES))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--compare", action="store_true", help="time the old way (texts through the seam) first")
    ap.add_argument("--fresh", type=int, default=0, help="first pages timed in fresh processes (queries)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("urls", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.engine, args.index, args.urls)
    targets = [t.split(":", 1) for t in args.target] or [(args.engine, args.index)]
    for engine, index in targets:
        measure(engine, index, args)


def measure(engine: str | None, index: str | None, args) -> None:
    # no store opened or built at its start: the old way is timed first
    client = create_app({"ENGINE": engine, "INDEX": index, "WARM_RESEARCH": False}).test_client()
    searcher = client.application.extensions["corpus"]
    print(f"== {searcher.engine} {index}: {uptime()}")

    def get(url: str) -> tuple[float, float, dict]:
        """(wall ms, this process's CPU ms, the JSON) of one request."""
        started, cpu = time.perf_counter(), time.process_time()
        r = client.get(url)
        took, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        if r.status_code != 200:
            sys.exit(f"{url}: HTTP {r.status_code}: {r.get_data(as_text=True)[:300]}")
        return took, cpu, (r.get_json() if r.mimetype == "application/json" else {})

    def ms(wall: float, cpu: float) -> str:
        return f"{wall:.0f} ms (cpu {cpu:.0f})"

    get("/api/search?q=x&size=0")       # opens the index
    queries = args.queries.split(",")
    firsts = [f"/api/concordance?q={quote(q)}&size=100&sort=left" for q in queries]
    colls = [f"/api/collocations?q={quote(q)}" for q in queries]
    old: dict[str, tuple[float, float, dict]] = {}
    if args.compare:
        os.environ[tokens.SWITCH] = "off"
        for url in firsts + colls:
            concordance.forget()
            old[url] = get(url)
        print(uptime())
    os.environ[tokens.SWITCH] = "wait"
    started, rss = time.perf_counter(), resident()
    store, built = tokens.ensure(searcher)
    print(f"token store {'built' if built else 'opened'} in {time.perf_counter() - started:.1f} s: "
          f"{len(store.ids):,} documents, {len(store.codes):,} pieces, {len(store.forms):,} written forms, "
          f"{store.nbytes() / 2**20:.0f} MiB on disk ({store.where}); resident memory of this process "
          f"+{(resident() - rss) / 2**20:.0f} MiB")
    print(uptime())
    del store
    for q in queries[:args.fresh]:
        url = f"/api/concordance?q={quote(q)}&size=100&sort=left"
        before, after = fresh(searcher.engine, index, url, False), fresh(searcher.engine, index, url, True)
        (b,), (a,) = before["runs"], after["runs"]
        mem_b, mem_a = before["memory"], after["memory"]
        print(f"{q}: first page sort=left, the first request after a server start ({after['start_s']} s): "
              f"before {ms(b['wall'], b['cpu'])}, from the store {ms(a['wall'], a['cpu'])}, "
              f"same JSON: {same(b['body'], a['body'])}; process memory (MiB) the old way: rss {mem_b['rss']}, "
              f"anonymous {mem_b['anon']}; from the store: rss {mem_a['rss']}, anonymous {mem_a['anon']}, "
              f"the store's mapped file pages resident {mem_a['store']} (shared)")
    if args.fresh:
        print(uptime())
    warm: dict[str, list[tuple[float, float]]] = {}
    for q, url, coll in zip(queries, firsts, colls):
        base = f"/api/concordance?q={quote(q)}&size=100"
        concordance.forget()
        wall, cpu, body = get(url)
        was = f"; before {ms(*old[url][:2])}, same JSON: {same(old[url][2], body)}" if url in old else ""
        print(f"{q}: {body['documents']:,} documents, {body['occurrences']:,} lines, "
              f"{body['per_million']} per million words; first page sort=left {ms(wall, cpu)}{was}")
        for _ in range(args.rounds):
            for name, tail in (("page 1 sort=left", "&sort=left"), ("page 1 sort=right", "&sort=right"),
                               ("page 5 sort=left", "&sort=left&page=5"), ("per_story sort=right", "&per_story=1&sort=right"),
                               ("api page 1 position", "")):
                warm.setdefault(name, []).append(get(base + tail)[:2])
            warm.setdefault("html page sort=left", []).append(get(f"/concordance?q={quote(q)}&sort=left")[:2])
        wall, cpu, body = get(coll)
        was = f"; before {ms(*old[coll][:2])}, same JSON: {same(old[coll][2], body)}" if coll in old else ""
        print(f"   collocations over {body['read_documents']:,} of {body['documents']:,} documents "
              f"({body['tokens']:,} words): {ms(wall, cpu)}{was}")
    print(f"concordance pages of 100 lines over all lines (after the first call; target {PAGE_TARGET_MS} ms):")
    for name, times in warm.items():
        walls, cpus = zip(*times)
        print(f"  {name:<22} n={len(times)} p50={ms(statistics.median(walls), statistics.median(cpus))} "
              f"max={max(walls):.0f} ms")
    for name, url in (("/api/stats (with coverage)", "/api/stats"),
                      ("split=source normalize=volume", f"/api/search?q={quote(QUERIES[0])}&size=0&split=source&normalize=volume"),
                      ("normalize=volume interval=day", f"/api/search?q={quote(QUERIES[0])}&size=0&normalize=volume&interval=day")):
        walls, cpus, _ = zip(*(get(url) for _ in range(args.rounds)))
        print(f"{name:<32} p50={ms(statistics.median(walls), statistics.median(cpus))} max={max(walls):.0f} ms")
    print(uptime())


if __name__ == "__main__":
    main()
