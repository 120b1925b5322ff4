"""Property tests: whatever the bytes, read_file returns Documents with valid text fields or raises
ReadError with a one-line reason; no other exception, and no reader bug hidden as "unexpected error"."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import tempfile
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st

from corpus.document import ReadError
from corpus.readers import SUPPORTED_SUFFIXES, read_file
from corpus.readers.records import FIELDS

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = [k for keys in FIELDS.values() for k in keys] + ["data", "articles", "Title", "x"]

# Text with anything in it: lone surrogates, controls, NUL, Arabic, line separators.
text = st.text(st.characters(codec=None, categories=None), max_size=40) | st.sampled_from(
    ["\ud800", "\udfff", "a\u2028b", "\0", "عنوان", "2019-01-22", "http://x/1", "9" * 5000, " "])
scalars = st.none() | st.booleans() | st.integers() | st.floats() | text
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS) | text, inner, max_size=5), max_leaves=25)
records = st.lists(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6), max_size=5)


def check(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "f" + suffix)
        with open(path, "wb") as f:
            f.write(data)
        problems = []
        try:
            docs = list(read_file(path, problems.append))
        except ReadError as e:
            reason = str(e)
            assert reason and "\n" not in reason and not reason.startswith("unexpected error"), reason
            reason.encode("utf-8")
            return
        assert docs
        for doc in docs:
            for field in dataclasses.fields(doc):
                value = getattr(doc, field.name)
                if isinstance(value, str):
                    value.encode("utf-8")           # valid Unicode: no lone surrogates
            assert doc.id and doc.path == path
        for reason in problems:
            assert reason and "\n" not in reason and "unexpected error" not in reason
            reason.encode("utf-8")


def _zip(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, data)
    return buf.getvalue()


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_bytes(data, suffix):
    check(data, suffix)


@SETTINGS
@given(json_values, st.sampled_from([".json", ".jsonl", ".ndjson", ".txt", ".csv", ".zip"]), st.booleans())
def test_random_json(value, suffix, ascii_only):
    data = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    check(_zip("a.json", data) if suffix == ".zip" else data, suffix)


@SETTINGS
@given(records, st.sampled_from([".json", ".jsonl", ".zip"]))
def test_random_records(recs, suffix):
    if suffix == ".json":
        data = json.dumps(recs).encode()
    else:
        data = "\n".join(json.dumps(r) for r in recs).encode()
    check(_zip("a.jsonl", data) if suffix == ".zip" else data, suffix)


@SETTINGS
@given(st.lists(st.lists(text, max_size=5), max_size=6), st.sampled_from(",;\t"), st.booleans(),
       st.sampled_from(["utf-8", "utf-16", "cp1256"]))
def test_random_csv(rows, delimiter, header, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    if header:
        writer.writerow(["id", "title", "content", "date", "url"])
    for row in rows:
        writer.writerow(row)
    data = buf.getvalue().encode(encoding, "replace" if encoding == "cp1256" else "surrogatepass")
    check(data, ".csv")
    check(data + b'"unclosed,' + data[:50], ".csv")


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_text(value, suffix):
    check(value.encode("utf-8"), suffix)
