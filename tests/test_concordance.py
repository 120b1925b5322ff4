"""KWIC concordance on both engines: occurrences by stem or exact form, context width,
sorting by the word before/after, paging; the page and its JSON/CSV twins."""
from __future__ import annotations

import csv
import io

import pytest

from conftest_research import research_index, research_opensearch, research_searcher, research_src  # noqa: F401
from corpus.errors import QueryError
from corpus.research.concordance import concordance, engine_query, lines_of, query_words


def test_stem_aware_by_default_finds_every_form(research_searcher):
    c = concordance(research_searcher, "وزير")
    assert {ln.keyword for ln in c.lines} == {"وزير", "الوزير", "والوزير", "وزيرا"}
    # four versions of the wire story hold وزير and الوزير once each, d1 والوزير and وزيرا, d2 وزير
    assert len(c.lines) == 11 and c.documents == 6 and c.complete and not c.more


def test_exact_forms_on_request(research_searcher):
    c = concordance(research_searcher, "وزير", exact=True)
    assert {ln.keyword for ln in c.lines} == {"وزير"} and len(c.lines) == 5


def test_english_lines(research_searcher):
    c = concordance(research_searcher, "minister", width=2)
    assert [ln.keyword for ln in c.lines] == ["minister"] * 3
    line = next(ln for ln in c.lines if ln.doc_id == "d3")
    assert (line.left, line.right, line.lang) == ("the energy", "said the", "en")


def test_context_width_counts_words_either_side():
    text = "واحد اثنان ثلاثة أربعة وزير خمسة ستة سبعة ثمانية"
    words, prefixes = query_words("وزير")
    ((left, kw, right, start, before, after),) = lines_of(text, words, prefixes, 2)
    assert (left, kw, right) == ("ثلاثة أربعة", "وزير", "خمسة ستة")
    assert text[start:start + len(kw)] == kw and (before, after) == ("اربعه", "خمسه")


def test_keyword_at_the_edges_of_a_text():
    words, prefixes = query_words("وزير")
    ((left, _, right, *_),) = lines_of("وزير", words, prefixes, 3)
    assert left == right == ""


@pytest.mark.parametrize("sort, attr", [("left", "left_word"), ("right", "right_word")])
def test_sorted_by_the_word_before_or_after(research_searcher, sort, attr):
    c = concordance(research_searcher, "وزير", sort=sort)
    keys = [getattr(ln, attr) for ln in c.lines]
    assert keys == sorted(keys, key=lambda k: (k == "", k)) and len(set(keys)) > 2


def test_pages(research_searcher):
    everything = concordance(research_searcher, "وزير", sort="right").lines
    first = concordance(research_searcher, "وزير", sort="right", size=4)
    third = concordance(research_searcher, "وزير", sort="right", size=4, page=3)
    assert first.more and not third.more and third.first == 9
    assert [(ln.doc_id, ln.start) for ln in first.lines + third.lines] == \
        [(ln.doc_id, ln.start) for ln in everything[:4] + everything[8:]]


def test_position_order_follows_the_ranking(research_searcher):
    ranked = [h.id for h in research_searcher.search("(وزير OR الوزير)", translate="off", size=20).hits]
    lines = concordance(research_searcher, "وزير").lines
    seen = list(dict.fromkeys(ln.doc_id for ln in lines))
    assert seen == [d for d in ranked if d in seen]


def test_variants_reach_documents_with_the_article_only():
    assert engine_query("وزير الصحة") == "(وزير OR الوزير) الصحة"
    assert engine_query('"وزير الصحة"') == '"وزير الصحة"'
    assert engine_query("وزير", exact=True) == "وزير"


@pytest.mark.parametrize("kwargs, message", [
    ({"q": ""}, "needs a query"), ({"q": "وزير", "width": 0}, "width"),
    ({"q": "وزير", "sort": "middle"}, "unknown sort"), ({"q": "وزير", "size": "many"}, "size"),
])
def test_bad_arguments(research_searcher, kwargs, message):
    with pytest.raises(QueryError, match=message):
        concordance(research_searcher, **kwargs)


# -- the page and its twins
@pytest.fixture(scope="module")
def client(research_index):
    from search_web import create_app
    return create_app({"INDEX": str(research_index)}).test_client()


def test_page_lines_are_aligned_and_link_their_documents(client):
    html = client.get("/concordance?q=وزير&width=3").get_data(as_text=True)
    assert html.count('class="kwic-line"') == 11
    assert 'lang="ar" dir="rtl"' in html and 'class="kwic-kw" href="/documents/d1?q=' in html


def test_forms_are_the_words_as_written_never_the_stem(client, research_searcher):
    """Issue 20: the summary listed the internal stem ("forms: وزير" stemmed, "يشمرك")."""
    c = concordance(research_searcher, "وزير")
    assert set(c.words) == {"وزير", "الوزير", "والوزير", "وزيرا"} and c.words[0] in ("وزير", "الوزير")
    html = client.get("/concordance?q=البيشمركة").get_data(as_text=True)
    assert "يشمرك" not in html.replace("البيشمركة", "")
    html = client.get("/concordance?q=وزير").get_data(as_text=True)
    assert "والوزير" in html.split('id="kwic-summary"')[1].split("</p>")[0]


def test_api_json_and_csv(client):
    body = client.get("/api/concordance?q=minister&width=2").get_json()
    assert body["documents"] == 3 and len(body["lines"]) == 3 and body["lines"][0]["keyword"] == "minister"
    r = client.get("/api/concordance?q=وزير&sort=left")
    assert r.status_code == 200
    csv_resp = client.get("/api/concordance?q=وزير&sort=left&format=csv")
    text = csv_resp.get_data(as_text=True)
    assert text.startswith("\ufeff") and csv_resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:8] == ["doc_id", "title", "date", "source", "lang", "left", "keyword", "right"]
    assert [r[6] for r in rows[1:]] == [ln["keyword"] for ln in r.get_json()["lines"]]
    assert rows[1][-1].startswith("http://localhost/documents/")


@pytest.mark.parametrize("url, message", [
    ("/api/concordance?q=وزير&width=99", "width"), ("/api/concordance?q=وزير&colour=red", "unknown parameter"),
    ("/api/concordance?q=وزير&exact=maybe", "exact"), ("/api/concordance?q=وزير&format=xml", "format"),
])
def test_api_bad_input_is_400(client, url, message):
    r = client.get(url)
    assert r.status_code == 400 and message in r.get_json()["error"]["message"]


def test_page_bad_input_is_400_with_the_form(client):
    r = client.get("/concordance?q=وزير&sort=middle")
    assert r.status_code == 400 and 'value="وزير"' in r.get_data(as_text=True)


@pytest.mark.parametrize("label", ["GET /api/concordance", "GET /api/collocations"])
def test_research_api_conforms_to_its_openapi(client, label):
    """Generated requests (schemathesis): no 5xx, responses as /api/openapi.json says."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                     response_schema_conformance, status_code_conformance)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", client.application)
    op = {o.label: o for o in (r.ok() for r in schema.get_all_operations())}[label]

    @given(case=op.as_strategy())
    @settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                       content_type_conformance, response_schema_conformance])
    check()
