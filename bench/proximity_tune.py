"""Choosing the proximity parameters (corpus/engines/proximity.py): MRR@10 of an XQuAD set
for a grid of REACH, SLOP, WEIGHT and WINDOW, on Whoosh, rescored in memory.

    python bench/proximity_tune.py INDEX SET [N]     # e.g. an index of XQuAD-ar + 31k, ar+d

INDEX: a Whoosh index holding the set's paragraphs (bench/quality.py builds them; a copy of
its cached distractor index with the paragraphs added serves for ar+d). Each question (op=or,
translate=auto, as bench/quality.py asks it) is ranked by keyword once, its best 200 kept
with the body scores and positions of its words; every setting is then a re-sort in memory.
N: the first N questions only.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402
from corpus import querylang as ql, translate as translation  # noqa: E402
from corpus.engines import open_searcher, proximity  # noqa: E402
from corpus.engines.whoosh import proximity as whoosh_proximity  # noqa: E402
from corpus.request import SearchRequest  # noqa: E402

DEPTH = 200


def features(c, s, q: str):
    """(keyword top DEPTH, their ids, {(i, gap): {docnum: (distance, two body scores)}})."""
    req = SearchRequest.build(quality.plain_words(q), op="or", size=10, facets=(), snippets=False)
    text_q = c.parse(req.q, req.op, searcher=s, request=req)
    plan = c.plan(s, text_q)
    base, _ = c.match_sets(s, text_q, {}, None, None, plan)
    top = c._by_score(s, text_q, base, False, DEPTH, plan)
    tree = translation.translate(ql.parse(req.q, req.op).tree, "auto", (), c.words_matching, req.q).tree
    stems = proximity.stems(tree)
    run = plan[1] or c.fastpath.run(c.version(s), s)
    ordered = sorted(d for d, _ in top)
    sc = {t: whoosh_proximity.term_scores(run, t, ordered) for t in stems}
    pos = {t: whoosh_proximity.term_positions(run, t, [d for d in ordered if d in sc[t]]) for t in stems}
    pairs = {}
    for i, a in enumerate(stems):
        for gap in (1, 2, 3):
            if i + gap < len(stems):
                b = stems[i + gap]
                pairs[(i, gap)] = {d: (whoosh_proximity.distance(pos[a][d], pos[b][d]), sc[a][d] + sc[b][d])
                                   for d in pos[a].keys() & pos[b].keys()}
    return top, [s.stored_fields(d)["id"] for d, _ in top], pairs


def mrr(rows, reach: int, slop: int, weight: float, window: int = DEPTH) -> float:
    rr = 0.0
    for gold, top, ids, pairs in rows:
        bonus: dict = {}
        for (_, gap), near in pairs.items():
            if gap <= reach:
                for d, (distance, both) in near.items():
                    if distance <= slop + 1:
                        bonus[d] = bonus.get(d, 0.0) + weight * both
        head = range(min(window, len(top)))
        order = sorted(head, key=lambda k: (-(top[k][1] + bonus.get(top[k][0], 0.0)), top[k][0]))
        ranked = [ids[k] for k in order][:quality.K]
        if gold in ranked:
            rr += 1 / (ranked.index(gold) + 1)
    return rr / len(rows)


def main() -> None:
    index, key = sys.argv[1], sys.argv[2]
    questions = quality.load_set(key)[1]
    if len(sys.argv) > 3:
        questions = questions[:int(sys.argv[3])]
    c = open_searcher("whoosh", index)
    s = c.searcher()
    started = time.perf_counter()
    rows = [(gold, *features(c, s, q)) for q, gold in questions]
    print(f"{key}: {len(rows)} questions ranked in {time.perf_counter() - started:.0f} s")
    print(f"keyword only: {mrr(rows, 1, 0, 0.0):.4f}")
    for reach in (1, 2, 3):
        for slop in (0, 1, 2, 3, 5, 8):
            cells = " ".join(f"{w}: {mrr(rows, reach, slop, w):.4f}" for w in (0.1, 0.2, 0.3, 0.5, 0.8))
            print(f"REACH {reach} SLOP {slop}  WEIGHT {cells}", flush=True)
    r, sl, w = proximity.REACH, proximity.SLOP, proximity.WEIGHT
    print(f"WINDOW at REACH {r} SLOP {sl} WEIGHT {w}: " +
          " ".join(f"{n}: {mrr(rows, r, sl, w, n):.4f}" for n in (10, 30, 50, 100, 200)))


if __name__ == "__main__":
    main()
