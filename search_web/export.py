"""Streamed exports of all hits of a search: CSV (spreadsheet-safe) and JSON Lines."""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from typing import Iterable, Iterator

import orjson

COLUMNS = ("id", "title", "date", "lang", "source", "section", "author", "place", "url", "score")
MIMETYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 200


def neutralise(value) -> str:
    """A spreadsheet cell that cannot run as a formula: a leading ' when it starts with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """UTF-8 CSV with a BOM (so Excel shows Arabic), header first, formula cells neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writerow(COLUMNS)
    rows = iter(rows)
    while True:
        batch = list(itertools.islice(rows, ROWS_PER_CHUNK))
        for row in batch:
            writer.writerow([neutralise(row.get(c)) if c != "score" else row.get(c) for c in COLUMNS])
        if buf.tell():
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        if not batch:
            return


def jsonl_chunks(rows: Iterable[dict]) -> Iterator[bytes]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, ROWS_PER_CHUNK)):
        yield b"".join(orjson.dumps({c: row.get(c) for c in COLUMNS}) + b"\n" for row in batch)


def filename(fmt: str) -> str:
    """An ASCII file name: corpus-search-YYYYMMDD-HHMMSS.csv (the query is in the URL)."""
    return f"corpus-search-{dt.datetime.now():%Y%m%d-%H%M%S}.{fmt}"
