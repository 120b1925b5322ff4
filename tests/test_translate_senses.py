"""Issue 19, round 4: news-register senses inside terms (Arab Countries: الدول العربية, not
البلدان), name particles Umm and Al (the family: آل الشيخ), Abdul- fused with the name that
follows (Abdullatif: عبداللطيف), an apostrophe as ع (Sa'dah: صعدة), on both engines (the
`senses_searcher` fixture)."""
from __future__ import annotations

from corpus.analysis.normalize import normalize
from corpus.translate import lexicon, transliterate
from conftest import corpus_fixtures   # not tests.conftest: another RUN, indexes never dropped
from translated_counts import jsonl_writer, same_as_arabic

FILLER = "وقال المتحدث إن الاجتماع بحث الأوضاع في المنطقة."
ARTICLES = [
    # الدول العربية: الدول (countries) in news, البلدان (FreeDict's) rarely
    *[(f"d{i}", f"وزراء الدول العربية {i}", f"اجتمع وزراء خارجية الدول العربية في القاهرة {i}.") for i in range(1, 4)],
    ("d4", "البلدان", "قال إن البلدان العربية تعاني، وإن الدول الكبرى غائبة."),
    *[(f"dx{i}", f"الدول الكبرى {i}", f"تحدثت الدول عن الأزمة. {FILLER}") for i in range(5)],
    # وكالة الأنباء السعودية: Press is الصحافة alone, الأنباء in the agency's name
    *[(f"a{i}", f"وكالة الأنباء السعودية {i}", f"ذكرت وكالة الأنباء السعودية أن الملك استقبل الوفد {i}.")
      for i in range(1, 4)],
    ("a4", "الصحافة", "قالت الصحافة السعودية إن الوكالة لم تعلق."),
    # جامعة أم القرى: أم is a stopword to the index, القرى the name's word
    *[(f"u{i}", f"جامعة أم القرى {i}", f"أعلنت جامعة أم القرى في مكة قبول الطلاب {i}.") for i in range(1, 4)],
    ("u4", "القرى والهجر", "زار الوفد القرى والهجر المحيطة بالجامعة الإسلامية."),
    *[(f"ux{i}", f"الكرة {i}", f"فاز الفريق في الكرة الطائرة {i}. {FILLER}") for i in range(6)],
    # عبدالعزيز آل الشيخ: Al is the family (آل), not the article
    ("s1", "المفتي عبدالعزيز آل الشيخ", "قال المفتي العام الشيخ عبدالعزيز آل الشيخ إن الحج ركن."),
    ("s2", "عبدالعزيز آل الشيخ يحذر", "حذر سماحة الشيخ عبدالعزيز آل الشيخ من الشائعات."),
    ("s3", "الشيخ عبدالعزيز", "التقى الشيخ عبدالعزيز الطلاب في الجامعة."),
    # عبداللطيف الزياني: Abdullatif fused, written fused
    ("z1", "عبداللطيف الزياني في الرياض", "وصل الأمين العام عبداللطيف الزياني إلى الرياض."),
    ("z2", "الزياني: القمة ناجحة", "قال عبداللطيف الزياني إن القمة ناجحة."),
    ("z3", "الزياني", "قال مسؤول آخر يدعى الزياني إن الطقس حار."),
    # round 5: صامطة (Samtah, a town the gazetteer knows), and صامته, a word its letters fit
    ("g1", "أمطار على صامطة", "هطلت أمطار على محافظة صامطة في جازان."),
    ("g2", "صامطة تستقبل", "استقبلت صامطة الزوار."),
    *[(f"gx{i}", f"الأغلبية الصامتة {i}", f"وقف صامتة أمام الجمهور {i}. {FILLER}") for i in range(4)],
    # حقوق المرأة: Women's Rights, a possessive; المرأة ... حقوق apart
    *[(f"r{i}", f"حقوق المرأة {i}", f"ناقش المجلس حقوق المرأة في العمل {i}.") for i in range(1, 4)],
    *[(f"rx{i}", f"المرأة {i}", f"قالت المرأة إن حقوق الجيران مهمة {i}. {FILLER}") for i in range(3)],
]


senses_src, senses_index, senses_opensearch, senses_searcher = corpus_fixtures("senses", jsonl_writer("senses", ARTICLES))


