"""Facet counts in stories (count=stories) on the Whoosh engine.

Per index version and facet, every document's (facet value, story) pair gets a number once
(`pairs`); a search marks the pairs of its documents and counts the marked pairs per value:
numpy over columns, linear in the matching documents, no sort per request."""
from __future__ import annotations

import threading

import numpy as np

from collections import Counter

from corpus.engines.memo import memo_per_version
from corpus.fields import MULTI_FACETS
from corpus.engines.whoosh.research import story_column

_lock = threading.Lock()


def pairs(corpus, s, facet: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(pair number per docnum, value number per pair, values) of `facet`, per index version."""
    held = memo_per_version(corpus, "_story_pairs", corpus.version(s), dict)
    if facet not in held:
        with _lock:
            if facet not in held:
                held[facet] = _build(corpus.columns(s)[facet], story_column(corpus, s))
    return held[facet]


def _build(column: list[str], story: np.ndarray):
    values = sorted(set(column))
    number = {v: i for i, v in enumerate(values)}
    value = np.fromiter(map(number.__getitem__, column), dtype=np.int64, count=len(column))
    width = int(story.max(initial=0)) + 1       # story numbers are 0 .. width - 1
    unique, pair = np.unique(value * width + story, return_inverse=True)
    return pair.reshape(-1), unique // width, values


class StoryCounter:
    """Story counts for one search; each docnum set is turned into an array once."""

    def __init__(self, corpus, s):
        self.corpus, self.s = corpus, s
        self._arrays: dict[int, tuple] = {}     # id(set) -> (set, array): the set kept alive

    def array(self, docs) -> np.ndarray:
        held = self._arrays.get(id(docs))
        if held is None:
            held = self._arrays[id(docs)] = (docs, np.fromiter(docs, dtype=np.int64, count=len(docs)))
        return held[1]

    def facet(self, facet: str, docs) -> dict[str, int]:
        return facet_counts(self.corpus, self.s, facet, self.array(docs))

    def total(self, docs) -> int:
        return count(self.corpus, self.s, self.array(docs))


def facet_counts(corpus, s, facet: str, docs: np.ndarray) -> dict[str, int]:
    """value -> distinct stories among `docs` (a docnum array) holding it."""
    if facet in MULTI_FACETS:       # several values a document: (value, story) pairs as a set
        column, story = corpus.columns(s)[facet], story_column(corpus, s)
        pairs_ = {(v, story[d]) for d in docs.tolist() for v in column[d]}
        return dict(Counter(v for v, _ in pairs_))
    pair, value_of, values = pairs(corpus, s, facet)
    marked = np.zeros(len(value_of), dtype=bool)
    marked[pair[docs]] = True
    counts = np.bincount(value_of[marked], minlength=len(values))
    return {values[i]: int(counts[i]) for i in np.flatnonzero(counts)}


def count(corpus, s, docs: np.ndarray) -> int:
    """Distinct stories among `docs`."""
    story = story_column(corpus, s)
    marked = np.zeros(int(story.max(initial=-1)) + 1, dtype=bool)
    marked[story[docs]] = True
    return int(np.count_nonzero(marked))
