"""The researcher's workflow around a search (issue 9, part 5), on both engines where an
engine is involved: state kept from results to a document and back, previous/next, newest
first without a query, ISO date inputs, Arabic messages, filters first on phones, facet
"more" and facet_size, exports with text/snippet columns and offset slices, citations and
metadata as filtered searches. The histogram on the page and in the JSON is here too."""
from __future__ import annotations

import csv
import io
import re
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import client, web_app, web_index  # noqa: E402,F401  (fixtures)

from search_web import create_app  # noqa: E402
from corpus.messages import MESSAGES  # noqa: E402
from corpus.messages import say  # noqa: E402


@pytest.fixture(scope="module", params=["whoosh", "opensearch"])
def news_client(request):
    """news_src (tests/conftest.py) served by each engine; export limit 3 to see the cut."""
    if request.param == "whoosh":
        app = create_app({"INDEX": str(request.getfixturevalue("news_index")), "TESTING": True,
                          "EXPORT_LIMIT": 3})
    else:
        app = create_app({"ENGINE": "opensearch", "INDEX": request.getfixturevalue("news_opensearch"),
                          "TESTING": True, "EXPORT_LIMIT": 3})
    return app.test_client()


def _html(resp) -> str:
    assert resp.status_code == 200, resp.data[:500]
    return resp.get_data(as_text=True)


def _links(html: str, pattern: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html) if re.search(pattern, unescape(h))]


