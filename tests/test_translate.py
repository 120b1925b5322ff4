"""Cross-language search: transliteration rules, the table, the tree rewrite, and both engines."""
from __future__ import annotations

import pytest

from corpus import querylang as ql
from corpus.translate import lexicon, rewrite, transliterate, translate
from corpus.translate.freedict import available, senses


# -- transliteration: (name, a spelling it must match, one it must not)
@pytest.mark.parametrize("name, spelled, not_spelled", [
    ("Houthi", "الحوثيين", "حث"),           # ou and final i are written
    ("Velayati", "ولايتي", "ويلتي"),         # v may be و; y before a vowel is a consonant
    ("Javad", "جواد", "جد"),
    ("Erbil", "اربيل", "ربيل"),              # an initial vowel is written (ا or ع)
    ("Kirkuk", "كركوك", "كرك"),
    ("Mosul", "الموصل", "موصلات"),
    ("Peshmerga", "البيشمركه", "بيشمال"),     # g may be written ك (Kurdish names)
    ("Kurdistan", "كوردستان", "كردستين"),
])
def test_latin_name_to_arabic(name, spelled, not_spelled):
    p = transliterate.to_arabic(name)
    assert p.matches(spelled)
    assert not p.matches(not_spelled)
    assert any(spelled.startswith(s) for s in p.starts)


@pytest.mark.parametrize("name, spelled", [
    ("تسلا", "tesla"), ("وارسو", "warsaw"), ("الموصل", "mosul"), ("نيكولا", "nikola"),
    ("البصرة", "basra"),
])
def test_arabic_name_to_latin(name, spelled):
    p = transliterate.to_latin(name)
    assert p.matches(spelled)
    assert any(spelled.startswith(s) for s in p.starts)


@pytest.mark.parametrize("word", ["Al", "ok", "كل"])
def test_short_words_are_not_transliterated(word):
    pattern = transliterate.to_arabic(word) if word.isascii() else transliterate.to_latin(word)
    assert pattern is None


# -- the table: both directions, by form and by stem
@pytest.mark.parametrize("words, expected", [
    (["Peshmerga"], ("البيشمركة",)),
    (["airstrikes"], ("غارة", "جوية")),
    (["البيشمركة"], ("peshmerga",)),
    (["الحوثيين"], ("houthi",)),
    (["prime", "minister"], ("رئيس", "الوزراء")),
    (["رئيس", "الوزراء"], ("prime", "minister")),
])
def test_table_entries(words, expected):
    assert expected in lexicon.TABLE_ENTRIES.lookup(words)


def test_dictionary_senses_are_split_and_numbers_dropped():
    assert senses("Abba /ˈabə/\n1. الله\n2. فرقة\n") == ["الله", "فرقة"]


@pytest.mark.skipif(not available("en", "ar"), reason="dict-freedict-eng-ara not installed")
def test_dictionary_by_form_and_by_stem():
    assert ("الحكومة",) in lexicon.DICTIONARIES.lookup("government")
    assert lexicon.DICTIONARIES.lookup("governments")      # no headword: found by its stem


# -- the rewrite
def _terms(tree) -> set[str]:
    """The words searched: words, and the words of phrases (translations of several words)."""
    return {w for leaf in ql.leaves(tree)
            for w in ([leaf.text] if isinstance(leaf, ql.Word) else
                      leaf.words if isinstance(leaf, ql.Phrase) else [])}


def test_word_becomes_alternatives_of_its_translations():
    done = translate(ql.parse("Peshmerga").tree)
    assert isinstance(done.tree, ql.Alternatives)      # an Or, scored as a dis_max
    assert {"Peshmerga", "البيشمركة"} <= _terms(done.tree)
    assert done.translations[0].source == "Peshmerga"


def test_table_phrase_translated_as_one():
    done = translate(ql.parse("prime minister Iraq").tree)
    assert [t.source for t in done.translations][:1] == ["prime minister"]
    assert ql.Phrase(("رئيس", "الوزراء"), None, rewrite.WEIGHT, rewrite.SLOP) in ql.leaves(done.tree)
    assert "رئيس الوزراء" in done.translations[0].phrases


@pytest.mark.skipif(not available("ar", "en"), reason="dict-freedict-ara-eng not installed")
def test_unconfirmed_senses_only_rank():
    """عمليات: eng-ara does not confirm ara-eng's act -- not shown, not matched alone, scored
    in the documents the query matches."""
    done = translate(ql.parse("عمليات").tree)
    shown = {t for tr in done.translations for t in tr.terms}
    assert "operations" in shown and "act" not in shown
    matching, ranking = done.tree.children
    assert matching == done.unhinted and "act" not in _terms(matching)
    # the hints: act, then the senses of عمليات's stem-mates (العمل: Action ..., العملات:
    # Currencies), all scored only beside the matching tree
    assert isinstance(ranking, ql.And) and ranking.children[0] == matching
    hints = ranking.children[1].children
    assert hints[0] == ql.Word("act", None, rewrite.HINT_WEIGHT)
    assert all(h.weight == rewrite.HINT_WEIGHT for h in hints) and not {h.text for h in hints} & shown


