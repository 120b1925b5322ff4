"""Clean metadata (corpus/metadata): bylines, gazetteer, display names, and the facets on both engines."""
from __future__ import annotations

import json

import pytest

from corpus import metadata
from corpus.document import Document
from corpus.errors import IndexProblem
from corpus.indexer import index_paths
from corpus.metadata import byline, gazetteer, tables

# -- bylines: one rule per case ----------------------------------------------------------------


@pytest.mark.parametrize("value, agency, place, person", [
    ("واس - جدة", "SPA", "Jeddah", ""),                              # agency - place
    ("جدة - واس", "SPA", "Jeddah", ""),                              # place - agency
    ("واس (جدة)", "SPA", "Jeddah", ""),                              # place in brackets
    ("\u00a0واس (الرياض)", "SPA", "Riyadh", ""),                     # no-break space
    ("واس&nbsp;- جدة", "SPA", "Jeddah", ""),                         # an HTML entity
    ("لندن: رنيم حنوش", "", "London", "رنيم حنوش"),                  # place: person
    ("دبي : رويترز", "Reuters", "Dubai", ""),                        # place: agency
    ("أربيل (العراق) / عارف يوسف / الأناضول", "Anadolu", "Erbil", "عارف يوسف"),
    ("«الاقتصادية» من الرياض", "aleqtisadiya", "Riyadh", ""),       # a paper from a place
    ('"الاقتصادية" من الرياض', "aleqtisadiya", "Riyadh", ""),
    ("عادل الخنين من الرياض", "", "Riyadh", "عادل الخنين"),
    ("الرياض - الرياضية | Tuesday, 1 March 2016", "arriyadiyah", "Riyadh", ""),   # a date dropped
    ("مهنا التميمي- سبق- القريات:", "sabq", "Al Qurayyat", "مهنا التميمي"),
    ("برلين  - د.ب.أ", "dpa", "Berlin", ""),                          # د is not a title here
    ("د. محمد بن يحيى أبوملحة", "", "", "محمد بن يحيى أبوملحة"),      # but here
    ("تقرير - سلطان المواش:", "", "", "سلطان المواش"),                # kind of piece dropped
    ("جازان - أحمد حكمي / تصوير- طلال ذيابي:", "", "Jazan", "أحمد حكمي"),   # a photo credit
    ("متابعة - الرياض الإلكتروني", "alriyadh", "", ""),              # the paper's web edition
    ("دبي - مكتب «الرياض»", "alriyadh", "Dubai", ""),                # its office
    ("الوكالات - نيويورك", "Agencies", "New York", ""),
    ("أملج - واس", "SPA", "Umluj", ""),
    ("ياوندي - د ب أ:", "dpa", "Yaounde", ""),                        # geonames
    ("الدليمية - خالد المطرفي:", "", "الدليمية", "خالد المطرفي"),     # unknown place, by position
    ("رياح الوفا", "", "", "رياح الوفا"),                              # a lone name is the author
    ("تل أبيب: نظير مجلي  رام الله: كفاح زبون", "", "Tel Aviv", "نظير مجلي"),   # two bylines
    ("يوسف الصاعدي - المدينة المنورة  تصوير - عوض السحيمي", "", "Medina", "يوسف الصاعدي"),
    ("كانا إناجاكي وليو لويس من طوكيو", "", "Tokyo", "كانا إناجاكي"),
    ("@SUM(A1)", "", "", "@SUM(A1)"),                                 # not a byline: as written
])
def test_byline(value, agency, place, person):
    assert byline.parse(value) == byline.Byline(agency, place, person)


def test_clean_keeps_text_and_drops_dates():
    assert byline.clean("الرياض&nbsp;- واس 22.01.2019") == "الرياض - واس"


# -- gazetteer and tables ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["أربيل", "اربيل", "إربيل", "هەولێر", "Erbil", "Arbil", "Hawler"])
def test_every_spelling_of_erbil_is_one_place(name):
    assert gazetteer.canonical(name) == "Erbil"


def test_labels_show_the_page_language_first():
    assert metadata.label("place", "Erbil", "ar") == "أربيل (Erbil)"
    assert metadata.label("place", "Erbil", "en") == "Erbil (أربيل)"
    assert metadata.label("source", "3alyoum") == "عاجل اليوم (3alyoum)"
    assert metadata.label("section", "World") == "دولي (World)"
    assert metadata.label("place", "مكان مجهول") == "مكان مجهول"      # unknown: as written


