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
