"""The on-disk index directory: Whoosh generations, the pointer to the live one, the lock.

    index/meta.json      {"indexname": "g3", "sources": [...], "last_indexed": "..."}
    index/corpus.lock    held (flock) by the one writer; holds its pid
    index/_g3_*.toc ...  Whoosh files of the live generation

A rebuild writes a new generation beside the live one and switches meta.json atomically,
so readers always see the last committed index.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from pathlib import Path

import orjson
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from corpus.errors import IndexLocked, IndexProblem  # noqa: F401 (re-exported)
from corpus.engines.whoosh import patches
from corpus.engines.whoosh.schema import build_schema
from corpus.processes import pause  # also store.pause for the writers and the sink

META = "meta.json"
LOCK = "corpus.lock"
DEAD_HOLDER_WAIT = 10.0   # s: a killed writer's workers can outlive it for a moment


def index_dir(path: str | os.PathLike | None = None) -> Path:
    """`--index`, else $CORPUS_INDEX, else ./index."""
    return Path(path or os.environ.get("CORPUS_INDEX") or "index").absolute()


def read_meta(directory: Path) -> dict:
    try:
        return orjson.loads((directory / META).read_bytes())
    except FileNotFoundError:
        return {}
    except orjson.JSONDecodeError as e:
        raise IndexProblem(f"{directory / META} is damaged: {e}") from None


_names: dict[Path, tuple] = {}      # directory -> (meta file's stat key, index name)


def index_name(directory: Path) -> str | None:
    """The live index generation's name, the meta file read again only when it changed
    (write_meta replaces it: a new inode and mtime). What every search checks first."""
    try:
        st = (directory / META).stat()
    except FileNotFoundError:
        return None
    key = (st.st_ino, st.st_mtime_ns, st.st_size)
    held = _names.get(directory)
    if held is None or held[0] != key:
        held = _names[directory] = (key, read_meta(directory).get("indexname"))
    return held[1]


def write_meta(directory: Path, meta: dict) -> None:
    tmp = directory / f".{META}.{os.getpid()}"
    tmp.write_bytes(orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    os.replace(tmp, directory / META)


def exists(directory: Path) -> bool:
    name = read_meta(directory).get("indexname")
    return bool(name) and whoosh_index.exists_in(str(directory), indexname=name)


def open_index(directory: Path):
    """The live Whoosh index, or a clear error when there is none."""
    meta = read_meta(directory)
    name = meta.get("indexname")
    if not name or not whoosh_index.exists_in(str(directory), indexname=name):
        raise IndexProblem(f"no index at {directory}; build one with `corpus index PATH`")
    patches.install()
    return whoosh_index.open_dir(str(directory), indexname=name)


def new_generation(directory: Path):
    """Create an empty index generation (not live until `switch_generation`)."""
    directory.mkdir(parents=True, exist_ok=True)
    current = read_meta(directory).get("indexname") or "g0"
    name = f"g{int(current[1:]) + 1}"
    patches.install()
    return whoosh_index.create_in(str(directory), build_schema(), indexname=name), name


def switch_generation(directory: Path, name: str, meta: dict) -> None:
    old = read_meta(directory).get("indexname")
    write_meta(directory, {**meta, "indexname": name})
    pause("drop")
    if old and old != name:
        drop_generation(directory, old)


def drop_generation(directory: Path, name: str) -> None:
    for f in directory.iterdir():
        if f.name.startswith((f"_{name}_", f"{name}_")):
            f.unlink(missing_ok=True)


def clean_leftovers(directory: Path) -> None:
    """Remove what an interrupted or failed writer left: temp dirs and files, unfinished
    generations, segment files that no commit of the live generation uses."""
    if not directory.is_dir():
        return
    live = read_meta(directory).get("indexname")
    for f in directory.iterdir():
        if f.is_dir() and f.name.endswith(".tmp"):
            shutil.rmtree(f, ignore_errors=True)
        elif f.name.startswith(".") and (f.name.endswith(".tmp") or f.name.startswith(f".{META}.")):
            f.unlink(missing_ok=True)           # a vector file or meta.json being written
        elif f.name.startswith("_g") and ".toc." in f.name:
            f.unlink(missing_ok=True)           # a table of contents being written
        elif f.name.startswith("_g") and f.name.endswith(".toc") and live:
            name = f.name[1:].split("_")[0]
            if name != live:
                drop_generation(directory, name)
    if live and whoosh_index.exists_in(str(directory), indexname=live):
        storage = FileStorage(str(directory))
        toc = TOC.read(storage, live)
        clean_files(storage, live, toc.generation, toc.segments)


# Lock fds of this process: a forked child (an indexing worker) closes its copies at once, or
# it would hold the flock after its parent dies (flock locks belong to the open file).
_HELD: set[int] = set()


def _close_held() -> None:
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held)


@contextlib.contextmanager
def not_inherited(fd: int):
    """Processes forked inside this block don't keep `fd` open."""
    _HELD.add(fd)
    try:
        yield
    finally:
        _HELD.discard(fd)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        pass
    return True


def _flock(fd: int, directory: Path) -> None:
    """Take the lock; if its holder has died, wait a little for its last processes to go."""
    deadline = time.monotonic() + DEAD_HOLDER_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            if _alive(pid) or time.monotonic() > deadline:
                raise IndexLocked(f"index {directory} is locked by pid {pid} "
                                  "(another `corpus index` is running)") from None
            time.sleep(0.02)


@contextlib.contextmanager
def writer_lock(directory: Path):
    """One writer at a time; a second gets "index is locked by pid N". flock is released by
    the kernel when the holder dies, so a killed run never leaves a stale lock."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _flock(fd, directory)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        with not_inherited(fd):
            yield
        os.ftruncate(fd, 0)
    finally:
        os.close(fd)


