"""Forgiving search: spelling variants searched without asking, and "did you mean".

Rules over a query string and the index's document counts of words (`counts`: an engine's
word_counts, each word asked once per query); it never searches. The engines take the step
around their search (corpus/engines/forgiving.py):

    found = with_variants(q, counts)         the query to search, the variants it adds
    fix = correction(q, op, found, counts)   a corrected query to count, or None
    helps(fix, its total, the query's total) whether to offer it

and add to the Results

    variants    [{"word": "البشمركة", "added": ["البيشمركة"]}]: same-word spellings searched too
    suggestion  {"query": "اسعار النفط", "total": 1234}: only when it finds clearly more

Facet values named in the query (place:هەولێر) become the facet's value (Erbil) as filters do.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from corpus.fields import FACETS
from corpus.metadata import canonical
from corpus.suggest import speller, variants as variant_rules
from corpus.suggest.words import Token, exact, replace, surface, tokens

CLEARLY_MORE = 2.0       # a suggestion finds at least twice as many documents ...
AT_LEAST = 3             # ... and this many more
# Longer words get no variants or corrections: the index's longest words in more than two
# documents have 19 letters (31k news), and a 500-letter word has 5,000 candidates to count.
MAX_LETTERS = 40


class Counts:
    """Documents holding each word (exact forms), from `word_counts` (an engine's), each
    word asked once."""

    def __init__(self, word_counts: Callable[[list[str]], dict[str, int]]):
        self.ask = word_counts
        self.known: dict[str, int] = {}

    def __call__(self, words) -> dict[str, int]:
        missing = [w for w in words if w and w not in self.known]
        if missing:
            self.known.update(self.ask(missing))
        return {w: self.known[w] for w in words if w in self.known}


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


def with_variants(q: str, counts: Counts) -> Variants:
    """`q` with each word's same-word spellings that the index holds OR-ed in."""
    words = [t for t in tokens(q) if t.kind == "word" and t.field is None]
    forms = [f if len(f) <= MAX_LETTERS else "" for f in (exact(t.text) for t in words)]
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


def correction(q: str, op: str, found: Variants, counts: Counts) -> Correction | None:
    """`q` with its rare words corrected (corpus/suggest/speller.py), or None."""
    words, forms = found.words, found.forms
    if not any(forms):
        return None
    have = counts(forms)
    fixes = speller.correct([f for f in forms if f], counts, have)
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
