"""Both engines give the same answers: totals, post-filter facet counts, hits, snippets,
documents, errors and stats, on the same files; and nearly the same ranking on XQuAD.

tests/test_search.py runs every behaviour case against each engine (news_searcher);
this module puts the two side by side."""
from __future__ import annotations

import json
import re

import pytest

from corpus.engines import open_searcher, open_sink
from corpus.errors import QueryError
from corpus.indexer import index_paths

from conftest import SHARED, opensearch_name
from conftest_stories import stories_index, stories_opensearch, stories_src  # noqa: F401

QUERIES = [
    "", "*", "الجيش", "جيش", "الجيش النفط", "الجيش OR النفط", "الجيش NOT البيشمركة",
    '"غرف عمليات مشتركة"', '"مشتركة غرف"', "source:رويترز", "source:Reuters army",
    "place:اربيل", "lang:en", "title:النفط", "بيشمر*", "Peshmerga's", "armies",
    "date:[2020-01-01 TO 2020-12-31]", "date:2019", "من في على", '"unclosed', "(الجيش OR",
    "nosuchfield:x", "NOT " * 30 + "الجيش", "place:*", "body:*", "k*", "year:2019 OR lang:en",
    "org:داعش", "mentioned_place:كركوك OR mentioned_place:Kirkuk",
]
FILTERS = [
    {}, {"lang": ["ar"]}, {"source": ["الاناضول"], "year": ["2020"]},
    {"place": ["اربيل", "Erbil"]}, {"lang": ["en"], "source": ["Reuters", "Rudaw"]},
    # people, organisations and places mentioned: several values a document, any spelling
    {"mentioned_place": ["الموصل", "Kirkuk"]}, {"org": ["OPEC", "داعش"], "lang": ["ar"]},
    {"person": ["مسعود بارزاني"], "mentioned_place": ["Iraq"]},
]


@pytest.fixture(scope="module")
def pair(news_index, news_opensearch):
    return open_searcher("whoosh", news_index), open_searcher("opensearch", news_opensearch)


def facets(res):
    return {f: [(v.value, v.count, v.selected) for v in vs] for f, vs in res.facets.items()}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
@pytest.mark.parametrize("q", QUERIES)
def test_same_totals_facets_and_hits(pair, q, filters):
    w, o = (s.search(q, filters=filters, size=50, op="and") for s in pair)
    assert (o.total, o.notices) == (w.total, w.notices)
    assert facets(o) == facets(w)
    assert {h.id for h in o.hits} == {h.id for h in w.hits}


@pytest.mark.parametrize("sort", ["date", "-date"])
@pytest.mark.parametrize("since, until", [(None, None), ("2019-01-01", "2019-12-31"), ("2020-01-01", None)])
def test_same_order_by_date_and_pages(pair, sort, since, until):
    for page in (1, 2, 3, 9):
        w, o = (s.search("", sort=sort, since=since, until=until, page=page, size=3) for s in pair)
        assert [(h.id, h.date, h.score) for h in o.hits] == [(h.id, h.date, h.score) for h in w.hits]
        assert (o.total, o.pages) == (w.total, w.pages)


@pytest.mark.parametrize("q", ["الجيش", "والجيش", "بيشمركه", "النفط OR الغاز", '"غرف عمليات مشتركة"',
                               "بيشمر*", "oil prices", "army NOT Mosul"])
def test_same_snippets_and_documents(pair, q):
    w, o = (s.search(q, size=50) for s in pair)
    by_id = {h.id: h for h in w.hits}
    for h in o.hits:
        assert (h.snippet, h.title_html, h.title, h.date, h.source, h.place, h.url) == \
               (by_id[h.id].snippet, by_id[h.id].title_html, by_id[h.id].title, by_id[h.id].date,
                by_id[h.id].source, by_id[h.id].place, by_id[h.id].url)
        wd, od = (s.document(h.id, q=q) for s in pair)
        assert {k: od.get(k) for k in ("title", "body", "title_html", "body_html", "date", "source")} == \
               {k: wd.get(k) for k in ("title", "body", "title_html", "body_html", "date", "source")}


def test_unknown_ids_and_bad_parameters(pair):
    for s in pair:
        assert s.document("no-such-id") is None
    for kwargs in ({"sort": "random"}, {"page": 0}, {"size": 101}, {"page": 10 ** 20},
                   {"since": "yesterday"}, {"op": "xor"}, {"filters": {"colour": ["red"]}}):
        messages = []
        for s in pair:
            with pytest.raises(QueryError) as e:
                s.search("الجيش", **kwargs)
            messages.append(str(e.value))
        assert messages[0] == messages[1]