def test_excluded_words_bring_no_ranking_hints():
    done = translate(ql.parse("Houthi NOT عمليات").tree)
    assert done.unhinted is None and "act" not in _terms(done.tree)


def test_off_leaves_the_tree_alone():
    tree = ql.parse("Peshmerga").tree
    assert translate(tree, "off").tree == tree


def test_dropped_terms_are_left_out_and_reported():
    done = translate(ql.parse("Peshmerga").tree, drop=["البيشمركة"])
    assert "البيشمركة" not in _terms(done.tree)
    assert "البيشمركة" in done.translations[0].dropped


def test_fields_phrases_and_stopwords_are_kept_as_typed():
    for q in ['place:Erbil', '"Peshmerga forces"', "the", "kurd*"]:
        tree = ql.parse(q).tree
        assert translate(tree).tree == tree, q


def test_names_come_from_the_index_words():
    asked = []

    def words_matching(pattern, limit, budget=None):
        asked.append(pattern)
        return [("الزيباري", 3)] if pattern.matches("الزيباري") else []
    done = translate(ql.parse("Zebari").tree, words_matching=words_matching)
    assert "الزيباري" in _terms(done.tree) and asked


def test_a_common_word_is_transliterated_only_when_written_as_often_as_its_translations():
    """Affairs: الشئون in 400 documents, افيرز in 3 (below NAME_SHARE) is left out; Bush:
    بوش in 90 beside شجيرة's 5 is kept (Affairs and Bush are not the query's first word)."""
    class Index:
        held = {"الشئون": 400, "الشّئون": 400, "افيرز": 3, "بوش": 90, "شجيره": 5, "الشجيره": 5}

        def word_counts(self, words):
            return {w: self.held.get(w, 0) for w in words}

        def phrase_counts(self, phrases, stems=False):
            return {p: 0 for p in phrases}

        def term_documents(self, stems):
            return {s: 0 for s in stems}, 1000

        def words_matching(self, pattern, limit, budget=None):
            return [(w, n) for w, n in self.held.items() if pattern.matches(w)]

        def search(self, q, **kwargs):      # the no-silent-zero count: the words meet
            return type("Results", (), {"total": 1})()
    shown = {t.source: t.terms for t in translate(ql.parse("new Affairs met Bush").tree, index=Index()).translations}
    assert "افيرز" not in shown.get("Affairs", []) and "بوش" in shown["Bush"]
    assert rewrite.NAME_SHARE <= 90 / 5


def test_a_nisba_translates_an_adjective_of_a_place():
    assert lexicon.nisba("Iraqi") == (("العراقي",),) and lexicon.nisba("Ministry") == ()
    done = translate(ql.parse("Yemeni").tree)
    assert "اليمني" in _terms(done.tree)


# -- both engines (the conformance fixture)
def _ids(res):
    return {h.id.split("/")[-1].split(":")[-1] for h in res.hits}


def test_english_query_finds_arabic_articles(news_searcher):
    off = news_searcher.search("Peshmerga", translate="off")
    auto = news_searcher.search("Peshmerga", translate="auto")
    assert {h.lang for h in off.hits} == {"en"}
    assert {h.lang for h in auto.hits} == {"ar", "en"}
    assert auto.total > off.total
    assert any(t.source == "Peshmerga" and t.terms for t in auto.translations)
    langs = {v.value: v.count for v in auto.facets["lang"]}
    assert langs.get("ar") and langs.get("en")
    only_ar = news_searcher.search("Peshmerga", filters={"lang": ["ar"]}, translate="auto")
    assert {h.lang for h in only_ar.hits} == {"ar"} and only_ar.total == langs["ar"]


def test_arabic_query_finds_english_articles(news_searcher):
    res = news_searcher.search("البيشمركة", translate="auto")
    assert {h.lang for h in res.hits} == {"ar", "en"}


def test_arabic_matches_are_highlighted(news_searcher):
    res = news_searcher.search("Peshmerga", filters={"lang": ["ar"]}, translate="auto")
    assert "<mark>" in res.hits[0].snippet or "<mark>" in res.hits[0].title_html


def test_removing_a_translation_narrows_the_search(news_searcher):
    auto = news_searcher.search("Peshmerga", translate="auto")
    terms = [t for tr in auto.translations for t in tr.terms]
    res = news_searcher.search("Peshmerga", drop=terms, translate="auto")
    assert {h.lang for h in res.hits} == {"en"}
    assert res.translations[0].dropped


