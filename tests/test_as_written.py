"""Names counted as written (issue 19): the light stemmer reads a name's letters as affixes
(طالبان -> طالب "student", البحرين -> بحر "sea"), so `exact:` and the Arabic names a query
translates to match their words as written, with the attached و ف ب ك ل on the first word
only (analyzer.as_written) -- on both engines (`written_searcher`)."""
from __future__ import annotations

import pytest

from corpus import querylang as ql
from corpus.analysis.analyzer import as_written, written_forms
from corpus.serialize import results_dict
from corpus.translate import lexicon
from corpus.translate.rewrite import translate
from conftest import corpus_fixtures   # not tests.conftest: another RUN, indexes never dropped
from translated_counts import ids, jsonl_writer, search

FILLER = "وقال المتحدث إن الاجتماع بحث الأوضاع في المنطقة."
ARTICLES = [
    ("t1", "حركة طالبان", f"أعلنت حركة طالبان مسؤوليتها. {FILLER}"),
    ("t2", "محادثات", f"التقى الوفد وطالبان في الدوحة. {FILLER}"),
    ("t3", "بيان", f"وجه الوزير رسالة لطالبان أمس. {FILLER}"),
    ("t4", "طالبان تعلن", f"صدر بيان جديد اليوم. {FILLER}"),       # the name in the title only
    *[(f"s{i}", f"طالب متفوق {i}", f"فاز طالب بالجائزة {i}. {FILLER}") for i in range(4)],
    ("s9", "الطالبات", f"كرمت الجامعة الطالبان المتفوقان. {FILLER}"),     # the dual "two students": other word, same letters
    ("k1", "الملك سلمان", f"استقبل الملك سلمان الوفد. {FILLER}"),
    ("k2", "برقية", f"بعث أمير المنطقة برقية للملك سلمان. {FILLER}"),
    ("k3", "لقاء", f"وبالملك سلمان اجتمع الوزراء. {FILLER}"),
    ("k4", "ملك وسلمان", f"تحدث الملك عن التعليم ثم وصل سلمان. {FILLER}"),   # not the phrase
    ("k5", "ملوك", f"اجتمع الملك والسلمان في القصر. {FILLER}"),        # a particle on the second word
    ("r1", "طريق", f"افتتح طريق الرياض جدة السريع. {FILLER}"),
    ("r2", "زيارة", f"زار الوفد الرياض ثم توجه إلى جدة. {FILLER}"),
    ("r3", "مطار", f"هبطت الطائرة في جدة قادمة من الرياض. {FILLER}"),
    *[(f"r{i}", f"طريق {i}", f"سلك المسافرون طريق الرياض جدة {i}. {FILLER}") for i in (4, 5)],
]

written_src, written_index, written_opensearch, written_searcher = corpus_fixtures(
    "written", jsonl_writer("written", ARTICLES))


def test_written_forms_take_attached_particles():
    assert set(written_forms("طالبان")) >= {"طالبان", "وطالبان", "لطالبان", "بطالبان", "فلطالبان"}
    # ل before the article loses the article's alef: للملك, وللملك
    assert {"الملك", "للملك", "وللملك", "بالملك", "والملك"} <= set(written_forms("الملك"))
    assert "لالملك" not in written_forms("الملك")
    assert written_forms("taliban") == ("taliban",)       # English: the form alone
    # the first word takes them, the others are as written; stopwords out, as indexed
    first, *rest = as_written("الملك سلمان")
    assert "للملك" in first and rest == [("سلمان",)]
    assert as_written("في") == []


def test_exact_counts_the_name_not_its_stem(written_searcher):
    assert ids(search(written_searcher, "exact:طالبان", translate="off")) == {"t1", "t2", "t3", "t4"}
    # by stem, the same letters are students as well (the plain word, and a quoted one)
    assert ids(search(written_searcher, "طالبان", translate="off")) > {"t1", "t2", "t3", "t4", "s0"}


def test_an_exact_phrase_takes_particles_on_its_first_word_only(written_searcher):
    assert ids(search(written_searcher, 'exact:"الملك سلمان"', translate="off")) == {"k1", "k2", "k3"}


