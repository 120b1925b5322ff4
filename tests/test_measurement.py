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
from conftest import corpus_fixtures  # noqa: E402
from conftest_web import RECORDS, client, news_client, web_app, web_index  # noqa: E402,F401  (fixtures)

from corpus.engines import open_searcher  # noqa: E402
from corpus.errors import QueryError  # noqa: E402
from corpus.request import MAX_SPLIT  # noqa: E402
from corpus.research.trends import on_periods, rate, trends  # noqa: E402
from corpus.serialize import results_dict  # noqa: E402
from search_web import export  # noqa: E402
from search_web.openapi import spec  # noqa: E402


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
    assert seed["agency"] == "Anadolu" and seed["byline"] == "أربيل (العراق) / عارف يوسف / الأناضول" and seed["author"] == "عارف يوسف" and seed["place"] == "Erbil"
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


# -- trends split by a facet

def _write_web_records(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "news.jsonl").write_text("\n".join(orjson.dumps(r).decode() for r in RECORDS),
                                       encoding="utf-8")


# the web corpus (51 articles over 34 months) on both engines: more values than MAX_SPLIT
months_src, months_index, months_opensearch, months_searcher = corpus_fixtures("months", _write_web_records)


def test_split_trends_rate_each_value_on_its_own_documents(news_searcher):
    q = "الجيش OR army OR oil"
    t = trends(news_searcher, [q], interval="year", translate="off", split="source")
    assert t.split == "source" and [s.value for s in t.series] == ["Anadolu", "Reuters", "Rudaw"]  # 2 each
    keys = [start.isoformat() for start, _ in t.periods]
    for s in t.series:      # the same as the query (and the baseline) filtered to the value
        alone = news_searcher.search(q, filters={"source": [s.value]}, histogram="year", size=0,
                                     translate="off")
        own = news_searcher.search("", filters={"source": [s.value]}, histogram="year", size=0)
        assert s.counts == on_periods(alone.histogram, keys) and s.total == alone.total
        assert s.documents == on_periods(own.histogram, keys)
        assert s.rates == [rate(n, d) for n, d in zip(s.counts, s.documents)]
    assert [sum(col) for col in zip(*(s.documents for s in t.series))] == t.documents
    assert t.series[1].rates == [None, 666.667, None]     # Reuters: 2 of its 3 in 2019, none else


def test_same_split_trends_on_both_engines(news_index, news_opensearch):
    w, o = (trends(open_searcher(e, i), ["الجيش OR army OR oil OR النفط"], split="place", translate="off")
            for e, i in (("whoosh", news_index), ("opensearch", news_opensearch)))
    assert w == o and len(w.series) > 2


@pytest.mark.parametrize("facet", ["lang", "agency", "month"])
def test_split_by_any_facet_keeps_the_top_values(months_searcher, facet):
    res = months_searcher.search("", size=0, histogram="month", split=facet, facet_limit=100)
    counts = {v.value: v.count for v in res.facets[facet]}
    top = sorted(counts, key=lambda v: (-counts[v], v))[:MAX_SPLIT]
    assert list(res.split) == top and all(res.split[v].interval == "month" for v in top)
    assert [sum(b.count for b in res.split[v].buckets) + res.split[v].undated for v in top] == \
        [counts[v] for v in top]
    if facet == "month":
        assert len(counts) > MAX_SPLIT == len(res.split)


def test_same_split_on_both_engines_with_many_values(months_index, months_opensearch):
    w, o = (trends(open_searcher(e, i), ["العراق OR Iraq"], split="month", interval="month",
                   translate="off")     # name matching has a time budget: under load, a notice
            for e, i in (("whoosh", months_index), ("opensearch", months_opensearch)))
    assert w == o and len(w.series) == MAX_SPLIT


@pytest.mark.parametrize("kwargs, message", [
    (dict(queries=["a", "b"], split="source"), "split takes one query"),
    (dict(queries=["a"], split="colour"), "unknown facet 'colour'"),
])
def test_split_trends_errors(news_searcher, kwargs, message):
    with pytest.raises(QueryError, match=message):
        trends(news_searcher, **kwargs)


def test_split_request_checks():
    from corpus.request import SearchRequest
    with pytest.raises(QueryError, match="needs a histogram"):
        SearchRequest.build("", split="source")
    with pytest.raises(QueryError, match="at most 20"):
        SearchRequest.build("", split="source", histogram="auto", split_values=[f"s{i}" for i in range(21)])


def test_api_split_trends(news_client):
    body = _json(news_client, "/api/trends?q=الجيش OR army OR oil&split=source&interval=year&translate=off")
    assert body["split"] == "source" and [s["value"] for s in body["series"]] == ["Anadolu", "Reuters", "Rudaw"]
    reuters = body["series"][1]
    assert reuters["documents"] == [0, 3, 0] and reuters["per_1000"] == [None, 666.667, None]
    resp = news_client.get("/api/trends?q=الجيش OR army OR oil&split=source&interval=year&translate=off&format=csv")
    rows = _csv(resp)
    assert list(rows[0]) == ["period_start", "period_end", "query", "source", "count", "documents", "per_1000"]
    assert len(rows) == 3 * 3 and {r["source"] for r in rows} == {"Anadolu", "Reuters", "Rudaw"}
    plain = _json(news_client, "/api/trends?q=oil&interval=year")
    assert plain["split"] is None and plain["series"][0]["value"] is plain["series"][0]["documents"] is None
    for bad, message in (("q=a&q=b&split=source", "one query"), ("q=a&split=colour", "unknown facet"),
                         ("q=a&split=source&split=lang", "only once")):
        resp = news_client.get(f"/api/trends?{bad}")
        assert resp.status_code == 400 and message in resp.get_json()["error"]["message"], bad


def test_split_trends_page(news_client):
    resp = news_client.get("/trends?q=الجيش OR army OR oil&split=source&interval=year&translate=off")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert html.count('<path class="line') + html.count('<circle class="dot') >= 3
    assert '<option value="source" selected>' in html and "1000.0‰" in html
    assert "source=Reuters" in html          # each legend entry searches its value


def test_openapi_documents_split():
    trends_op = spec()["paths"]["/api/trends"]["get"]
    split = next(p for p in trends_op["parameters"] if p["name"] == "split")
    assert split["schema"]["enum"] == [f.name for f in __import__("corpus.fields").fields.FACET_REGISTRY]
    series = trends_op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["series"]
    assert {"value", "documents"} <= set(series["items"]["properties"])


def test_missing_metadata_is_null_in_documents(news_searcher):
    en1 = news_searcher.document("en1")
    assert en1["author"] is None and en1["byline"] is None and en1["source"] == "Reuters"
    bare = next(r["id"] for r in news_searcher.export("") if "seeds/004" in r["id"])
    doc = news_searcher.document(bare)
    assert doc["source"] is doc["date"] is doc["place"] is None and doc["body"]


def test_split_errors_in_arabic_on_the_page(client):
    """Split errors carry codes; the page shows their Arabic (corpus/messages.py)."""
    for args, code in (("q=a&q=b&split=source", "split_one_query"), ("q=a&split=colour", "unknown_split")):
        resp = client.get(f"/trends?{args}")
        page = resp.get_data(as_text=True)
        assert resp.status_code == 400 and f'data-code="{code}"' in page
    assert "التقسيم يأخذ استعلاماً واحداً" in client.get("/trends?q=a&q=b&split=source").get_data(as_text=True)