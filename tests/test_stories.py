"""Story grouping: near-duplicate detection at index time (MinHash + LSH band keys through
the engine) and one result per story, on both engines."""
from __future__ import annotations

import base64
import datetime as dt
import json
import shutil

import numpy as np
import pytest

from conftest_research import RECORDS, WIRE_AR, research_index, research_opensearch, research_searcher, research_src  # noqa: F401
from corpus.document import Document
from corpus.engines import open_searcher, open_sink
from corpus.errors import IndexProblem, QueryError
from corpus.indexer import index_paths
from corpus import stories


# -- the detector
def fp(text, title="", day=-1):
    return stories.fingerprint(title, text, day)


def test_short_texts_are_never_grouped():
    assert fp("صورة من الحفل") is None
    a, b = Document(id="a", path="p", body="صورة من الحفل"), Document(id="b", path="p", body="صورة من الحفل")
    s = stories.StoryAssigner()
    s.assign(a), s.assign(b)
    assert (a.story, b.story) == ("a", "b") and a.story_bands == ()


def test_same_text_same_fingerprint_and_all_bands_shared():
    x, y = fp(WIRE_AR), fp(WIRE_AR)
    assert stories.similarity(x, y) == 1.0
    assert stories.band_keys(x) == stories.band_keys(y)
    assert len(stories.band_keys(x)) == stories.BANDS + stories.LEAD_BANDS + 1     # + the title key
    back = stories.decode(x.encode())
    assert np.array_equal(back.shingles, x.shingles) and np.array_equal(back.title, x.title)
    assert np.array_equal(back.words, x.words) and back.words.size > x.title.size


def test_unrelated_texts_are_dissimilar():
    other = " ".join(r[2] for r in RECORDS if r[0] in ("d1", "d2"))
    assert stories.similarity(fp(WIRE_AR), fp(other)) < 0.2


def test_spelling_variants_do_not_separate_copies():
    # the same wire text with hamza, tanween and عبد written apart or together
    a = ("جمدت تركيا رسمياً أموال الرئيس اليمني المخلوع علي عبدالله صالح وزعيم التمرد عبد الملك "
         "الحوثي وقائدين آخرين التزاماً بالعقوبات التي أقرتها الأمم المتحدة على ما أعلنت وكالة "
         "الأناضول للأنباء الرسمية الجمعة")
    b = ("جمدت تركيا رسميا اموال الرئيس اليمني المخلوع علي عبد الله صالح وزعيم التمرد عبدالملك "
         "الحوثي وقائدين اخرين التزاما بالعقوبات التي اقرتها الامم المتحدة على ما اعلنت وكالة "
         "الاناضول للانباء الرسمية الجمعة")
    assert stories.similarity(fp(a), fp(b)) == 1.0


def test_a_cut_copy_matches_the_lead_of_the_full_report():
    full = WIRE_AR + " " + " ".join(r[2] for r in RECORDS if r[0] in ("d1", "d2", "d3"))
    cut = " ".join(WIRE_AR.split()[:45])
    assert stories.same_story(fp(cut), fp(full)) >= stories.SAME


def test_template_look_alikes_on_other_days_stay_apart():
    cable = ("بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة لفخامة الرئيس "
             "{} رئيس {} بمناسبة ذكرى {} لبلاده. وأعرب الملك المفدى باسمه واسم شعب وحكومة المملكة "
             "العربية السعودية عن أصدق التهاني وأطيب التمنيات بالصحة والسعادة لفخامته، ولحكومة "
             "وشعب {} الشقيق اطراد التقدم والازدهار")
    egypt = cable.format("عبدالفتاح السيسي", "جمهورية مصر العربية", "اليوم الوطني", "جمهورية مصر العربية")
    tunis = cable.format("الباجي قايد السبسي", "الجمهورية التونسية", "إعلان الجمهورية", "الجمهورية التونسية")
    a = fp(egypt, "خادم الحرمين يهنئ رئيس مصر باليوم الوطني", day=735801)
    b = fp(tunis, "خادم الحرمين يهنئ الرئيس التونسي بذكرى إعلان الجمهورية", day=735803)
    assert 0 < stories.similarity(a, b) < stories.SAME
    assert stories.same_story(a, b) == 0


def test_an_edited_copy_joins_on_the_same_day_under_a_similar_title():
    words = WIRE_AR.split()
    edited = " ".join(["وأوضح", "المتحدث", "أن"] + words[3:25] + ["وأضاف", "المصدر"] + words[50:])
    a = fp(WIRE_AR, "تركيا تجمد أموال صالح", day=735800)
    b = fp(edited, "تركيا تجمد أموال المخلوع وقادة حوثيين", day=735800)
    far = fp(edited, "تركيا تجمد أموال المخلوع وقادة حوثيين", day=735810)
    assert stories.CLOSE <= stories.similarity(a, b) < stories.SAME
    assert stories.same_story(a, b) > 0 and stories.same_story(a, far) == 0


