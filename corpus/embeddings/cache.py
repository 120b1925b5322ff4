"""Vectors already computed, found again by the text they encode: a rebuild (a new analysis
version, the other engine, `--rebuild` from cron) encodes only the articles it has not seen.
Encoding is most of the cost of `corpus index --embeddings` (about 40 documents/s on two
cores); reading a vector back is about a microsecond.

One SQLite file per model and text length (`info()`) in the cache folder (corpus/caches.py);
a row is the 16-byte BLAKE2 digest of the encoded text and its vector as every index stores
it (float16, 1 KB; 1.3 KB a row on disk), so a vector from the cache is the one a fresh
encoding would store.
`CORPUS_EMBEDDINGS_CACHE=off` turns it off. Any problem with the file (a folder that cannot be
written, a damaged or locked database) makes a miss: the cache never stops an index run.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable

import numpy as np

from corpus.caches import cache_dir
from corpus.embeddings import DIM, info

ENV = "CORPUS_EMBEDDINGS_CACHE"
CHUNK = 500             # keys per SELECT (SQLite's limit on bound parameters is 999 in old builds)

_lock = threading.Lock()
_opened: dict[tuple, sqlite3.Connection | None] = {}   # by process and file: a forked worker opens its own


def path():
    i = info()
    return cache_dir() / f"vectors-{i['model']}-{i['dim']}-{i['text_chars']}.sqlite"


def _connection() -> sqlite3.Connection | None:
    if os.environ.get(ENV, "").strip().lower() == "off":
        return None
    where = (os.getpid(), path())
    if where not in _opened:    # the parent's connection is never used (nor closed) after a fork
        try:
            where[1].parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(where[1], timeout=30, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA page_size=16384")     # a new file: rows of 1 KB fit in their page
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")      # a lost row is only encoded again
            conn.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
                         " WITHOUT ROWID")
        except (OSError, sqlite3.Error):
            conn = None
        _opened[where] = conn
    return _opened[where]


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _lookup(conn, keys: list[bytes]) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for i in range(0, len(keys), CHUNK):
        part = keys[i:i + CHUNK]
        rows = conn.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})", part)
        found.update((k, v) for k, v in rows if len(v) == DIM * 2)     # a damaged row is a miss
    return found


def encode_cached(texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """(n, DIM) float32 vectors of `texts`: those seen before from the cache, the others from
    `encode` (then remembered)."""
    keys = [digest(t) for t in texts]
    with _lock:
        conn = _connection()
        try:
            found = _lookup(conn, keys) if conn is not None and texts else {}
        except sqlite3.Error:
            found = {}
    missing = [i for i, k in enumerate(keys) if k not in found]
    out = np.empty((len(texts), DIM), np.float32)
    if missing:
        codes = np.asarray(encode([texts[i] for i in missing]), np.float32).astype(np.float16)
        out[missing] = codes            # what the index stores, hit or miss
        if conn is not None:
            rows = [(keys[i], code.tobytes()) for i, code in zip(missing, codes)]
            with _lock:
                try:
                    conn.execute("BEGIN")
                    conn.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)", rows)
                    conn.execute("COMMIT")
                except sqlite3.Error:
                    if conn.in_transaction:
                        conn.rollback()
    for i, k in enumerate(keys):
        if k in found:
            out[i] = np.frombuffer(found[k], np.float16)
    return out
