"""Latency of the whole-result-set research views (issue 21), through the Flask app in this
process, on a real index:

* concordance: the first page of a query (its lines found in all matching documents and
  sorted over all of them), then a page of 100 lines sorted by the word before / after, a
  later page, one line per story: the operations over all lines (target 200 ms a page);
* collocations over all matching documents (words, pairs and triples);
* /api/stats with the coverage per day per source; the search histogram split by source
  and normalised by volume (/api/search?size=0&split=source&normalize=volume).

The views count from the token store (corpus/research/tokens.py) once it is built; its
build time and size are printed. --compare first times every first call and collocation
list the old way (CORPUS_RESEARCH_STORE=off: the texts read through the seam), checks both
ways give the same JSON (but took_ms), then times them from the store: before/after in one run.

    python bench/research_measures.py --index /tmp/idx31k-ent --compare
    python bench/research_measures.py --engine opensearch --index h19xl-31k --compare

`uptime` is printed before and after: on a shared machine the load moves every figure; the
CPU time of this process (cpu) is printed beside each wall time (OpenSearch's own work is
not in it).
"""
from __future__ import annotations

import argparse
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


def same(a: dict, b: dict) -> bool:
    return {k: v for k, v in a.items() if k != "took_ms"} == {k: v for k, v in b.items() if k != "took_ms"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default=None)
    ap.add_argument("--index", default=None)
    ap.add_argument("--queries", default=",".join(QUERIES))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--compare", action="store_true", help="time the old way (texts through the seam) first")
    args = ap.parse_args()
    client = create_app({"ENGINE": args.engine, "INDEX": args.index}).test_client()
    print(uptime())

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
    get("/api/concordance?q=x&size=1")      # builds the token store
    store = tokens.built()[-1]
    print(f"token store built in {time.perf_counter() - started:.1f} s: {len(store.ids):,} documents, "
          f"{len(store.codes):,} pieces, {len(store.forms):,} written forms, "
          f"{store.nbytes() / 2**20:.0f} MiB held (resident memory +{(resident() - rss) / 2**20:.0f} MiB)")
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
