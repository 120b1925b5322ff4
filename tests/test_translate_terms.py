"""Issue 19, round 2: names and multiword terms that the first rules missed (the held-out
pairs of bench/translation_counts.py), on both engines (the `terms_searcher` fixture).

Names: a particle inside holds a name together however common its words, Latin drops the
ع (Mutaib متعب, al-Naimi النعيمي), Abd is written fused and apart, a stopword spelling
(Ali: علي) is written in the phrase. Terms: a run no table entry covers becomes the Arabic
sequence the body holds as a phrase of stems, modifiers after their head (Private Sector:
القطاع الخاص), `of` a construct (Ministry of Islamic Affairs: وزارة الشؤون الإسلامية)."""
from __future__ import annotations

from corpus.translate import names, terms, transliterate
from corpus.analysis.normalize import normalize
from conftest import corpus_fixtures   # not tests.conftest: another RUN, indexes never dropped
from translated_counts import ids, jsonl_writer, same_as_arabic, search

FILLER = "وقال المتحدث إن الاجتماع بحث الأوضاع في المنطقة."
ARTICLES = [
    # Faisal bin Salman: فيصل in many articles, the name in few (below COHESION without بن)
    ("f1", "الأمير فيصل بن سلمان يزور المدينة", "استقبل أمير المدينة الأمير فيصل بن سلمان الوفد."),
    ("f2", "فيصل بن سلمان يدشن مشروعا", "دشن الأمير فيصل بن سلمان مشروعا في المدينة."),
    *[(f"fx{i}", f"فيصل يسجل هدفا {i}", f"سجل اللاعب فيصل هدفا وقال سلمان المدرب {FILLER}") for i in range(3)],
    *[(f"fy{i}", f"فيصل في الملعب {i}", f"لعب فيصل مباراة جيدة. {FILLER}") for i in range(60)],
    # Mutaib bin Abdullah: متعب, with a ع Latin does not write
    ("m1", "الأمير متعب بن عبدالله يرعى الحفل", "رعى وزير الحرس الوطني الأمير متعب بن عبدالله الحفل."),
    ("m2", "متعب بن عبدالله يستقبل", "استقبل الأمير متعب بن عبدالله قادة الحرس."),
    ("m3", "عبدالله يفوز", "فاز عبدالله بالسباق في الرياض."),
    # Ali al-Naimi: علي is a stopword, النعيمي the name
    ("o1", "النعيمي: أسعار النفط", "قال وزير البترول علي النعيمي إن أسعار النفط ستتحسن."),
    ("o2", "علي النعيمي في فيينا", "وصل علي النعيمي إلى فيينا لحضور اجتماع أوبك."),
    # Abdel Fattah el-Sisi, fused and apart
    ("s1", "عبدالفتاح السيسي يستقبل", "استقبل الرئيس عبدالفتاح السيسي وزير الخارجية."),
    ("s2", "عبد الفتاح السيسي في الرياض", "وصل الرئيس عبد الفتاح السيسي إلى الرياض."),
    # Sheikh Tamim: تميم, and تعميم (a circular) that only the loose pattern fits
    ("k1", "الشيخ تميم يستقبل", "استقبل أمير قطر الشيخ تميم الضيوف."),
    ("k2", "الشيخ تميم في الرياض", "وصل الشيخ تميم إلى الرياض."),
    ("k3", "تعميم للمدارس", "وجه الشيخ تعميم الوزارة إلى المدارس."),
    # terms: the words meet as a phrase, and apart
    ("t1", "القطاع الخاص يوظف", "وظف القطاع الخاص آلاف الشباب هذا العام."),
    ("t2", "دعم القطاع الخاص", "أعلنت الحكومة دعم القطاع الخاص بمبادرات جديدة."),
    ("t3", "القطاع الصحي", "القطاع الصحي يحتاج إلى أطباء، قال مدير خاص للصحيفة."),
    ("t4", "وظائف القطاع الخاص", "نمت وظائف القطاع الخاص في الربع الثاني."),
    ("w1", "وزارة الشؤون الإسلامية تنظم", "نظمت وزارة الشؤون الإسلامية دورة للأئمة."),
    ("w2", "وزارة الشؤون الإسلامية والدعوة", "قالت وزارة الشؤون الإسلامية إن المساجد جاهزة."),
    ("w4", "وزارة الشؤون الإسلامية: خطبة الجمعة", "حددت وزارة الشؤون الإسلامية موضوع خطبة الجمعة."),
    ("w3", "وزارة الصحة والشؤون", "قالت وزارة الصحة إن الشؤون الإسلامية ليست من اختصاصها."),
    # round 3: a term whose Arabic order is neither the typed nor the turned one, and one of
    # whose words (Rural: ريفي) no sense of which the phrase holds (القروية)
    *[(f"b{i}", f"وزارة الشؤون البلدية والقروية {i}", f"أعلنت وزارة الشؤون البلدية والقروية خطة للطرق {i}.")
      for i in range(1, 4)],
    ("b4", "الشؤون البلدية", "ناقش المجلس الشؤون البلدية في وزارة أخرى."),
    # a nisba: Yemeni is اليمن's adjective, after its noun
    *[(f"y{i}", f"الحكومة اليمنية تعلن {i}", f"قالت الحكومة اليمنية إنها ستعود إلى عدن {i}.") for i in range(1, 4)],
    ("y4", "اليمنيين والحكومة", "طالب اليمنيين كثيرا الحكومة بدفع الرواتب."),
    # a term and a chance name of the same words: الرئيس اليمني, and "اليمني رئيس" once
    *[(f"p{i}", f"الرئيس اليمني يصل {i}", f"وصل الرئيس اليمني إلى الرياض {i}.") for i in range(1, 4)],
    ("p4", "وفد", "قال المسؤول اليمني رئيس الوفد إن المحادثات مستمرة."),
    # v written و (Javad جواد)
    ("j1", "محمد جواد ظريف في فيينا", "وصل وزير الخارجية الإيراني محمد جواد ظريف إلى فيينا."),
    ("j2", "ظريف يلتقي كيري", "التقى محمد جواد ظريف نظيره الأمريكي."),
]


