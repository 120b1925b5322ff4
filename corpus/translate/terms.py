"""Multiword terms by corpus evidence: a run of English words that no table entry covers
whole becomes the Arabic word sequence whose stems the index's body holds as a phrase.

    Middle East                 ->  الشرق الأوسط          (the head first: the order turned)
    Ministry of Islamic Affairs ->  وزارة الشؤون الإسلامية  (of: Arabic's construct, no word)
    Ministry of Water and Electricity -> وزارة المياه الكهرباء  (و is attached: the stems meet)
    King Saud University        ->  جامعة الملك سعود        (a table entry or name is one unit)

The run is cut into units (the longest table entry or name starting at a word, else the
word), and the units into segments at the connectors (of, and, for, the). Each unit has
candidates (its one-word translations, a unit its spellings), each segment is tried as
typed and turned (English puts modifiers before their head, Arabic after), and a beam over
the units keeps the sequences the body holds as a phrase of stems (`phrase_counts(...,
stems=True)`: what the translated phrase then matches). A term must hold together: its last
unit keeps at least COHESION of the documents of the sequence before it or of the unit,
the fewer (_holds) (وزارة النقل: 106 of النقل's 4,040; "السعودية الخارجية" for Saudi Foreign: 3 of
الخارجية's 2,012, words that meet by chance). The longest leading run that is a term wins.
"""
from __future__ import annotations

import dataclasses
import itertools

from corpus.analysis.analyzer import analyze_word
from corpus.analysis.normalize import normalize
from corpus.translate import lexicon

CONNECTORS = {"of", "and", "for", "the"}    # no word of their own in the Arabic term
MAX_WORDS = 6               # the longest run tried, connectors included
CANDIDATES = 4              # translations tried per unit, the most frequent stems first
BEAM = 6                    # sequences carried from one unit to the next
COHESION = 0.02             # a term's documents / the fewer of the sequence's and the unit's, at least
ASSOCIATION = 0.1          # a term's documents / those its parts would share by chance, at least (_holds)
MIN_DOCS = 3
KEEP_SHARE = 0.2            # spellings kept: at least this share of the best one's documents
# one phrase: a second of other words names another thing as often as the same (Human Rights
# Commission: هيئة حقوق الإنسان, and اللجنة, a committee); a name's spellings are one name's
MAX_SPELLINGS = 1


@dataclasses.dataclass
class Term:
    words: int                          # source words it covers
    spellings: list[tuple[str, ...]]    # Arabic words, most frequent first
    docs: list[int]
    left: str | None = None             # a source word the term is searched without


def match(words: list[str], index, unit=None, spell=None) -> Term | None:
    """The longest leading part (2+ content words) of an English run that the index holds
    as a term, or None. `index`: term_documents and phrase_counts (a Searcher); `unit(words)`:
    (spellings, words covered) of a table entry or name the words start with, or ((), 0);
    `spell(word)`: the index words a capitalised word's transliteration fits (Yemeni:
    اليمني)."""
    if not words or lexicon.language(words[0]) != "en" or normalize(words[0]) in CONNECTORS:
        return None
    words = words[:MAX_WORDS]
    unit, spell = unit or (lambda ws: ((), 0)), spell or (lambda w: [])
    units, wide = _units(words, unit, spell), None
    if lexicon.entities_only([u[1] for u in units if u[0] is not None]):
        return None
    for end in range(len(units), 1, -1):
        part = units[:end]
        if part[-1][0] is None or sum(u[0] is not None for u in part) < 2:
            continue                    # ends with a connector, or one unit only
        found, left = _best(part, index), None
        if not found:                   # the other senses, worked out once when needed
            wide = wide or _units(words, unit, spell, wide=True)
            if wide[:end] != part and sum(u[0] is not None for u in part) >= 3:
                found = _best(wide[:end], index)    # other senses: where two more words vouch
            if not found:
                found, left = _without_one(wide[:end], index)
        if found:
            covered = sum(u[2] for u in part)
            return Term(covered, [s for s, _ in found], [d for _, d in found], left)
    return None


