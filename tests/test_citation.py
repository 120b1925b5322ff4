"""Citations (search_web/citation.py) of hostile documents: no field closes early or starts a
line of its own, in plain text, BibTeX and RIS (issue 16)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import web_app, web_index  # noqa: E402,F401  (fixtures)

from search_web.citation import citation  # noqa: E402

BREAKS = ("\r\n", "\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")
HOSTILE = {
    "url": "https://e.com/a},title={PWNED},x={",
    "title": "Oil} , title = {PWNED} \\} \\\\ { end",
    "source": "Reuters\r\nER  - \r\nTY  - JOUR",
    "author": "Jane\nDoe}",
    "place": "Erbil\u2028CY  - X",
}


def _cite(app, doc: dict, fmt: str) -> str:
    with app.test_request_context():
        return citation({"id": "x-1", "date": "2019-02-03", "lang": "en", **doc}, fmt,
                        today=dt.date(2026, 1, 1))


def bibtex_fields(text: str) -> dict[str, str]:
    """Fields as BibTeX reads them: a {value} ends at the brace that balances its opening one,
    backslashes notwithstanding (BibTeX counts every brace)."""
    head, _, rest = text.partition(",\n")
    assert head.startswith("@article{") and "{" not in head[len("@article{"):]
    fields, i = {}, 0
    while True:
        while i < len(rest) and rest[i] in " \n,":
            i += 1
        if rest[i] == "}":
            assert rest[i + 1:].strip() == "", "text after the entry"
            return fields
        name, _, after = rest[i:].partition(" = {")
        i += len(name) + 4
        depth, start = 1, i
        while depth:
            depth += {"{": 1, "}": -1}.get(rest[i], 0)
            i += 1
        assert name not in fields
        fields[name.strip()] = rest[start:i - 1]


def test_bibtex_fields_cannot_close_early(web_app):
    text = _cite(web_app, HOSTILE, "bib")
    fields = bibtex_fields(text)
    assert set(fields) == {"title", "author", "journal", "date", "year", "month", "url", "urldate",
                           "langid", "note"}
    assert fields["url"] == "https://e.com/a%7D,title=%7BPWNED%7D,x=%7B"
    assert fields["title"] == (r"Oil\textbraceright{} , title = \textbraceleft{}PWNED\textbraceright{} "
                               r"\textbackslash{}\textbraceright{} \textbackslash{}\textbackslash{} "
                               r"\textbraceleft{} end")
    assert fields["journal"] == "Reuters ER - TY - JOUR" and fields["author"] == r"Jane Doe\textbraceright{}"


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize("fmt", ["txt", "bib", "ris"])
def test_no_field_starts_a_line(web_app, fmt, brk):
    doc = {"title": f"Oil{brk}ER  - ", "source": f"Reuters{brk}TY  - JOUR",
           "url": f"https://e.com/a{brk}ER  - ", "author": f"Jane{brk}AU  - X", "place": f"Erbil{brk}CY  - X"}
    text = _cite(web_app, doc, fmt)
    lines = text.splitlines()      # splits at every one of BREAKS
    if fmt == "txt":
        assert len(lines) == 1
    elif fmt == "ris":
        tags = [ln[:6] for ln in lines]
        assert tags == ["TY  - ", "TI  - ", "AU  - ", "T2  - ", "DA  - ", "PY  - ", "CY  - ", "LA  - ",
                        "UR  - ", "Y2  - ", "N1  - ", "ER  - "]
        assert text.count("\r\n") == len(lines) and "TI  - Oil ER -\r\n" in text
        assert "UR  - https://e.com/a ER -\r\n" in text
    else:
        assert len(lines) == 12 and bibtex_fields(text)["url"] == "https://e.com/a%20ER%20-"


def test_ris_and_text_of_a_hostile_document(web_app):
    ris = _cite(web_app, HOSTILE, "ris")
    assert [ln[:6] for ln in ris.splitlines()].count("ER  - ") == 1
    assert "T2  - Reuters ER - TY - JOUR\r\n" in ris and "CY  - Erbil CY - X\r\n" in ris
    txt = _cite(web_app, HOSTILE, "txt")
    assert "\n" not in txt and "\r" not in txt and "Reuters ER - TY - JOUR" in txt
