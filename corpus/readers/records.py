"""Record files (.json, .jsonl/.ndjson, .csv): each object or row with a title, text or url is one article.

JSON Lines and CSV are streamed (any size, bounded memory); a .json file is parsed whole. A bad
record (a line that is not JSON, not an object, no text; a CSV row that cannot be parsed) is
yielded as a Skip with its reason, and the rest of the file is read."""
from __future__ import annotations

import csv
import json
from typing import BinaryIO, Iterable, Iterator

from corpus.document import Document, ReadError, Skip
from corpus.extract import parse_date
from corpus.readers.decode import MiB, decode, read_whole, text_lines

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
MAX_FIELD_CHARS = 64 * MiB      # a CSV cell (an unclosed quote would otherwise swallow the whole file)

csv.field_size_limit(MAX_FIELD_CHARS)     # article bodies exceed the 128 KB default

Item = Document | Skip


class _Number(str):
    """A JSON number, kept as its text."""


def _text(value: object, sep: str) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):        # one level only: ["para 1", "para 2"]
        return sep.join(t for v in value if isinstance(v, str) and not isinstance(v, _Number) and (t := v.strip()))
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


def _kind(value: object) -> str:
    if isinstance(value, _Number):
        return "a number"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def _item(where: str, record: object, path: str, name: str) -> Item:
    """One record -> a Document, or a Skip saying why not."""
    if not isinstance(record, dict):
        return Skip(f"{where}: not an object but {_kind(record)}")
    doc = to_document(record, path, name)
    return doc or Skip(f"{where}: no title, text or url")


def _loads(text: str) -> object:
    # Numbers stay text: no int() of a 5,000-digit number (a ValueError past 4,300 digits), no cost.
    return json.loads(text, parse_int=_Number, parse_float=_Number, parse_constant=_Number)


def _json_error(e: json.JSONDecodeError, line: int | None = None) -> str:
    return f"invalid JSON at line {line or e.lineno} column {e.colno}: {e.msg}"


def _json_line(n: int, line: str, path: str, name: str) -> Item | None:
    if not line.strip():
        return None
    try:
        record = _loads(line)
    except json.JSONDecodeError as e:
        return Skip(_json_error(e, n))
    except RecursionError:
        return Skip(f"JSON nested too deeply at line {n}")
    except ValueError as e:
        return Skip(f"invalid JSON at line {n}: {e}")
    return _item(f"line {n}", record, path, f"{name}#{n}")


def _json_lines(lines: Iterable[tuple[int, str, str]], path: str, name: str) -> Iterator[Item]:
    for n, line, problem in lines:
        item = Skip(f"line {n}: {problem}") if problem else _json_line(n, line, path, name)
        if item is not None:
            yield item


def read_json(f: BinaryIO, size: int | None, path: str, name: str) -> Iterator[Item]:
    """A JSON array, one object, or an object wrapping an array under data/articles/items/records."""
    text = decode(read_whole(f, size))
    try:
        value = _loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":           # JSON Lines saved as .json
            yield from _json_lines(((n, line, "") for n, line in enumerate(text.split("\n"), 1)), path, name)
            return
        raise ReadError(_json_error(e)) from None
    except RecursionError:
        raise ReadError("JSON nested too deeply") from None
    except ValueError as e:
        raise ReadError(f"invalid JSON ({e})") from None
    if isinstance(value, dict):
        wrapped = next((v for k, v in value.items() if k.lower() in WRAPPER_KEYS and isinstance(v, list)), None)
        if wrapped is None:
            yield _item("the object", value, path, name)
            return
        value = wrapped
    if not isinstance(value, list):
        raise ReadError(f"no articles found (the file holds {_kind(value)}, not objects)")
    for n, record in enumerate(value, 1):
        yield _item(f"record {n}", record, path, f"{name}#{n}")


def read_json_lines(f: BinaryIO, size: int | None, path: str, name: str) -> Iterator[Item]:
    """One JSON object per line, streamed."""
    yield from _json_lines(text_lines(f), path, name)


def read_csv(f: BinaryIO, size: int | None, path: str, name: str) -> Iterator[Item]:
    """CSV with a header row, streamed; the delimiter is the one of , ; tab most frequent in the header."""
    lines = text_lines(f)
    bad: dict[int, str] = {}        # line number -> problem, for lines the csv module has not reached yet
    header = next(lines, None)
    if header is None or header[2]:
        raise ReadError(f"unreadable header line ({header[2]})" if header else "empty file")

    def feed() -> Iterator[str]:
        yield header[1]
        for n, line, problem in lines:
            if problem:
                bad[n] = problem
            yield line or "\n"

    # strict: broken quoting (an unclosed quote, text after a closing quote) is an error for its row
    rows = csv.reader(feed(), delimiter=max(CSV_DELIMITERS, key=header[1].count), strict=True)
    try:
        keys = next(rows)
    except csv.Error as e:
        raise ReadError(f"unreadable header line ({e})") from None
    done, n = rows.line_num, 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as e:
            n += 1
            yield Skip(f"line {rows.line_num}: {e}")
            done = rows.line_num
            continue
        n += 1                  # the fallback id counts rows, blank ones too: ids do not shift
        first, done = done + 1, rows.line_num
        problems = [bad.pop(k) for k in range(first, done + 1) if k in bad]
        if problems:
            yield Skip(f"line {first}: {problems[0]}")
        elif not any(cell.strip() for cell in row):
            continue            # a blank row
        else:
            yield _item(f"line {first}", dict(zip(keys, row)), path, f"{name}#{n}")
