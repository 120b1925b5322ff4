"""What a word (or a run of words) becomes in the other language: our table of news terms
(entities.tsv), then FreeDict, each looked up by the word's form and then by its stem.

A translation is a tuple of words (one for most, several for "رئيس الوزراء"); the
engines analyse them like any query word.
"""
from __future__ import annotations

import re
import threading
import time
from functools import lru_cache
from pathlib import Path

from corpus.analysis.analyzer import is_arabic
from corpus.analysis.normalize import normalize
from corpus.translate import compiled
from corpus.translate.keys import key, stem_key

TABLE = Path(__file__).with_name("entities.tsv")
SENSES = Path(__file__).with_name("senses.tsv")     # news-register senses, for terms only
# headwords found in reverse, per word and source language. For English words they added
# noise among the 31k distractors while translations were a flat OR (en->ar MRR@10 0.458
# with, 0.479 without); as a dis_max they add forms FreeDict lacks (year: السنوات, سنويا
# beside السنة; season: الموسمية): en->ar +31k 0.526 -> 0.550 with 3, 0.553 with 5
MAX_REVERSE = {"ar": 3, "en": 3}
# ara-eng lists an entry's English words alphabetically (نوع: Assort, Diversify, Brand ...):
# for Arabic words the English headwords of eng-ara that translate to them come first
REVERSE_FIRST = ("ar",)
# A sense of up to this many words is a term, searched as a phrase ("المقر الرئيسي"); a
# longer one is a definition ("نبيل من أصل شهير" for adel), left out.
MAX_SENSE_WORDS = 3
# Hints from an Arabic word's stem-mates (Dictionaries.doubtful): headwords, senses of each.
# The plausibility rules took these off the page (عمليات is not العمل's work); as ranking-only
# hints XQuAD ar->en MRR@10 0.683 -> 0.693 (en->ar 0.761 -> 0.766 with the names of round 2)
MATE_HEADS, MATE_SENSES = 3, 3
MIN_STEM = 3                # shorter stems are not looked up in the table by stem
# Words FreeDict puts in front of names and adverbs ("مدينة أبيفيل", "بشكل مجمد"): left out.
DESCRIPTORS = {normalize(w) for w in ("مدينة", "دولة", "بلد", "نهر", "جزيرة", "بشكل", "ولاية",
                                       "city", "town", "river", "state", "country", "in", "of")}
Translation = tuple[str, ...]
# Name particles: parts of names (Mohammed bin Nayef, Abu Dhabi), never looked up in the
# dictionary (bin is not a waste bin); corpus/translate/names.py writes them itself.
PARTICLES = {"en": {"bin", "ibn", "bint", "ben", "abu", "abd", "abdul", "abdel", "abdal", "al", "el", "ould", "de", "di",
                    "umm"},
             "ar": {normalize(w) for w in ("بن", "ابن", "بنت", "أبو", "ابو", "عبد", "آل")}}
# Arabic prefixes the light stemmer removes, that leave the word the same word (the article,
# and/with/for): a dictionary headword sharing only the stem is another word (عمليات
# "operations" shares عمل with العمل "work", العملات "currencies").
ARABIC_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


def language(word: str) -> str:
    return "ar" if is_arabic(word) else "en"


def without_possessive(word: str) -> str:
    """An English word without its possessive (Women's, Prophet’s, Ministers'): the word
    itself, which Arabic writes as the construct's second noun (حقوق المرأة)."""
    if language(word) != "en":
        return word
    return re.sub(r"(?<=[A-Za-z])['’](s)?$", "", word)


def is_particle(word: str) -> bool:
    return normalize(word) in PARTICLES[language(word)]


def bare(word: str) -> str:
    """An Arabic word without its article (normalised): the same word for the dictionary."""
    word = normalize(word)
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article):]
    return word


def _clean(text: str) -> Translation:
    words = [w for w in text.replace("-", " ").split() if normalize(w) not in DESCRIPTORS]
    return tuple(words)