# -- news-register senses
def test_a_news_sense_is_a_candidate_in_a_term_only():
    assert ("الدول",) in lexicon.news_senses("Countries")
    assert ("الدول",) not in lexicon.translations("Countries")     # alone: the dictionary's
    assert lexicon.news_senses("bin") == () and lexicon.news_senses("الدول") == ()


def test_a_term_takes_the_news_sense_the_index_holds(senses_searcher):
    assert same_as_arabic(senses_searcher, "Arab Countries", "الدول العربية") == {"d1", "d2", "d3"}
    assert same_as_arabic(senses_searcher, "Saudi Press Agency", "وكالة الأنباء السعودية") == \
        {"a1", "a2", "a3"}


# -- name particles
def test_umm_is_a_particle_and_its_name_a_term_unit(senses_searcher):
    """Umm Al-Qura: أم is no word to the index, so the name's one word has no phrase to
    prove it; the term جامعة أم القرى chooses (القرى, not الكرة, the more frequent fit)."""
    assert lexicon.is_particle("Umm") and lexicon.translations("Umm") == ()
    assert same_as_arabic(senses_searcher, "Umm Al-Qura University", "جامعة أم القرى") == {"u1", "u2", "u3"}


def test_al_may_be_the_family(senses_searcher):
    assert same_as_arabic(senses_searcher, "Abdulaziz Al-Sheikh", "عبدالعزيز آل الشيخ") == {"s1", "s2"}


def test_abdul_fused_with_the_name(senses_searcher):
    assert same_as_arabic(senses_searcher, "Abdullatif al-Zayani", "عبداللطيف الزياني") == {"z1", "z2"}


# -- transliteration
def test_an_apostrophe_may_be_an_ain_and_al_asks_for_the_article():
    assert transliterate.to_arabic("Sa'dah").matches(normalize("صعدة"))
    assert transliterate.to_arabic("al-Qura").matches(normalize("القرى"))
    assert not transliterate.to_arabic("al-Dakhil").matches("داخل")     # al-: the article written
    assert transliterate.to_arabic("Dakhil").matches("داخل")


def test_ou_may_be_short_in_a_loose_pattern():
    assert transliterate.to_arabic("Shoukry", loose=True).matches("شكري")
    assert not transliterate.to_arabic("Shoukry").matches("شكري")


# -- terms: "of"/"for" a body serves, written with ل attached
def test_a_unit_after_of_may_take_an_attached_lam(monkeypatch):
    """General Presidency of Youth Welfare: الرئاسة العامة لرعاية الشباب, where the stemmer
    keeps the ل (لرعاية: لرع, الرعاية: رع)."""
    from corpus.translate import terms
    held = terms._stems(("الرئاسة", "العامة", "لرعاية", "الشباب"))

    class Index:
        def term_documents(self, stems):
            return {s: 500 for s in stems}, 31030

        def phrase_counts(self, phrases, stems=False):
            return {p: 180 if held[:len(p)] == p else 0 for p in phrases}
    senses = {"General": [("العامة",)], "Presidency": [("الرئاسة",)], "Youth": [("الشباب",)],
              "Welfare": [("الرعاية",)]}
    monkeypatch.setattr(terms, "_senses", lambda w, spell, wide=False: senses.get(w, []))
    found = terms.match("General Presidency of Youth Welfare".split(), Index())
    assert found.words == 5 and found.spellings == [("الرئاسة", "العامة", "لرعاية", "الشباب")]
    assert terms._attached(("الرعاية",)) == [("لرعاية",), ("للرعاية",)]


def test_a_transliteration_never_crowds_out_the_translations():
    """Truce (capitalised) fits التركي, تركي ... in more documents than هدنة: they are tried
    beside its translations, and the term is the one the index holds (الهدنة الإنسانية)."""
    from corpus.translate import terms
    held = terms._stems(("هدنة", "الإنسانية"))

    class Index:
        def term_documents(self, stems):
            return {s: 300 if s in held else 5000 for s in stems}, 31030

        def phrase_counts(self, phrases, stems=False):
            return {p: 111 if p == held else 0 for p in phrases}
    spell = {"Truce": ["التركي", "تركي", "التركيه", "تركيين", "تركيا"]}
    found = terms.match(["Humanitarian", "Truce"], Index(), spell=lambda w: spell.get(w, []))
    assert found and terms._stems(found.spellings[0]) == held


