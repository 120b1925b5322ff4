"""Names by rule, both ways: a name in Latin letters -> the pattern of its Arabic spellings,
and an Arabic name -> the pattern of its Latin spellings. Patterns go to the engine
(`words_matching`), which returns the index words that fit: transliterations are matched
to real words with the same consonants, never searched blind.

A pattern is a regular expression in the subset Python's `re` and Lucene's regexp share
(literals, [..], (a|b), ?), anchored at both ends, plus `starts`: literal prefixes every
match begins with (an engine may enumerate just those ranges of its vocabulary).
"""
from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata

from corpus.analysis.normalize import normalize

# Latin letter groups -> Arabic letters (normalised forms), longest groups first. v is ف, or
# و in names of Persian and Arabic (Javad جواد, Velayati ولايتي).
LATIN_CONSONANTS = {
    "sch": "ش", "sh": "ش", "ch": "شت", "kh": "خ", "gh": "غق", "th": "ثذت", "dh": "ذضد",
    "ph": "ف", "ck": "ك", "qu": "قك", "zh": "ج",
    "b": "ب", "p": "ب", "t": "تط", "d": "دض", "j": "ج", "g": "جغقك", "h": "هح", "k": "كق",
    "q": "قك", "c": "كسق", "s": "سصز", "z": "زظذ", "f": "ف", "v": "فو", "w": "و", "y": "ي",
    "l": "ل", "m": "م", "n": "ن", "r": "ر", "x": "كس",
}
# An apostrophe inside a Latin name: an ع or a hamza Latin does not write (Sa'dah صعدة, Ma'rib مأرب).
APOSTROPHES = "'’ʿʾ`"
# Latin vowel groups -> the Arabic long-vowel letter that may (or may not) spell them.
LATIN_VOWELS = {"ou": "و", "oo": "و", "ee": "ي", "ie": "ي", "ei": "ي", "ai": "ي", "ay": "ي",
                "a": "ا", "e": "ي", "i": "ي", "o": "و", "u": "و"}
ARABIC_ENDINGS = ("ي", "يه", "يين", "يون", "ين", "ون", "ه", "ا")      # nisba, plurals, ة
# Arabic letters -> Latin spellings (the index holds lowercase words).
ARABIC_LETTERS = {
    "ب": ("b", "p"), "ت": ("t",), "ث": ("th", "t"), "ج": ("j", "g", "dj"), "ح": ("h",),
    "خ": ("kh", "h"), "د": ("d",), "ذ": ("dh", "th", "z", "d"), "ر": ("r",), "ز": ("z", "s"),
    "س": ("s", "c"), "ش": ("sh", "ch"), "ص": ("s",), "ض": ("d", "dh"), "ط": ("t",),
    "ظ": ("z", "dh"), "غ": ("gh", "g"), "ف": ("f", "ph", "v"), "ق": ("q", "k", "c", "g"),
    "ك": ("k", "c", "ck", "ch"), "ل": ("l",), "م": ("m",), "ن": ("n",), "ه": ("h", ""),
    "و": ("w", "v", "o", "u", "ou"), "ي": ("y", "i", "e", "ee"), "ا": ("a", "e", "o", ""),
    "ع": ("a", "e", "i", "o", ""), "ء": ("",), "ئ": ("",), "ؤ": ("",),
}
MIN_LETTERS = 3                         # shorter names match too much
# Abd fused with the name it serves: Abdullatif, Abdelkader, Abdolreza, Abdrabbuh, Abdul-Latif
# (group 1: the article; group 2: the name served, 3+ letters)
ABD_FUSED = re.compile(r"abd(?:(ul|el|al|ol)|u|e)?-?([a-z]{3,})")
# Longer words are not names (Schwarzenegger: 14 Latin letters; عبدالرحمن: 9 Arabic), nor is
# a letter written three times running: their patterns only cost time (a pattern has a slot
# per letter, an optional vowel between, and a regex engine may backtrack over them).
MAX_LETTERS = {"latin": 16, "arabic": 12}
_RUN_OF_THREE = re.compile(r"(.)\1\1")


@dataclasses.dataclass(frozen=True)
class Pattern:
    regex: str
    starts: tuple[str, ...]

    def matches(self, word: str) -> bool:
        return re.fullmatch(self.regex, word) is not None


