"""A fast path for the common query shapes: boolean trees of Term queries.

Whoosh answers a search by walking matcher trees posting by posting (about 10-15 µs each
in Python), and Corpus.search did it twice: once for the set of matching documents (total,
facets) and once for the BM25F top k. Here each term's posting list is read once, block by
block (ids + weights, no per-posting matcher calls), and then

* the matching docnums come from Python set algebra (And = intersection, Or = union,
  Not = complement within the live documents, AndNot = difference), computed once and
  reused for the total, the facets and the ranking;
* the candidates (the matching documents that pass the filters) are scored as Whoosh
  scores them: BM25F with the searcher's idf and average field length, the stored
  (byte-quantized) field length of the document, query boosts multiplying, and the
  sub-scores added in the order Whoosh's matcher tree adds them (per segment: the
  huffman-like tree `make_weighted_tree` builds from `estimate_size`, or the sequential
  ArrayUnionMatcher sum Whoosh picks for an Or of 3+ clauses in a segment of up to 5,000
  documents) -- the same floats, bit for bit -- and ordered as Whoosh orders hits (higher
  score first, then lower docnum), the top k by heapq.nlargest.

That is what Whoosh's exhaustive search (searcher.search(q, limit=None)) returns, and what
its top-k search returns but for two pruning bugs of whoosh-reloaded 2.7.5 that change it
(AndMaybeMatcher.skip_to leaving its optional matcher behind; ArrayUnionMatcher.max_quality
taking the largest clause maximum instead of their sum; see tests/test_fastsearch.py).

Every(field) (`source:*`) is the set of documents with a term in the field, once per
version, ranked with a constant score like Every(). A Phrase (sloppy or not: translated
names and multiword terms are phrases) matches what Whoosh's SpanNear2 matches -- its words'
postings intersected, then positions decoded only for the documents still holding the
phrase so far -- kept per version, and scores as Whoosh's tree of IntersectionMatchers
over its words. `compile` returns None for anything else (prefixes and wildcards --
corpus/expand.py turns those into terms first --, ranges, fuzzy terms, zero or negative
boosts) and the caller keeps the Whoosh path. An
Or with a coordination scale (qparser.OrGroup.factory(scale), i.e. op="or") gets the fast
match set, but `Run.rank` returns None for it and Whoosh ranks it (see `Run.rank` why).

Per index version (`VersionState`): field-length norms, live documents, phrase matches, and an LRU of
posting arrays (with their docnum sets and score arrays) and of decoded posting values
(character offsets for snippets), bounded by `max_postings` (0 turns the LRU off).

The package, by concern: plan.py (query -> Node tree), postings.py (codec reads: the only
home of Whoosh codec internals), cache.py (per index version), run.py (match sets,
ranking), scorer.py (BM25F).
"""
from __future__ import annotations

from corpus.engines.whoosh.fastsearch.cache import FastSearch, VersionState
from corpus.engines.whoosh.fastsearch.plan import Node, compile
from corpus.engines.whoosh.fastsearch.postings import Postings
from corpus.engines.whoosh.fastsearch.run import Run, _has_coord

__all__ = ["FastSearch", "Node", "Postings", "Run", "VersionState", "compile", "_has_coord"]