def test_a_spelling_the_table_gives_another_word_is_not_this_ones():
    assert lexicon.table_means_else("Truce", "تركيا")
    assert not lexicon.table_means_else("Turkey", "تركيا")
    assert not lexicon.table_means_else("Al-Sheikh", "الشيخ")       # the article typed
    assert not lexicon.table_means_else("Nourah", "نوره")             # no table entry
    assert not lexicon.table_means_else("Cheikh", "الشيخ")            # a name: no translations


# -- round 5: places by the gazetteer, hamza seats, possessives, compounds, candidates
def test_a_place_the_gazetteer_knows_is_its_arabic_name(senses_searcher):
    """Samtah: صامطة, the town of the gazetteer (corpus/metadata), not صامتة "silent" that
    its letters fit as well; Al-Rass: the gazetteer's Ar Rass."""
    assert lexicon.places("Samtah") == (("صامطة",),)
    assert lexicon.places("Al-Rass") == (("الرس",),)
    assert lexicon.places("Security") == ()                 # a word the dictionary knows
    assert same_as_arabic(senses_searcher, "Samtah", "صامطة") == {"g1", "g2"}


def test_another_places_own_name_is_not_a_transliteration():
    assert lexicon.place_spelled("Al-Namas", "النمسا") is False     # Austria's
    assert lexicon.place_spelled("Al-Namas", "النماص") is True      # An Nimas
    assert lexicon.place_spelled("Soleimani", "سليماني") is None    # a spelling, not the name
    assert lexicon.place_spelled("Fuad", "فؤاد") is None


def test_a_vowel_may_be_a_hamza_seat_in_a_loose_pattern():
    assert transliterate.to_arabic("Fuad", loose=True).matches("فؤاد")
    assert transliterate.to_arabic("Raed", loose=True).matches("رائد")
    assert not transliterate.to_arabic("Fuad").matches("فؤاد")


def test_a_possessive_is_the_construct_turned(senses_searcher):
    assert lexicon.without_possessive("Women's") == "Women"
    assert lexicon.without_possessive("Ministers'") == "Ministers"
    assert same_as_arabic(senses_searcher, "Women's Rights", "حقوق المرأة") == {"r1", "r2", "r3"}


def test_a_hyphenated_word_no_table_knows_is_its_words():
    from corpus.translate import terms
    assert terms._compound("Anti-Corruption") == ["Anti", "Corruption"]
    assert terms._compound("al-Qatif") == ["al-Qatif"] and terms._compound("Two-State") == ["Two-State"]


def test_one_spelling_per_stem_among_a_units_candidates(monkeypatch):
    """Foreign: أجنبي, الأجنبي, الأجنبية (one stem) and الخارجية were four candidates, and
    الأجانب, of المقاتلين الأجانب, the fifth: cut by CANDIDATES."""
    from corpus.translate import terms
    held = terms._stems(("المقاتلين", "الأجانب"))

    class Index:
        def term_documents(self, stems):
            return {s: 900 for s in stems}, 31030

        def phrase_counts(self, phrases, stems=False):
            return {p: 68 if p == held else 0 for p in phrases}
    senses = {"Foreign": [("أجنبي",), ("الأجنبي",), ("الأجنبية",), ("الخارجية",), ("الأجانب",)],
              "Fighters": [("المقاتلين",)]}
    monkeypatch.setattr(terms, "_senses", lambda w, spell, wide=False: senses.get(w, []))
    found = terms.match(["Foreign", "Fighters"], Index())
    assert found and terms._stems(found.spellings[0]) == held


def test_one_abd_fused_rule_for_names_and_patterns():
    from corpus.translate import names
    assert transliterate.abd_fused("Abdullatif") == ("latif", True)
    assert transliterate.abd_fused("Abdrabbuh") == ("rabbuh", False)
    assert transliterate.abd_fused("Abdul-Latif") == ("latif", True)
    assert transliterate.abd_fused("Abdi") is None
    assert names._abd_fused("Abdullatif") == "Latif"
    assert names._abd_fused("Abdulaziz") is None          # the table's whole word


def test_titles_of_the_region_in_the_table():
    assert lexicon.phrase(("Deputy", "Crown", "Prince")) == (("ولي", "ولي", "العهد"),)