class Table:
    """Our reviewed table, both directions: form -> translations, and stem -> translations."""

    def __init__(self, path: Path = TABLE):
        self.exact: dict[str, list[Translation]] = {}
        self.stems: dict[str, list[Translation]] = {}
        self.names: set[Translation] = set()        # Arabic forms of [as written] sections
        self.parts: set[Translation] = set()        # ... of [name parts] sections
        in_names = in_parts = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# --"):
                in_names, in_parts = "[as written]" in line, "[name parts]" in line
            if not line.strip() or line.startswith("#"):
                continue
            english, arabic = (side.split("|") for side in line.split("\t"))
            arabic_forms = {tuple(t.lstrip("^").split()) for t in arabic if t.strip()}
            if in_names:
                self.names |= arabic_forms
            if in_parts:
                self.parts |= arabic_forms
            for forms, targets in ((english, arabic), (arabic, english)):
                translations = [tuple(t.lstrip("^").split()) for t in targets if t.strip()]
                for form in (f for f in forms if not f.startswith("^")):
                    for index, k in ((self.exact, key([form])), (self.stems, stem_key([form]))):
                        have = index.setdefault(k, [])
                        have += [t for t in translations if t not in have]
        self.english = {k for k in self.exact if k.isascii() and " " not in k}
        self.longest = max((len(k.split()) for k in self.exact), default=1)

    def is_name(self, translation: Translation) -> bool:
        """Whether an Arabic translation is of an [as written] section (a name, mostly)."""
        return translation in self.names

    def is_entity(self, translation: Translation) -> bool:
        """Whether an Arabic translation names one thing by itself (a place, a body, a
        person: an [as written] row, not a given or family name of [name parts])."""
        return translation in self.names and translation not in self.parts

    def english_words(self) -> set[str]:
        """The table's one-word English forms, lowercase."""
        return self.english

    def lookup(self, words) -> list[Translation]:
        found = self.exact.get(key(words))
        if found:
            return found
        stems = stem_key(words)
        if min(map(len, stems.split()), default=0) < MIN_STEM:     # سن: "year" and "Sunni"
            return []
        return self.stems.get(stems) or []


