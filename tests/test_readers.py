"""corpus.readers: discovery, record formats, archives, and a clear ReadError for every bad input."""
import codecs
import datetime as dt
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from corpus.document import ReadError
from corpus.readers import SUPPORTED_SUFFIXES, archive, decode, discover, read_file

SHARED_ZIP = Path(__file__).parents[1].parent / "shared" / "data" / "saudinewsnet" / "2015-07-21.zip"
ARTICLE = "عنوان الخبر الرئيسي اليوم\n\nبغداد / الأناضول\n\nنص الخبر الأول."


def write(folder: Path, name: str, content) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def make_zip(folder: Path, name: str, members: dict, compression=zipfile.ZIP_DEFLATED) -> str:
    path = folder / name
    with zipfile.ZipFile(path, "w", compression) as z:
        for member, content in members.items():
            z.writestr(member, content)
    return str(path)


def name_of(path) -> str:
    """The name a file read on its own gets for fallback ids: its folder and file name."""
    return "/".join(Path(path).parts[-2:])


def read_error(path) -> str:
    with pytest.raises(ReadError) as e:
        read_file(path)
    return str(e.value)


# ---- discover ----------------------------------------------------------------------------------

def test_discover_folders_globs_and_problems(tmp_path, monkeypatch):
    for name in ("a.txt", "sub/b.JSON", "sub/deep/c.csv", "d.zip", "e.ndjson", "f.jsonl", "x.pdf",
                 ".hidden.txt", ".git/g.txt", "sub/.cache/h.json"):
        write(tmp_path, name, "x")
    monkeypatch.chdir(tmp_path)
    files, problems = discover(["sub", "*.txt", "a.txt", "d.zip", "e.ndjson", "f.jsonl",
                                "missing", "nothing*.json", "x.pdf"])
    expected = sorted(str(tmp_path / n) for n in ("a.txt", "sub/b.JSON", "sub/deep/c.csv", "d.zip",
                                                   "e.ndjson", "f.jsonl"))
    assert files == expected
    assert [p for p, _ in problems] == ["missing", "nothing*.json", "x.pdf"]
    assert all(reason for _, reason in problems)
    assert discover([str(tmp_path)]) == (expected, [])          # hidden files and folders are skipped


def test_discover_recursive_glob(tmp_path):
    write(tmp_path, "a/b/c.json", "{}")
    files, problems = discover([str(tmp_path / "**" / "*.json")])
    assert (files, problems) == ([str(tmp_path / "a/b/c.json")], [])


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".json", ".jsonl", ".ndjson", ".csv", ".zip"}


# ---- text articles -----------------------------------------------------------------------------

def test_txt_article(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    [doc] = read_file(path)
    assert (doc.id, doc.path, doc.title, doc.place, doc.source, doc.body) == (
        name_of(path), path, "عنوان الخبر الرئيسي اليوم", "بغداد", "الأناضول", "نص الخبر الأول.")


def test_relative_path_becomes_absolute(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", ARTICLE)
    monkeypatch.chdir(tmp_path)
    assert list(read_file("a.txt"))[0].path == str(tmp_path / "a.txt")


@pytest.mark.parametrize("data", [
    ARTICLE.encode("utf-8"),
    b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),      # UTF-8 BOM
    ARTICLE.encode("utf-16"),                      # UTF-16 with BOM
    codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    ARTICLE.encode("cp1256"),                      # Arabic Windows
])
def test_encodings(tmp_path, data):
    [doc] = read_file(write(tmp_path, "a.txt", data))
    assert (doc.title, doc.body) == ("عنوان الخبر الرئيسي اليوم", "نص الخبر الأول.")


ENGLISH = "Oil exports resume\n\nErbil / Reuters\n\nOil exports from Kirkuk resumed on Monday, 12 officials said."


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ARTICLE, ENGLISH])
def test_utf16_without_bom(tmp_path, encoding, text):
    [doc] = read_file(write(tmp_path, "a.txt", text.encode(encoding)))
    assert doc.title == text.split("\n")[0] and doc.body == text.split("\n")[-1]
    lines = "\n".join(json.dumps({"id": f"r{i}", "title": t}, ensure_ascii=False)
                      for i, t in enumerate(("عنوان أول", "Second title")))
    assert [d.title for d in read_file(write(tmp_path, "a.jsonl", lines.encode(encoding)))] == \
        ["عنوان أول", "Second title"]


# ---- records -----------------------------------------------------------------------------------