def _without_one(units, index) -> tuple[list, str | None]:
    """A term of 3+ content units that the index holds without one of its inner single words
    joined by "and"
    (Ministry of Municipal and Rural Affairs: وزارة الشؤون البلدية, no sense of Rural is
    القروية): ([(spelling, documents)], the word left out), else ([], None). The word
    left out is searched as optional, with a notice (rewrite.py), never silently."""
    content = [u for u in units if u[0] is not None]
    if len(content) < 3:
        return [], None
    # a word joined by "and" to another (Municipal and Rural): the other still says which
    # term; the first and the last words stay (a last one left out is a shorter term)
    joined = {id(units[i + d]) for i, u in enumerate(units) if u[0] is None and normalize(u[1]) == "and"
              for d in (-1, 1) if 0 <= i + d < len(units)}
    best, left = [], None
    for u in content[1:-1]:
        if u[2] != 1 or id(u) not in joined:    # a table entry or name is one unit
            continue
        found = _best([v for v in units if v is not u], index)
        if found and (not best or found[0][1] > best[0][1]):
            best, left = found, u[1]
    return best, left


def _units(words, unit, spell, wide: bool = False) -> list:
    """[(translations or None for a connector, the source words, words covered)]."""
    out, i = [], 0
    while i < len(words):
        w = lexicon.without_possessive(words[i])       # Women's Rights: حقوق المرأة
        if normalize(w) in CONNECTORS:
            out.append((None, w, 1))
            i += 1
            continue
        found, n = unit(words[i:])
        if n >= 2:
            out.append((list(found), " ".join(words[i:i + n]), n))
            i += n
            continue
        if lexicon.is_particle(w) or analyze_word(w)[2] or not w.replace("-", "").isalpha():
            break                       # a particle, a stopword, a number: no term goes on
        # a hyphenated compound the table writes in words (Saudi-led: بقيادة السعودية) is one
        # unit; not an abbreviation (UN, EU: الأمم المتحدة stands beside, not inside, a term)
        table = lexicon.TABLE_ENTRIES.lookup([w]) if "-" in w else []
        if any(len(t) > 1 for t in table):
            out.append((list(table), words[i], 1))
            i += 1
            continue
        parts = _compound(w)
        for k, part in enumerate(parts):    # the first part counts the source word
            out.append((_senses(part, spell, wide), words[i] if len(parts) == 1 else part, int(k == 0)))
        i += 1
    return out


def _compound(word: str) -> list[str]:
    """A hyphenated word no table or dictionary knows whole, as its words (Anti-Corruption:
    مكافحة الفساد); else the word (Two-State, al-Qatif: as they are)."""
    parts = word.split("-")
    if len(parts) < 2 or parts[0].lower() in ("al", "el") or lexicon.translations(word) \
            or not all(p.isalpha() for p in parts):
        return [word]
    return parts


class Spelled(tuple):
    """A transliteration among a word's candidates: tried beside its translations, never in
    their place (Truce: هدنة, not crowded out by التركي, تركي ...)."""


def _senses(word: str, spell, wide: bool = False) -> list[tuple[str, ...]]:
    """A word's one-word Arabic candidates in a term: its translations, the nisba of a place
    the table knows (Yemeni: اليمن -> اليمني), for a capitalised word its transliterations;
    `wide`, tried when these make no term of 3+ words (of two, a sense met by chance too
    often: "ألف العقار" for Drug Authority): also the dictionary's other one-word senses
    (Information: المعلومات, and الإعلام in وزارة الثقافة والإعلام), which only the index's
    phrases may choose among (a second choice: Traffic Accidents stays الحوادث المرورية,
    not the rarer sense الحادث)."""
    out = [t for t in lexicon.translations(word) if len(t) == 1]
    out += [t for t in lexicon.news_senses(word) if t not in out]
    out += [t for t in lexicon.nisba(word) if t not in out]
    if word[:1].isupper():
        out += [Spelled((w,)) for w in spell(word) if (w,) not in out]
    if wide:
        out += [t for t in lexicon.term_senses(word) if t not in out]
    return out


