"""Heavy requests (exports, concordances, collocations) run a few at a time: past
HEAVY_REQUESTS at once, a request waits up to HEAVY_WAIT seconds for a slot, then gets
503 with Retry-After instead of joining an unbounded queue that would hold every server
thread (and the searches behind them).

    @research.get("/api/collocations")
    @heavy
    def collocations_api(): ...

A streamed export keeps its slot while it streams (until its body is exhausted or closed). The limit is app.config["HEAVY_REQUESTS"].
"""
from __future__ import annotations

import functools
import threading

from flask import current_app, make_response
from werkzeug.exceptions import ServiceUnavailable

from corpus.messages import Notice

HEAVY_REQUESTS = 2          # at once, per server (the searches keep the other threads)
HEAVY_WAIT = 2.0            # seconds a heavy request waits for a slot
RETRY_AFTER = 5             # seconds, in the 503's Retry-After
BUSY = Notice("busy", seconds=RETRY_AFTER)


def init_app(app) -> None:
    app.config.setdefault("HEAVY_REQUESTS", HEAVY_REQUESTS)
    app.extensions["corpus.heavy"] = threading.BoundedSemaphore(app.config["HEAVY_REQUESTS"])


def heavy(view):
    @functools.wraps(view)
    def limited(*args, **kwargs):
        slots = current_app.extensions["corpus.heavy"]
        if not slots.acquire(timeout=HEAVY_WAIT):
            raise ServiceUnavailable(BUSY, retry_after=RETRY_AFTER)
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            slots.release()
            raise
        if not response.is_streamed:        # the work is done
            slots.release()
            return response
        release = _once(slots.release)      # when the stream ends, or is closed unread
        response.response = _Releasing(response.response, release)
        response.call_on_close(release)
        return response
    return limited


def _once(release):
    lock, done = threading.Lock(), []

    def once() -> None:
        with lock:
            if not done:
                done.append(True)
                release()
    return once


class _Releasing:
    """A response body that gives its slot back when it is exhausted or closed."""

    def __init__(self, chunks, release):
        self.chunks, self.release = chunks, release

    def __iter__(self):
        try:
            yield from self.chunks
        finally:
            self.release()

    def close(self) -> None:
        close = getattr(self.chunks, "close", None)
        try:
            if close:
                close()
        finally:
            self.release()
