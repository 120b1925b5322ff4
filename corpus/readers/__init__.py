"""Find input files and read each into Documents with the reader for its suffix.

Ids that fall back to the file (a .txt article, a record without id or url) use the file's
*name*: its path below the parent of the folder named on the command line ("seeds/000.txt" for
`corpus index /any/where/seeds`), so they do not show server paths and stay the same on
another machine or checkout and across re-indexing. `Document.path` stays absolute."""
from __future__ import annotations

import glob
import os
from typing import Callable, Iterator

from corpus.document import Document, ReadError, Skip, display_path
from corpus.readers.archive import read_zip
from corpus.readers.decode import open_file
from corpus.readers.records import read_csv, read_json, read_json_lines
from corpus.readers.text import read_text

READERS = {".txt": read_text, ".json": read_json, ".jsonl": read_json_lines, ".ndjson": read_json_lines,
           ".csv": read_csv}
SUPPORTED_SUFFIXES = (*READERS, ".zip")
MAX_PROBLEMS = 20           # bad records reported one by one per file; the rest are counted

__all__ = ["SUPPORTED_SUFFIXES", "Documents", "Found", "discover", "read_file"]


class Found(str):
    """An absolute path found by discover(); `name` is the stable name ids fall back to."""
    name: str

    def __new__(cls, path: str, name: str):
        self = super().__new__(cls, path)
        self.name = name
        return self

    def __format__(self, spec: str) -> str:
        """Shown (f"skipped {path}: ...") with bytes that are not UTF-8 as \\xNN; the str value
        itself stays the file system's name, for opening."""
        return format(display_path(self), spec)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _walk(folder: str) -> list[str]:
    """Supported files under a folder, skipping hidden files and folders."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, f) for f in files if not f.startswith(".") and _suffix(f) in SUPPORTED_SUFFIXES]
    return found


def _root(pattern: str, is_glob: bool) -> str:
    """The folder a command-line argument names: itself, a file's folder, a glob's fixed leading folders."""
    if is_glob:
        parts = pattern.split(os.sep)
        fixed = []
        for part in parts[:-1]:
            if any(c in part for c in "*?["):
                break
            fixed.append(part)
        pattern = os.sep.join(fixed) or (os.sep if pattern.startswith(os.sep) else ".")
        return os.path.abspath(pattern)
    pattern = os.path.abspath(pattern)
    return pattern if os.path.isdir(pattern) else os.path.dirname(pattern)


def _name(path: str, root: str) -> str:
    """The file's path below the parent of `root`, "/"-separated, as valid Unicode."""
    return display_path(os.path.relpath(path, os.path.dirname(root)).replace(os.sep, "/"))


def discover(paths: list[str]) -> tuple[list[Found], list[tuple[str, str]]]:
    """Files, folders (recursively) and glob patterns -> (sorted absolute supported files, [(path, reason)]).

    Each file is a Found (a str) whose `name` is its path below the parent of the folder that the
    argument names; a file named by two arguments gets the name from the outermost folder."""
    files: dict[str, str] = {}
    problems = []
    for arg in paths:
        pattern = os.path.expanduser(arg)
        is_glob = any(c in pattern for c in "*?[")
        matches = glob.glob(pattern, recursive=True) if is_glob else [pattern] if os.path.exists(pattern) else []
        if not matches:
            problems.append((arg, "no file matches this pattern" if is_glob else "no such file or folder"))
            continue
        hits = []
        for m in matches:
            hits += _walk(m) if os.path.isdir(m) else [m] if _suffix(m) in SUPPORTED_SUFFIXES else []
        if not hits:
            kinds = ", ".join(SUPPORTED_SUFFIXES)
            problems.append((arg, f"no supported files ({kinds})"))
        root = _root(pattern, is_glob)
        for hit in hits:
            path = os.path.abspath(hit)
            name = _name(path, root)
            old = files.get(path)
            if old is None or (name.count("/"), name) > (old.count("/"), old):
                files[path] = name
    return [Found(p, files[p]) for p in sorted(files)], problems


def default_name(path: str) -> str:
    """The name of a file read on its own: its folder and file name ("seeds/000.txt")."""
    path = os.path.abspath(path)
    return _name(path, os.path.dirname(path))