def _latin_units(word: str) -> list[tuple[str, str]]:
    """A Latin word -> [(kind, Arabic letters)], kind "c" (consonant), "v" (vowel) or
    "long" (a vowel digraph: ou, ee ...)."""
    units, i = [], 0
    while i < len(word):
        for table, kind in ((LATIN_CONSONANTS, "c"), (LATIN_VOWELS, "v")):
            hit = next((g for g in sorted(table, key=len, reverse=True) if word.startswith(g, i)), None)
            if hit == "ay" and word[i + 2:i + 3] in tuple("aeiou"):
                hit = "a"           # y before a vowel is a consonant: Velayati ولايتي, Zayed زايد
            if hit:
                letters = table[hit]
                if hit in LONG_VOWELS:
                    kind = "long"
                if units and units[-1] == (kind, letters) and kind == "c":        # ll, mm
                    units.append(("twice", letters))
                else:
                    units.append((kind, letters))
                i += len(hit)
                break
        else:
            if word[i] in APOSTROPHES and units and i + 1 < len(word):
                units.append(("ayn", "عا"))
            i += 1          # hyphens, letters with accents
    return units


# Latin vowel groups that are long vowels: Arabic writes them.
LONG_VOWELS = ("ou", "oo", "ee", "ie", "ei", "ai", "ay")


def to_arabic(word: str, loose: bool = False, endings: bool = True) -> Pattern | None:
    """A Latin name -> the pattern of its Arabic spellings: each consonant one of its
    letters, a short vowel its long letter or nothing (a long or final i/y: the letter; a
    final e may be silent: Hollande هولاند), an optional article and ending.

    `loose` (a word of a name run, whose spellings the index's phrases then choose among):
    also a vowel written with ع, which Latin drops (Mutaib متعب, Naimi النعيمي, Ismail
    اسماعيل), a doubled consonant written twice (Nasrallah نصرالله), and names of one
    consonant (Isa عيسى). `endings=False`: without the optional Arabic ending (nisba,
    plural, ة, an adverbial ا) -- the word as the Latin writes it."""
    word = _plain_latin(word)
    article = word.startswith(("al-", "el-"))      # al-Dakhil: الدخيل, not داخل
    word = word.removeprefix("al-").removeprefix("el-")
    abd = abd_fused(word)
    if abd:                     # Abdullatif: عبداللطيف, Abdrabbuh: عبدربه (the rest spelled)
        word, article = abd
        prefix = "عبد" + ("ال" if article else "")
    if not _name_like(word, "latin"):
        return None
    units = _latin_units(word)
    if sum(k == "c" for k, _ in units) < (1 if loose else 2) or len(word) < MIN_LETTERS:
        return None
    slots = []
    for n, (kind, letters) in enumerate(units):
        last = n == len(units) - 1
        if kind == "twice":
            if loose:
                slots.append(tuple(letters) + ("",))
            continue
        if kind == "c":
            slots.append(tuple(letters))
        elif kind == "ayn":
            slots.append(tuple(letters) + ("",))
        elif n == 0:                                    # initial vowel: ا or ع, written
            slots.append(("ا", "ع", "عا") if letters == "ا" else ("ا" + letters, "ع" + letters, "ا", "ع"))
        elif kind == "long" or (last and letters == "ي" and not word.endswith("e")):
            # loose: ou, oo also a short u, as French spelling writes it (Shoukry شكري)
            short = ("",) if loose and kind == "long" and letters == "و" else ()
            slots.append((letters, *(("ع" + letters, "ع", letters + "ع", "ا" + "ع" + letters) if loose else ()),
                          *short, *_seat(letters, loose)))
        else:
            slots.append((letters, "", *(("ع", "ع" + letters, letters + "ع") if loose else ()),
                          *_seat(letters, loose)))
    endings = "|".join(ARABIC_ENDINGS) if endings else ""
    core = "".join(_slot_regex(s) for s in slots)
    starts = _starts(slots)
    if abd:
        return Pattern(f"{prefix}{core}({endings})?", (prefix,))
    if article:
        return Pattern(f"ال{core}({endings})?", tuple("ال" + s for s in starts))
    return Pattern(f"(ال)?{core}({endings})?", tuple(p for s in starts for p in (s, "ال" + s)))


# Latin letters a word may end with and Arabic still add an ending Latin does not write
# (Jeddah: جدة, Medina: المدينة); after any other consonant an added ending is inflection.
OPEN_ENDINGS = "aeiouyhw'"


def adds_ending(word: str, arabic: str) -> bool:
    """Whether an Arabic word a Latin name's pattern fits only through an ending the Latin
    does not write after its final consonant: an inflected ordinary word (SABIC: سابقا
    "previously", not سابك; Hossein: الحسيني, حزينا, not حسين; Nassr: الناصريين, not النصر)."""
    written = _as_written(word)
    return written is not None and not written.fullmatch(arabic)


