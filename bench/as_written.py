"""Names by stem and as written (issue 19): for each name, the Arabic form's documents by stem
(the quoted phrase, translate=off), as written (exact:, with the attached و ف ب ك ل) and the
English name's (translate=auto: a translated name is searched as written), on one index.

    python bench/as_written.py --index /tmp/s8/w31k
    python bench/as_written.py --engine opensearch --index os31k-s9
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus.engines import open_searcher  # noqa: E402

NAMES = [("Taliban", "طالبان"), ("Bahrain", "البحرين"), ("Buraidah", "بريدة"), ("Amran", "عمران"),
         ("Dhahran", "الظهران"), ("Saud", "سعود"), ("Saudization", "السعودة"), ("Houthi", "الحوثي"),
         ("Hamas", "حماس"), ("France", "فرنسا"), ("Al-Kharj", "الخرج"), ("Ali al-Naimi", "علي النعيمي"),
         ("King Salman", "الملك سلمان"), ("Interior Ministry", "وزارة الداخلية"),
         ("Mohammed bin Nayef", "محمد بن نايف")]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="whoosh", choices=("whoosh", "opensearch"))
    ap.add_argument("--index", default="/tmp/s8/w31k")
    args = ap.parse_args(argv)
    searcher = open_searcher(args.engine, args.index)

    def total(q: str, translate: str = "off") -> int:
        return searcher.search(q, size=0, facets=(), suggest=False, snippets=False, translate=translate).total

    for english, _ in NAMES:        # warm: the vocabulary names are matched against loads once
        total(english, "auto")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(f"{'english':20} {'arabic':16} {'by stem':>8} {'written':>8} {'english':>8}")
    for english, arabic in NAMES:
        quoted = '"' + arabic + '"'
        print(f"{english:20} {arabic:16} {total(quoted):8,} {total('exact:' + quoted):8,} "
              f"{total(english, 'auto'):8,}")


if __name__ == "__main__":
    main()
