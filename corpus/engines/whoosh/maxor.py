"""MaxOr: Whoosh's DisjunctionMax with the scoring Lucene's dis_max gives -- the best
sub-query's score plus `tiebreak` times the others' -- computed per segment from the
sub-matchers' postings (whoosh.matching.DisjunctionMaxMatcher compares sub-matchers at
different documents and drops the tie-break)."""
from __future__ import annotations

from whoosh import matching, query


class MaxOr(query.DisjunctionMax):
    JOINT = " MAX "

    def apply(self, fn):        # CompoundQuery.apply would drop the tie-break
        return type(self)([fn(q) for q in self.subqueries], boost=self.boost,
                          tiebreak=self.tiebreak)

    def _matcher(self, subs, searcher, context):
        scored = context.weighting is not None if context else True
        found: dict[int, list[float]] = {}
        for sub in subs:
            m = sub.matcher(searcher, context)
            while m.is_active():
                found.setdefault(m.id(), []).append(m.score() if scored else 1.0)
                m.next()
        if not found:
            return matching.NullMatcher()
        ids = sorted(found)
        scores = [combine(found[d], self.tiebreak) * self.boost for d in ids]
        return matching.ListMatcher(ids, scores)


def combine(scores: list[float], tiebreak: float) -> float:
    """Lucene's DisjunctionMaxScorer: max + (sum - max) * tiebreak, summed in order."""
    best = max(scores)
    return best + (sum(scores) - best) * tiebreak if tiebreak else best
