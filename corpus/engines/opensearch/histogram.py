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


def split_aggregation(filter_clauses: list[dict], facet: str, values: list[str] | None,
                      size: int) -> dict:
    """Per-day counts of the hits per value of `facet`: of `values`, else of the `size` most
    frequent (ties by value, as corpus/request.split_values orders them)."""
    terms = {"field": facet, "size": len(values) if values else size, "shard_size": 1_000,
             "order": [{"_count": "desc"}, {"_key": "asc"}]}
    if values:
        terms["include"] = values
    else:
        terms["exclude"] = [""]     # documents without a value
    per_value = aggregation(filter_clauses)
    per_value["aggs"] = {"values": {"terms": terms, "aggs": per_value["aggs"]}}
    return per_value


def read_split(agg: dict, interval: str, values: list[str] | None) -> dict:
    """value -> its histogram; chosen values without hits get an empty one."""
    got = {b["key"]: read(b, interval) for b in agg["values"]["buckets"]}
    return {v: got.get(v) or histogram.build({}, interval) for v in values} if values else got


def read(agg: dict, interval: str) -> histogram.Histogram:
    days = {dt.date.fromisoformat(b["key_as_string"]): b["doc_count"]
            for b in agg["days"]["buckets"]}
    return histogram.build(days, interval, undated=agg["undated"]["doc_count"])