terms_src, terms_index, terms_opensearch, terms_searcher = corpus_fixtures("terms", jsonl_writer("terms", ARTICLES))


# -- names
def test_a_particle_holds_a_name_of_common_words_together(terms_searcher):
    assert same_as_arabic(terms_searcher, "Faisal bin Salman", "فيصل بن سلمان") == {"f1", "f2"}


def test_latin_drops_the_ain(terms_searcher):
    assert same_as_arabic(terms_searcher, "Mutaib bin Abdullah", "متعب بن عبدالله") == {"m1", "m2"}


def test_a_stopword_spelling_is_written_in_the_name(terms_searcher):
    res = search(terms_searcher, "Ali al-Naimi")
    assert ids(res) == {"o1", "o2"}
    assert [t.terms for t in res.translations] == [["علي النعيمي"]]


def test_abd_is_searched_fused_and_apart(terms_searcher):
    res = search(terms_searcher, "Abdel Fattah el-Sisi")
    assert ids(res) == {"s1", "s2"}
    assert set(res.translations[0].terms) == {"عبدالفتاح السيسي", "عبد الفتاح السيسي"}


def test_a_loose_spelling_never_follows_the_best(terms_searcher):
    res = search(terms_searcher, "Sheikh Tamim")
    assert [t.terms for t in res.translations] == [["الشيخ تميم"]]
    assert ids(res) == {"k1", "k2"}


def test_loose_transliteration_fits_ain_and_doubled_letters():
    for latin, arabic in [("Mutaib", "متعب"), ("al-Naimi", "النعيمي"), ("Ismail", "إسماعيل"),
                          ("Nasrallah", "نصرالله"), ("Isa", "عيسى"), ("Hollande", "هولاند")]:
        assert transliterate.to_arabic(latin, loose=True).matches(normalize(arabic)), latin
    strict = transliterate.to_arabic("Mutaib")
    assert not strict.matches("متعب")      # single words keep the strict pattern
    assert transliterate.to_arabic("Isa") is None


