"""Arabic-script normalisation, table-driven (after Lucene's ArabicNormalizer).

One rule per table entry; `normalize` applies them all to one word.
"""
from __future__ import annotations

import re
import unicodedata

from pyarabic import araby

# Deleted: harakat/tanwin/shadda/sukun (pyarabic's TASHKEEL), superscript alef, Quranic
# annotation marks, tatweel, and invisible format characters scrapers leave inside words.
DELETE = (
    set(araby.TASHKEEL)
    | {araby.MINI_ALEF, araby.TATWEEL}
    | {chr(c) for c in range(0x0610, 0x061B)}
    | {chr(c) for c in range(0x0653, 0x0660)}
    | {chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)}
    | {"\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff"}
)

# Replaced: one letter -> one letter.
REPLACE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",      # alef forms
    "ى": "ي",                                     # alef maksura -> yeh
    "ة": "ه",                                     # teh marbuta -> heh
    "ک": "ك", "ڪ": "ك",                           # Persian/Kurdish keheh, swash kaf
    "ی": "ي", "ې": "ي", "ێ": "ي",                 # Farsi yeh, Kurdish yeh forms
    "ە": "ه", "ھ": "ه", "ۀ": "ه", "ہ": "ه",       # Kurdish ae, heh doachashmee, heh goal
    "’": "'", "‘": "'", "`": "'",
}
REPLACE.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
REPLACE.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits

TABLE = str.maketrans({**{c: None for c in DELETE}, **REPLACE})

# Characters that only NFKC can fold: Arabic presentation forms, ligatures, full-width Latin.
_NEEDS_NFKC = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef]")


def normalize(word: str) -> str:
    """Normalise one word: NFKC when needed, lowercase, then the tables above."""
    if _NEEDS_NFKC.search(word):
        word = unicodedata.normalize("NFKC", word)
    return word.lower().translate(TABLE)


def normalize_apart(text: str) -> str | None:
    """normalize(text) when it works character by character (no NFKC needed: lowercase and
    the tables), so that every part of `text` normalises to a part of it; else None."""
    return None if _NEEDS_NFKC.search(text) else text.lower().translate(TABLE)
