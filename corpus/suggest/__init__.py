"""Forgiving search: spelling variants searched without asking, and "did you mean".

Both engines call `search(corpus, request)` first (one line in their `search`): it rewrites
the query string, runs the engine's own search once, and adds to the Results

    variants    [{"word": "البشمركة", "added": ["البيشمركة"]}]: same-word spellings searched too
    suggestion  {"query": "اسعار النفط", "total": 1234}: only when it finds clearly more

Facet values named in the query (place:هەولێر) become the facet's value (Erbil) as filters do.
"""
from __future__ import annotations

import dataclasses

from corpus import analysis
from corpus.engines.memo import META_AGE
from corpus.fields import FACETS
from corpus.metadata import METADATA_REBUILD, canonical, has_metadata_fields
from corpus.suggest import speller, variants as variant_rules
from corpus.suggest.vocabulary import vocabulary
from corpus.suggest.words import exact, replace, surface, tokens

CLEARLY_MORE = 2.0       # a suggestion finds at least twice as many documents ...
AT_LEAST = 3             # ... and this many more
# Longer words get no variants or corrections: the index's longest words in more than two
# documents have 19 letters (31k news), and a 500-letter word has 5,000 candidates to count.
MAX_LETTERS = 40


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


def _has_metadata(corpus) -> bool:
    """Whether the index has the fields corpus/metadata fills (an OpenSearch "yes" is kept)."""
    if corpus.engine != "opensearch":
        return has_metadata_fields(corpus.searcher().schema.names())
    if not getattr(corpus, "_metadata_fields", False):
        mappings = corpus._call(corpus.client.indices.get_mapping, index=corpus.name).values()
        names = set.intersection(*(set(m["mappings"].get("properties", {})) for m in mappings))
        corpus._metadata_fields = has_metadata_fields(names)
    return corpus._metadata_fields


def _count(corpus, req, q: str) -> int:
    small = {k: v for k, v in dict(q=q, page=1, size=1, facets=(), snippets=False, suggest=False,
                                   histogram=None, count="documents", semantic="off").items()
             if hasattr(req, k)}
    return corpus.search(request=dataclasses.replace(req, **small)).total


def search(corpus, req):
    """The engine's search of `req`, with variants added and a suggestion when one helps."""
    q = req.q
    words = [t for t in tokens(q) if t.kind == "word" and t.field is None]
    forms = [f if len(f) <= MAX_LETTERS else "" for f in (exact(t.text) for t in words)]
    vocab = vocabulary(corpus) if any(forms) else None
    counts: dict[str, int] = {}

    def counts_of(ws):
        missing = [w for w in ws if w not in counts]
        counts.update(vocab.counts(missing) if missing else {})
        return counts

    changes = facet_values(q)
    added = []
    if vocab is not None:
        for at, extra in variant_rules.find(forms, counts_of).items():
            i, j = (at, at) if isinstance(at, int) else at
            typed = " ".join(t.text for t in words[i:j + 1])
            shown = [surface(f, typed) for f in extra]
            group = " OR ".join(_all_of(x) for x in [typed, *shown])
            changes[words[i].start] = f"({group})"
            for k in range(i + 1, j + 1):
                changes[words[k].start] = ""
            added.append({"word": typed, "added": shown})
    res = corpus.search(request=dataclasses.replace(req, q=replace(q, changes) if changes else q, suggest=False))
    res.query = q
    if not _has_metadata(corpus):
        res.notices.append(METADATA_REBUILD)
    meta = corpus.meta(max_age=META_AGE)
    if meta.get("last_indexed") and not analysis.current(meta):
        res.notices.append(analysis.REBUILD)      # words such as وزير find too little
    res.variants = added
    if vocab is not None:
        keyword_total = res.total - (res.semantic or {}).get("added", 0)     # words only, as _count
        res.suggestion = _suggestion(corpus, req, words, forms, counts_of, keyword_total)
    return res


def _suggestion(corpus, req, words, forms, counts_of, total: int) -> dict | None:
    counts = counts_of(forms)
    fixes = speller.correct([f for f in forms if f], vocabulary(corpus), counts)
    if req.op == "or":      # any word: a correction adds hits by itself; only words no document has
        fixes = {f: fix for f, fix in fixes.items() if counts.get(f, 0) == 0}
    if not fixes:
        return None
    changes = {t.start: surface(fixes[f][0], t.text) for t, f in zip(words, forms) if f in fixes}
    suggested = replace(req.q, changes)
    found = _count(corpus, req, replace(suggested, facet_values(suggested)))
    unseen = all(counts_of(forms).get(f, 0) == 0 for f in fixes)   # typed forms no document has
    if found >= CLEARLY_MORE * total and found >= total + AT_LEAST or unseen and found >= AT_LEAST:
        return {"query": suggested, "total": found}
    return None
