"""Forgiving search: spelling variants searched without asking, and "did you mean".

Rules over a query string and the index's document counts of words; it never searches and
never asks the index: each step names the words it needs counted, the caller (the engines'
step around their search, corpus/engines/forgiving.py) counts them, the next step decides.

    counts = engine counts of words_to_count(q)
    found = with_variants(q, counts)         the query to search, the variants it adds
    counts += engine counts of correction_words(found, counts)
    fix = correction(q, op, found, counts)   a corrected query to count, or None
    helps(fix, its total, the query's total) whether to offer it

and add to the Results

    variants    [{"word": "البشمركة", "added": ["البيشمركة"]}]: same-word spellings searched too
    suggestion  {"query": "اسعار النفط", "total": 1234}: only when it finds clearly more

Facet values named in the query (place:هەولێر) become the facet's value (Erbil) as filters do.
"""
from __future__ import annotations

import dataclasses
from corpus.fields import FACETS
from corpus.metadata import canonical
from corpus.suggest import speller, variants as variant_rules
from corpus.suggest.words import Token, exact, replace, surface, tokens

CLEARLY_MORE = 2.0       # a suggestion finds at least twice as many documents ...
AT_LEAST = 3             # ... and this many more
# Longer words get no variants or corrections: the index's longest words in more than two
# documents have 19 letters (31k news), and a 500-letter word has 5,000 candidates to count.
MAX_LETTERS = 40


@dataclasses.dataclass
class Variants:
    query: str              # what to search: variants OR-ed in, facet values canonical
    added: list[dict]       # Results.variants
    words: list[Token]      # the query's bare words ...
    forms: list[str]        # ... and their exact forms ("" for a stopword)


@dataclasses.dataclass
class Correction:
    query: str              # the suggestion, as shown
    searched: str           # what counts its documents (facet values canonical)
    unseen: bool            # no document holds the corrected words as typed


def _quoted(value: str) -> str:
    return f'"{value}"' if " " in value else value


def _all_of(words: str) -> str:
    """Several words as one group that needs them all, whatever the query's op (not a
    phrase: phrases leave the engines' fast paths, and the typed words were not one either)."""
    return f"({' AND '.join(words.split())})" if " " in words else words


def facet_values(q: str) -> dict[int, str]:
    """Token offset -> the facet's value for `place:هەولێر`-style words."""
    return {t.start: _quoted(c) for t in tokens(q)
            if t.kind == "word" and t.field in FACETS and (c := canonical(t.field, t.text)) != t.text}


def _query_words(q: str) -> tuple[list[Token], list[str]]:
    """The query's bare words and their exact forms ("" for a stopword or a too long word)."""
    words = [t for t in tokens(q) if t.kind == "word" and t.field is None]
    return words, [f if len(f) <= MAX_LETTERS else "" for f in (exact(t.text) for t in words)]


def words_to_count(q: str) -> list[str]:
    """Step 1: the words whose document counts `with_variants` needs."""
    return sorted(variant_rules.wanted(_query_words(q)[1]))


def with_variants(q: str, counts: dict[str, int]) -> Variants:
    """`q` with each word's same-word spellings that the index holds OR-ed in; `counts`: the
    index's document counts of `words_to_count(q)`."""
    words, forms = _query_words(q)
    changes = facet_values(q)
    added = []
    if any(forms):
        for at, extra in variant_rules.find(forms, counts).items():
            i, j = (at, at) if isinstance(at, int) else at
            typed = " ".join(t.text for t in words[i:j + 1])
            shown = [surface(f, typed) for f in extra]
            group = " OR ".join(_all_of(x) for x in [typed, *shown])
            changes[words[i].start] = f"({group})"
            for k in range(i + 1, j + 1):
                changes[words[k].start] = ""
            added.append({"word": typed, "added": shown})
    return Variants(replace(q, changes) if changes else q, added, words, forms)


def correction_words(found: Variants, counts: dict[str, int]) -> list[str]:
    """Step 2: the words whose document counts `correction` needs besides step 1's."""
    return sorted(speller.wanted([f for f in found.forms if f], counts))


def correction(q: str, op: str, found: Variants, counts: dict[str, int]) -> Correction | None:
    """`q` with its rare words corrected (corpus/suggest/speller.py), or None; `counts`: the
    index's document counts of the words of both steps."""
    words, forms = found.words, found.forms
    if not any(forms):
        return None
    have = {f: counts.get(f, 0) for f in forms if f}
    fixes = speller.correct([f for f in forms if f], counts)
    if op == "or":      # any word: a correction adds hits by itself; only words no document has
        fixes = {f: fix for f, fix in fixes.items() if have.get(f, 0) == 0}
    if not fixes:
        return None
    changes = {t.start: surface(fixes[f][0], t.text) for t, f in zip(words, forms) if f in fixes}
    suggested = replace(q, changes)
    unseen = all(have.get(f, 0) == 0 for f in fixes)     # typed forms no document has
    return Correction(suggested, replace(suggested, facet_values(suggested)), unseen)


def helps(fix: Correction, found: int, total: int) -> bool:
    """Whether a correction that finds `found` documents is worth offering for a query
    that finds `total`."""
    return found >= CLEARLY_MORE * total and found >= total + AT_LEAST or fix.unseen and found >= AT_LEAST
