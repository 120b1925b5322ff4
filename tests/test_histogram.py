"""Hits over time: the interval rules, the bucket bounds, and the same histogram on both
engines (news_searcher) for the query, the filters and the date range."""
from __future__ import annotations

import datetime as dt

import pytest

from corpus.errors import QueryError
from corpus import histogram
from corpus.histogram import Bucket, build, choose_interval, from_ordinals

D = dt.date


@pytest.mark.parametrize("first, last, interval", [
    (D(2019, 1, 1), D(2019, 1, 1), "day"),
    (D(2019, 1, 1), D(2019, 4, 2), "day"),          # 92 days
    (D(2019, 1, 1), D(2019, 4, 3), "week"),         # 93 days
    (D(2019, 1, 1), D(2021, 1, 11), "week"),        # 742 days = 106 weeks
    (D(2019, 1, 1), D(2021, 1, 12), "month"),
    (D(2010, 1, 1), D(2019, 12, 31), "month"),      # 120 months
    (D(2010, 1, 1), D(2020, 1, 1), "year"),
])
def test_interval_from_the_span(first, last, interval):
    assert choose_interval(first, last) == interval


@pytest.mark.parametrize("day, interval, start, end", [
    (D(2019, 1, 5), "day", D(2019, 1, 5), D(2019, 1, 5)),
    (D(2019, 1, 5), "week", D(2018, 12, 31), D(2019, 1, 6)),      # ISO week: Monday..Sunday
    (D(2019, 1, 6), "week", D(2018, 12, 31), D(2019, 1, 6)),
    (D(2020, 2, 17), "month", D(2020, 2, 1), D(2020, 2, 29)),     # leap year
    (D(2019, 12, 31), "month", D(2019, 12, 1), D(2019, 12, 31)),
    (D(2019, 7, 4), "year", D(2019, 1, 1), D(2019, 12, 31)),
])
def test_bucket_bounds(day, interval, start, end):
    (bucket,) = build({day: 2}, interval).buckets
    assert bucket == Bucket(start, end, 2)


def test_empty_periods_between_are_kept_and_counts_add_up():
    h = build({D(2019, 1, 30): 1, D(2019, 1, 2): 2, D(2019, 4, 1): 4}, "month")
    assert h.interval == "month"
    assert h.counts() == {"2019-01-01": 3, "2019-02-01": 0, "2019-03-01": 0, "2019-04-01": 4}
    assert h.max_count == 4


def test_span_aligns_series_and_undated_is_kept_apart():
    h = build({D(2019, 2, 3): 1}, "month", undated=5, span=(D(2019, 1, 1), D(2019, 3, 31)))
    assert h.counts() == {"2019-01-01": 0, "2019-02-01": 1, "2019-03-01": 0}
    assert h.undated == 5
    assert from_ordinals([0, 0, D(2019, 2, 3).toordinal()], "day").undated == 2


def test_no_dated_hits_no_buckets():
    h = build({}, "auto", undated=3)
    assert (h.buckets, h.undated) == ([], 3)


def test_json_shape():
    h = build({D(2019, 1, 5): 2}, "week")
    assert histogram.histogram_dict(h) == {
        "interval": "week", "undated": 0,
        "buckets": [{"start": "2018-12-31", "end": "2019-01-06", "count": 2}]}


# -- through the engines (news_src: NEWS dated 2018-09-30 .. 2020-05-09, plus two seeds)

def _hist(searcher, q="", **kw):
    res = searcher.search(q, histogram=kw.pop("interval", "auto"), size=1, **kw)
    return res, res.histogram


def test_histogram_counts_every_dated_hit(news_searcher):
    res, h = _hist(news_searcher, "", interval="year")
    assert sum(b.count for b in h.buckets) + h.undated == res.total
    assert h.counts()["2019-01-01"] == 5           # ar1, en1, a seed, ar3, en3
    assert h.undated == 1                           # the other seed


@pytest.mark.parametrize("q, kw, expected", [
    ("الجيش", {"interval": "month", "translate": "auto"}, {"2019-01-01": 3, "2020-05-01": 2}),
    ("الجيش", {"interval": "month", "translate": "off"}, {"2019-01-01": 2, "2020-05-01": 1}),
    ("", {"interval": "year", "filters": {"lang": ["en"]}}, {"2019-01-01": 2, "2020-01-01": 1}),
    ("", {"interval": "day", "since": "2019-01-01", "until": "2019-01-31"},
     {"2019-01-05": 1, "2019-01-06": 1, "2019-01-22": 1}),
])
def test_histogram_follows_query_filters_and_dates(news_searcher, q, kw, expected):
    _, h = _hist(news_searcher, q, **kw)
    assert {k: n for k, n in h.counts().items() if n} == expected


def test_auto_interval_and_empty_weeks_on_both_engines(news_searcher):
    _, h = _hist(news_searcher, "الجيش", translate="auto")     # 2019-01-05 .. 2020-05-09: 491 days
    assert h.interval == "week"
    assert (h.buckets[0].start, h.buckets[-1].end) == (D(2018, 12, 31), D(2020, 5, 10))
    assert all(b.start == a.end + dt.timedelta(days=1) for a, b in zip(h.buckets, h.buckets[1:]))
    assert sum(b.count for b in h.buckets) == 5 and h.undated == 1


def test_no_histogram_unless_asked(news_searcher):
    assert news_searcher.search("الجيش").histogram is None


def test_bad_interval_is_a_query_error(news_searcher):
    with pytest.raises(QueryError, match="interval"):
        news_searcher.search("", histogram="fortnight")
