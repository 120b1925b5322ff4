"""FreeDict, compiled once into one compact cache file read in a fraction of a second.

The Debian files (dictd index + gzip data, ~5 MB) take seconds to decode and index by stem;
the result -- per direction: headword -> senses, stem -> headwords, and the reverse index
(stem of a one-word sense -> the other direction's headwords) -- is written with `marshal`
to $CORPUS_CACHE or ~/.cache/corpus (never into our source tree), named by the dictionary
files (size, mtime), the code that reads them and the analyzer's source, so a change to
any of them builds it again. Without a writable cache dir it is built in memory each run.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

from corpus.caches import cache_dir
from corpus.translate import freedict
from corpus.translate.keys import stem_key

HERE = Path(__file__).resolve().parent
SOURCES = [HERE / "freedict.py", HERE / "compiled.py", HERE / "keys.py",
           *sorted((HERE.parent / "analysis").glob("*.py"))]
LANGS = {"en": ("en", "ar"), "ar": ("ar", "en")}

Compiled = dict       # lang -> {"senses": {head: (sense, ...)}, "stems": {...}, "reverse": {...}}


def cache_path() -> Path | None:
    """The cache file for the installed dictionaries and this code; None without them."""
    h = hashlib.blake2b(f"{sys.version_info[:2]}".encode(), digest_size=8)
    for source, target in LANGS.values():
        for f in freedict.paths(source, target):
            try:
                st = f.stat()
            except OSError:
                return None
            h.update(f"{f}:{st.st_size}:{st.st_mtime_ns}".encode())
    for f in SOURCES:
        h.update(f.read_bytes())
    return cache_dir() / f"freedict-{h.hexdigest()}.marshal"


def load() -> Compiled:
    """The compiled dictionaries: read from the cache, else built (and cached)."""
    path = cache_path()
    if path is None:
        return {lang: {"senses": {}, "stems": {}, "reverse": {}} for lang in LANGS}
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob("freedict-*.marshal"):
            stale.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        tmp.replace(path)
    except OSError:
        pass                    # a read-only home: built again next time
    return data


def build() -> Compiled:
    books = {lang: freedict.Dictionary(*pair) for lang, pair in LANGS.items()}
    senses = {lang: {h: tuple(book.lookup(h)) for h in book.headwords()}
              for lang, book in books.items()}
    out = {}
    for lang in LANGS:
        other = "ar" if lang == "en" else "en"
        stems: dict[str, list[str]] = {}
        for head in senses[lang]:
            if " " not in head:
                stems.setdefault(stem_key([head]), []).append(head)
        reverse: dict[str, list[str]] = {}
        for head, found in senses[other].items():
            for sense in found:
                if " " not in sense:
                    have = reverse.setdefault(stem_key([sense]), [])
                    if head not in have:
                        have.append(head)
        out[lang] = {"senses": {h: s for h, s in senses[lang].items() if s},
                     "stems": {k: tuple(v) for k, v in stems.items()},
                     "reverse": {k: tuple(v) for k, v in reverse.items()}}
    return out
