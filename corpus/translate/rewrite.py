"""The query tree, translated: each word becomes Alternatives(word, its translations...),
engine-neutral.

    Word("Houthi")  ->  Alternatives(Word("Houthi"), Word("الحوثي"), Word("الحوثيين"), ...)
    And(prime, minister)  ->  Alternatives(And(prime, minister), And(رئيس, الوزراء), ...)

    Interior Ministry  ->  Alternatives(And(Interior, Ministry), Phrase(وزارة الداخلية))
    Mohammed bin Nayef ->  Alternatives(And(...), Phrase(محمد بن نايف))   (names.py)

Sources, in order: our table of news terms (phrases of several words first), names matched
by corpus evidence (corpus/translate/names.py), FreeDict, a place of the gazetteer
(corpus/metadata) for a word neither knows (Samtah: صامطة), and for single names
(capitalised English words, or words neither knows) the rule-based transliteration matched
against the index's own words by the engine (`words_matching`), none that is another place's
own name (Al-Namas: not النمسا). A translation of several
words is searched as a phrase (SLOP). The word and its translations are alternatives,
scored as a dis_max (ql.Alternatives: better than a flat OR, which beat grouping them as
synonyms); translations score at WEIGHT of the word as typed. Words under a field other
than the text fields, phrases, prefixes and wildcards are left as typed.

With an index (a Searcher: word_counts, phrase_counts) translations must occur in it:
a word's exact form, a phrase's words in a row. A word whose own form and translations the
index lacks is `untranslated`; inside an AND of other words it is left out (optional: no
document could hold it), with a notice, rather than making the query find nothing.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable

from corpus import querylang as ql
from corpus.budget import WorkBudget
from corpus.errors import QueryError
from corpus.analysis.analyzer import TOKEN, analyze_word, is_arabic
from corpus.messages import Notice
from corpus.fields import TEXT_FIELDS
from corpus.translate import keys, lexicon, names as name_rules, terms, transliterate

# translations kept per word, by its language: scored as one dis_max (ql.Alternatives),
# more of them cost little; ar->en gained from 8 (MRR@10 0.706 -> 0.715)
MAX_TERMS = {"ar": 8, "en": 8}
MAX_HINTS = 4               # ranking-only translations kept per word (_ranking_only)
# A hint word's weight: XQuAD ar->en MRR@10 0.672 at 0.3, 0.680 at 0.5, 0.683 at 0.7, 0.677
# at 0.9 (en->ar 0.761 at 0.5 and 0.9)
HINT_WEIGHT = 0.7
MAX_NAME_MATCHES = 4        # index words kept per transliterated name
NAME_CANDIDATES = 16        # the most frequent index words fitting a name, ranked again
# a transliteration of a word with translations: at least this share of the documents of the
# most frequent one (spelled_as_common)
NAME_SHARE = 0.1
VOWEL_SLACK = 1             # kept: spellings writing at most this many vowels fewer than the best
MODES = ("auto", "off")
# English "NAME + HEAD" is Arabic "HEAD + NAME" (نادي النصر, مصرف الراجحي, كأس الملك): these
# heads are never the last word of a name, the term puts them first (terms._orders)
HEAD_NOUNS = frozenset("""club bank company cup railway university hospital center centre airport
    port tower mosque festival forum award prize stadium school college group fund league
    corporation foundation institute academy museum park market mall city street road bridge
    dam palace court council committee party front movement brigade brigades army""".split())
# A translation scores at this fraction of the word as typed, so that in a mixed index
# same-language matches come first; below 1 translations also leave titles out
# (ql.searched_in). en->ar with the 31k distractors, MRR@10: 0.550 at 0.8, 0.559 at 0.9,
# 0.540 at 1 (titles searched).
WEIGHT = 0.9
# Words allowed between a translated phrase's words: none, as a quoted Arabic phrase. The
# phrases are terms and names written as one (وزارة الداخلية); stopwords and attached
# particles need no slop (the analyzer drops or strips them on both sides), and with 0 the
# English query counts what the Arabic phrase counts (bench/translation_counts.py: equal
# totals (ratio 1.00) for 44 of 48 pairs); slop 1 gained no ranking (XQuAD en->ar MRR@10
# 0.761 with 0 and with 1).
SLOP = 0

# (pattern, most words wanted, the request's budget) -> [(index word, documents)]
WordsMatching = Callable[[transliterate.Pattern, int, WorkBudget], list[tuple[str, int]]]


@dataclasses.dataclass
class Translation:
    """What one source word (or phrase, or name) became; `dropped`: terms the user removed;
    `phrases`: the terms searched as phrases; `written`: the names searched as written."""
    source: str
    terms: list[str]
    dropped: list[str] = dataclasses.field(default_factory=list)
    phrases: list[str] = dataclasses.field(default_factory=list)
    written: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Translated:
    tree: object
    translations: list[Translation]
    untranslated: list[str] = dataclasses.field(default_factory=list)
    notices: list[str] = dataclasses.field(default_factory=list)
    unhinted: object = None     # the tree without the ranking-only hints (_ranking_only)


def translate(tree, mode: str = "auto", drop=(), words_matching: WordsMatching | None = None,
              query: str = "", budget: WorkBudget | None = None, index=None) -> Translated:
    """The tree with translations added (mode "auto"), or as it is ("off"). Names are
    matched within `budget` (corpus/budget.py: a new one when none is given); with `index`
    (a Searcher) translations are kept only when it holds them, names are matched as
    phrases and untranslated words reported."""
    if mode == "off":
        return Translated(tree, [])
    if index is not None and words_matching is None:
        words_matching = index.words_matching
    budget = budget or WorkBudget()
    budget.excuse(lexicon.read_places())      # once per process, not this query's work
    t = _Translator({keys.key([d]) for d in drop}, words_matching, query, budget, index)
    out = t.node(tree)
    lost = t.untranslated()
    notices = []
    if lost:
        out, optional = _without(out, {w for w, _ in lost})
        if optional:
            words = ", ".join(w.text for w in optional)
            notices.append(Notice("untranslated_optional", words=words))
    for term, word in t.left_out:
        notices.append(Notice("term_without", term=term, words=word))
    if index is not None and t.out:
        out, optional = _matching(out, index)
        if optional:
            t.hints += optional             # still ranks where it occurs
            notices.append(Notice("translated_optional", words=", ".join(_text(o) for o in optional)))
    return Translated(_ranking_only(out, t.hints), t.out, [w.text for w, _ in lost], notices,
                      out if t.hints else None)


def _matching(tree, index) -> tuple[object, list]:
    """No silent zero: an AND of two or more translated parts that no document matches
    (each part does, since its translations occur, but not together: "Ministry", the
    chance term "بلدي ريفي" and "Affairs") is searched without the translated part whose
    absence lets it match the fewest documents (the rest says most of what was asked):
    (tree, [the parts left out]). One count (`search` with translate=off) per such query,
    one per part more only when it finds nothing."""
    if not isinstance(tree, ql.And) or isinstance(tree, ql.Alternatives):
        return tree, []
    translated = [c for c in tree.children if isinstance(c, ql.Alternatives)]
    if len(translated) < 2 or _count(tree, index) != 0:
        return tree, []
    best = None
    for part in translated:
        rest = tuple(c for c in tree.children if c is not part)
        relaxed = rest[0] if len(rest) == 1 else ql.And(rest)
        n = _count(relaxed, index)
        if n and (best is None or n < best[0]):
            best = (n, relaxed, part)
    return (best[1], [best[2]]) if best else (tree, [])


def _count(tree, index) -> int | None:
    """Documents the tree matches (its query text searched with translate=off), or None when
    it has a part the query language cannot write back or the request refuses the text (the
    translations make it longer than a query may be): then nothing is left out."""
    text = _query_text(tree)
    if text is None:
        return None
    try:
        return index.search(text, size=0, facets=(), suggest=False, snippets=False,
                            translate="off").total
    except QueryError:
        return None


def _query_text(node) -> str | None:
    """The query-language text of a tree of words, phrases, AND, OR and NOT (weights left
    out: they rank, never match), or None for anything else."""
    if isinstance(node, ql.Word) and _PLAIN.fullmatch(node.text) and node.text not in ("AND", "OR", "NOT"):
        return f"{node.field}:{node.text}" if node.field else node.text
    if isinstance(node, ql.Phrase) and all(_PLAIN.fullmatch(w) for w in node.words):
        text = '"' + " ".join(node.words) + '"'
        field = node.field or ("exact" if node.written else None)      # a name: as written
        return f"{field}:{text}" if field else text
    if isinstance(node, ql.Not):
        inner = _query_text(node.child)
        return None if inner is None else f"NOT {inner}"
    if isinstance(node, (ql.And, ql.Or)):
        parts = [_query_text(c) for c in node.children]
        if not parts or None in parts:
            return None
        return "(" + (" OR " if isinstance(node, ql.Or) else " AND ").join(parts) + ")"
    return None


_PLAIN = re.compile(r'[^\s()"*?:\[\]]+')      # a word the query language reads back as a word


def _text(node) -> str:
    """A translated part as the user typed it (its first alternative)."""
    first = node.children[0] if isinstance(node, ql.Alternatives) else node
    if isinstance(first, ql.Word):
        return first.text
    if isinstance(first, ql.Phrase):
        return " ".join(first.words)
    return " ".join(w.text for w in ql.leaves(first) if isinstance(w, ql.Word))


def _without(node, words: set):
    """The tree with `words` (leaves) left out of ANDs that have other parts: (tree, the
    words left out)."""
    left: list = []

    def walk(n):
        if isinstance(n, ql.And) and not isinstance(n, ql.Alternatives):
            kids = [walk(c) for c in n.children]
            keep = [k for k in kids if k not in words]
            # never down to one word (No-Fly Zone: not المنطقة alone, 9,807 articles): the
            # words stay required, reported untranslated
            if keep and len(keep) < len(kids) and not (len(keep) == 1 and _one_word(keep[0])):
                left.extend(k for k in kids if k in words)
                return keep[0] if len(keep) == 1 else ql.And(tuple(keep))
            return ql.And(tuple(kids))
        if isinstance(n, ql.Or) and not isinstance(n, ql.Alternatives):
            return type(n)(tuple(walk(c) for c in n.children))
        return n
    return walk(node), left


class _Translator:
    def __init__(self, drop: set[str], words_matching, query: str, budget: WorkBudget,
                 index=None):
        self.drop, self.words_matching, self.out = drop, words_matching, []
        self.budget, self.index = budget, index
        self.bare: list[ql.Word] = []       # words that found no translation
        self.matched: dict = {}             # (word, loose) -> fitting()
        self.loose_only: set[str] = set()   # index words only a loose pattern fits
        self.hints: list = []
        self.name_docs: dict[tuple, int] = {}       # a name's spellings -> the first's documents
        self.left_out: list[tuple[str, str]] = []   # (term, word its translation is without)
        self.doubted: dict = {}             # word -> spellings fitting() left out (means_else)
        # a word starts a sentence when it is the query's first: its capital says nothing
        first = TOKEN.search(query or "")
        self.first_word = first.group() if first else None

    def node(self, node):
        if isinstance(node, (ql.And, ql.Or)):
            return type(node)(tuple(self.children(node)))
        if isinstance(node, ql.Not):        # an excluded word's hints would rank up
            hints = len(self.hints)
            out = ql.Not(self.node(node.child))
            del self.hints[hints:]
            return out
        if isinstance(node, ql.Word) and _is_text(node):
            return self.word(node)
        if isinstance(node, ql.Phrase) and _is_text(node):
            return self.phrase(node)
        return node

    def phrase(self, node: ql.Phrase):
        """A quoted phrase: translated when it is a table entry or a name, as a phrase."""
        words = [ql.Word(w, node.field) for w in node.words]
        found, n = self.table_phrase(words)
        named = n != len(words)
        if named:
            found, n = self.name(words)
        evidenced = False
        if n != len(words):
            term = self.term(words)
            found, n, evidenced = (tuple(term.spellings), term.words, True) if term else ((), 0, False)
        if not found or n != len(words):
            return node
        return self.combine(node, " ".join(node.words), found, evidenced,
                            names=found if named and not evidenced else ())

    def children(self, parent):
        kids, i, out = parent.children, 0, []
        while i < len(kids):
            run = _word_run(kids, i)
            found, n = self.table_phrase(run)
            name, covered = self.name(run)
            named = covered > n
            if named:                   # Abdul Malik al-Houthi: longer than the table's Abdul Malik
                found, n = name, covered
            evidenced = False
            if isinstance(parent, ql.And) and not isinstance(parent, ql.Alternatives):
                term = self.term(run)   # Ministry of Islamic Affairs: longer than Islamic Affairs
                # a name of the same words in fewer documents: words that met by chance
                # (Yemeni President: "اليمني رئيس" 61, the term الرئيس اليمني 318)
                if term and (term.words > n or named and term.words == n
                             and term.docs[0] > self.name_docs.get(found, 0)):
                    found, n, evidenced = term.spellings, term.words, True
                    found = tuple(_construct(sp, [w.text for w in run[:n]]) for sp in found)
                    if term.left:
                        self.left_out.append((" ".join(w.text for w in run[:n]), term.left))
            if found:
                group = type(parent)(tuple(run[:n]))
                names = found if named and not evidenced else ()
                out.append(self.combine(group, " ".join(w.text for w in run[:n]), found, evidenced, names))
                i += n
            else:
                out.append(self.node(kids[i]))
                i += 1
        return out

    def table_phrase(self, run) -> tuple[tuple, int]:
        """(the table's translations of the longest run of 2+ words it knows, its length)."""
        for n in range(min(len(run), lexicon.MAX_PHRASE), 1, -1):
            found = lexicon.phrase(tuple(w.text for w in run[:n]))
            if found:
                return found, n
        return (), 0

    def term(self, run):
        """A multiword term the run starts with, by the index's evidence (terms.py), or None."""
        if self.index is None or len(run) < 2:
            return None
        return terms.match([w.text for w in run], self.index, self.unit, self.term_spellings)

    def term_spellings(self, word: str) -> list[str]:
        """A capitalised word's transliterations in the index, for a term (none for the
        query's first word when the dictionary knows it: its capital says nothing)."""
        if word == self.first_word and lexicon.translations(word):
            return []
        return self.names(word, min_vowels=1 if lexicon.translations(word) else 0)

    def unit(self, words: list[str]) -> tuple[tuple, int]:
        """A table entry or name the words start with: one unit of a term."""
        run = [ql.Word(w) for w in words]
        found, n = self.table_phrase(run)
        # a name ends before a head noun (Al-Nassr Club: نادي النصر, the head a unit of its own)
        heads = [k for k, w in enumerate(words) if lexicon.without_possessive(w).lower() in HEAD_NOUNS]
        name, covered = self.name(run[:heads[0]] if heads else run, unproven=True)
        # a name is a unit when a word of it is one only a name explains (no translation):
        # "Prosecution Commission" is two words of هيئة التحقيق والادعاء, not a name
        if covered > n and any(not (lexicon.translations(w) or lexicon.nisba(w))
                               and not lexicon.is_particle(w) for w in words[:covered]):
            return name, covered
        return found, n

    def name(self, run, unproven: bool = False) -> tuple[tuple, int]:
        """(the spellings of a name the run starts with, the words it covers): names.py;
        `unproven`: also the spellings of one word's evidence only (a term's unit)."""
        if self.index is None or not run or len(run) + len(_name_parts(run[0].text)) < 3:
            return (), 0
        words, ends = [], []            # ends: how many name words each run word ends at
        for w in run:
            if not name_rules.is_name_word(w.text) or ":" in w.text:
                break
            words += _name_parts(w.text)
            ends.append(len(words))
        if len(words) < 2:
            return (), 0
        try:
            found = name_rules.match(words, self.index, self.spellings, self.loose_only)
        except TimeoutError:
            return (), 0
        if not found or found.words not in ends:    # a name ends where a typed word ends
            return (), 0
        found = dataclasses.replace(found, words=ends.index(found.words) + 1)
        if lexicon.entities_only([w.text for w in run[:found.words]]):
            return (), 0                # Houthi Yemen: two names side by side, not one
        # a spelling only the loose pattern fits may lead (متعب), never follow (الشيخ تعميم
        # beside الشيخ تميم: the circular, not the name)
        kept = [sp for n, sp in enumerate(found.spellings) if n == 0 or not self.loose_only & set(sp)]
        self.name_docs[tuple(kept)] = found.docs[0]
        if unproven:
            kept += [sp for sp in found.unproven if sp not in kept and not self.loose_only & set(sp)]
        return tuple(kept), found.words

    def word(self, node: ql.Word):
        text = node.text
        if ":" in text:             # a field name searched as a word (title:(foo): not a word
            return node
        parts = [m.group() for m in TOKEN.finditer(text)]
        if len(parts) > 1:          # "Ki-moon", "al-Assad": the table's, or the name's
            found = lexicon.phrase(tuple(parts))
            names = () if found else tuple(self.occurring(lexicon.places(text)))
            found = found or names
            if not found and len(parts) == 2 and parts[0].lower() in ("al", "el"):
                found = lexicon.translations(parts[1])
                if self._is_name(parts[1], bool(found)):
                    names = tuple((w,) for w in self.names(text))
                    found += names
            return self.combine(node, text, found, names=names) if found else self.untranslatable(node)
        if not parts or analyze_word(parts[0])[2] or parts[0].isdigit():
            return node             # stopwords and numbers: as typed
        if lexicon.is_particle(parts[0]):
            return self.untranslatable(node)    # bin alone: a name's part, not a waste bin
        found = list(lexicon.translations(parts[0]) or lexicon.nisba(parts[0]))
        hints = list(lexicon.doubtful(parts[0]))
        # a place the gazetteer knows, when the index writes it (else the letters decide)
        place = self.occurring(lexicon.places(parts[0])) if not found else ()
        names = []
        if place:                   # Samtah: صامطة, not صامته "silent" as well
            found = names = list(place)
        elif self._is_name(parts[0], bool(found)):
            # a word the dictionary knows (Manager, Storm): only spellings writing a vowel,
            # as frequent as its translations (spelled_as_common)
            spelled = self.names(parts[0], min_vowels=1 if found else 0)
            names = [(w,) for w in self.spelled_as_common(parts[0], spelled, found)]
            found += names
            hints += [(w,) for w, _ in self.doubted.get(parts[0], ())[:MAX_NAME_MATCHES]]
        before = len(self.out)
        out = self.combine(node, text, found, names=names) if found else self.untranslatable(node)
        shown = {keys.stem_key(t.split()) for tr in self.out[before:] for t in tr.terms + tr.dropped}
        # English senses whose form the index lacks, but their stem it holds
        hints += [t for t in found if keys.stem_key(t) not in shown]
        self.hints += self.hinted(hints, text, node.field, shown)
        return out

    def spelled_as_common(self, word: str, spelled: list[str], found) -> list[str]:
        """The transliterations of a word that has translations, kept when the index holds
        them in at least NAME_SHARE of the documents of its most frequent translation:
        a name that is also a word (Bush: بوش beside شجيرة) is written often; a common word
        written in Arabic letters rarely (Affairs: افيرز beside الشئون, Army: ارمي beside
        الجيش)."""
        if not found or not spelled or self.index is None:
            return spelled
        forms = [f[0] for f in map(_forms, found) if len(f) == 1]
        common = max(self.index.word_counts(forms).values(), default=0) if forms else 0
        docs = dict(self.fitting(word) + self.matched.get((word, True), []))
        return [w for w in spelled if docs.get(w, 0) >= NAME_SHARE * common]

    def untranslatable(self, node):
        self.bare.append(node)
        return node

    def untranslated(self) -> list[tuple[ql.Word, int]]:
        """(word, 0) for the words without translation that the index does not hold."""
        if self.index is None or not self.bare:
            return []
        forms = {n: [analyze_word(m.group())[0] for m in TOKEN.finditer(n.text)] for n in self.bare}
        counts = self.index.word_counts([f for fs in forms.values() for f in fs if f])
        return [(n, 0) for n, fs in forms.items()
                if any(f and counts.get(f, 0) == 0 for f in fs)]

    def _is_name(self, word: str, translated: bool) -> bool:
        """Transliterate capitalised words (the table may lack a spelling: كوردستان) and
        words no table or dictionary knows."""
        if self.words_matching is None:
            return False
        capital = word[:1].isupper() and word != self.first_word
        return capital or not translated

    def names(self, word: str, min_vowels: int = 0) -> list[str]:
        """Index words spelling the name: for Arabic, those writing more of its vowels
        first (توماس before تمس "touch"), then the most frequent."""
        found = self.fitting(word)
        if found and lexicon.language(word) == "en":
            found = sorted(found, key=lambda wn: -transliterate.written_vowels(wn[0]))
            best = transliterate.written_vowels(found[0][0])
            least = max(min_vowels, best - VOWEL_SLACK)
            found = [wn for wn in found if transliterate.written_vowels(wn[0]) >= least]
            # a rare fit beside a frequent one is another word (Al-Hilal: الحلال "halal", 54
            # articles, beside الهلال, 1,183), not the name's other spelling
            most = max((n for _, n in found), default=0)
            found = [wn for wn in found if wn[1] >= NAME_SHARE * most]
        return [w for w, _ in found[:MAX_NAME_MATCHES]]

    def spellings(self, word: str) -> list[str]:
        """Index words a name's transliteration fits, loosely (ع, doubled letters:
        transliterate.to_arabic), most frequent first (names.py lets the index's phrases
        choose among them)."""
        strict = [w for w, _ in self.fitting(word)[:name_rules.CANDIDATES]]
        found = strict + [w for w, _ in self.fitting(word, loose=True)
                          if w in self.loose_only][:name_rules.CANDIDATES]
        if lexicon.language(word) == "en":     # Press: not برز beside الصحافة
            found = self.spelled_as_common(word, found, lexicon.translations(word))
        return found

    def fitting(self, word: str, loose: bool = False) -> list[tuple[str, int]]:
        """(index word, documents) fitting the word's transliteration, most frequent first,
        scanned once per word, pattern and query (Latin `loose`: the strict pattern's words,
        then those only the loose one fits); for Latin, none that the dictionary says means
        something else (قام is not came or game; فرنسا is france)."""
        if (word, loose) in self.matched:
            return self.matched[(word, loose)]
        to_arabic = lexicon.language(word) == "en"
        if not to_arabic:
            found = self.scan(word, transliterate.to_latin(word))
            self.doubted[word] = [wn for wn in found if lexicon.means_else(wn[0], word)]
            found = [wn for wn in found if not lexicon.means_else(wn[0], word)]
            self.matched[(word, True)] = self.matched[(word, False)] = found
            return found
        strict = self.matched.get((word, False))
        if strict is None:      # not a word our table says is another's (Truce: not تركيا)
            strict = self.matched[(word, False)] = _as_written(word, [
                wn for wn in self.scan(word, transliterate.to_arabic(word)) if not self.means_else(word, wn[0])])
        if loose:
            have = {w for w, _ in strict}
            extra = [wn for wn in self.scan(word, transliterate.to_arabic(word, loose=True), again=True)
                     if wn[0] not in have and not self.means_else(word, wn[0])]
            extra = _as_written(word, extra) if not strict else \
                [wn for wn in extra if not transliterate.adds_ending(word, wn[0])]
            self.loose_only |= {w for w, _ in extra}
            self.matched[(word, True)] = strict + extra
        return self.matched[(word, loose)]

    @staticmethod
    def means_else(english: str, arabic: str) -> bool:
        """Whether an index word a Latin word's transliteration fits is another word's: our
        table's (Truce: not تركيا), or the name of another place the gazetteer knows (Al-Namas:
        not النمسا, Austria)."""
        return lexicon.table_means_else(english, arabic) or lexicon.place_spelled(english, arabic) is False

    def scan(self, word: str, pattern, again: bool = False) -> list[tuple[str, int]]:
        """The index words fitting a pattern, within the query's budget of names (a second
        pattern of the same word counts once)."""
        if pattern is None or not (again or self.budget.take_name(word)):
            return []
        try:
            return self.words_matching(pattern, NAME_CANDIDATES, self.budget)
        except TimeoutError:        # the query's time for vocabulary scans is spent
            self.budget.out_of_time(word)
            return []

    def combine(self, node, source: str, found, evidenced: bool = False, names=()) -> object:
        """Or(node, translations...), duplicates (same stems), translations the index
        lacks (unless `evidenced`: terms.py counted their stems) and dropped terms left
        out; those among `names` are held to their words as written (طالبان, not طالب)."""
        # an Arabic name: the light stemmer reads its letters as affixes (طالبان -> طالب)
        names = {" ".join(t) for t in [*names, *filter(lexicon.is_name, found)] if is_arabic(t[0])}
        seen = {keys.stem_key([source])}
        if len(source.split()) > 1:     # King Salman: الملك سلمان, not سلمان alone as well
            seen |= {keys.stem_key([w]) for t in found if len(t) > 1 for w in t}
        kept, dropped = [], []
        for words in (found if evidenced else self.occurring(found)):
            text = " ".join(words)
            k = keys.stem_key(words)
            if k in seen or not k.strip():
                continue
            if text in names:           # a name's forms each (الحوثي, الحوثيين), once
                if keys.key(words) in seen:
                    continue
                seen.add(keys.key(words))
            else:                       # one translation per stem
                seen.add(k)
            (dropped if keys.key([text]) in self.drop else kept).append(text)
        kept = kept[:MAX_TERMS[lexicon.language(source)]]
        if not kept and not dropped:
            return self.untranslatable(node) if isinstance(node, ql.Word) else node
        phrases = [t for t in kept + dropped if " " in t]
        self.out.append(Translation(source, kept, dropped, phrases, [t for t in kept + dropped if t in names]))
        field = getattr(node, "field", None)
        alts = [_leaf(t.split(), field, written=t in names) for t in kept]
        if alts and _in_pieces(source):     # G20: the index reads "20", 2,007 articles
            return ql.Alternatives(tuple(alts)) if len(alts) > 1 else alts[0]
        return ql.Alternatives((node, *alts)) if alts else node

    def hinted(self, hints, source: str, field, shown=()) -> list:
        """A word's hints (translations the plausibility rules keep off the page) that the
        index holds, as leaves: they rank, never match (_ranking_only)."""
        seen, out = {keys.stem_key([source]), *shown}, []
        for words in self.occurring(hints, by_stem=True) if hints else ():
            k = keys.stem_key(words)
            if k not in seen and k.strip():
                seen.add(k)
                out.append(_leaf(list(words), field, HINT_WEIGHT))
        return out[:MAX_HINTS]

    def occurring(self, found, by_stem: bool = False) -> list:
        """The translations the index holds (all of them without an index)."""
        found = list(found)
        if self.index is None:
            return found
        forms = {t: _forms(t) for t in found}
        singles = self.index.word_counts([f[0] for f in forms.values() if len(f) == 1])
        # an Arabic word is searched by its stem (السنة finds سنة and السنوات): one whose
        # form the index lacks may still find its other forms; English by its form (an
        # English stem let in dictionary senses no reader would search: folks for الناس)
        unseen = {analyze_word(f[0])[1] for f in forms.values()
                  if len(f) == 1 and not singles.get(f[0])
                  and (by_stem or lexicon.language(f[0]) == "ar")}
        if unseen:
            stems = self.index.term_documents(sorted(unseen))[0]
            singles.update({f[0]: stems.get(analyze_word(f[0])[1], 0) for f in forms.values()
                            if len(f) == 1 and not singles.get(f[0])})
        several = [f for f in forms.values() if len(f) > 1]
        phrases = self.index.phrase_counts(several) if several else {}
        return [t for t in found if forms[t] and
                (singles.get(forms[t][0], 0) if len(forms[t]) == 1 else phrases.get(forms[t], 0)) > 0]


def _one_word(node) -> bool:
    """Whether a query part is one word, translated or not (a term or phrase is not)."""
    return isinstance(node, ql.Word) or isinstance(node, ql.Alternatives) and isinstance(node.children[0], ql.Word)


def _name_parts(word: str) -> list[str]:
    """A hyphenated name word as the names it joins (Amir-Abdollahian: امير عبداللهيان, as
    Arabic writes them apart); an article (al-Houthi) or a particle (Abd-) stays attached."""
    parts = word.split("-")
    if len(parts) < 2 or not all(p[:1].isupper() and p.isalpha() for p in parts) \
            or any(lexicon.is_particle(p) for p in parts):
        return [word]
    return parts


def _in_pieces(source: str) -> bool:
    """Whether a Latin word the analyzer reads as letters and digits apart (G20: g, 20; H1N1):
    searched as typed it would count every article with the number, so its translations
    stand in its place."""
    return " " not in source and lexicon.language(source) == "en" and len(TOKEN.findall(source)) > 1 \
        and any(c.isdigit() for c in source)


def _construct(spelling: tuple[str, ...], english: list[str]) -> tuple[str, ...]:
    """A term led by the translation of its English head noun, written as Arabic's construct:
    the head without its article (Al-Nassr Club: نادي النصر, not النادي النصر; King's Cup:
    كأس الملك). The same stems: what is counted does not change, what is shown reads right."""
    head = lexicon.without_possessive(english[-1]).lower()
    if len(spelling) < 2 or head not in HEAD_NOUNS or not spelling[0].startswith("ال"):
        return spelling
    senses = {t[0] for t in lexicon.translations(head) + lexicon.news_senses(head) if len(t) == 1}
    return (spelling[0][2:],) + spelling[1:] if spelling[0] in senses else spelling


def _as_written(word: str, found: list) -> list:
    """The index words fitting a Latin name without an ending its Latin does not write, when
    there are any: an inflected ordinary word loses to the name (SABIC: سابك, not سابقا
    "previously"; Hossein: حسين, not الحسيني, حزينا); else all of them."""
    plain = [wn for wn in found if not transliterate.adds_ending(word, wn[0])]
    return plain or found


def _ranking_only(tree, hints: list):
    """The tree, and the hints scored only in documents it matches: Alternatives(T,
    And(T, Or(hints))) matches what T matches (the counts and the chips stay T's); a document
    also holding hints scores 1.1 T + theirs (dis_max, TIE_BREAK) instead of T. Both engines
    compile And, Or and Alternatives alike. XQuAD ar->en MRR@10 0.618 -> 0.651 with ara-eng
    headwords eng-ara does not confirm and transliterations the dictionary gives another
    meaning as hints, 0.677 adding senses whose English form the index lacks but whose stem
    it holds (en->ar unchanged, 0.761); per word (Alternatives(A, And(A, hints))) 0.608, since most such words
    have no other translation; English reverse headwords as hints: en->ar 0.761 -> 0.752."""
    return ql.ranking_only(tree, tuple(hints)) if hints else tree


def _forms(words) -> tuple[str, ...]:
    """The exact forms the index holds of a translation's words (stopwords have none: بان كي
    مون is the phrase بان مون to both engines)."""
    return tuple(a[0] for a in map(analyze_word, words) if not a[2] and a[0])


def _leaf(words: list[str], field, weight: float = WEIGHT, written: bool = False):
    """A translation's leaf; `written`: a name, held to its words as written (ql.Phrase)."""
    if len(words) == 1 and not written:
        return ql.Word(words[0], field, weight)
    return ql.Phrase(tuple(words), field, weight, SLOP, written)


def _is_text(node) -> bool:
    return node.field in (None, *TEXT_FIELDS)


def _word_run(kids, i) -> list:
    run = []
    while i < len(kids) and isinstance(kids[i], ql.Word) and _is_text(kids[i]) \
            and len(run) < max(lexicon.MAX_PHRASE, terms.MAX_WORDS):
        run.append(kids[i])
        i += 1
    return run
