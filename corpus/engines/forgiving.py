"""The forgiving step both searchers take when a request asks for it (request.suggest):
corpus/suggest names the words it needs counted, the searcher counts them, corpus/suggest
decides; the searcher searches (the query with its variants, and a suggestion's count).

    searcher.search(request=req) -> forgiving.search(searcher, req) -> Results with
    variants, suggestion and the index's rebuild notices
"""
from __future__ import annotations

import dataclasses

from corpus import analysis, querylang as ql, stories, suggest
from corpus.analysis.analyzer import is_arabic
from corpus.translate import lexicon
from corpus.engines.base import Searcher
from corpus.engines.memo import META_AGE
from corpus.messages import Notice
from corpus.metadata import METADATA_REBUILD, TABLES_REBUILD, tables_current
from corpus.request import SearchRequest
from corpus.results import Results


def search(searcher: Searcher, req: SearchRequest) -> Results:
    """The searcher's search of `req`, with variants added and a suggestion when one helps."""
    count = counter(searcher.word_counts, req)
    counts = _counted(count, suggest.words_to_count(req.q), {})
    found = suggest.with_variants(req.q, counts)
    res = searcher.search(request=dataclasses.replace(req, q=found.query, suggest=False))
    res.query = req.q
    if not searcher.has_metadata_fields():
        res.notices.append(METADATA_REBUILD)
    meta = searcher.meta(max_age=META_AGE)
    if meta.get("last_indexed") and not analysis.current(meta):
        res.notices.append(analysis.REBUILD)      # words such as وزير find too little
    elif meta.get("last_indexed") and not stories.current(meta):
        res.notices.append(stories.REBUILD)       # edited copies count as several stories
    if meta.get("last_indexed") and not tables_current(meta):
        res.notices.append(TABLES_REBUILD)        # facets from other tables, or no mentions
    res.variants = found.added
    res.notices += _counted_by_stem(searcher, req)
    _counted(count, suggest.correction_words(found, counts), counts)
    fix = suggest.correction(req.q, req.op, found, counts)
    if fix is not None:
        total = res.total - (res.semantic or {}).get("added", 0)     # words only, as _count
        n = _count(searcher, req, fix.searched)
        if suggest.helps(fix, n, total):
            res.suggestion = {"query": fix.query, "total": n}
    return res


def _counted(word_counts, words: list[str], known: dict[str, int]) -> dict[str, int]:
    """`known` with the document counts of `words` it lacks added (each word asked once)."""
    missing = [w for w in words if w and w not in known]
    if missing:
        found = word_counts(missing)
        known.update({w: found.get(w, 0) for w in missing})
    return known


def counter(word_counts, req: SearchRequest):
    """The word counts the forgiving step goes by: `word_counts` (a searcher's), with
    translate=auto English words raised as _with_lexicon says."""
    return _with_lexicon(word_counts) if req.translate == "auto" else word_counts


def _with_lexicon(word_counts):
    """The index's counts, English words raised to what our table and dictionary say of
    them (lexicon.english_word_docs): English gets did-you-mean over an Arabic index."""
    def counts(words):
        found = word_counts(words)
        return {w: max(n, lexicon.english_word_docs(w) if w.isascii() else 0)
                for w, n in found.items()}
    return counts


def _count(searcher: Searcher, req: SearchRequest, q: str, **kw) -> int:
    """Documents `q` finds with the request's filters (words only: no vectors)."""
    small = dict(q=q, page=1, size=1, facets=(), snippets=False, suggest=False, histogram=None,
                 count="documents", semantic="off", **kw)
    return searcher.search(request=dataclasses.replace(req, **small)).total


# A quoted Arabic phrase whose words as written hold fewer than this share of the documents
# its stems find gets a notice with both counts (the first MAX_QUOTED phrases of a query).
STEM_SHARE = 0.8
MAX_QUOTED = 3


def _counted_by_stem(searcher: Searcher, req: SearchRequest) -> list[Notice]:
    """A quoted Arabic phrase is searched by its stems, which other words may share (طالبان:
    طالب "student"; الحوثي: البحوث "research") besides its own other forms (الحوثيين): when
    its words as written (exact:) find clearly fewer documents, a notice gives both counts."""
    quoted = [leaf for leaf in ql.leaves(ql.parse(req.q, req.op).tree)
              if isinstance(leaf, ql.Phrase) and leaf.field is None and not leaf.slop
              and leaf.words and is_arabic(leaf.words[0])][:MAX_QUOTED]
    out = []
    for leaf in quoted:
        phrase = " ".join(leaf.words)
        stem = _count(searcher, req, f'"{phrase}"', translate="off")
        written = _count(searcher, req, f'exact:"{phrase}"', translate="off") if stem else 0
        if written < STEM_SHARE * stem:
            out.append(Notice("counted_by_stem", phrase=phrase, stem=f"{stem:,}", written=f"{written:,}",
                              query=f'exact:"{phrase}"'))
    return out