RECORDS = [
    {"id": 7, "title": "عنوان أول", "content": "نص أول", "date": "2015-07-21 02:51:32"},
    {"url": "http://x/2", "headline": "عنوان ثان", "text": "نص ثان"},
    {"title": "", "content": "  "},                                 # nothing to index: skipped
    {"title": "عنوان رابع"},
]


def check_records(docs, path):
    assert [(d.id, d.title, d.body, d.path) for d in docs] == [
        ("7", "عنوان أول", "نص أول", path), ("http://x/2", "عنوان ثان", "نص ثان", path),
        (f"{name_of(path)}#4", "عنوان رابع", "", path)]
    assert docs[0].date == dt.date(2015, 7, 21) and docs[1].date is None


@pytest.mark.parametrize("name, content", [
    ("a.json", json.dumps(RECORDS, ensure_ascii=False)),
    ("a.json", json.dumps({"data": RECORDS})),
    ("a.json", json.dumps({"meta": 1, "Articles": RECORDS})),
    ("a.json", json.dumps({"items": RECORDS})),
    ("a.json", json.dumps({"records": RECORDS})),
    ("a.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n"),
    ("a.ndjson", "\r\n".join(json.dumps(r) for r in RECORDS)),
    ("a.json", "\n".join(json.dumps(r) for r in RECORDS)),            # JSON Lines saved as .json
])
def test_json_shapes(tmp_path, name, content):
    path = write(tmp_path, name, content)
    check_records(list(read_file(path)), path)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv(tmp_path, delimiter):
    rows = [["ID", "Title", "Content", "Date"], ["7", "عنوان أول", "نص أول", "2015-07-21 02:51:32"],
            ["", "عنوان ثان", "نص ثان, مع فاصلة; وفاصلة منقوطة", ""], ["", "", "", ""]]
    path = write(tmp_path, "a.csv", "\n".join(delimiter.join(f'"{c}"' for c in row) for row in rows))
    docs = list(read_file(path))
    assert [(d.id, d.title, d.body) for d in docs] == [
        ("7", "عنوان أول", "نص أول"), (f"{name_of(path)}#2", "عنوان ثان", "نص ثان, مع فاصلة; وفاصلة منقوطة")]
    assert docs[0].date == dt.date(2015, 7, 21)


def test_csv_large_field(tmp_path):
    body = "كلمة " * 100_000                         # 500 KB, over the csv module's default field limit
    [doc] = read_file(write(tmp_path, "a.csv", f'title,body\nعنوان,"{body}"\n'))
    assert doc.body == body.strip()


def test_single_object_uses_the_path_as_id(tmp_path):
    path = write(tmp_path, "a.json", json.dumps({"title": "عنوان", "body": ["فقرة 1", "فقرة 2"]}))
    [doc] = read_file(path)
    assert (doc.id, doc.body) == (name_of(path), "فقرة 1\n\nفقرة 2")


@pytest.mark.parametrize("key, value, field, expected", [
    ("Title", "عنوان", "title", "عنوان"),
    ("HEADLINE", "  عنوان   آخر ", "title", "عنوان آخر"),
    ("article", "نص", "body", "نص"),
    ("date_extracted", "2015-07-21 02:51:32", "date", dt.date(2015, 7, 21)),
    ("published", "22 يناير 2019", "date", dt.date(2019, 1, 22)),
    ("published_at", "2019-01-22T10:00:00Z", "date", dt.date(2019, 1, 22)),
    ("pubDate", "Tue, 22 Jan 2019 10:00:00 GMT", "date", dt.date(2019, 1, 22)),
    ("datetime", "٢٢/٠١/٢٠١٩", "date", dt.date(2019, 1, 22)),
    ("date", "31.02.2019", "date", None),
    ("agency", "الأناضول", "source", "الأناضول"),
    ("publisher", "okaz", "source", "okaz"),
    ("site", "sabq", "source", "sabq"),
    ("newspaper", "alriyadh", "source", "alriyadh"),
    ("byline", "عارف يوسف", "author", "عارف يوسف"),
    ("writer", ["أ", "ب"], "author", "أ, ب"),
    ("link", "http://x", "url", "http://x"),
    ("link", "http://x", "id", "http://x"),
    ("_id", "abc", "id", "abc"),
    ("guid", "g1", "id", "g1"),
    ("doc_id", 12, "id", "12"),
    ("category", "دولي", "section", "دولي"),
    ("dateline", "أربيل", "place", "أربيل"),
    ("location", "بغداد", "place", "بغداد"),
    ("Language", "AR", "lang", "ar"),
    ("lang", "en", "lang", "en"),
    ("author", {"name": "x"}, "author", ""),                     # not text: ignored
])
def test_field_mapping(tmp_path, key, value, field, expected):
    record = {"content": "نص", key: value}
    [doc] = read_file(write(tmp_path, "a.json", json.dumps([record], ensure_ascii=False)))
    assert getattr(doc, field) == expected


