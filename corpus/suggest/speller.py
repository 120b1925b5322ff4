"""Did you mean: corrections of rare query words from the index's vocabulary.

A word is checked only when few documents hold it. Candidates: the engine's similar words
(vocabulary.similar) and the word split in two (وزيرالصحة -> وزير الصحة); each is scored by
how often it occurs against how far it is (distance.distance: confusable letters and long
vowels cost less). A word no document holds takes its best candidate; a word some documents
hold is corrected only by a near variant (a confusion, a vowel, a space) far more frequent.
"""
from __future__ import annotations

import math

from corpus.suggest.distance import distance
from corpus.suggest.vocabulary import vocabulary  # noqa: F401 (re-exported for callers)

RARE = 5                 # words in fewer documents are checked
MIN_COUNT = 3            # a correction occurs in at least this many documents
RATIO = 20               # ... and in this many times the documents of a word that exists
NEAR = 0.6               # how far a correction of an existing word may be
SPLIT_MIN = 20           # each half of a split word occurs at least this often


def max_distance(word: str) -> float:
    return 0.7 if len(word) <= 4 else 1.0 if len(word) <= 6 else 1.6


def _splits(word: str) -> list[tuple[str, str]]:
    if len(word) < 6:
        return []
    return [(word[:i], word[i:]) for i in range(2, len(word) - 1)]


def correct(words: list[str], vocab, counts: dict[str, int]) -> dict[str, tuple[str, float]]:
    """exact word -> (its correction, score), for the words worth correcting."""
    out = {}
    for word in words:
        n = counts.get(word, 0)
        if n >= RARE or len(word) < 3 or word.isdigit():
            continue
        limit = max_distance(word) if n == 0 else NEAR
        needed = MIN_COUNT if n == 0 else max(MIN_COUNT, RATIO * n)
        scored = []
        for cand, f in vocab.similar(word, 1 if len(word) <= 4 else 2).items():
            d = distance(word, cand)
            if d <= limit and f >= needed:
                scored.append((math.log(f) - 3 * d, cand))
        halves = _splits(word)
        if halves:
            part = vocab.counts([h for pair in halves for h in pair])
            for a, b in halves:
                f = min(part.get(a, 0), part.get(b, 0))
                if f >= max(SPLIT_MIN, needed):
                    scored.append((math.log(f) - 3 * 0.5, f"{a} {b}"))
        if scored:
            score, best = max(scored)
            out[word] = (best, score)
    return out
