"""Arabic-aware text analysis: normalise, drop stopwords, stem; one analyzer for all text."""
from corpus.analysis.analyzer import CorpusAnalyzer, analyze_word, terms

# The analysis an index was built with (its meta's "analysis"; none before 2). Bump it when
# the terms of a text change (normalisation, stopwords, stemmer, data/radical_waw.txt):
# an index of another version must be rebuilt. 2: radical-و words keep their و (وزير).
VERSION = 2
REBUILD = ("this index was built with an older Arabic analysis (words such as وزير, وزارة "
           "are now stemmed as with the article); rebuild it once with `corpus index --rebuild` "
           "(same --engine/--index)")


def current(meta: dict) -> bool:
    """Was the index with this meta built with this analysis?"""
    return meta.get("analysis", 1) == VERSION


__all__ = ["CorpusAnalyzer", "REBUILD", "VERSION", "analyze_word", "current", "terms"]
