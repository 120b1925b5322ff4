"""Names by corpus evidence: a run of name words becomes the other language's word sequence
that the index holds as a phrase.

    Mohammed bin Nayef  ->  محمد بن نايف      Adel al-Jubeir  ->  عادل الجبير
    محمد بن نايف         ->  mohammed bin nayef (over English text)

Each word gets candidates (a particle its fixed spellings; other words the table's
one-word translations, the index words its transliteration fits, the dictionary's one-word
senses); a beam over the run keeps the sequences the index holds as phrases
(`phrase_counts`), most frequent first. A sequence is kept only when it holds together:
its documents are at least COHESION of those of its rarest word (تركي الفيصل: 36 of تركي's
585; "السعودية الخارجية" for Saudi Foreign: 3 of 2,012, a chance neighbourhood); one with a
particle inside always holds together (فيصل بن سلمان: 43 of فيصل's 1,406; an Arabic بن
stands between names only).
"""
from __future__ import annotations

import dataclasses

from corpus.analysis.analyzer import analyze_word
from corpus.analysis.normalize import normalize
from corpus.translate import lexicon, transliterate

MAX_WORDS = 4               # the longest run matched as one name
CANDIDATES = 5              # spellings tried per word
BEAM = 4                    # sequences carried from one word to the next
# a name's documents / its rarest word's documents, at least, by the source's language: an
# English name's words are capitalised and rarely meet by chance; any run of Arabic words
# may be tried as a name over English text (ar->en: 0.1 kept)
COHESION = {"en": 0.02, "ar": 0.1}
# or, for an English name, its documents / those its two parts would share by chance (a * b /
# N) at least this: a phrase is far rarer than two words in one document (محمد علي الحوثي: 10,
# of محمد's 6,665 and الحوثي's 2,6xx, 563 by chance; "السعودية الخارجية": 3 of 575)
ASSOCIATION = 0.015
MIN_DOCS = 1                # a name occurs in at least this many documents
KEEP_SHARE = 0.1            # spellings kept: at least this share of the best one's documents
MAX_SPELLINGS = 3
# A particle's spellings in the other language (normalised Arabic; Latin as indexed).
PARTICLE_SPELLINGS = {
    "bin": ("بن",), "ibn": ("بن", "ابن"), "ben": ("بن",), "bint": ("بنت",), "abu": ("ابو",),
    "abd": ("عبد",), "abdul": ("عبد",), "abdel": ("عبد",), "abdal": ("عبد",), "ould": ("ولد",),
    "umm": ("ام",), "um": ("ام",),
    "بن": ("bin", "ibn"), "ابن": ("ibn", "bin"), "بنت": ("bint",), "ابو": ("abu",),
    "عبد": ("abdul", "abd", "abdel"), "ال": ("al",), "de": ("دي",), "di": ("دي",),
}
ARTICLES = ("al", "el")     # "al Jubeir", "al-Jubeir": the Arabic article, written apart


@dataclasses.dataclass
class Name:
    words: int                          # source words it covers
    spellings: list[tuple[str, ...]]    # exact forms, most frequent first
    docs: list[int]
    unproven: list[tuple[str, ...]] = dataclasses.field(default_factory=list)   # see match


def is_name_word(word: str) -> bool:
    """A word that may be part of a name: a particle, a capitalised English word (not one
    in capitals: ISIS, UAE), an Arabic word that is not a stopword."""
    if lexicon.is_particle(word) or word.lower() in ARTICLES:
        return True
    if lexicon.language(word) == "ar":
        return not analyze_word(word)[2]
    head, _, rest = word.partition("-")
    if rest and head.lower() in ARTICLES:           # al-Jubeir
        word = rest
    return word[:1].isupper() and not word.isupper()


# Particles that never start a name: "bin Abdullah" is every son of an Abdullah.
NOT_FIRST = {"bin", "ibn", "bint", "ben", "ould", "بن", "ابن", "بنت"}


def could_be_name(words: list[str]) -> bool:
    """A run that may be a name: two or more words, not starting with bin/ibn, not ending
    with a particle."""
    return (len(words) >= 2 and normalize(words[0]) not in NOT_FIRST
            and not lexicon.is_particle(words[-1]) and words[-1].lower() not in ARTICLES)


