"""Trends: several queries over time on the periods of the baseline (every document under
the same filters), counts and per-1,000 rates; the same on both engines; the page, its JSON
twin and the CSV."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import client, news_client, web_app, web_index  # noqa: E402,F401  (fixtures)

from corpus.errors import QueryError  # noqa: E402
from corpus.engines import open_searcher  # noqa: E402
from corpus.research.trends import MAX_QUERIES, clean_queries, rate, trends  # noqa: E402
from search_web import charts  # noqa: E402


def test_rate_per_thousand():
    assert rate(3, 1500) == 2.0
    assert rate(1, 3) == 333.333
    assert rate(0, 0) is None


@pytest.mark.parametrize("queries, message", [
    ([], "at least one query"), (["", "  "], "at least one query"),
    ([f"q{i}" for i in range(MAX_QUERIES + 1)], "too many queries"),
])
def test_query_list_errors(queries, message):
    with pytest.raises(QueryError, match=message):
        clean_queries(queries)


def test_query_list_dedupes_and_strips():
    assert clean_queries([" النفط ", "النفط", "oil"]) == ["النفط", "oil"]


def test_trends_on_each_engine(news_searcher):
    t = trends(news_searcher, ["الجيش", "النفط"], interval="year", translate="off")
    assert t.interval == "year"
    assert [s.isoformat() for s, _ in t.periods] == ["2018-01-01", "2019-01-01", "2020-01-01"]
    assert t.documents == [1, 5, 3]       # every dated document of news_src, per year
    army, oil = t.series
    assert army.counts == [0, 2, 1] and oil.counts == [0, 1, 0]
    assert army.rates == [0.0, 400.0, 333.333]
    assert army.total == 4                 # one more, undated
    rows = list(t.rows())
    assert len(rows) == 6 and rows[2] == (dt.date(2019, 1, 1), dt.date(2019, 12, 31), "الجيش", None, 2, 5, 400.0)


def test_trends_follow_filters(news_searcher):
    t = trends(news_searcher, ["الجيش"], interval="month", filters={"lang": ["en"]})
    assert sum(t.documents) == 3
    assert t.series[0].counts[0] == 1 and t.periods[0][0] == dt.date(2019, 1, 1)


def test_same_trends_on_both_engines(news_index, news_opensearch):
    w, o = (trends(open_searcher(e, i), ["الجيش", "بيشمر*", "oil"], since="2019-01-01")
            for e, i in (("whoosh", news_index), ("opensearch", news_opensearch)))
    assert w == o


# -- the page, the JSON and the CSV

def test_api_trends(news_client):
    body = news_client.get("/api/trends?q=الجيش&q=النفط&interval=year&translate=off").get_json()
    assert body["interval"] == "year"
    assert [p["documents"] for p in body["periods"]] == [1, 5, 3]
    assert [s["query"] for s in body["series"]] == ["الجيش", "النفط"]
    assert body["series"][0]["counts"] == [0, 2, 1] and body["series"][0]["per_1000"][1] == 400.0


def test_api_trends_csv(news_client):
    resp = news_client.get("/api/trends?q=الجيش&q=النفط&interval=year&translate=off&format=csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == {"period_start": "2018-01-01", "period_end": "2018-12-31", "query": "الجيش",
                       "count": "0", "documents": "1", "per_1000": "0.0"}
    assert len(rows) == 6


@pytest.mark.parametrize("args, message", [
    ("", "at least one query"), ("q=a&interval=hour", "unknown interval"),
    ("q=a&format=xml", "unknown format"), ("q=a&page=2", "unknown parameter"),
    ("q=a&colour=red", "unknown parameter"), ("q=a&since=2019/01/01", "ISO date"),
    ("&".join(f"q=w{i}" for i in range(9)), "too many queries"),
])
def test_api_trends_errors(client, args, message):
    resp = client.get(f"/api/trends?{args}")
    assert resp.status_code == 400 and message in resp.get_json()["error"]["message"]


def test_trends_page(news_client):
    resp = news_client.get("/trends?q=الجيش&q=النفط&interval=year&translate=off")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert html.count('<path class="line') == 2
    assert re.search(r'<table class="trends-table">', html)
    assert "400.0‰" in html and 'href="/api/trends?' in html and "format=csv" in html
    count = news_client.get("/trends?q=الجيش&q=النفط&interval=year&translate=off&measure=count")
    assert count.status_code == 200 and '>2</text>' in count.get_data(as_text=True)  # y axis: counts


def test_trends_page_without_queries_and_with_errors(client):
    empty = client.get("/trends")
    assert empty.status_code == 200 and 'name="q"' in empty.get_data(as_text=True)
    bad = client.get("/trends?q=النفط&since=17/05/2019")
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "YYYY-MM-DD" in html and "بصيغة" in html and 'value="النفط"' in html


def test_line_breaks_where_there_are_no_documents():
    chart = charts.lines(["2019-01", "2019-02", "2019-03", "2019-04"], [[1.0, None, 2.0, 3.0]])
    assert chart["lines"][0].count("M") == 2 and chart["lines"][0].count("L") == 1


def test_a_single_period_is_drawn_as_a_dot():
    """Issue 20: a one-point series was a path with no segment (a blank chart)."""
    chart = charts.lines(["2015-07"], [[3.0]])
    assert len(chart["dots"][0]) == 1
    gaps = charts.lines(["a", "b", "c", "d"], [[1.0, None, 2.0, 3.0]])
    assert len(gaps["dots"][0]) == 1          # the point between gaps; the segment c-d is a line


def test_the_trends_page_draws_single_periods_as_dots(client):
    r = client.get("/trends?q=oil&q=Erbil&since=2019-03-01&until=2019-03-31&interval=month")
    assert r.status_code == 200 and r.get_data(as_text=True).count("<circle") >= 1
