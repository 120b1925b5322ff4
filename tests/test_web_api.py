"""The JSON API: /api/search (+ CSV/JSONL export), /api/documents/<id>, /api/stats, /api/openapi.json."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from urllib.parse import quote

import orjson
import pytest

from corpus import metadata
from corpus.messages import MESSAGES
from search_web.responses import CODES
from flask import url_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import RECORDS, SPECIAL_IDS, client, web_app, web_index  # noqa: E402,F401

AR_TOTAL = sum(r["lang"] == "ar" for r in RECORDS)
EN_TOTAL = sum(r["lang"] == "en" for r in RECORDS)


def get_json(client, url, status=200, **kw):
    r = client.get(url, **kw)
    assert r.status_code == status, r.get_data(as_text=True)
    assert r.mimetype == "application/json"
    return orjson.loads(r.data)


def assert_error(client, url, status, method="get", contains=""):
    r = getattr(client, method)(url)
    assert r.status_code == status, r.get_data(as_text=True)
    assert r.mimetype == "application/json"
    body = orjson.loads(r.data)
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    # a 400 names its rule: a code with an English and an Arabic message (corpus/messages.py)
    assert body["error"]["code"] in (MESSAGES if status == 400 else (*CODES.values(), "error"))
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert contains.lower() in body["error"]["message"].lower()
    text = r.get_data(as_text=True)
    assert "<html" not in text.lower() and "Traceback" not in text
    return body["error"]["message"]


# -- search ---------------------------------------------------------------------------------

def test_search_shape(client):
    body = get_json(client, "/api/search?q=البيشمركة")
    for key in ("query", "total", "page", "size", "took_ms", "results", "facets"):
        assert key in body
    assert body["query"] == "البيشمركة" and body["page"] == 1 and body["size"] == 10
    assert body["total"] > 10 and len(body["results"]) == 10
    hit = body["results"][0]
    assert set(hit) >= {"id", "title", "date", "lang", "source", "section", "author", "place", "url",
                        "score", "snippet"}
    assert "<mark>" in hit["snippet"] or "<mark>" in hit["title"] or any(
        "<mark>" in h["snippet"] for h in body["results"])
    for facet in ("lang", "source", "year", "place", "author", "section"):
        assert facet in body["facets"]
        for fv in body["facets"][facet]:
            assert isinstance(fv["value"], str) and isinstance(fv["count"], int)


def test_empty_query_lists_everything(client):
    body = get_json(client, "/api/search")
    assert body["total"] == len(RECORDS)
    langs = {fv["value"]: fv["count"] for fv in body["facets"]["lang"]}
    assert langs == {"ar": AR_TOTAL, "en": EN_TOTAL}


def test_facets_follow_other_filters_only(client):
    all_ = get_json(client, "/api/search")
    only_ar = get_json(client, "/api/search?lang=ar")
    assert only_ar["total"] == AR_TOTAL
    assert {h["lang"] for h in only_ar["results"]} == {"ar"}
    # the lang facet ignores the lang filter: English is still offered with its full count
    langs = {fv["value"]: fv for fv in only_ar["facets"]["lang"]}
    assert langs["en"]["count"] == EN_TOTAL and langs["ar"]["count"] == AR_TOTAL
    assert langs["ar"]["selected"] is True and langs["en"]["selected"] is False
    # the other facets follow the filter: no English sources, counts add up to the Arabic total
    sources = {fv["value"]: fv["count"] for fv in only_ar["facets"]["source"]}
    assert "Reuters" not in sources and "Reuters" in {fv["value"] for fv in all_["facets"]["source"]}
    assert sum(sources.values()) == AR_TOTAL


def test_repeated_filter_values_are_ored_and_filters_anded(client):
    one = get_json(client, "/api/search?source=Reuters")["total"]
    two = get_json(client, "/api/search?source=Reuters&source=AP")["total"]
    ap = get_json(client, "/api/search?source=AP")["total"]
    assert one > 0 and ap > 0 and two == one + ap
    both = get_json(client, "/api/search?source=Reuters&place=Erbil")
    assert 0 < both["total"] <= one
    assert all(h["source"] == "Reuters" and h["place"] == "Erbil" for h in both["results"])


@pytest.mark.parametrize("name,value", [("year", "2019"), ("month", "2019-01"), ("place", "أربيل"),
                                        ("section", "سياسة"), ("author", "عارف يوسف")])
def test_each_filter(client, name, value):
    body = get_json(client, f"/api/search?{name}={quote(value)}&size=100")
    assert body["total"] > 0
    for h in body["results"]:
        if name == "year":
            assert h["date"].startswith(value)
        elif name == "month":
            assert h["date"].startswith(value)
        else:       # places and sections: one value for every spelling (corpus/metadata)
            assert h[name] == metadata.canonical(name, value)
    assert any(fv["selected"] and fv["value"] == metadata.canonical(name, value) for fv in body["facets"][name])


def test_since_until(client):
    body = get_json(client, "/api/search?since=2019-01-01&until=2019-12-31&size=100")
    assert body["total"] > 0
    assert all("2019-01-01" <= h["date"] <= "2019-12-31" for h in body["results"])
    everything = get_json(client, "/api/search")["total"]
    assert body["total"] < everything


def test_op_or_finds_more_than_and(client):
    and_ = get_json(client, "/api/search?q=oil+parliament&translate=off")["total"]
    or_ = get_json(client, "/api/search?q=oil+parliament&op=or&translate=off")["total"]
    assert and_ == 0 and or_ > 0


def test_pagination(client):
    p1 = get_json(client, "/api/search?q=العراق&size=5")
    p2 = get_json(client, "/api/search?q=العراق&size=5&page=2")
    assert p1["total"] == p2["total"] > 10
    assert p1["pages"] == -(-p1["total"] // 5)
    ids1, ids2 = [h["id"] for h in p1["results"]], [h["id"] for h in p2["results"]]
    assert len(ids1) == len(ids2) == 5 and not set(ids1) & set(ids2)
    every = get_json(client, f"/api/search?q=العراق&size=100")
    assert [h["id"] for h in every["results"]][:10] == ids1 + ids2
    last = get_json(client, f"/api/search?q=العراق&size=5&page={p1['pages']}")
    assert 1 <= len(last["results"]) <= 5
    beyond = get_json(client, f"/api/search?q=العراق&size=5&page={p1['pages'] + 1}")
    assert beyond["results"] == [] and beyond["total"] == p1["total"]


@pytest.mark.parametrize("sort,reverse", [("date", False), ("-date", True)])
def test_sort_by_date(client, sort, reverse):
    body = get_json(client, f"/api/search?sort={sort}&size=100")
    dates = [h["date"] for h in body["results"] if h["date"]]
    assert len(dates) > 20
    assert dates == sorted(dates, reverse=reverse)
    assert body["sort"] == sort


# -- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query,contains", [
    ("sort=best", "sort"),
    ("page=0", "page"),
    ("page=-3", "page"),
    ("page=abc", "page"),
    ("page=1.5", "page"),
    ("page=99999999999999999999", "page"),
    ("page=10001", "page"),
    ("size=101", "size"),
    ("size=-1", "size"),
    ("size=ten", "size"),
    ("since=2019-13-01", "since"),
    ("until=yesterday", "until"),
    ("since=2020-01-01&until=2019-01-01", "after"),
    ("op=xor", "op"),
    ("format=xml", "format"),
    ("langs=ar", "unknown parameter"),
    ("q=a&q=b", "once"),
    ("limit=abc", "limit"),
    ("format=csv&limit=0", "limit"),
    ("format=csv&limit=10001", "limit"),
])
def test_bad_parameters_are_400_json(client, query, contains):
    assert_error(client, "/api/search?" + query, 400, contains=contains)


@pytest.mark.parametrize("q, reason", [
    ('"unbalanced', "quote"), ("(a", "parenthes"), ("nosuchfield:x", "unknown field"),
    ("NOT " * 120 + "x", "nested too deeply"), ("date:[2019 TO", "range"),
])
def test_invalid_syntax_is_searched_as_plain_words(client, q, reason):
    body = get_json(client, "/api/search?q=" + quote(q))
    assert len(body["notices"]) == 1 and reason in body["notices"][0]
    assert body["notices"][0].startswith("searched as plain words")


def test_limit_is_ignored_by_json(client):
    body = get_json(client, "/api/search?q=oil&limit=1")
    assert body["total"] >= 1 and body["notices"] == []


def test_stats_show_no_server_paths(client):
    st = get_json(client, "/api/stats")
    assert "index" not in st
    assert st["sources"] and all("/" not in s for s in st["sources"])


def test_query_length_cap(client):
    assert get_json(client, "/api/search?q=" + quote("ب" * 500))["total"] == 0
    assert_error(client, "/api/search?q=" + "a" * 501, 400, contains="too long")


def test_repeated_values_cap(client):
    ok = "&".join(f"source=s{i}" for i in range(20))
    assert get_json(client, "/api/search?" + ok)["total"] == 0
    assert_error(client, "/api/search?" + ok + "&source=s20", 400, contains="too many")


def test_total_parameters_cap(client):
    many = "&".join(f"{name}=v{i}" for name in ("source", "place", "author", "section", "lang", "year")
                    for i in range(18))
    assert_error(client, "/api/search?" + many, 400, contains="too many parameters")


def test_unknown_api_route_is_404_json(client):
    assert_error(client, "/api/nothing-here", 404)
    assert_error(client, "/api/", 404)
    assert_error(client, "/api/search/extra", 404)


def test_wrong_method_is_405_json(client):
    r = client.post("/api/search")
    assert r.status_code == 405 and r.mimetype == "application/json"
    assert "GET" in r.headers["Allow"]
    assert orjson.loads(r.data)["error"]["status"] == 405
    assert_error(client, "/api/stats", 405, method="delete")


def test_internal_error_is_json_without_details(web_index, monkeypatch):
    from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
    from search_web import create_app

    def boom(self, *a, **kw):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(Corpus, "search", boom)
    app = create_app({"INDEX": str(web_index)})
    c = app.test_client()
    msg = assert_error(c, "/api/search?q=x", 500)
    assert "secret" not in msg and "passwd" not in msg
    # the HTML page also fails politely
    r = c.get("/?q=x")
    assert r.status_code == 500 and r.mimetype == "text/html"
    assert "secret" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)


def test_missing_index_is_503_json(tmp_path):
    from search_web import create_app
    c = create_app({"INDEX": str(tmp_path / "none")}).test_client()
    assert_error(c, "/api/search?q=x", 503, contains="no index")
    assert_error(c, "/api/stats", 503)
    r = c.get("/?q=x")
    assert r.status_code == 503 and r.mimetype == "text/html"


# -- documents ------------------------------------------------------------------------------

@pytest.mark.parametrize("doc_id", ["ar-00", "en-03", *SPECIAL_IDS])
def test_document_ids_round_trip(web_app, client, doc_id):
    with web_app.test_request_context():
        url = url_for("api.document", doc_id=doc_id)
    assert url.startswith("/api/documents/")
    doc = get_json(client, url)
    assert doc["id"] == doc_id
    assert doc["body"] and "body_html" in doc and "title_html" in doc


def test_document_highlights_query(client):
    doc = get_json(client, "/api/documents/ar-00?q=" + quote("البيشمركة"))
    assert "<mark>" in doc["body_html"]
    plain = get_json(client, "/api/documents/ar-00")
    assert "<mark>" not in plain["body_html"]


def test_document_errors(client):
    assert_error(client, "/api/documents/no-such-document", 404, contains="no document")
    assert_error(client, "/api/documents/ar-00?op=xor", 400)


def test_document_is_escaped_in_html_fields(client):
    doc = get_json(client, "/api/documents/evil-1?q=" + quote("البيشمركة"))
    for field in ("title_html", "body_html"):
        html = doc[field].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in html, html
    assert "<script>" in doc["title"]          # raw text stays raw (JSON is not HTML)


# -- stats, OpenAPI -------------------------------------------------------------------------

def test_stats(client):
    st = get_json(client, "/api/stats")
    assert st["documents"] == len(RECORDS)
    assert st["lang"] == {"ar": AR_TOTAL, "en": EN_TOTAL}
    assert set(st["year"]) == {"2018", "2019", "2020"}
    assert st["index_bytes"] > 0


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def test_openapi_document(web_app, client):
    spec = get_json(client, "/api/openapi.json")
    assert spec["openapi"].startswith("3.0.")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert set(spec["paths"]) == {"/api/search", "/api/documents/{id}", "/api/stats", "/api/openapi.json",
                                  "/api/concordance", "/api/collocations", "/api/trends",
                                  "/api/places", "/api/entities/{kind}/{id}"}
    # every $ref resolves
    for ref in _refs(spec):
        assert ref.startswith("#/")
        node = spec
        for part in ref[2:].split("/"):
            node = node[part]
    # every operation: GET, responses with descriptions, well-formed parameters
    for path, item in spec["paths"].items():
        assert set(item) == {"get"}
        op = item["get"]
        assert op["operationId"] and "200" in op["responses"]
        for code, resp in op["responses"].items():
            assert code.isdigit() and resp["description"]
        for p in op.get("parameters", []):
            assert p["in"] in ("query", "path") and p["name"] and "schema" in p
            if p["in"] == "path":
                assert p["required"] is True and "{%s}" % p["name"] in path
    search = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert set(search) >= {"q", "op", "lang", "source", "section", "author", "place", "year", "month",
                           "since", "until", "sort", "page", "size", "format", "limit"}
    assert search["size"]["schema"]["maximum"] == 100
    assert search["sort"]["schema"]["enum"] == ["relevance", "date", "-date"]
    assert search["limit"]["schema"]["maximum"] == web_app.config["EXPORT_LIMIT"] == 10_000
    assert {"interval", "facet_size", "offset", "include"} <= set(search)
    results = spec["components"]["schemas"]["SearchResults"]["properties"]
    assert results["histogram"] == {"$ref": "#/components/schemas/Histogram"}
    assert "10,000" in search["format"]["description"]
    assert "400" in spec["paths"]["/api/search"]["get"]["responses"]
    assert "404" in spec["paths"]["/api/documents/{id}"]["get"]["responses"]
    # every documented path exists in the app
    rules = {r.rule for r in web_app.url_map.iter_rules()}
    assert {"/api/search", "/api/stats", "/api/openapi.json", "/api/documents/<docid:doc_id>"} <= rules


# -- export ---------------------------------------------------------------------------------

def _csv_rows(r):
    text = r.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_csv(client):
    total = get_json(client, "/api/search?q=العراق")["total"]
    r = client.get("/api/search?q=العراق&format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.is_streamed
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert ".csv" in r.headers["Content-Disposition"]
    rows = _csv_rows(r)
    assert rows[0] == ["id", "title", "date", "lang", "source", "agency", "section", "author", "byline",
                       "place", "url", "score", "person", "org", "mentioned_place"]
    assert len(rows) - 1 == total > 10     # all hits, not one page
    # what each article mentions: "; " between values in a cell, a list in JSON Lines
    jsonl = [orjson.loads(line) for line in client.get("/api/search?q=العراق&format=jsonl").data.splitlines()]
    by_id = {row["id"]: row for row in jsonl}
    assert any(row["mentioned_place"] for row in jsonl)
    for row in rows[1:]:
        assert row[-1] == "; ".join(by_id[row[0]]["mentioned_place"])


def test_export_jsonl_matches_csv(client):
    r = client.get("/api/search?lang=en&sort=date&format=jsonl")
    assert r.status_code == 200 and r.mimetype == "application/x-ndjson"
    assert r.headers["Content-Disposition"].startswith("attachment;") and ".jsonl" in r.headers["Content-Disposition"]
    lines = r.data.decode("utf-8").splitlines()
    rows = [orjson.loads(line) for line in lines]
    assert len(rows) == EN_TOTAL
    assert all(row["lang"] == "en" for row in rows)
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    csv_ids = [row[0] for row in _csv_rows(client.get("/api/search?lang=en&sort=date&format=csv"))[1:]]
    assert csv_ids == [row["id"] for row in rows]


def test_export_limit_and_cap(web_index):
    from search_web import create_app
    app = create_app({"INDEX": str(web_index), "EXPORT_LIMIT": 7})
    c = app.test_client()
    assert len(c.get("/api/search?format=jsonl").data.decode().splitlines()) == 7
    assert len(c.get("/api/search?format=jsonl&limit=3").data.decode().splitlines()) == 3
    assert_error(c, "/api/search?format=jsonl&limit=8", 400, contains="limit")
    spec = orjson.loads(c.get("/api/openapi.json").data)
    limit = next(p for p in spec["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 7


def test_export_empty_and_bad(client):
    rows = _csv_rows(client.get("/api/search?q=zzzzqqqq&format=csv"))
    assert len(rows) == 1                      # header only
    assert client.get("/api/search?q=zzzzqqqq&format=jsonl").data == b""
    assert len(_csv_rows(client.get("/api/search?q=" + quote('"open') + "&format=csv"))) >= 1


def test_export_csv_neutralises_formulas(client):
    rows = _csv_rows(client.get("/api/search?q=HYPERLINK+OR+هجوم&op=or&format=csv"))
    header, data = rows[0], rows[1:]
    cells = [c for row in data for c in row]
    evil = {row[0]: dict(zip(header, row)) for row in data}
    assert evil["evil-2"]["title"].startswith("'=HYPERLINK")
    assert evil["evil-2"]["source"] == "'+cmd" and evil["evil-2"]["place"] == "'=1+2"
    assert evil["evil-2"]["author"] == "'@SUM(A1)"
    assert evil["evil-1"]["section"] == "'-2+3" and evil["evil-1"]["author"] == "'@evil"
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


# -- safety ---------------------------------------------------------------------------------

def test_json_snippets_are_escaped(client):
    body = get_json(client, "/api/search?q=" + quote("البيشمركة هجوم"))
    hits = [h for h in body["results"] if h["id"] == "evil-1"]
    assert hits
    snippet = hits[0]["snippet"].replace("<mark>", "").replace("</mark>", "")
    assert "<" not in snippet
    assert "&lt;img" in snippet and "&lt;script&gt;" in snippet     # shown as text
    assert "<img" not in hits[0]["snippet"] and "<script" not in hits[0]["snippet"]


def test_security_headers_on_api(client):
    for url in ("/api/search?q=x", "/api/nothing", "/api/stats", "/api/search?format=csv"):
        r = client.get(url)
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Referrer-Policy"]
