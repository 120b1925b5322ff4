"""The analyzer, Lucene style: one rule, one test; tables of (input, expected).

normalize (one table entry each) -> stopwords (one word class each) -> stem (each prefix,
suffix and proclitic of the Arabic light stemmer, and its minimum lengths; Snowball English)
-> CorpusAnalyzer (tokens, offsets, positions, the prefix-query path, pickling), and the
equivalences issue #1 asked for.
"""
from __future__ import annotations

import pickle

import pytest
from whoosh import fields, qparser
from whoosh.filedb.filestore import RamStorage

from corpus.analysis import CorpusAnalyzer, analyze_word, terms
from corpus.analysis.analyzer import TOKEN, analyze_prefix, is_arabic
from corpus.analysis.normalize import normalize
from corpus.analysis.stem import (PREFIXES, PROCLITICS, SUFFIXES, arabic_light_stem, english_stem,
                                  strip_arabic_prefix)
from corpus.analysis.stopwords import ARABIC_CLASSES, ARABIC_STOPWORDS, ENGLISH_STOPWORDS


def stem(word: str) -> str:
    return analyze_word(word)[1]


def exact(word: str) -> str:
    return analyze_word(word)[0]


def is_stop(word: str) -> bool:
    return analyze_word(word)[2]


def tokens(text: str, form: str = "stem", **kw) -> list:
    """Snapshots of the tokens (the analyzer reuses one Token object, as Whoosh's do)."""
    return [t.copy() for t in CorpusAnalyzer(form)(text, **kw)]


# -- normalize: each rule --------------------------------------------------------------------

TASHKEEL = [
    ("fatha", "\u064e"), ("damma", "\u064f"), ("kasra", "\u0650"),
    ("fathatan", "\u064b"), ("dammatan", "\u064c"), ("kasratan", "\u064d"),
    ("shadda", "\u0651"), ("sukun", "\u0652"), ("superscript alef", "\u0670"),
    ("maddah above", "\u0653"), ("hamza above", "\u0654"), ("hamza below", "\u0655"),
    ("Quranic small high ligature", "\u06d6"), ("Quranic sign sallallahou", "\u0610"),
]


@pytest.mark.parametrize("name,mark", TASHKEEL, ids=[n for n, _ in TASHKEEL])
def test_each_tashkeel_mark_is_deleted(name, mark):
    assert normalize(f"ك{mark}تب") == "كتب"
    assert normalize(f"كتب{mark}") == "كتب"


def test_fully_vocalised_word():
    assert normalize("الْجَيْشُ") == "الجيش"
    assert normalize("مُدَرِّسَةٌ") == "مدرسه"


@pytest.mark.parametrize("word,expected", [
    ("جـيش", "جيش"), ("جـــــيش", "جيش"), ("الـجيش", "الجيش"), ("ـجيشـ", "جيش"),
])
def test_tatweel_is_deleted(word, expected):
    assert normalize(word) == expected


INVISIBLE = [("zero-width non-joiner", "\u200c"), ("zero-width joiner", "\u200d"),
             ("left-to-right mark", "\u200e"), ("right-to-left mark", "\u200f"),
             ("soft hyphen", "\u00ad"), ("byte order mark", "\ufeff")]


@pytest.mark.parametrize("name,char", INVISIBLE, ids=[n for n, _ in INVISIBLE])
def test_invisible_format_characters_are_deleted(name, char):
    assert normalize(f"جي{char}ش") == "جيش"


@pytest.mark.parametrize("word,expected", [
    ("أحمد", "احمد"),      # alef with hamza above
    ("إسلام", "اسلام"),    # alef with hamza below
    ("آمن", "امن"),        # alef with madda
    ("ٱلله", "الله"),      # alef wasla
])
def test_each_alef_form_becomes_bare_alef(word, expected):
    assert normalize(word) == expected


@pytest.mark.parametrize("word,expected", [("مستشفى", "مستشفي"), ("على", "علي"), ("ى", "ي")])
def test_alef_maksura_becomes_yeh(word, expected):
    assert normalize(word) == expected


@pytest.mark.parametrize("word,expected", [("مدرسة", "مدرسه"), ("ة", "ه")])
def test_teh_marbuta_becomes_heh(word, expected):
    assert normalize(word) == expected


