"""Translations that earn their place (issue 19, item 4): the precision of the translations a
query shows, against bench/translation_eval.tsv (what a reviewer accepts).

    python bench/translation_precision.py                          # Whoosh, the indexes below
    python bench/translation_precision.py --ar-index /tmp/idx31k --en-index DIR
    python bench/translation_precision.py --engine opensearch --ar-index h19xl-31k --en-index NAME

Each source is translated as a query is (corpus.translate with the index: a translation is
kept only when the index holds it). en->ar over the Arabic news index (31,030 SaudiNewsNet
articles); ar->en over an English index (default: the 240 XQuAD-en paragraphs, built into a
temporary directory). Per direction and kind (word, name):

    precision  accepted translations shown / translations shown   (target >= 0.9)
    coverage   sources with at least one accepted translation shown / sources

A shown term is accepted when its normalised form (corpus.translate.keys.key) is one of the
reviewer's forms. Wrong ones are listed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import querylang as ql  # noqa: E402
from corpus.budget import WorkBudget  # noqa: E402
from corpus.engines import open_searcher, open_sink  # noqa: E402
from corpus.indexer import index_paths  # noqa: E402
from corpus.translate import translate  # noqa: E402
from corpus.translate.keys import key  # noqa: E402

EVAL = ROOT / "bench" / "translation_eval.tsv"
TARGET = 0.9


def load(path: Path = EVAL) -> list[tuple[str, str, str, set[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            direction, kind, source, accepted = line.split("\t")
            rows.append((direction, kind, source, {key([a]) for a in accepted.split("|")}))
    return rows


def shown(source: str, index) -> list[str]:
    done = translate(ql.parse(source).tree, query=source, budget=WorkBudget(seconds=10), index=index)
    return [t for tr in done.translations for t in tr.terms]


def xquad_en_index(engine: str, work: Path) -> str:
    from quality import load_xquad, write_jsonl
    docs, _ = load_xquad("en")
    src = write_jsonl(docs, work / "xquad-en.jsonl")
    where = str(work / "index") if engine == "whoosh" else f"translation-precision-{os.getpid()}"
    index_paths(open_sink(engine, where), [str(src)], rebuild=True)
    return where


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="whoosh", choices=("whoosh", "opensearch"))
    ap.add_argument("--ar-index", default="/tmp/idx31k", help="the Arabic news index (en->ar)")
    ap.add_argument("--en-index", help="an English index (ar->en); default: XQuAD-en, built now")
    args = ap.parse_args(argv)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    with tempfile.TemporaryDirectory(prefix="translation-precision-") as tmp:
        built = None if args.en_index else xquad_en_index(args.engine, Path(tmp))
        indexes = {"en-ar": open_searcher(args.engine, args.ar_index),
                   "ar-en": open_searcher(args.engine, args.en_index or built)}
        tally = defaultdict(lambda: [0, 0, 0, 0])        # shown, accepted, sources, covered
        wrong = defaultdict(list)
        try:
            for direction, kind, source, accepted in load():
                terms = shown(source, indexes[direction])
                good = [t for t in terms if key([t]) in accepted]
                t = tally[(direction, kind)]
                t[0] += len(terms)
                t[1] += len(good)
                t[2] += 1
                t[3] += bool(good)
                wrong[(direction, kind)] += [f"{source}→{x}" for x in terms if x not in good]
        finally:
            if built and args.engine == "opensearch":
                from corpus.engines.opensearch.client import connect
                connect().indices.delete(index=f"{built}*", ignore_unavailable=True)
    print(f"{'set':16} {'sources':>7} {'shown':>6} {'precision':>9} {'coverage':>8}")
    for (direction, kind), (n_shown, n_good, n_src, n_cov) in sorted(tally.items()):
        p = n_good / n_shown if n_shown else 1.0
        print(f"{direction + ' ' + kind + 's':16} {n_src:7} {n_shown:6} {p:9.3f} {n_cov / n_src:8.3f}"
              f"{'' if p >= TARGET else '  (below ' + str(TARGET) + ')'}")
    for k, items in sorted(wrong.items()):
        print(f"\nnot accepted, {k[0]} {k[1]}s ({len(items)}): " + ", ".join(items))
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
