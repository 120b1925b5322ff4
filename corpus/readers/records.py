"""Record files (.json, .jsonl/.ndjson, .csv): each object or row with a title or text is one article."""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import Iterable

from corpus.document import Document, ReadError
from corpus.extract import parse_date
from corpus.readers.decode import decode

# Document field -> record keys (compared lower case); the first non-empty value wins.
FIELDS = {
    "id": ("id", "_id", "guid", "doc_id"),
    "title": ("title", "headline"),
    "body": ("content", "text", "body", "article"),
    "date": ("date", "date_extracted", "published", "published_at", "pubdate", "datetime"),
    "source": ("source", "agency", "publisher", "site", "newspaper"),
    "author": ("author", "byline", "writer"),
    "url": ("url", "link"),
    "section": ("section", "category"),
    "place": ("place", "dateline", "location"),
    "lang": ("lang", "language"),
}
WRAPPER_KEYS = ("data", "articles", "items", "records")    # {"articles": [...]}
CSV_DELIMITERS = ",;\t"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))     # article bodies exceed the 128 KB default


def _text(value: object, sep: str) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):        # one level only: ["para 1", "para 2"]
        return sep.join(t for v in value if isinstance(v, str) and (t := v.strip()))
    return ""


def to_document(record: dict, path: str, name: str) -> Document | None:
    """A record -> Document, or None when it has no title, text or url. `name` is the fallback id.

    A record with a url but no text (a photo or PDF page) is kept: it is an article the
    source published, findable by its metadata."""
    keyed = {k.strip().lower(): v for k, v in record.items() if isinstance(k, str)}
    values = {}
    for field, keys in FIELDS.items():
        sep = "\n\n" if field == "body" else ", "
        values[field] = next((t for k in keys if k in keyed and (t := _text(keyed[k], sep))), "")
    title, body = " ".join(values.pop("title").split()), values.pop("body")     # a body is kept as given
    if not (title or body or values["url"]):
        return None
    date = values.pop("date")
    values["lang"] = values["lang"].lower()
    values["id"] = values["id"] or values["url"] or name
    return Document(path=path, title=title, body=body, date=parse_date(date) if date else None, **values)


def _documents(records: Iterable[tuple[int, object]], path: str, name: str, single: bool = False) -> list[Document]:
    """Documents from (position, record) pairs; ids fall back to f"{name}#{position}" unless single."""
    docs = [doc for n, rec in records
            if isinstance(rec, dict) and (doc := to_document(rec, path, name if single else f"{name}#{n}"))]
    if not docs:
        raise ReadError("no articles found")
    return docs


def _json_error(e: json.JSONDecodeError, line: int | None = None) -> str:
    return f"invalid JSON at line {line or e.lineno} column {e.colno}: {e.msg}"


def _json_lines(text: str) -> list[tuple[int, object]]:
    """(line number, value) for each JSON line; bad lines are skipped unless no line is good."""
    records, first_error = [], ""
    for n, line in enumerate(text.split("\n"), 1):     # not splitlines(): JSON strings may hold U+2028
        if line.strip():
            try:
                records.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                first_error = first_error or _json_error(e, n)
            except RecursionError:
                first_error = first_error or f"JSON nested too deeply at line {n}"
    if not records and first_error:
        raise ReadError(first_error)
    return records


def read_json(data: bytes, path: str, name: str) -> list[Document]:
    """A JSON array, one object, or an object wrapping an array under data/articles/items/records."""
    text = decode(data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":           # JSON Lines saved as .json
            return _documents(_json_lines(text), path, name)
        raise ReadError(_json_error(e)) from None
    except RecursionError:
        raise ReadError("JSON nested too deeply") from None
    if isinstance(value, dict):
        wrapped = next((v for k, v in value.items() if k.lower() in WRAPPER_KEYS and isinstance(v, list)), None)
        if wrapped is None:
            return _documents([(1, value)], path, name, single=True)
        value = wrapped
    return _documents(enumerate(value, 1) if isinstance(value, list) else [], path, name)


def read_json_lines(data: bytes, path: str, name: str) -> list[Document]:
    return _documents(_json_lines(decode(data)), path, name)


def read_csv(data: bytes, path: str, name: str) -> list[Document]:
    """CSV with a header row; the delimiter is the one of , ; tab most frequent in the header."""
    text = decode(data)
    header = text.split("\n", 1)[0]
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=max(CSV_DELIMITERS, key=header.count))
    keys = next(rows)
    return _documents(((n, dict(zip(keys, row))) for n, row in enumerate(rows, 1)), path, name)
