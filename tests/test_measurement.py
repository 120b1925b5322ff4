"""Measurement-grade research (issue 21), on both engines: counts-only searches (size=0),
exports with every metadata column (missing values null, empty CSV cells), and trends split
by a facet (one series per value, rates per 1,000 of the value's own documents)."""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import orjson
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import client, web_app, web_index  # noqa: E402,F401  (fixtures)

from corpus.engines import open_searcher  # noqa: E402
from corpus.serialize import results_dict  # noqa: E402
from search_web import create_app, export  # noqa: E402
from search_web.openapi import spec  # noqa: E402


@pytest.fixture(scope="module", params=["whoosh", "opensearch"])
def news_client(request):
    if request.param == "whoosh":
        app = create_app({"INDEX": str(request.getfixturevalue("news_index")), "TESTING": True})
    else:
        app = create_app({"ENGINE": "opensearch", "INDEX": request.getfixturevalue("news_opensearch"),
                          "TESTING": True})
    return app.test_client()


def _json(client, url, status=200):
    resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)
    return orjson.loads(resp.data)


# -- counts only (size=0)

@pytest.mark.parametrize("group", ["none", "story"])
def test_counts_only_search(news_searcher, group):
    full = news_searcher.search("الجيش OR army", size=10, histogram="month", group=group)
    counts = news_searcher.search("الجيش OR army", size=0, histogram="month", group=group)
    assert counts.hits == [] and counts.size == 0 and counts.pages == 0
    assert (counts.total, counts.stories, counts.facets) == (full.total, full.stories, full.facets)
    assert counts.histogram == full.histogram and counts.total > 2


def test_counts_only_api(news_client):
    full = _json(news_client, "/api/search?q=الجيش&translate=off&interval=year")
    counts = _json(news_client, "/api/search?q=الجيش&translate=off&interval=year&size=0")
    assert counts["results"] == [] and counts["pages"] == 0 and counts["size"] == 0
    for key in ("total", "facets", "histogram"):
        assert counts[key] == full[key]
    assert news_client.get("/api/search?size=-1").status_code == 400
    assert news_client.get("/?size=0").status_code == 400      # pages show hits


def test_openapi_documents_counts_only():
    size = next(p for p in spec()["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "size")
    assert size["schema"]["minimum"] == 0 and "counts only" in size["description"]


# -- exports: every metadata column, missing values null (JSON) or empty (CSV)

def _csv(resp) -> list[dict]:
    return list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))


def test_export_columns(news_client):
    rows = _csv(news_client.get("/api/search?format=csv&sort=date"))
    assert list(rows[0]) == list(export.columns()) and "story" not in rows[0]
    assert {"agency", "byline", "place"} <= set(rows[0])
    lines = news_client.get("/api/search?format=jsonl&sort=date&include=story").data.splitlines()
    jsonl = [orjson.loads(line) for line in lines]
    assert [list(r) for r in jsonl] == [list(export.columns(("story",)))] * len(jsonl)
    assert all(r["story"] for r in jsonl)       # every article has a story (itself at least)
    seed = next(r for r in jsonl if "seeds/000" in r["id"])
    assert seed["agency"] == "Anadolu" and seed["byline"] == "عارف يوسف" and seed["place"] == "Erbil"
    bare = next(r for r in jsonl if "seeds/004" in r["id"])    # no source, date, place, agency
    assert bare["source"] is bare["agency"] is bare["date"] is bare["place"] is None
    news = next(r for r in jsonl if r["id"] == "en1")
    assert news["author"] is None and news["byline"] is None and news["section"] is None
    assert news["place"] == "Mosul" and news["source"] == "Reuters"
    by_id = {r["id"]: r for r in rows}
    assert by_id[bare["id"]]["source"] == by_id[bare["id"]]["date"] == ""
    assert by_id["en1"]["author"] == by_id["en1"]["byline"] == by_id["en1"]["section"] == ""
    assert [r["id"] for r in rows] == [r["id"] for r in jsonl]


def test_export_include_story_csv(news_client):
    rows = _csv(news_client.get("/api/search?format=csv&include=story,text&q=الجيش"))
    assert list(rows[0])[-2:] == ["story", "text"] and all(r["story"] for r in rows)
    bad = news_client.get("/api/search?format=csv&include=stories")
    assert bad.status_code == 400 and "story" in bad.get_json()["error"]["message"]


def test_engine_exports_carry_story_and_byline(news_searcher):
    rows = list(news_searcher.export("", sort="date"))
    assert all({"story", "byline", "agency", "place"} <= set(r) for r in rows)
    assert all(v is None or v != "" for r in rows for k, v in r.items() if k not in ("title", "score"))


def test_missing_metadata_is_null_in_hits(news_searcher):
    body = results_dict(news_searcher.search("", size=20, sort="date"))
    en1 = next(h for h in body["results"] if h["id"] == "en1")
    assert en1["author"] is None and en1["section"] is None and en1["agency"] == "Reuters"
    assert not [k for h in body["results"] for k, v in h.items() if v == "" and k != "snippet"]


def test_openapi_documents_every_export_column():
    row = spec()["components"]["schemas"]["ExportRow"]["properties"]
    assert set(row) == set(export.columns(export.OPTIONAL))
    include = next(p for p in spec()["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "include")
    pattern = re.compile(include["schema"]["pattern"])
    assert all(pattern.fullmatch(c) for c in export.OPTIONAL) and pattern.fullmatch("story,text")
    hit = spec()["components"]["schemas"]["Hit"]["properties"]
    assert all(hit[k].get("nullable") for k in ("source", "agency", "author", "place", "section"))
