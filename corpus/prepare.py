"""The indexer's CPU-heavy per-document work in worker processes, a batch ahead:

    documents -> [workers: story fingerprint, sentence vector with --embeddings]
              -> story assignment, in document order -> the engine's sink

Small runs (under one batch) stay in this process, and so do runs without sentence vectors:
a fingerprint costs about a millisecond, about what shipping its text to a worker costs,
and each worker process holds a copy of this one's memory (the engine's writer processes
are the ones that need the cores). Stories come out identical either way: only the
fingerprints are computed ahead; the assignment stays sequential.
"""
from __future__ import annotations

import os

from corpus.processes import close_pool, pool
from corpus.stories import StoryAssigner, fingerprints, story_input

BATCH = 256       # documents a worker pool prepares at once


def prepare(inputs: list[tuple[str, str]], embed: list[str] | None):
    """A worker's job: the story fingerprints of `inputs` and the vectors of `embed` (or None)."""
    vectors = None
    if embed is not None:
        from corpus.embeddings.cache import encode_cached
        from corpus.embeddings.encoder import encode
        vectors = list(encode_cached(embed, encode))
    return fingerprints(inputs), vectors


class PrepareStage:
    def __init__(self, assigner: StoryAssigner, sink, procs: int | None):
        self.assigner, self.sink = assigner, sink
        self.procs = procs or os.cpu_count() or 1
        self.embeds = getattr(sink, "encodes", False)     # corpus/embeddings/indexing.py
        self.pending: list = []
        self.flight = None          # (documents, async result of their preparation)
        self.pool = None

    def add(self, doc) -> None:
        self.pending.append(doc)
        if len(self.pending) >= BATCH:
            self._send()

    def _send(self) -> None:
        batch, self.pending = self.pending, []
        if self.pool is None and self.procs > 1 and self.embeds:
            from corpus.embeddings.encoder import model
            model()                 # loaded once here, shared by the forked workers
            self.pool = pool(self.procs)
        if self.pool is None:
            self._write(batch, fingerprints([story_input(d) for d in batch]), None)
            return
        step = -(-len(batch) // self.procs)
        parts = [batch[i:i + step] for i in range(0, len(batch), step)]
        job = self.pool.starmap_async(prepare, [self._job(part) for part in parts])
        self._drain()
        self.flight = (batch, job)

    def _job(self, docs):
        embed = None
        if self.embeds:
            from corpus.embeddings.encoder import document_text
            embed = [document_text(d.title, d.body) for d in docs]
        return [story_input(d) for d in docs], embed

    def _drain(self) -> None:
        if self.flight is not None:
            batch, job = self.flight
            self.flight = None
            parts = job.get()
            sigs = [s for part, _ in parts for s in part]
            vectors = [v for _, vs in parts for v in vs] if self.embeds else None
            self._write(batch, sigs, vectors)

    def _write(self, batch, sigs, vectors) -> None:
        for i, (doc, sig) in enumerate(zip(batch, sigs)):
            self.assigner.assign(doc, sig)
            if vectors is not None:
                doc.vector = vectors[i]
            self.sink.add(doc)

    def flush(self) -> None:
        """Every document handed over is in the sink (before a commit); the workers stay."""
        if self.pending and self.pool is None:
            batch, self.pending = self.pending, []
            self._write(batch, fingerprints([story_input(d) for d in batch]), None)
        elif self.pending:
            self._send()
        self._drain()

    def finish(self) -> None:
        """Every document handed over is in the sink; the workers are gone."""
        self.flush()
        self.close()

    def close(self) -> None:
        close_pool(self.pool)
        self.pool = None
