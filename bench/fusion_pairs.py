"""Semantic retrieval by language pair (issue 22): the blend of the fusion chosen by the
language relation of query and document, tuned and reported on disjoint XQuAD questions.

    PYTHONPATH=. nice -n 10 python bench/fusion_pairs.py                      # Whoosh
    PYTHONPATH=. nice -n 10 python bench/fusion_pairs.py --engines whoosh,opensearch --no-tune
    PYTHONPATH=. python bench/fusion_pairs.py --engines whoosh,opensearch --no-tune --sets ar+31k,en-ar+31k \
        --distractors-whoosh /tmp/h24/w31k-emb --distractors-opensearch os31k-emb

Sets (op=or, translate=auto, MRR@10 as bench/quality.py; 240 paragraphs each):

    ar      Arabic questions -> the Arabic paragraphs        (same language)
    en      English questions -> the English paragraphs      (same language)
    en-ar   English questions -> the Arabic paragraphs       (cross-language)
    ar-en   Arabic questions -> the English paragraphs       (cross-language)
    ar+31k, en-ar+31k   the same questions -> the Arabic paragraphs added to the 31,030
            SaudiNewsNet articles (--distractors-whoosh: an index built with --embeddings,
            copied; --distractors-opensearch: an index built with --embeddings, the paragraphs
            added to it in place: the same ids each run)

The Arabic paragraphs are indexed without their titles (English in xquad.ar.json: they
would leak matches to English questions), the English ones with theirs; one index per
paragraph language, built with --embeddings. Questions are split by their position in the
XQuAD file: the even positions tune (each blend of the grid, for the relation the set
belongs to), the odd positions are reported: semantic=off, semantic=auto with the blend
before issue 22 (keyword weight 0.2 for every pair) and with the blends by relation (fusion.py).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crosslingual import paragraphs  # noqa: E402
from quality import K, load_xquad, plain_words, score, write_jsonl  # noqa: E402

from corpus import budget  # noqa: E402
from corpus.embeddings import fusion  # noqa: E402
from corpus.engines import open_searcher, open_sink  # noqa: E402
from corpus.indexer import index_paths  # noqa: E402

# set -> (question language, paragraph language, relation)
SETS = {"ar": ("ar", "ar", "same"), "en": ("en", "en", "same"),
        "en-ar": ("en", "ar", "cross"), "ar-en": ("ar", "en", "cross"),
        "ar+31k": ("ar", "ar+31k", "same"), "en-ar+31k": ("en", "ar+31k", "cross")}
# the blends tried per relation: same language a fixed keyword weight; cross-language the
# weight at no confidence and its rise with the keyword ranking's confidence, cosine scaled
GRID = {"same": tuple(fusion.Blend(w) for w in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)),
        "cross": tuple(fusion.Blend(w, c, scale_cosine=True)
                       for w in (0.2, 0.25, 0.3, 0.35, 0.4) for c in (0.0, 0.2, 0.4, 0.6))}
BEFORE = fusion.Blend(0.2)      # the one blend before issue 22: keyword weight 0.2 for every pair


def build(engine: str, paras: str, work: Path, distractors: dict):
    """The index of a set's paragraphs ("ar", "en", or "ar+31k": the Arabic ones among the
    distractors)."""
    lang = paras.split("+")[0]
    docs, _ = paragraphs(lang, titles=lang == "en")
    jsonl = write_jsonl(docs, work / f"xquad-{lang}.jsonl")
    if paras.endswith("+31k"):
        if engine not in distractors:
            raise SystemExit(f"{paras}: give --distractors-{engine}")
        index = distractors[engine]
        if engine == "whoosh":
            index = work / "index-31k"
            shutil.copytree(distractors[engine], index)
        index_paths(open_sink(engine, index), [str(jsonl)], embeddings=True)
        return index
    index = f"fusion-pairs-{os.getpid()}-{lang}" if engine == "opensearch" else work / f"index-{lang}"
    index_paths(open_sink(engine, index), [str(jsonl)], rebuild=True, embeddings=True)
    return index


def questions(key: str, parity: int):
    asked, found, _ = SETS[key]
    found = found.split("+")[0]
    _, qs = load_xquad(asked)
    return [(q, gold.replace(f"xquad-{asked}-", f"xquad-{found}-")) for q, gold in qs[parity::2]]


def mrr(searcher, qs, semantic: str, same: fusion.Blend | None = None, cross: fusion.Blend | None = None) -> float:
    saved = fusion.SAME_LANGUAGE, fusion.CROSS_LANGUAGE
    if same is not None:
        fusion.SAME_LANGUAGE, fusion.CROSS_LANGUAGE = same, cross
    try:
        ranked = [[h.id for h in searcher.search(plain_words(q), op="or", size=K, facets=(), snippets=False,
                                                 translate="auto", semantic=semantic).hits] for q, _ in qs]
    finally:
        fusion.SAME_LANGUAGE, fusion.CROSS_LANGUAGE = saved
    return score(ranked, qs)["mrr"]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engines", default="whoosh")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--no-tune", action="store_true", help="report only (the weights in fusion.py)")
    ap.add_argument("--distractors-whoosh", type=Path, help="a 31k Whoosh index built with --embeddings (copied)")
    ap.add_argument("--distractors-opensearch", help="a 31k OpenSearch index built with --embeddings (added to)")
    args = ap.parse_args(argv)
    # a query's name matching stops at its deadline (corpus/budget.py): lifted here, so that the
    # machine's load cannot change which names a question translates to
    budget.SECONDS = 60.0
    from corpus.translate import warm
    warm()
    print(os.popen("uptime").read().strip(), flush=True)
    sets = args.sets.split(",")
    rows = []
    with tempfile.TemporaryDirectory(prefix="fusion-pairs-", dir="/tmp") as tmp:
        for engine in args.engines.split(","):
            langs = sorted({SETS[k][1] for k in sets})
            t = time.perf_counter()
            distractors = {"whoosh": args.distractors_whoosh, "opensearch": args.distractors_opensearch}
            indexes = {lang: build(engine, lang, Path(tmp), {e: d for e, d in distractors.items() if d})
                       for lang in langs}
            print(f"{engine}: built {len(langs)} indexes in {time.perf_counter() - t:.0f} s", flush=True)
            try:
                searchers = {lang: open_searcher(engine, ix) for lang, ix in indexes.items()}
                if not args.no_tune and engine == args.engines.split(",")[0]:
                    for relation, grid in GRID.items():
                        keys = [k for k in sets if SETS[k][2] == relation]
                        for w in grid:
                            got = [mrr(searchers[SETS[k][1]], questions(k, 0), "auto", w, w) for k in keys]
                            print(f"tune (even positions) {relation} {w}: "
                                  + ", ".join(f"{k} {m:.3f}" for k, m in zip(keys, got))
                                  + f"; mean {sum(got) / len(got):.3f}", flush=True)
                for k in sets:
                    s, qs = searchers[SETS[k][1]], questions(k, 1)
                    row = (engine, k, SETS[k][2], len(qs), mrr(s, qs, "off"),
                           mrr(s, qs, "auto", BEFORE, BEFORE), mrr(s, qs, "auto"))
                    print(row, flush=True)
                    rows.append(row)
            finally:
                if engine == "opensearch":
                    from corpus.engines.opensearch.client import connect
                    client = connect()
                    for lang, ix in indexes.items():
                        if not lang.endswith("+31k"):
                            client.indices.delete(index=f"{ix}*", ignore=[404])
    print(f"\nblends: same language {fusion.SAME_LANGUAGE}, cross-language {fusion.CROSS_LANGUAGE}")
    print("| engine | set (odd-position questions) | relation | questions | semantic=off | auto, 0.2 for all "
          "(before) | auto, by relation | change vs off |")
    print("|---|---|---|---|---|---|---|---|")
    for engine, k, rel, n, off, before, now in rows:
        print(f"| {engine} | {k} | {rel} | {n} | {off:.3f} | {before:.3f} | {now:.3f} | {now - off:+.3f} |")
    print(os.popen("uptime").read().strip())


if __name__ == "__main__":
    main()