def test_transliterated_name_matched_in_the_index(news_searcher):
    found = news_searcher.words_matching(transliterate.to_arabic("Diyala"), 5)
    assert [w for w, _ in found] == ["وديالي"] or any("ديالي" in w for w, _ in found)


def test_bad_translate_value_is_a_query_error(news_searcher):
    from corpus.errors import QueryError
    with pytest.raises(QueryError, match="translate must be"):
        news_searcher.search("x", translate="maybe")


def test_without_freedict_the_table_and_names_still_work(monkeypatch, tmp_path):
    from corpus.translate import freedict
    monkeypatch.setattr(freedict, "DICTD", tmp_path)            # no dictionary installed
    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(lexicon, "DICTIONARIES", lexicon.Dictionaries())
    lexicon.translations.cache_clear()
    try:
        assert not available("en", "ar")
        assert lexicon.DICTIONARIES.lookup("government") == []
        assert "البيشمركة" in _terms(translate(ql.parse("Peshmerga").tree).tree)
    finally:
        lexicon.translations.cache_clear()


# -- translate=auto is the default; translations rank below the words as typed
def test_auto_is_the_default_and_same_language_matches_come_first(news_searcher):
    res = news_searcher.search("Peshmerga")
    assert [h.lang for h in res.hits][:2] == ["en", "ar"] and res.translations
    off = news_searcher.search("البيشمركة", translate="off")
    res = news_searcher.search("البيشمركة")
    assert [h.id for h in res.hits if h.lang == "ar"] == [h.id for h in off.hits]
    assert {h.lang for h in res.hits} == {"ar", "en"}


def test_translations_weigh_less_than_the_word():
    done = translate(ql.parse("Peshmerga").tree)
    weights = {" ".join(getattr(leaf, "words", [getattr(leaf, "text", "")])): leaf.weight
               for leaf in ql.leaves(done.tree)}
    assert weights["Peshmerga"] == 1.0 and 0 < weights["البيشمركة"] < 1


def test_names_prefer_spellings_that_write_the_vowels():
    def words_matching(pattern, limit, budget=None):      # most frequent first, as the engines answer
        return [(w, n) for w, n in (("تمس", 90), ("التماس", 50), ("توماس", 10)) if pattern.matches(w)]
    done = translate(ql.parse("about Thomas").tree, words_matching=words_matching)
    assert done.translations[-1].terms[:1] == ["توماس"] and "تمس" not in done.translations[-1].terms


# -- the compiled dictionaries: built once into the cache dir, rebuilt when a source changes
def _fake_dictd(folder, entries: dict[str, str]):
    """A tiny dictd dictionary pair in `folder` (both directions the same entries)."""
    import gzip
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def num(n):
        return b64[n] if n < 64 else num(n // 64) + b64[n % 64]
    for name in ("freedict-eng-ara", "freedict-ara-eng"):
        data, index = b"", []
        for head, sense in entries.items():
            entry = f"{head} /x/\n{sense}\n".encode()
            index.append(f"{head}\t{num(len(data))}\t{num(len(entry))}")
            data += entry
        (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
        (folder / f"{name}.dict.dz").write_bytes(gzip.compress(data))


def test_dictionaries_are_compiled_once_and_rebuilt_when_changed(monkeypatch, tmp_path):
    from corpus.translate import compiled, freedict
    dictd, cache = tmp_path / "dictd", tmp_path / "cache"
    dictd.mkdir()
    _fake_dictd(dictd, {"falcon": "صقر"})
    monkeypatch.setattr(freedict, "DICTD", dictd)
    monkeypatch.setenv("CORPUS_CACHE", str(cache))
    assert compiled.load()["en"]["senses"] == {"falcon": ("صقر",)}
    assert len(list(cache.glob("freedict-*.marshal"))) == 1
    built = []
    real_build = compiled.build
    monkeypatch.setattr(compiled, "build", lambda: built.append(1) or real_build())
    assert compiled.load()["en"]["senses"] == {"falcon": ("صقر",)} and not built   # from the cache
    _fake_dictd(dictd, {"falcon": "صقر", "eagle": "نسر"})        # a new dictionary version
    assert compiled.load()["en"]["senses"]["eagle"] == ("نسر",) and built == [1]
    assert len(list(cache.glob("freedict-*.marshal"))) == 1       # the stale one removed


def test_warm_loads_the_dictionaries_in_the_background(monkeypatch):
    from corpus.translate import warm
    fresh = lexicon.Dictionaries()
    monkeypatch.setattr(lexicon, "DICTIONARIES", fresh)
    asked = []

    class Searcher:
        def words_matching(self, pattern, limit, budget=None):
            asked.append(pattern)
            return []
    warm(Searcher(), background=True).join(timeout=120)
    assert fresh._data is not None and asked
