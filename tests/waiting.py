"""Waiting on events, not fixed sleeps: a polled condition with a deadline."""
from __future__ import annotations

import time


def wait_for(condition, timeout: float = 60.0, what: str = "a condition"):
    """Poll `condition` until it returns something true (returned) or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.01)


def exited(procs) -> bool:
    """All these psutil.Process have exited (zombies too: they hold no files or locks)."""
    import psutil

    def gone(p):
        try:
            return p.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True
    return all(gone(p) for p in procs)