class Dictionaries:
    """FreeDict both ways (corpus/translate/compiled.py: one cache file, loaded once). A word
    is looked up by its form, then by its stem, and in reverse: the other direction's
    headwords one of whose senses is the word (FreeDict has about one sense per headword;
    ara-eng adds the Arabic words it renders as "funded")."""

    def __init__(self):
        self._data: dict | None = None
        self._english: frozenset[str] | None = None
        self._lock = threading.Lock()

    def _book(self, lang: str) -> dict:
        data = self._data
        if data is None:
            with self._lock:
                if self._data is None:
                    self._data = compiled.load()
                data = self._data
        return data[lang]

    def heads(self, lang: str, word: str) -> list[str]:
        """The headwords for a word: its own form, else the headwords sharing its stem."""
        book = self._book(lang)
        own = word.lower() if lang == "en" else word
        if own in book["senses"]:
            return [own]
        if lang == "ar" and normalize(word) in book["senses"]:
            return [normalize(word)]
        mates = book["stems"].get(stem_key([word]), ())
        if lang == "ar":        # the same word with or without its article, not a stem-mate
            mates = [h for h in mates if bare(h) == bare(word)]
        return list(mates[:3])

    def lookup(self, word: str) -> list[Translation]:
        lang = language(word)
        book = self._book(lang)
        out: list[Translation] = []
        confirmed = self._confirmed(word) if lang == "ar" else None
        if lang in REVERSE_FIRST:
            out += self._reverse(book, word, lang, confirmed)
        for head in self.heads(lang, word):
            for sense in book["senses"].get(head, ()):
                t = _clean(sense)
                if not t or len(t) > MAX_SENSE_WORDS or t in out:
                    continue            # a definition, not a term
                # ara-eng lists an entry's English as capitalised headwords, alphabetically
                # (العمل: Acture, Action, Acting): one is kept when eng-ara confirms it
                if confirmed is not None and key(t) not in confirmed:
                    continue
                out.append(t)
        if lang not in REVERSE_FIRST:
            # a headword of the other direction that translates back to the word: kept when
            # it is a form of one of the word's own senses (year: السنوات beside السنة), or
            # when the word has none -- alone they were right 45% of the time (last: مدام)
            own = {stem_key(t) for t in out}
            out += [t for t in self._reverse(book, word, lang)
                    if t not in out and (not own or stem_key(t) in own)]
        return out

    def _confirmed(self, word: str) -> set[str]:
        """The English headwords of eng-ara one of whose senses is this Arabic word (with
        or without its article): what ara-eng's English for it may be."""
        english = self._book("en")["senses"]
        own = bare(word)
        return {key([h]) for h in self._book("ar")["reverse"].get(stem_key([word]), ())
                if any(bare(s) == own for s in english.get(h, ()))}

    def _reverse(self, book, word: str, lang: str, confirmed=None) -> list[Translation]:
        """`confirmed`: the word's _confirmed(), when the caller has it (Arabic)."""
        reverse = book["reverse"].get(stem_key([word]), ())
        if lang == "ar":        # heads whose sense is this word, not a stem-mate (عمليات: act)
            if confirmed is None:
                confirmed = self._confirmed(word)
            reverse = [h for h in reverse if key([h]) in confirmed]
        out = []
        for head in [h for h in reverse if " " not in h][:MAX_REVERSE[lang]]:   # phrases: definitions
            t = _clean(head)
            if t and t not in out:
                out.append(t)
        return out

    def one_word_senses(self, word: str) -> list[Translation]:
        """Every one-word sense of an English word's headwords and every one-word headword
        of ara-eng rendering it, unfiltered: candidates that only the index's phrases may
        choose among (terms.py), never shown on their own."""
        book, out = self._book("en"), []
        heads = [h for h in book["reverse"].get(stem_key([word]), ()) if " " not in h]
        for t in [_clean(s) for h in self.heads("en", word) for s in book["senses"].get(h, ())] \
                + [_clean(h) for h in heads]:
            if len(t) == 1 and t not in out:
                out.append(t)
        return out

    def doubtful(self, word: str) -> list[Translation]:
        """An Arabic word's reverse headwords that eng-ara does not confirm (عمليات: act):
        too often wrong to show, searched only to rank (rewrite.py: hints)."""
        if language(word) != "ar":
            return []
        confirmed = self._confirmed(word)
        reverse = self._book("ar")["reverse"].get(stem_key([word]), ())
        out = []
        for head in [h for h in reverse if " " not in h and key([h]) not in confirmed][:MAX_REVERSE["ar"]]:
            t = _clean(head)
            if t and t not in out:
                out.append(t)
        # the senses of its stem-mates, which heads() leaves out (عمليات: العمل's work)
        book = self._book("ar")
        if not any(h in book["senses"] for h in (word, normalize(word))):
            mates = [h for h in book["stems"].get(stem_key([word]), ()) if bare(h) != bare(word)]
            for head in mates[:MATE_HEADS]:
                for sense in book["senses"].get(head, ())[:MATE_SENSES]:
                    t = _clean(sense)
                    if len(t) == 1 and t not in out:
                        out.append(t)
        return out

    def senses(self, lang: str, head: str) -> tuple[str, ...]:
        return tuple(self._book(lang)["senses"].get(head, ()))

    def english_words(self) -> frozenset[str]:
        """eng-ara's one-word headwords with a translation that is a term (not only a
        definition: yamen), lowercase."""
        if self._english is None:
            self._english = frozenset(h for h, senses in self._book("en")["senses"].items()
                                      if " " not in h and any(len(_clean(s)) <= MAX_SENSE_WORDS
                                                              for s in senses))
        return self._english

    def warm(self):
        self._book("en")


TABLE_ENTRIES = Table()
NEWS_SENSES = Table(SENSES)
MAX_PHRASE = TABLE_ENTRIES.longest      # the longest table entry, in words (ministry of culture and information: 5)
DICTIONARIES = Dictionaries()


