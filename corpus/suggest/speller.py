"""Did you mean: corrections of rare query words from the index's vocabulary.

A word is checked only when few documents hold it. Its candidates are the typing errors one
step away that readers and typists make (distance.py): a confusable letter or a neighbouring
key, a long vowel added or dropped, a letter dropped, two letters swapped, a missing space
(وزيرالصحة -> وزير الصحة); the index says which exist and how often: `wanted` names the
words to count, the caller counts them, `correct` decides.
Each is scored by how often it occurs against how far it is. A word no document holds takes
its best candidate; a word some documents hold only a near one far more frequent.
"""
from __future__ import annotations

import math

from corpus.analysis.analyzer import is_arabic
from corpus.suggest.distance import cheap_substitutes, distance

RARE = 5                 # words in fewer documents are checked
MIN_COUNT = 3            # a correction occurs in at least this many documents
RATIO = 20               # ... and in this many times the documents of a word that exists
NEAR = 0.7               # how far a correction of an existing word may be (a swap)
SPLIT_MIN = 20           # each half of a split word occurs at least this often
WEIGHT = 3.0             # log-frequency units one edit costs


def max_distance(word: str) -> float:
    return 0.7 if len(word) <= 4 else 1.0 if len(word) <= 6 else 1.6


def _splits(word: str) -> list[tuple[str, str]]:
    if len(word) < 6:
        return []
    return [(word[:i], word[i:]) for i in range(2, len(word) - 1)]


def edits(word: str) -> set[str]:
    """The words one likely typing error away (see the module's docstring)."""
    out, vowels = set(), "اويء" if is_arabic(word) else "aeiou"
    for i, c in enumerate(word):
        out.add(word[:i] + word[i + 1:])                          # a letter too many
        out.update(word[:i] + b + word[i + 1:] for b in cheap_substitutes(c))
        if c in vowels and not is_arabic(word):                   # one English vowel for another
            out.update(word[:i] + v + word[i + 1:] for v in vowels)
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + c + word[i + 2:])    # two letters swapped
    for i in range(1, len(word)):
        out.update(word[:i] + v + word[i:] for v in vowels)        # a vowel left out
        if not is_arabic(word) and word[i - 1] not in vowels:
            out.add(word[:i] + word[i - 1] + word[i:])             # a double letter typed once
    out.discard(word)
    return {w for w in out if len(w) >= 2}


def _checked(word: str, n: int) -> bool:
    return n < RARE and len(word) >= 3 and not word.isdigit()


def wanted(words: list[str], counts: dict[str, int]) -> set[str]:
    """The words whose document counts `correct` needs: the candidates of the rare words
    (`counts`: the words' own counts)."""
    out = set()
    for word in words:
        if _checked(word, counts.get(word, 0)):
            out |= edits(word)
            out.update(h for pair in _splits(word) for h in pair)
    return out


def correct(words: list[str], counts: dict[str, int]) -> dict[str, tuple[str, float]]:
    """exact word -> (its correction, score), for the words worth correcting; `counts`: the
    index's document counts of the words and of what `wanted` named."""
    out = {}
    for word in words:
        n = counts.get(word, 0)
        if not _checked(word, n):
            continue
        limit = max_distance(word) if n == 0 else NEAR
        needed = MIN_COUNT if n == 0 else max(MIN_COUNT, RATIO * n)
        scored = []
        for cand in edits(word):
            f = counts.get(cand, 0)
            if f >= needed and (d := distance(word, cand)) <= limit:
                scored.append((math.log(f) - WEIGHT * d, cand))
        for a, b in _splits(word):
            f = min(counts.get(a, 0), counts.get(b, 0))
            if f >= max(SPLIT_MIN, needed):
                scored.append((math.log(f) - WEIGHT * distance(word, f"{a} {b}"), f"{a} {b}"))
        if scored:
            score, best = max(scored)
            out[word] = (best, score)
    return out