def test_allah_is_also_written_apart():
    assert names._allah_apart(("نصرالله",)) == [("نصر", "الله")]
    assert names._allah_apart(("الله",)) == []


# -- terms
def test_a_term_turns_its_modifier_after_the_head(terms_searcher):
    res = search(terms_searcher, "Private Sector")
    assert ids(res) == {"t1", "t2", "t4"}      # not t3, where خاص and القطاع meet apart
    assert res.translations[0].phrases and res.translations[0].source == "Private Sector"


def test_a_term_with_of(terms_searcher):
    assert ids(search(terms_searcher, "Ministry of Islamic Affairs")) == {"w1", "w2", "w4"}


def test_a_term_inside_a_larger_query(terms_searcher):
    assert ids(search(terms_searcher, "Ministry of Islamic Affairs sermon")) == {"w4"}


def test_words_that_meet_by_chance_are_not_a_term():
    class Index:
        def term_documents(self, stems):
            return {s: 1000 for s in stems}, 5000

        def phrase_counts(self, phrases, stems=False):
            return {p: 5 for p in phrases}      # 5 of 1,000: below COHESION
    assert terms.match(["Saudi", "Foreign"], Index()) is None


def test_stem_phrase_counts_agree_on_both_engines(terms_searcher):
    counts = terms_searcher.phrase_counts([("قطاع", "خاص"), ("خاص", "قطاع")], stems=True)
    assert counts == {("قطاع", "خاص"): 3, ("خاص", "قطاع"): 0}


def test_reviewed_table_entries_for_full_names_and_terms():
    from corpus.translate import lexicon
    assert lexicon.phrase(("Haider", "al-Abadi")) == (("حيدر", "العبادي"),)
    assert lexicon.phrase(("Nouri", "al-Maliki")) == (("نوري", "المالكي"),)
    assert lexicon.phrase(("Eid", "al-Adha")) == (("عيد", "الأضحى"),)
    assert ("عيد", "الفطر") not in lexicon.translations("Eid")      # Eid alone is any Eid
    assert lexicon.phrase(("Holy", "Makkah")) == (("مكة", "المكرمة"),)
    assert lexicon.phrase(("Middle", "East")) == (("الشرق", "الأوسط"),)


def test_a_term_of_table_units_and_hyphenated_words():
    """Units: a table entry (National Team: المنتخب) and al-words (Al-Aqsa) take part."""
    class Index:
        def term_documents(self, stems):
            return {s: 100 for s in stems}, 5000

        def phrase_counts(self, phrases, stems=False):
            wanted = {terms._stems(("المنتخب", "السعودي")), terms._stems(("المسجد", "الأقصى"))}
            return {p: 50 if p in wanted else 0 for p in phrases}

    def unit(words):
        from corpus.translate import lexicon
        for n in (3, 2):
            if len(words) >= n and lexicon.phrase(tuple(words[:n])):
                return lexicon.phrase(tuple(words[:n])), n
        return (), 0
    found = terms.match(["Saudi", "National", "Team"], Index(), unit)
    assert found.words == 3 and terms._stems(found.spellings[0]) == terms._stems(("المنتخب", "السعودي"))
    found = terms.match(["Al-Aqsa", "Mosque"], Index(), unit)
    assert found.words == 2 and terms._stems(found.spellings[0]) == terms._stems(("المسجد", "الأقصى"))


# -- round 3: terms by any order, nisba, senses only a phrase may choose, v as و
def test_a_term_in_arabic_order_without_a_word_it_lacks_says_so(terms_searcher, monkeypatch):
    """Ministry of Municipal and Rural Affairs: وزارة الشؤون البلدية (the head of "Municipal
    and Rural Affairs" first), without Rural, when its only sense is ريفي (not in the phrase;
    the news senses, which know القروية, left out): searched without it, with a notice,
    never a silent zero."""
    from corpus.translate import lexicon
    monkeypatch.setattr(lexicon, "news_senses", lambda word: ())
    res = search(terms_searcher, "Ministry of Municipal and Rural Affairs")
    assert ids(res) == {"b1", "b2", "b3"}
    assert [n.params for n in res.notices if getattr(n, "code", "") == "term_without"] == \
        [{"term": "Ministry of Municipal and Rural Affairs", "words": "Rural"}]


