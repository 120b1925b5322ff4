"""Words whose initial و is part of the word, not the conjunction (وزير, وقت, ولاية).

The light stemmer takes a bare word's leading و for the conjunction (وقال -> قال); for the
words of data/radical_waw.txt it keeps it, so وزير stems as الوزير does. A table word
also covers its inflected forms: one pronoun suffix, the accusative alef, a dual or plural
ending, ة written ت before a suffix (وزيرا, وزيرها, وزارات, وزارته, وطنيون). A `-` line
lists one exact form whose و is the conjunction after all (وطنا: "and tons").

The table's words are normalised (ة -> ه, أ -> ا); how it was derived: its header.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from corpus.analysis.normalize import normalize

TABLE = Path(__file__).with_name("data") / "radical_waw.txt"

PRONOUNS = ("هما", "كما", "هم", "ها", "هن", "كم", "كن", "نا", "ه", "ك", "ي", "ا")
NUMBER = ("ان", "ين", "ون", "ات")


@lru_cache(maxsize=1)
def table() -> tuple[frozenset[str], frozenset[str]]:
    """(radical words, conjunction forms) of the table file, normalised."""
    words, conj = set(), set()
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry.startswith("-"):
            conj.add(normalize(entry[1:].strip()))
        elif entry:
            words.add(normalize(entry))
    return frozenset(words), frozenset(conj)


def bases(word: str):
    """The forms `word` may be an inflection of: itself, without one pronoun suffix or
    accusative alef, then without a dual/plural ending; ت before a suffix also as ه."""
    yield word
    for pronoun in (*PRONOUNS, ""):
        rest = word[: len(word) - len(pronoun)]
        if pronoun and (not word.endswith(pronoun) or len(rest) < 3):
            continue
        if pronoun:
            yield rest
            if rest.endswith("ت"):
                yield rest[:-1] + "ه"
        for ending in NUMBER:
            if rest.endswith(ending) and len(rest) - len(ending) >= 3:
                stem = rest[: -len(ending)]
                yield stem
                yield (stem[:-1] if stem.endswith("ت") else stem) + "ه"


def radical_waw(word: str) -> bool:
    """Is the leading و of this normalised word part of it (by the table)?"""
    words, conj = table()
    return word.startswith("و") and word not in conj and any(b in words for b in bases(word))


def may_begin_radical_waw(prefix: str) -> bool:
    """Could a prefix query's text (ending unknown) be the start of a table word's form?
    Four letters at least (وزار* for وزارة; وقا* is more likely وقال)."""
    return radical_waw(prefix) or (len(prefix) >= 4 and prefix.startswith("و") and
                                   any(w.startswith(prefix) for w in table()[0]))
