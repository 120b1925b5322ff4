"""The interface language: chosen by the switch (cookie), else Accept-Language, else Arabic.
Every page says its labels, notices and errors in that language only; the documents, their
titles, snippets and metadata keep their own language and direction (issue 20)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from tests.conftest_web import news_client, web_app, web_index  # noqa: F401  (fixtures)


@pytest.fixture
def client(news_client):
    """A client of its own: the language cookie of one test never reaches the next."""
    return news_client.application.test_client()


def page_lang(resp) -> tuple[str, str]:
    html = resp.get_data(as_text=True)
    head = html[: html.index(">", html.index("<html")) + 1]
    lang = head.split('lang="')[1].split('"')[0]
    direction = head.split('dir="')[1].split('"')[0]
    return lang, direction


def test_default_is_arabic_right_to_left(client):
    assert page_lang(client.get("/")) == ("ar", "rtl")


def test_accept_language_english_gives_english_left_to_right(client):
    resp = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert page_lang(resp) == ("en", "ltr")


def test_switch_sets_a_cookie_that_wins_over_the_browser(client):
    resp = client.get("/lang/en?next=/stats")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/stats")
    assert "lang=en" in resp.headers["Set-Cookie"]
    page = client.get("/stats", headers={"Accept-Language": "ar"})
    assert page_lang(page) == ("en", "ltr")
    client.get("/lang/ar")
    assert page_lang(client.get("/", headers={"Accept-Language": "en"})) == ("ar", "rtl")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_switch_never_redirects_off_site(client, target):
    resp = client.get("/lang/en", query_string={"next": target})
    assert resp.status_code == 302
    assert resp.headers["Location"] in ("/", "http://localhost/")


def test_unknown_language_is_ignored(client):
    resp = client.get("/lang/xx")
    assert resp.status_code == 302 and "Set-Cookie" not in resp.headers


def test_catalog_translates_the_navigation(client):
    ar = client.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    en = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'aria-label="لغة الواجهة"' in ar
    assert 'aria-label="Interface language"' in en


# -- every page in each language: the interface's own text only in that language

ARABIC = re.compile(r"[\u0600-\u06ff]+")
LATIN = re.compile(r"[A-Za-z][A-Za-z'-]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LABEL_ATTRS = ("title", "placeholder", "aria-label")
# Latin an Arabic page may show as it is: formats, units, statistics' names, the corpus's name
LATIN_OK = {"API", "JSON", "JSONL", "CSV", "ms", "MB", "JLH", "YYYY-MM-DD", "txt", "json", "jsonl",
            "csv", "zip", "CC", "BY-NC-SA", "SaudiNewsNet", "BibTeX", "RIS"}
OIL, PESH = quote("النفط"), quote("البيشمركة")
PAGES = ["/", f"/?q={PESH}", f"/?q={PESH}&lang=ar&place={quote('أربيل')}", "/?q=zzzzqqqq", f'/?q={quote(chr(34))}{PESH}',
         "/documents/ar-00", "/documents/en-00", "/stats", f"/trends?q={OIL}&q={PESH}",
         f"/trends?q={OIL}&split=source", f"/concordance?q={PESH}", f"/collocations?q={PESH}",
         "/no/such/page", "/documents/no-such-doc", "/?sort=best", "/concordance?width=99"]


class InterfaceText(HTMLParser):
    """The page's own words: its text and labels outside what is data (a <bdi>, <time>,
    <code>, an <option> or <title> that may hold a query, anything dir="auto" or in another
    language than the page's, a hit, a concordance line, the document, the citation, an
    error's message: test_workflow checks those by language)."""

    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.page_lang, self.stack, self.words = page_lang, [], []

    def _is_data(self, tag, attrs) -> bool:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        return (tag in ("bdi", "time", "code", "title", "option", "svg") or a.get("dir") == "auto"
                or a.get("lang", self.page_lang) != self.page_lang
                or bool(classes & {"hit", "kwic-line", "doc", "citation", "snippet", "legend",
                                   "message"}))      # a message names parameters (sort, width)

    def handle_starttag(self, tag, attrs):
        data = bool(self.stack and self.stack[-1]) or self._is_data(tag, attrs)
        if not data and tag not in ("a", "input"):   # a link's title: a document's title
            self.words += [v for k, v in attrs if k in LABEL_ATTRS and v]
        if tag not in VOID:
            self.stack.append(data)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words.append(data)


