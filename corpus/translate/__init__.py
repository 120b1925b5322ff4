"""Cross-language search: a query in one language also searches the other's documents.

    translate(tree, mode="auto", drop=(), words_matching=searcher.words_matching)
        -> Translated(tree with each word OR-ed with its translations, [Translation])

Data: our table of news terms (entities.tsv, in the package) and FreeDict eng-ara/ara-eng,
GPL, read from /usr/share/dictd (Debian packages; scripts/setup.sh installs them) --
without them the table and name transliteration still work.
"""
from corpus.translate.rewrite import MODES, Translated, Translation, translate

__all__ = ["MODES", "Translated", "Translation", "translate", "warm"]


def warm():
    """Load the dictionaries now (a server's first search would otherwise pay ~2-5 s)."""
    from corpus.translate.lexicon import DICTIONARIES
    DICTIONARIES.warm()
