"""The search function: query language, filters, facets, sorting, paging, snippets.

The conformance suite: every test taking `corpus` runs against each engine (Whoosh, and
the real OpenSearch cluster when CORPUS_OPENSEARCH_URL names one; scripts/test.sh starts it).
"""
from __future__ import annotations

import pytest

from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
from corpus.errors import QueryError


@pytest.fixture
def corpus(news_searcher):
    return news_searcher


def ids(res):
    return {h.id for h in res.hits}


@pytest.mark.parametrize("q, expected", [
    ("الجيش", {"ar1", "ar2", "seed000", "seed004"}),       # stemmed: الجيش = جيش = والجيش
    ("جيش", {"ar1", "ar2", "seed000", "seed004"}),
    ("الْجَيْشُ", {"ar1", "ar2", "seed000", "seed004"}),      # diacritics stripped
    ("بيشمركه", {"ar2", "seed000", "seed004"}),             # ة/ه and the article
    ("اربيل", {"seed000"}),                                   # hamza-less alef matches أربيل
    ("الجيش النفط", set()),                                   # all words required by default
    ("الجيش OR النفط", {"ar1", "ar2", "ar3", "seed000", "seed004"}),
    ("الجيش NOT البيشمركة", {"ar1"}),
    ('"غرف عمليات مشتركة"', {"ar2", "seed004"}),             # phrase
    ('"مشتركة غرف"', set()),                                   # word order matters in phrases
    ("source:رويترز", {"ar3", "en1", "en3"}),                 # one outlet, any spelling
    ("source:Reuters army", {"en1"}),
    ("place:اربيل", {"ar2", "ar4", "seed000", "en2"}),       # one place: أربيل = Erbil
    ("lang:en", {"en1", "en2", "en3"}),
    ("title:النفط", {"ar3"}),
    ("بيشمر*", {"ar2", "seed000", "seed004"}),                # prefix
    ("Peshmerga's", {"en2"}),
    ("armies", {"en1", "en2"}),                               # English stemming
    ("date:[2020-01-01 TO 2020-12-31]", {"ar2", "ar5", "en2"}),
])
def test_query_language(corpus, q, expected):
    res = corpus.search(q, size=50, translate="off")   # the analysis (translation: test_translate.py)
    got = {("seed000" if i.endswith("000_2b962490b787794b.txt") else "seed004" if i.endswith("004_3984e7fda9c7b76c.txt") else i)
           for i in ids(res)}
    assert got == expected
    assert res.total == len(expected)


def test_or_mode_matches_any_word(corpus):
    assert corpus.search("الجيش النفط", op="or", size=50, translate="off").total == 5


@pytest.mark.parametrize("q, message, words", [
    ('"unclosed phrase', "unbalanced quote", "phrase"),
    ("(الجيش OR النفط", "parentheses", "الجيش"),
    ("الجيش)", "parentheses", "الجيش"),
    ("date:[2019-01-01 TO", "range", "2019"),
    ("nosuchfield:x", "unknown field", "x"),
    ("date:[notadate TO 2019]", "not a date", "notadate"),
    ("date:[2019-01-01 TO", "range", "2019"),
    ("NOT " * 120 + "الجيش", "nested too deeply", "الجيش"),
])
def test_malformed_queries_are_searched_as_plain_words(corpus, q, message, words):
    """Not valid syntax (a pasted title, a typo): plain words, and a notice saying why (the
    syntax only: untranslated words have their own notice, tests/test_translate_names.py)."""
    res = corpus.search(q, translate="off")
    assert len(res.notices) == 1
    assert res.notices[0].startswith("searched as plain words") and message in res.notices[0]
    assert res.query == q.strip()
    assert corpus.search("body:" + words).notices == []


def test_plain_words_find_what_the_words_find(corpus):
    assert ids(corpus.search('الجيش "العراقي')) == ids(corpus.search("الجيش العراقي"))
    assert corpus.search("Iraq: the war", translate="off").notices == []   # a colon then a space: no field


@pytest.mark.parametrize("kwargs, message", [
    ({"sort": "random"}, "unknown sort"), ({"page": 0}, "page"), ({"size": 101}, "size"),
    ({"page": 10 ** 20}, "page"),
    ({"since": "yesterday"}, "ISO date"), ({"op": "xor"}, "op"), ({"filters": {"colour": ["red"]}}, "unknown filter"),
])
def test_bad_parameters(corpus, kwargs, message):
    with pytest.raises(QueryError, match=message):
        corpus.search("الجيش", **kwargs)


def test_facets_follow_query_and_other_filters(corpus):
    res = corpus.search("", filters={"lang": ["ar"]}, size=50)
    lang = {f.value: (f.count, f.selected) for f in res.facets["lang"]}
    # the selected value does not zero out its siblings
    assert lang["ar"] == (7, True) and lang["en"] == (3, False)
    # other facets follow the lang filter
    sources = {f.value: f.count for f in res.facets["source"]}
    assert sources == {"Anadolu": 3, "Rudaw": 2, "Reuters": 1}     # outlet ids (corpus/metadata)
    assert res.total == 7


def test_filters_combine_and_normalise(corpus):
    res = corpus.search("", filters={"source": ["الاناضول"], "year": ["2020"]})
    assert ids(res) == {"ar5"}
    res = corpus.search("", since="2019-01-01", until="2019-01-31", size=50)
    assert {h.date for h in res.hits} <= {"2019-01-05", "2019-01-06", "2019-01-22"} and res.total == 3