def settle(items: Iterator[Document | Skip], empty: str) -> Iterator[Document | Skip]:
    """Hold back Skips until the first Document; with no Document at all, raise ReadError:
    `empty`, with the first skipped record's reason in parentheses."""
    pending: list[Skip] | None = []
    hidden = 0
    for item in items:
        if pending is None:
            yield item
        elif isinstance(item, Skip):
            if len(pending) < MAX_PROBLEMS:
                pending.append(item)
            else:
                hidden += item.count
        else:
            yield from pending
            if hidden:
                yield Skip("", hidden)
            pending = None
            yield item
    if pending is not None:
        raise ReadError(f"{empty} ({pending[0].reason})" if pending else empty)


class Documents:
    """The Documents of one file, read lazily (record files are streamed). Iterate once;
    len() is how many were yielded so far. Records skipped inside the file are reported as
    one-line reasons to `on_problem` (at most MAX_PROBLEMS, then a count) and kept in `problems`.
    With `seen` (id -> file, shared by the files of a run), an id read before is such a record."""

    def __init__(self, items: Iterator[Document | Skip], on_problem: Callable[[str], None] | None = None,
                 seen: dict[str, str] | None = None, where: str = ""):
        self.problems: list[str] = []
        self._on_problem, self._items, self._count, self._hidden = on_problem, items, 0, 0
        self._seen, self._where = seen, where
        try:
            self._first = self._next()      # an unusable file fails here, in read_file
        except ReadError:
            self._close()
            raise
        except Exception as e:              # a reader bug must not abort a run: the file is skipped
            self._close()
            raise ReadError(f"unexpected error: {type(e).__name__}: {e}") from e

    def _close(self) -> None:
        close = getattr(self._items, "close", None)
        if close:
            close()

    def _problem(self, reason: str) -> None:
        self.problems.append(reason)
        if self._on_problem:
            self._on_problem(reason)

    def _next(self) -> Document | None:
        for item in self._items:
            if not isinstance(item, Skip):
                if self._seen is None or item.id not in self._seen:
                    if self._seen is not None:
                        self._seen[item.id] = self._where
                    return item
                first = self._seen[item.id]     # the first copy wins
                item = Skip(f"duplicate id {item.id!r}, skipped: already read from "
                            f"{'this file' if first == self._where else first}")
            if item.reason and len(self.problems) < MAX_PROBLEMS:
                self._problem(item.reason)
            else:
                self._hidden += item.count
        return None

    def __iter__(self) -> Iterator[Document]:
        doc, self._first = self._first, None
        while doc is not None:
            self._count += 1
            yield doc
            try:
                doc = self._next()
            except Exception as e:          # a file that breaks off (I/O error, corrupt zip data)
                reason = str(e) if isinstance(e, ReadError) else f"{type(e).__name__}: {e}"
                self._problem(f"stopped reading after {self._count} document(s): {reason}")
                self._close()
                break
        if self._hidden:
            self._problem(f"{self._hidden} more bad record(s) skipped")
            self._hidden = 0

    def __len__(self) -> int:
        return self._count


def _items(path: str, name: str, suffix: str) -> Iterator[Document | Skip]:
    shown = display_path(path)      # Document.path: valid Unicode even for a name that is not UTF-8
    with open_file(path) as (f, size):
        if suffix == ".zip":
            yield from read_zip(f, size, shown, name, READERS, settle)
        else:
            yield from READERS[suffix](f, size, shown, name)


def read_file(path: str, on_problem: Callable[[str], None] | None = None, name: str | None = None,
              seen: dict[str, str] | None = None) -> Documents:
    """The articles in one file, as a lazy Documents iterable; raises ReadError with a
    one-sentence reason for an unusable file (and nothing else). Bad records inside a usable
    file are skipped and reported to `on_problem(reason)`; so are ids already in `seen` (id ->
    the file it was read from, filled in as documents are read). Ids fall back to `name`, by
    default the Found name from discover(), else the file's folder and name."""
    name = name or getattr(path, "name", None) or default_name(path)
    path = os.path.abspath(path)
    suffix = _suffix(path)
    if suffix != ".zip" and suffix not in READERS:
        raise ReadError(f"unsupported file type {suffix or '(no suffix)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    empty = "no readable articles in archive" if suffix == ".zip" else "no articles found"
    return Documents(settle(_items(path, display_path(name), suffix), empty), on_problem, seen, display_path(path))