def match(words: list[str], index, names, loose=frozenset()) -> Name | None:
    """The longest leading part (2+ words) of `words` that the index holds as a name in the
    other language, or None. `index`: word_counts and phrase_counts (a Searcher);
    `names(word)`: the index words a name's transliteration fits (rewrite's matcher);
    `loose`: those of them only its loose pattern fits, tried after the others."""
    # sequence (exact forms, the evidence) -> (its words as shown and searched, stopwords
    # kept: علي خامنئي), documents, rarest word's documents (0 once a particle joined: an
    # Arabic بن stands between names only, the sequence holds together)
    beams: dict[tuple[str, ...], tuple[tuple[str, ...], int, int]] = {(): ((), UNBOUNDED, UNBOUNDED)}
    lang = lexicon.language(words[0])
    cohesion = COHESION[lang]
    total = None                # the index's documents, asked once when a chance test needs it
    best, used, n = None, 0, 0
    while used < len(words) and n < MAX_WORDS:
        word, step = _joined(words, used)
        particle = n > 0 and normalize(word) in PARTICLE_SPELLINGS
        fused = _abd_fused(word)
        if normalize(word) in ABD and used + 1 < len(words):
            options, step = abd_options(words[used + 1], index, names, loose), 2
        elif fused:             # apart by the rest's spellings, fused also by its own pattern
            options = abd_options(fused, index, names, loose)
            options += [o for o in candidates(word, index, names, loose) if o[0] not in {p[0] for p in options}]
        else:
            options = candidates(word, index, names, loose)
        if not options:
            break
        used, n = used + step, n + 1
        grown = {}
        for seq, (shown, before, rare) in beams.items():
            for opt, docs, opt_shown in options:
                grown.setdefault(seq + opt, (shown + opt_shown, 0 if particle or rare == 0 else min(rare, docs),
                                             (before, docs)))
        longer = [s for s in grown if len(s) > 1]
        counts = index.phrase_counts(longer) if longer else {}
        scored = []
        for s, (shown, rare, parts) in grown.items():
            docs = counts[s] if len(s) > 1 else rare if len(s) == 1 else UNBOUNDED
            if docs < MIN_DOCS:
                continue
            if docs < cohesion * rare and lang == "en" and max(parts) < UNBOUNDED:
                total = total or index.term_documents([])[1]
                if docs >= ASSOCIATION * parts[0] * parts[1] / max(total, 1):
                    rare = docs         # holds together, as one with a particle would
            if docs >= cohesion * rare:
                scored.append((s, shown, docs, rare))
        scored.sort(key=lambda b: (-b[2], b[0]))
        beams = {s: (shown, docs, rare) for s, shown, docs, rare in scored[:BEAM]}
        if not beams:
            break
        top_seq, (top_shown, top, _) = next(iter(beams.items()))
        if n > 1 and not lexicon.is_particle(word) and top_seq and len(top_shown) > 1:
            # without a phrase's evidence (علي خامنئي is خامنئي to the index) the best alone
            share = KEEP_SHARE if len(top_seq) > 1 else 1
            kept = [(shown, docs) for shown, docs, _ in beams.values() if docs >= share * top]
            # one word's evidence only (أم القرى is القرى to the index): the others, for a
            # term's phrases to choose among (جامعة أم القرى), never shown alone
            others = [] if len(top_seq) > 1 else [sh for sh, _, _ in list(beams.values())[1:MAX_SPELLINGS]]
            best = Name(used, [sh for sh, _ in kept[:MAX_SPELLINGS]], [d for _, d in kept[:MAX_SPELLINGS]],
                        others)
    return best if best and could_be_name(words[:best.words]) else None


ABD = {"abd", "abdul", "abdel", "abdal"}    # written fused or apart: عبدالفتاح, عبد الفتاح


def _abd_fused(word: str) -> str | None:
    """The name after Abdul- in one English word the table lacks (Abdullatif: Latif,
    Abdulsalam: Salam), else None (transliterate.abd_fused: one rule for both)."""
    if lexicon.language(word) != "en" or lexicon.TABLE_ENTRIES.lookup([word]):
        return None
    fused = transliterate.abd_fused(word)
    return fused[0].capitalize() if fused else None


def abd_options(following: str, index, names, loose=frozenset()) -> list:
    """Abdel Fattah: عبد with the next word's spellings, fused and apart."""
    rest = [f for f, _, _ in candidates(following, index, names, loose) if len(f) == 1]
    fused = [("عبد" + f[0],) for f in rest] + [("عبد" + f[0][2:],) for f in rest if f[0].startswith("ال")] \
        + [("عبدال" + f[0],) for f in rest if not f[0].startswith("ال")]      # Latif: عبداللطيف
    singles = index.word_counts([f[0] for f in fused])
    apart = index.phrase_counts([("عبد", f[0]) for f in rest]) if rest else {}
    out = [(f, singles.get(f[0], 0)) for f in fused] + list(apart.items())
    ranked = sorted(((f, d) for f, d in out if d > 0), key=lambda fd: -fd[1])
    return [(f, d, f) for f, d in ranked[:CANDIDATES]]


