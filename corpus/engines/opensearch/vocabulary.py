"""The index's vocabulary on OpenSearch: documents holding each word (exact, unstemmed forms),
counted with one filters aggregation on `exact_terms`, and whether the index has the fields
corpus/metadata fills.

Counts are kept per commit of the index (its metadata's commit id): a server asks the
cluster once per word and index version, not on every search (one round trip less for a
query of known words). Candidates come from corpus/suggest/speller.py, so both engines
suggest the same words. (Whoosh's terms_within, a Levenshtein automaton over the whole
lexicon, took seconds per word on the 31k index.)
"""
from __future__ import annotations

from corpus import metadata
from corpus.engines.memo import META_AGE, memo_per_version
from corpus.engines.opensearch.research import doc_frequencies

FIELD = "exact_terms"     # normalised, unstemmed title + body words
KEPT = 200_000            # words remembered per index version


def word_counts(corpus, words) -> dict[str, int]:
    words = sorted({w for w in words if w})
    if not words:
        return {}
    meta = corpus.meta(max_age=META_AGE)
    version = meta.get("commit") or meta.get("last_indexed")    # one per index run
    kept = memo_per_version(corpus, "_word_counts", version, dict)
    got = {w: n for w in words if (n := kept.get(w)) is not None}
    missing = [w for w in words if w not in got]
    if missing:
        body = {"size": 0, "aggs": {"words": {"filters": {"filters": {
            w: {"term": {FIELD: w}} for w in missing}}}}}
        res = corpus.call(corpus.client.search, index=corpus.name, body=body)
        fresh = {w: b["doc_count"] for w, b in res["aggregations"]["words"]["buckets"].items()}
        if len(kept) > KEPT:
            kept.clear()
        kept.update(fresh)
        got.update(fresh)
    return got


def phrase_counts(corpus, phrases, stems: bool = False) -> dict[tuple[str, ...], int]:
    """Documents holding each phrase on `exact_terms` (`stems`: on `body_terms`; match_phrase,
    slop 0): one filters aggregation for those not yet known in this index version."""
    phrases = sorted({tuple(p) for p in phrases if p})
    if not phrases:
        return {}
    field = "body_terms" if stems else FIELD
    meta = corpus.meta(max_age=META_AGE)
    version = meta.get("commit") or meta.get("last_indexed")
    kept = memo_per_version(corpus, "_phrase_counts", version, dict)
    got = {p: n for p in phrases if (n := kept.get((field, p))) is not None}
    missing = [p for p in phrases if p not in got]
    if missing:
        names = {str(i): p for i, p in enumerate(missing)}
        body = {"size": 0, "aggs": {"phrases": {"filters": {"filters": {
            i: {"match_phrase": {field: {"query": " ".join(p), "analyzer": "terms"}}}
            for i, p in names.items()}}}}}
        res = corpus.call(corpus.client.search, index=corpus.name, body=body)
        fresh = {names[i]: b["doc_count"] for i, b in res["aggregations"]["phrases"]["buckets"].items()}
        if len(kept) > KEPT:
            kept.clear()
        kept.update({(field, p): n for p, n in fresh.items()})
        got.update(fresh)
    return got


def term_documents(corpus, stems) -> tuple[dict[str, int], int]:
    """(documents whose body holds each stem, documents in the index), the stems not yet
    known in this index version counted with one filters aggregation (its total the count)."""
    stems = sorted(set(stems))
    kept = memo_per_version(corpus, "_term_documents", _version(corpus), dict)
    missing = [t for t in stems if t not in kept]
    if missing or "" not in kept:
        if len(kept) > KEPT:
            kept.clear()
        counts, total = corpus.call(doc_frequencies, client=corpus.client, index=corpus.name,
                                    field="body_terms", terms=missing, with_total=True)
        kept.update(counts)
        kept[""] = total            # the documents of the index
    return {t: kept[t] for t in stems}, kept[""]


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
