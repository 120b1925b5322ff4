"""Streamed exports of the hits of a search: CSV (spreadsheet-safe) and JSON Lines.

An export holds at most the server's limit of rows (EXPORT_LIMIT); `offset` starts it
further down, so `offset=0, 10000, 20000 ...` get every hit in slices (the search page links
them when the limit cuts). Optional columns: `story` (near-duplicates share it), `text` (the
body) and `snippet` (plain text). A missing value is null in JSON Lines, an empty CSV cell.
An export the engine cannot finish (the cluster went away after the first rows were sent)
ends with an error line, never silently short: JSON Lines `{"error": {...}}`, CSV a row
`#ERROR ...`; both say how many rows came and the offset that continues.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import itertools
import logging
from typing import Iterable, Iterator

import orjson

from corpus.errors import IndexProblem
from corpus.fields import MULTI_FACETS

log = logging.getLogger(__name__)

COLUMNS = ("id", "title", "date", "lang", "source", "agency", "section", "author", "byline", "place",
           "url", "score", *MULTI_FACETS)
MIMETYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 200
OPTIONAL = ("story", "snippet", "text")      # include=story,snippet,text
_TAG = re.compile(r"<[^>]*>")


def columns(include=()) -> tuple[str, ...]:
    """The export's columns: COLUMNS plus the optional ones asked for."""
    return COLUMNS + tuple(c for c in OPTIONAL if c in include)


def _value(row: dict, column: str):
    if column == "snippet":     # the HTML snippet as plain text (matches unmarked)
        return html.unescape(_TAG.sub("", row.get("snippet") or ""))
    return row.get(column)


def _cell(value):
    """A CSV cell: a list of values (people, places mentioned) joined by "; "."""
    return "; ".join(value) if isinstance(value, list) else value


def neutralise(value) -> str:
    """A spreadsheet cell that cannot run as a formula: a leading ' when it starts with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def until_failure(rows: Iterable[dict], offset: int = 0) -> Iterator[dict]:
    """The rows; when the engine fails midway, one last row {"error": {...}} saying so."""
    n = 0
    try:
        for row in rows:
            yield row
            n += 1
    except Exception as e:      # headers are sent: the body is the only place left to say it
        if isinstance(e, IndexProblem):
            status, why = 503, str(e)
        else:
            log.exception("export failed after %d rows", n)
            status, why = 500, "internal server error; the problem was logged"
        yield {"error": {"status": status, "rows": n, "next_offset": offset + n,
                         "message": f"the export stopped after {n:,} rows: {why}; "
                                    f"ask again with offset={offset + n} for the rest"}}


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
            if "error" in row:
                writer.writerow([neutralise("#ERROR " + row["error"]["message"])])
                continue
            writer.writerow([neutralise(_cell(_value(row, c))) if c != "score" else row.get(c) for c in cols])
        if buf.tell():
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        if not batch:
            return


def jsonl_chunks(rows: Iterable[dict], cols: tuple = COLUMNS) -> Iterator[bytes]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, ROWS_PER_CHUNK)):
        yield b"".join(orjson.dumps(row if "error" in row else {c: _value(row, c) for c in cols}) + b"\n"
                       for row in batch)


def filename(fmt: str) -> str:
    """An ASCII file name: corpus-search-YYYYMMDD-HHMMSS.csv (the query is in the URL)."""
    return f"corpus-search-{dt.datetime.now():%Y%m%d-%H%M%S}.{fmt}"