@pytest.mark.parametrize("digits,expected", [
    ("٠١٢٣٤٥٦٧٨٩", "0123456789"),    # Arabic-Indic
    ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),    # Persian (Extended Arabic-Indic)
    ("٢٠١٩", "2019"), ("۲۰۱۹", "2019"), ("2019", "2019"),
])
def test_digits_become_ascii(digits, expected):
    assert normalize(digits) == expected


@pytest.mark.parametrize("word,expected", [
    ("کتاب", "كتاب"),      # keheh (Persian/Kurdish kaf) -> kaf
    ("ڪتاب", "كتاب"),      # swash kaf -> kaf
    ("علی", "علي"),        # Farsi yeh -> yeh
    ("مدرسە", "مدرسه"),    # Kurdish ae -> heh
    ("ھاتف", "هاتف"),      # heh doachashmee -> heh
    ("ۀ", "ه"), ("ہ", "ه"),  # heh with yeh above, heh goal
])
def test_persian_and_kurdish_letters_become_arabic(word, expected):
    assert normalize(word) == expected


@pytest.mark.parametrize("text,expected", [
    ("ﺍﻟﺠﻴﺶ", "الجيش"),   # presentation forms B (isolated/initial/medial/final)
    ("ﻻ", "لا"),           # lam-alef ligature
    ("ﻷ", "لا"),           # lam-alef with hamza: NFKC, then the alef rule
    ("ﷲ", "الله"),         # presentation forms A ligature
    ("ＡＢＣ", "abc"),      # full-width Latin, then lowercase
])
def test_nfkc_folds_presentation_forms_and_ligatures(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("word,expected", [("Peshmerga", "peshmerga"), ("ARMY", "army")])
def test_latin_is_lowercased(word, expected):
    assert normalize(word) == expected


@pytest.mark.parametrize("word,expected", [("Peshmerga’s", "peshmerga's"), ("Peshmerga‘s", "peshmerga's")])
def test_typographic_apostrophes_become_ascii(word, expected):
    assert normalize(word) == expected


# -- stopwords: each class -------------------------------------------------------------------

ARABIC_STOP_TABLE = {
    "prepositions": "من إلى الى عن على في فى مع بين حتى منذ عند لدى خلال ضد نحو دون حول عبر بعد قبل تحت فوق أمام",
    "prepositions+pronoun": "عليه عليها عليهم إليه منه منها فيه فيها به بها له لها عنه معه لديه",
    "question words": "من ما ماذا متى أين كيف هل لماذا كم أي أية بماذا لمن ممن",
    "pronouns": "هو هي هم هن هما أنت أنتم نحن أنا",
    "demonstratives": "هذا هذه هذان هؤلاء ذلك تلك أولئك هنا هناك",
    "relatives": "الذي التي الذين اللذان اللتان اللواتي",
    "conjunctions and particles": "لكن بل أو أم ثم كما أيضا إن أن لو لولا لم لن لا قد لقد لأن حيث بينما عندما إذا",
    "auxiliaries": "كان كانت كانوا يكون تكون ليس ليست تم يتم تمت",
    "quantifiers": "كل بعض غير سوى مثل",
    "with conjunction": "ولا وما ومن وفي وعلى وهو وهي وقد وكان ولم وأن وإن وذلك وهذا فإن فقد",
}


def test_every_stopword_class_is_tested():
    assert set(ARABIC_STOP_TABLE) == set(ARABIC_CLASSES)


@pytest.mark.parametrize("cls", list(ARABIC_STOP_TABLE))
def test_each_arabic_stopword_class(cls):
    missed = [w for w in ARABIC_STOP_TABLE[cls].split() if not is_stop(w)]
    assert not missed, f"{cls}: not stopwords: {missed}"


@pytest.mark.parametrize("word", "من ما ماذا متى أين كيف هل لماذا كم".split())
def test_each_question_word_is_a_stopword(word):
    assert is_stop(word)
    assert word not in terms(f"{word} الجيش") and terms(f"{word} الجيش") == ["جيش"]


@pytest.mark.parametrize("word", ["مَتَى", "إِلَى", "أيـن", "الى", "متي"])
def test_stopwords_are_matched_after_normalisation(word):
    assert is_stop(word)


@pytest.mark.parametrize("word", ["الجيش", "جيش", "عام", "عدد", "اسم", "أربيل", "البيشمركة"])
def test_arabic_content_words_are_not_stopwords(word):
    assert not is_stop(word)


def test_arabic_stopword_set_is_normalised():
    assert all(w == normalize(w) for w in ARABIC_STOPWORDS)
    assert "الي" in ARABIC_STOPWORDS and "إلى" not in ARABIC_STOPWORDS


@pytest.mark.parametrize("word", [
    "the", "a", "of", "and", "is",                        # Lucene's list
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how",   # question words
    "he", "they", "them", "its",                          # pronouns
    "did", "does", "has", "been", "can", "would",         # auxiliaries
    "many", "much", "few", "more", "most", "another",     # quantifiers, determiners
    "among", "across", "between", "within", "towards",    # prepositions
])
def test_english_stopwords(word):
    assert is_stop(word) and word in ENGLISH_STOPWORDS


@pytest.mark.parametrize("word", ["army", "name", "year", "type", "first", "peshmerga"])
def test_english_content_words_are_not_stopwords(word):
    assert not is_stop(word)


@pytest.mark.parametrize("word", ["و", "ب", "a", "x"])
def test_single_letters_are_stopwords(word):
    assert is_stop(word)


# -- the Arabic light stemmer ----------------------------------------------------------------

PREFIX_TABLE = [   # (word, prefix removed, stem)
    ("الجيش", "ال", "جيش"), ("والجيش", "وال", "جيش"), ("بالجيش", "بال", "جيش"),
    ("كالجيش", "كال", "جيش"), ("فالجيش", "فال", "جيش"), ("للجيش", "لل", "جيش"),
    ("وبالجيش", "وبال", "جيش"), ("وكالجيش", "وكال", "جيش"), ("فبالجيش", "فبال", "جيش"),
    ("فكالجيش", "فكال", "جيش"), ("وللجيش", "ولل", "جيش"), ("فللجيش", "فلل", "جيش"),
    ("وجيش", "و", "جيش"),
]


def test_every_prefix_is_tested():
    assert {p for _, p, _ in PREFIX_TABLE} == {p for p, _ in PREFIXES}


@pytest.mark.parametrize("word,prefix,expected", PREFIX_TABLE, ids=[p for _, p, _ in PREFIX_TABLE])
def test_each_prefix_is_removed(word, prefix, expected):
    assert arabic_light_stem(word) == expected


@pytest.mark.parametrize("word,expected", [
    ("الغد", "غد"),     # ال leaves 2 letters: removed
    ("الم", "الم"),     # ال would leave 1: kept
    ("وصل", "وصل"),     # و would leave 2 (it needs 3): kept
    ("ولد", "ولد"),
    ("وجيش", "جيش"),    # و leaves 3: removed
    ("وزير", "وزير"),   # ... unless the word is in the radical-و table (below)
])
def test_prefix_minimum_stem_length(word, expected):
    assert arabic_light_stem(word) == expected


def test_one_prefix_at_most():
    assert arabic_light_stem("والولد") == "ولد"     # not و again


SUFFIX_TABLE = [   # (word, suffix removed, stem)
    ("مدرستهم", "تهم", "مدرس"), ("مدرستها", "تها", "مدرس"), ("مدرسته", "ته", "مدرس"),
    ("جيشهم", "هم", "جيش"), ("جيشها", "ها", "جيش"), ("معلمان", "ان", "معلم"),
    ("معلمات", "ات", "معلم"), ("معلمون", "ون", "معلم"), ("معلمين", "ين", "معلم"),
    ("عربيه", "يه", "عرب"), ("مدرسه", "ه", "مدرس"), ("عربي", "ي", "عرب"), ("فريقا", "ا", "فريق"),
]


def test_every_suffix_is_tested():
    assert {s for _, s, _ in SUFFIX_TABLE} == {s for s, _ in SUFFIXES}


@pytest.mark.parametrize("word,suffix,expected", SUFFIX_TABLE, ids=[s for _, s, _ in SUFFIX_TABLE])
def test_each_suffix_is_removed(word, suffix, expected):
    assert arabic_light_stem(word) == expected


@pytest.mark.parametrize("word,expected", [
    ("مكان", "مكان"),   # ان would leave 2 (two-letter suffixes need 3): kept
    ("زمان", "زمان"),
    ("قوات", "قوات"),   # ات would leave 2: kept (the cost: قوة -> قو is another stem)
    ("صوته", "صوت"),    # ته would leave 2: kept, then ه leaves 3
    ("نبي", "نب"),      # one-letter suffixes need 2
    ("في", "في"),       # ي would leave 1: kept
])
def test_suffix_minimum_stem_length(word, expected):
    assert arabic_light_stem(word) == expected


@pytest.mark.parametrize("word,expected", [
    ("معلماتها", "معلم"),   # ها, then ات
    ("مدرسيها", "مدرس"),    # ها, then ي
    ("والمعلمات", "معلم"),  # prefix and suffix
])
def test_suffixes_are_removed_in_turn(word, expected):
    assert arabic_light_stem(word) == expected


PROCLITIC_TABLE = [("لمدرسه", "ل", "مدرس"), ("بمدرسه", "ب", "مدرس"), ("كمدرسه", "ك", "مدرس")]


def test_every_proclitic_is_tested():
    assert {p for _, p, _ in PROCLITIC_TABLE} == {p for p, _ in PROCLITICS}


@pytest.mark.parametrize("word,proclitic,expected", PROCLITIC_TABLE, ids=[p for _, p, _ in PROCLITIC_TABLE])
def test_each_proclitic_is_removed_after_the_suffixes(word, proclitic, expected):
    assert arabic_light_stem(word) == expected


@pytest.mark.parametrize("word,expected", [
    ("لعب", "لعب"),        # ل would leave 2: kept
    ("لاعب", "اعب"),       # leaves 3: removed ...
    ("لاعبين", "اعب"),     # ... decided after the suffixes, so the plural agrees
    ("لبنان", "لبن"),      # ان first; then ل would leave 2: kept
    ("بلبنان", "لبن"),     # agrees with لبنان
    ("لكتاب", "كتاب"),     # one proclitic at most: the ك after the ل stays (كتاب alone: تاب)
])
def test_proclitic_minimum_stem_length(word, expected):
    assert arabic_light_stem(word) == expected


@pytest.mark.parametrize("pair", [
    ("لأول", "أول"), ("بتشكيل", "تشكيل"), ("لمباراة", "مباراة"), ("بسبب", "سبب"),
    ("شركته", "شركة"), ("فريقاً", "فريق"), ("المعاهدات", "معاهدة"), ("بالإنجليزية", "إنجليزي"),
])
def test_inflected_forms_share_a_stem(pair):
    a, b = pair
    assert stem(a) == stem(b)


@pytest.mark.parametrize("word,expected", [
    ("الجيش", "جيش"), ("وبالجيش", "جيش"), ("الم", "الم"),
    ("بريطان", "بريطان"),    # no proclitic: whether it goes depends on the (unknown) ending
    ("الجيشين", "جيشين"),    # no suffix
])
def test_strip_arabic_prefix_removes_step_one_prefixes_only(word, expected):
    assert strip_arabic_prefix(word) == expected


# -- radical و: the table of words whose و is part of the word (waw.py) ------------------

@pytest.mark.parametrize("forms", [
    "وزير الوزير والوزير للوزير وزيرا ووزير بالوزير لوزير وزيرها",
    "وزراء الوزراء للوزراء",
    "وزارة الوزارة بالوزارة وزارات الوزارات وزارته ووزارة",
    "وقت الوقت وقتها", "وضع الوضع وضعها", "وطن الوطن وطنه", "ولاية الولاية ولايات",
    "وفد الوفد وفدا", "وكالة الوكالة وكالات", "وسط الوسط", "وصول الوصول وصوله", "وجهة الوجهة",
    "واحد الواحد", "وفاة الوفاة وفاته", "ورقة الورقة", "وثيقة الوثيقة", "وحدة الوحدة وحدات",
    "وطنية الوطنية", "والده الوالد", "وقال قال", "وزار زار",
], ids=lambda forms: forms.split()[0])
def test_forms_of_a_word_share_a_stem_whether_its_waw_is_radical_or_not(forms):
    assert len({stem(w) for w in forms.split()}) == 1


@pytest.mark.parametrize("word,expected", [
    ("وزير", "وزير"), ("وزارة", "وزار"), ("وقال", "قال"), ("ووزير", "وزير"),
    ("وزار", "زار"),        # "and visited": not a form of وزارة
    ("وطنا", "طن"),         # a `-` line: "and tons", the conjunction after all
    ("وحياته", "حي"),       # not in the table: و+حياة, as حياته
])
def test_radical_waw_table_decides_whether_waw_goes(word, expected):
    assert stem(word) == expected


def test_radical_waw_table_is_normalised_and_sane():
    from corpus.analysis.waw import TABLE, table
    words, conj = table()
    assert len(words) > 100 and conj
    assert all(w.startswith("و") and len(w) >= 3 and normalize(w) == w for w in words | conj)
    assert not {"وقال", "وان", "والي", "وفي", "واكد"} & words     # conjunction + word
    assert TABLE.read_text(encoding="utf-8").count("\n") > len(words)   # with its header


@pytest.mark.parametrize("word,expected", [
    ("وزير", "وزير"), ("وزار", "وزار"),     # may begin وزارة: kept
    ("وقال", "قال"), ("وجيش", "جيش"),
])
def test_prefix_queries_keep_a_waw_that_may_be_radical(word, expected):
    assert strip_arabic_prefix(word) == expected


# -- English ---------------------------------------------------------------------------------

@pytest.mark.parametrize("word,expected", [
    ("running", "run"), ("armies", "armi"), ("army", "armi"), ("elections", "elect"),
    ("interceptions", "intercept"),
])
def test_english_snowball_stem(word, expected):
    assert english_stem(word) == expected
    assert stem(word) == expected


@pytest.mark.parametrize("word,expected_exact,expected_stem", [
    ("Peshmerga's", "peshmerga", "peshmerga"),
    ("Peshmerga’s", "peshmerga", "peshmerga"),
    ("Army's", "army", "armi"),
    ("soldiers'", "soldiers", "soldier"),
])
def test_english_possessive_is_removed(word, expected_exact, expected_stem):
    assert analyze_word(word) == (expected_exact, expected_stem, False)


# -- tokenisation, the analyzer --------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("قوات البيشمركة Peshmerga’s في أربيل", ["قوات", "البيشمركة", "Peshmerga’s", "في", "أربيل"]),
    ("عام ٢٠١٩ (2019)", ["عام", "٢٠١٩", "2019"]),
    ("٢٠١٩م", ["٢٠١٩", "م"]),                       # digits and letters split
    ("COVID19 ISIS-K", ["COVID", "19", "ISIS", "K"]),
    ("الْجَيْشُ والـبيشمركة", ["الْجَيْشُ", "والـبيشمركة"]),   # marks and tatweel stay inside words
    ("جيش،شرطة؛ وزارة؟", ["جيش", "شرطة", "وزارة"]),   # Arabic punctuation separates
])
def test_token_pattern_on_mixed_text(text, expected):
    assert [m.group() for m in TOKEN.finditer(text)] == expected