def test_first_alias_wins(tmp_path):
    record = {"text": "ثان", "content": "أول", "date_extracted": "2015-07-22", "date": "2015-07-21"}
    [doc] = read_file(write(tmp_path, "a.json", json.dumps([record])))
    assert (doc.body, doc.date) == ("أول", dt.date(2015, 7, 21))


def test_jsonl_bad_lines_skipped(tmp_path):
    path = write(tmp_path, "a.jsonl", '{"title": "أ"}\n{"title": \n[1, 2]\n\n{"title": "ب"}\n')
    assert [(d.id, d.title) for d in read_file(path)] == [(f"{name_of(path)}#1", "أ"), (f"{name_of(path)}#5", "ب")]


def test_duplicate_ids_with_seen(tmp_path):
    seen: dict[str, str] = {}
    first = write(tmp_path, "a.jsonl", '{"id": "x", "title": "أ"}\n{"id": "x", "title": "ب"}\n')
    result = read_file(first, seen=seen)
    assert [d.title for d in result] == ["أ"] and seen == {"x": first}
    assert result.problems == ["duplicate id 'x', skipped: already read from this file"]
    second = read_file(write(tmp_path, "b.json", '[{"id": "x", "title": "ج"}, {"id": "y", "title": "د"}]'),
                       seen=seen)
    assert [d.id for d in second] == ["y"]
    assert second.problems == [f"duplicate id 'x', skipped: already read from {first}"]


def test_json_string_with_line_separator(tmp_path):
    [doc] = read_file(write(tmp_path, "a.jsonl", json.dumps({"title": "أ\u2028ب"}, ensure_ascii=False)))
    assert doc.title == "أ ب"


@pytest.mark.parametrize("name, good, bad", [
    ("a.jsonl", '{"title": "أ", "content": "نص الخبر"}\n', '{"title": "ب\0\0"}\n'),
    ("a.jsonl", '{"title": "أ", "content": "نص الخبر"}\n', "\0" * 3000 + "\n"),     # a NUL-only line
    ("a.csv", "ج,نص الخبر في سطر,1\n", "د\0,نص,2\n"),
])
@pytest.mark.parametrize("where", [2, 480])            # in the first 8 KB, past them
def test_nul_bytes_skip_their_line(tmp_path, name, good, bad, where):
    header = "title,content,id\n" if name.endswith(".csv") else ""
    lines = [good] * 500
    lines[where - 1] = bad
    result = read_file(write(tmp_path, name, header + "".join(lines)))
    assert len(list(result)) == 499
    n = where + bool(header)
    assert result.problems == [f"line {n}: NUL bytes (binary data) in the line"]


@pytest.mark.parametrize("data", [
    b"\0" * 100, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8, bytes(range(256)) * 40,
    b'{"title": "a"}\n' + b"\0\1\2\n" * 5,
])
@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_binary_record_file_still_refused(tmp_path, data, suffix):
    assert read_error(write(tmp_path, "a" + suffix, data)) == "binary file, not text"


# ---- archives ----------------------------------------------------------------------------------

def test_zip_with_mixed_members(tmp_path):
    inner = make_zip(tmp_path, "inner.zip", {"x.txt": ARTICLE})
    path = make_zip(tmp_path, "a.zip", {
        "dir/article.txt": ARTICLE,
        "recs.json": json.dumps([{"title": "أ", "url": "http://x/1"}, {"title": "ب"}]),
        "rows.csv": "title,id\nج,r1\n",
        "bad.json": "[{",
        "inner.zip": Path(inner).read_bytes(),               # nested zips are skipped
        "notes.pdf": b"%PDF",
        ".hidden.txt": ARTICLE,
        "__MACOSX/._article.txt": ARTICLE,
        "empty/": "",
    })
    result = read_file(path)
    docs = list(result)
    assert [(d.id, d.title) for d in docs] == [
        (f"{name_of(path)}!dir/article.txt", "عنوان الخبر الرئيسي اليوم"),
        ("http://x/1", "أ"), (f"{name_of(path)}!recs.json#2", "ب"), ("r1", "ج")]
    assert result.problems == ["bad.json: invalid JSON at line 1 column 3: Expecting property name enclosed in double quotes"]
    assert {d.path for d in docs} == {path}
    assert docs[0].place == "بغداد"


