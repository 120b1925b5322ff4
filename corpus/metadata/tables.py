"""Display-name tables: id -> (Arabic, English) and every spelling -> id, from documented TSV files.

Each table is data/<name>.tsv (id, Arabic, English, aliases separated by |); a file of the same
name in the folder $CORPUS_METADATA_DIR is read after it, so users extend or override rows
without touching the package. Spellings are compared by `key()`: normalised (hamza seats,
ى/ي, ة/ه, Kurdish letters, case), spaces and dots removed, tatweel dropped.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
from pathlib import Path

from corpus.analysis.normalize import normalize

DATA = Path(__file__).with_name("data")
ENV_DIR = "CORPUS_METADATA_DIR"


@dataclasses.dataclass(frozen=True)
class Entry:
    id: str
    ar: str
    en: str

    def names(self, lang: str = "ar") -> tuple[str, str]:
        """(the name in `lang`, the other language's name, "" when there is none)."""
        first, second = (self.ar, self.en) if lang == "ar" else (self.en, self.ar)
        first, second = first or second, second if first else ""
        return first, second if second != first else ""

    def label(self, lang: str = "ar") -> str:
        """The name in `lang`, the other one in brackets: "أربيل (Erbil)"."""
        first, second = self.names(lang)
        return f"{first} ({second})" if second else first


def key(name: str) -> str:
    """How spellings compare: normalised, no spaces, dots, quotes or a leading وكالة."""
    k = re.sub(r"[\s.\-'ـ«»\"]+", "", normalize(name))
    return k.removeprefix("وكاله") if len(k) > 6 else k


class Table:
    """id -> Entry, and every spelling (id, names, aliases) -> id."""

    def __init__(self, rows):
        self.entries: dict[str, Entry] = {}
        self.ids: dict[str, str] = {}
        for row in rows:
            self.add(*row)

    def add(self, id_: str, ar: str = "", en: str = "", aliases: str | list = "") -> None:
        self.entries[id_] = Entry(id_, ar, en or id_)
        names = aliases.split("|") if isinstance(aliases, str) else aliases
        for name in (id_, ar, en, *names):
            if name and name.strip():
                self.ids[key(name)] = id_

    def find(self, name: str) -> Entry | None:
        id_ = self.ids.get(key(name)) if name else None
        return self.entries.get(id_) if id_ else None

    def canonical(self, name: str) -> str:
        """The id of a known spelling, else the value as given."""
        entry = self.find(name)
        return entry.id if entry else name

    def label(self, value: str, lang: str = "ar") -> str:
        entry = self.entries.get(value) or self.find(value)
        return entry.label(lang) if entry else value


def files() -> list[Path]:
    """Every table file read: ours, then those in $CORPUS_METADATA_DIR."""
    out = sorted(DATA.glob("*.tsv"))
    extra = os.environ.get(ENV_DIR, "").strip()
    if extra and Path(extra).is_dir():
        out += sorted(Path(extra).glob("*.tsv"))
    return out


def read_rows(name: str) -> list[tuple[str, str, str, str]]:
    """The rows of data/<name>.tsv, then of $CORPUS_METADATA_DIR/<name>.tsv if there is one."""
    files = [DATA / f"{name}.tsv"]
    extra = os.environ.get(ENV_DIR, "").strip()
    if extra and (Path(extra) / f"{name}.tsv").is_file():
        files.append(Path(extra) / f"{name}.tsv")
    rows = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cells = [c.strip() for c in line.split("\t")] + ["", "", ""]
                rows.append(tuple(cells[:4]))
    return rows


@functools.lru_cache(maxsize=None)
def table(name: str) -> Table:
    return Table(read_rows(name))
