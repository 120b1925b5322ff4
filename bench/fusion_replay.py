"""Tune the fusion (corpus/embeddings/fusion.py) by replay: each question is searched once
(semantic=auto, translate=auto, op=or), the inputs of its fusion are recorded (keyword head,
vector hits, cosines, each document's relation), and every blend of a grid is replayed on them
with fusion.fuse itself: minutes instead of one full run of bench/fusion_pairs.py per blend.

    PYTHONPATH=. nice -n 10 python bench/fusion_replay.py --distractors-whoosh /tmp/s5/w31k-emb
    PYTHONPATH=. nice -n 10 python bench/fusion_replay.py --relation same --sets ar,en,ar+31k \
        --engine opensearch --distractors-opensearch fu-os31k --recordings /tmp/fu-rec

--relation cross (the default) replays the cross-language blend over the cross sets, same
documents keeping theirs; --relation same the same-language blend over the same-language
sets. The grid is chosen on the even-position questions of the sets together (their mean
MRR@10); the odd positions are printed beside it, and bench/fusion_pairs.py reports them
through the whole system on both engines. Recordings are keyed by document id, so those of
both engines replay alike; --recordings DIR keeps them (one file per engine and set) and a
later run with the same DIR replays without searching. The keyword head is recorded RECORD_DEPTH
deep, so a grid can try depths up to it.
"""
from __future__ import annotations

import argparse
import os
import pickle
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

RECORD_DEPTH = 400


class Normalised:
    """A same-language blend fusion.py does not have, replayed only: the keyword score and the
    cosine each put on 0..1 within the candidates, min-max ("minmax") or as z-scores ("z"),
    then weighted; the candidates of the other relation keep fusion.py's blend."""

    def __init__(self, kind: str, weight: float):
        self.kind, self.weight = kind, weight

    def rank(self, keyword, vector, sims, same) -> list:
        cos = {**sims, **dict(vector)}
        keys = list(dict.fromkeys([k for k, _ in keyword] + [k for k, _ in vector]))
        kw = {k: s or 0.0 for k, s in keyword}
        fused = dict(fusion.fuse(keyword, vector, sims, blends={k: fusion.CROSS_LANGUAGE for k in keys}))
        scale_kw, scale_cos = self._scale(list(kw.values())), self._scale([cos.get(k, 0.0) for k in keys])
        low = min(kw.values(), default=0.0)
        score = {k: (self.weight * scale_kw(kw.get(k, low)) + (1 - self.weight) * scale_cos(cos.get(k, 0.0))
                     if same.get(k, True) else fused[k]) for k in keys}
        return sorted(keys, key=lambda k: -score[k])

    def _scale(self, values: list):
        if not values:
            return lambda v: 0.0
        if self.kind == "minmax":
            lo, hi = min(values), max(values)
            return lambda v: (v - lo) / (hi - lo) if hi > lo else 0.0
        mean = sum(values) / len(values)
        sd = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 or 1.0
        return lambda v: (v - mean) / sd


GRID = {"cross": [(fusion.Blend(w, c, scale_cosine=s), fusion.DEPTH) for s in (False, True)
                  for w in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4) for c in (0.0, 0.2, 0.4, 0.6)],
        "same": [(fusion.Blend(w), fusion.DEPTH) for w in (0.3, 0.4, 0.5, 0.6, 0.7)]
                + [(Normalised(kind, w), d) for kind in ("minmax", "z") for w in (0.4, 0.5, 0.6, 0.7)
                   for d in (fusion.DEPTH, RECORD_DEPTH)]}


def _ids(engine: str, index) -> dict | None:
    """Whoosh: docnum -> document id (its fusion keys docnums); OpenSearch keys ids already."""
    if engine != "whoosh":
        return None
    from corpus.engines.whoosh import store
    with store.open_index(index).searcher() as s:
        column = s.reader().column_reader("id")
        return {n: column[n] for n in s.reader().all_doc_ids()}