def test_terms_of_mixed_arabic_english_digits():
    text = "قوات البيشمركة Peshmerga's في أربيل عام ٢٠١٩ (2019)"
    assert terms(text) == ["قوات", "يشمرك", "peshmerga", "اربيل", "عام", "2019", "2019"]
    assert terms(text, "exact") == ["قوات", "البيشمركه", "peshmerga", "اربيل", "عام", "2019", "2019"]


@pytest.mark.parametrize("word,expected", [("جيش", True), ("٢٠١٩", True), ("army", False), ("2019", False)])
def test_is_arabic(word, expected):
    assert is_arabic(word) is expected


def test_offsets_and_positions():
    text = "في الْجَيْشِ Peshmerga's ٢٠١٩"
    got = [(t.text, t.pos, t.startchar, t.endchar) for t in tokens(text, positions=True, chars=True)]
    assert got == [("جيش", 0, 3, 12), ("peshmerga", 1, 13, 24), ("2019", 2, 25, 29)]
    for word, _, start, end in got:
        assert text[start:end] in ("الْجَيْشِ", "Peshmerga's", "٢٠١٩")


def test_offsets_and_positions_start_where_told():
    got = [(t.text, t.pos, t.startchar, t.endchar)
           for t in tokens("الجيش Peshmerga", positions=True, chars=True, start_pos=10, start_char=100)]
    assert got == [("جيش", 10, 100, 105), ("peshmerga", 11, 106, 115)]


