"""CPU of mention extraction, another tree's (before) against this tree's (after), in ONE
process, alternating chunks of articles: a ratio that holds on a loaded machine, where
bench/entities_extract_cpu.py --against (one process each, one after the other) swings by
10 % and more with the load.

    python bench/entities_extract_ab.py --against /work/main [--days 2] [--passes 3] [--chunk 250] [--parts 8]

The other tree's corpus package is copied to a temporary folder as `corpus_before` (its
imports renamed), so both load side by side; both caches are filled by their own passes.
The garbage collector runs as the indexer sets it (corpus/indexer.py GC_YOUNG, GC_OLDER).

--parts N: as a build does it (a 31k build forks 8 indexing workers: 4 commits x 2), each of
N parts of the articles starts like a freshly forked worker in both trees: every cache of the
mentions module emptied, then the tree's metadata.warm() (what the parent loads before the
fork; not timed); a pass is then one cold start per part, not one for all.

Each pass prints both CPU totals, after/before, and the median of the chunks' ratios (the
steadier figure). The output of both is not compared here: --against of
bench/entities_extract_cpu.py does that.
"""
from __future__ import annotations

import argparse
import gc
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from entities_extract_cpu import DATA, articles  # noqa: E402
from corpus.indexer import GC_OLDER, GC_YOUNG  # noqa: E402


def copy_as_before(tree: Path, into: Path) -> None:
    """tree/corpus -> into/corpus_before, its own imports pointing at corpus_before."""
    shutil.copytree(tree / "corpus", into / "corpus_before", ignore=shutil.ignore_patterns("__pycache__"))
    for path in (into / "corpus_before").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\b(from|import) corpus(\.| )", r"\1 corpus_before\2", text), encoding="utf-8")


def forked_worker(mentions, warm) -> None:
    """`mentions` (a tree's module) as a freshly forked indexing worker has it: every cache
    emptied (words, rule answers, tables), then what metadata.warm() loads in the parent."""
    for value in vars(mentions).values():
        if hasattr(value, "cache_clear") and hasattr(value, "cache_info"):
            value.cache_clear()
    mentions.reload()
    warm()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", required=True, help="the tree before (its corpus package)")
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--chunk", type=int, default=250, help="articles a turn")
    ap.add_argument("--corpus", default=str(DATA))
    ap.add_argument("--parts", type=int, default=0, help="start every part of the articles as a forked "
                    "indexing worker does (0: once)")
    a = ap.parse_args()
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    with tempfile.TemporaryDirectory() as tmp:
        copy_as_before(Path(a.against), Path(tmp))
        sys.path.insert(0, tmp)
        from corpus_before import metadata as before_metadata
        from corpus_before.metadata import mentions as before
        from corpus import metadata as after_metadata
        from corpus.metadata import mentions as after
        warm = {before: before_metadata.warm, after: after_metadata.warm}
        docs = [(art.get("title") or "", art.get("content") or "") for art in articles(a.corpus, a.days)]
        for m in (before, after):
            m.names()
            m.extract("", "")
        gc.set_threshold(GC_YOUNG, GC_OLDER, gc.get_threshold()[2])
        print(f"{len(docs)} articles; before {a.against}, after {ROOT}")
        for p in range(a.passes):
            total = {before: 0.0, after: 0.0}
            ratios = []
            part = -(-len(docs) // a.parts) if a.parts else len(docs)
            for n, s in enumerate(range(0, len(docs), a.chunk)):
                if a.parts and (s == 0 or s // part != (s - a.chunk) // part):     # a part starts
                    for m in (before, after):
                        forked_worker(m, warm[m])
                took = {}
                for m in (before, after) if n % 2 == 0 else (after, before):
                    started = time.process_time()
                    for title, body in docs[s:s + a.chunk]:
                        m.extract(title, body)
                    took[m] = time.process_time() - started
                    total[m] += took[m]
                ratios.append(took[after] / took[before])
            print(f"pass {p + 1}: cpu before {total[before]:.2f} s, after {total[after]:.2f} s, "
                  f"after/before {total[after] / total[before]:.3f}, median of the chunks {statistics.median(ratios):.3f}",
                  flush=True)
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