def _attached(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words with ل attached, as Arabic writes "for"/"of" a body serves (الرئاسة العامة
    لرعاية الشباب, الهيئة العامة للسياحة): the stemmer keeps it on short words (لرعاية: لرع)."""
    bare = words[0][2:] if words[0].startswith("ال") else words[0]
    return [("ل" + bare,) + words[1:], ("لل" + bare,) + words[1:]]


def _stems(words) -> tuple[str, ...]:
    return tuple(a[1] for a in map(analyze_word, words) if not a[2] and a[1])


def _variants(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words, and with ئ/ؤ swapped (الشئون, الشؤون: one word, two spellings)."""
    out = [words]
    swapped = tuple(w.replace("ئ", "\0").replace("ؤ", "ئ").replace("\0", "ؤ") for w in words)
    if swapped != words:
        out.append(swapped)
    return out


def _orders(units) -> list[list]:
    """The content units each segment (between connectors) turned, its head first, and as
    typed."""
    segments, current = [], []
    for u in units:
        if u[0] is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(u)
    if current:
        segments.append(current)
    # a segment with a possessive (Women's Rights) is only turned: Arabic writes the
    # possessor after the thing (حقوق المرأة), never before
    def possessive(s):
        return any(map(_possessive, s[:-1]))
    typed = [u for s in segments for u in (s[::-1] if possessive(s) else s)]
    turned = [u for s in segments for u in reversed(s)]
    # the head first, its modifiers as typed: a modifier that is itself a name (King Faisal
    # University: جامعة الملك فيصل)
    head_first = [u for s in segments for u in (s[::-1] if possessive(s) else s[-1:] + s[:-1])]
    out = []
    for order in (turned, head_first, typed):
        if order not in out:
            out.append(order)
    return out


def _possessive(u) -> bool:
    """Whether a unit is a word typed with a possessive (Women's)."""
    return u[2] == 1 and lexicon.without_possessive(u[1]) != u[1]


def _best(units, index) -> list[tuple[tuple[str, ...], int]]:
    """[(spelling, documents)] of the units' best sequences that the body holds as a term."""
    options, total = [], 1
    # units after a connector (of, for): the first of their segment in Arabic order takes ل
    first = next((i for i, u in enumerate(units) if u[0] is None), len(units))
    after = {id(u) for u in units[first:]}
    for u in (u for u in units if u[0] is not None):
        plain = [v for t in u[0] if not isinstance(t, Spelled) for v in _variants(tuple(t))]
        spelled = [tuple(t) for t in u[0] if isinstance(t, Spelled) and tuple(t) not in plain]
        attached = list(dict.fromkeys(a for p in plain for a in _attached(p) if a not in plain)) \
            if id(u) in after else []
        shown = plain + spelled + attached
        stems = {s: _stems(s) for s in shown}
        singles, total = index.term_documents(sorted({w for st in stems.values() for w in st}))
        docs = {s: min((singles.get(w, 0) for w in stems[s]), default=0) for s in shown}
        several = [stems[s] for s in shown if len(stems[s]) > 1]      # a table entry, a name
        if several:
            counts = index.phrase_counts(several, stems=True)
            docs.update({s: counts.get(stems[s], 0) for s in shown if len(stems[s]) > 1})
        def best(group):
            # one spelling per stems: they search alike (أجنبي, الأجنبي, الأجنبية), and
            # would crowd out a sense of other stems (الأجانب: المقاتلين الأجانب)
            kept, seen = [], set()
            for s in sorted((s for s in group if docs[s] > 0 and stems[s]), key=lambda s: -docs[s]):
                if stems[s] not in seen:
                    seen.add(stems[s])
                    kept.append(s)
            return kept[:CANDIDATES]
        ranked = best(plain) + best(spelled)
        if not ranked:
            return []
        ranked += best(attached)
        options.append((u, [(s, stems[s], docs[s]) for s in ranked]))
    by_unit = {id(u): opts for u, opts in options}
    # a possessive inside says the words are one term (Women's Rights: حقوق المرأة, 13 of
    # حقوق's 1,690): the grammar vouches for it, as a particle does for a name
    vouched = any(_possessive(u) for u in units[:-1])
    found: dict[tuple[str, ...], int] = {}
    for order in _orders(units):
        beams = [((), (), 10 ** 12)]        # (spelling, stems, documents)
        for step, u in enumerate(order, 1):
            grown = [(sp + s, st + t, (docs, d)) for sp, st, docs in beams
                     for s, t, d in by_unit[id(u)]]
            scored = _scored(grown, index, total, step == len(order) and not vouched)
            beams = [(sp, st, n) for n, (sp, st, _) in scored[:BEAM]]
            if not beams:
                break
        else:
            for sp, _, n in beams:
                found[sp] = max(found.get(sp, 0), n)
    if not found and len(by_unit) > 2:
        found = _any_order([u for u in units if u[0] is not None], by_unit, index, total)
    if not found:
        return []
    ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[0][1]
    return [(sp, n) for sp, n in itertools.islice(ranked, MAX_SPELLINGS) if n >= KEEP_SHARE * top]


def _any_order(content, by_unit, index, total: int) -> dict[tuple[str, ...], int]:
    """{spelling: documents} of the sequences holding one candidate of every unit, in any
    order (English "Municipal and Rural Affairs" is Arabic's الشؤون البلدية والقروية: the
    head of a segment after its coordinated modifiers), tried when neither the typed nor
    the turned order is a term; the same beam, evidence and cohesion."""
    beams = [((), (), 10 ** 12, frozenset())]      # (spelling, stems, documents, units used)
    for step in range(1, len(content) + 1):
        grown = [(sp + s, st + t, (docs, d), used | {id(u)}) for sp, st, docs, used in beams
                 for u in content if id(u) not in used for s, t, d in by_unit[id(u)]]
        scored = _scored(grown, index, total, step == len(content))
        # every unit's words may start the phrase: the first step keeps them all
        beams = [(sp, st, n, used) for n, (sp, st, _, used) in scored[:BEAM if beams[0][0] else None]]
        if not beams:
            return {}
    return {sp: n for sp, _, n, _ in beams}


def _scored(grown: list, index, total: int, whole: bool) -> list[tuple[int, tuple]]:
    """[(documents, sequence)] of the grown sequences (spelling, stems, (documents before,
    the unit's), and what else tells them apart) that the body holds and that hold together
    (`whole`: the term's last unit), one per stems and the rest, most documents first."""
    counts = index.phrase_counts(list({g[1] for g in grown if len(g[1]) > 1}), stems=True)
    scored, seen = [], set()
    for g in grown:
        st, parts = g[1], g[2]
        n = counts.get(st, 0) if len(st) > 1 else min(parts)
        if n >= MIN_DOCS and _holds(n, parts, total, whole) and (st, g[3:]) not in seen:
            seen.add((st, g[3:]))
            scored.append((n, g))
    scored.sort(key=lambda x: (-x[0], x[1][0]))
    return scored


def _holds(docs: int, parts: tuple[int, int], total: int, whole: bool) -> bool:
    """Whether a sequence holds together. The whole term keeps at least COHESION of the
    documents of the sequence before its last unit or of that unit, the fewer, or, of two
    frequent parts, ASSOCIATION of the documents they would share by chance (a * b / N:
    الجامعة الإسلامية, 40 of 2,851 and 3,071 of 31,030 -> 282; "السعودية الأجانب", 9 of
    8,878 and 777 -> 222, words that met by chance). A part on the way needs only MIN_DOCS
    (وزارة الاقتصاد, 51 of الاقتصاد's 3,435, is on the way to وزارة الاقتصاد والتخطيط)."""
    before, unit = parts
    return not whole or docs >= COHESION * min(before, unit) \
        or docs >= ASSOCIATION * before * unit / max(total, 1)
