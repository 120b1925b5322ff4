"""Streamed exports of the hits of a search: CSV (spreadsheet-safe) and JSON Lines.

An export holds at most the server's limit of rows (EXPORT_LIMIT); `offset` starts it
further down, so `offset=0, 10000, 20000 ...` get every hit in slices (the search page links
them when the limit cuts). Optional columns: `text` (the body) and `snippet` (plain text).
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import itertools
from typing import Iterable, Iterator

import orjson

COLUMNS = ("id", "title", "date", "lang", "source", "section", "author", "place", "url", "score")
MIMETYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 200
OPTIONAL = ("snippet", "text")
_TAG = re.compile(r"<[^>]*>")


def columns(include=()) -> tuple[str, ...]:
    """The export's columns: COLUMNS plus the optional ones asked for."""
    return COLUMNS + tuple(c for c in OPTIONAL if c in include)


def _value(row: dict, column: str):
    if column == "snippet":     # the HTML snippet as plain text (matches unmarked)
        return html.unescape(_TAG.sub("", row.get("snippet") or ""))
    return row.get(column)


def neutralise(value) -> str:
    """A spreadsheet cell that cannot run as a formula: a leading ' when it starts with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(rows: Iterable[dict], cols: tuple = COLUMNS) -> Iterator[str]:
    """UTF-8 CSV with a BOM (so Excel shows Arabic), header first, formula cells neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writerow(cols)
    rows = iter(rows)
    while True:
        batch = list(itertools.islice(rows, ROWS_PER_CHUNK))
        for row in batch:
            writer.writerow([neutralise(_value(row, c)) if c != "score" else row.get(c) for c in cols])
        if buf.tell():
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        if not batch:
            return


def jsonl_chunks(rows: Iterable[dict], cols: tuple = COLUMNS) -> Iterator[bytes]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, ROWS_PER_CHUNK)):
        yield b"".join(orjson.dumps({c: _value(row, c) for c in cols}) + b"\n" for row in batch)


def filename(fmt: str) -> str:
    """An ASCII file name: corpus-search-YYYYMMDD-HHMMSS.csv (the query is in the URL)."""
    return f"corpus-search-{dt.datetime.now():%Y%m%d-%H%M%S}.{fmt}"
