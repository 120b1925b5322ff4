"""The one analyzer for index and query, Arabic, English and mixed text, token by token.

    word -> normalize -> stopwords -> stem (Arabic light stemmer | Snowball English)

Per-word results are cached: the vocabulary is Zipfian, so almost every token is a dict hit.
`CorpusAnalyzer` is a picklable Whoosh analyzer; `form` picks the stemmed or the exact
(normalised, unstemmed) form of each word.
"""
from __future__ import annotations

import re

from whoosh.analysis import Composable, Token

from corpus.analysis.normalize import normalize
from corpus.analysis.stem import arabic_light_stem, english_stem, strip_arabic_prefix
from corpus.analysis.stopwords import ARABIC_STOPWORDS, ENGLISH_STOPWORDS

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
# Letter runs (Arabic marks and tatweel stay inside words; Latin words may carry an
# apostrophe, as in "Peshmerga's") or digit runs (ASCII, Arabic-Indic, Persian).
_PLAIN_TOKEN = rf"(?:[^\W\d_]|[{_MARKS}])+(?:['’][^\W\d_]+)*|\d+"
try:    # the same tokens, a fifth faster: a run of letters, then of marks, ... (never given back)
    TOKEN = re.compile(rf"(?:[^\W\d_]++|[{_MARKS}]++)++(?:['’][^\W\d_]+)*|\d+")
except re.error:        # Python 3.10: no possessive quantifiers
    TOKEN = re.compile(_PLAIN_TOKEN)
_SPLIT = re.compile(f"({TOKEN.pattern})")     # text between tokens, token, text between, ...
MARKS = _MARKS          # the marks TOKEN keeps inside words (a character class's contents)
_SPACE = re.compile(r"\s")     # what str.isspace() is true of (the same Unicode table)

_cache: dict[str, tuple[str, str, bool]] = {}
_CACHE_LIMIT = 1_000_000


def is_arabic(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u08ff"


def analyze_word(raw: str) -> tuple[str, str, bool]:
    """One word -> (exact form, stem, is_stopword). Empty forms mean "no token"."""
    hit = _cache.get(raw)
    if hit is not None:
        return hit
    word = _one_word(normalize(raw))
    if not word:
        result = ("", "", True)
    elif word.isdigit():
        result = (word, word, False)
    elif is_arabic(word):
        stop = word in ARABIC_STOPWORDS or len(word) < 2
        result = (word, arabic_light_stem(word), stop)
    else:
        if word.endswith("'s"):
            word = word[:-2]
        word = word.strip("'")
        stop = word in ENGLISH_STOPWORDS or len(word) < 2
        result = (word, english_stem(word), stop)
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[raw] = result
    return result


def _one_word(word: str) -> str:
    """A normalised word as one term: NFKC spells a ligature such as ﷺ as several words and
    an isolated-form mark (U+FE70-FE7F) with a space; a term never holds whitespace, or
    OpenSearch (which splits terms on it) would count other words than Whoosh."""
    return "".join(word.split()) if _SPACE.search(word) else word


def analyze_prefix(raw: str) -> str:
    """A prefix query's text: normalised, Arabic article/conjunction removed, not stemmed."""
    word = _one_word(normalize(raw))
    return strip_arabic_prefix(word) if word and is_arabic(word) else word


def analyze_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(exact, stem, startchar, endchar) of each non-stopword token: the indexer's fast path."""
    out, get = [], _cache.get
    parts = _SPLIT.split(text)      # offsets summed from the lengths: no match objects
    start = len(parts[0])
    for i in range(1, len(parts), 2):
        w = parts[i]
        end = start + len(w)
        r = get(w) or analyze_word(w)
        if not r[2]:
            out.append((r[0], r[1], start, end))
        start = end + len(parts[i + 1])
    return out


# What a word as written may carry in front: a conjunction, then a preposition; ل before the
# article loses the article's alef (ل + الملك = للملك).
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")


def written_forms(form: str) -> tuple[str, ...]:
    """An exact form and its spellings with attached و ف and ب ك ل (والملك, للملك, فبالملك for
    الملك): what an Arabic word as written matches (exact:, a translated name). Other words:
    the form alone."""
    if not form or not is_arabic(form):
        return (form,)
    out = []
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            if preposition == "ل" and form.startswith("ال"):
                out.append(conjunction + "لل" + form[2:])
            else:
                out.append(conjunction + preposition + form)
    return tuple(out)


def as_written(text: str) -> list[tuple[str, ...]]:
    """A phrase's words as written, per position (stopwords out, as indexed): the
    exact forms each may take -- the first with attached particles (written_forms), the
    others as they are (a particle on a later word makes another phrase: وزارة والداخلية)."""
    forms = terms(text, "exact")
    return [written_forms(forms[0]), *((f,) for f in forms[1:])] if forms else []


def analyzed_words(text: str):
    """analyze_word of each token of `text`, in order, lazily (the cached fast path)."""
    get = _cache.get
    for m in TOKEN.finditer(text):
        w = m.group()
        yield get(w) or analyze_word(w)


def terms(text: str, form: str = "stem") -> list[str]:
    """The index terms of a text, stopwords removed (handy for tests and highlighting)."""
    i = 1 if form == "stem" else 0
    out = []
    for m in TOKEN.finditer(text):
        r = analyze_word(m.group())
        if not r[2]:
            out.append(r[i])
    return out


class CorpusAnalyzer(Composable):
    """Whoosh analyzer: tokenizer + cached word pipeline, offsets and positions kept."""

    def __init__(self, form: str = "stem"):
        if form not in ("stem", "exact"):
            raise ValueError(f"unknown form {form!r}")
        self.form = form

    def __eq__(self, other):
        return type(other) is type(self) and other.form == self.form

    def __hash__(self):
        return hash((type(self), self.form))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            # prefix, wildcard and range terms: one normalised term, never stemmed
            t.text = analyze_prefix(value) if self.form == "stem" else normalize(value)
            if keeporiginal:
                t.original = value
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        i = 1 if self.form == "stem" else 0
        pos = start_pos
        for m in TOKEN.finditer(value):
            r = analyze_word(m.group())
            if r[2]:
                if removestops or not r[0]:
                    continue
                t.stopped = True
            else:
                t.stopped = False
            t.text = r[i]
            if keeporiginal:
                t.original = m.group()
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t