@functools.lru_cache(maxsize=4096)
def _as_written(word: str) -> re.Pattern | None:
    """The compiled patterns (strict or loose) of a Latin name without an Arabic ending, or
    None when its last letter may be one (once per word: every index word fitting it asks)."""
    plain = _plain_latin(word)
    if not plain or plain[-1] in OPEN_ENDINGS:
        return None
    patterns = [p.regex for p in (to_arabic(word, endings=False), to_arabic(word, loose=True, endings=False)) if p]
    return re.compile("|".join(f"(?:{r})" for r in patterns)) if patterns else None


# A vowel Latin writes where Arabic has a hamza on its seat (Fuad فؤاد, Raed رائد); the
# normaliser keeps ؤ and ئ (it folds أ إ آ into ا, which the vowel a already spells).
HAMZA_SEATS = {"و": "ؤ", "ي": "ئ"}


def _seat(letters: str, loose: bool) -> tuple[str, ...]:
    """In a loose pattern, the hamza seat a vowel may be written with, else ()."""
    return (HAMZA_SEATS[letters],) if loose and letters in HAMZA_SEATS else ()


def abd_fused(word: str) -> tuple[str, bool] | None:
    """A Latin word that is Abd fused with the name it serves -> (that name, lowercase;
    whether the article is written: Abdullatif ("latif", True), Abdrabbuh ("rabbuh",
    False)), else None. One rule for the pattern (to_arabic) and for names.py, which spells
    the name served on its own."""
    m = ABD_FUSED.fullmatch(_plain_latin(word))
    return (m.group(2), bool(m.group(1))) if m else None


def _name_like(word: str, script: str) -> bool:
    return len(word) <= MAX_LETTERS[script] and not _RUN_OF_THREE.search(word)


def _plain_latin(word: str) -> str:
    """Lowercase, accents off (Börte -> borte), a possessive 's off."""
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(c for c in word if not unicodedata.combining(c))
    return re.sub(r"['’]s$", "", word)


def _slot_regex(options: tuple[str, ...]) -> str:
    written = [o for o in options if o]
    if not written:
        return ""
    optional = "?" if "" in options else ""
    if all(len(o) == 1 for o in written):
        body = written[0] if len(written) == 1 else f"[{''.join(written)}]"
        return body + optional
    return f"({'|'.join(written)})" + optional


def _starts(slots, length: int = 2, cap: int = 64) -> list[str]:
    """Literal prefixes (`length` letters, fewer when more than `cap` of them would be
    needed, or the whole word) that every spelling begins with."""
    out, seen, todo = set(), set(), [("", 0)]
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        text, i = state
        if len(text) >= length or i == len(slots):
            out.add(text)
        else:
            todo += [(text + o, i + 1) for o in slots[i]]
    out.discard("")
    if len(out) > cap and length > 1:
        return _starts(slots, length - 1, cap)
    kept: list[str] = []
    for o in sorted(out):       # a prefix's extensions follow it: keep the prefix alone
        if not (kept and o.startswith(kept[-1])):
            kept.append(o)
    return kept


def written_vowels(word: str) -> int:
    """Long-vowel letters an Arabic spelling writes (the article left out): توماس 2, تمس 0."""
    word = word[2:] if word.startswith("ال") else word
    return sum(c in "اوي" for c in word)


def to_latin(word: str) -> Pattern | None:
    """An Arabic name -> the pattern of its Latin spellings: each letter one of its
    spellings, vowels English writes in between, the article left out."""
    word = normalize(word)
    for article in ("وال", "بال", "ال"):
        if word.startswith(article) and len(word) - len(article) >= MIN_LETTERS:
            word = word[len(article):]
            break
    if word.endswith("ه"):
        word = word[:-1] + "ة"          # final heh is mostly teh marbuta: -a, -ah or nothing
    letters = [c for c in word if c in ARABIC_LETTERS or c == "ة"]
    if len(letters) < MIN_LETTERS or len(letters) != len(word) or not _name_like(word, "arabic"):
        return None
    slots = []
    for c in letters:
        slots.append(("a", "ah", "") if c == "ة" else ARABIC_LETTERS[c])
        slots.append(("", "a", "e", "i", "o", "u", "y", "ai", "ea", "ee", "ie", "oo", "ou"))
    regex = "".join(_slot_regex(o) for o in slots) + "s?"
    return Pattern(regex, tuple(_starts(slots)))