def test_exact_form_keeps_article_and_suffixes():
    assert [t.text for t in tokens("الْجَيْشُ العراقيون armies", "exact")] == ["الجيش", "العراقيون", "armies"]


def test_stopwords_kept_and_marked_when_asked():
    got = [(t.text, t.stopped) for t in tokens("في الجيش", removestops=False)]
    assert got == [("في", True), ("جيش", False)]


def test_words_of_marks_only_make_no_token():
    assert [t.text for t in tokens("ـــ جيش", removestops=False)] == ["جيش"]


def test_keeporiginal():
    assert [t.original for t in tokens("الجيش Peshmerga's", keeporiginal=True)] == ["الجيش", "Peshmerga's"]


@pytest.mark.parametrize("form,text,expected", [
    ("stem", "الجيو", "جيو"),              # article removed
    ("stem", "وبالجيو", "جيو"),
    ("stem", "بريطان", "بريطان"),          # a leading ب ل ك stays (the searcher also tries without)
    ("stem", "الْمُدَرِّسِين", "مدرسين"),    # normalised, not stemmed (ين stays)
    ("stem", "Armies", "armies"),          # lowercased, not stemmed
    ("stem", "أربي", "اربي"),
    ("exact", "الْجَيْش", "الجيش"),        # exact form: normalised only
    ("exact", "أربيل", "اربيل"),
])
def test_tokenize_false_is_the_prefix_query_path(form, text, expected):
    got = tokens(text, form, tokenize=False, positions=True, chars=True)
    assert [t.text for t in got] == [expected]
    assert (got[0].pos, got[0].startchar, got[0].endchar) == (0, 0, len(text))
    if form == "stem":
        assert analyze_prefix(text) == expected


