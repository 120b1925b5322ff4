"""Worker processes that never outlive the run that started them; the kill -9 tests' pause."""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1         # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process as soon as its parent dies (kill -9 included)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:                  # it died before that
        os._exit(0)


def _init_worker(parent: int) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the parent's to handle


def pool(procs: int):
    """A multiprocessing pool (fork) whose workers die with this process."""
    import multiprocessing
    return multiprocessing.get_context("fork").Pool(procs, initializer=_init_worker,
                                                    initargs=(os.getpid(),))


def close_pool(pool) -> None:
    """Stop a pool's workers now (terminate, then wait for them); None: nothing to do."""
    if pool is not None:
        pool.terminate()
        pool.join()


def pause(phase: str) -> None:
    """Test hook of the kill -9 tests: with CORPUS_TEST_PAUSE=<phase>, write this pid to
    $CORPUS_TEST_MARKER and wait there (at most a minute) until the test kills this process or
    removes the file."""
    if os.environ.get("CORPUS_TEST_PAUSE") != phase:
        return
    marker = Path(os.environ["CORPUS_TEST_MARKER"])
    marker.write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
