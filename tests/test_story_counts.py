"""Facet counts in stories (count=stories): each facet value counts the distinct stories
among the matching articles holding it, with post-filter semantics, on both engines, checked
against counts made here from every hit's metadata and story; the parameter in the API and
on the pages."""
from __future__ import annotations

import math
from collections import defaultdict
from urllib.parse import quote

import orjson
import pytest

from conftest_stories import story_records, stories_index, stories_opensearch, stories_searcher, stories_src  # noqa: F401
from conftest_web import client, web_app, web_index  # noqa: F401
from corpus.errors import QueryError
from corpus.request import SearchRequest
from corpus.messages import MESSAGES

FACETS = ("lang", "source", "place", "section", "year")
CASES = [
    ("", {}), ("", {"lang": ["ar"]}), ("", {"source": ["عكاظ", "Reuters"]}),
    ("", {"source": ["الرياض"], "place": ["جدة", "الرياض"]}), ("", {"year": ["2019"], "lang": ["en"]}),
    ("الحكومة", {}), ("الحكومة OR oil", {"section": ["سياسة"]}), ('"government parliament"', {}),
    ("الجيش NOT الشرطة", {"place": ["مكة"]}),
]


@pytest.fixture(scope="module")
def stories_of(stories_searcher):
    """id -> story, as the engine stored it."""
    return {r["id"]: stories_searcher.document(r["id"])["story"] for r in stories_searcher.export("")}


def _value(row: dict, facet: str) -> str:
    return (row["date"] or "")[:4] if facet == "year" else row[facet]


def expected(searcher, stories_of, q, filters):
    """Facet counts made here: for each facet, the hits of the query and the other filters,
    their distinct stories per value."""
    out = {}
    for f in FACETS:
        others = {g: v for g, v in filters.items() if g != f}
        per_value = defaultdict(set)
        for row in searcher.export(q, filters=others):
            per_value[_value(row, f)].add(stories_of[row["id"]])
        out[f] = {v: len(s) for v, s in per_value.items() if v}
    return out


@pytest.mark.parametrize("q, filters", CASES)
def test_facets_count_distinct_stories(stories_searcher, stories_of, q, filters):
    res = stories_searcher.search(q, filters=filters, group="story", count="stories", facets=FACETS, facet_limit=50)
    assert res.count == "stories"
    got = {f: {v.value: v.count for v in vs if v.count} for f, vs in res.facets.items()}
    assert got == expected(stories_searcher, stories_of, q, filters)
    hits = {row["id"] for row in stories_searcher.export(q, filters=filters)}
    assert res.stories == len({stories_of[i] for i in hits})


def _truth(facet: str, stories: bool) -> dict[str, int]:
    """Counts over the whole generated corpus: its stories are the ids' prefixes."""
    per_value = defaultdict(set)
    for r in story_records():
        per_value[r[facet]].add(r["id"].split("v")[0] if stories else r["id"])
    return {v: len(s) for v, s in per_value.items()}


def test_a_story_counts_once_per_value_it_has(stories_searcher):
    papers = defaultdict(list)
    for r in story_records():
        papers[r["id"].split("v")[0]].append(r["source"])
    assert any(len(set(p)) < len(p) > 1 for p in papers.values())     # a paper printed one twice
    for facet in ("lang", "source"):
        for count in ("documents", "stories"):
            res = stories_searcher.search("", count=count, facets=(facet,))
            got = {v.value: v.count for v in res.facets[facet]}
            if facet == "lang":
                assert got == _truth(facet, count == "stories")
            else:       # sources are shown by their canonical names: compare the numbers
                assert sorted(got.values()) == sorted(_truth(facet, count == "stories").values())


