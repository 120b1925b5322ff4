"""`corpus index --embeddings`: the documents the indexer adds (new or changed) are encoded
in batches and handed to the engine's sink with their vector; unchanged ones keep theirs.

The choice is remembered per index (meta "embeddings"), so a bare `corpus index` keeps
encoding; turning it on or off for an index that has documents rebuilds it once (every
document needs a vector, or none).
"""
from __future__ import annotations

import time

from corpus.embeddings import MISSING, available, info
from corpus.embeddings.cache import encode_cached
from corpus.embeddings.encoder import BATCH, document_text, encode
from corpus.errors import IndexProblem


class Encoding:
    """A sink that encodes the documents added to it, then passes them on (documents that
    come with their vector, encoded by the indexer's workers: corpus/prepare.py, as they are)."""

    encodes = True

    def __init__(self, sink):
        self.sink = sink
        self._waiting: list = []
        self.encoded = 0

    def __getattr__(self, name):
        return getattr(self.sink, name)

    def add(self, doc) -> None:
        if doc.vector is not None:
            self.sink.add(doc)
            self.encoded += 1
            return
        self._waiting.append(doc)
        if len(self._waiting) >= BATCH * 4:
            self._flush()

    def _flush(self) -> None:
        docs, self._waiting = self._waiting, []
        vectors = encode_cached([document_text(d.title, d.body) for d in docs], encode)
        for doc, vector in zip(docs, vectors):
            doc.vector = vector
            self.sink.add(doc)
        self.encoded += len(docs)

    def commit(self, meta: dict) -> None:
        self._flush()
        # vectors_version: what searchers cache the vectors by (a new one at every commit)
        self.sink.commit({**meta, "embeddings": info(), "vectors_version": time.time_ns()})

    def abort(self) -> None:
        self._waiting.clear()
        self.sink.abort()


def plan(sink, meta: dict, wanted: bool | None, rebuild: bool):
    """(the sink to write to, the meta to keep, whether to rebuild) for `--embeddings`
    (True), `--no-embeddings` (False) or neither (None: as the index has it)."""
    had = meta.get("embeddings")
    on = bool(had) if wanted is None else wanted
    if on and not available():
        raise IndexProblem(MISSING)
    changes = bool(had) != on or (on and had != info())
    rebuild = rebuild or (changes and sink.exists())
    if not on:
        return sink, {k: v for k, v in meta.items() if k not in ("embeddings", "vectors_version")}, rebuild
    return Encoding(sink), meta, rebuild