def test_unknown_form_is_refused():
    with pytest.raises(ValueError):
        CorpusAnalyzer("stemmed")


@pytest.mark.parametrize("form", ["stem", "exact"])
def test_analyzer_pickles(form):
    a = CorpusAnalyzer(form)
    b = pickle.loads(pickle.dumps(a))
    assert b == a and hash(b) == hash(a) and b != CorpusAnalyzer("exact" if form == "stem" else "stem")
    text = "قوات البيشمركة Peshmerga's ٢٠١٩"
    assert [t.text for t in b(text)] == [t.text for t in a(text)]


def test_schema_pickles():
    from corpus.engines.whoosh.schema import build_schema
    schema = pickle.loads(pickle.dumps(build_schema()))
    assert schema["body"].analyzer == CorpusAnalyzer("stem")
    assert schema["exact"].analyzer == CorpusAnalyzer("exact")


def test_per_word_cache():
    first = analyze_word("المدرسون")
    assert analyze_word("المدرسون") is first


# -- the equivalences of the issue -----------------------------------------------------------

def test_vocalised_definite_and_bare_army_are_one_term():
    assert stem("الْجَيْشُ") == stem("الجيش") == stem("جيش") == "جيش"


def test_erbil_spellings_are_one_term():
    assert exact("أربيل") == exact("اربيل") == exact("إربيل") == "اربيل"
    assert stem("أربيل") == stem("اربيل") == stem("إربيل")