# the same wire text under another paper's dateline and footer, a few words changed
NEAR_COPY = ("عين اليوم – جدة " + WIRE_AR.replace("اثني عشر", "عشرة").replace("تتابع", "تواصل متابعة")
             + " رابط الخبر بصحيفة الوئام: وزير الصحة يطمئن على مصابي حادث مكة سمات وزير الصحة جدة")


def test_datelines_and_footers_are_cut():
    assert stories.story_text("عبدالله البرقاوي- سبق- الرياض: كشفت الهيئة") == " كشفت الهيئة"
    assert stories.story_text("بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس يواصل المهرجان"
                              " فعالياته // انتهى // 18:11 ت م") == " يواصل المهرجان فعالياته"
    assert stories.story_text("أعلنت الوزارة النتائج. رابط الخبر بصحيفة الوئام: الوزارة تعلن") == \
        "أعلنت الوزارة النتائج."
    # a dash inside a sentence is text, not a dateline
    assert stories.story_text("قال الوزير إن الخطة - التي أقرت أمس - ستنفذ") == \
        "قال الوزير إن الخطة - التي أقرت أمس - ستنفذ"
    assert stories.similarity(fp("واس- جدة: " + WIRE_AR + " // انتهى //"), fp(WIRE_AR)) == 1.0


def test_a_near_copy_is_one_story_on_any_day():
    a = fp(WIRE_AR, "وزير الصحة يطمئن على مصابي حادث مكة", day=735800)
    b = fp(NEAR_COPY, "وزير الصحة يطمئن على مصابي حادث مكة", day=735830)
    assert stories.same_story(a, b) >= stories.SAME


def test_a_release_other_papers_print_days_later_joins_a_template_of_one_paper_does_not():
    words = WIRE_AR.split()
    edited = " ".join(["وأوضح", "المتحدث", "أن"] + words[3:25] + ["وأضاف", "المصدر"] + words[50:])
    title = "تركيا تجمد أموال صالح والحوثي"

    def at(text, day, source, head=title):
        f = fp(text, head, day=735800 + day)
        f.source = stories.source_code(source)
        return f
    first = at(WIRE_AR, 0, "okaz")
    assert stories.WINDOW_SIM <= stories.similarity(first, at(edited, 3, "alyaum")) < stories.SAME
    assert stories.same_story(first, at(edited, 3, "alyaum")) > 0
    assert stories.same_story(first, at(edited, 3, "okaz")) == 0      # the paper's own template
    assert stories.same_story(first, at(edited, stories.WINDOW_DAYS + 1, "alyaum")) == 0
    assert stories.same_story(first, at(edited, 3, "alyaum", "جولة تفقدية لوزير الصحة")) == 0


def _chain(rnd_seed=7):
    """A story (a, b1, b2, b3) and c, which shares a third of its text with b2 only: made-up
    words, titles (sharing 3 of 5 words) enough for the same-day rule."""
    import random
    from conftest import WIRE_LETTERS
    rnd = random.Random(rnd_seed)
    w = ["".join(rnd.choice(WIRE_LETTERS) for _ in range(5)) for _ in range(400)]
    t = w[390:396]
    return {"a": (" ".join(t[:4]), " ".join(w[:100])),
            "b1": (" ".join(t[:4]), " ".join(w[:95] + w[380:385])),
            "b2": (" ".join(t[:3] + t[4:5]), " ".join(w[:50] + w[200:250])),
            "b3": (" ".join(t[:3] + t[4:5]), " ".join(w[:97] + w[385:388])),
            "c": (" ".join(t[:3] + t[4:5]), " ".join(w[200:250] + w[300:350]))}


def test_a_document_like_one_member_only_does_not_chain_two_stories():
    s = stories.StoryAssigner()
    docs = {i: Document(id=i, path="p", title=t, body=b) for i, (t, b) in _chain().items()}
    for d in docs.values():
        s.assign(d)
    c, b2 = (stories.fingerprint(docs[i].title, docs[i].body) for i in ("c", "b2"))
    assert stories.same_story(c, b2) > 0            # c is like b2 ...
    assert {d.story for i, d in docs.items() if i != "c"} == {"a"}
    assert docs["c"].story == "c"                   # ... and no other document of a's story