def test_a_translated_name_counts_as_written(written_searcher):
    res = search(written_searcher, "Taliban")      # a translation leaves titles out of its
    assert ids(res) == {"t1", "t2", "t3", "t4"} and res.total == 4     # ranking, not its matches
    assert [t.terms for t in res.translations] == [["طالبان"]]
    assert [t.written for t in res.translations] == [["طالبان"]]      # the chip says "as written"
    assert results_dict(res)["translations"][0]["written"] == ["طالبان"]


def test_names_of_the_table_are_marked_and_terms_are_not():
    assert lexicon.is_name(("طالبان",)) and lexicon.is_name(("البحرين",))
    assert not lexicon.is_name(("وزارة",)) and not lexicon.is_name(("الإرهاب",))


def test_a_name_keeps_each_form_its_row_lists():
    """By stem, one translation per stem; a name's forms are each searched (الحوثيين is not
    found through الحوثي when both are held to their letters)."""
    done = translate(ql.parse("Houthis").tree)
    (shown,) = [t.terms for t in done.translations]
    assert {"الحوثي", "الحوثيين", "الحوثية"} <= set(shown)
    leaves = [leaf for leaf in ql.leaves(done.tree) if isinstance(leaf, ql.Phrase)]
    assert leaves and all(leaf.written for leaf in leaves)


@pytest.mark.parametrize("q", ["exact:طالبان", 'exact:"الملك سلمان"', "Taliban", "King Salman"])
def test_the_fast_path_matches_whooshs_own(written_index, q):
    """The embedded engine's fast path (fastsearch) and Whoosh's own matchers agree on the
    compiled shapes (an Or of terms, an Or of phrases, inside And and dis_max): hits, scores."""
    from corpus.engines.whoosh.searcher import WhooshCorpus
    fast, slow = (WhooshCorpus(written_index, fast=f).search(q, size=100, facets=()) for f in (True, False))
    assert fast.total == slow.total
    assert [(h.id, h.score) for h in fast.hits] == [(h.id, h.score) for h in slow.hits]


def test_a_quoted_phrase_its_stems_overcount_says_both_counts(written_searcher):
    """"طالبان" is still searched by its stems (students too), and the notice gives the count
    as written beside it; a phrase whose stems find about its written forms gets none."""
    res = search(written_searcher, '"طالبان"', translate="off")
    notes = [n for n in res.notices if getattr(n, "code", "") == "counted_by_stem"]
    assert res.total > 4 and len(notes) == 1
    assert notes[0].params == {"phrase": "طالبان", "stem": f"{res.total:,}", "written": "4",
                               "query": 'exact:"طالبان"'}
    loud = search(written_searcher, '"الملك سلمان"', translate="off")    # k5: الملك والسلمان by stem
    assert [n.params for n in loud.notices if getattr(n, "code", "") == "counted_by_stem"] == \
        [{"phrase": "الملك سلمان", "stem": "5", "written": "3", "query": 'exact:"الملك سلمان"'}]
    quiet = search(written_searcher, '"حركة طالبان"', translate="off")
    assert not [n for n in quiet.notices if getattr(n, "code", "") == "counted_by_stem"]


def test_the_concordance_as_written_takes_the_same_forms(written_searcher):
    """exact=1 lines are the forms exact: finds: the attached و ف ب ك ل, not the stem's others."""
    from corpus.research.concordance import concordance
    c = concordance(written_searcher, "طالبان", exact=True)
    assert sorted(ln.keyword for ln in c.lines) == sorted(["طالبان", "وطالبان", "لطالبان"])   # bodies
    assert {ln.doc_id.split("/")[-1].split(":")[-1] for ln in c.lines} == {"t1", "t2", "t3"}


def test_two_names_side_by_side_are_two_names(written_searcher):
    """Riyadh Jeddah: each name on its own (articles holding both), not the phrase of the one
    article that writes them next to each other; a name made of parts stays one (King Salman)."""
    res = search(written_searcher, "Riyadh Jeddah")
    assert ids(res) == {"r1", "r2", "r3", "r4", "r5"}
    assert [t.terms for t in res.translations] == [["الرياض"], ["جدة"]]
    assert ids(search(written_searcher, "King Salman")) == {"k1", "k2", "k3"}