def foreign_words(html: str, page_lang: str) -> set[str]:
    """Words of the page's own text in the other interface language."""
    p = InterfaceText(page_lang)
    p.feed(html)
    text = " ".join(p.words)
    if page_lang == "en":
        return set(ARABIC.findall(text)) - {"العربية"}            # the switch names its language
    return set(LATIN.findall(text)) - LATIN_OK - {"English"}


@pytest.fixture
def web(web_app):
    return web_app.test_client()


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_speaks_the_interface_language_only(web, url, lang):
    resp = web.get(url, headers={"Accept-Language": lang})
    assert resp.status_code in (200, 400, 404), (url, resp.status_code)
    html = resp.get_data(as_text=True)
    assert page_lang(resp) == (lang, "rtl" if lang == "ar" else "ltr")
    assert foreign_words(html, lang) == set(), url


def test_documents_keep_their_own_direction_on_an_english_page(web):
    html = web.get(f"/?q={PESH}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<li class="hit" lang="ar" dir="rtl">' in html
    doc = web.get("/documents/ar-00", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<article class="doc" lang="ar" dir="rtl">' in doc and '<table class="meta" dir="ltr" lang="en">' in doc
    en = web.get("/documents/en-00", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<article class="doc" lang="en" dir="ltr">' in en and '<table class="meta" dir="rtl" lang="ar">' in en


def test_facet_labels_follow_the_interface_language(web):
    en = web.get(f"/?q={PESH}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    ar = web.get(f"/?q={PESH}", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "<summary>Dateline</summary>" in en and "<summary>مكان الإرسال</summary>" in ar
    assert "<caption>Source</caption>" in web.get("/stats", headers={"Accept-Language": "en"}).get_data(as_text=True)


@pytest.mark.parametrize("lang, text", [("en", "searched as plain words"), ("ar", "بُحث ككلمات عادية")])
def test_a_notice_appears_in_the_interface_language(web, lang, text):
    html = web.get(f'/?q={quote(chr(34))}{PESH}', headers={"Accept-Language": lang}).get_data(as_text=True)
    notice = re.search(r'<p data-code="unbalanced_quote">(.*?)</p>', html)
    assert notice and text in re.sub("<[^>]+>", "", notice.group(1))


def test_the_api_says_an_error_in_english_unless_hl_ar(web):
    en = web.get("/api/search?sort=best").get_json()["error"]
    ar = web.get("/api/search?sort=best&hl=ar").get_json()["error"]
    arabic_documents = web.get("/api/search?sort=best&lang=ar").get_json()["error"]
    assert arabic_documents == en               # lang filters documents; it is not hl
    assert en["code"] == ar["code"] == "unknown_sort" and en["status"] == ar["status"] == 400
    assert en["message"].startswith("unknown sort") and not ARABIC.search(en["message"])
    assert ar["message"].startswith("ترتيب غير معروف")
    assert web.get("/api/stats?hl=ar").status_code == 200            # every API route takes hl
    assert web.get("/api/stats?hl=fr").get_json()["error"]["code"] == "unknown_message_language"
    missing = web.get("/api/documents/no-such-doc")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert missing.get_json()["error"]["message"] == "no document with id 'no-such-doc'"
    page = web.get("/documents/no-such-doc", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'data-code="no_document"' in page and "لا توجد وثيقة" in page


def test_the_api_notices_stay_english_with_their_codes(web):
    body = web.get(f'/api/search?q={quote(chr(34))}{PESH}').get_json()
    assert body["notices"][0].startswith("searched as plain words")
    assert body["notice_codes"] == ["unbalanced_quote"]
