"""Per-index-version memos: one value, built once, held on its owner (a searcher) until
the index changes."""
from __future__ import annotations

import threading
from typing import Callable, TypeVar

T = TypeVar("T")
META_AGE = 2.0          # seconds a search trusts the index metadata it read (OpenSearch)
_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def memo_per_version(owner, attr: str, key, build: Callable[[], T]) -> T:
    """`owner.attr`'s value for `key` (the index version), built by one thread when the
    key changes; other threads wait for it rather than build it twice."""
    held = getattr(owner, attr, None)
    if held is not None and held[0] == key:
        return held[1]
    with _lock_for(attr):
        held = getattr(owner, attr, None)
        if held is None or held[0] != key:
            held = (key, build())
            setattr(owner, attr, held)
    return held[1]


def _lock_for(attr: str) -> threading.Lock:
    lock = _locks.get(attr)
    if lock is None:
        with _locks_lock:
            lock = _locks.setdefault(attr, threading.Lock())
    return lock
