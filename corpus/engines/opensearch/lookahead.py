"""The counts a search will ask the cluster for, asked ahead in one request.

The forgiving step (corpus/suggest) counts the query's words, then the translation
(corpus/translate) counts its candidates' words, phrases and stems, each step after the
one before, and after the search did-you-mean counts the candidates of rare words: on a
server's first search of a query, 2-8 round trips one after the other. Here the
translation runs first against a stand-in for the searcher (Guessing) that answers the
counts this index version already holds and guesses the rest (GUESSES: some documents,
then none), noting what it guessed; those, with the forgiving step's and did-you-mean's
words, are counted in one request (vocabulary.count_many), and once more with the real
counts known, for what they lead to. The search then finds its counts kept: the same
counts, so the same answers, after 1-2 round trips. Name matching (words_matching) is the
searcher's own (kept a minute), asked when the run meets it.
"""
from __future__ import annotations

import dataclasses

from corpus import querylang as ql, suggest, translate as translation
from corpus.budget import WorkBudget
from corpus.engines import forgiving
from corpus.engines.opensearch import vocabulary
from corpus.errors import QueryError

GUESSES = (100, 0)      # documents a count not yet known is taken to be, run by run:
                        # enough to pass the rules that need one, and none (a word unseen)
GUESSED_TOTAL = 10 ** 6
PASSES = 2              # requests at most
KEPT = 50_000           # queries remembered as counted ahead, per index version


class Guessing:
    """A searcher's counts as known so far, the rest guessed and noted (`missing`)."""

    def __init__(self, corpus, guess: int):
        self.corpus, self.guess = corpus, guess
        self.known = vocabulary.known(corpus)
        self.missing: set = set()

    def _count(self, key) -> int:
        n = self.known.get(key)
        if n is None:
            self.missing.add(key)
            return GUESSED_TOTAL if key == vocabulary.TOTAL else self.guess
        return n

    def word_counts(self, words) -> dict[str, int]:
        return {w: self._count((vocabulary.FIELD, w)) for w in words if w}

    def phrase_counts(self, phrases, stems: bool = False) -> dict[tuple[str, ...], int]:
        field = vocabulary.STEMS if stems else vocabulary.FIELD
        return {tuple(p): self._count((field, tuple(p))) for p in phrases if p}

    def term_documents(self, stems) -> tuple[dict[str, int], int]:
        return {t: self._count((vocabulary.STEMS, t)) for t in stems}, self._count(vocabulary.TOTAL)

    def words_matching(self, pattern, limit: int, budget=None):
        return self.corpus.words_matching(pattern, limit, budget)

    def search(self, q: str = "", **kwargs):
        """The translation's no-silent-zero count: taken to find something."""
        return _Found()


@dataclasses.dataclass
class _Found:
    total: int = 1


def count_ahead(corpus, req) -> None:
    """Count ahead what the forgiving step and the translation of `req` will ask (`req` as
    the forgiving step receives it): at most PASSES requests, none when all is known; a
    query counted ahead before in this index version is not run again (KEPT of them)."""
    done = vocabulary.memo(corpus, "_counted_ahead", set)
    key = (req.q, req.op, req.translate, tuple(req.drop))
    if key in done:
        return
    if len(done) > KEPT:
        done.clear()
    done.add(key)
    words = suggest.words_to_count(req.q)
    queries = [req.q]
    for _ in range(PASSES):
        missing: set = set()
        for guess in GUESSES:
            guessing = Guessing(corpus, guess)
            count = forgiving.counter(guessing.word_counts, req)
            counts = count(words)
            if not guessing.missing:        # the variants the search will translate are known,
                found = suggest.with_variants(req.q, counts)
                queries = [found.query]
                count(suggest.correction_words(found, counts))      # and did-you-mean's words
            for q in queries:
                _translate(guessing, q, req)
            missing |= guessing.missing
            if not missing:         # all known: no guess made
                return
        by_kind: dict[str, list] = {"words": [], "phrases": [], "stems": []}
        for asked in missing - {vocabulary.TOTAL}:
            field, what = asked
            kind = "phrases" if isinstance(what, tuple) else "words" if field == vocabulary.FIELD else "stems"
            by_kind[kind].append(asked if kind == "phrases" else what)
        vocabulary.count_many(corpus, **by_kind, total=vocabulary.TOTAL in missing)


def _translate(guessing: Guessing, q: str, req) -> None:
    """The translation of `q` against the guessing searcher (what it asks is noted)."""
    if req.translate == "off":
        return
    try:
        parsed = ql.parse(q, req.op)
        translation.translate(parsed.tree, req.translate, req.drop, guessing.words_matching,
                              q, WorkBudget(), index=guessing)
    except QueryError:          # the search says why
        return