def test_a_nisba_adjective_follows_its_noun(terms_searcher):
    from corpus.translate import lexicon
    assert lexicon.nisba("Yemeni") == (("اليمني",),) and lexicon.nisba("Government") == ()
    res = search(terms_searcher, "Yemeni Government")
    assert ids(res) == {"y1", "y2", "y3"}          # not y4, where the words meet apart


def test_v_is_written_waw_in_names(terms_searcher):
    assert transliterate.to_arabic("Javad").matches("جواد")
    assert transliterate.to_arabic("Vladimir").matches("فلاديمير")
    assert same_as_arabic(terms_searcher, "Mohammad Javad Zarif", "محمد جواد ظريف") == {"j1", "j2"}


def test_senses_that_only_a_phrase_may_choose():
    """Information's sense الإعلام is a candidate in a term (وزارة الثقافة والإعلام), never a
    translation of the word alone."""
    from corpus.translate import lexicon
    assert ("الإعلام",) in lexicon.term_senses("Information")
    assert ("الإعلام",) not in lexicon.translations("Information")
    assert lexicon.term_senses("bin") == ()


def test_any_order_keeps_the_phrase_the_index_holds():
    class Index:
        def term_documents(self, stems):
            return {s: 100 for s in stems}, 5000

        def phrase_counts(self, phrases, stems=False):
            held = terms._stems(("وزارة", "الشؤون", "البلدية", "القروية"))
            return {p: 40 if held[:len(p)] == p else 0 for p in phrases}
    senses = {"Ministry": [("وزارة",)], "Municipal": [("البلدية",)], "Rural": [("القروية",)],
              "Affairs": [("الشؤون",)]}
    import corpus.translate.terms as t
    old = t._senses
    t._senses = lambda w, spell, wide=False: senses.get(w, [])
    try:
        found = terms.match("Ministry of Municipal and Rural Affairs".split(), Index())
    finally:
        t._senses = old
    assert found.words == 6 and found.left is None
    assert terms._stems(found.spellings[0]) == terms._stems(("وزارة", "الشؤون", "البلدية", "القروية"))


def test_a_table_entry_of_five_words_is_one_phrase():
    from corpus import querylang as ql
    from corpus.translate import lexicon, translate
    assert lexicon.MAX_PHRASE >= 5
    done = translate(ql.parse("Ministry of Culture and Information").tree)
    assert done.translations[0].phrases == ["وزارة الثقافة والإعلام"]


def test_a_translation_of_several_words_is_kept_only_as_a_phrase_the_index_holds():
    """Its words each in the index is not enough: rewrite.occurring counts the phrase."""
    from corpus import querylang as ql
    from corpus.translate import translate

    class Index:
        def word_counts(self, words):
            return {w: 10 for w in words}

        def phrase_counts(self, phrases, stems=False):
            return {p: 0 for p in phrases}

        def term_documents(self, stems):
            return {s: 10 for s in stems}, 100

        def words_matching(self, pattern, limit, budget=None):
            return []
    done = translate(ql.parse("prime minister").tree, index=Index())
    assert not any(t.phrases for t in done.translations)


def test_cohesion_is_asked_of_the_whole_term_not_its_parts():
    """وزارة الاقتصاد (51 of الاقتصاد's 3,435: below COHESION) is on the way to وزارة
    الاقتصاد والتخطيط (34 of 51)."""
    class Index:
        def term_documents(self, stems):
            return {"وزار": 4765, "اقتصاد": 3435, "تخطيط": 707}, 31000

        def phrase_counts(self, phrases, stems=False):
            held = {("وزار", "اقتصاد"): 51, ("وزار", "اقتصاد", "تخطيط"): 34}
            return {p: held.get(p, 0) for p in phrases}
    import corpus.translate.terms as t
    senses = {"Ministry": [("وزارة",)], "Economy": [("الاقتصاد",)], "Planning": [("التخطيط",)]}
    old, t._senses = t._senses, lambda w, spell, wide=False: senses.get(w, [])
    try:
        found = terms.match("Ministry of Economy and Planning".split(), Index())
    finally:
        t._senses = old
    assert found.words == 5 and found.spellings == [("وزارة", "الاقتصاد", "التخطيط")]