def _args(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def _doc_ids(html: str) -> list[str]:
    return [urlsplit(u).path.removeprefix("/documents/") for u in _links(html, r"^/documents/")]


# -- histogram on the page and in the JSON twin

def test_histogram_bars_link_to_their_period(news_client):
    html = _html(news_client.get("/?q=الجيش&interval=month", headers={"Accept-Language": "en"}))
    assert '<svg class="chart bars"' in html and "Hits over time" in html
    bars = _links(html, r"since=")
    assert bars, "bars with hits link to their period"
    for url in bars:
        a = _args(url)
        since, until = a["since"][0], a["until"][0]
        res = news_client.get(f"/api/search?q=الجيش&since={since}&until={until}").get_json()
        assert res["total"] > 0
        assert all(since <= h["date"] <= until for h in res["results"])
        assert a["q"] == ["الجيش"] and "interval" not in a     # drill down: auto interval


def test_histogram_in_the_json_twin(news_client):
    body = news_client.get("/api/search?q=الجيش&interval=year").get_json()
    h = body["histogram"]
    assert h["interval"] == "year"
    assert sum(b["count"] for b in h["buckets"]) + h["undated"] == body["total"]
    assert [b["start"] for b in h["buckets"]] == ["2019-01-01", "2020-01-01"]
    assert news_client.get("/api/search?q=الجيش").get_json()["histogram"]["interval"] in (
        "day", "week", "month", "year")


def test_bad_interval_is_a_400_in_both_languages(news_client):
    assert news_client.get("/api/search?interval=fortnight").status_code == 400
    for lang, text in (("ar", "فترة غير معروفة"), ("en", "unknown interval")):
        resp = news_client.get("/?interval=fortnight", headers={"Accept-Language": lang})
        assert resp.status_code == 400 and text in resp.get_data(as_text=True)


def test_pages_have_no_inline_styles_or_scripts(client):
    from html.parser import HTMLParser

    class Attributes(HTMLParser):
        def __init__(self):
            super().__init__()
            self.bad = []

        def handle_starttag(self, tag, attrs):
            self.bad += [(tag, name) for name, _ in attrs if name == "style" or name.startswith("on")]
            if tag in ("script", "style"):
                self.bad.append((tag, ""))

    for url in ("/?q=النفط", "/documents/ar-00?q=النفط&at=1", "/trends?q=النفط&q=البرلمان"):
        parser = Attributes()
        parser.feed(_html(client.get(url)))
        assert not parser.bad, (url, parser.bad)


# -- state from results to document and back; previous / next

def test_document_links_carry_the_search_state(client):
    html = _html(client.get("/?q=العراق&source=السومرية&sort=-date&page=2&size=3&group=none"))
    docs = _links(html, r"^/documents/")
    assert docs
    a = _args(docs[0])
    assert (a["q"], a["source"], a["sort"], a["page"], a["size"], a["group"], a["at"]) == (
        ["العراق"], ["السومرية"], ["-date"], ["2"], ["3"], ["none"], ["4"])


def test_back_previous_and_next(news_client):
    order = [h["id"] for h in news_client.get("/api/search?q=الجيش OR النفط&size=50&sort=date").get_json()["results"]]
    assert len(order) >= 4
    url = f"/documents/{order[2]}?q=الجيش OR النفط&sort=date&size=2&at=3"
    html = _html(news_client.get(url))
    back = _links(html, r"^/\?")[0]
    assert _args(back) == {"q": ["الجيش OR النفط"], "sort": ["date"], "size": ["2"], "page": ["2"]}
    prev = _links(html, r"^/documents/.*at=2")
    nxt = _links(html, r"^/documents/.*at=4")
    assert urlsplit(prev[0]).path == f"/documents/{order[1]}"
    assert urlsplit(nxt[0]).path == f"/documents/{order[3]}"
    first = _html(news_client.get(f"/documents/{order[0]}?q=الجيش OR النفط&sort=date&at=1"))
    assert 'rel="prev"' not in first and 'rel="next"' in first


def test_document_without_results_state_links_to_search(client):
    html = _html(client.get("/documents/ar-00"))
    assert 'rel="prev"' not in html and 'rel="next"' not in html
    assert "Back to results" not in html


# -- newest first without a query; explicit sort kept

def test_browsing_is_newest_first_and_queries_rank(news_client):
    browse = news_client.get("/api/search?size=20").get_json()
    dates = [h["date"] for h in browse["results"] if h["date"]]
    assert browse["sort"] == "-date" and dates == sorted(dates, reverse=True)
    assert news_client.get("/api/search?q=الجيش").get_json()["sort"] == "relevance"
    oldest = news_client.get("/api/search?sort=date&size=20").get_json()
    assert oldest["sort"] == "date"
    assert [h["date"] for h in oldest["results"] if h["date"]] == sorted(dates)
    explicit = news_client.get("/api/search?sort=relevance").get_json()
    assert explicit["sort"] == "relevance"


def test_the_sort_menu_says_what_default_means(client):
    html = _html(client.get("/", headers={"Accept-Language": "en"}))
    assert re.search(r'<option value="" selected>[^<]*Default[^<]*Newest', html)
    html = _html(client.get("/", headers={"Accept-Language": "ar"}))
    assert re.search(r'<option value="" selected>[^<]*تلقائي[^<]*الأحدث', html)
    html = _html(client.get("/?q=النفط&sort=date"))
    assert '<option value="date" selected>' in html


# -- ISO dates and bilingual messages

def test_date_inputs_are_iso_text(client):
    html = _html(client.get("/"))
    assert 'type="date"' not in html
    for name in ("since", "until"):
        tag = re.search(rf'<input type="text" name="{name}"[^>]*>', html, re.S).group()
        assert 'placeholder="YYYY-MM-DD"' in tag and r'pattern="\d{4}-\d{2}-\d{2}"' in tag


@pytest.mark.parametrize("args, arabic_text", [
    ("since=05/17/2019", "بصيغة YYYY-MM-DD"),
    ("since=2020-01-01&until=2019-01-01", "بعد تاريخ النهاية"),
    ("page=x", "عدداً صحيحاً"),
    ("q=" + "و" * 600, "طويل جداً"),
    ("sort=best", "ترتيب غير معروف"),
])
def test_query_errors_in_the_interface_language(client, args, arabic_text):
    resp = client.get(f"/?{args}", headers={"Accept-Language": "ar"})
    assert resp.status_code == 400
    html = re.sub(r"</?bdi>", "", resp.get_data(as_text=True))      # values isolated in the sentence
    assert arabic_text in html
    api = client.get(f"/api/search?{args}").get_json()["error"]
    assert unescape(api["message"]) not in unescape(html)
    english = re.sub(r"</?bdi>", "", client.get(f"/?{args}", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert unescape(api["message"]) in unescape(english) and arabic_text not in english
    arabic_api = client.get(f"/api/search?{args}&hl=ar").get_json()["error"]
    assert arabic_text in arabic_api["message"] and arabic_api["code"] == api["code"]


def test_notices_in_the_interface_language(client):
    arabic = _html(client.get('/?q="unclosed', headers={"Accept-Language": "ar"}))
    english = _html(client.get('/?q="unclosed', headers={"Accept-Language": "en"}))
    assert "بُحث ككلمات عادية" in arabic and "searched as plain words" not in arabic
    assert "searched as plain words" in english and "بُحث ككلمات عادية" not in english
    assert 'data-code="unbalanced_quote"' in arabic and 'data-code="unbalanced_quote"' in english


def test_every_index_notice_has_arabic():
    from corpus import analysis
    from corpus.metadata import METADATA_REBUILD
    from corpus.stories import needs_rebuild_message
    for notice in (analysis.REBUILD, METADATA_REBUILD, needs_rebuild_message("this index")):
        assert notice.code and re.search("[\u0600-\u06ff]", say(notice, "ar")), notice


@pytest.mark.parametrize("args", [
    "since=x", "until=2019-13-01", "since=2020-01-01&until=2019-01-01", "page=0", "page=x",
    "size=1000", "op=xor", "sort=best", "q=" + "a" * 501, "years=2019", "format=xml",
    "interval=hour", "facet_size=0", "more=colour", "include=body", "offset=-1", "q=a&q=b",
    "translate=maybe", "group=all",
])
def test_every_api_error_has_arabic(client, args):
    resp = client.get(f"/api/search?{args}")
    assert resp.status_code == 400
    assert resp.get_json()["error"]["code"] in MESSAGES, resp.get_json()     # its Arabic: by code


# -- filters reachable at the top on a phone

def test_filters_come_first_and_collapse_on_narrow_screens(client):
    html = _html(client.get("/?q=النفط"))
    toggle = re.search(r'<input type="checkbox" id="refine-toggle"[^>]*>\s*<label for="refine-toggle"[^>]*>([^<]*)', html)
    assert toggle and "checked" not in toggle.group() and "التصفية" in toggle.group(1)
    assert 'id="refine-toggle" class="refine-toggle" checked' in _html(client.get("/?q=النفط&more=place"))
    css = _html(client.get("/static/style.css"))
    assert ".facets { order: -1; }" in css                     # before the results on phones
    assert ".refine-toggle:not(:checked) ~ .refine { display: none; }" in css   # closed at first
    # the browser test (tests/test_browser.py::test_phone_width) checks the layout itself


# -- facets: more and facet_size

def test_facet_size_in_the_api(news_client):
    body = news_client.get("/api/search?facet_size=1").get_json()
    assert all(len(v) <= 1 for v in body["facets"].values())
    assert len(news_client.get("/api/search").get_json()["facets"]["place"]) > 1


def test_more_values_of_one_facet(client):
    html = _html(client.get("/?facet_size=2"))
    more = _links(html, r"more=place")
    assert more
    expanded = _html(client.get(more[0], headers={"Accept-Language": "en"}))
    place = re.search(r'facet-place.*?</details>', expanded, re.S).group()
    assert len(re.findall(r'class="fv', place)) > 2 and "fewer" in place


# -- exports: optional columns, the cut, and the slices past it

def _csv(resp) -> list[dict]:
    assert resp.status_code == 200, resp.data[:300]
    return list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))


def test_export_text_and_snippet_columns(news_client):
    rows = _csv(news_client.get("/api/search?q=النفط&translate=off&format=csv&include=text,snippet"))
    assert rows and {"text", "snippet"} <= set(rows[0])
    assert all("النفط" in r["text"] and "<mark>" not in r["snippet"] and "النفط" in r["snippet"] for r in rows)
    plain = _csv(news_client.get("/api/search?q=النفط&translate=off&format=csv"))
    assert "text" not in plain[0] and [r["id"] for r in plain] == [r["id"] for r in rows]


def test_export_offsets_reach_every_hit(news_client):
    every = [h["id"] for h in news_client.get("/api/search?size=100&sort=date").get_json()["results"]]
    got = []
    for offset in range(0, len(every) + 3, 3):          # the app's limit is 3 rows
        got += [r["id"] for r in _csv(news_client.get(f"/api/search?format=csv&sort=date&offset={offset}"))]
    assert got == every


def test_page_says_when_the_export_limit_cuts(news_client):
    html = _html(news_client.get("/?sort=date", headers={"Accept-Language": "en"}))
    assert "export-note" in html and "An export stops at 3 rows" in html
    slices = _links(html, r"format=csv.*offset=|offset=.*format=csv")
    assert slices and _args(slices[0])["offset"] == ["3"]
    assert "export-note" not in _html(news_client.get("/?q=النفط&lang=en"))


# -- citations and metadata links

def test_citation_on_the_document_page_and_downloads(client):
    html = _html(client.get("/documents/ar-03"))
    assert 'class="citation"' in html and "Corpus id: <bdi>ar-03</bdi>" in unescape(html)
    bib = client.get("/cite/bib/ar-03")
    assert bib.status_code == 200 and "attachment" in bib.headers["Content-Disposition"]
    text = bib.get_data(as_text=True)
    assert text.startswith("@article{news2018") and "journal = {" in text and "url = {https://www.example.com/ar/3}" in text
    ris = client.get("/cite/ris/ar-03").get_data(as_text=True)
    assert ris.startswith("TY  - NEWS\r\n") and "\r\nDA  - 2018/" in ris and ris.endswith("ER  - \r\n")
    txt = client.get("/cite/txt/ar-03").get_data(as_text=True)
    assert "Corpus id: ar-03." in txt
    assert client.get("/cite/doc/ar-03").status_code == 404
    assert client.get("/cite/bib/no-such-doc").status_code == 404


def test_citation_escapes_bibtex():
    from search_web.citation import bibtex
    f = {"title": "50% {of} $a_b#c & d^e~f \\ g", "author": "", "source": "S", "date": "2019-02-03",
         "url": "https://x.org/a_b%20c", "accessed": "2026-01-01", "id": "x", "lang": "en", "place": ""}
    text = bibtex(f)
    assert (r"title = {50\% \textbraceleft{}of\textbraceright{} \$a\_b\#c \& "
            r"d\textasciicircum{}e\textasciitilde{}f \textbackslash{} g}") in text
    assert "url = {https://x.org/a_b%20c}" in text and "month = {feb}" in text


def test_metadata_links_are_filtered_searches(news_client):
    html = _html(news_client.get("/documents/ar1"))
    links = {m: _links(html, rf"^/\?{m}=")[0] for m in ("source", "place", "lang", "since")}
    for name, url in links.items():
        ids = [h["id"] for h in news_client.get("/api" + url.replace("/?", "/search?", 1)).get_json()["results"]]
        assert "ar1" in ids, name
    assert _args(links["since"]) == {"since": ["2019-01-05"], "until": ["2019-01-05"]}
