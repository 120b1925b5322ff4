"""What people, organisations and places mentioned cost: indexing time and result-page latency.

    python bench/entities_cost.py                                  # build both Whoosh indexes, measure
    python bench/entities_cost.py --opensearch-index h18-ent-31k   # also OpenSearch (built if missing)
    python bench/entities_cost.py --skip-build                     # reuse --work's indexes

Indexing: `corpus index --rebuild` of all 31,030 SaudiNewsNet articles into a fresh Whoosh
index, once with $CORPUS_MENTIONS=off (the facets person, org and mentioned_place empty:
before) and once as shipped (after), in this run: wall time and CPU seconds of the process
tree (the steadier figure on a shared machine). The target: after <= 1.2 x before.

Latency, on the Whoosh index built with mentions and on OpenSearch (--opensearch-index;
$CORPUS_OPENSEARCH_URL), 40 realistic queries (bench/api_latency.py QUERIES) after one
warm-up pass, --rounds passes, in this process: p50/p95 of the engine's search as the page
asks it (10 hits with snippets) with the 8 facets of before (lang, source, agency, year,
month, place, author, section) and with all 11 (person, org, mentioned_place added), and of
the whole result page GET /?q=... through the Flask app (all facets, HTML). The target:
p95 <= 50 ms with the three facets.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from api_latency import QUERIES  # noqa: E402
from index_speed import CORPUS, run_measured  # noqa: E402

OLD_FACETS = ("lang", "source", "agency", "year", "month", "place", "author", "section")


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def build(index: str, engine: str, mentions: bool, corpus: Path = CORPUS) -> tuple[float, float]:
    cmd = [sys.executable, "-m", "corpus.cli", "index", str(corpus), "--index", index,
           "--engine", engine, "--rebuild", "--no-research-store"]     # the index alone
    env = {"PYTHONPATH": str(ROOT), "CORPUS_MENTIONS": "on" if mentions else "off"}
    wall, cpu, _peak, _out = run_measured(cmd, env)
    return wall, cpu


def _p50_p95(run, rounds: int) -> tuple[float, float]:
    for q in QUERIES:       # warm-up
        run(q)
    times = []
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            run(q)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def latency(engine: str, index: str, rounds: int) -> dict[str, tuple[float, float]]:
    """p50/p95 of the engine's search as the page asks it (10 hits, snippets), with the
    facets of before and with all, and of the whole HTML page (all facets)."""
    from corpus.engines import open_searcher
    from corpus.fields import FACETS
    from search_web import create_app
    s = open_searcher(engine, index)
    out = {}
    for label, facets in (("search, 8 facets of before", OLD_FACETS), ("search, all 11 facets", FACETS)):
        out[label] = _p50_p95(lambda q: s.search(q, size=10, facets=facets), rounds)
    # a served page, not a server's start: the dictionaries warmed before the first request,
    # and no research store built in the background (the index is built without one), which
    # took a core from the pages it timed (p95 55 ms, where bench/search_latency.py says 21)
    client = create_app({"ENGINE": engine, "INDEX": index, "TESTING": True, "WARM_WAIT": True,
                         "WARM_RESEARCH": False}).test_client()

    def page(q):
        r = client.get("/?q=" + urllib.parse.quote(q))
        if r.status_code != 200:
            sys.exit(f"{engine} {q}: HTTP {r.status_code}")
    out["page GET /?q=, all facets"] = _p50_p95(page, rounds)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default="/tmp/entities-cost")
    ap.add_argument("--index", default="/tmp/idx31k-ent", help="the Whoosh index built with mentions")
    ap.add_argument("--opensearch-index", default="", help="an OpenSearch index (built with mentions if missing)")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--days", type=int, default=0, help="index only the first N daily zips (a sample), "
                    "into --work (not --index)")
    a = ap.parse_args()
    print(f"uptime before: {uptime()}")
    if not a.skip_build:
        corpus, what, index = CORPUS, "31,030 SaudiNewsNet articles", a.index
        if a.days:
            corpus = Path(a.work) / f"days{a.days}"
            corpus.mkdir(parents=True, exist_ok=True)
            for z in sorted(CORPUS.glob("*.zip"))[:a.days]:
                (corpus / z.name).write_bytes(z.read_bytes())
            what, index = f"the first {a.days} days of SaudiNewsNet (a sample)", str(Path(a.work) / "mentions")
        before = build(str(Path(a.work) / "no-mentions"), "whoosh", False, corpus)
        after = build(index, "whoosh", True, corpus)
        print(f"\nindexing {what} (Whoosh, --rebuild):")
        print(f"  without mentions: wall {before[0]:7.1f} s   CPU {before[1]:7.1f} s")
        print(f"  with mentions:    wall {after[0]:7.1f} s   CPU {after[1]:7.1f} s")
        print(f"  added: wall {after[0] / before[0] - 1:+.1%}, CPU {after[1] / before[1] - 1:+.1%} "
              f"(target <= +20%)   uptime: {uptime()}")
    if a.opensearch_index and os.environ.get("CORPUS_OPENSEARCH_URL"):
        from corpus.engines import open_searcher
        try:
            open_searcher("opensearch", a.opensearch_index).search("", size=1)
        except Exception:           # not there yet
            wall, cpu = build(a.opensearch_index, "opensearch", True)
            print(f"\nOpenSearch index {a.opensearch_index} built: wall {wall:.1f} s, CPU {cpu:.1f} s")
    print(f"\nlatency on the index built with mentions ({len(QUERIES)} queries x {a.rounds}, "
          f"after a warm-up pass), ms:")
    targets = [("whoosh", a.index)] + ([("opensearch", a.opensearch_index)] if a.opensearch_index else [])
    for engine, index in targets:
        for label, (p50, p95) in latency(engine, index, a.rounds).items():
            ok = "" if "before" in label else ("  meets target" if p95 <= 50 else "  ABOVE target")
            print(f"  {engine:10} {label:28}  p50 {p50:6.1f}   p95 {p95:6.1f}{ok}")
    print(f"uptime after: {uptime()}")


if __name__ == "__main__":
    main()