def _rewrites():
    """A release (a), a rewrite of it two days later by another paper (b: a third of the
    text, a headline in other words, each headline's words in the other text), the same
    rewrite under a headline naming someone a does not (c), and a near copy of a under a
    headline that b does not name (d). Made-up words."""
    import random
    from conftest import WIRE_LETTERS
    rnd = random.Random(11)
    w = ["".join(rnd.choice(WIRE_LETTERS) for _ in range(5)) for _ in range(400)]
    body = " ".join(w[:50] + w[392:394] + w[300:340])
    return {"a": (" ".join(w[390:394]), " ".join(w[:100]), 0, "okaz"),
            "b": (" ".join(w[390:392] + [w[10], w[20]]), body, 2, "alyaum"),
            "c": (" ".join(w[390:392] + [w[10], w[399]]), body, 2, "alyaum"),
            "d": (" ".join(w[395:399]), " ".join(w[:99]), 0, "alriyadh")}


def _at(title, body, day, source):
    f = fp(body, title, day=735800 + day)
    f.source = stories.source_code(source)
    return f


def test_a_rewrite_keeping_its_headline_facts_joins_another_papers_release():
    r = _rewrites()
    a, b, c = (_at(*r[i]) for i in "abc")
    assert stories.REWRITE_SIM <= stories.similarity(a, b) < stories.HALF
    assert stories.same_story(a, b) == 0                # no earlier rule joins them
    assert stories.headline_kept(a, b) == 1.0 and stories.rewrite(a, b) > 0
    assert stories.headline_kept(a, c) < stories.HEADLINE_KEPT and stories.rewrite(a, c) == 0
    own = _at(*r["b"][:3], "okaz")                      # one paper's texts: its templates
    assert stories.rewrite(a, own) == 0
    late = _at(*r["b"][:2], stories.REWRITE_DAYS + 1, "alyaum")
    assert stories.rewrite(a, late) == 0


def test_a_rewrite_joins_a_story_only_as_a_rewrite_of_every_document_compared():
    r = _rewrites()
    s = stories.StoryAssigner()
    docs = {i: Document(id=i, path="p", title=t, body=body, source=src,
                        date=dt.date.fromordinal(735800 + day)) for i, (t, body, day, src) in r.items()}
    s.assign(docs["a"]), s.assign(docs["b"])
    assert docs["b"].story == "a"
    s = stories.StoryAssigner()
    for i in "adb":
        s.assign(docs[i])
    assert docs["d"].story == "a"                       # a near copy of a
    assert stories.rewrite(_at(*r["b"]), _at(*r["d"])) == 0
    assert docs["b"].story == "b"                       # b rewrites a, not d: no chain


def _retitled():
    """A release (a); another paper's text the next day under the same headline in other
    marks, its lead a cut of a's and the rest its own (b: a tenth of the shingles shared); a
    roundup under that headline opening with other news (c); the pair b under a 4-word
    headline (short, d). Made-up words."""
    import random
    from conftest import WIRE_LETTERS
    rnd = random.Random(12)
    w = ["".join(rnd.choice(WIRE_LETTERS) for _ in range(5)) for _ in range(400)]
    title = w[390:396]
    return {"a": (" ".join(title), " ".join(w[:100]), 0, "okaz"),
            "b": ("«" + " ".join(title[:2]) + "» " + " ".join(title[2:]) + ":",
                  " ".join(w[:25] + w[200:270]), 1, "alyaum"),
            "c": (" ".join(title), " ".join(w[300:340] + w[:25] + w[200:240]), 1, "alyaum"),
            "d": (" ".join(w[390:394]), " ".join(w[:25] + w[200:270]), 1, "alyaum")}


