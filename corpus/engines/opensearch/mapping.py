"""The OpenSearch index: settings, mapping, and a Document as the JSON it indexes.

Our analyzer is the one source of truth: a document is sent with its analysed terms in
`title_terms`, `body_terms` (stems) and `exact_terms` (unstemmed forms of title + body),
which OpenSearch only splits on spaces. Title and body are kept in `_source` for display
and snippets; the term fields are indexed but not stored.
"""
from __future__ import annotations

from corpus.analysis.analyzer import analyze_tokens
from corpus.document import Document
from corpus.embeddings.vectors import pack
from corpus.fields import BM25_B, BM25_K1, FACETS, TEXT_FIELDS, facet_key, indexed_values

TERM_FIELDS = tuple(f"{f}_terms" for f in TEXT_FIELDS)


def settings(shards: int, replicas: int) -> dict:
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "refresh_interval": "1s",
        "similarity": {"corpus_bm25": {"type": "BM25", "b": BM25_B, "k1": BM25_K1}},
        "analysis": {"analyzer": {"terms": {"type": "custom", "tokenizer": "whitespace"}}},
    }


def mappings(meta: dict | None = None) -> dict:
    terms = {"type": "text", "analyzer": "terms", "similarity": "corpus_bm25"}
    props = {
        "id": {"type": "keyword"}, "path": {"type": "keyword"}, "hash": {"type": "keyword"},
        "title": {"type": "text", "index": False}, "body": {"type": "text", "index": False},
        **{f: dict(terms) for f in TERM_FIELDS},
        "date": {"type": "date", "format": "strict_date"},
        "url": {"type": "keyword"},
        "byline": {"type": "keyword", "index": False},      # the author value as given
        # story grouping (corpus/stories.py): the story id, LSH band keys, signature
        "story": {"type": "keyword"}, "story_bands": {"type": "keyword"},
        "minhash": {"type": "binary"},
        "vector": {"type": "binary"},       # --embeddings: float16 sentence vector, base64
    }
    for f in FACETS:
        props[f] = {"type": "keyword"}
        props[f"{f}_key"] = {"type": "keyword"}
    return {"dynamic": "strict", "_source": {"excludes": list(TERM_FIELDS)},
            "_meta": meta or {}, "properties": props}


def source(doc: Document) -> dict:
    """The JSON indexed for a Document (language already detected)."""
    title, body = analyze_tokens(doc.title), analyze_tokens(doc.body)
    out = {
        "id": doc.id, "path": doc.path, "hash": doc.content_hash,
        "title": doc.title, "body": doc.body,
        "title_terms": " ".join(t[1] for t in title),
        "body_terms": " ".join(t[1] for t in body),
        "exact_terms": " ".join(t[0] for t in title + body),
        "date": doc.date.isoformat() if doc.date else None, "url": doc.url or None,
        **indexed_values(doc),          # the facets (corpus/fields.py) and the byline
        "story": doc.story, "story_bands": list(doc.story_bands) or None, "minhash": doc.minhash,
        "vector": pack(doc.vector) if doc.vector is not None else None,
    }
    for f in FACETS:
        if out.get(f):
            value = out[f]
            out[f"{f}_key"] = [facet_key(v) for v in value] if isinstance(value, list) else facet_key(value)
    return {k: v for k, v in out.items() if v not in ("", None, [])}
