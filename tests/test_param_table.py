"""The parameter table (search_web/params.py), the OpenAPI document and the views agree
(issue 17): every parameter a route accepts is documented with its type, limits and choices,
nothing documented is refused as unknown, and the documented limits and choices are exactly
the ones the request types (corpus/request.py, corpus/research/request.py) enforce."""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlencode

import orjson
import pytest

from search_web import params
from search_web.openapi import spec

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import client, web_app, web_index  # noqa: E402,F401

# endpoint of the table -> (its API URL, its page URL or None, arguments it needs)
ROUTES = {
    "search": ("/api/search", "/", {}),
    "document": ("/api/documents/ar-00", "/documents/ar-00", {}),
    "stats": ("/api/stats", "/stats", {}),
    "concordance": ("/api/concordance", "/concordance", {"q": "النفط"}),
    "collocations": ("/api/collocations", "/collocations", {"q": "النفط"}),
    "trends": ("/api/trends", "/trends", {"q": "النفط"}),
    "places": ("/api/places", "/map", {}),
    "entity": ("/api/entities/place/Erbil", "/entities/place/Erbil", {}),
}
PATHS = {"search": "/api/search", "document": "/api/documents/{id}", "stats": "/api/stats",
         "concordance": "/api/concordance", "collocations": "/api/collocations", "trends": "/api/trends",
         "places": "/api/places", "entity": "/api/entities/{kind}/{id}"}


def documented(endpoint: str) -> dict[str, dict]:
    op = spec()["paths"][PATHS[endpoint]]["get"]
    return {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}


def example(schema: dict) -> str:
    """A value the schema allows."""
    if schema.get("type") == "array":
        return example(schema["items"])
    if "enum" in schema:
        return str(schema["enum"][-1])
    if schema.get("type") == "integer":
        return str(schema.get("default", schema["minimum"]))
    if schema.get("format") == "date":
        return "2019-01-01"
    if "pattern" in schema:
        return params.EXPORT_COLUMNS[0]
    return "النفط"


def get(client, url: str, args: dict):
    """Read and closed at once (buffered): an export left open would pop its request context
    whenever the garbage collector gets to it, inside some later request."""
    return client.get(f"{url}?{urlencode(args, doseq=True)}" if args else url, buffered=True)


def refusal(r) -> str | None:
    """The 400's code (JSON twin) or the page's data-code; None when the request ran."""
    if r.status_code == 200:
        return None
    assert r.status_code == 400, (r.status_code, r.get_data(as_text=True)[:300])
    if r.mimetype == "application/json":
        return orjson.loads(r.data)["error"]["code"]
    html = r.get_data(as_text=True)
    return html.split('data-code="', 1)[1].split('"', 1)[0] if 'data-code="' in html else "error page"


def test_the_served_document_is_this_one(client, web_app):
    assert orjson.loads(client.get("/api/openapi.json").data) == spec(web_app.config["EXPORT_LIMIT"])


@pytest.mark.parametrize("endpoint", ROUTES)
def test_the_openapi_document_is_the_table(endpoint):
    docs = documented(endpoint)
    table = {p.name: p for p in params.accepted(endpoint, api=True)}
    assert set(docs) == set(table)
    for name, p in table.items():
        assert docs[name]["schema"] == p.schema and docs[name]["description"] == p.help
        assert docs[name].get("required", False) == p.required


@pytest.mark.parametrize("api", [True, False], ids=["api", "page"])
@pytest.mark.parametrize("endpoint", ROUTES)
def test_every_documented_parameter_is_accepted_and_nothing_else(client, endpoint, api):
    api_url, page_url, base = ROUTES[endpoint]
    url = api_url if api else page_url
    for p in params.accepted(endpoint, api):
        args = {**base, p.name: example(p.schema)}
        if p.name == "split":
            args["interval"] = "year"
        assert refusal(get(client, url, args)) is None, (url, args)
    assert refusal(get(client, url, {**base, "colour": "red"})) == "unknown_parameter"


def limits(endpoint: str):
    """(name, value, accepted?) at and past each documented limit and choice."""
    for name, p in documented(endpoint).items():
        s = p["schema"]
        if s.get("type") == "integer":
            yield name, s["minimum"], True
            yield name, s["maximum"], True
            yield name, s["minimum"] - 1, False
            yield name, s["maximum"] + 1, False
        elif "enum" in s:
            for value in s["enum"]:
                yield name, value, True
            yield name, "zzz", False
        elif s.get("type") == "string" and "maxLength" in s:
            yield name, "ب" * s["maxLength"], True
            yield name, "ب" * (s["maxLength"] + 1), False
        elif s.get("type") == "array" and "maxLength" in s["items"]:
            yield name, ["ب" * s["items"]["maxLength"]], True
            yield name, ["ب" * (s["items"]["maxLength"] + 1)], False
            yield name, [f"v{i}" for i in range(s["maxItems"])], True
            yield name, [f"v{i}" for i in range(s["maxItems"] + 1)], False


CASES = [(e, *case) for e in ROUTES for case in limits(e)]


@pytest.mark.parametrize("endpoint, name, value, ok", CASES,
                         ids=[f"{e}-{n}-{str(v)[:12]}-{'ok' if ok else 'refused'}" for e, n, v, ok in CASES])
def test_documented_limits_and_choices_are_the_enforced_ones(client, endpoint, name, value, ok):
    api_url, _, base = ROUTES[endpoint]
    args = {**base, name: value}
    if name == "split":
        args["interval"] = "year"
    code = refusal(get(client, api_url, args))
    assert (code is None) == ok, (args if len(str(args)) < 200 else name, code)


def test_trends_queries_limit(client):
    most = documented("trends")["q"]["schema"]["maxItems"]
    assert refusal(get(client, "/api/trends", {"q": [f"w{i}" for i in range(most)]})) is None
    assert refusal(get(client, "/api/trends", {"q": [f"w{i}" for i in range(most + 1)]})) == "too_many_queries"
    assert refusal(get(client, "/api/trends", {})) == "trends_need_query"


def test_required_query_of_research_views(client):
    for endpoint in ("concordance", "collocations"):
        assert documented(endpoint)["q"]["required"]
        assert refusal(get(client, ROUTES[endpoint][0], {})) in ("concordance_needs_query",
                                                                   "collocations_need_query")


def test_a_research_query_at_the_documented_length_runs(client):
    """The concordance searches each Arabic word with its article form too: a query at the
    documented maxLength used to be refused as too long (its expansion was)."""
    q = " ".join(["وسام"] * 100)[: params.MAX_QUERY_CHARS]
    body = orjson.loads(get(client, "/api/concordance", {"q": q}).data)
    assert any("too long to also search" in n for n in body["notices"]), body