@lru_cache(maxsize=50_000)
def translations(word: str) -> tuple[Translation, ...]:
    """One word's translations: the table's when it has the word, else the dictionary's
    (never for a name particle)."""
    if is_particle(word):
        return ()
    return tuple(TABLE_ENTRIES.lookup([word]) or DICTIONARIES.lookup(word))


def entities_only(words) -> bool:
    """Whether each of two or more words names one thing by itself (the table lists it as
    an entity, if also as a family name: Houthi, al-Houthi): side by side they are two names
    (Houthi Yemen, Iran Iraq), never one name or term; a given name among them makes one
    (Abdul Malik al-Houthi)."""
    return len(words) >= 2 and all(any(map(TABLE_ENTRIES.is_entity, TABLE_ENTRIES.lookup([w])))
                                   for w in words)


def is_name(translation: Translation) -> bool:
    """Whether a translation is of the table's [as written] sections: a name, searched as written."""
    return TABLE_ENTRIES.is_name(translation)


@lru_cache(maxsize=50_000)
def term_senses(word: str) -> tuple[Translation, ...]:
    """An English word's one-word senses for a term's evidence (Dictionaries.one_word_senses;
    none for a particle or an Arabic word)."""
    if is_particle(word) or language(word) != "en":
        return ()
    return tuple(DICTIONARIES.one_word_senses(word))


@lru_cache(maxsize=50_000)
def news_senses(word: str) -> tuple[Translation, ...]:
    """An English word's news-register senses (senses.tsv): candidates for a term's evidence,
    never shown alone (none for a particle or an Arabic word)."""
    if is_particle(word) or language(word) != "en":
        return ()
    return tuple(t for t in NEWS_SENSES.lookup([word]) if len(t) == 1)


@lru_cache(maxsize=50_000)
def nisba(word: str) -> tuple[Translation, ...]:
    """The Arabic adjective of a place the table knows, by its English adjective in -i
    (Yemeni: اليمن -> اليمني, Iraqi: العراق -> العراقي); () for other words."""
    if language(word) != "en" or not word.lower().endswith("i") or len(word) < 5:
        return ()
    return tuple((t[0] + "ي",) for t in TABLE_ENTRIES.lookup([word[:-1]])
                 if len(t) == 1 and is_arabic(t[0]) and not t[0].endswith(("ي", "ة", "ا")))


@lru_cache(maxsize=50_000)
def doubtful(word: str) -> tuple[Translation, ...]:
    """Translations the plausibility rules keep off the page, that may still rank: see
    Dictionaries.doubtful (none for a particle or a word the table knows)."""
    if is_particle(word) or TABLE_ENTRIES.lookup([word]):
        return ()
    return tuple(DICTIONARIES.doubtful(word))


def means_else(english: str, arabic: str) -> bool:
    """Whether eng-ara translates an English word, and never as this Arabic word: a
    transliteration of عسير that fits user, series or sir is not the name (france -> فرنسا,
    kenya -> كينيا are)."""
    senses = DICTIONARIES.senses("en", english.lower())
    return bool(senses) and not any(_same_name(w, arabic) for s in senses for w in _clean(s))


def table_means_else(english: str, arabic: str) -> bool:
    """Whether our table translates this Arabic word (its exact form), never as this English
    word, which has translations of its own: a transliteration of Truce that fits تركيا is
    Turkey, not the word (a name without translations keeps its spellings: Cheikh الشيخ,
    Abdulsalam's Salam السلام)."""
    found = TABLE_ENTRIES.exact.get(key([arabic]))
    if not found or not translations(english):
        return False
    head, _, rest = english.partition("-")
    own = {key([english])} | ({key([rest])} if rest and head.lower() in ("al", "el") else set())
    return not own & {key(list(t)) for t in found}


def _same_name(a: str, b: str) -> bool:
    """The same Arabic name, give or take its article and an ending (البرونكو, البرونكوس)."""
    a, b = bare(a), bare(b)
    return a.startswith(b) or b.startswith(a)