def test_one_release_under_one_headline_joins_a_roundup_or_short_headline_does_not():
    r = _retitled()
    a, b, c, d = (_at(*r[i]) for i in "abcd")
    short = _at(" ".join(r["a"][0].split()[:4]), *r["a"][1:])
    assert stories.RETITLE_SIM <= stories.similarity(a, b) < stories.REWRITE_SIM
    assert stories.same_story(a, b) == 0 and stories.rewrite(a, b) == 0   # no earlier rule
    assert stories.retitled(a, b) > 0 and stories.retitled(b, a) > 0
    assert stories.similarity(a, c) >= stories.RETITLE_SIM and stories.retitled(a, c) == 0
    assert stories.retitled(short, d) == 0
    assert stories.retitled(a, _at(*r["b"][:3], "okaz")) == 0                 # one paper's
    assert stories.retitled(a, _at(*r["b"][:2], stories.REWRITE_DAYS + 1, "alyaum")) == 0
    for later in "bc":
        s = stories.StoryAssigner()
        docs = {i: Document(id=i, path="p", title=t, body=body, source=src,
                            date=dt.date.fromordinal(735800 + day)) for i, (t, body, day, src) in r.items()}
        s.assign(docs["a"]), s.assign(docs[later])
        assert docs[later].story == {"b": "a", "c": "c"}[later]


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_an_incremental_run_compares_the_story_first_document(engine, tmp_path, request):
    # c's keys find b2 and b3 only; the engine's lookup brings the story's first document, a:
    # c is like one of the three, so it stays apart, as in one run
    from conftest import opensearch_name, write_news
    if engine == "opensearch":
        request.getfixturevalue("opensearch_client")
    target = tmp_path / "ix" if engine == "whoosh" else opensearch_name("storychain")
    rows = {i: (i, t, b, "2015-08-07", "x", "") for i, (t, b) in _chain().items()}
    src = write_news(tmp_path / "src", rows=[rows[i] for i in ("a", "b1", "b2", "b3")]).parent
    index_paths(open_sink(engine, target), [str(src)])
    write_news(src, rows=[rows["c"]], name="later.jsonl")
    assert index_paths(open_sink(engine, target), [str(src)]).indexed == 1
    searcher = open_searcher(engine, target)
    assert {v["id"] for v in searcher.story_versions("b2")} == {"a", "b1", "b3"}
    assert searcher.document("c")["story"] == "c"


def test_half_the_text_shared_within_a_day_is_one_story_whatever_the_titles():
    words = WIRE_AR.split()
    half = " ".join(words[:30] + ["وكانت", "الوزارة", "أعلنت", "في", "وقت", "سابق", "خطة", "طوارئ",
                                  "لمستشفيات", "المنطقة", "الغربية", "خلال", "موسم", "الصيف"] + words[30:40])
    a = fp(WIRE_AR, "وزير الصحة يطمئن على مصابي حادث مكة", day=735800)
    b = fp(half, "جولة تفقدية", day=735801)
    later = fp(half, "جولة تفقدية", day=735805)
    assert stories.HALF <= stories.similarity(a, b) < stories.SAME
    assert stories.same_story(a, b) > 0 and stories.same_story(a, later) == 0


def test_a_roundup_opening_with_a_short_article_stays_apart():
    # the short text is the long one's lead; a cut copy keeps a headline sharing words, a
    # roundup has a broader one
    short = " ".join(WIRE_AR.split()[:45])
    roundup = WIRE_AR + " " + " ".join(r[2] for r in RECORDS if r[0] in ("d1", "d2", "d3"))
    a = fp(short, "وزير الصحة يطمئن على مصابي حادث مكة", day=735800)
    cut_of = fp(roundup, "وزير الصحة يزور مصابي الحادث في جدة", day=735800)
    broader = fp(roundup, "حصاد الأسبوع: مدارس جديدة وأسعار النفط", day=735800)
    assert stories.same_story(a, cut_of) >= stories.SAME
    assert stories.same_story(a, broader) == 0


def test_a_short_copy_inside_a_longer_version_the_same_day_joins():
    # the short text is whole inside the long one, not at its lead, and below CLOSE by
    # Jaccard: one story the same day under a headline sharing words; not a day later, and
    # not under a broader headline (a roundup)
    short = " ".join(WIRE_AR.split()[:45])
    longer = " ".join(r[2] for r in RECORDS if r[0] in ("d1", "d2", "d3", "we1")) + " " + WIRE_AR
    a = fp(short, "وزير الصحة يطمئن على مصابي حادث مكة", day=735800)
    version = fp(longer, "وزير الصحة يزور مصابي الحادث ومدارس جديدة", day=735800)
    assert stories.CONTAIN_JAC <= stories.similarity(a, version) < stories.CLOSE
    assert stories.same_story(a, version) > 0
    assert stories.same_story(a, fp(longer, "وزير الصحة يزور مصابي الحادث ومدارس جديدة", day=735801)) == 0
    assert stories.same_story(a, fp(longer, "حصاد الأسبوع: مدارس جديدة وأسعار النفط", day=735800)) == 0