def test_sort_and_pagination(corpus):
    newest = corpus.search("", sort="-date", size=3)
    assert [h.date for h in newest.hits] == ["2020-05-09", "2020-05-08", "2020-02-01"]
    oldest = corpus.search("", sort="date", size=2, page=2)
    assert [h.date for h in oldest.hits] == ["2019-01-06", "2019-01-22"]   # after 2018-09-30, 2019-01-05
    assert oldest.pages == 5 and oldest.total == 10
    beyond = corpus.search("", page=99)
    assert beyond.hits == [] and beyond.total == 10


def test_snippets_are_stem_aware_and_escaped(corpus):
    res = corpus.search("والجيش")
    hit = next(h for h in res.hits if h.id == "ar1")
    assert "<mark>الجيش</mark>" in hit.snippet               # والجيش highlights الجيش
    assert "<mark>الجيش</mark>" in hit.title_html
    res = corpus.search("بيشمركه")
    assert any("<mark>البيشمركة</mark>" in h.snippet for h in res.hits)


def test_title_ranks_above_body(corpus):
    res = corpus.search("النفط", op="or")
    assert res.hits[0].id == "ar3"


def test_document_view_highlights_query(corpus):
    doc = corpus.document("ar2", q="البيشمركة")
    assert doc["title"].startswith("البيشمركة") and doc["date"] == "2020-05-08"
    assert "<mark>البيشمركة</mark>" in doc["body_html"]
    assert corpus.document("no-such-id") is None


def test_seed_metadata_is_searchable(corpus):
    hit = corpus.search("التحالف الدولي يحث").hits[0]
    assert hit.title == "التحالف الدولي يحث الجيش العراقي والبيشمركة على مزيد من التعاون"
    assert (hit.date, hit.source, hit.place, hit.author, hit.section) == \
        ("2019-01-22", "Anadolu", "Erbil", "عارف يوسف", "World")
    assert hit.agency == "Anadolu"


def test_export_yields_every_hit(corpus):
    rows = list(corpus.export("", filters={"lang": ["ar"]}, sort="date"))
    assert len(rows) == 7 and rows[0]["date"] == "2018-09-30"


def test_stats(corpus):
    st = corpus.stats()
    assert st["documents"] == 10 and st["lang"] == {"ar": 7, "en": 3}
    assert st["index_bytes"] > 0 and st["last_indexed"]


@pytest.mark.parametrize("op", ["and", "or"])
@pytest.mark.parametrize("q", ["الجيش", "الجيش OR النفط", "الجيش NOT البيشمركة", "source:Reuters army",
                               "place:اربيل", '"غرف عمليات مشتركة"', "بيشمر*", ""])
def test_fast_path_gives_the_whoosh_paths_results(news_index, q, op):
    """corpus/engines/whoosh/fastsearch/ (boolean trees of terms) against Whoosh alone (Corpus(fast=False))."""
    fast, whoosh = Corpus(news_index), Corpus(news_index, fast=False)
    for kwargs in ({"size": 50}, {"size": 3, "page": 2}, {"filters": {"lang": ["ar"]}},
                   {"since": "2019-06-01"}, {"sort": "-date"}):
        a, b = fast.search(q, op=op, **kwargs), whoosh.search(q, op=op, **kwargs)
        assert (a.total, a.facets) == (b.total, b.facets)
        assert [(h.id, h.score, h.snippet, h.title_html) for h in a.hits] == \
               [(h.id, h.score, h.snippet, h.title_html) for h in b.hits]


def test_facets_of_a_segment_without_the_field(tmp_path):
    """A segment none of whose documents has a facet has no column for it: counted as empty."""
    from corpus.engines.whoosh import store
    directory = tmp_path / "index"
    ix, name = store.new_generation(directory)
    for batch in (["a1", "a2"], ["b1"]):
        w = ix.writer()
        for i in batch:
            w.add_document(id=i, title="army", body="army news", exact="army army news", lang="en",
                           **({"source": "Reuters"} if i.startswith("a") else {}))
        w.commit(merge=False)
    store.switch_generation(directory, name, {})
    res = Corpus(directory).search("army")
    assert res.total == 3 and {f.value: f.count for f in res.facets["source"]} == {"Reuters": 2}


def test_a_search_reads_one_index_version_checking_the_directory_once(tmp_path, monkeypatch):
    """A search holds the searcher it started with: what it calls on the same thread (the
    forgiving step's and translation's word counts) asks for no other, so the directory
    is checked once; a search after a commit (or after a failed search) sees the commit."""
    from corpus.engines.whoosh import store
    directory = tmp_path / "index"
    ix, name = store.new_generation(directory)
    w = ix.writer()
    w.add_document(id="a1", title="army", body="army news", exact="army news", lang="en")
    w.commit()
    store.switch_generation(directory, name, {})
    c = Corpus(directory)
    checks = []
    monkeypatch.setattr(store, "index_name", lambda d, check=store.index_name: checks.append(d) or check(d))
    res = c.search("army nws", op="or", translate="auto", suggest=True)
    assert res.total == 1 and res.suggestion is None
    assert len(checks) == 1
    with pytest.raises(QueryError):
        c.search("army", page=0)
    w = store.open_index(directory).writer()
    w.add_document(id="a2", title="army", body="army", exact="army", lang="en")
    w.commit()
    assert c.search("army").total == 2
