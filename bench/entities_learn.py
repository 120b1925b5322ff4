"""Learn people's names from a corpus: the names that follow a title (وزير, اللواء, الشيخ,
President ...) in at least --min articles, written as learned_people.tsv, so that they are
found where no title precedes them (a second pass over the corpus).

    python bench/entities_learn.py --out DIR [--corpus ../shared/data/saudinewsnet] [--min 3]
    CORPUS_METADATA_DIR=DIR corpus index --rebuild ...

Review the file before using it (a line per name: id, Arabic, English, spellings). Names the
tables already know are left out.
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus.metadata import mentions  # noqa: E402
from corpus.readers import discover, read_file  # noqa: E402
from index_speed import CORPUS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--out", required=True, help="a folder for learned_people.tsv ($CORPUS_METADATA_DIR)")
    ap.add_argument("--min", type=int, default=3, help="articles a name must follow a title in")
    a = ap.parse_args()
    seen: collections.Counter = collections.Counter()
    files, _problems = discover([a.corpus])
    for path in files:
        for doc in read_file(path, lambda reason: None, seen={}):
            seen.update(set(mentions.titled_names(doc.title or "", doc.body or "")))
    rows = [name for name, n in seen.most_common()
            if n >= a.min and mentions.canonical("person", name) == name]     # not in the tables yet
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "learned_people.tsv").write_text(
        "# learned by bench/entities_learn.py: names after a title in at least "
        f"{a.min} articles of {a.corpus}\n" + "".join(f"{r}\t{r}\t\t\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} names (of {len(seen)} seen after a title) -> {out / 'learned_people.tsv'}")


if __name__ == "__main__":
    main()