def record(engine: str, index, key: str) -> list[tuple[int, str, tuple | None, list]]:
    """(position, gold id, fusion inputs, the ids found) per question of the set, keyword head
    RECORD_DEPTH deep; no inputs when no vector hit passed MIN_SIMILARITY: then the keyword
    ranking stands."""
    from corpus.engines.whoosh import semantic as whoosh_semantic
    asked, found, _ = SETS[key]
    found = found.split("+")[0]
    idof = _ids(engine, index)
    searcher = open_searcher(engine, index)
    seen: list = []
    real, depths = semantic.fuse, (semantic.DEPTH, whoosh_semantic.DEEPER)

    def spy(keyword, vector, similarity, method="score", blend=fusion.CROSS_LANGUAGE, blends=None):
        seen.append((list(keyword), list(vector), dict(similarity),
                     {k: b == fusion.SAME_LANGUAGE for k, b in (blends or {}).items()}))
        return real(keyword, vector, similarity, method, blend, blends)
    semantic.fuse = spy
    semantic.DEPTH, whoosh_semantic.DEEPER = RECORD_DEPTH, RECORD_DEPTH + semantic.K
    out = []
    try:
        for i, (q, gold) in enumerate(load_xquad(asked)[1]):
            seen.clear()
            res = searcher.search(plain_words(q), op="or", size=K, facets=(), snippets=False,
                                  translate="auto", semantic="auto")
            inputs = seen[0] if seen else None
            if inputs and idof is not None:
                keyword, vector, sims, same = inputs
                inputs = ([(idof[k], s) for k, s in keyword], [(idof[k], s) for k, s in vector],
                          {idof[k]: s for k, s in sims.items()}, {idof[k]: v for k, v in same.items()})
            out.append((i, gold.replace(f"xquad-{asked}-", f"xquad-{found}-"), inputs, [h.id for h in res.hits]))
    finally:
        semantic.fuse = real
        semantic.DEPTH, whoosh_semantic.DEEPER = depths
    return out


def mrr(recorded, parity: int, relation: str, blend: fusion.Blend | None, depth: int = fusion.DEPTH) -> float:
    """MRR@10 of the questions at `parity` positions with `blend` for the documents of
    `relation` (the other relation keeps fusion.py's); blend None: keyword only."""
    rr = reciprocal_ranks(recorded, parity, relation, blend, depth)
    return sum(rr) / max(len(rr), 1)


def gain(recorded, parity: int, relation: str, blend: fusion.Blend) -> tuple[float, float]:
    """(MRR@10 gain over keyword only, its standard error): paired, per question."""
    d = [a - b for a, b in zip(reciprocal_ranks(recorded, parity, relation, blend),
                               reciprocal_ranks(recorded, parity, relation, None))]
    mean = sum(d) / len(d)
    return mean, (sum((x - mean) ** 2 for x in d) / (len(d) - 1) / len(d)) ** 0.5


def reciprocal_ranks(recorded, parity: int, relation: str, blend: fusion.Blend | None,
                     depth: int = fusion.DEPTH) -> list[float]:
    out = []
    for i, gold, inputs, found in recorded:
        if i % 2 != parity:
            continue
        ranked = found
        if inputs is not None:
            keyword, vector, sims, same = inputs
            if blend is None:
                ranked = [k for k, _ in keyword]
            elif isinstance(blend, Normalised):
                ranked = blend.rank(keyword[:depth], vector, sims, same)[:K]
            else:
                blends = {k: (blend if (relation == "same") == is_same else
                              fusion.SAME_LANGUAGE if is_same else fusion.CROSS_LANGUAGE)
                          for k, is_same in same.items()}
                ranked = [k for k, _ in fusion.fuse(keyword[:depth], vector, sims, blend=blend, blends=blends)[:K]]
        out.append(1 / (ranked.index(gold) + 1) if gold in ranked[:K] else 0.0)
    return out