def _joined(words: list[str], i: int) -> tuple[str, int]:
    """(the word at i, words it takes): "al Jubeir" is al-Jubeir; "Abdul Malik" is the
    table's Abdulmalik (عبدالملك, written as one word)."""
    word = words[i]
    if i + 1 < len(words):
        if word.lower() in ARTICLES:
            return f"al-{words[i + 1]}", 2
        fused = word + words[i + 1].lower()
        if lexicon.is_particle(word) and lexicon.TABLE_ENTRIES.lookup([fused]):
            return fused, 2
    return word, 1


UNBOUNDED = 10 ** 12        # the documents of "no word" (a stopword in the other language)


def candidates(word: str, index, names, loose=frozenset()) -> list[tuple[tuple[str, ...], int, tuple[str, ...]]]:
    """(spelling as exact forms, documents, spelling as written) of one word in the other
    language, those the index holds, most frequent first. A spelling that is a stopword
    there (Ali: علي, one with على after normalisation) is no word: the index's phrases skip
    it too (for English it is still written in the name, first). Spellings only a loose
    pattern fits (`loose`) are tried beside the others, never in their place (فعالية is no
    spelling of al-Falih, سعود is Saud's)."""
    key = normalize(word)
    family = False              # an Arabic article typed (al-Faisal)
    if key in PARTICLE_SPELLINGS:
        spellings = [(s,) for s in PARTICLE_SPELLINGS[key]]
    elif word.lower() in ARTICLES:
        return []           # an article ending the run
    else:
        spellings = [t for t in lexicon.TABLE_ENTRIES.lookup([word]) if len(t) == 1]
        head, _, rest = word.partition("-")
        if rest and head.lower() in ARTICLES:                      # al-Faisal: الفيصل
            spellings += [(t[0] if t[0].startswith("ال") else "ال" + t[0],)
                          for t in lexicon.TABLE_ENTRIES.lookup([rest]) if len(t) == 1]
            family = True
        known = [t for t in lexicon.translations(word) if len(t) == 1]
        # an Arabic word a dictionary translates is spelled by it, not matched against the
        # vocabulary as well (every Arabic word could start a name: a scan each costs time)
        if lexicon.language(word) == "en" or not known:
            spellings += [(w,) for w in names(word)]
            if family and head.lower() == "al":       # Al-Sheikh, Al Saud: the family, آل الشيخ
                spellings += [("ال", w) for w in names(word)] \
                    + [("ال", w[2:]) for w in names(word) if w.startswith("ال") and len(w) > 4]
            if lexicon.language(word) == "ar" and normalize(word).startswith("ال"):
                spellings += [("al", w) for w in names(word)]      # الجبير: al Jubeir
        spellings += known
    if family or word.lower() in ARTICLES:
        # al-Qura: the article typed, a spelling with it (القرى, not كره) when there is one
        with_article = [s for s in spellings if s[0].startswith("ال")]
        spellings = with_article or spellings
    forms, stop = [], []
    for s in spellings:
        f = tuple(a[0] for a in map(analyze_word, s) if not a[2] and a[0])
        if not f:
            stop.append(s)
        elif f not in forms:
            forms.append(f)
    singles = index.word_counts([w for f in forms for w in f])
    docs = {f: min(singles.get(w, 0) for w in f) for f in forms}
    several = [f for f in forms if len(f) > 1]      # آل الشيخ: the phrase's documents
    if several:
        docs.update(index.phrase_counts(several))
    apart = {a: f for f in forms for a in _allah_apart(f)}
    if apart:       # نصر الله, where it is written so more often than نصرالله (not عبد الله)
        counts = index.phrase_counts(list(apart))
        docs.update({a: n for a, n in counts.items() if n >= docs[apart[a]]})
        forms += [a for a in apart if a in docs and a not in forms]
    ranked = sorted((f for f in forms if docs[f] > 0), key=lambda f: -docs[f])
    strict = [f for f in ranked if not loose & set(f)]
    ranked = strict[:CANDIDATES] + [f for f in ranked if loose & set(f)][:CANDIDATES]
    out = [(f, docs[f], f) for f in ranked]
    if stop and lexicon.language(word) == "en":
        # the table's spelling is a stopword (Ali: علي): no word for the evidence, but
        # written in the phrase (علي النعيمي; the engines skip it as in the Arabic phrase)
        out.insert(0, ((), UNBOUNDED, stop[0]))
    elif stop and not out:
        out = [((), UNBOUNDED, ())]
    return out


def _allah_apart(form: tuple[str, ...]) -> list[tuple[str, ...]]:
    """نصرالله is also written نصر الله (Nasrallah, Abdullah)."""
    if len(form) == 1 and form[0].endswith("الله") and len(form[0]) > 5:
        return [(form[0][:-4], "الله")]
    return []
