"""Issue 19, round 6 (session 8): a transliteration that is an inflected ordinary word loses
to the name as written, English NAME + HEAD is Arabic's HEAD + NAME in construct, a
hyphenated name word is its names, a letters-and-digits word is its translation, and
untranslated words never leave one word to search -- on both engines (`round6_searcher`)."""
from __future__ import annotations

from corpus.translate import transliterate
from conftest import corpus_fixtures   # not tests.conftest: another RUN, indexes never dropped
from translated_counts import ids, jsonl_writer, same_as_arabic, search

FILLER = "وقال المتحدث إن الاجتماع بحث الأوضاع في المنطقة."
ARTICLES = [
    # Nassr: النصر the name, الناصريين (an inflected word) far more frequent
    *[(f"n{i}", f"نادي النصر يفوز {i}", f"فاز نادي النصر على منافسه {i}. {FILLER}") for i in range(1, 4)],
    ("n4", "النصر في الدوري", f"لعب النصر مباراة الدوري. {FILLER}"),
    *[(f"nx{i}", f"الناصريين {i}", f"تحدث الناصريين عن التاريخ {i}. {FILLER}") for i in range(12)],
    # Hossein Amir-Abdollahian: the hyphenated name Arabic writes apart
    ("h1", "حسين امير عبداللهيان في الرياض", f"وصل حسين امير عبداللهيان إلى الرياض. {FILLER}"),
    ("h2", "عبداللهيان يصرح", f"قال حسين امير عبداللهيان إن المحادثات مستمرة. {FILLER}"),
    *[(f"hx{i}", f"حسين يفوز {i}", f"فاز حسين بالجائزة {i}. {FILLER}") for i in range(5)],
    # G20: the index reads "20"
    ("g1", "قمة مجموعة العشرين", f"تنطلق قمة مجموعة العشرين غدا. {FILLER}"),
    ("g2", "مجموعة العشرين تجتمع", f"اجتمع وزراء مالية مجموعة العشرين. {FILLER}"),
    *[(f"gx{i}", f"20 مصابا {i}", f"أصيب 20 شخصا في الحادث {i}. {FILLER}") for i in range(5)],
]

round6_src, round6_index, round6_opensearch, round6_searcher = corpus_fixtures("round6", jsonl_writer("round6", ARTICLES))


def test_an_added_ending_the_latin_does_not_write_is_inflection():
    assert transliterate.adds_ending("SABIC", "سابقا") and not transliterate.adds_ending("SABIC", "سابك")
    assert transliterate.adds_ending("Hossein", "الحسيني") and not transliterate.adds_ending("Hossein", "حسين")
    assert transliterate.adds_ending("Nassr", "الناصريين") and not transliterate.adds_ending("Nassr", "النصر")
    # a Latin vowel or h at the end may be an Arabic ending (Medina: المدينه, Jeddah: جده)
    assert not transliterate.adds_ending("Medina", "المدينه")
    assert not transliterate.adds_ending("Jeddah", "جده")


def test_an_inflected_word_loses_to_the_name_as_written(round6_searcher):
    res = search(round6_searcher, "Nassr")
    shown = [w for t in res.translations for w in t.terms]
    assert "النصر" in shown and "الناصريين" not in shown
    assert not ids(res) & {f"nx{i}" for i in range(12)}


def test_name_and_head_is_head_and_name_in_construct(round6_searcher):
    assert same_as_arabic(round6_searcher, "Nassr Club", "نادي النصر") == {"n1", "n2", "n3"}
    res = search(round6_searcher, "Al-Nassr Club")
    assert [t.terms for t in res.translations] == [["نادي النصر"]]


def test_a_hyphenated_name_word_is_its_names(round6_searcher):
    assert same_as_arabic(round6_searcher, "Hossein Amir-Abdollahian", "حسين امير عبداللهيان") == {"h1", "h2"}


def test_a_letters_and_digits_word_is_its_translation(round6_searcher):
    assert same_as_arabic(round6_searcher, "G20", "مجموعة العشرين") == {"g1", "g2"}


def test_untranslated_words_never_leave_one_word(round6_searcher):
    res = search(round6_searcher, "Qzxwv Club")
    assert res.total == 0 and res.untranslated == ["Qzxwv"]
