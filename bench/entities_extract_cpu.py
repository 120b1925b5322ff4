"""CPU seconds of mention extraction alone (corpus/metadata/mentions.py) over the first two
daily files of SaudiNewsNet (5,022 articles, title and whole text), several passes in one
process (the first fills the word caches); run it in two trees for before/after.

    python bench/entities_extract_cpu.py [--passes 3] [--days 2]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.metadata import mentions  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--corpus", default=str(DATA))
    a = ap.parse_args()
    articles = []
    for z in sorted(Path(a.corpus).glob("*.zip"))[:a.days]:
        with zipfile.ZipFile(z) as f:
            articles += json.loads(f.read(f.namelist()[0]))
    mentions.names()
    mentions.extract("", "")
    print(f"{len(articles)} articles; {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    for p in range(a.passes):
        cpu, wall = time.process_time(), time.perf_counter()
        for art in articles:
            mentions.extract(art.get("title") or "", art.get("content") or "")
        print(f"pass {p + 1}: cpu {time.process_time() - cpu:.2f} s, wall {time.perf_counter() - wall:.2f} s")


if __name__ == "__main__":
    main()
