"""How table and dictionary entries are compared (corpus/translate/lexicon.py reads them,
corpus/translate/compiled.py builds the dictionary cache by them)."""
from __future__ import annotations

from corpus.analysis.analyzer import analyze_word
from corpus.analysis.normalize import normalize


def key(words) -> str:
    """Normalised, lowercase, one space."""
    return " ".join(normalize(w) for w in " ".join(words).replace("-", " ").split())


def stem_key(words) -> str:
    """The key's words by their stems."""
    return " ".join(analyze_word(w)[1] or normalize(w) for w in key(words).split())
