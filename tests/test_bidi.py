"""Bidi controls (issue 16): embeddings, overrides and isolates (U+202A-202E, U+2066-2069) are
removed from the text shown (titles, bodies, facet values) when a Document is made, and the
pages isolate titles and facet values, so a title cannot reorder what follows it."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_web_pages import Tree  # noqa: E402

from corpus.document import Document  # noqa: E402
from corpus.indexer import index_paths  # noqa: E402
from search_web import create_app  # noqa: E402

CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
RECORDS = [
    {"id": "bidi-1", "lang": "ar", "title": f"عنوان {RLO}evil title{PDF} الخبر {LRI}",
     "content": f"نص عن النفط {RLO}reversed{PDF} في {LRI}أربيل{PDI} \u202a\u202b\u202d\u2067\u2068 والبصرة",
     "source": f"{RLO}Reuters", "place": f"أربيل{PDI}", "author": f"\u202bJane Doe\u202c",
     "section": f"\u202aسياسة", "date": "2019-03-01", "url": "https://example.org/bidi-1"},
    {"id": "bidi-2", "lang": "en", "title": "Oil output rises", "content": "Oil output rose in Basra.",
     "source": "Reuters", "date": "2019-03-02"},
]


@pytest.fixture(scope="module")
def bidi_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bidi")
    (folder / "src").mkdir()
    (folder / "src" / "news.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    report = index_paths(folder / "ix", [str(folder / "src")], procs=1)
    assert report.documents == 2 and not report.skipped
    return create_app({"INDEX": str(folder / "ix"), "TESTING": True}).test_client()


def test_document_drops_bidi_controls_from_the_text_shown():
    doc = Document(id="x", path="p", title=f"a{RLO}b{PDF}\u200fc", body=f"{LRI}نص{PDI}", source=f"{RLO}S",
                   section="\u202aT", author="\u202bA\u202c", place=f"P{PDI}")
    assert (doc.title, doc.body, doc.source, doc.section, doc.author, doc.place) == \
           ("ab\u200fc", "نص", "S", "T", "A", "P")          # the marks (RLM here) stay


@pytest.mark.parametrize("url", ["/?q=" + quote("النفط"), "/?q=oil", "/documents/bidi-1",
                                 "/?source=Reuters", "/stats", "/concordance?q=" + quote("النفط")])
def test_pages_carry_no_bidi_controls(bidi_client, url):
    r = bidi_client.get(url)
    assert r.status_code == 200
    assert not CONTROLS.findall(r.get_data(as_text=True))


def test_titles_are_isolated_and_in_order(bidi_client):
    root = Tree(bidi_client.get("/?q=" + quote("النفط")).get_data(as_text=True)).root
    [hit] = [h for h in root.find_all("li", cls="hit") if "bidi-1" in h.find("a").attrs["href"]]
    link = hit.find("h2", cls="hit-title").find("a")
    assert [c.tag for c in link.children if not isinstance(c, str)] == ["bdi"]
    assert link.find("bdi").text() == "عنوان evil title الخبر"
    doc = Tree(bidi_client.get("/documents/bidi-1").get_data(as_text=True)).root
    heading = doc.find("h1", cls="doc-title")
    assert [c.tag for c in heading.children if not isinstance(c, str)] == ["bdi"]
    assert heading.text() == "عنوان evil title الخبر"
    rows = {tr.find("th").text().split()[0]: tr.find("td") for tr in doc.find("table", cls="meta").find_all("tr")}
    assert all(td.find_all("bdi") or td.find_all("a", cls="original") for td in rows.values())
    assert "Reuters" in rows["المصدر"].text() and rows["الكاتب"].text() == "Jane Doe"


@pytest.mark.parametrize("url", ["/api/search?q=" + quote("النفط"), "/api/documents/bidi-1",
                                 "/api/search?q=oil&format=jsonl", "/api/stats"])
def test_api_carries_no_bidi_controls(bidi_client, url):
    r = bidi_client.get(url)
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert not CONTROLS.findall(text) and "\\u202" not in text.lower() and "\\u206" not in text.lower()
    if url.startswith("/api/documents"):
        doc = r.get_json()
        assert doc["title"] == "عنوان evil title الخبر" and doc["source"] == "Reuters"
        assert doc["body"] == "نص عن النفط reversed في أربيل  والبصرة"


def test_a_command_in_an_arabic_message_is_one_isolate(bidi_client):
    """`corpus index --rebuild` inside an Arabic notice keeps its order: the whole command is one
    <bdi> (the Latin-run rule alone cut it before --rebuild, which then moved to its start)."""
    from search_web.views import isolate_quoted
    app = bidi_client.application
    with app.test_request_context(headers={"Cookie": "lang=ar"}):
        shown = str(isolate_quoted("أعد بناءه مرة واحدة بالأمر `corpus index --rebuild` (نفس --engine/--index)"))
    assert "<bdi>`corpus index --rebuild`</bdi>" in shown
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        shown = str(isolate_quoted("rebuild it once with `corpus index --rebuild`"))
    assert "<bdi>`corpus index --rebuild`</bdi>" in shown