def test_counts_default_to_documents_and_stories_on_request(stories_searcher):
    docs, stories = _truth("lang", False), _truth("lang", True)
    res = stories_searcher.search("", group="story")
    assert res.count == "documents" and res.facets["lang"][0].count == docs["ar"]
    assert stories_searcher.search("", group="story", count="stories").count == "stories"
    res = stories_searcher.search("", group="none")
    assert (res.count, res.stories) == ("documents", None)
    res = stories_searcher.search("", group="story", count="documents")
    assert res.count == "documents" and res.facets["lang"][0].count == docs["ar"]
    assert res.stories == sum(stories.values())
    res = stories_searcher.search("", group="none", count="stories")     # every article, story counts
    assert (res.count, res.stories, len(res.hits)) == ("stories", sum(stories.values()), 10)
    assert res.facets["lang"][0].count == stories["ar"]


def test_chosen_values_keep_their_story_count(stories_searcher):
    res = stories_searcher.search("", count="stories", filters={"source": ["سبق"]}, facet_limit=1,
                                  facets=("source",))
    chosen = [v for v in res.facets["source"] if v.selected]
    assert len(chosen) == 1 and chosen[0].count == res.stories


def test_count_is_validated_in_both_languages():
    with pytest.raises(QueryError, match="count must be") as e:
        SearchRequest.build("x", count="articles")
    assert e.value.code == "count" and e.value.code in MESSAGES


# -- the API and the pages (tests/conftest_web.py's corpus: its reports repeat as stories)
def _api(client, qs):
    r = client.get("/api/search?" + qs)
    return r.status_code, orjson.loads(r.data)


def test_api_echoes_what_the_counts_count(client):
    _, plain = _api(client, "q=" + quote("العراق"))
    _, grouped = _api(client, "q=" + quote("العراق") + "&group=story&count=stories")
    _, docs = _api(client, "q=" + quote("العراق") + "&group=story")
    _, ungrouped = _api(client, "q=" + quote("العراق") + "&count=stories")
    assert (plain["count"], grouped["count"], docs["count"], ungrouped["count"]) == \
        ("documents", "stories", "documents", "stories")
    assert plain["facets"] == docs["facets"] and grouped["facets"] == ungrouped["facets"]
    assert sum(v["count"] for v in grouped["facets"]["lang"]) == grouped["stories"] < plain["total"]
    assert ungrouped["stories"] == grouped["stories"] and ungrouped["group"] == "none"


def test_api_rejects_a_bad_count(client):
    status, body = _api(client, "q=x&count=stories,documents")
    assert status == 400 and "count must be" in body["error"]["message"]


def test_page_says_what_the_counts_count(client):
    en = {"Accept-Language": "en"}
    html = client.get("/?q=" + quote("العراق") + "&count=stories").get_data(as_text=True)
    assert 'data-count="stories"' in html and "الأعداد: قصص" in html
    html = client.get("/?q=" + quote("العراق") + "&count=stories", headers=en).get_data(as_text=True)
    assert 'data-count="stories"' in html and "counts are stories" in html
    assert "count=documents" not in html        # the link to count articles: the default
    assert "count+articles" in html or "count articles" in html
    html = client.get("/?q=" + quote("العراق")).get_data(as_text=True)
    assert 'data-count="documents"' in html and "الأعداد: مقالات" in html
    html = client.get("/?q=" + quote("العراق"), headers=en).get_data(as_text=True)
    assert 'data-count="documents"' in html and "counts are articles" in html
    assert "count=stories" in html              # the link to count stories instead
    html = client.get("/?q=" + quote("العراق") + "&count=many")
    assert html.status_code == 400 and "العدّ" in html.get_data(as_text=True)


def test_opensearch_thresholds_fit_the_memory_budget():
    """A facet's cardinality threshold: the largest whose registers (2**p bytes a bucket, p
    as OpenSearch derives it) fit the facet's memory; small facets get the maximum."""
    from corpus.engines.opensearch import storycounts as os_counts

    def registers(threshold):       # HyperLogLogPlusPlus.precisionFromThreshold
        return 2 ** min(18, max(4, (math.ceil(threshold / 0.75) * 4).bit_length()))
    assert os_counts.precision(0) == os_counts.precision(24) == os_counts.MAX_PRECISION
    for values in (100, 698, 2865, 10 ** 5):
        t = os_counts.precision(values)
        assert values * registers(t) <= os_counts.MEMORY < values * registers(t) * 2


