"""OpenSearch counts ahead (corpus/engines/opensearch/lookahead.py): the forgiving step's and
the translation's document counts of a query are asked in one or two requests before the
search, not one request per step; the answers are those of the step-by-step way."""
from __future__ import annotations

import pytest

from corpus.engines.opensearch import lookahead, vocabulary
from corpus.engines.opensearch.searcher import OpenSearchCorpus

# translated both ways, names, a phrase, a misspelling, a filter word, OR, nothing found
QUERIES = ["armies", "army oil", "الجيش النفط", "Kurdish Peshmerga", '"غرف عمليات"', "البشمركه",
           "الجيش OR oil", "zzqx nothing"]


class Counting:
    """The cluster client, noting the vocabulary counts (size-0 filters searches) asked."""

    def __init__(self, client):
        self.client, self.counts = client, 0

    def search(self, **kwargs):
        body = kwargs.get("body") or {}
        if body.get("size") == 0 and "n" in body.get("aggs", {}):
            self.counts += 1
        return self.client.search(**kwargs)

    def __getattr__(self, name):
        return getattr(self.client, name)


def _answer(res) -> tuple:
    return (res.total, [(h.id, h.score) for h in res.hits], res.facets, res.translations,
            res.variants, res.suggestion, [str(n) for n in res.notices], res.untranslated)


@pytest.mark.parametrize("q", QUERIES)
def test_counted_ahead_the_answer_is_the_same_in_fewer_requests(q, news_opensearch, opensearch_client, monkeypatch):
    ahead = Counting(opensearch_client)
    got = OpenSearchCorpus(news_opensearch, client=ahead).search(q, facet_limit=5)
    step_by_step = Counting(opensearch_client)
    with monkeypatch.context() as m:
        m.setattr(lookahead, "count_ahead", lambda corpus, req: None)
        expected = OpenSearchCorpus(news_opensearch, client=step_by_step).search(q, facet_limit=5)
    assert _answer(got) == _answer(expected)
    assert ahead.counts <= min(step_by_step.counts, lookahead.PASSES + 1)


def test_counts_ahead_take_fewer_requests_than_the_steps(news_opensearch, opensearch_client, monkeypatch):
    """Over the list, the steps ask more requests than counting ahead does."""
    ahead, step_by_step = Counting(opensearch_client), Counting(opensearch_client)
    a, b = OpenSearchCorpus(news_opensearch, client=ahead), OpenSearchCorpus(news_opensearch, client=step_by_step)
    for q in QUERIES:
        a.search(q)
    monkeypatch.setattr(lookahead, "count_ahead", lambda corpus, req: None)
    for q in QUERIES:
        b.search(q)
    assert ahead.counts < step_by_step.counts


def test_a_query_counted_ahead_asks_nothing_the_second_time(news_opensearch, opensearch_client):
    counting = Counting(opensearch_client)
    searcher = OpenSearchCorpus(news_opensearch, client=counting)
    first = searcher.search("army oil")
    asked = counting.counts
    assert asked >= 1
    assert _answer(searcher.search("army oil")) == _answer(first)
    assert counting.counts == asked


def test_count_many_asks_words_phrases_stems_and_the_total_in_one_request(news_opensearch, opensearch_client):
    counting = Counting(opensearch_client)
    searcher = OpenSearchCorpus(news_opensearch, client=counting)
    got = vocabulary.count_many(searcher, words=["الجيش", "nosuch"],
                                phrases=[(vocabulary.FIELD, ("غرف", "عمليات"))],
                                stems=["جيش"], total=True)
    assert counting.counts == 1
    fresh = OpenSearchCorpus(news_opensearch)
    assert got == {(vocabulary.FIELD, "الجيش"): fresh.word_counts(["الجيش"])["الجيش"],
                   (vocabulary.FIELD, "nosuch"): 0,
                   (vocabulary.FIELD, ("غرف", "عمليات")): fresh.phrase_counts([("غرف", "عمليات")])[("غرف", "عمليات")],
                   (vocabulary.STEMS, "جيش"): fresh.term_documents(["جيش"])[0]["جيش"],
                   vocabulary.TOTAL: fresh.term_documents([])[1]}
    assert got[(vocabulary.FIELD, "الجيش")] > 0 and got[vocabulary.TOTAL] > 0
    # kept: asked again, nothing is sent
    assert searcher.word_counts(["الجيش"]) == {"الجيش": got[(vocabulary.FIELD, "الجيش")]}
    assert counting.counts == 1
