"""A bigger corpus from SaudiNewsNet: N copies with new ids and paragraphs shuffled per copy.

    python bench/copies.py DEST [--copies 4] [--seed 8] [--data DIR]

Copy n of an article gets the id and url `<url>#copy<n>` and its paragraphs (blank-line
separated) in an order shuffled by a seeded generator of that copy, so the copies are
distinct documents with the same vocabulary and lengths. Written as JSON Lines, one file
per copy and day (DEST/copy<n>/<day>.jsonl); reused when DEST already holds a complete set
(a `done` marker holding the settings).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet"


def records(data: Path = DATA):
    """(day, records) of every SaudiNewsNet zip, in day order."""
    for z in sorted(data.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                yield z.stem, json.loads(zf.read(name))


def make_copies(dest: Path, copies: int = 4, seed: int = 8, data: Path = DATA) -> int:
    """Write the copies (unless already there); the number of records written."""
    marker = dest / "done"
    settings = {"copies": copies, "seed": seed, "data": str(data)}
    if marker.exists() and json.loads(marker.read_text()).get("settings") == settings:
        return json.loads(marker.read_text())["records"]
    shutil.rmtree(dest, ignore_errors=True)
    total = 0
    for n in range(1, copies + 1):
        rng = random.Random(f"{seed}-{n}")
        out_dir = dest / f"copy{n}"
        out_dir.mkdir(parents=True)
        for day, recs in records(data):
            with open(out_dir / f"{day}.jsonl", "w", encoding="utf-8") as out:
                for i, r in enumerate(recs):
                    r = dict(r)
                    base = r.get("url") or f"{day}/{i}"
                    r["id"] = r["url"] = f"{base}#copy{n}"
                    paras = (r.get("content") or "").split("\n\n")
                    rng.shuffle(paras)
                    r["content"] = "\n\n".join(paras)
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
                    total += 1
    marker.write_text(json.dumps({"settings": settings, "records": total}))
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    n = make_copies(args.dest, args.copies, args.seed, args.data)
    print(f"{n:,} records in {args.dest}")


if __name__ == "__main__":
    main()
