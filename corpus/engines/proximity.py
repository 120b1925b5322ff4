"""Proximity: documents where the query's words stand close together rank higher.

As Solr's edismax `pf2` or a Lucene sloppy-phrase boost: each pair of words of the query as
typed that stand next to each other or one word apart in it (their body stems, in query
order, each stem once; stopwords are not positions, as in the index) that occurs in a document's body within SLOP words of each
other, in either order, adds WEIGHT times the two words' body scores (the engine's own
BM25 score of each stem in that document) to the document's score:

    score = keyword score + WEIGHT * sum over near pairs (score(a) + score(b))

So `علي عبدالله صالح` ranks the articles naming him above line-ups that hold the three
words apart. Translations, phrases, prefixes, wildcards, negated words and words under a
field other than body are not paired (a phrase already asks for its words together).

The pairs are chosen here, from the neutral query tree, for both engines. OpenSearch adds
one optional clause per pair to every match (span_near in a filter, the two terms scored:
opensearch/compile.py proximity_clauses); Whoosh adds the same bonus to its best WINDOW
keyword matches (whoosh/proximity.py), the one stage both its fast and its ordinary path
go through. Where they differ: each engine's BM25 (as for the keyword score), and a
document beyond Whoosh's WINDOW best that a bonus would lift into them.
"""
from __future__ import annotations

from corpus import querylang as ql
from corpus.analysis.analyzer import terms

# Chosen on XQuAD-ar + 31,030 distractors (Whoosh, the best 200 rescored offline; MRR@10
# 0.8645 without): REACH 1 / 2 at SLOP 3, WEIGHT 0.3: 0.8760 / 0.8799; SLOP 0, 1, 2, 3, 5, 8
# at REACH 2, WEIGHT 0.3: 0.8721, 0.8771, 0.8788, 0.8799, 0.8792, 0.8768; WEIGHT 0.1, 0.2,
# 0.3, 0.5, 0.8 at REACH 2, SLOP 3: 0.8732, 0.8776, 0.8799, 0.8784, 0.8675. The same on
# XQuAD-ar alone: 0.9452 -> 0.9431, XQuAD-en: 0.9653 -> 0.9643.
REACH = 2           # a query word pairs with the next REACH words of the query
SLOP = 3            # words allowed between the two: |position a - position b| <= SLOP + 1
WEIGHT = 0.3        # of the pair's two body scores
MAX_PAIRS = 16      # the first pairs of a long query
WINDOW = 30         # Whoosh: keyword matches rescored (OpenSearch scores every match);
                    # 30, 50, 100, 200 gave the same MRR@10 above
FIELD = "body"


def stems(tree) -> list[str]:
    """The body stems of the query's words as typed, in query order, each once."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, ql.Alternatives):
            walk(node.children[0])          # the word as typed; translations follow it
        elif isinstance(node, (ql.And, ql.Or)):
            for child in node.children:
                walk(child)
        elif isinstance(node, ql.Word) and node.weight >= 1.0 and node.field in (None, FIELD):
            out.extend(t for t in terms(node.text, "stem") if t not in out)

    walk(tree)
    return out


def pairs(tree) -> tuple[tuple[str, str], ...]:
    """The pairs of stems(tree) standing next to each other or one word apart in the
    query, in query order, at most MAX_PAIRS."""
    found = stems(tree)
    return tuple((a, b) for i, a in enumerate(found) for b in found[i + 1:i + 1 + REACH])[:MAX_PAIRS]


def near(a: list[int], b: list[int], slop: int = SLOP) -> bool:
    """Whether two sorted position lists hold positions at most slop + 1 apart."""
    i = j = 0
    reach = slop + 1
    while i < len(a) and j < len(b):
        d = a[i] - b[j]
        if -reach <= d <= reach:
            return True
        if d < 0:
            i += 1
        else:
            j += 1
    return False
