"""One bad file or record never aborts a run: a batch of 150+ malformed files mixed with good
ones goes through corpus.indexer.index_paths and the `corpus index` CLI. Every good document is
indexed, every bad file and record is skipped with a one-line reason, nothing indexed before is
lost, and ids do not depend on where the folder lives."""
from __future__ import annotations

import codecs
import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from corpus.indexer import index_paths
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
from tests.conftest import NEWS, write_news

CLI = [sys.executable, "-m", "corpus"]
ARTICLE = "عنوان الخبر الرئيسي اليوم\n\nبغداد / الأناضول\n\nنص الخبر الأول عن {}."
HUGE = "9" * 5000                               # past Python's 4,300-digit int() limit
SUR = "\ud800"                                  # a lone surrogate, as a JSON "\ud800" escape gives


def ids(index: Path) -> set[str]:
    return {h["id"] for h in Corpus(index).export("", limit=100_000)}


def _zip(members: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def _jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def bad_files() -> dict[bytes, bytes]:
    """File name (bytes: some are not UTF-8) -> content that yields no article."""
    rng = random.Random(7)
    common = [b"", b" \n\t\r\n ", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", bytes(range(256)) * 4, b"\0" * 100,
              "Un café très agréable à Paris, où l'été est doux.".encode("latin-1"),
              b"\xff\xfe\x00\xd8", "title,body\nx,y".encode("utf-32"), b"\xef\xbb\xbf  \n",
              *(bytes([0]) + bytes(rng.randrange(256) for _ in range(rng.randrange(10, 3000))) for _ in range(6))]
    files = {f"common{n}{s}".encode(): c for n, c in enumerate(common)
             for s in (".txt", ".json", ".jsonl", ".ndjson", ".csv", ".zip")}
    json_bad = ['[{"title": "abc', '{\n  "title": "x",\n  oops\n}', "42", f"{HUGE}", '"just a string"', "null",
                "true", "[]", "{}", "[[[]]]", "[1, 2, 3]", "[null]", '{"data": 5}', "NaN", '[{"title": "x"},]',
                '{"title": {"a": 1}, "content": [1, {"b": 2}], "url": null}', '[{"title": null, "content": {"x": 1}}]',
                '[{"id": 5, "views": %s}]' % HUGE, "[" * 100_000, '{"a": ' * 5000, '{"title": "\\ud800',
                '{"items": [1, "x", null, [], {}]}', '[{"title": "", "content": "   "}]']
    files.update({f"json{n}.json".encode(): c.encode() for n, c in enumerate(json_bad)})
    jsonl_bad = ["{bad\n[oops\n", '42\n"x"\nnull\n', "[1,2]\n[]\n", '{"foo": 1}\n{"id": 3}\n',
                 '{"title": [1, {"a": 2}]}\n', '{"title": "x"', "[" * 50_000 + "\n", f"{HUGE}\n{HUGE}\n",
                 '{"title": {"x": "y"}, "content": 7.5e3}\n'.replace("7.5e3", '{"n": 1}')]
    for n, c in enumerate(jsonl_bad):
        files[f"jsonl{n}.jsonl".encode()] = c.encode()
        files[f"ndjson{n}.ndjson".encode()] = c.encode()
    csv_bad = ["title,content\n", "id,author\n1,someone\n", 'title,content\n"unclosed,x\ny,z\n', ",,,\n,,,\n",
               "a;b;c\n1;2;3\n", "title\n   \n\t\n"]
    files.update({f"csv{n}.csv".encode(): c.encode() for n, c in enumerate(csv_bad)})
    files.update({b"txt0.txt": b",\n\nNo description available.", b"txt1.txt": b"May be an image of text",
                  b"txt2.txt": (ARTICLE.format("x") + "\n\n" + "نص " * (1 << 20)).encode()})
    real = _zip({"a.txt": ARTICLE.format("zip") * 20})
    corrupt = bytearray(real)
    corrupt[40:50] = bytes(10)
    files.update({
        b"zip0.zip": b"PK\x03\x04 not really a zip", b"zip1.zip": real[: len(real) // 2],
        b"zip2.zip": _zip({"a.pdf": "x", "b.zip": "x"}), b"zip3.zip": _zip({"bomb.json": b"\0" * (2 << 20)}),
        b"zip4.zip": _zip({"a.json": "[{", "b.txt": "   ", "c.csv": "id,author\n1,x\n"}), b"zip5.zip": bytes(corrupt),
        b"zip6.zip": _zip({"inner.zip": real}), b"zip7.zip": b"PK\x05\x06" + bytes(18),
        b"zip8.zip": _zip({"bomb.jsonl": b"\n" * (4 << 20)}),
    })
    files.update({b"bad-\xff\xfe.json": b"\0\1binary", b"caf\xe9-empty.txt": b"", b"\xe9\xe9.zip": b"PKjunk",
                  b"sub/\xff/deep.csv": b"title\n"})
    return files


def good_files() -> tuple[dict[bytes, bytes], set[str], int]:
    """(name -> content, the ids of the articles in them, the number of bad records inside them)."""
    surrogates = {k: f"{k}{SUR}" for k in ("title", "content", "author", "source", "place", "section", "date",
                                           "lang")}
    records = _jsonl(
        {"id": "g-jsonl-1", "title": "خبر أول", "content": "نص"},
        "{bad", "[1, 2]", "null", '{"title": ' + "[" * 20_000,
        '{"id": "g-jsonl-huge", "title": "رقم كبير", "views": %s}' % HUGE,      # a huge number in a field
        {"id": f"g-sur{SUR}", "url": f"http://x/{SUR}", **surrogates},          # lone surrogates everywhere
        {"id": {"nested": 1}, "url": "http://x/g-url-only"},                     # id not text: the url is
        {"title": "", "content": "   "},
        {"id": "g-jsonl-2", "title": "خبر ثان", "content": ["فقرة", 3, None, {"x": 1}, "فقرة 2"]},
    )
    csv_rows = "id,title,content\n" + "".join(f"g-csv-{i},عنوان {i},نص\n" for i in range(400))
    csv_bytes = (csv_rows.encode() + "g-csv-nul,x,y\0z\n".encode()      # NUL bytes: a skipped row
                 + b"g-csv-latin,caf\xe9,x\n"
                 + 'g-csv-last,"آخر, مع فاصلة",نص\n'.encode())
    files = {
        b"g1.jsonl": records.encode(),
        b"g2.json": json.dumps([{"id": "g-json-1", "title": "أ"}, 5, None, [], {"title": {"x": 1}},
                                {"id": "g-json-2", "content": "ب"}]).encode(),
        b"g3.csv": csv_bytes,
        b"g4.ndjson": _jsonl({"id": "g-utf16", "title": "ترميز"}, {"id": "g-utf16-2", "title": "ثان"}).encode("utf-16"),
        b"caf\xe9.txt": ARTICLE.format("ملف باسم غير UTF-8").encode(),
        b"g5.txt": ARTICLE.format("cp1256").encode("cp1256"),
        b"g6.zip": _zip({"a.jsonl": _jsonl({"id": "g-zip-1", "title": "ز"}, "{bad"), "b.json": "[{",
                         "c.txt": ARTICLE.format("zip"), "bomb.json": b"\0" * (2 << 20)}),
        b"g7.json": json.dumps({"id": f"g-single-{SUR}", "title": "كائن واحد"}).encode(),
    }
    good = {"g-jsonl-1", "g-jsonl-huge", "g-sur\ufffd", "http://x/g-url-only", "g-jsonl-2", "g-json-1",
            "g-json-2", *(f"g-csv-{i}" for i in range(400)), "g-csv-last", "g-utf16", "g-utf16-2",
            "batch/caf\\xe9.txt", "batch/g5.txt", "g-zip-1", "batch/g6.zip!c.txt", "g-single-\ufffd"}
    bad_records = 5 + 4 + 2 + 3     # g1 (5: bad lines and the empty record), g2 (4), g3 (2: NUL, not UTF-8), g6 (3 members)
    return files, good, bad_records


def write_batch(folder: Path) -> tuple[list[bytes], set[str], int]:
    bad, (good, good_ids, bad_records) = bad_files(), good_files()
    for name, content in {**bad, **good}.items():
        path = os.path.join(os.fsencode(folder), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
    return list(bad), good_ids, bad_records


def test_bad_batch_through_index_paths(tmp_path):
    first, batch, ix = tmp_path / "first", tmp_path / "batch", tmp_path / "ix"
    write_news(first)
    index_paths(ix, [str(first)])
    before = ids(ix)
    bad, good_ids, bad_records = write_batch(batch)
    assert len(bad) >= 150

    report = index_paths(ix, [str(batch)])
    after = ids(ix)
    assert before <= after                                   # nothing indexed earlier is lost
    assert after - before == good_ids                        # every good document, nothing else
    assert report.indexed == len(good_ids) and report.documents == len(before | good_ids)
    skipped_files = {os.fsencode(p) for p, _ in report.skipped}
    assert {os.path.join(os.fsencode(batch), b) for b in bad} <= skipped_files
    assert all(reason and "\n" not in reason and "unexpected error" not in reason for _, reason in report.skipped)
    assert len(report.skipped) == len(bad) + bad_records
    doc = Corpus(ix).document("g-sur\ufffd")
    assert doc["title"] == "title\ufffd" and doc["url"] == "http://x/\ufffd"

    again = index_paths(ix, [str(batch)])                    # a re-index finds the same ids
    assert (again.indexed, again.updated, again.deleted, again.unchanged) == (0, 0, 0, len(good_ids))


def test_bad_batch_through_the_cli(tmp_path):
    first, batch, ix = tmp_path / "first", tmp_path / "batch", tmp_path / "ix"
    write_news(first, NEWS[:2])
    assert subprocess.run(CLI + ["index", str(first), "--index", str(ix)], capture_output=True).returncode == 0
    bad, good_ids, bad_records = write_batch(batch)
    r = subprocess.run(CLI + ["index", str(batch), "--index", str(ix)], capture_output=True)
    out, err = r.stdout.decode(), r.stderr.decode()
    assert "Traceback" not in err
    assert f"indexed {len(good_ids)}," in out
    assert f"skipped {batch}/bad-\\xff\\xfe.json: binary file, not text" in err     # a safe display name
    assert err.count("\nskipped ") + err.startswith("skipped ") == len(bad) + bad_records
    assert ids(ix) == {"ar1", "ar2"} | good_ids
    assert r.returncode == 0, err[-500:]                     # something usable was read


def test_ids_do_not_depend_on_where_the_folder_is(tmp_path):
    """Ids of .txt articles and of records without id or url: the path below the parent of the
    folder named on the command line, so another checkout location gives the same ids."""
    a = tmp_path / "one" / "corpus"
    (a / "sub").mkdir(parents=True)
    (a / "sub" / "x.txt").write_text(ARTICLE.format("x"), encoding="utf-8")
    (a / "r.jsonl").write_text(_jsonl({"title": "بلا معرف"}), encoding="utf-8")
    b = tmp_path / "elsewhere" / "deeper" / "corpus"
    shutil.copytree(a, b)
    expected = {"corpus/sub/x.txt", "corpus/r.jsonl#1"}
    assert ids_of(index_paths(tmp_path / "ix1", [str(a)]), tmp_path / "ix1") == expected
    assert ids_of(index_paths(tmp_path / "ix2", [str(b)]), tmp_path / "ix2") == expected
    assert ids_of(index_paths(tmp_path / "ix3", [str(b / "sub" / "x.txt")]), tmp_path / "ix3") == {"sub/x.txt"}
    assert ids_of(index_paths(tmp_path / "ix4", [str(b / "**" / "*.txt")]), tmp_path / "ix4") == {"corpus/sub/x.txt"}
    assert not any(str(tmp_path) in i for i in ids(tmp_path / "ix2"))


def ids_of(report, index: Path) -> set[str]:
    assert not report.skipped
    return ids(index)


def test_old_path_ids_are_replaced(tmp_path):
    """An index built when ids were absolute paths: the next run replaces those documents."""
    from corpus.engines.whoosh import store
    from corpus.document import Document
    from corpus.engines.whoosh.writers import open_writer
    src, ix = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    path = src / "a.txt"
    path.write_text(ARTICLE.format("x"), encoding="utf-8")
    index_paths(ix, [str(src)])
    w = open_writer(store.open_index(ix), 1, parallel=False)        # put back an old-style document
    w.delete_by_term("id", "src/a.txt")
    w.add_document(Document(id=str(path), path=str(path), title="قديم", body="نص قديم"))
    w.commit()
    assert ids(ix) == {str(path)}
    report = index_paths(ix, [str(src)])
    assert (report.indexed, report.deleted) == (1, 1)
    assert ids(ix) == {"src/a.txt"}
