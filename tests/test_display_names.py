"""Issue 20: pages, the API and citations name outlets as other pages do (display names,
never raw keys or codes), statistics count every document, the document page keeps the raw
byline, the footer describes the corpus served. Both engines."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import corpus_fixtures
from search_web import create_app

RECORDS = [
    {"id": "r1", "title": "وزير النفط يزور أنقرة", "content": "زار وزير النفط أنقرة اليوم.",
     "date": "2016-03-01", "source": "alriyadh", "author": "محمد علي - الرياض (الأناضول)", "lang": "ar"},
    {"id": "r2", "title": "أسعار النفط", "content": "ارتفعت أسعار النفط.", "date": "2017-05-02",
     "source": "الأناضول", "lang": "ar"},
    {"id": "r3", "title": "Oil prices", "content": "Oil prices rose.", "date": "2017-06-02",
     "source": "Reuters", "lang": "en"},
    {"id": "nodate", "title": "خبر بلا تاريخ", "content": "خبر عن النفط بلا تاريخ.", "source": "alriyadh",
     "lang": "ar"},
    {"id": "nosource", "title": "خبر بلا مصدر", "content": "خبر عن النفط بلا مصدر.", "date": "2017-01-01",
     "lang": "ar"},
]


DATELINE = "أربيل (العراق) / عارف يوسف / الأناضول"     # a text file's byline, undated


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "d.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS),
                                    encoding="utf-8")
    (folder / "dateline.txt").write_text(f"عنوان خبر الدلالة\n\n{DATELINE}\n\nنص الخبر الأول عن الدلالة.\n",
                                         encoding="utf-8")


display_src, display_index, display_opensearch, display_searcher = corpus_fixtures("display", write)


@pytest.fixture(scope="module", params=["whoosh", "opensearch"])
def app(request):
    index = str(request.getfixturevalue("display_index")) if request.param == "whoosh" \
        else request.getfixturevalue("display_opensearch")
    return create_app({"ENGINE": request.param, "INDEX": index, "TESTING": True,
                       "WARM_TRANSLATION": False, "WARM_EMBEDDINGS": False})


def test_api_stats_rows_add_up_to_the_documents(app):
    st = app.test_client().get("/api/stats").get_json()
    assert st["documents"] == 6
    for name in ("lang", "source", "year"):
        assert sum(st[name].values()) == 6, (name, st[name])
    assert st["year"]["(unknown)"] == 2 and st["source"]["(unknown)"] == 1


def test_stats_page_shows_display_names_and_unknown_rows(app):
    html = app.test_client().get("/stats").get_data(as_text=True)
    tables = html.split('<table class="counts">')[1:]
    assert len(tables) == 3
    assert ">Anadolu<" not in html and ">alriyadh<" not in html and "(unknown)" not in html
    assert "الرياض" in tables[1] and "الأناضول" in tables[1]
    for table in tables[1:]:
        assert "غير معروف" in table and "unknown" in table
        counts = [int(c.split("<")[0].replace(",", "")) for c in table.split('class="n">')[1:]]
        assert sum(counts) == 6


def _row(html: str, label: str) -> str:
    return html.split(label)[1].split("</tr>")[0]


@pytest.mark.parametrize("query, raw, person", [
    ("وزير", "محمد علي - الرياض (الأناضول)", "محمد علي"),
    ("الدلالة", DATELINE, "عارف يوسف"),       # a text file's dateline (corpus/extract.py)
])
def test_document_page_shows_the_raw_byline(app, query, raw, person):
    c = app.test_client()
    (hit,) = c.get(f"/api/search?q={query}").get_json()["results"]
    html = c.get(f"/documents/{hit['id']}").get_data(as_text=True)
    assert raw in _row(html, ">سطر الكاتب</th>") and person in _row(html, ">الكاتب</th>")
    assert hit["author"] == person and c.get(f"/api/documents/{hit['id']}").get_json()["byline"] == raw


def test_citations_use_display_names_and_the_agency(app):
    c = app.test_client()
    bib = c.get("/cite/bib/r1").get_data(as_text=True)
    assert "journal = {الرياض}" in bib and "alriyadh" not in bib and "الأناضول" in bib
    ris = c.get("/cite/ris/r1").get_data(as_text=True)
    assert "T2  - الرياض\r\n" in ris and "الأناضول" in ris
    txt = c.get("/cite/txt/r1").get_data(as_text=True)
    assert "الرياض, via الأناضول, 2016-03-01." in txt
    en = c.get("/cite/txt/r3").get_data(as_text=True)
    assert "Reuters, 2017-06-02." in en and "via" not in en


def test_citation_on_the_page_isolates_each_value(app):
    html = app.test_client().get("/documents/r1").get_data(as_text=True)
    cite = html.split('class="citation"')[1].split("</p>")[0]
    assert "“<bdi>وزير النفط يزور أنقرة</bdi>.” <bdi>الرياض</bdi>, via <bdi>الأناضول</bdi>," in cite


def test_footer_describes_the_corpus_served(app):
    for lang, says in (("ar", ("المقالات: 6، من المصادر: 3", "العربية", "الإنجليزية")),
                       ("en", ("6 articles from 3 sources", "Arabic", "English"))):
        html = app.test_client().get("/", headers={"Accept-Language": lang}).get_data(as_text=True)
        footer = html.split('<footer class="site">')[1]
        assert "Iraqi" not in footer and "العراق" not in footer
        assert all(s in footer for s in says) and "2016–2017" in footer and "corpus index PATH" in footer
