"""Costs of the research views on a real index: full requests through the Flask app.

* the search page and /api/search with story grouping on (group=story), and without;
* a concordance page of 100 lines (/concordance, /api/concordance), in document order and
  sorted by the word after the keyword; collocations (/api/collocations, 500 documents).

Each URL is requested once to warm up, then `--runs` times per query; p50/p95 over all.

    python bench/research_speed.py --index /tmp/idx31k [--engine opensearch] [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search_web import create_app  # noqa: E402

QUERIES = ["وزير الصحة", "الأمطار", "مجلس الوزراء", "النفط", "الهلال", "داعش", "التعليم",
           "أمير منطقة", "السعودية", "اليمن", "كورونا", "جدة", "الرياض", "المرور", "الشرطة",
           "الاتحاد", "الطلاب", "المستشفى", "الحوثي", "إيران"]
CASES = {
    "page group=story": "/?q={q}",
    "page group=none": "/?q={q}&group=none",
    "api group=story": "/api/search?q={q}&group=story",
    "api group=none": "/api/search?q={q}",
    "concordance page 100": "/concordance?q={q}",
    "concordance api 100": "/api/concordance?q={q}&size=100",
    "concordance sort=right": "/api/concordance?q={q}&size=100&sort=right",
    "collocations 500 docs": "/api/collocations?q={q}",
}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default=None)
    ap.add_argument("--index", default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    args = ap.parse_args()
    client = create_app({"ENGINE": args.engine, "INDEX": args.index}).test_client()
    print(f"{'case':<24} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name in args.cases.split(","):
        url = CASES[name]
        times = []
        for q in QUERIES:
            target = url.format(q=quote(q))
            r = client.get(target)          # warm-up (and a check)
            if r.status_code != 200:
                sys.exit(f"{target}: HTTP {r.status_code}: {r.get_data(as_text=True)[:300]}")
            for _ in range(args.runs):
                t = time.perf_counter()
                client.get(target).get_data()
                times.append((time.perf_counter() - t) * 1000)
        print(f"{name:<24} {len(times):>4} {statistics.median(times):>8.1f} "
              f"{percentile(times, 95):>8.1f} {max(times):>8.1f}")


if __name__ == "__main__":
    main()
