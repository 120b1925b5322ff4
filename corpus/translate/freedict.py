"""FreeDict dictionaries (GPL data, installed from Debian by scripts/setup.sh), read at run
time from /usr/share/dictd: `dict-freedict-eng-ara` and `dict-freedict-ara-eng`.

The dictd format: NAME.index lines `headword<TAB>offset<TAB>length` (base64 numbers) into
NAME.dict.dz (gzip). An entry is the headword with its pronunciation, then the senses, one
per line, numbered when there are several ("1. ..."). Without the packages, lookups find
nothing and `available()` says so; the table of news terms (entities.tsv) still works.
"""
from __future__ import annotations

import gzip
import os
import re
import threading
from pathlib import Path

DICTD = Path(os.environ.get("CORPUS_DICTD", "/usr/share/dictd"))
NAMES = {("en", "ar"): "freedict-eng-ara", ("ar", "en"): "freedict-ara-eng"}
MAX_SENSES = 3                  # the first senses of an entry; later ones are rarer
_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_NUMBERED = re.compile(r"^\s*\d+\.\s*")
_PUNCT = re.compile(r"[،,;:()\[\]\"!?]+")


def _number(text: str) -> int:
    n = 0
    for c in text:
        n = n * 64 + _B64[c]
    return n


def paths(source: str, target: str) -> tuple[Path, Path]:
    name = NAMES[(source, target)]
    return DICTD / f"{name}.index", DICTD / f"{name}.dict.dz"


def available(source: str, target: str) -> bool:
    return all(p.is_file() for p in paths(source, target))


def senses(entry: str) -> list[str]:
    """The translations of one entry's text (the first line is the headword)."""
    out = []
    for line in entry.split("\n")[1:]:
        line = _PUNCT.sub(" ", _NUMBERED.sub("", line)).strip()
        if line and line not in out:
            out.append(" ".join(line.split()))
    return out[:MAX_SENSES]


class Dictionary:
    """headword -> translations, for one direction; entries decoded on first use."""

    def __init__(self, source: str, target: str):
        self.source, self.target = source, target
        self._index: dict[str, list[tuple[int, int]]] | None = None
        self._data = b""
        self._lock = threading.Lock()

    def _load(self) -> dict:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._read()
        return self._index

    def _read(self) -> dict:
        index_path, data_path = paths(self.source, self.target)
        if not (index_path.is_file() and data_path.is_file()):
            return {}
        self._data = gzip.decompress(data_path.read_bytes())
        index: dict[str, list[tuple[int, int]]] = {}
        for line in index_path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 3 or parts[0].startswith("00database"):
                continue
            index.setdefault(parts[0], []).append((_number(parts[1]), _number(parts[2])))
        return index

    def headwords(self):
        return self._load().keys()

    def lookup(self, headword: str) -> list[str]:
        out = []
        for offset, length in self._load().get(headword, ()):
            for s in senses(self._data[offset:offset + length].decode("utf-8", "replace")):
                if s not in out:
                    out.append(s)
        return out
