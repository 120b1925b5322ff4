"""The index's vocabulary on OpenSearch: documents holding each word (exact, unstemmed forms),
phrase or body stem, counted with one filters aggregation (count_many: all three kinds in
one request), and whether the index has the fields corpus/metadata fills.

Counts are kept per commit of the index (its metadata's commit id): a server asks the
cluster once per word and index version, not on every search (one round trip less for a
query of known words). Candidates come from corpus/suggest/speller.py, so both engines
suggest the same words. (Whoosh's terms_within, a Levenshtein automaton over the whole
lexicon, took seconds per word on the 31k index.)
"""
from __future__ import annotations

from corpus import metadata
from corpus.engines.memo import META_AGE, memo_per_version

FIELD = "exact_terms"     # normalised, unstemmed title + body words
STEMS = "body_terms"      # body stems
TOTAL = ""                # key of the documents of the index among the counts
KEPT = 200_000            # counts remembered per index version
BATCH = 500               # filters a request


def word_counts(corpus, words) -> dict[str, int]:
    words = sorted({w for w in words if w})
    if not words:
        return {}
    got = count_many(corpus, words=words)
    return {w: got[(FIELD, w)] for w in words}


def phrase_counts(corpus, phrases, stems: bool = False) -> dict[tuple[str, ...], int]:
    """Documents holding each phrase on `exact_terms` (`stems`: on `body_terms`; match_phrase,
    slop 0), counted once per index version."""
    phrases = sorted({tuple(p) for p in phrases if p})
    if not phrases:
        return {}
    field = STEMS if stems else FIELD
    got = count_many(corpus, phrases=[(field, p) for p in phrases])
    return {p: got[(field, p)] for p in phrases}


def term_documents(corpus, stems) -> tuple[dict[str, int], int]:
    """(documents whose body holds each stem, documents in the index), counted once per
    index version."""
    stems = sorted(set(stems))
    got = count_many(corpus, stems=stems, total=True)
    return {t: got[(STEMS, t)] for t in stems}, got[TOTAL]


def known(corpus) -> dict:
    """What this index version's counts hold so far: (FIELD, word), (FIELD or STEMS, phrase
    tuple), (STEMS, stem) and TOTAL -> documents (read only)."""
    return _kept(corpus)


def count_many(corpus, words=(), phrases=(), stems=(), total: bool = False) -> dict:
    """The documents holding each word (exact forms), phrase ((FIELD or STEMS, words)) and
    body stem, and with `total` the documents of the index (key TOTAL): those this index
    version's counts lack counted in one request (a filters aggregation; BATCH filters a
    request), one round trip for what several steps of a search would each have asked."""
    kept = _kept(corpus)
    wanted = [(FIELD, w) for w in words if w] + [(f, tuple(p)) for f, p in phrases if p] + \
             [(STEMS, t) for t in stems] + ([TOTAL] if total else [])
    got = {k: n for k in wanted if (n := kept.get(k)) is not None}
    asked = {k: ({"term": {k[0]: k[1]}} if isinstance(k[1], str) else
                 {"match_phrase": {k[0]: {"query": " ".join(k[1]), "analyzer": "terms"}}})
             for k in wanted if k not in got and k != TOTAL}
    need_total = total and TOTAL not in got
    if not asked and not need_total:
        return got
    keys = list(asked)
    fresh: dict = {}
    for i in range(0, max(len(keys), 1), BATCH):
        chunk = keys[i:i + BATCH]
        body = {"size": 0, "track_total_hits": need_total}
        if chunk:
            body["aggs"] = {"n": {"filters": {"filters": {str(n): asked[k] for n, k in enumerate(chunk)}}}}
        res = corpus.call(corpus.client.search, index=corpus.name, body=body)
        if need_total:
            fresh[TOTAL] = res["hits"]["total"]["value"]
            need_total = False
        buckets = res["aggregations"]["n"]["buckets"] if chunk else {}
        fresh.update({k: buckets[str(n)]["doc_count"] for n, k in enumerate(chunk)})
    if len(kept) > KEPT:
        kept.clear()
    kept.update(fresh)
    return {**got, **fresh}


def _kept(corpus) -> dict:
    return memo(corpus, "_vocabulary_counts", dict)


def memo(corpus, attr: str, build):
    """corpus.attr's value for this index version (build() when the version changed)."""
    return memo_per_version(corpus, attr, _version(corpus), build)


def _version(corpus):
    meta = corpus.meta(max_age=META_AGE)
    return meta.get("commit") or meta.get("last_indexed")    # one per index run


def has_metadata_fields(corpus) -> bool:
    """Every index behind the alias has them (a "yes" is kept: fields are never removed)."""
    if not getattr(corpus, "_metadata_fields", False):
        mappings = corpus.call(corpus.client.indices.get_mapping, index=corpus.name).values()
        names = set.intersection(*(set(m["mappings"].get("properties", {})) for m in mappings))
        corpus._metadata_fields = metadata.has_metadata_fields(names)
    return corpus._metadata_fields
