"""Collocations (log-likelihood within a window) and key terms (JLH against the corpus) on
both engines: the same figures whichever engine gives the texts and frequencies."""
from __future__ import annotations

import math

import pytest

from conftest_research import research_index, research_opensearch, research_searcher, research_src  # noqa: F401
from corpus.errors import QueryError
from corpus.research.collocations import collocations, jlh, log_likelihood


def test_log_likelihood_matches_the_formula():
    a, b, c, d = 10, 90, 40, 9860
    n = a + b + c + d
    expected = 2 * sum(o * math.log(o / e) for o, e in (
        (a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n),
        (c, (c + d) * (a + c) / n), (d, (c + d) * (b + d) / n)))
    assert log_likelihood(a, b, c, d) == pytest.approx(expected)
    assert log_likelihood(1, 199, 99, 9701) < 0 < log_likelihood(50, 50, 50, 9850)     # repulsion / attraction
    assert log_likelihood(0, 0, 0, 0) == 0.0


def test_jlh_as_significant_terms():
    assert jlh(50, 100, 100, 10_000) == pytest.approx((0.5 - 0.01) * (0.5 / 0.01))
    assert jlh(1, 100, 100, 100) == 0.0 and jlh(0, 10, 5, 100) == 0.0


def test_collocates_with_counts(research_searcher):
    c = collocations(research_searcher, "وزير", window=5)
    top = c.collocates[0]
    assert (top.word, top.together, top.total) == ("مستشفى", 8, 8)
    assert c.read_documents == c.documents == 6 and c.occurrences == 11
    assert [x.score for x in c.collocates] == sorted((x.score for x in c.collocates), reverse=True)
    assert all(x.together >= 3 and x.together <= x.total for x in c.collocates)


def test_key_terms_against_the_corpus(research_searcher):
    c = collocations(research_searcher, "وزير")
    terms = {k.word: k for k in c.key_terms}
    assert c.corpus_documents == 11
    hospital = terms["مستشفى"]
    assert (hospital.fg_docs, hospital.bg_docs) == (4, 4)
    assert hospital.score == pytest.approx(round(jlh(4, 6, 4, 11), 4))


def test_window_narrows_the_collocates(research_searcher):
    wide = {x.stem: x.together for x in collocations(research_searcher, "وزير", window=8).collocates}
    narrow = {x.stem: x.together for x in collocations(research_searcher, "وزير", window=1).collocates}
    assert all(narrow[s] <= wide.get(s, 0) for s in narrow) and len(narrow) < len(wide)


def test_docs_caps_the_texts_read_with_a_notice(research_searcher):
    c = collocations(research_searcher, "وزير", docs=2)
    assert c.read_documents == 2 and any("first 2 of 6" in n for n in c.notices)


@pytest.mark.parametrize("kwargs, message", [
    ({"q": " "}, "need a query"), ({"q": "x", "window": 11}, "window"), ({"q": "x", "top": 0}, "top"),
])
def test_bad_arguments(research_searcher, kwargs, message):
    with pytest.raises(QueryError, match=message):
        collocations(research_searcher, **kwargs)


@pytest.fixture(scope="module")
def client(research_index):
    from search_web import create_app
    return create_app({"INDEX": str(research_index)}).test_client()


def test_page_and_json_twin(client):
    html = client.get("/collocations?q=وزير").get_data(as_text=True)
    assert "مستشفى" in html and 'class="colloc"' in html and "/api/collocations?q=" in html
    body = client.get("/api/collocations?q=وزير&top=2").get_json()
    assert len(body["collocates"]) == 2 and body["collocates"][0]["together"] == 8
    assert {"fg_docs", "bg_docs", "score"} <= set(body["key_terms"][0])
    r = client.get("/api/collocations?q=وزير&window=zero")
    assert r.status_code == 400 and "window" in r.get_json()["error"]["message"]


def test_the_corpus_size_is_known_even_without_key_terms(research_searcher):
    """Issue 20: a query with too few documents for key terms still counts the corpus
    (the page said "all 0 documents")."""
    res = collocations(research_searcher, "zzzunknownword")
    assert res.key_terms == [] and res.corpus_documents == research_searcher.stats()["documents"] > 0
