"""Worker processes that never outlive the run that started them."""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal

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
