"""Tune the cross-language blend of the fusion (corpus/embeddings/fusion.py) by replay: each
question is searched once (Whoosh, semantic=auto, translate=auto, op=or), the inputs of its
fusion are recorded (keyword head, vector hits, cosines, each document's relation), and every
blend of the grid is replayed on them with fusion.fuse itself: minutes instead of one full
run of bench/fusion_pairs.py per blend.

    PYTHONPATH=. nice -n 10 python bench/fusion_replay.py --distractors-whoosh /tmp/s5/w31k-emb

The grid is chosen on the even-position questions of every cross-language set together (their
mean MRR@10); the odd positions are printed beside it, and bench/fusion_pairs.py reports them
through the whole system on both engines. Same-language documents keep their blend.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fusion_pairs import SETS, build  # noqa: E402
from quality import K, load_xquad, plain_words  # noqa: E402

from corpus import budget  # noqa: E402
from corpus.embeddings import fusion, search as semantic  # noqa: E402
from corpus.engines import open_searcher  # noqa: E402
from corpus.engines.whoosh import store  # noqa: E402

GRID = [fusion.Blend(w, c, scale_cosine=s) for s in (False, True)
        for w in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4) for c in (0.0, 0.2, 0.4, 0.6)]


def record(index: Path, key: str) -> list[tuple[int, object, tuple | None, list]]:
    """(position, gold docnum, fusion inputs, the docnums found) per question of the set; no
    inputs when no vector hit passed MIN_SIMILARITY: then the keyword ranking stands."""
    asked, found, _ = SETS[key]
    found = found.split("+")[0]
    ix = store.open_index(index)
    with ix.searcher() as s:
        ids = s.reader().column_reader("id")
        docnum = {ids[n]: n for n in s.reader().all_doc_ids()}
    searcher = open_searcher("whoosh", index)
    seen: list = []
    real = semantic.fuse

    def spy(keyword, vector, similarity, method="score", blend=fusion.CROSS_LANGUAGE, blends=None):
        seen.append((list(keyword), list(vector), dict(similarity),
                     {k: b == fusion.SAME_LANGUAGE for k, b in (blends or {}).items()}))
        return real(keyword, vector, similarity, method, blend, blends)
    semantic.fuse = spy
    out = []
    try:
        for i, (q, gold) in enumerate(load_xquad(asked)[1]):
            seen.clear()
            res = searcher.search(plain_words(q), op="or", size=K, facets=(), snippets=False,
                                  translate="auto", semantic="auto")
            out.append((i, docnum.get(gold.replace(f"xquad-{asked}-", f"xquad-{found}-")),
                        seen[0] if seen else None, [docnum.get(h.id) for h in res.hits]))
    finally:
        semantic.fuse = real
    return out


def mrr(recorded, parity: int, cross: fusion.Blend) -> float:
    total = n = 0
    for i, gold, inputs, found in recorded:
        if i % 2 != parity:
            continue
        n += 1
        ranked = found
        if inputs is not None:
            keyword, vector, sims, same = inputs
            blends = {k: fusion.SAME_LANGUAGE if is_same else cross for k, is_same in same.items()}
            ranked = [k for k, _ in fusion.fuse(keyword, vector, sims, blend=cross, blends=blends)[:K]]
        total += 1 / (ranked.index(gold) + 1) if gold in ranked else 0.0
    return total / max(n, 1)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="en-ar,ar-en,en-ar+31k")
    ap.add_argument("--distractors-whoosh", type=Path, help="a 31k Whoosh index built with --embeddings (copied)")
    args = ap.parse_args(argv)
    budget.SECONDS = 60.0           # as bench/fusion_pairs.py: the load cannot change a translation
    from corpus.translate import warm
    warm()
    print(os.popen("uptime").read().strip(), flush=True)
    sets = args.sets.split(",")
    with tempfile.TemporaryDirectory(prefix="fusion-replay-", dir="/tmp") as tmp:
        recorded = {}
        for key in sets:
            paras = SETS[key][1]
            (Path(tmp) / key).mkdir()
            index = build("whoosh", paras, Path(tmp) / key, {"whoosh": args.distractors_whoosh}
                          if args.distractors_whoosh else {})
            recorded[key] = record(Path(index), key)
            print(f"recorded {key}: {len(recorded[key])} questions", flush=True)
    rows = []
    for blend in GRID:
        even = {k: mrr(r, 0, blend) for k, r in recorded.items()}
        odd = {k: mrr(r, 1, blend) for k, r in recorded.items()}
        rows.append((sum(even.values()) / len(even), blend, even, odd))
    rows.sort(key=lambda r: -r[0])
    print("| blend (cross-language) | mean, even | " + " | ".join(f"{k} even / odd" for k in sets) + " |")
    print("|---|---|" + "---|" * len(sets))
    now = fusion.CROSS_LANGUAGE
    for mean, blend, even, odd in rows[:10] + [r for r in rows if r[1] in (now, fusion.Blend(0.2))]:
        mark = " (now)" if blend == now else " (before)" if blend == fusion.Blend(0.2) else ""
        print(f"| {blend.weight} + {blend.confidence} x confidence, cosine "
              f"{'scaled' if blend.scale_cosine else 'raw'}{mark} | {mean:.3f} | "
              + " | ".join(f"{even[k]:.3f} / {odd[k]:.3f}" for k in sets) + " |")
    print(os.popen("uptime").read().strip())


if __name__ == "__main__":
    main()
