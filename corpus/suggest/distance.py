"""An Arabic-aware edit distance: letters readers confuse cost less than other substitutions.

Weighted Damerau-Levenshtein on normalised words (hamza seats, ى/ي and ة/ه are already one
letter after corpus.analysis.normalize, so they cost nothing). Rules are data: a table of
confusable pairs, the cost of a confusion, and cheap letters to insert or drop (long vowels).
"""
from __future__ import annotations

# Letters confused by sound (ض/ظ, ذ/ز/ظ, ت/ط, س/ص, ح/ه, ث/س, ق/ك), by their dots (ط/ظ, ص/ض, ع/غ,
# ف/ق, ج/ح/خ, ر/ز, د/ذ, س/ش, ب/ت/ث/ن) and hamza seats (ؤ/و, ئ/ي, ء/ا) left by normalisation.
CONFUSABLE = [set(g) for g in ("ضظ", "ذزظ", "تط", "سص", "حه", "ثس", "قك", "طظ", "صض", "عغ", "فق",
                               "جحخ", "رز", "دذ", "سش", "بتثني", "ؤوء", "ئيء", "اء", "هة", "يى")]
# Neighbours on the keyboard (a finger slipped): Arabic and QWERTY rows as typed.
KEYBOARDS = (("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرىةوزظ"), ("qwertyuiop", "asdfghjkl", "zxcvbnm"))
KEY = 0.6               # a neighbouring key
CONFUSION = 0.4         # a confusable substitution
VOWEL = 0.6             # inserting or dropping ا و ي (البشمركة / البيشمركة)
SPACE = 0.5             # a missing or extra space (وزيرالصحة / وزير الصحة)
SWAP = 0.7              # two neighbours swapped
EDIT = 1.0              # anything else

VOWELS = "اويaeiou"      # long vowels (and English vowels): cheap to add or drop
_PAIRS = {(a, b) for g in CONFUSABLE for a in g for b in g if a != b}


def _neighbours() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for rows in KEYBOARDS:
        for r, row in enumerate(rows):
            for i, c in enumerate(row):
                keys = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
                keys |= {rows[o][i] for o in (r - 1, r + 1) if 0 <= o < len(rows) and i < len(rows[o])}
                near.setdefault(c, set()).update(keys - {c})
    return near


NEIGHBOURS = _neighbours()


def cheap_substitutes(c: str) -> set[str]:
    """Letters `c` is often typed for: confusable ones and its keyboard neighbours."""
    return {b for g in CONFUSABLE if c in g for b in g if b != c} | NEIGHBOURS.get(c, set())


def substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if (a, b) in _PAIRS:
        return CONFUSION
    return KEY if b in NEIGHBOURS.get(a, ()) else EDIT


def indel(c: str, first: bool = False) -> float:
    """Adding or dropping `c`; a first letter is no long vowel (أعدم is not عدم)."""
    return SPACE if c == " " else VOWEL if c in VOWELS and not first else EDIT


def distance(a: str, b: str) -> float:
    """Weighted Damerau-Levenshtein distance (optimal string alignment)."""
    n, m = len(a), len(b)
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + indel(b[j - 1], j == 1)
    for i in range(1, n + 1):
        cur = [prev[0] + indel(a[i - 1], i == 1)] + [0.0] * m
        for j in range(1, m + 1):
            cur[j] = min(prev[j] + indel(a[i - 1], i == 1), cur[j - 1] + indel(b[j - 1], j == 1),
                         prev[j - 1] + substitution(a[i - 1], b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and a[i - 1] != b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + SWAP)
        prev2, prev = prev, cur
    return prev[m]