def test_an_index_without_stories_counts_documents_and_says_why(stories_searcher, monkeypatch):
    from corpus.engines.opensearch import research as os_research
    from corpus.engines.whoosh import research as whoosh_research
    monkeypatch.setattr(whoosh_research, "has_stories", lambda schema: False)
    monkeypatch.setattr(os_research, "index_has_stories", lambda corpus: False)
    res = stories_searcher.search("", count="stories", facets=("lang",))
    assert (res.count, res.stories) == ("documents", None)
    assert res.facets["lang"][0].count == _truth("lang", False)["ar"]
    assert any("--rebuild" in n for n in res.notices)


def test_opensearch_thresholds_follow_the_largest_value(stories_opensearch):
    """Thresholds sized by the largest value's documents (cheaper registers) still count
    exactly, and a bucket that outgrew a cached threshold (the index grew since it was
    looked up) is searched again with fresh thresholds."""
    import time
    from corpus.engines import open_searcher
    from corpus.engines.opensearch import storycounts as os_counts
    from corpus.fields import FACETS as ALL
    searcher = open_searcher("opensearch", stories_opensearch)
    stories_of = {r["id"]: searcher.document(r["id"])["story"] for r in searcher.export("")}
    largest = {f: max(_truth(f, False).values()) for f in ("lang", "source")}
    limits = os_counts.precisions(searcher)
    for f, n in largest.items():
        assert n <= limits[f] < 2 * os_counts.fitting(n) and limits[f] < os_counts.MAX_PRECISION
    assert os_counts.fitting(6000) == 6143 and os_counts.fitting(6144) == 12287
    assert os_counts.fitting(10 ** 6) == os_counts.MAX_PRECISION
    # as if the thresholds had been looked up when every value had two documents
    searcher._story_precisions = (time.monotonic(), {f: 2 for f in ALL}, set(ALL))
    res = searcher.search("", group="story", count="stories", facets=FACETS, facet_limit=50)
    got = {f: {v.value: v.count for v in vs if v.count} for f, vs in res.facets.items()}
    assert got == expected(searcher, stories_of, "", {})
    assert os_counts.precisions(searcher)["lang"] >= largest["lang"]


@pytest.mark.parametrize("guess", (2, 6_143))
def test_opensearch_small_thresholds_tried_first_stay_exact(stories_opensearch, monkeypatch, guess):
    """Thresholds capped at GUESS are tried first; an answer with more matching documents
    than that is searched again in full, so counts are exact either way."""
    from corpus.engines import open_searcher
    from corpus.engines.opensearch import storycounts as os_counts
    monkeypatch.setattr(os_counts, "GUESS", guess)
    searcher = open_searcher("opensearch", stories_opensearch)
    stories_of = {r["id"]: searcher.document(r["id"])["story"] for r in searcher.export("")}
    calls = []
    search = searcher.client.search
    monkeypatch.setattr(searcher.client, "search", lambda **kw: calls.append(kw) or search(**kw))
    msearch = searcher.client.msearch       # a page's aggregations and hits: one _msearch
    monkeypatch.setattr(searcher.client, "msearch",
                        lambda **kw: calls.extend({"body": b} for b in kw["body"][1::2]) or msearch(**kw))
    for q, filters in CASES[:3]:
        calls.clear()
        res = searcher.search(q, filters=filters, group="story", count="stories", facets=FACETS, facet_limit=50)
        got = {f: {v.value: v.count for v in vs if v.count} for f, vs in res.facets.items()}
        assert got == expected(searcher, stories_of, q, filters)
        hits = {row["id"] for row in searcher.export(q, filters=filters)}
        assert res.stories == len({stories_of[i] for i in hits})
        ran = [c for c in calls if "_stories" in c.get("body", {}).get("aggs", {})]
        assert len(ran) == (1 if len(hits) <= guess else 2)
    # grouping alone (facets counting articles): the stories of all hits in one search
    calls.clear()
    res = searcher.search("", group="story")
    assert res.count == "documents" and res.stories == len(set(stories_of.values()))
    assert len([c for c in calls if "_stories" in c.get("body", {}).get("aggs", {})]) == 1