# Documents an English word is taken to have for did-you-mean when the index has fewer (an
# Arabic index holds almost no English): a table word is a news term a correction may aim at
# (terorism -> terrorism, Yamen -> Yemen), and so is the adjective of one of its places (Yemeni
# is not Yemen mistyped); a dictionary word is a word, not a typo (no correction of attach to
# attack). Particles count as words.
TABLE_WORD_DOCS = 1_000
DICTIONARY_WORD_DOCS = 20


def english_word_docs(word: str) -> int:
    """What our table and FreeDict say of an English word's frequency (see above); 0 for a
    word neither knows (a typo, or a name)."""
    word = word.lower()
    if word in TABLE_ENTRIES.english_words() or nisba(word):
        return TABLE_WORD_DOCS
    if word in DICTIONARIES.english_words() or word in PARTICLES["en"]:
        return DICTIONARY_WORD_DOCS
    return 0


def phrase(words: tuple[str, ...]) -> tuple[Translation, ...]:
    """A run of 2+ words the table knows as one entry ("prime minister"), else ()."""
    return tuple(TABLE_ENTRIES.lookup(words)) if len(words) > 1 else ()


# Articles a Latin place name may be written with (Ar Rass, As Sulayyil, An Nimas: the Arabic
# article assimilated to a sun letter), left out when its words are compared.
LATIN_ARTICLES = frozenset("al el ar an as ad at az ash adh ath al- el-".split())


def _place_keys(word: str) -> list[str]:
    """The ways a gazetteer may write a one-word place name: as typed, and one typed with
    its article also with the article as geonames writes it, or without: Al-Rass -> Al Rass,
    Ar Rass, Rass (Bahah, typed without, is not Al Bahah: Khaled Bahah's name)."""
    head, _, rest = word.partition("-")
    if not (rest and head.lower() in ("al", "el")):
        return [word]
    low = rest.lower()
    return list(dict.fromkeys([word, "al " + low, "a" + low[:1] + " " + low, rest]))


_places_read = False


def read_places() -> float:
    """Read the gazetteer now, once per process: the seconds it took (0 once read), which
    a query's budget excuses (corpus/budget.py)."""
    global _places_read
    if _places_read:
        return 0.0
    from corpus.metadata import gazetteer
    start = time.monotonic()
    gazetteer.places()
    _places_read = True
    return time.monotonic() - start


@lru_cache(maxsize=50_000)
def places(word: str) -> tuple[Translation, ...]:
    """The Arabic name of the place the gazetteer (corpus/metadata: our places table, the
    countries, geonames' cities) knows by an English word no dictionary translates (Samtah:
    صامطة, Al-Rass: الرس as Ar Rass), else ()."""
    if language(word) != "en" or is_particle(word) or translations(word):
        return ()
    from corpus.metadata import gazetteer
    for k in _place_keys(word):
        entry = gazetteer.find(k)
        if entry and entry.ar and is_arabic(entry.ar):
            return (tuple(entry.ar.split()),)
    return ()


@lru_cache(maxsize=50_000)
def place_spelled(english: str, arabic: str) -> bool | None:
    """Whether an Arabic word the gazetteer names a place by is that place's name spelled by
    this English word (True: النماص, An Nimas's, for Al-Namas), the own name of another
    place (False: النمسا is Austria's), or neither (None: no place, or a place's other
    spelling, سليماني beside Sulaymaniyah's السليمانية, which names a person too)."""
    from corpus.metadata import gazetteer
    from corpus.translate import transliterate
    entry = gazetteer.find(arabic)
    if entry is None:
        return None
    word = normalize(arabic)
    words = {w for name in (entry.id, entry.en) for w in name.replace("-", " ").split()
             if w.lower() not in LATIN_ARTICLES}
    # the place's own English words spell it as well: the same name (Nimas, Namas)
    named = any((p := transliterate.to_arabic(w)) is not None and p.matches(word) for w in words)
    own = transliterate.to_arabic(english)
    if named and own is not None and own.matches(word):
        return True
    return False if not named and bare(entry.ar) == bare(word) else None
