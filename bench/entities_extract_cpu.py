"""CPU seconds of mention extraction alone (corpus/metadata/mentions.py) over the first two
daily files of SaudiNewsNet (5,022 articles, title and whole text), several passes in one
process (the first fills the word caches); run it in two trees for before/after.

    python bench/entities_extract_cpu.py [--passes 3] [--days 2]
    python bench/entities_extract_cpu.py --against /work/main [--rounds 2]

--against TREE: before/after in one run, and proof that the output is the same. Each round
runs the passes in a fresh process with TREE's corpus package (before), then with this
tree's (after); the figures of every process are printed, and every article's person, org
and mentioned_place values (and titled_names, what bench/entities_learn.py counts) must be
equal in both: the articles that differ are counted and the first ones shown.
--dump FILE writes those values, one JSON line an article.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def articles(corpus: str, days: int) -> list[dict]:
    out = []
    for z in sorted(Path(corpus).glob("*.zip"))[:days]:
        with zipfile.ZipFile(z) as f:
            out += json.loads(f.read(f.namelist()[0]))
    return out


def measure(a) -> None:
    """The passes in this process, with the corpus package of a.tree (default: this tree)."""
    sys.path.insert(0, a.tree or str(ROOT))
    from corpus.metadata import mentions
    arts = articles(a.corpus, a.days)
    mentions.names()
    mentions.extract("", "")
    print(f"{len(arts)} articles, {Path(mentions.__file__).parents[2]}; {uptime()}", flush=True)
    found = []
    for p in range(a.passes):
        cpu, wall = time.process_time(), time.perf_counter()
        found = [mentions.extract(art.get("title") or "", art.get("content") or "") for art in arts]
        print(f"pass {p + 1}: cpu {time.process_time() - cpu:.2f} s, wall {time.perf_counter() - wall:.2f} s",
              flush=True)
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as out:
            for art, m in zip(arts, found):
                titled = mentions.titled_names(art.get("title") or "", art.get("content") or "")
                out.write(json.dumps([m.person, m.org, m.place, titled], ensure_ascii=False) + "\n")


def against(a) -> None:
    """Rounds of (before: a.against's tree, after: this tree), each in a fresh process."""
    print(f"uptime before: {uptime()}")
    with tempfile.TemporaryDirectory() as tmp:
        dumps = {}
        for r in range(a.rounds):
            for label, tree in (("before", a.against), ("after", str(ROOT))):
                dumps[label] = Path(tmp) / f"{label}.jsonl"
                print(f"\nround {r + 1}, {label} ({tree}):", flush=True)
                subprocess.run([sys.executable, __file__, "--tree", tree, "--passes", str(a.passes),
                                "--days", str(a.days), "--corpus", a.corpus, "--dump", str(dumps[label])],
                               check=True)
        before = dumps["before"].read_text(encoding="utf-8").splitlines()
        after = dumps["after"].read_text(encoding="utf-8").splitlines()
    differ = [i for i, (b, f) in enumerate(zip(before, after)) if b != f]
    print(f"\nidentity: {len(before)} articles before, {len(after)} after; "
          f"{len(differ)} with different person/org/mentioned_place/titled values")
    for i in differ[:5]:
        print(f"  article {i}:\n    before {before[i]}\n    after  {after[i]}")
    print(f"uptime after: {uptime()}")
    if differ or len(before) != len(after):
        sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--days", type=int, default=2)
    ap.add_argument("--corpus", default=str(DATA))
    ap.add_argument("--against", default="", help="another tree (before): measure both, compare the output")
    ap.add_argument("--rounds", type=int, default=1, help="with --against: before/after rounds")
    ap.add_argument("--dump", default="", help="write every article's values here (JSON lines)")
    ap.add_argument("--tree", default="", help=argparse.SUPPRESS)
    a = ap.parse_args()
    against(a) if a.against else measure(a)


if __name__ == "__main__":
    main()