def test_peshmerga_with_article_and_teh_marbuta_matches_without():
    assert stem("البيشمركة") == stem("بيشمركه")


def test_arabic_indic_year_equals_ascii_year():
    assert exact("٢٠١٩") == exact("2019") == "2019"


def test_possessive_peshmerga():
    assert exact("Peshmerga's") == stem("Peshmerga's") == "peshmerga"


@pytest.mark.parametrize("query,doc", [
    ("الجيش", "دخل الْجَيْشُ المدينة"),
    ("جيش", "دخل الْجَيْشُ المدينة"),
    ("إربيل", "وصل الوفد إلى أربيل"),
    ("بيشمركه", "قوات البيشمركة"),
    ("2019", "في عام ٢٠١٩"),
    ("Peshmerga", "the Peshmerga's positions"),
])
def test_equivalences_hold_in_a_whoosh_index(query, doc):
    schema = fields.Schema(body=fields.TEXT(analyzer=CorpusAnalyzer("stem")))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(body=doc)
        w.add_document(body="نص آخر لا علاقة له")
    with ix.searcher() as s:
        hits = s.search(qparser.QueryParser("body", schema).parse(query))
        assert len(hits) == 1 and hits[0].docnum == 0


# -- the analysis version: an index built with another analysis must be rebuilt ---------------