def test_no_silent_zero_when_translated_parts_never_meet(terms_searcher):
    """sector (القطاع) and ministry (وزارة) each occur, never together: the query is searched
    without requiring the last, which still ranks, and says so."""
    res = search(terms_searcher, "sector ministry")
    assert ids(res) == {"t1", "t2", "t3", "t4"}
    assert [n.params for n in res.notices if getattr(n, "code", "") == "translated_optional"] == \
        [{"words": "ministry"}]
    both = search(terms_searcher, "sector private")        # they meet: nothing left out
    assert both.total and not any(getattr(n, "code", "") == "translated_optional" for n in both.notices)


def test_a_count_the_query_length_refuses_leaves_the_query_as_it_is(terms_searcher):
    """The check writes the translated query back as text to count it: longer than a query
    may be (the translations added), it is not asked, and the search still answers."""
    q = " ".join(["sector ministry"] * 31)          # 495 characters, 975 translated
    res = search(terms_searcher, q)
    assert res.total == 0
    assert not any(getattr(n, "code", "") == "translated_optional" for n in res.notices)


def test_a_term_beats_a_chance_name_of_the_same_words(terms_searcher):
    res = search(terms_searcher, "Yemeni President")
    assert ids(res) == {"p1", "p2", "p3"}      # not p4: "اليمني رئيس" met by chance


def test_only_a_word_joined_by_and_is_left_out():
    """Ministry of Higher Education: Higher is no coordinated word; leaving it out would
    count every وزارة التعليم."""
    class Index:
        def term_documents(self, stems):
            return {s: 1000 for s in stems}, 31000

        def phrase_counts(self, phrases, stems=False):
            held = terms._stems(("وزارة", "الشؤون", "البلدية"))
            return {p: 200 if held[:len(p)] == p else 0 for p in phrases}
    import corpus.translate.terms as t
    senses = {"Ministry": [("وزارة",)], "Municipal": [("البلدية",)], "Rural": [("ريفي",)],
              "Affairs": [("الشؤون",)], "Higher": [("أعلى",)]}
    old, t._senses = t._senses, lambda w, spell, wide=False: senses.get(w, [])
    try:
        found = terms.match("Ministry of Municipal and Rural Affairs".split(), Index())
        assert found.left == "Rural" and found.words == 6
        assert terms.match("Ministry of Municipal Higher Affairs".split(), Index()) is None
    finally:
        t._senses = old


def test_frequent_words_hold_together_by_association():
    """Of two frequent words, a phrase well above what chance would share holds (الجامعة
    الإسلامية: 40 where 282 documents would hold both), one near chance does not (9 where
    222 would), though both are under COHESION of the rarer word."""
    def index(docs, counts):
        class Index:
            def term_documents(self, stems):
                return {s: docs.get(s, 0) for s in stems}, 31030

            def phrase_counts(self, phrases, stems=False):
                return {p: counts.get(p, 0) for p in phrases}
        return Index()
    import corpus.translate.terms as t
    senses = {"Islamic": [("الإسلامية",)], "University": [("الجامعة",)], "Saudi": [("السعودية",)],
              "Foreign": [("الأجانب",)]}
    old, t._senses = t._senses, lambda w, spell, wide=False: senses.get(w, [])
    try:
        held = index({"جامع": 2851, "اسلام": 3071}, {("جامع", "اسلام"): 40})
        assert terms.match(["Islamic", "University"], held).docs == [40]
        chance = index({"سعود": 8878, "اجانب": 777}, {("سعود", "اجانب"): 9, ("اجانب", "سعود"): 9})
        assert terms.match(["Saudi", "Foreign"], chance) is None
    finally:
        t._senses = old
