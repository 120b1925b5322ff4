"""Fixtures for the web/API tests: a small bilingual JSONL corpus indexed once per session.

Imported by tests/test_web_*.py and tests/test_browser.py (`from conftest_web import ...`);
not a conftest.py so that it does not collide with the project's own.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

AR_SOURCES = ("الأناضول", "السومرية", "شفق نيوز")
AR_PLACES = ("أربيل", "بغداد", "كركوك", "السليمانية")
EN_SOURCES = ("Reuters", "Rudaw", "AP")
EN_PLACES = ("Erbil", "Baghdad", "Kirkuk")

# Ids with the characters that break naive routing: slashes (leading, doubled), colons, ?, #, %, spaces.
SPECIAL_IDS = (
    "/data/news/2019/01/peshmerga.txt",
    "https://www.example.com/ar/news/2019//تقرير?id=7&x=1#top",
    "reports/2019:01/a b%20c.json",
    "https://example.com/news/",
)

XSS_TITLE = "<script>alert(1)</script> هجوم على البيشمركة"
XSS_BODY = ('تقرير عن البيشمركة "><img src=x onerror=alert(1)> في أربيل '
            "<script>alert(2)</script> والنفط <svg onload=alert(3)>")


def _records() -> list[dict]:
    recs = []
    start = dt.date(2018, 1, 5)
    # 30 Arabic reports on Iraq, spread over 2018-2020, three sources, four places
    for i in range(30):
        recs.append({
            "id": f"ar-{i:02d}", "lang": "ar",
            "title": f"تقرير رقم {i} عن العراق والنفط" if i % 3 == 0 else f"تقرير رقم {i} عن العراق",
            "content": (f"قالت مصادر في {AR_PLACES[i % 4]} إن الحكومة العراقية ناقشت الموازنة والنفط. "
                        "وأضافت أن قوات البيشمركة انتشرت في المنطقة." if i % 2 == 0 else
                        f"ذكرت وكالة {AR_SOURCES[i % 3]} أن البرلمان العراقي عقد جلسة لمناقشة قانون الانتخابات."),
            "date": (start + dt.timedelta(days=35 * i)).isoformat(),
            "source": AR_SOURCES[i % 3], "place": AR_PLACES[i % 4],
            "author": "عارف يوسف" if i % 5 == 0 else "", "section": "سياسة" if i % 2 else "اقتصاد",
            "url": f"https://www.example.com/ar/{i}",
        })
    # 15 English reports
    for i in range(15):
        recs.append({
            "id": f"en-{i:02d}", "lang": "en",
            "title": f"Report {i}: Iraq oil exports" if i % 2 == 0 else f"Report {i}: Kurdish parliament session",
            "content": ("Peshmerga forces were deployed near Erbil while oil exports from Kirkuk resumed, "
                        "officials said." if i % 2 == 0 else
                        "The Kurdistan parliament met in Erbil to discuss the budget and elections."),
            "date": (start + dt.timedelta(days=60 * i + 3)).isoformat(),
            "source": EN_SOURCES[i % 3], "place": EN_PLACES[i % 3], "author": "Jane Doe" if i % 4 == 0 else "",
            "section": "Politics", "url": f"https://news.example.org/en/{i}",
        })
    # documents with ids that need careful routing
    for n, doc_id in enumerate(SPECIAL_IDS):
        recs.append({
            "id": doc_id, "lang": "ar", "title": f"وثيقة خاصة {n} عن البيشمركة",
            "content": "نص الوثيقة الخاصة عن البيشمركة في أربيل.", "date": "2019-01-22",
            "source": "الأناضول", "place": "أربيل", "url": f"https://www.aa.com.tr/ar/special/{n}",
        })
    # hostile documents
    recs.append({
        "id": "evil-1", "lang": "ar", "title": XSS_TITLE, "content": XSS_BODY, "date": "2019-06-01",
        "source": "<b>مصدر</b>", "place": '"><svg onload=alert(4)>', "author": "@evil",
        "section": "-2+3", "url": "javascript:alert(1)",
    })
    recs.append({
        "id": "evil-2", "lang": "en", "title": '=HYPERLINK("http://evil.example","click") oil',
        "content": 'Oil report "><img src=x onerror=alert(1)> with <script>alert(5)</script> inside.',
        "date": "2019-07-01", "source": "+cmd", "place": "=1+2", "author": "@SUM(A1)",
        "section": "Politics", "url": " JavaScript:alert(2)",
    })
    return recs


RECORDS = _records()
_BUILT: dict[str, Path] = {}


def build_index(base: Path) -> Path:
    """Write the corpus as JSONL and index it (once per session, whoever asks first)."""
    key = str(base)
    if key not in _BUILT:
        from corpus.indexer import index_paths
        data = base / "data"
        data.mkdir(parents=True, exist_ok=True)
        (data / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS),
                                         encoding="utf-8")
        ix = base / "ix"
        report = index_paths(ix, [str(data)], procs=1)
        assert report.documents == len(RECORDS), report.summary()
        _BUILT[key] = ix
    return _BUILT[key]


@pytest.fixture(scope="session")
def web_index(tmp_path_factory) -> Path:
    return build_index(tmp_path_factory.getbasetemp() / "web-corpus")


@pytest.fixture(scope="session")
def web_app(web_index):
    from search_web import create_app
    app = create_app({"INDEX": str(web_index), "TESTING": True})
    return app


@pytest.fixture()
def client(web_app):
    return web_app.test_client()


@pytest.fixture(scope="module", params=["whoosh", "opensearch"])
def news_client(request):
    """A test client of the app over the news corpus (conftest.py), on each engine in turn."""
    from search_web import create_app
    if request.param == "whoosh":
        app = create_app({"INDEX": str(request.getfixturevalue("news_index")), "TESTING": True})
    else:
        app = create_app({"ENGINE": "opensearch", "INDEX": request.getfixturevalue("news_opensearch"),
                          "TESTING": True})
    return app.test_client()
