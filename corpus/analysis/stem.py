"""Stemmers: an Arabic light stemmer (Larkey's light10, as Lucene's ArabicStemmer) and
Snowball English. Both work on normalised words (alef unified, ة -> ه, ى -> ي)."""
from __future__ import annotations

import Stemmer

# (prefix, minimum length of what remains). One prefix is removed at most.
PREFIXES = (
    ("وال", 2), ("بال", 2), ("كال", 2), ("فال", 2), ("لل", 2), ("ال", 2),
    ("و", 3),
)
# Removed in this order, each when found, while 2+ letters remain (light10).
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def arabic_light_stem(word: str) -> str:
    for prefix, keep in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            word = word[len(prefix):]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def strip_arabic_prefix(word: str) -> str:
    """Prefix removal only: for prefix (wildcard) queries, where suffixes are still unknown."""
    for prefix, keep in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            return word[len(prefix):]
    return word


_english = Stemmer.Stemmer("english")
english_stem = _english.stemWord
