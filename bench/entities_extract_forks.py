"""CPU seconds of mention extraction as an indexing build pays it: worker processes forked
from a warmed parent, two a generation (a commit starts the next generation), each with the
word caches it inherits; with and without the words a generation learned handed back to the
parent (corpus/engines/whoosh/writers.py does), in this run.

    python bench/entities_extract_forks.py [--generation 8000] [--days 18]

A 31k build commits every 10,000 documents or 60 s (corpus/indexer.py), so it runs 3 to 6
generations; --generation is the documents per generation, split between the two workers.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def run(arts: list[dict], generation: int, carry: bool) -> float:
    from corpus.metadata import mentions
    mentions.reload()
    mentions.extract("", "")
    total = 0.0
    for start in range(0, len(arts), generation):
        kids = []
        for k in range(2):
            part = arts[start:start + generation][k::2]
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(r)
                mentions.learning()
                cpu = time.process_time()
                for a in part:
                    mentions.extract(a.get("title") or "", a.get("content") or "")
                data = pickle.dumps((time.process_time() - cpu, mentions.learned() if carry else {}))
                with os.fdopen(w, "wb") as f:
                    f.write(data)
                os._exit(0)
            os.close(w)
            kids.append((pid, r))
        for pid, r in kids:
            with os.fdopen(r, "rb") as f:
                cpu, learned = pickle.loads(f.read())
            os.waitpid(pid, 0)
            total += cpu
            mentions.learn(learned)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generation", type=int, default=8000)
    ap.add_argument("--days", type=int, default=18)
    a = ap.parse_args()
    arts = []
    for z in sorted(DATA.glob("*.zip"))[:a.days]:
        with zipfile.ZipFile(z) as f:
            arts += json.loads(f.read(f.namelist()[0]))
    print(f"{len(arts)} articles, {a.generation} a generation; uptime: {uptime()}")
    for carry in (False, True):
        cpu = run(arts, a.generation, carry)
        print(f"  learned words {'handed on' if carry else 'forgotten '}: extraction CPU {cpu:6.2f} s "
              f"({cpu / len(arts) * 1000:.3f} s per 1,000 articles)", flush=True)
    print(f"uptime: {uptime()}")


if __name__ == "__main__":
    main()