def test_zip_unsafe_member_names_are_listed(tmp_path):
    good = json.dumps([{"id": "z1", "title": "أ"}])
    path = make_zip(tmp_path, "a.zip", {"../x.json": good, "/abs.json": good, "a/../../b.csv": "title\nب\n",
                                         "C:/w.txt": ARTICLE, "a\\..\\c.json": good, "ok/in.json": good})
    result = read_file(path)
    assert [d.id for d in result] == ["z1"]
    assert result.problems == [f"{n}: unsafe member name (absolute or with ..), skipped"
                               for n in ("../x.json", "/abs.json", "a/../../b.csv", "C:/w.txt", "a\\..\\c.json")]
    only = make_zip(tmp_path, "b.zip", {"../x.json": good})
    assert read_error(only) == "no readable articles in archive (../x.json: unsafe member name (absolute or with ..), skipped)"


def test_zip_all_members_bad(tmp_path):
    path = make_zip(tmp_path, "a.zip", {"a.json": "[{", "b.txt": "   "})
    assert read_error(path) == "no readable articles in archive (a.json: invalid JSON at line 1 column 3: " \
                               "Expecting property name enclosed in double quotes)"


@pytest.mark.parametrize("members, reason", [
    ({"a.pdf": "x", "b.zip": "x"}, "no supported files in archive"),
    ({"bomb.json": b"\0" * (2 << 20)}, "no readable articles in archive (bomb.json: compression ratio"),
])
def test_zip_refused(tmp_path, members, reason):
    assert read_error(make_zip(tmp_path, "a.zip", members)).startswith(reason)


def test_zip_member_over_size_limit(tmp_path, monkeypatch):
    big = json.dumps([{"title": "عنوان"}] * 200, ensure_ascii=False)
    path = make_zip(tmp_path, "a.zip", {"big.json": big, "ok.txt": ARTICLE})
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 2000)               # the zip itself is smaller
    assert os.path.getsize(path) < 2000
    docs = read_file(path)
    assert [d.id for d in docs] == [f"{name_of(path)}!ok.txt"]
    assert docs.problems == ["big.json: file too large (0.0 MB > 0.00190735 MB limit)"]


def test_zip_total_over_limit(tmp_path, monkeypatch):
    path = make_zip(tmp_path, "a.zip", {"a.txt": ARTICLE, "b.txt": ARTICLE})
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", len(ARTICLE.encode()) + 10)
    assert read_error(path).startswith("archive too large when unpacked")


@pytest.mark.parametrize("content, reason", [
    (b"PK\x03\x04 not really a zip", "not a valid zip archive"),
    ("just text", "not a valid zip archive"),
])
def test_not_a_zip(tmp_path, content, reason):
    assert read_error(write(tmp_path, "a.zip", content)).startswith(reason)


def test_corrupt_zip_member(tmp_path):
    path = make_zip(tmp_path, "a.zip", {"a.txt": ARTICLE * 20})
    data = bytearray(Path(path).read_bytes())
    data[40:50] = bytes(10)                                   # damage the compressed data, keep the directory
    Path(path).write_bytes(bytes(data))
    assert read_error(path).startswith("no readable articles in archive (a.txt: corrupt or unsupported data")


@pytest.mark.skipif(not SHARED_ZIP.exists(), reason="shared SaudiNewsNet data not present")
def test_saudinewsnet_day():
    with zipfile.ZipFile(SHARED_ZIP) as z:
        records = json.loads(z.read(z.namelist()[0]))
    expected = records          # every record has a url, so even the text-less ones are kept
    docs = list(read_file(str(SHARED_ZIP)))
    assert [d.id for d in docs] == [r["url"] for r in expected]
    assert [d.date for d in docs] == [dt.date.fromisoformat(r["date_extracted"][:10]) for r in expected]
    assert docs[0].source == "aawsat" and docs[0].author == "لندن: رنيم حنوش"


