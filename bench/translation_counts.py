"""Counts a researcher can trust (issue 19, item 6): English names and multiword terms of 2015
Saudi news against the Arabic phrases they mean, on the 31,030-article SaudiNewsNet index.

    python bench/translation_counts.py --engine whoosh --index /tmp/idx31k
    python bench/translation_counts.py --engine opensearch --index h19xl-31k   # same corpus, loaded
                                        # with `corpus index DATA --engine opensearch --index NAME`

Per pair: the English query's total (translate=auto, as the pages search), the Arabic
phrase's total (quoted, translate=off; a term Arabic writes two ways, أبوظبي and أبو ظبي,
counts both spellings), their ratio, and how many of the English query's
top 10 hold the Arabic phrase. Targets: ratio within 0.67-1.5 for >= 90% of the pairs, no
English total of 0 where the Arabic phrase finds articles, >= 8 of each top 10.

Latency: the same English queries searched as a page asks (facets, 10 snippets, spelling
variants and did-you-mean, translation) in this process (no HTTP), after one warm pass;
p50/p95/max of three passes. The pairs were chosen before measuring (people, ministries,
councils, places); the hard ones stay in (Hadi's full name, Erdogan's, Khalid al-Faisal).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.engines import open_searcher  # noqa: E402

PAIRS = [
    # people
    ("King Salman", "الملك سلمان"),
    ("Mohammed bin Nayef", "محمد بن نايف"),
    ("Mohammed bin Salman", "محمد بن سلمان"),
    ("Adel al-Jubeir", "عادل الجبير"),
    ("Abdul Malik al-Houthi", "عبدالملك الحوثي"),
    ("Ali Abdullah Saleh", "علي عبدالله صالح"),
    ("Abd Rabbuh Mansour Hadi", "عبدربه منصور هادي"),
    ("Bashar al-Assad", "بشار الأسد"),
    ("Hassan Rouhani", "حسن روحاني"),
    ("John Kerry", "جون كيري"),
    ("Barack Obama", "باراك أوباما"),
    ("Ban Ki-moon", "بان كي مون"),
    ("Khalid al-Faisal", "خالد الفيصل"),
    ("Recep Tayyip Erdogan", "رجب طيب أردوغان"),
    ("Sheikh Tamim", "الشيخ تميم"),
    ("Crown Prince", "ولي العهد"),
    ("Grand Mufti", "المفتي العام"),
    # ministries
    ("Interior Ministry", "وزارة الداخلية"),
    ("Ministry of Health", "وزارة الصحة"),
    ("Ministry of Education", "وزارة التعليم|وزارة التربية"),
    ("Foreign Ministry", "وزارة الخارجية"),
    ("Ministry of Labor", "وزارة العمل"),
    ("Ministry of Housing", "وزارة الإسكان"),
    ("Ministry of Justice", "وزارة العدل"),
    ("Ministry of Finance", "وزارة المالية"),
    ("Ministry of Commerce", "وزارة التجارة"),
    ("Ministry of Hajj", "وزارة الحج"),
    # councils and bodies
    ("Shura Council", "مجلس الشورى"),
    ("Council of Ministers", "مجلس الوزراء"),
    ("Security Council", "مجلس الأمن"),
    ("Gulf Cooperation Council", "مجلس التعاون الخليجي"),
    ("Council of Senior Scholars", "هيئة كبار العلماء"),
    ("United Nations", "الأمم المتحدة"),
    ("Arab League", "الجامعة العربية"),
    ("Royal Court", "الديوان الملكي"),
    ("National Guard", "الحرس الوطني"),
    ("Civil Defense", "الدفاع المدني"),
    ("Arab Coalition", "التحالف العربي"),
    # places, events, terms
    ("Eastern Province", "المنطقة الشرقية"),
    ("Grand Mosque", "المسجد الحرام"),
    ("Two Holy Mosques", "الحرمين الشريفين"),
    ("Saudi-led coalition", "التحالف بقيادة السعودية"),
    ("Abu Dhabi", "أبوظبي|أبو ظبي"),
    ("Decisive Storm", "عاصفة الحزم"),
    ("Human Rights", "حقوق الإنسان"),
    ("Municipal Elections", "الانتخابات البلدية"),
    ("Nuclear Deal", "الاتفاق النووي"),
    ("Oil Prices", "أسعار النفط"),
]
LOW, HIGH = 0.67, 1.5
TOP = 10


def quoted(arabic: str) -> str:
    """The Arabic phrase (or its spellings, |-separated) as a query: "a" OR "b"."""
    return " OR ".join(f'"{p}"' for p in arabic.split("|"))


def holds(searcher, doc_id: str, arabic: str) -> bool:
    q = f'id:"{doc_id}" AND ({quoted(arabic)})'
    return searcher.search(q, size=0, facets=(), suggest=False, translate="off").total > 0


def measure(searcher) -> list[dict]:
    rows = []
    for english, arabic in PAIRS:
        res = searcher.search(english, size=TOP, facets=(), snippets=False)
        ar = searcher.search(quoted(arabic), size=0, facets=(), suggest=False, translate="off").total
        inside = sum(holds(searcher, h.id, arabic) for h in res.hits)
        shown = "; ".join(f"{t.source}→{'،'.join(t.terms)}" for t in res.translations)
        rows.append({"english": english, "arabic": arabic, "en_total": res.total, "ar_total": ar,
                     "ratio": res.total / ar if ar else float("inf") if res.total else 1.0,
                     "top": inside, "hits": len(res.hits), "shown": shown})
    return rows


def latency(searcher, passes: int = 3) -> list[float]:
    for english, _ in PAIRS:          # warm: dictionaries, name matching, postings
        searcher.search(english)
    times = []
    for _ in range(passes):
        for english, _ in PAIRS:
            t = time.perf_counter()
            searcher.search(english)
            times.append((time.perf_counter() - t) * 1000)
    return times


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="whoosh", choices=("whoosh", "opensearch"))
    ap.add_argument("--index", default="/tmp/idx31k")
    ap.add_argument("--no-latency", action="store_true")
    args = ap.parse_args(argv)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    searcher = open_searcher(args.engine, args.index)
    rows = measure(searcher)
    print(f"{'english':28} {'en':>6} {'ar phrase':>9} {'ratio':>6} {'top10':>5}  translations")
    for r in rows:
        print(f"{r['english']:28} {r['en_total']:6} {r['ar_total']:9} {r['ratio']:6.2f} "
              f"{r['top']:>2}/{r['hits']:<2}  {r['shown']}")
    found = [r for r in rows if r["ar_total"]]
    within = sum(LOW <= r["ratio"] <= HIGH for r in found)
    zero = [r["english"] for r in found if r["en_total"] == 0]
    top_ok = sum(r["hits"] > 0 and r["top"] >= min(8, r["hits"]) for r in found)
    print(f"\n{args.engine}: {len(rows)} pairs; ratio within {LOW}-{HIGH}: {within}/{len(found)} "
          f"({within / len(found):.0%}, target >= 90%); English total 0 where the Arabic finds "
          f"articles: {len(zero)} {zero or ''}; top 10 with >= 8 holding the phrase: "
          f"{top_ok}/{len(found)}")
    if not args.no_latency:
        times = latency(searcher)
        q = statistics.quantiles(times, n=20)
        print(f"{args.engine}: page search (facets, snippets, suggest, translation), "
              f"{len(times)} searches: p50 {statistics.median(times):.1f} ms, p95 {q[18]:.1f} ms, "
              f"max {max(times):.1f} ms (target p95 <= 30 ms)")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    if "CORPUS_OPENSEARCH_URL" not in os.environ:
        os.environ.setdefault("CORPUS_OPENSEARCH_URL", "http://127.0.0.1:9201")
    main()
