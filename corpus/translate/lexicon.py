"""What a word (or a run of words) becomes in the other language: our table of news terms
(entities.tsv), then FreeDict, each looked up by the word's form and then by its stem.

A translation is a tuple of words (one for most, several for "رئيس الوزراء"); the
engines analyse them like any query word.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from functools import lru_cache
from pathlib import Path

from corpus.analysis.analyzer import analyze_word, is_arabic
from corpus.analysis.normalize import normalize
from corpus.translate import freedict
from corpus.translate.freedict import Dictionary

TABLE = Path(__file__).with_name("entities.tsv")
ANALYSIS = Path(__file__).resolve().parent.parent / "analysis"
MAX_REVERSE = 3             # headwords found in reverse, per word
MAX_SENSE_WORDS = 2         # words of one dictionary sense searched
MIN_STEM = 3                # shorter stems are not looked up in the table by stem
MAX_PHRASE = 4                  # the longest table entry, in words
# Words FreeDict puts in front of names and adverbs ("مدينة أبيفيل", "بشكل مجمد"): left out.
DESCRIPTORS = {normalize(w) for w in ("مدينة", "دولة", "بلد", "نهر", "جزيرة", "بشكل", "ولاية",
                                       "city", "town", "river", "state", "country", "in", "of")}
Translation = tuple[str, ...]


def language(word: str) -> str:
    return "ar" if is_arabic(word) else "en"


def key(words) -> str:
    """How table and dictionary entries are compared: normalised, lowercase, one space."""
    return " ".join(normalize(w) for w in " ".join(words).replace("-", " ").split())


def stem_key(words) -> str:
    return " ".join(analyze_word(w)[1] or normalize(w) for w in key(words).split())


def _clean(text: str) -> Translation:
    words = [w for w in text.replace("-", " ").split() if normalize(w) not in DESCRIPTORS]
    return tuple(words)


class Table:
    """Our reviewed table, both directions: form -> translations, and stem -> translations."""

    def __init__(self, path: Path = TABLE):
        self.exact: dict[str, list[Translation]] = {}
        self.stems: dict[str, list[Translation]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            english, arabic = (side.split("|") for side in line.split("\t"))
            for forms, targets in ((english, arabic), (arabic, english)):
                translations = [tuple(t.lstrip("^").split()) for t in targets if t.strip()]
                for form in (f for f in forms if not f.startswith("^")):
                    for index, k in ((self.exact, key([form])), (self.stems, stem_key([form]))):
                        have = index.setdefault(k, [])
                        have += [t for t in translations if t not in have]

    def lookup(self, words) -> list[Translation]:
        found = self.exact.get(key(words))
        if found:
            return found
        stems = stem_key(words)
        if min(map(len, stems.split()), default=0) < MIN_STEM:     # سن: "year" and "Sunni"
            return []
        return self.stems.get(stems) or []


class Dictionaries:
    """FreeDict both ways. A word is looked up by its form, then by its stem, and in reverse:
    the other direction's headwords one of whose senses is the word (FreeDict has about one
    sense per headword; ara-eng adds the Arabic words it renders as "funded"). The stem and
    reverse indexes (seconds to build) are cached in a file, keyed by the dictionary files
    and the analyzer's source."""

    def __init__(self):
        self.books = {"en": Dictionary("en", "ar"), "ar": Dictionary("ar", "en")}
        self._indexes: dict[str, dict[str, dict[str, list[str]]]] = {}
        self._lock = threading.Lock()

    def _index(self, lang: str) -> dict[str, dict[str, list[str]]]:
        index = self._indexes.get(lang)
        if index is None:
            with self._lock:
                index = self._indexes.get(lang)
                if index is None:
                    index = self._indexes[lang] = self._cached(lang)
        return index

    def _cached(self, lang: str) -> dict[str, dict[str, list[str]]]:
        book, other = self.books[lang], self.books["ar" if lang == "en" else "en"]
        path = _cache_path(book, other)
        if path is not None and path.is_file():
            try:
                return pickle.loads(path.read_bytes())
            except (OSError, pickle.PickleError, EOFError):
                pass
        stems: dict[str, list[str]] = {}
        for head in book.headwords():
            if " " not in head:
                stems.setdefault(stem_key([head]), []).append(head)
        reverse: dict[str, list[str]] = {}
        for head in other.headwords():
            for sense in other.lookup(head):
                if " " not in sense:
                    have = reverse.setdefault(stem_key([sense]), [])
                    if head not in have:
                        have.append(head)
        index = {"stems": stems, "reverse": reverse}
        if path is not None and stems:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
                tmp.replace(path)
            except OSError:
                pass            # a read-only home: built again next time
        return index

    def heads(self, lang: str, word: str) -> list[str]:
        """The headwords for a word: its own form, else the headwords sharing its stem."""
        book = self.books[lang]
        own = word.lower() if lang == "en" else word
        if book.lookup(own):
            return [own]
        if lang == "ar" and normalize(word) != word and book.lookup(normalize(word)):
            return [normalize(word)]
        return self._index(lang)["stems"].get(stem_key([word]), [])[:3]

    def lookup(self, word: str) -> list[Translation]:
        lang = language(word)
        out: list[Translation] = []
        for head in self.heads(lang, word):
            for sense in self.books[lang].lookup(head):
                # a sense of several words is searched word by word (a flat OR measured
                # better); one of more than MAX_SENSE_WORDS is a definition: its first words
                for t in ((w,) for w in _clean(sense)[:MAX_SENSE_WORDS]):
                    if t not in out:
                        out.append(t)
        reverse = self._index(lang)["reverse"].get(stem_key([word]), []) if len(out) < 2 else []
        for head in reverse[:MAX_REVERSE]:
            t = _clean(head)
            if t and t not in out:
                out.append(t)
        return out

    def warm(self):
        for lang in self.books:
            self._index(lang)


def _cache_path(book: Dictionary, other: Dictionary) -> Path | None:
    """Where a dictionary's stem index is cached: $CORPUS_CACHE or ~/.cache/corpus, named by
    the dictionary file (size, mtime) and the analyzer's source, so either change rebuilds it."""
    index_file, _ = freedict.paths(book.source, book.target)
    h = hashlib.blake2b(b"stems+reverse", digest_size=8)
    for f in (index_file, freedict.paths(other.source, other.target)[0]):
        try:
            st = f.stat()
        except OSError:
            return None
        h.update(f"{f}:{st.st_size}:{st.st_mtime_ns}".encode())
    for f in sorted(ANALYSIS.glob("*.py")):
        h.update(f.read_bytes())
    root = Path(os.environ.get("CORPUS_CACHE") or Path.home() / ".cache" / "corpus")
    return root / f"{index_file.stem}-stems-{h.hexdigest()}.pickle"


TABLE_ENTRIES = Table()
DICTIONARIES = Dictionaries()


@lru_cache(maxsize=50_000)
def translations(word: str) -> tuple[Translation, ...]:
    """One word's translations: the table's when it has the word, else the dictionary's."""
    return tuple(TABLE_ENTRIES.lookup([word]) or DICTIONARIES.lookup(word))


def phrase(words: tuple[str, ...]) -> tuple[Translation, ...]:
    """A run of 2+ words the table knows as one entry ("prime minister"), else ()."""
    return tuple(TABLE_ENTRIES.lookup(words)) if len(words) > 1 else ()