def test_aliases_merge():
    assert metadata.canonical("source", "arreyadi") == metadata.canonical("source", "arriyadiyah") == "arriyadiyah"
    assert metadata.canonical("section", "دولي") == metadata.canonical("section", "World") == "World"
    assert metadata.canonical("agency", "أ. ف. ب") == metadata.canonical("agency", "فرانس برس") == "AFP"


def test_users_extend_the_tables(tmp_path, monkeypatch):
    (tmp_path / "sections.tsv").write_text("# ours\nFeatures\tمنوعات\tFeatures\tمتفرقات\n", encoding="utf-8")
    monkeypatch.setenv(tables.ENV_DIR, str(tmp_path))
    tables.table.cache_clear()
    try:
        assert metadata.canonical("section", "متفرقات") == "Features"
        assert metadata.canonical("section", "دولي") == "World"         # the package's rows stay
    finally:
        monkeypatch.delenv(tables.ENV_DIR)
        tables.table.cache_clear()


def test_indexed_metadata_keeps_the_raw_byline():
    doc = Document(id="x", path="p", author="واس - جدة", source="was", section="دولي")
    assert metadata.indexed_metadata(doc) == {"source": "SPA", "section": "World", "agency": "SPA",
                                              "place": "Jeddah", "author": "", "byline": "واس - جدة",
                                              "person": [], "org": [], "mentioned_place": []}


# -- the facets, on both engines -------------------------------------------------------------------

def test_place_filter_by_any_spelling_finds_both(news_searcher):
    by_ar = news_searcher.search("", filters={"place": ["أربيل"]}, sort="date")
    by_ku = news_searcher.search("", filters={"place": ["هەولێر"]}, sort="date")
    assert {h.id for h in by_ar.hits} == {h.id for h in by_ku.hits} >= {"ar2", "ar4", "en2"}
    assert {h.place for h in by_ar.hits} == {"Erbil"}
    assert [(v.value, v.selected) for v in by_ar.facets["place"] if v.selected] == [("Erbil", True)]


def test_agency_facet_and_filter(news_searcher):
    res = news_searcher.search("", facets=("agency",))
    agencies = {v.value: v.count for v in res.facets["agency"]}
    assert agencies["Anadolu"] == 3 and agencies["Reuters"] == 3 and agencies["Rudaw"] == 3
    only = news_searcher.search("", filters={"agency": ["رويترز"]})
    assert {h.id for h in only.hits} == {"ar3", "en1", "en3"}
    assert {h.agency for h in only.hits} == {"Reuters"}


def test_query_field_takes_any_spelling(news_searcher):
    assert {h.id for h in news_searcher.search("place:هەولێر").hits} >= {"ar2", "ar4", "en2"}


# -- an index built before these fields -----------------------------------------------------------

def test_old_whoosh_index_says_rebuild(tmp_path, monkeypatch):
    """An index from before agency/byline: searches say to rebuild, an update is refused
    with that message (not a traceback), and --rebuild fixes it."""
    from corpus.engines import open_searcher
    from corpus.engines.whoosh import schema, store, writers
    real_schema, real_values = schema.build_schema, writers.indexed_values

    def old_schema():
        s = real_schema()
        for name in metadata.FIELDS:
            s.remove(name)
        return s
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text(json.dumps({"id": "a", "title": "النفط", "content": "النفط",
                                             "author": "واس - جدة"}, ensure_ascii=False) + "\n", encoding="utf-8")
    index = tmp_path / "index"
    with monkeypatch.context() as old:          # what an older version of the code built
        old.setattr(store, "build_schema", old_schema)
        old.setattr(writers, "has_metadata_fields", lambda names: True)
        old.setattr(writers, "indexed_values",
                    lambda doc: {k: v for k, v in real_values(doc).items() if k not in metadata.FIELDS})
        index_paths(index, [str(src)])
    assert open_searcher("whoosh", index).search("النفط").notices == [metadata.METADATA_REBUILD]
    (src / "b.jsonl").write_text(json.dumps({"id": "b", "title": "النفط", "content": "x"},
                                            ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(IndexProblem, match="--rebuild"):
        index_paths(index, [str(src)])
    index_paths(index, [str(src)], rebuild=True)
    res = open_searcher("whoosh", index).search("النفط")
    assert res.notices == [] and res.total == 2
    assert {h.agency for h in res.hits} == {"SPA", None}     # a missing value is None
