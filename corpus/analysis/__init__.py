"""Arabic-aware text analysis: normalise, drop stopwords, stem; one analyzer for all text."""
from corpus.analysis.analyzer import CorpusAnalyzer, analyze_word, terms
from corpus.messages import Notice

# The analysis an index was built with (its meta's "analysis"; none before 2). Bump it when
# the terms of a text change (normalisation, stopwords, stemmer, data/radical_waw.txt):
# an index of another version must be rebuilt. 2: radical-و words keep their و (وزير).
# (Not bumped for terms that held whitespace, ﷺ and isolated-form marks: 10 of 6.9M words in
# the 31k corpus; refusing every index's incremental runs for them would cost more.)
VERSION = 2
REBUILD = Notice("rebuild_analysis", words="وزير, وزارة")


def current(meta: dict) -> bool:
    """Was the index with this meta built with this analysis?"""
    return meta.get("analysis", 1) == VERSION


__all__ = ["CorpusAnalyzer", "REBUILD", "VERSION", "analyze_word", "current", "terms"]
