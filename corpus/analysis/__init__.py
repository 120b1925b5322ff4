"""Arabic-aware text analysis: normalise, drop stopwords, stem; one analyzer for all text."""
from corpus.analysis.analyzer import CorpusAnalyzer, analyze_word, terms

__all__ = ["CorpusAnalyzer", "analyze_word", "terms"]
