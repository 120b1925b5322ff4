"""The Document: what every reader yields and what the indexer stores."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): one stray in a title
# reorders whatever is shown after it. The marks (LRM, RLM, ALM) stay: they reorder nothing.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Valid Unicode: lone surrogates (from JSON "\\ud800" escapes or undecodable bytes) -> U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def strip_bidi_controls(text: str) -> str:
    """Text without bidi embedding, override and isolate controls (the page isolates instead)."""
    return _BIDI_CONTROLS.sub("", text)


def display_path(path: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (os.walk gives them as surrogate
    escapes) are shown as \\xNN, so the name can be printed, stored and told apart."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:
        return clean(path)


DERIVED = ("lang", "story", "story_bands", "minhash", "vector")   # filled in by the indexer
SHOWN = ("title", "body", "source", "section", "author", "place")  # text shown as read: no bidi controls


@dataclasses.dataclass
class Document:
    id: str                     # stable: record id, else url, else the file's name below its source (+ record)
    path: str                   # the source file, absolute (for an archive: the zip)
    title: str = ""
    body: str = ""
    date: dt.date | None = None
    lang: str = ""              # ISO 639-1 code from langdetect; filled in by the indexer
    source: str = ""            # agency or newspaper (الأناضول, okaz, ...)
    section: str = ""
    author: str = ""
    place: str = ""
    url: str = ""
    # Derived by the indexer, not read (corpus/stories.py): never part of the hash.
    story: str = ""             # id of the story (near-duplicate group) it belongs to
    story_bands: tuple = ()     # MinHash LSH band keys
    minhash: str = ""           # MinHash signature, base64
    vector: object = None       # sentence embedding (numpy, 512 floats) with --embeddings

    def __setattr__(self, name: str, value) -> None:
        # Every text value enters here (the constructor and readers assign fields): keep it valid
        # Unicode, and the text shown (titles, bodies, facet values) free of bidi controls.
        if isinstance(value, str):
            value = clean(value)
            if name in SHOWN and len(shown := strip_bidi_controls(value)) != len(value):
                # no space left where a control stood (a body keeps its lines)
                value = shown.strip() if name == "body" else " ".join(shown.split())
        object.__setattr__(self, name, value)

    @property
    def content_hash(self) -> str:
        """Hash of everything a reader recovered: a change re-indexes the document."""
        h = hashlib.blake2b(digest_size=16)
        for f in dataclasses.fields(self):
            if f.name not in DERIVED:
                h.update(str(getattr(self, f.name) or "").encode("utf-8", "surrogatepass"))
                h.update(b"\x1f")
        return h.hexdigest()


class ReadError(Exception):
    """A file that cannot be read as articles; the message is the reason shown to the user."""


class Skip:
    """A record a reader skipped (or `count` of them, unnamed), with its one-line reason."""
    __slots__ = ("reason", "count")

    def __init__(self, reason: str, count: int = 1):
        self.reason, self.count = clean(reason), count

    def __repr__(self) -> str:
        return f"Skip({self.reason!r}, {self.count})"
