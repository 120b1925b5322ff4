"""Spelling variants that are the same word, searched without asking.

    عبد العزيز <-> عبدالعزيز      a name's head written apart or joined (عبد، أبو)
    البشمركة <-> البيشمركة        a long vowel (ا و ي) inside a long word, as transliterations vary

A variant is added when the index holds it in at least MIN_COUNT documents (for vowels also
at least SHARE of the typed form's): the engine's term counts decide, no list of words.
`wanted` names the words to count, the caller counts them, `find` decides.
"""
from __future__ import annotations

HEADS = ("عبد", "ابو")       # normalised: أبو -> ابو
VOWELS = "اوي"
MIN_COUNT = 3
SHARE = 0.05
MIN_CORE = 6                 # letters after the article for vowel variants (not امير / امر)


def _core(word: str) -> tuple[str, str]:
    return ("ال", word[2:]) if word.startswith("ال") else ("", word)


def vowel_forms(word: str) -> set[str]:
    """The word with one long vowel added or dropped inside it (not as its first letter or
    its last two: not الدولة / الدولية)."""
    art, core = _core(word)
    if len(core) < MIN_CORE or not ("\u0600" <= core[0] <= "\u06ff"):
        return set()
    out = set()
    for i in range(1, len(core) - 1):
        for v in VOWELS:
            out.add(art + core[:i] + v + core[i:])
        if core[i] in VOWELS and i < len(core) - 2:
            out.add(art + core[:i] + core[i + 1:])
    out.discard(word)
    return out


def head_split(word: str) -> str:
    """عبدالعزيز -> "عبد العزيز" ("" when the word does not start with a head)."""
    for head in HEADS:
        if word.startswith(head) and len(word) >= len(head) + 3:
            return f"{head} {word[len(head):]}"
    return ""


def _asks(words: list[str]) -> dict:
    """{index or (i, i+1): [candidate forms]} for the exact forms of a query's words."""
    asks: dict = {}
    for i, w in enumerate(words):
        if not w:
            continue
        asks[i] = sorted(vowel_forms(w))
        split = head_split(w)
        if split:
            asks[i].append(split)
        if w in HEADS and i + 1 < len(words) and words[i + 1]:
            asks[(i, i + 1)] = [w + words[i + 1]]
    return asks


def wanted(words: list[str]) -> set[str]:
    """The words whose document counts `find` needs: the typed forms and their candidates."""
    return {w for forms in _asks(words).values() for f in forms for w in f.split()} | {w for w in words if w}


def find(words: list[str], counts: dict[str, int]) -> dict:
    """For the exact forms of a query's words (in order): {index or (i, i+1): [variant forms]}.
    `counts`: document counts of the words `wanted(words)` names."""
    out = {}
    for at, forms in _asks(words).items():
        typed = counts.get(words[at] if isinstance(at, int) else "", 0)
        keep = []
        for f in forms:
            n = min(counts.get(p, 0) for p in f.split())
            if n >= MIN_COUNT and (" " in f or isinstance(at, tuple) or n >= SHARE * typed):
                keep.append(f)
        if keep:
            out[at] = keep
    return out
