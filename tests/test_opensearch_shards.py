"""OpenSearch indexes on one shard (the default below SHARD_BYTES) and on several answer
alike: totals, exact facet counts (one shard sends only the values shown, several send
SHARD_SIZE each), hits, and word scores (several: dfs_query_then_fetch's global statistics;
a phrase scores otherwise on several shards, whose DFS phase does not give it the one
shard's statistics: same hits, other scores)."""
from __future__ import annotations

import pytest

from corpus.engines import open_searcher
from corpus.engines.opensearch import sink as os_sink
from corpus.engines.opensearch.sink import OpenSearchSink
from corpus.errors import IndexProblem
from corpus.indexer import index_paths

from conftest import opensearch_name
from test_conformance import FILTERS, facets

QUERIES = ["", "الجيش", "الجيش OR النفط", '"غرف عمليات مشتركة"', "بيشمر*", "org:داعش", "armies"]


@pytest.fixture(scope="module")
def three_shards(news_src, opensearch_client):
    name = opensearch_name("shards3")
    index_paths(OpenSearchSink(name, shards=3), [str(news_src)])
    yield name
    opensearch_client.indices.delete(index=f"{name}*", expand_wildcards="all", ignore_unavailable=True)


@pytest.fixture(scope="module")
def pair(news_opensearch, three_shards):
    return open_searcher("opensearch", news_opensearch), open_searcher("opensearch", three_shards)


def test_the_default_is_one_shard_and_the_other_has_three(pair):
    assert [s.shards() for s in pair] == [1, 3]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
@pytest.mark.parametrize("q", QUERIES)
def test_one_shard_answers_as_three(pair, q, filters):
    one, three = (s.search(q, filters=filters, size=20, facet_limit=3) for s in pair)
    assert (one.total, facets(one)) == (three.total, facets(three))
    assert [h.id for h in one.hits] == [h.id for h in three.hits]
    if '"' not in q:
        assert [h.score for h in one.hits] == [h.score for h in three.hits]


def test_story_counts_and_groups_alike(pair):
    one, three = (s.search("", group="story", count="stories", facet_limit=3) for s in pair)
    assert (one.stories, facets(one)) == (three.stories, facets(three))