def recordings(args, sets: list[str]) -> dict:
    folder = Path(args.recordings) if args.recordings else None
    recorded = {}
    with tempfile.TemporaryDirectory(prefix="fusion-replay-", dir="/tmp") as tmp:
        for key in sets:
            kept = folder / f"{args.engine}-{key}.pickle" if folder else None
            if kept and kept.exists():
                recorded[key] = pickle.loads(kept.read_bytes())
                continue
            (Path(tmp) / key).mkdir()
            distractors = {e: d for e, d in (("whoosh", args.distractors_whoosh),
                                            ("opensearch", args.distractors_opensearch)) if d}
            index = build(args.engine, SETS[key][1], Path(tmp) / key, distractors)
            try:
                recorded[key] = record(args.engine, index, key)
            finally:
                if args.engine == "opensearch" and not SETS[key][1].endswith("+31k"):
                    from corpus.engines.opensearch.client import connect
                    connect().indices.delete(index=f"{index}*", ignore=[404])
            if kept:
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(pickle.dumps(recorded[key]))
            print(f"recorded {args.engine} {key}: {len(recorded[key])} questions", flush=True)
    return recorded


def describe(blend: fusion.Blend | None, depth: int) -> str:
    if blend is None:
        return "keyword only"
    if isinstance(blend, Normalised):
        return f"{blend.kind}-normalised, keyword weight {blend.weight}, depth {depth}"
    text = f"{blend.weight}" + (f" + {blend.confidence} x confidence" if blend.confidence else "")
    return text + f", cosine {'scaled' if blend.scale_cosine else 'raw'}" + (
        f", depth {depth}" if depth != fusion.DEPTH else "")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="whoosh", choices=("whoosh", "opensearch"))
    ap.add_argument("--relation", default="cross", choices=("cross", "same"))
    ap.add_argument("--sets", help="default: every set of the relation")
    ap.add_argument("--distractors-whoosh", type=Path, help="a 31k Whoosh index built with --embeddings (copied)")
    ap.add_argument("--distractors-opensearch", help="a 31k OpenSearch index built with --embeddings (added to)")
    ap.add_argument("--recordings", help="a folder keeping the recordings (replayed when there)")
    args = ap.parse_args(argv)
    budget.SECONDS = 60.0           # as bench/fusion_pairs.py: the load cannot change a translation
    from corpus.translate import warm
    warm()
    print(os.popen("uptime").read().strip(), flush=True)
    sets = (args.sets.split(",") if args.sets else [k for k in SETS if SETS[k][2] == args.relation
                                                      and (not k.endswith("+31k") or getattr(args, f"distractors_{args.engine}"))])
    recorded = recordings(args, sets)
    now = fusion.SAME_LANGUAGE if args.relation == "same" else fusion.CROSS_LANGUAGE
    rows = []
    for blend, depth in [(None, fusion.DEPTH), *GRID[args.relation]]:
        even = {k: mrr(r, 0, args.relation, blend, depth) for k, r in recorded.items()}
        odd = {k: mrr(r, 1, args.relation, blend, depth) for k, r in recorded.items()}
        rows.append((sum(even.values()) / len(even), blend, depth, even, odd))
    rows.sort(key=lambda r: -r[0])
    print(f"{args.engine}, {args.relation}-language blend")
    print("| blend | mean, even | " + " | ".join(f"{k} even / odd" for k in sets) + " |")
    print("|---|---|" + "---|" * len(sets))
    for mean, blend, depth, even, odd in rows:
        mark = " (now)" if (blend, depth) == (now, fusion.DEPTH) else ""
        print(f"| {describe(blend, depth)}{mark} | {mean:.3f} | "
              + " | ".join(f"{even[k]:.3f} / {odd[k]:.3f}" for k in sets) + " |")
    for k, r in recorded.items():       # how far the odd half's gain is from noise
        g, se = gain(r, 1, args.relation, now)
        print(f"{k}, odd positions: fusion.py's blend gains {g:+.4f} over keyword only, standard error {se:.4f} "
              f"({sum(1 for i, *_ in r if i % 2)} questions, paired)")
    print(os.popen("uptime").read().strip())


if __name__ == "__main__":
    main()
