"""The proximity bonus on Whoosh (corpus/engines/proximity.py says what it is): the best
keyword matches rescored, after either path ranked them (WhooshCorpus.ranked), from the
postings the fast path keeps (term weights, and positions decoded only for the documents
rescored). The keyword scores themselves are untouched: the fast path still equals
Whoosh's own scoring."""
from __future__ import annotations

from bisect import bisect_left

from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

from corpus.engines import proximity
from corpus.engines.whoosh.fastsearch.scorer import idf as term_idf
from corpus.engines.whoosh.snippets import _characters_at as characters_at

FIELD = proximity.FIELD


def rescored(run, pairs, ranked: list, window: int, shown: int | None = None) -> list:
    """`ranked` ((docnum, keyword score), best first) with the bonus added to its first
    `window` and those re-ordered (higher score first, then lower docnum); the rest follow.
    `shown`: only the first `shown` of the result are used, so a document whose score
    plus the largest bonus it could get stays below `shown` scores it cannot reach is
    not rescored (no positions read for it): those first `shown` are the same."""
    head = ranked[:window]
    if shown is not None and shown < len(head):
        extra, whole = _bounded_bonuses(run, pairs, head, shown)
    else:
        extra, whole = bonuses(run, pairs, [d for d, _ in head]), True
    if not extra and whole:
        return ranked
    head = sorted(((d, score + extra.get(d, 0.0)) for d, score in head), key=lambda ds: (-ds[1], ds[0]))
    return head + ranked[window:]


def _bounded_bonuses(run, pairs, head: list, shown: int, weight: float = proximity.WEIGHT):
    """({docnum: bonus}, whether every document of `head` was rescored): the first `shown`
    of `head` rescored, then those others that could still reach the first `shown` -- a
    bonus is at most `weight` times the summed body scores of the pairs a document holds,
    and `shown` documents already score at least the floor."""
    ordered = sorted(d for d, _ in head)
    scores = {t: term_scores(run, t, ordered) for p in pairs for t in p}
    extra = bonuses(run, pairs, [d for d, _ in head[:shown]], scores=scores)
    floor = sorted((score + extra.get(d, 0.0) for d, score in head), reverse=True)[shown - 1]
    rest = []
    for d, score in head[shown:]:
        most = sum(scores[a][d] + scores[b][d] for a, b in pairs
                   if d in scores[a] and d in scores[b])
        if score + weight * most * (1 + 1e-9) >= floor:
            rest.append(d)
    extra.update(bonuses(run, pairs, rest, scores=scores))
    return extra, len(rest) == len(head) - shown


def bonuses(run, pairs, docnums: list[int], slop: int = proximity.SLOP,
            weight: float = proximity.WEIGHT, scores: dict | None = None) -> dict[int, float]:
    """{docnum: bonus} for those of `docnums` with a near pair (run: fastsearch.Run);
    `scores`: the stems' term_scores already read for these documents or more."""
    found = features(run, pairs, docnums, scores)
    out = {}
    for d, near in found.items():
        total = sum(scores for distance, scores in near if distance <= slop + 1)
        if total:
            out[d] = weight * total
    return out


def features(run, pairs, docnums: list[int], known: dict | None = None) -> dict[int, list[tuple[int, float]]]:
    """{docnum: [(closest distance of a pair's stems, their two body scores)]} for the
    pairs both of whose stems a document holds; `known`: {stem: term_scores} of these
    documents or more (a document's score does not depend on the others asked with it)."""
    ordered = sorted(set(docnums))
    stems = {t for p in pairs for t in p}
    if known is None:
        scores = {t: term_scores(run, t, ordered) for t in stems}
    else:
        scores = {t: {d: known[t][d] for d in ordered if d in known[t]} for t in stems}
    partners: dict[str, set] = {t: set() for t in stems}     # docs where a pair of t can be near
    for a, b in pairs:
        both = scores[a].keys() & scores[b].keys()
        partners[a] |= both
        partners[b] |= both
    positions = {t: term_positions(run, t, [d for d in ordered if d in partners[t]]) for t in stems}
    out: dict[int, list] = {}
    for a, b in pairs:
        pa, pb = positions[a], positions[b]
        for d in pa.keys() & pb.keys():
            out.setdefault(d, []).append((distance(pa[d], pb[d]), scores[a][d] + scores[b][d]))
    return out


def distance(a: list[int], b: list[int]) -> int:
    """The smallest |x - y| of x in a, y in b (sorted lists)."""
    best, i, j = 1 << 30, 0, 0
    while i < len(a) and j < len(b):
        d = a[i] - b[j]
        best = min(best, abs(d))
        if d < 0:
            i += 1
        else:
            j += 1
    return best


def term_scores(run, stem: str, docnums: list[int]) -> dict[int, float]:
    """{docnum: the stem's unboosted body score} for the sorted docnums holding it: BM25F
    as Whoosh's scorer computes it (fastsearch/scorer.py term_scores)."""
    s = run.searcher
    try:
        btext = s.schema[FIELD].to_bytes(stem)
    except ValueError:
        return {}
    p = run.postings(FIELD, btext)
    have = p.docset()
    wanted = [d for d in docnums if d in have]
    if not wanted:
        return {}
    ids, weights = p.ids, p.weights
    tf = {d: weights[bisect_left(ids, d)] for d in wanted}
    K1 = s.weighting.K1
    idf = term_idf(run.st, s, FIELD, btext, p.df)       # (no term lookup in each segment)
    norms = run.st.norms(s, FIELD, s.weighting)
    k1p1 = K1 + 1
    return {d: idf * ((tf[d] * k1p1) / (tf[d] + norms[d])) for d in wanted}


def term_positions(run, stem: str, docnums: list[int]) -> dict[int, list[int]]:
    """{docnum: sorted body positions of the stem} for the sorted docnums (all holding it)."""
    if not docnums:
        return {}
    found = run.characters(FIELD, stem, docnums)
    if found is None:       # read by walking the postings, kept in the same value cache
        btext = run.searcher.schema[FIELD].to_bytes(stem)
        known = run.st.values_get(FIELD, btext, docnums)
        found = list(_walk(run.searcher, stem, [d for d in docnums if d not in known]))
        run.st.values_put(FIELD, btext, found)
        found += known.items()
    return {d: [pos for pos, _, _ in chars] for d, chars in found}


def _walk(s, stem: str, docnums: list[int]):
    """(docnum, characters) read segment by segment, skipping the blocks that hold none of
    `docnums` (postings that are not plain block lists: deletions, several segments)."""
    btext = s.schema[FIELD].to_bytes(stem)
    for sub, offset in s.leaf_searchers():
        r = sub.reader()
        targets = [d - offset for d in docnums if offset <= d < offset + r.doc_count_all()]
        if not targets:
            continue
        try:
            m = r.postings(FIELD, btext)
        except TermNotFound:
            continue
        if type(m) is FilterMatcher:        # deleted documents: never among `docnums`
            m = m.child
        for d, chars in characters_at(m, targets):
            yield d + offset, chars
