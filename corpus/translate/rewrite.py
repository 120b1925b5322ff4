"""The query tree, translated: each word becomes Alternatives(word, its translations...),
engine-neutral.

    Word("Houthi")  ->  Alternatives(Word("Houthi"), Word("الحوثي"), Word("الحوثيين"), ...)
    And(prime, minister)  ->  Alternatives(And(prime, minister), And(رئيس, الوزراء), ...)

Sources, in order: our table of news terms, FreeDict, and for names (capitalised English
words, or words neither knows) the rule-based transliteration matched against the index's
own words by the engine (`words_matching`). The word and its translations are
alternatives, scored as a dis_max (ql.Alternatives: better than a flat OR, which beat
grouping them as synonyms); translations score at WEIGHT of the word as typed. Words under
a field other than the text fields, phrases, prefixes and wildcards are left as typed.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from corpus import querylang as ql
from corpus.budget import WorkBudget
from corpus.analysis.analyzer import TOKEN, analyze_word
from corpus.fields import TEXT_FIELDS
from corpus.translate import keys, lexicon, transliterate

# translations kept per word, by its language: scored as one dis_max (ql.Alternatives),
# more of them cost little; ar->en gained from 8 (MRR@10 0.706 -> 0.715)
MAX_TERMS = {"ar": 8, "en": 8}
MAX_NAME_MATCHES = 4        # index words kept per transliterated name
NAME_CANDIDATES = 16        # the most frequent index words fitting a name, ranked again
VOWEL_SLACK = 1             # kept: spellings writing at most this many vowels fewer than the best
MODES = ("auto", "off")
# A translation scores at this fraction of the word as typed, so that in a mixed index
# same-language matches come first; below 1 translations also leave titles out
# (ql.searched_in). en->ar with the 31k distractors, MRR@10: 0.550 at 0.8, 0.559 at 0.9,
# 0.540 at 1 (titles searched).
WEIGHT = 0.9

# (pattern, most words wanted, the request's budget) -> [(index word, documents)]
WordsMatching = Callable[[transliterate.Pattern, int, WorkBudget], list[tuple[str, int]]]


@dataclasses.dataclass
class Translation:
    """What one source word (or table phrase) became; `dropped`: terms the user removed."""
    source: str
    terms: list[str]
    dropped: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Translated:
    tree: object
    translations: list[Translation]


def translate(tree, mode: str = "auto", drop=(), words_matching: WordsMatching | None = None,
              query: str = "", budget: WorkBudget | None = None) -> Translated:
    """The tree with translations added (mode "auto"), or as it is ("off"). Names are
    matched within `budget` (corpus/budget.py: a new one when none is given)."""
    if mode == "off":
        return Translated(tree, [])
    t = _Translator({keys.key([d]) for d in drop}, words_matching, query,
                    budget or WorkBudget())
    return Translated(t.node(tree), t.out)


class _Translator:
    def __init__(self, drop: set[str], words_matching, query: str, budget: WorkBudget):
        self.drop, self.words_matching, self.out = drop, words_matching, []
        self.budget = budget
        # a word starts a sentence when it is the query's first: its capital says nothing
        first = TOKEN.search(query or "")
        self.first_word = first.group() if first else None

    def node(self, node):
        if isinstance(node, (ql.And, ql.Or)):
            return type(node)(tuple(self.children(node)))
        if isinstance(node, ql.Not):
            return ql.Not(self.node(node.child))
        if isinstance(node, ql.Word) and _is_text(node):
            return self.word(node)
        return node

    def children(self, parent):
        kids, i, out = parent.children, 0, []
        while i < len(kids):
            run = _word_run(kids, i)
            for n in range(min(len(run), lexicon.MAX_PHRASE), 1, -1):
                found = lexicon.phrase(tuple(w.text for w in run[:n]))
                if found:
                    group = type(parent)(tuple(run[:n]))
                    out.append(self.combine(group, " ".join(w.text for w in run[:n]), found))
                    i += n
                    break
            else:
                out.append(self.node(kids[i]))
                i += 1
        return out

    def word(self, node: ql.Word):
        text = node.text
        parts = [m.group() for m in TOKEN.finditer(text)]
        if len(parts) > 1:          # "Ki-moon", "al-Assad": the table's, or the name's
            found = lexicon.phrase(tuple(parts))
            if not found and len(parts) == 2 and parts[0].lower() in ("al", "el"):
                found = lexicon.translations(parts[1])
            return self.combine(node, text, found) if found else node
        if not parts or analyze_word(parts[0])[2] or parts[0].isdigit():
            return node             # stopwords and numbers: as typed
        found = list(lexicon.translations(parts[0]))
        if self._is_name(parts[0], bool(found)):
            # a word the dictionary knows (Manager, Storm): only spellings writing a vowel
            found += [(w,) for w in self.names(parts[0], min_vowels=1 if found else 0)]
        return self.combine(node, text, found) if found else node

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
        to_arabic = lexicon.language(word) == "en"
        pattern = transliterate.to_arabic(word) if to_arabic else transliterate.to_latin(word)
        if pattern is None or not self.budget.take_name(word):
            return []
        try:
            found = self.words_matching(pattern, NAME_CANDIDATES, self.budget)
        except TimeoutError:        # the query's time for vocabulary scans is spent
            self.budget.out_of_time(word)
            return []
        if to_arabic and found:
            found = sorted(found, key=lambda wn: -transliterate.written_vowels(wn[0]))
            best = transliterate.written_vowels(found[0][0])
            least = max(min_vowels, best - VOWEL_SLACK)
            found = [wn for wn in found if transliterate.written_vowels(wn[0]) >= least]
        return [w for w, _ in found[:MAX_NAME_MATCHES]]

    def combine(self, node, source: str, found) -> object:
        """Or(node, translations...), duplicates (same stems) and dropped terms left out."""
        seen = {keys.stem_key([source])}
        kept, dropped = [], []
        for words in found:
            text = " ".join(words)
            k = keys.stem_key(words)
            if k in seen or not k.strip():
                continue
            seen.add(k)
            (dropped if keys.key([text]) in self.drop else kept).append(text)
        kept = kept[:MAX_TERMS[lexicon.language(source)]]
        if not kept and not dropped:
            return node
        self.out.append(Translation(source, kept, dropped))
        field = getattr(node, "field", None)
        alts = [_leaf(t.split(), field) for t in kept]
        return ql.Alternatives((node, *alts)) if alts else node


def _leaf(words: list[str], field):
    if len(words) == 1:
        return ql.Word(words[0], field, WEIGHT)
    return ql.And(tuple(ql.Word(w, field, WEIGHT) for w in words))


def _is_text(node) -> bool:
    return node.field in (None, *TEXT_FIELDS)


def _word_run(kids, i) -> list:
    run = []
    while i < len(kids) and isinstance(kids[i], ql.Word) and _is_text(kids[i]) \
            and len(run) < lexicon.MAX_PHRASE:
        run.append(kids[i])
        i += 1
    return run
