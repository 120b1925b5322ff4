"""Hits over time: per-day counts rolled up into day, week, month or year buckets.

Both engines count matching documents per day (Whoosh from its date column, OpenSearch with
a `date_histogram` of one day in the search request) and hand the counts here, so the
interval, the bucket bounds and the empty buckets between are the same on either engine.

    histogram.build({date(2019, 1, 5): 3, ...}, "auto") -> Histogram(interval, buckets)
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Iterable, Mapping

INTERVALS = ("day", "week", "month", "year")
CHOICES = ("auto", *INTERVALS)
# "auto": the finest interval that keeps the span within about this many buckets
MAX_AUTO_BUCKETS = {"day": 92, "week": 106, "month": 120}


@dataclasses.dataclass(frozen=True)
class Bucket:
    start: dt.date
    end: dt.date          # inclusive: the last day of the period
    count: int

    @property
    def key(self) -> str:
        return self.start.isoformat()


@dataclasses.dataclass
class Histogram:
    interval: str
    buckets: list[Bucket]
    undated: int = 0      # matching documents without a date (in no bucket)

    @property
    def max_count(self) -> int:
        return max((b.count for b in self.buckets), default=0)

    def counts(self) -> dict[str, int]:
        return {b.key: b.count for b in self.buckets}


def period_start(day: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return day
    if interval == "week":              # ISO weeks: Monday to Sunday
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown interval {interval!r}")


def next_period(start: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return start + dt.timedelta(days=1)
    if interval == "week":
        return start + dt.timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def choose_interval(first: dt.date, last: dt.date) -> str:
    """The finest interval that shows the span [first, last] in a readable number of bars."""
    days = (last - first).days + 1
    if days <= MAX_AUTO_BUCKETS["day"]:
        return "day"
    if days <= MAX_AUTO_BUCKETS["week"] * 7:
        return "week"
    if (last.year - first.year) * 12 + last.month - first.month < MAX_AUTO_BUCKETS["month"]:
        return "month"
    return "year"


def build(days: Mapping[dt.date, int], interval: str = "auto", undated: int = 0,
          span: tuple[dt.date, dt.date] | None = None) -> Histogram:
    """Buckets from per-day counts, empty periods included, from the first to the last day
    with hits (or over `span`, e.g. to align several series)."""
    days = {d: n for d, n in days.items() if n}
    first, last = span if span else (min(days, default=None), max(days, default=None))
    if first is None:
        return Histogram("day" if interval == "auto" else interval, [], undated)
    if interval == "auto":
        interval = choose_interval(first, last)
    rolled: Counter = Counter()
    for d, n in days.items():
        rolled[period_start(d, interval)] += n
    buckets, start = [], period_start(first, interval)
    while start <= last:
        nxt = next_period(start, interval)
        buckets.append(Bucket(start, nxt - dt.timedelta(days=1), rolled.get(start, 0)))
        start = nxt
    return Histogram(interval, buckets, undated)


def from_ordinals(ordinals: Iterable[int], interval: str = "auto") -> Histogram:
    """A histogram of day ordinals (date.toordinal(); 0 = undated)."""
    return from_ordinal_counts(Counter(ordinals), interval)


def from_ordinal_counts(per_day: Mapping[int, int], interval: str = "auto") -> Histogram:
    """A histogram of documents per day ordinal (0 = undated)."""
    return build({dt.date.fromordinal(o): n for o, n in per_day.items() if o}, interval,
                 per_day.get(0, 0))


def histogram_dict(h: Histogram | None) -> dict | None:
    """The JSON shape: interval, buckets of {start, end, count} (ISO dates, end inclusive),
    undated."""
    if h is None:
        return None
    return {"interval": h.interval, "undated": h.undated,
            "buckets": [{"start": b.key, "end": b.end.isoformat(), "count": b.count}
                        for b in h.buckets]}