# ---- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, reason", [
    ("a.txt", b"", "empty file"),
    ("a.txt", b" \n\t\r\n ", "empty file"),
    ("a.json", b"\xef\xbb\xbf  \n", "empty file"),
    ("a.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file, not text"),
    ("a.txt", bytes(range(1, 256)) * 40, "binary file, not text"),
    ("a.txt", "Un café très agréable à Paris, où l'été est doux.".encode("latin-1"), "not UTF-8 or cp1256 text"),
    ("a.txt", b"\xff\xfe\x00\xd8", "invalid UTF-16 text"),
    ("a.json", b'[{"title": "abc', "invalid JSON at line 1 column 12: Unterminated string starting at"),
    ("a.json", b'{\n  "title": "x",\n  oops\n}', "invalid JSON at line 3 column 3: Expecting property name"),
    ("a.json", b"[" * 100_000, "JSON nested too deeply"),
    ("a.json", b"42", "no articles found"),
    ("a.json", b'[{"foo": 1}, "x", 3]', "no articles found"),
    ("a.jsonl", b"{bad\n[oops\n", "no articles found (invalid JSON at line 1 column 2: Expecting property name"),
    ("a.csv", b"id,author\n1,someone\n", "no articles found"),
    ("a.txt", b",\n\nNo description available.", "no article text found"),
    ("a.pdf", b"%PDF-1.4", "unsupported file type .pdf; supported: .txt, .json, .jsonl, .ndjson, .csv, .zip"),
    ("README", b"x", "unsupported file type (no suffix); supported: .txt, .json, .jsonl, .ndjson, .csv, .zip"),
    ("a.zip", b"", "empty file"),
])
def test_bad_file(tmp_path, name, content, reason):
    assert read_error(write(tmp_path, name, content)).startswith(reason)


def test_missing_file(tmp_path):
    assert read_error(tmp_path / "nope.txt") == "file not found"


def test_folder_passed_as_file(tmp_path):
    (tmp_path / "d.json").mkdir()
    assert read_error(tmp_path / "d.json") == "is a folder, not a file"


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "a.txt", ARTICLE)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(decode, "open", denied, raising=False)      # CI runs as root, where chmod is ignored
    assert read_error(path) == "permission denied"


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(50 << 20)                                       # sparse: nothing is written
    assert read_error(path) == "file too large (50.0 MB > 32 MB limit)"


@pytest.mark.parametrize("value, limit", [("1.5", 3 << 19), ("lots", 32 << 20)])
def test_size_limit_from_environment(value, limit):
    code = "from corpus.readers import decode; print(decode.MAX_FILE_BYTES)"
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1], capture_output=True,
                         text=True, check=True, env={**os.environ, "CORPUS_MAX_FILE_MB": value}).stdout
    assert int(out) == limit


def test_small_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 1 << 20)
    path = tmp_path / "a.json"
    with open(path, "wb") as f:
        f.truncate(2 << 20)
    assert read_error(path) == "file too large (2.0 MB > 1 MB limit)"


def test_record_files_stream_past_the_size_limit(tmp_path, monkeypatch):
    """JSON Lines and CSV are streamed: the whole-file limit does not apply to them."""
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 1 << 16)
    body = "نص " * 1000
    lines = [json.dumps({"id": f"r{i}", "title": f"عنوان {i}", "content": body}, ensure_ascii=False)
             for i in range(100)]
    jsonl = write(tmp_path, "a.jsonl", "\n".join(lines))
    rows = "\n".join(f"r{i},عنوان {i},{body}" for i in range(100))
    csv_path = write(tmp_path, "a.csv", f"id,title,content\n{rows}\n")
    zipped = make_zip(tmp_path, "a.zip", {"a.jsonl": "\n".join(lines)})
    for path in (jsonl, csv_path, zipped):
        assert os.path.getsize(path) > 1 << 16 or path == zipped
        assert [d.id for d in read_file(path)] == [f"r{i}" for i in range(100)]
    assert read_error(write(tmp_path, "b.json", "[" + ",".join(lines) + "]")).startswith("file too large")


def test_article_over_size_limit(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE + "\n\n" + "نص " * (1 << 20))
    assert read_error(path) == "file too large for an article (5.0 MB > 2 MB limit)"


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_garbage_gives_read_error_or_documents(tmp_path, suffix):
    rng = random.Random(suffix)
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(40)]
    samples += [b'{"title": [' * 500, b'"\xd8', b"\xff\xfe", b'title\n"unclosed', b"PK\x05\x06" + bytes(18)]
    for n, data in enumerate(samples):
        path = write(tmp_path, f"{n}{suffix}", data)
        try:
            assert all(isinstance(d.title, str) for d in read_file(path))
        except ReadError as e:
            assert str(e)
