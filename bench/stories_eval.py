"""Story grouping against a hand-labelled sample: pairwise precision and recall.

The sample (bench/stories_sample.jsonl) is the 40 top results (group=none, translate=off,
relevance) of three queries on the SaudiNewsNet index -- وزير الصحة, أمطار جدة, مجلس
الوزراء -- 120 articles, each labelled by hand with a story: articles share a label when
they print substantially the same text (one press release or wire report, headline and
small edits aside); the same event written up separately is a different story. Within
each query's 40, every pair of articles is a positive (same label) or a negative; the
index's story field (engine-neutral: searcher.document(id)["story"]) predicts the pairs.

    python bench/stories_eval.py --index /tmp/idx31k [--engine opensearch]
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.engines import open_searcher  # noqa: E402

SAMPLE = Path(__file__).with_name("stories_sample.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default=None)
    ap.add_argument("--index", default=None)
    ap.add_argument("--show", action="store_true", help="list the pairs it got wrong")
    args = ap.parse_args()
    searcher = open_searcher(args.engine, args.index)
    by_query = defaultdict(list)
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = searcher.document(rec["id"])
        if doc is None:
            sys.exit(f"{rec['id']} is not in the index: build it from SaudiNewsNet")
        rec["predicted"] = doc.get("story") or rec["id"]
        by_query[rec["query"]].append(rec)
    total = defaultdict(int)
    print(f"{'query':<14} {'docs':>4} {'pairs+':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for q, recs in by_query.items():
        c = defaultdict(int)
        for a, b in itertools.combinations(recs, 2):
            gold, got = a["story"] == b["story"], a["predicted"] == b["predicted"]
            c["tp"] += gold and got
            c["fp"] += got and not gold
            c["fn"] += gold and not got
            if args.show and gold != got:
                print(f"  {'FP' if got else 'FN'} {a['source']}:{a['title'][:40]} | {b['source']}:{b['title'][:40]}")
        for k, v in c.items():
            total[k] += v
        _row(q, len(recs), c)
    _row("all", sum(map(len, by_query.values())), total)


def _row(name: str, docs: int, c: dict) -> None:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name:<14} {docs:>4} {tp + fn:>6} {tp:>4} {fp:>4} {fn:>4} {p:>9.3f} {r:>7.3f}")


if __name__ == "__main__":
    main()
