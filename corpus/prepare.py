"""The indexer's per-document preparation before the sink, in batches:

    documents -> story fingerprints of the batch -> story assignment, in document order
              -> the engine's sink (which encodes sentence vectors with --embeddings:
                 corpus/embeddings/indexing.py, in this process on every core)

All in this process: a fingerprint costs about a millisecond, about what shipping its text to
a worker process would cost, and the engine's writer processes are the ones that need the
other cores. (Sentence vectors used to be encoded by forked workers, a thread each: they did a
third less per CPU second than one process encoding on both cores, bench/encode_pool.py.)
Stories come out the same for any batch size: the assignment is sequential.
"""
from __future__ import annotations

from corpus.stories import StoryAssigner, fingerprints, story_input

BATCH = 256       # documents fingerprinted at once


class PrepareStage:
    def __init__(self, assigner: StoryAssigner, sink):
        self.assigner, self.sink = assigner, sink
        self.pending: list = []

    def add(self, doc) -> None:
        self.pending.append(doc)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Every document handed over is in the sink (before a commit)."""
        batch, self.pending = self.pending, []
        for doc, sig in zip(batch, fingerprints([story_input(d) for d in batch])):
            self.assigner.assign(doc, sig)
            self.sink.add(doc)

    def finish(self) -> None:
        self.flush()

    def close(self) -> None:
        self.pending = []