def test_a_rebuild_takes_one_shard_per_shard_bytes_of_the_live_index(news_src, opensearch_client, monkeypatch):
    name = opensearch_name("grow")
    try:
        index_paths(OpenSearchSink(name), [str(news_src)])
        live = next(iter(opensearch_client.indices.get_alias(name=name)))
        size = opensearch_client.indices.stats(index=live, metric="store")["_all"]["primaries"]["store"]["size_in_bytes"]
        monkeypatch.setattr(os_sink, "SHARD_BYTES", size // 2 + 1)       # the index "outgrew" one shard
        index_paths(OpenSearchSink(name), [str(news_src)], rebuild=True)
        assert open_searcher("opensearch", name).shards() == 2
    finally:
        opensearch_client.indices.delete(index=f"{name}*", expand_wildcards="all", ignore_unavailable=True)


@pytest.mark.parametrize("raw", ["0", "two", "-1"])
def test_a_bad_shard_count_is_a_clear_error(monkeypatch, raw):
    monkeypatch.setenv("CORPUS_OPENSEARCH_SHARDS", raw)
    with pytest.raises(IndexProblem, match="CORPUS_OPENSEARCH_SHARDS"):
        OpenSearchSink("x", client=object())


def _request_cache_hits(client, name: str) -> int:
    stats = client.indices.stats(index=f"{name}*", metric="request_cache")
    return sum(i["total"]["request_cache"]["hit_count"] for i in stats["indices"].values())


def test_a_search_asked_again_takes_its_facets_from_the_request_cache(news_opensearch, opensearch_client):
    """The aggregations go apart from the hits (size 0), so the shards' request cache answers
    them when the same search comes again, on its next page too; the answer is the same."""
    searcher = open_searcher("opensearch", news_opensearch)
    first = searcher.search("الجيش", size=1, translate="off", suggest=False, histogram="auto")
    before = _request_cache_hits(opensearch_client, news_opensearch)
    again = searcher.search("الجيش", size=1, page=2, translate="off", suggest=False, histogram="auto")
    assert _request_cache_hits(opensearch_client, news_opensearch) > before
    assert (again.total, again.facets, again.histogram) == (first.total, first.facets, first.histogram)
    assert again.hits and [h.id for h in again.hits] != [h.id for h in first.hits]


def test_a_page_asks_its_hits_and_aggregations_in_one_round_trip(news_opensearch, opensearch_client):
    """The aggregations (request cache: the test above) and the hits go as one _msearch,
    which the cluster runs side by side; the exact total is a filter aggregation beside the
    facets (the same number track_total_hits gives)."""
    from corpus.engines.opensearch.searcher import OpenSearchCorpus

    class Counting:
        def __init__(self, client):
            self.client, self.calls = client, []

        def search(self, **kwargs):
            self.calls.append("search")
            return self.client.search(**kwargs)

        def msearch(self, **kwargs):
            self.calls.append("msearch")
            self.bodies = kwargs["body"][1::2]
            return self.client.msearch(**kwargs)

        def __getattr__(self, name):
            return getattr(self.client, name)
    counting = Counting(opensearch_client)
    searcher = OpenSearchCorpus(news_opensearch, client=counting)
    searcher.shards()       # looked up once per alias
    kwargs = dict(filters={"lang": ["ar"]}, translate="off", suggest=False, histogram="auto")
    res = searcher.search("الجيش", **kwargs)
    assert counting.calls == ["msearch"]
    # the total is counted beside the facets: the hits do not count every match
    assert counting.bodies[1]["track_total_hits"] is False and "_total" in counting.bodies[0]["aggs"]
    assert res.total == searcher.search("الجيش", size=0, **kwargs).total      # track_total_hits
    other = open_searcher("opensearch", news_opensearch).search("الجيش", **kwargs)
    assert res.total > 0 and res.facets["lang"]
    assert (res.total, res.facets, res.histogram, [h.id for h in res.hits]) == \
        (other.total, other.facets, other.histogram, [h.id for h in other.hits])


def test_a_facet_without_filters_is_its_terms_aggregation_alone(news_opensearch, opensearch_client):
    """A facet that counts the query's documents (no filter of another facet, none of its
    own) goes without a filter aggregation around it, and counts as the filtered form does
    when its filter holds every document."""
    from corpus.engines.opensearch import client as os_client
    from corpus.engines.opensearch.searcher import OpenSearchCorpus
    sent = []
    search_all = os_client.search_all

    def noting(client, index, searches):
        sent.extend(body for _, body in searches)
        return search_all(client, index, searches)
    searcher = OpenSearchCorpus(news_opensearch)
    kwargs = dict(translate="off", suggest=False, facet_limit=50)
    try:
        os_client.search_all = noting
        bare = searcher.search("الجيش", **kwargs)
        aggs = next(b["aggs"] for b in sent if "aggs" in b)
        assert set(aggs["source"]) == {"terms"} and set(aggs["lang"]) == {"terms"}
        sent.clear()
        langs = sorted(v.value for v in bare.facets["lang"])
        every = searcher.search("الجيش", filters={"lang": langs}, **kwargs)
        aggs = next(b["aggs"] for b in sent if "aggs" in b)
        assert "filter" in aggs["source"] and "chosen" in aggs["lang"]["aggs"]
    finally:
        os_client.search_all = search_all
    def counts(res):
        return {f: [(v.value, v.count) for v in vs] for f, vs in res.facets.items()}
    assert bare.total == every.total > 0 and bare.facets["source"]
    assert counts(bare) == counts(every)


def test_a_rebuilt_index_is_merged_to_one_segment_and_a_run_adding_to_it_is_not(news_src, opensearch_client, tmp_path):
    """sink.settle() after a rebuild's last commit: one segment per shard copy (the facets'
    aggregations cost a third on the merged 31k index); a later run that adds documents
    leaves merging to the cluster. Searches answer alike on both."""
    import json
    name = opensearch_name("merged")
    index_paths(OpenSearchSink(name), [str(news_src)], rebuild=True)

    def segments() -> dict:
        got = opensearch_client.indices.segments(index=name)["indices"]
        return {copy["routing"]["primary"]: copy["num_search_segments"]
                for shards in next(iter(got.values()))["shards"].values() for copy in shards}
    assert set(segments().values()) == {1}
    searcher = open_searcher("opensearch", name)
    before = searcher.search("الجيش", facet_limit=5, translate="off", suggest=False)
    more = tmp_path / "more"
    more.mkdir()
    (more / "m.jsonl").write_text(json.dumps({"id": "extra-1", "title": "خبر", "content": "النفط"},
                                             ensure_ascii=False) + "\n", encoding="utf-8")
    index_paths(OpenSearchSink(name), [str(news_src), str(more)])
    assert segments()[True] == 2            # the new document's segment beside the merged one
    after = searcher.search("الجيش", facet_limit=5, translate="off", suggest=False)
    assert (after.total, after.facets, [h.id for h in after.hits]) == \
        (before.total, before.facets, [h.id for h in before.hits])
