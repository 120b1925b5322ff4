"""Property tests: the JSON API against its own OpenAPI description (schemathesis, the Flask
app in-process) and the query parser against random strings (hypothesis)."""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance, not_a_server_error, response_schema_conformance,
    status_code_conformance)

from conftest_web import web_app, web_index  # noqa: E402,F401 (fixtures)
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus  # noqa: E402
from corpus.search import QueryError, Results  # noqa: E402


OPERATIONS = ["GET /api/search", "GET /api/documents/{id}", "GET /api/stats", "GET /api/places",
              "GET /api/entities/{kind}/{id}"]   # and the spec itself


@pytest.fixture(scope="session")
def api_operations(web_app):  # noqa: F811
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", web_app)
    return {op.label: op for op in (r.ok() for r in schema.get_all_operations())}


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_conforms_to_its_openapi(api_operations, label):
    """Generated requests (schemathesis, in-process): no 5xx, and every response (status,
    content type, body) is what /api/openapi.json says."""
    @given(case=api_operations[label].as_strategy())
    @settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                       content_type_conformance, response_schema_conformance])
    check()


# -- the query parser

_PIECES = st.sampled_from([
    "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "(", ")", '"', "[", "]", "{", "}", "TO", "*", "?",
    "^", "^2", ":", "title:", "body:", "exact:", "source:", "date:", "year:", "foo:", "id:",
    "الجيش", "البيشمركة", "بيشمر*", "*ركة", "oil", "Kirkuk", "2019-01-01", "'", "\\", "~", "-", "+",
    " ", " ", " ",
])
_QUERIES = st.one_of(st.lists(_PIECES, max_size=14).map("".join),
                     st.lists(_PIECES, max_size=10).map(" ".join),
                     st.text(max_size=40))


@pytest.fixture(scope="module")
def corpus(news_index):
    return Corpus(news_index)


@given(q=_QUERIES, op=st.sampled_from(["and", "or"]),
       sort=st.sampled_from(["relevance", "date", "-date"]))
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_gives_results_or_a_query_error(corpus, q, op, sort):
    try:
        res = corpus.search(q, op=op, sort=sort, size=5)
    except QueryError as e:
        assert str(e)
        return
    assert isinstance(res, Results) and res.total >= len(res.hits)
    assert all(isinstance(n, str) and n for n in res.notices)