def test_one_papers_texts_below_half_join_only_under_its_own_headline():
    # a paper's templates (weather, markets, local notes) share text under other headlines;
    # two papers' edited copies under headlines sharing words join, as does a paper's reprint
    words = WIRE_AR.split()
    edited = " ".join(["وأوضح", "المتحدث", "أن"] + words[3:25] + ["وأضاف", "المصدر"] + words[50:])

    def at(text, source, title):
        f = fp(text, title, day=735800)
        f.source = stories.source_code(source)
        return f
    first = at(WIRE_AR, "okaz", "تركيا تجمد أموال صالح")
    other_title = "تركيا تجمد أموال المخلوع وقادة حوثيين"
    assert stories.CLOSE <= stories.similarity(first, at(edited, "alyaum", other_title)) < stories.HALF
    assert stories.same_story(first, at(edited, "alyaum", other_title)) > 0
    assert stories.same_story(first, at(edited, "okaz", other_title)) == 0
    assert stories.same_story(first, at(edited, "okaz", "تركيا تجمد أموال صالح")) > 0


def test_near_duplicates_join_the_first_story_and_others_do_not():
    s = stories.StoryAssigner()
    docs = [Document(id=i, path="p", title=t, body=b) for i, t, b, *_ in RECORDS]
    for d in docs:
        s.assign(d)
    got = {d.id: d.story for d in docs}
    assert got["wa2"] == got["wa3"] == got["wa4"] == "wa1"
    assert got["we2"] == "we1"
    assert all(got[i] == i for i in ("d1", "d2", "d3", "c1", "c2"))


def test_candidates_from_the_index_are_used_and_own_old_version_skipped():
    stored = fp(WIRE_AR).encode()
    asked = []

    def lookup(keys):
        asked.append(keys)
        return [("new", "new", stored), ("old", "story-7", stored)]
    doc = Document(id="new", path="p", body=WIRE_AR)
    stories.StoryAssigner(lookup).assign(doc)
    assert doc.story == "story-7" and len(asked[0]) == stories.BANDS + stories.LEAD_BANDS + 1


def test_fingerprints_of_an_older_grouping_are_not_compared():
    old_signature = base64.b64encode(np.arange(64, dtype="<u4").tobytes()).decode("ascii")
    assert stories.decode(old_signature) is None
    assert stories.decode("not base64!") is None


def test_story_fields_are_not_part_of_the_content_hash():
    d = Document(id="a", path="p", body=WIRE_AR)
    before = d.content_hash
    stories.StoryAssigner().assign(d)
    assert d.story and d.minhash and d.content_hash == before


# -- grouping on both engines
def test_one_result_per_story(research_searcher):
    res = research_searcher.search("", group="story", sort="date", size=20)
    assert (res.total, res.stories, res.group) == (len(RECORDS), 7, "story")
    by_id = {h.id: h for h in res.hits}
    assert len(res.hits) == 7 and by_id["wa1"].similar_count == 3
    assert {v["id"] for v in by_id["wa1"].similar} == {"wa2", "wa3", "wa4"}
    assert all(v["source"] and v["title"] for v in by_id["wa1"].similar)
    assert [v["date"] for v in by_id["wa1"].similar] == sorted(v["date"] for v in by_id["wa1"].similar)
    assert by_id["we1"].similar_count == 1 and by_id["d1"].similar_count == 0


def test_group_none_shows_every_article(research_searcher):
    res = research_searcher.search("", group="none", size=20)
    assert len(res.hits) == res.total == len(RECORDS) and res.stories is None
    assert all(h.similar_count == 0 for h in res.hits)


def test_grouped_pages_count_stories(research_searcher):
    first = research_searcher.search("", group="story", sort="date", size=3)
    second = research_searcher.search("", group="story", sort="date", size=3, page=2)
    third = research_searcher.search("", group="story", sort="date", size=3, page=3)
    assert first.pages == 3
    ids = [h.id for r in (first, second, third) for h in r.hits]
    assert len(ids) == len(set(ids)) == 7


def test_similar_versions_follow_the_filters(research_searcher):
    res = research_searcher.search("", group="story", filters={"source": ["الرياض", "عكاظ"]}, size=20)
    by_id = {h.id: h for h in res.hits}
    lead = by_id.get("wa1") or by_id.get("wa2")
    assert lead.similar_count == 1 and (res.total, res.stories) == (5, 4)


def test_story_versions_of_a_document(research_searcher):
    assert {v["id"] for v in research_searcher.story_versions("wa2")} == {"wa1", "wa3", "wa4"}
    assert research_searcher.story_versions("d1") == []
    assert "minhash" not in research_searcher.document("wa1")


def test_group_is_validated():
    from corpus.request import SearchRequest
    with pytest.raises(QueryError, match="group must be"):
        SearchRequest.build("x", group="stories")
    with pytest.raises(QueryError, match="group=none"):
        SearchRequest.build("x", group="story", page=200, size=100)