@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_an_index_of_an_older_analysis_must_be_rebuilt(engine, tmp_path, request):
    from conftest import write_news
    from corpus import analysis
    from corpus.engines import open_sink
    from corpus.errors import IndexProblem
    from corpus.indexer import index_paths
    if engine == "opensearch":
        from conftest import opensearch_name
        request.getfixturevalue("opensearch_client")
        target = opensearch_name("analysis")
    else:
        target = tmp_path / "index"
    src = write_news(tmp_path / "src", rows=[("w1", "وزير", "قال الوزير إن الوزارة ...", "2020-01-01", "x", "")])
    index_paths(open_sink(engine, target), [str(src)])
    sink = open_sink(engine, target)
    assert sink.meta()["analysis"] == analysis.VERSION
    index_paths(sink, [str(src)])                   # same analysis: incremental runs go on

    from corpus.engines import open_searcher
    assert analysis.REBUILD not in open_searcher(engine, target).search("وزير").notices

    from conftest import drop_meta_key
    drop_meta_key(engine, sink, "analysis")      # as built before the analysis version
    with pytest.raises(IndexProblem, match="rebuild it once with `corpus index --rebuild`"):
        index_paths(open_sink(engine, target), [str(src)])
    # searching it still works, and says why words such as وزير may find too little
    res = open_searcher(engine, target).search("وزير")
    assert analysis.REBUILD in res.notices
    index_paths(open_sink(engine, target), [str(src)], rebuild=True)
    assert open_sink(engine, target).meta()["analysis"] == analysis.VERSION
    res = open_searcher(engine, target).search("وزير")
    assert [h.id for h in res.hits] == ["w1"] and analysis.REBUILD not in res.notices


def test_no_term_holds_whitespace():
    """NFKC spells ﷺ as four words and an isolated-form mark (U+FE70) with a space; a term
    with whitespace would be one term in Whoosh and several in OpenSearch (which splits terms
    on it), so the engines' word counts and per-million figures would differ."""
    from corpus.analysis.analyzer import analyze_prefix, analyze_tokens
    for code in range(0xFB00, 0x10000):
        if not 0xFB00 <= code <= 0xFDFF and not 0xFE70 <= code <= 0xFFEF:
            continue
        text = f"قال {chr(code)} فتول{chr(code)}"
        for exact, stem, _, _ in analyze_tokens(text):
            assert not any(c.isspace() for c in exact + stem), hex(code)
        assert not any(c.isspace() for c in analyze_prefix("فتول" + chr(code))), hex(code)
    assert [t[0] for t in analyze_tokens("النبي ﷺ قال")] == ["النبي", "صلياللهعليهوسلم", "قال"]


def test_token_pattern_finds_what_the_plain_pattern_finds():
    """TOKEN's faster spelling (runs, never given back) matches as the plain pattern does,
    anywhere in a text."""
    import itertools
    import re
    from corpus.analysis import analyzer
    plain = re.compile(analyzer._PLAIN_TOKEN)
    letters = ["a", "'", "’", "\u064b", "ـ", "٣", " ", "!", "_", "ك"]
    for size in range(1, 5):
        for text in map("".join, itertools.product(letters, repeat=size)):
            assert analyzer.TOKEN.findall(text) == plain.findall(text), text
            assert (analyzer.TOKEN.fullmatch(text) is None) == (plain.fullmatch(text) is None), text
            for start in range(size):
                got, want = analyzer.TOKEN.match(text, start), plain.match(text, start)
                assert (got and got.span()) == (want and want.span()), (text, start)
    text = "Peshmerga's قوات الـبيشمركة، ٣٤ جندياً don’t x_y 2015"
    assert [(m.start(), m.end()) for m in re.finditer(plain, text) if not analyzer.analyze_word(m.group())[2]] == \
        [(s, e) for _, _, s, e in analyzer.analyze_tokens(text)]
