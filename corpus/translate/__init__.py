"""Cross-language search: a query in one language also searches the other's documents.

    translate(tree, mode="auto", drop=(), words_matching=searcher.words_matching)
        -> Translated(tree with each word OR-ed with its translations, [Translation])

Data: our table of news terms (entities.tsv, in the package) and FreeDict eng-ara/ara-eng,
GPL, read from /usr/share/dictd (Debian packages; scripts/setup.sh installs them) and
compiled once into a cache file (corpus/translate/compiled.py) -- without them the table
and name transliteration still work.
"""
from __future__ import annotations

import logging
import threading

from corpus.translate.rewrite import MODES, Translated, Translation, translate

__all__ = ["MODES", "Translated", "Translation", "translate", "warm"]
log = logging.getLogger(__name__)


def warm(searcher=None, background: bool = False) -> threading.Thread | None:
    """Load the dictionaries now (once per process), and with a searcher its structure for
    matching names to index words, so that no request pays for them; `background`: in a
    daemon thread (a server's start), returned."""
    if background:
        t = threading.Thread(target=_warm, args=(searcher,), name="corpus-translate", daemon=True)
        t.start()
        return t
    _warm(searcher)
    return None


def _warm(searcher) -> None:
    from corpus.translate import lexicon, transliterate
    lexicon.DICTIONARIES.warm()
    lexicon.read_places()             # the gazetteer (corpus/metadata), read once
    if searcher is not None:
        try:
            searcher.words_matching(transliterate.to_arabic("Houthi"), 1)
        except Exception:       # no index yet, a cluster away: the first request builds it
            log.debug("name matching not warmed", exc_info=True)