# -- incremental runs find candidates through the engine
def _add_version(src):
    (src / "later.jsonl").write_text(json.dumps(
        {"id": "wa5", "title": "نسخة لاحقة", "content": WIRE_AR + " في وقت لاحق", "date": "2015-07-30",
         "source": "الوطن"}, ensure_ascii=False) + "\n", encoding="utf-8")


def test_incremental_whoosh_joins_the_indexed_story(research_src, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(research_src, src)
    index_paths(tmp_path / "ix", [str(src)])
    _add_version(src)
    report = index_paths(tmp_path / "ix", [str(src)])
    assert report.indexed == 1
    assert {v["id"] for v in open_searcher("whoosh", tmp_path / "ix").story_versions("wa5")} == \
        {"wa1", "wa2", "wa3", "wa4"}


def test_incremental_opensearch_joins_the_indexed_story(opensearch_client, research_src, tmp_path):
    from conftest import opensearch_name
    src = tmp_path / "src"
    shutil.copytree(research_src, src)
    name = opensearch_name("stories")
    index_paths(open_sink("opensearch", name), [str(src)])
    _add_version(src)
    assert index_paths(open_sink("opensearch", name), [str(src)]).indexed == 1
    searcher = open_searcher("opensearch", name)
    assert {v["id"] for v in searcher.story_versions("wa5")} == {"wa1", "wa2", "wa3", "wa4"}


def _add_near_copy(src):
    (src / "copy.jsonl").write_text(json.dumps(
        {"id": "wa6", "title": "وزير الصحة يطمئن على مصابي حادث مكة", "content": NEAR_COPY,
         "date": "2015-08-05", "source": "الوئام"}, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_incremental_near_copy_with_another_dateline_and_footer_joins(engine, research_src, tmp_path, request):
    from conftest import opensearch_name
    if engine == "opensearch":
        request.getfixturevalue("opensearch_client")
    target = tmp_path / "ix" if engine == "whoosh" else opensearch_name("storycopy")
    src = tmp_path / "src"
    shutil.copytree(research_src, src)
    index_paths(open_sink(engine, target), [str(src)])
    _add_near_copy(src)
    assert index_paths(open_sink(engine, target), [str(src)]).indexed == 1
    versions = {v["id"] for v in open_searcher(engine, target).story_versions("wa6")}
    assert versions == {"wa1", "wa2", "wa3", "wa4"}


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_incremental_rewrite_joins_through_the_stored_fingerprint(engine, tmp_path, request):
    # the release in one run, another paper's rewrite in the next: the headline test reads
    # the release's words from the fingerprint the engine stored
    from conftest import opensearch_name, write_news
    if engine == "opensearch":
        request.getfixturevalue("opensearch_client")
    target = tmp_path / "ix" if engine == "whoosh" else opensearch_name("storyrewrite")
    r = _rewrites()
    rows = {i: (i, t, body, dt.date.fromordinal(735800 + day).isoformat(), src, "")
            for i, (t, body, day, src) in r.items()}
    write_news(tmp_path / "src", [rows["a"]], "a.jsonl")
    assert index_paths(open_sink(engine, target), [str(tmp_path / "src")]).indexed == 1
    write_news(tmp_path / "src", [rows["b"]], "b.jsonl")
    assert index_paths(open_sink(engine, target), [str(tmp_path / "src")]).indexed == 1
    assert open_searcher(engine, target).document("b")["story"] == "a"


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_incremental_retitled_copy_joins_through_the_stored_fingerprint(engine, tmp_path, request):
    # the release in one run, another paper's text under its headline in the next: the leads
    # are compared on the shingles the engine stored, in text order (fails without retitled)
    from conftest import opensearch_name, write_news
    if engine == "opensearch":
        request.getfixturevalue("opensearch_client")
    target = tmp_path / "ix" if engine == "whoosh" else opensearch_name("storyretitled")
    rows = {i: (i, t, body, dt.date.fromordinal(735800 + day).isoformat(), src, "")
            for i, (t, body, day, src) in _retitled().items()}
    for i in "ab":
        write_news(tmp_path / "src", [rows[i]], f"{i}.jsonl")
        assert index_paths(open_sink(engine, target), [str(tmp_path / "src")]).indexed == 1
    assert open_searcher(engine, target).document("b")["story"] == "a"


# -- an index built before the story field: say "rebuild", don't fail
def test_old_whoosh_index_asks_for_a_rebuild(research_src, tmp_path, monkeypatch):
    from corpus.engines.whoosh import schema, store
    real = schema.build_schema

    def old_schema():
        s = real()
        for name in ("story", "story_keys", "minhash"):
            s.remove(name)
        return s
    monkeypatch.setattr(store, "build_schema", old_schema)
    src = tmp_path / "src"
    shutil.copytree(research_src, src)
    _index_without_stories(tmp_path / "ix", src, monkeypatch)
    monkeypatch.setattr(store, "build_schema", real)
    res = open_searcher("whoosh", tmp_path / "ix").search("وزير", group="story")
    assert res.group == "none" and res.total and any("--rebuild" in n for n in res.notices)
    _add_version(src)
    with pytest.raises(IndexProblem, match="rebuild"):
        index_paths(tmp_path / "ix", [str(src)])
    from click.testing import CliRunner
    from corpus.cli import main
    out = CliRunner().invoke(main, ["index", "--index", str(tmp_path / "ix"), str(src)])
    assert out.exit_code == 1 and "corpus index --rebuild" in out.output and "Traceback" not in out.output
    assert index_paths(tmp_path / "ix", [str(src)], rebuild=True).documents == len(RECORDS) + 1


def _index_without_stories(index, src, monkeypatch):
    """Index as the code before story grouping did: no story fields written."""
    from corpus.engines.whoosh import writers
    real = writers.document_fields

    def old_fields(doc):
        out = real(doc)
        for name in ("story", "story_keys", "minhash"):
            out.pop(name, None)
        return out
    monkeypatch.setattr(writers, "document_fields", old_fields)
    index_paths(index, [str(src)])
    monkeypatch.setattr(writers, "document_fields", real)


def test_cli_groups_by_story(research_index):
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-m", "corpus", "search", "--index", str(research_index),
                          "--group", "story", "--sort", "date", "--limit", "20"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{len(RECORDS)} results in 7 stories")
    assert run.stdout.count("\n   +3 similar from ") == 1 and run.stdout.count("\n   +1 similar") == 1
    flat = subprocess.run([sys.executable, "-m", "corpus", "search", "--index", str(research_index),
                           "--count", "stories", "--limit", "20"], capture_output=True, text=True)
    assert flat.stdout.startswith(f"{len(RECORDS)} results in 7 stories") and "similar" not in flat.stdout
    bad = subprocess.run([sys.executable, "-m", "corpus", "search", "--index", str(research_index),
                          "--group", "paper"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_an_index_of_an_older_story_grouping_must_be_rebuilt(engine, tmp_path, request):
    from conftest import drop_meta_key, write_news
    if engine == "opensearch":
        from conftest import opensearch_name
        request.getfixturevalue("opensearch_client")
        target = opensearch_name("stories-version")
    else:
        target = tmp_path / "index"
    src = write_news(tmp_path / "src", rows=[("w1", "تركيا", WIRE_AR, "2015-08-07", "x", "")])
    index_paths(open_sink(engine, target), [str(src)])
    assert open_sink(engine, target).meta()["stories"] == stories.VERSION
    assert stories.REBUILD not in open_searcher(engine, target).search("تركيا").notices

    drop_meta_key(engine, open_sink(engine, target), "stories")
    with pytest.raises(IndexProblem, match="older story grouping"):
        index_paths(open_sink(engine, target), [str(src)])
    assert stories.REBUILD in open_searcher(engine, target).search("تركيا").notices
    index_paths(open_sink(engine, target), [str(src)], rebuild=True)
    assert stories.REBUILD not in open_searcher(engine, target).search("تركيا").notices


def test_among_many_look_alikes_the_copy_sharing_most_keys_is_compared():
    words = WIRE_AR.split()
    s = stories.StoryAssigner()
    first = Document(id="first", path="p", title="تركيا", body=WIRE_AR)
    s.assign(first)
    for i in range(3 * stories.CHECK):     # template look-alikes crowd the shared bands
        variant = words[:10] + [f"كلمة{i}", f"اسم{i}"] + words[12:30] + [f"مدينة{i}"]
        s.assign(Document(id=f"v{i}", path="p", title=f"خبر {i}", body=" ".join(variant)))
    copy = Document(id="copy", path="p", title="تركيا", body=WIRE_AR)
    s.assign(copy)
    assert copy.story == "first"


# -- the Whoosh band keys: a column read into a BandTable, the terms of older indexes
def _old_band_schema():
    from whoosh import fields
    from corpus.engines.whoosh.schema import build_schema
    s = build_schema()
    s.remove("story_keys")
    s.add("story_bands", fields.KEYWORD())
    return s


def _look_alikes(folder):
    """Template look-alikes sharing many band keys, in ties: the candidates a lookup ranks."""
    from conftest import write_news
    words = WIRE_AR.split()
    rows = [("first", "تركيا", WIRE_AR, "2015-08-07", "x", "")]
    for i in range(3 * stories.CHECK):
        variant = words[:10] + [f"كلمة{i % 7}", f"اسم{i % 5}"] + words[12:30] + [f"مدينة{i % 3}"]
        rows.append((f"v{i}", f"خبر {i}", " ".join(variant), "2015-08-07", "x", ""))
    return write_news(folder, rows=rows)


def test_band_table_ranks_candidates_as_a_search_of_the_key_terms(tmp_path, monkeypatch):
    from corpus.engines.whoosh import research, store
    src = _look_alikes(tmp_path / "src").parent
    index_paths(tmp_path / "new", [str(src)])
    monkeypatch.setattr(store, "build_schema", _old_band_schema)
    index_paths(tmp_path / "old", [str(src)])
    new, old = (store.open_index(tmp_path / d) for d in ("new", "old"))
    assert "story_keys" in new.schema and "story_bands" in old.schema
    by_column, by_terms = (research.story_lookup(ix, False, "here") for ix in (new, old))
    words = WIRE_AR.split()
    probes = [WIRE_AR] + [" ".join(words[:10] + [f"كلمة{i}", f"اسم{i}"] + words[12:30] + [f"مدينة{i}"])
                          for i in range(6)]
    found = []
    for text in probes:
        keys = stories.band_keys(stories.fingerprint("", text))
        got = [(i, st) for i, st, _ in by_column(keys)]
        assert got == [(i, st) for i, st, _ in by_terms(keys)]
        found.append(len(got))
    # more candidates than CHECK: the cut is tested (their stories' first documents come too)
    assert sum(n >= stories.CHECK for n in found) >= 5


def test_an_index_with_band_key_terms_still_groups_new_documents(research_src, tmp_path, monkeypatch):
    from corpus.engines.whoosh import store
    src = tmp_path / "src"
    shutil.copytree(research_src, src)
    monkeypatch.setattr(store, "build_schema", _old_band_schema)
    index_paths(tmp_path / "ix", [str(src)])
    monkeypatch.undo()
    _add_version(src)
    assert index_paths(tmp_path / "ix", [str(src)]).indexed == 1
    searcher = open_searcher("whoosh", tmp_path / "ix")
    assert {v["id"] for v in searcher.story_versions("wa5")} == {"wa1", "wa2", "wa3", "wa4"}


def _datasketch_minhash(hashes: np.ndarray) -> np.ndarray:
    from datasketch import MinHash
    m = MinHash(num_perm=stories.NUM_PERM, seed=stories.SEED, scheme="affine32", hashfunc=int)
    m.update_batch(np.unique(hashes).tolist())
    return m.hashvalues


def test_signatures_are_datasketchs_minhashes():
    rnd = np.random.default_rng(7)
    for size in (8, 59, 60, 61, 400):
        shingles = rnd.integers(0, 2 ** 32, size, dtype=np.uint64).astype(np.uint32)
        shingles[size // 2] = shingles[0]           # repeated shingles count once
        fp = stories.Fingerprint(shingles, np.array([], dtype=np.uint32))
        head, lead = stories.signatures(fp)
        assert np.array_equal(head, _datasketch_minhash(shingles))
        assert np.array_equal(lead, _datasketch_minhash(shingles[:stories.LEAD_WORDS]))


def _head_words_word_by_word(text: str, limit: int) -> list[str]:
    """head_words as first written: analyze_word of each token in turn."""
    from corpus.analysis.analyzer import analyzed_words
    words: list[str] = []
    for exact, stem, stop in analyzed_words(text):
        if stop or not stem:
            continue
        if words and words[-1] == "عبد":
            words[-1] = "عبد" + exact
            continue
        words.append(exact if exact.startswith("عبد") else stem)
        if len(words) == limit:
            break
    return words


@pytest.mark.parametrize("limit", [3, 40, stories.MAX_WORDS])
def test_head_words_are_those_of_analysing_each_word_in_turn(limit, monkeypatch):
    monkeypatch.setattr(stories, "HEAD_CHARS", 30)       # the cut into parts falls inside these texts
    texts = ["قال عبد الله بن عبدالعزيز و عبد", "عبد", "في من عبد إلى عبد الرحمن",
             "The minister's aide met O'Brien; 2015 talks in الرياض والرياضة\nوزير النفط " * 40,
             "وَزِيرُ الصحة والوزيـــر " * 300, "كلمة" * 50 + " " + "نص " * 10, "", "   ", "١٢٣ 456 abc"]
    for text in texts:
        assert stories.head_words(text, limit) == _head_words_word_by_word(text, limit), text[:60]
