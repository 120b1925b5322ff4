"""Hits over time on OpenSearch: a one-day `date_histogram` in the search request itself,
rolled up by corpus/histogram.py exactly as the Whoosh engine's day counts are."""
from __future__ import annotations

import datetime as dt

from corpus import histogram


def aggregation(filter_clauses: list[dict]) -> dict:
    """Per-day counts of the hits: the query *and* every filter (aggregations do not see the
    post_filter, so the filters are repeated here), plus the undated ones."""
    days = {"date_histogram": {"field": "date", "calendar_interval": "day", "min_doc_count": 1,
                               "format": "yyyy-MM-dd"}}
    return {"filter": {"bool": {"filter": filter_clauses}} if filter_clauses else {"match_all": {}},
            "aggs": {"days": days, "undated": {"missing": {"field": "date"}}}}


def read(agg: dict, interval: str) -> histogram.Histogram:
    days = {dt.date.fromisoformat(b["key_as_string"]): b["doc_count"]
            for b in agg["days"]["buckets"]}
    return histogram.build(days, interval, undated=agg["undated"]["doc_count"])
