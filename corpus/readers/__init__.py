"""Find input files and read each into Documents with the reader for its suffix."""
from __future__ import annotations

import glob
import os

from corpus.document import Document, ReadError
from corpus.readers.archive import read_zip
from corpus.readers.decode import read_bytes
from corpus.readers.records import read_csv, read_json, read_json_lines
from corpus.readers.text import read_text

READERS = {".txt": read_text, ".json": read_json, ".jsonl": read_json_lines, ".ndjson": read_json_lines,
           ".csv": read_csv}
SUPPORTED_SUFFIXES = (*READERS, ".zip")

__all__ = ["SUPPORTED_SUFFIXES", "discover", "read_file"]


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _walk(folder: str) -> list[str]:
    """Supported files under a folder, skipping hidden files and folders."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, f) for f in files if not f.startswith(".") and _suffix(f) in SUPPORTED_SUFFIXES]
    return found


def discover(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files, folders (recursively) and glob patterns -> (sorted absolute supported files, [(path, reason)])."""
    files, problems = set(), []
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
        files.update(os.path.abspath(h) for h in hits)
    return sorted(files), problems


def read_file(path: str) -> list[Document]:
    """All articles in one file; raises ReadError with a one-sentence reason for an unusable file."""
    path = os.path.abspath(path)
    suffix = _suffix(path)
    if suffix == ".zip":
        return read_zip(path, READERS)
    if suffix not in READERS:
        raise ReadError(f"unsupported file type {suffix or '(no suffix)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    return READERS[suffix](read_bytes(path), path, path)
