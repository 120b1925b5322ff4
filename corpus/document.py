"""The Document: what every reader yields and what the indexer stores."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib


@dataclasses.dataclass
class Document:
    id: str                     # stable: record id, else url, else source path (+ record index)
    path: str                   # the source file (for an archive member: "archive.zip!member.json")
    title: str = ""
    body: str = ""
    date: dt.date | None = None
    lang: str = ""              # ISO 639-1 code from langdetect; filled in by the indexer
    source: str = ""            # agency or newspaper (الأناضول, okaz, ...)
    section: str = ""
    author: str = ""
    place: str = ""
    url: str = ""

    @property
    def content_hash(self) -> str:
        """Hash of everything a reader recovered: a change re-indexes the document."""
        h = hashlib.blake2b(digest_size=16)
        for f in dataclasses.fields(self):
            if f.name != "lang":
                h.update(str(getattr(self, f.name) or "").encode("utf-8", "surrogatepass"))
                h.update(b"\x1f")
        return h.hexdigest()


class ReadError(Exception):
    """A file that cannot be read as articles; the message is the reason shown to the user."""