def test_same_stats(pair):
    w, o = (s.stats() for s in pair)
    for key in ("documents", "lang", "source", "year"):
        assert o[key] == w[key]


def test_same_export(pair):
    for sort in ("date", "-date"):
        w, o = (list(s.export("", sort=sort, limit=7)) for s in pair)
        assert [(r["id"], r["date"]) for r in o] == [(r["id"], r["date"]) for r in w]
    w, o = (list(s.export("الجيش OR army")) for s in pair)
    assert {r["id"] for r in o} == {r["id"] for r in w}


# -- ranking: XQuAD questions over their paragraphs, top 10 of each engine compared
def _xquad(tmp_path):
    rows, questions = [], []
    for lang in ("ar", "en"):
        path = SHARED / "data" / "xquad" / f"xquad.{lang}.json"
        if not path.exists():
            pytest.skip(f"{path} not found")
        data = json.loads(path.read_text(encoding="utf-8"))
        n = 0
        for article in data["data"]:
            for p in article["paragraphs"]:
                n += 1
                rows.append({"id": f"{lang}{n}", "title": "", "content": p["context"], "url": ""})
                questions += [re.sub(r"[^\w\s]", " ", qa["question"]) for qa in p["qas"]]
    src = tmp_path / "xquad.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return src, questions


def test_rankings_overlap_on_xquad(tmp_path, opensearch_client):
    src, questions = _xquad(tmp_path)
    name = opensearch_name("xquad")
    index_paths(tmp_path / "ix", [str(src)])
    index_paths(open_sink("opensearch", name), [str(src)])
    w, o = open_searcher("whoosh", tmp_path / "ix"), open_searcher("opensearch", name)
    overlaps, totals_differ = [], 0
    for q in questions:
        rw = w.search(q, op="or", size=10, facets=(), snippets=False)
        ro = o.search(q, op="or", size=10, facets=(), snippets=False)
        totals_differ += rw.total != ro.total
        a, b = {h.id for h in rw.hits}, {h.id for h in ro.hits}
        if a or b:
            overlaps.append(len(a & b) / max(len(a), len(b)))
    mean = sum(overlaps) / len(overlaps)
    print(f"XQuAD top-10 overlap: {mean:.3f} over {len(overlaps)} questions")
    assert totals_differ == 0
    assert mean >= 0.9


@pytest.mark.parametrize("interval", ["auto", "day", "week", "month", "year"])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
@pytest.mark.parametrize("q", ["", "الجيش", "الجيش OR النفط", "بيشمر*", "date:2019", "lang:en"])
def test_same_histograms(pair, q, filters, interval):
    w, o = (s.search(q, filters=filters, since="2018-10-01", size=1, histogram=interval) for s in pair)
    assert o.histogram == w.histogram
    assert sum(b.count for b in w.histogram.buckets) + w.histogram.undated == w.total


def test_documents_show_no_server_paths(pair):
    """A document's source file stays with the CLI (the index keeps it for re-indexing)."""
    for s in pair:
        doc = s.document("ar1")
        assert doc["title"] and "path" not in doc and "hash" not in doc


# -- story counts (count=stories): a generated corpus of wire stories printed by several papers
STORY_QUERIES = ["", "الحكومة", "oil OR gas", '"government parliament"', "الجيش NOT الشرطة", "الطلاب الجامعة",
                 "campaign*"]
STORY_FILTERS = [{}, {"lang": ["ar"]}, {"source": ["عكاظ", "Reuters"]}, {"place": ["جدة"], "year": ["2020"]},
                 {"section": ["سياسة"], "source": ["الرياض", "AP"]}]


@pytest.fixture(scope="module")
def story_pair(stories_index, stories_opensearch):
    return open_searcher("whoosh", stories_index), open_searcher("opensearch", stories_opensearch)


@pytest.mark.parametrize("group", ["story", "none"])
@pytest.mark.parametrize("filters", STORY_FILTERS, ids=lambda f: ",".join(f) or "none")
@pytest.mark.parametrize("q", STORY_QUERIES)
def test_same_story_counts(story_pair, q, filters, group):
    w, o = (s.search(q, filters=filters, group=group, count="stories", size=20, facet_limit=3)
            for s in story_pair)
    assert (o.total, o.stories, o.count, o.notices) == (w.total, w.stories, "stories", w.notices)
    assert facets(o) == facets(w)


@pytest.mark.parametrize("q", QUERIES)
def test_same_story_counts_on_news(pair, q):
    w, o = (s.search(q, filters=FILTERS[2], group="story", count="stories", size=10) for s in pair)
    assert (o.total, o.stories, o.count) == (w.total, w.stories, w.count)
    assert facets(o) == facets(w)
