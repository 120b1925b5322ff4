"""Stemmers: an Arabic light stemmer (Larkey's light10, as Lucene's ArabicStemmer, extended
below) and Snowball English. Both work on normalised words (alef unified, ة -> ه, ى -> ي).

The Arabic stemmer, in three steps, each table-driven (affix, minimum letters left):

1. one proclitic cluster: the article with the conjunctions و ف and prepositions ب ك ل in
   front of it (وبال, فلل, بال, لل, ال ...), or a bare و; a cluster starting with و stays
   when the table of words whose و is radical has the word (waw.py: وزير stays وزير, as in
   الوزير, and وكالات, والده keep their وكال, وال; وقال -> قال);
2. suffixes, each removed once, in table order: ة or a dual/plural ending with a pronoun
   (ته تها تهم: شركته -> شرك, as شركة), pronouns, plural and dual endings, and the alef of
   the indefinite accusative (فريقاً -> فريقا -> فريق). Two-letter suffixes need a three-letter
   stem, so مكان and زمان keep their ان (light10 made them مك and زم);
3. one of the prepositions ل ب ك written onto a word without the article (لأول, بتشكيل,
   كأسنان), removed only when a three-letter stem is left *after* the suffixes: the decision
   then does not depend on the ending, so لاعب and لاعبين keep one stem. The rule is
   orthographic: it also takes a letter that belongs to the word (كتاب -> تاب), harmless
   as long as every form of the word loses it alike (الكتاب, كتابه -> تاب).

Measured on XQuAD (bench/quality.py), each step pays: see the issue #4 lever table.
"""
from __future__ import annotations

import Stemmer

from corpus.analysis.waw import may_begin_radical_waw, radical_waw

# (prefix, minimum length of what remains). One prefix is removed at most; longest first.
PREFIXES = (
    ("وبال", 2), ("وكال", 2), ("فبال", 2), ("فكال", 2), ("ولل", 2), ("فلل", 2),
    ("وال", 2), ("بال", 2), ("كال", 2), ("فال", 2), ("لل", 2), ("ال", 2),
    ("و", 3),
)
# (suffix, minimum stem length). Removed in this order, each when found (light10 order, with
# ة+pronoun first and the accusative alef last).
SUFFIXES = (
    ("تهم", 3), ("تها", 3), ("ته", 3),
    ("هم", 3), ("ها", 3), ("ان", 3), ("ات", 3), ("ون", 3), ("ين", 3), ("يه", 3),
    ("ه", 2), ("ي", 2), ("ا", 2),
)
# Single-letter prepositions on an article-less word: (letter, minimum stem length), tried
# after the suffixes. One at most.
PROCLITICS = (("ل", 3), ("ب", 3), ("ك", 3))


def arabic_light_stem(word: str) -> str:
    word = _strip_prefix(word, radical_waw)
    for suffix, keep in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: -len(suffix)]
    for prefix, keep in PROCLITICS:
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            word = word[len(prefix):]
            break
    return word


def strip_arabic_prefix(word: str) -> str:
    """Prefix removal only (step 1): for prefix (wildcard) queries, where suffixes are still
    unknown. Whether step 3 would take a leading ل ب ك depends on the unknown ending, so the
    searcher looks for both (corpus.search expands `بيشمر*` to `بيشمر* OR يشمر*`). A bare و
    stays when the prefix may begin a radical-و word (`وزار*`: وزارة)."""
    return _strip_prefix(word, may_begin_radical_waw)


def _strip_prefix(word: str, radical) -> str:
    for prefix, keep in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            return word if prefix[0] == "و" and radical(word) else word[len(prefix):]
    return word


_english = Stemmer.Stemmer("english")
english_stem = _english.stemWord
