"""The HTML pages: search (/), document (/documents/<id>), statistics (/stats), errors."""
from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import orjson

import pytest

from corpus import metadata

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import RECORDS, SPECIAL_IDS, client, web_app, web_index  # noqa: E402,F401

AR_TOTAL = sum(r["lang"] == "ar" for r in RECORDS)
EN_TOTAL = sum(r["lang"] == "en" for r in RECORDS)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def inner_html(self) -> str:
        return "".join(html.escape(c, quote=False) if isinstance(c, str) else c.outer_html() for c in self.children)

    def outer_html(self) -> str:
        return f"<{self.tag}>{self.inner_html()}</{self.tag}>"

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def find_all(self, tag=None, cls=None, **attrs):
        return [n for n in self.walk()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]


class Tree(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", [])
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def page(client, url, status=200, lang=None):
    """(the parsed page, the response); lang: the interface language asked for (default: Arabic)."""
    r = client.get(url, headers={"Accept-Language": lang} if lang else {})
    assert r.status_code == status, r.get_data(as_text=True)[:2000]
    assert r.mimetype == "text/html"
    return Tree(r.get_data(as_text=True)).root, r


def hits(root):
    return root.find_all("li", cls="hit")


def total(root) -> int:
    return int(root.find(id="summary").find("strong").text().replace(",", ""))


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# -- layout and form -------------------------------------------------------------------------

def test_arabic_first_document(client):
    root, r = page(client, "/")
    h = root.find("html")
    assert h.attrs["lang"] == "ar" and h.attrs["dir"] == "rtl"
    assert root.find("meta", name="viewport")
    assert root.find("link", rel="stylesheet").attrs["href"].endswith("style.css")
    assert root.find("button").text() == "بحث"
    root, _ = page(client, "/", lang="en")
    assert (root.find("html").attrs["lang"], root.find("html").attrs["dir"]) == ("en", "ltr")
    assert root.find("button").text() == "Search"


def test_search_form_keeps_state(client):
    url = ("/?q=" + quote("العراق") + "&op=or&sort=-date&since=2018-01-01&until=2020-12-31&source="
           + quote("الأناضول"))
    root, _ = page(client, url)
    assert root.find("input", id="q").attrs["value"] == "العراق"
    op = root.find("select", name="op")
    assert [o.attrs["value"] for o in op.find_all("option") if "selected" in o.attrs] == ["or"]
    sort = root.find("select", name="sort")
    assert [o.attrs["value"] for o in sort.find_all("option") if "selected" in o.attrs] == ["-date"]
    assert root.find("input", name="since").attrs["value"] == "2018-01-01"
    assert root.find("input", name="until").attrs["value"] == "2020-12-31"
    hidden = root.find("input", name="source")
    assert hidden.attrs["type"] == "hidden" and hidden.attrs["value"] == "الأناضول"
    assert all("الأناضول" in h.find("span", cls="m-source").text() for h in hits(root))
    # newest first
    dates = [h.find("time").attrs["datetime"] for h in hits(root)]
    assert dates == sorted(dates, reverse=True) and len(dates) > 1


def test_result_count_time_and_results(client):
    root, _ = page(client, "/?q=" + quote("البيشمركة"))
    summary = root.find(id="summary").text()
    assert "ms" in summary and "النتائج" in summary
    api = orjson.loads(client.get("/api/search?group=story&q=" + quote("البيشمركة")).data)
    assert total(root) == api["total"] > 10
    assert len(hits(root)) == len(api["results"]) == min(10, api["stories"])   # one per story
    ids = [h["id"] for h in api["results"]]
    links = [h.find("h2").find("a").attrs["href"] for h in hits(root)]
    assert [quote(i, safe="/:") for i in ids] == [urlsplit(u).path[len("/documents/"):] for u in links]
    assert all(query(u)["q"] == ["البيشمركة"] for u in links)      # highlighting follows the click
    assert root.find_all("mark")
    for h in hits(root):
        assert h.find("p", cls="snippet")
        assert h.find("time") and h.find("span", cls="m-source") and h.find("span", cls="m-lang")


def test_direction_per_result_language(client):
    root, _ = page(client, "/?q=" + quote("Erbil OR أربيل") + "&size=100")
    langs = {h.attrs.get("lang"): h.attrs["dir"] for h in hits(root)}
    assert langs == {"ar": "rtl", "en": "ltr"}


def test_result_links_round_trip_special_ids(client):
    root, _ = page(client, "/?q=" + quote("وثيقة خاصة"))
    links = {h.find("h2").find("a").text(): h.find("h2").find("a").attrs["href"] for h in hits(root)}
    assert len(links) == len(SPECIAL_IDS)
    seen = set()
    for title, href in links.items():
        doc, _ = page(client, href)
        assert doc.find("h1", cls="doc-title").text() == title
        seen.add(doc.find("table", cls="meta").find_all("bdi")[-1].text())
    assert seen == set(SPECIAL_IDS)


# -- facets ---------------------------------------------------------------------------------

def _facet_links(root, name):
    details = root.find("details", cls=f"facet-{name}")
    return {a.find("span", cls="v").attrs["data-value"]: a for a in details.find_all("a", cls="fv")}


def test_facet_links_add_and_remove_filters(client):
    root, _ = page(client, "/?q=" + quote("Erbil OR أربيل"))
    langs = _facet_links(root, "lang")
    assert set(langs) == {"ar", "en"}            # data-value: the stored value
    assert "الإنجليزية" in langs["en"].text() and "العربية" in langs["ar"].text()     # CLDR names
    en_langs = _facet_links(page(client, "/?q=" + quote("Erbil OR أربيل"), lang="en")[0], "lang")
    assert "English" in en_langs["en"].text() and "Arabic" in en_langs["ar"].text()
    assert not any("selected" in a.classes for a in langs.values())
    href = langs["en"].attrs["href"]
    assert query(href)["lang"] == ["en"] and "page" not in query(href)
    en_count = int(langs["en"].find("span", cls="count").text())

    root2, _ = page(client, href)
    total = int(root2.find(id="summary").find("strong").text().replace(",", ""))
    assert total == en_count        # facets count articles (count=stories on request)
    assert {h.attrs["lang"] for h in hits(root2)} == {"en"}
    langs2 = _facet_links(root2, "lang")
    selected = langs2["en"]
    assert "selected" in selected.classes and selected.attrs.get("aria-current") == "true"
    assert "lang" not in query(selected.attrs["href"])                 # the link removes it
    assert query(selected.attrs["href"])["q"] == ["Erbil OR أربيل"]
    # the Arabic count is still offered (post-filter semantics)
    assert int(langs2["ar"].find("span", cls="count").text()) > 0
    # the active filter is shown as a removable chip
    active = [u for u in root2.find_all("ul", cls="chips") if "التصفية النشطة" in u.attrs.get("aria-label", "")]
    chips = active[0].find_all("a")
    assert len(chips) == 1 and "lang" not in query(chips[0].attrs["href"])
    # and kept in the form for the next query
    assert root2.find("input", name="lang").attrs["value"] == "en"


def test_facet_with_two_values(client):
    root, _ = page(client, "/?source=Reuters&source=AP")
    sources = _facet_links(root, "source")
    assert {k for k, a in sources.items() if "selected" in a.classes} == {"Reuters", "AP"}
    assert query(sources["AP"].attrs["href"]).get("source") == ["Reuters"]
    assert query(sources["Rudaw"].attrs["href"])["source"] == ["Reuters", "AP", "Rudaw"]


# -- pagination, twins, exports ----------------------------------------------------------------

def test_pagination_links(client):
    root, _ = page(client, "/?q=" + quote("العراق") + "&size=5&group=none")
    pager = root.find("nav", cls="pager")
    nxt = pager.find("a", rel="next")
    assert query(nxt.attrs["href"])["page"] == ["2"] and query(nxt.attrs["href"])["size"] == ["5"]
    assert not pager.find_all("a", rel="prev")
    assert pager.find("span", cls="current").text() == "1"
    numbers = [a.text() for a in pager.find_all("a") if a.text().isdigit()]
    assert "2" in numbers and "3" in numbers
    root2, _ = page(client, nxt.attrs["href"])
    pager2 = root2.find("nav", cls="pager")
    assert pager2.find("span", cls="current").text() == "2"
    assert "page" not in query(pager2.find("a", rel="prev").attrs["href"])     # page 1 is the default
    first_ids = {h.find("a").attrs["href"] for h in hits(root)}
    second_ids = {h.find("a").attrs["href"] for h in hits(root2)}
    assert len(second_ids) == 5 and not first_ids & second_ids


def test_page_beyond_the_last(client):
    root, _ = page(client, "/?q=" + quote("العراق") + "&page=99", lang="en")
    assert not hits(root)
    assert "No results on this page" in root.find("div", cls="empty").text()


def test_json_twin_and_export_links(client):
    url = "/?q=" + quote("العراق") + "&lang=ar&sort=date&page=2"
    root, _ = page(client, url)
    twin = root.find("a", cls="json-twin").attrs["href"]
    assert urlsplit(twin).path == "/api/search"
    assert query(twin) == {**query(url), "group": ["story"]}       # the pages' default, said
    data = orjson.loads(client.get(twin).data)
    assert data["total"] == total(root) and data["page"] == 2
    for fmt in ("csv", "jsonl"):
        href = root.find("a", cls=f"export-{fmt}").attrs["href"]
        q = query(href)
        assert q["format"] == [fmt] and q["q"] == ["العراق"] and q["lang"] == ["ar"] and "page" not in q
        r = client.get(href)
        assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
        assert r.get_data()
        r.close()


# -- empty results and errors ----------------------------------------------------------------

def test_empty_results_suggest_any_word(client):
    root, _ = page(client, "/?q=" + quote("oil parliament") + "&translate=off")
    assert total(root) == 0
    links = root.find("ul", cls="suggestions").find_all("a")
    hrefs = [a.attrs["href"] for a in links]
    assert any(query(h).get("op") == ["or"] for h in hrefs)
    root2, _ = page(client, next(h for h in hrefs if query(h).get("op") == ["or"]))
    assert total(root2) > 0


def test_empty_results_suggest_removing_each_filter(client):
    root, _ = page(client, "/?q=Reuters&source=AP&lang=en&since=2030-01-01")
    assert total(root) == 0
    hrefs = [a.attrs["href"] for a in root.find("ul", cls="suggestions").find_all("a")]
    removed = [{k for k in ("source", "lang", "since") if k not in query(h)} for h in hrefs]
    assert {"source"} in removed and {"lang"} in removed and {"since"} in removed
    assert not any(query(h).get("op") == ["or"] for h in hrefs)       # a single word: no op hint


@pytest.mark.parametrize("url,contains", [
    ("/?page=abc", "page"),
    ("/?page=99999999999999999999", "page"),
    ("/?size=500", "size"),
    ("/?sort=best", "sort"),
    ("/?since=2019-02-30", "since"),
    ("/?q=" + "x" * 501, "too long"),
    ("/?" + "&".join(f"place=p{i}" for i in range(21)), "too many"),
    ("/?" + "&".join(f"x{i}=1" for i in range(101)), "too many parameters"),
])
def test_bad_request_page(client, url, contains):
    root, r = page(client, url, status=400, lang="en")
    alert = root.find("div", cls="error")
    assert contains in alert.text().lower()
    assert root.find("form", cls="search")


@pytest.mark.parametrize("q, reason", [('"البيشمركة', "quote"), ("(a", "parenthes")])
def test_invalid_syntax_page_searches_plain_words(client, q, reason):
    root, _ = page(client, "/?q=" + quote(q), lang="en")
    notice = root.find("div", cls="notice")
    assert "searched as plain words" in notice.text() and reason in notice.text()
    assert root.find("input", id="q").attrs["value"] == q
    if q == '"البيشمركة':
        assert total(root) > 0


def test_pages_refuse_unknown_parameters_but_not_link_tracking(client):
    """Like the API (a typo like years=2019 must not silently search everything):
    tests/test_page_params.py. What a shared link carries (utm_source, fbclid) is ignored,
    on the page and its JSON twin alike."""
    root, _ = page(client, "/?q=oil&years=2019", status=400, lang="en")
    assert "unknown parameter 'years'" in root.find("div", cls="error").text()
    assert root.find("input", id="q").attrs["value"] == "oil"
    root, _ = page(client, "/?q=oil&utm_source=twitter&fbclid=abc")
    assert total(root) > 0
    twin = root.find("a", cls="json-twin").attrs["href"]
    assert query(twin) == {"q": ["oil"], "group": ["story"]}   # canonical: only what the search uses
    assert client.get("/api/search?q=oil&utm_campaign=x&gclid=y").status_code == 200


def test_unknown_page_and_document_are_html_404(client):
    root, _ = page(client, "/no/such/page", status=404)
    assert "404" in root.find("h1").text()
    root, _ = page(client, "/documents/no-such-document", status=404)
    assert "no-such-document" in root.find("p", cls="message").text()


def test_post_to_page_is_405_html(client):
    r = client.post("/")
    assert r.status_code == 405 and r.mimetype == "text/html"


# -- document page ---------------------------------------------------------------------------

def test_document_page(client):
    root, _ = page(client, "/documents/ar-00?q=" + quote("البيشمركة"))
    art = root.find("article", cls="doc")
    assert art.attrs["lang"] == "ar" and art.attrs["dir"] == "rtl"
    assert root.find("h1", cls="doc-title").text() == RECORDS[0]["title"]
    rows = {tr.find("th").text().split()[0]: tr.find("td").text().strip() for tr in root.find("table", cls="meta").find_all("tr")}
    assert rows["التاريخ"] == RECORDS[0]["date"]
    assert rows["المصدر"] == metadata.label("source", RECORDS[0]["source"])     # الأناضول (Anadolu Agency)
    assert rows["مكان"] == metadata.label("place", RECORDS[0]["place"]) and rows["اللغة"] == "العربية"
    body = root.find("div", cls="doc-body")
    assert [m.text() for m in body.find_all("mark")] == ["البيشمركة"]
    original = root.find("a", cls="original")
    assert original.attrs["href"] == RECORDS[0]["url"] and "noopener" in original.attrs["rel"]
    twin = root.find("a", cls="json-twin").attrs["href"]
    assert urlsplit(twin).path == "/api/documents/ar-00" and query(twin)["q"] == ["البيشمركة"]
    assert orjson.loads(client.get(twin).data)["id"] == "ar-00"
    back = root.find("p", cls="crumbs").find("a").attrs["href"]
    assert query(back)["q"] == ["البيشمركة"]


def test_document_page_english_is_ltr_without_highlight(client):
    root, _ = page(client, "/documents/en-00")
    art = root.find("article", cls="doc")
    assert art.attrs["lang"] == "en" and art.attrs["dir"] == "ltr"
    assert not root.find_all("mark")


def test_document_page_with_bad_query_still_shows_the_text(client):
    root, _ = page(client, "/documents/ar-00?q=" + quote('"البيشمركة'))   # plain words
    assert root.find("div", cls="doc-body").text()
    assert root.find_all("mark") and not root.find_all("p", cls="error")


@pytest.mark.parametrize("doc_id", ["evil-1", "evil-2"])
def test_javascript_url_is_not_a_link(client, doc_id):
    root, r = page(client, "/documents/" + doc_id)
    assert not root.find_all("a", cls="original")
    assert root.find("bdi", cls="plain-url").text().lower().startswith("javascript:")
    assert not [a for a in root.find_all("a") if a.attrs.get("href", "").strip().lower().startswith("javascript")]


# -- statistics ------------------------------------------------------------------------------

def test_stats_page(client):
    root, _ = page(client, "/stats")
    assert root.find("p", cls="summary").find("strong").text() == str(len(RECORDS))
    assert root.find("a", cls="json-twin").attrs["href"] == "/api/stats"
    tables = root.find_all("table", cls="counts")
    assert len(tables) == 3
    links = {a.text(): a.attrs["href"] for a in tables[0].find_all("a")}
    assert query(links["العربية"]) == {"lang": ["ar"]}
    root2, _ = page(client, links["الإنجليزية"])
    assert total(root2) == EN_TOTAL


# -- security --------------------------------------------------------------------------------

HOSTILE_PAGES = [
    "/?q=" + quote("البيشمركة هجوم") + "&op=or",
    "/?q=" + quote("oil") + "&size=100",
    "/?q=" + quote("<script>alert(1)</script>"),
    "/?q=" + quote('"><img src=x onerror=alert(1)>'),
    "/?place=" + quote('"><svg onload=alert(4)>'),
    "/?source=" + quote("<b>مصدر</b>"),
    "/documents/evil-1?q=" + quote("البيشمركة"),
    "/documents/evil-2?q=oil",
    "/documents/" + quote("<script>alert(1)</script>"),
    "/stats",
]


@pytest.mark.parametrize("url", HOSTILE_PAGES)
def test_no_injected_markup(client, url):
    r = client.get(url)
    assert r.status_code in (200, 400, 404)
    text = r.get_data(as_text=True)
    root = Tree(text).root
    tags = {n.tag for n in root.walk()}
    assert not tags & {"script", "img", "iframe", "object", "embed", "b", "style"}, tags
    # the only SVG is our own chart (search_web/charts.py)
    assert all(n.attrs.get("class", "").startswith("chart ") for n in root.walk() if n.tag == "svg")
    for n in root.walk():
        assert not [a for a in n.attrs if a.lower().startswith("on")], (n.tag, n.attrs)
        assert "style" not in n.attrs                                # CSP: style-src 'self'
        for a in ("href", "src", "action"):
            assert not (n.attrs.get(a) or "").strip().lower().startswith(("javascript:", "data:"))
    assert "<script" not in text.lower() and "<img" not in text.lower()
    assert text.lower().count("<svg") == text.count('<svg class="chart ')


def test_hostile_text_is_visible_as_text(client):
    root, _ = page(client, "/documents/evil-1")
    assert root.find("h1", cls="doc-title").text().startswith("<script>alert(1)</script>")
    assert '"><img src=x onerror=alert(1)>' in root.find("div", cls="doc-body").text()


@pytest.mark.parametrize("url", ["/", "/?q=x", "/documents/ar-00", "/stats", "/nope", "/?page=0",
                                 "/static/style.css"])
def test_security_headers_on_pages(client, url):
    r = client.get(url)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "style-src 'self'" in csp and "script-src 'self'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")


def test_stylesheet(client):
    r = client.get("/static/style.css")
    assert r.status_code == 200 and r.mimetype == "text/css"
    css = r.get_data(as_text=True)
    assert '"Noto Naskh Arabic"' in css and "Tahoma" in css and "sans-serif" in css
    assert re.search(r"line-height:\s*1\.8", css)
    assert re.search(r"mark\s*\{[^}]*background", css)
    assert "@media (min-width" in css                                 # facets beside results only when wide
    assert client.get("/favicon.ico").status_code == 200


def test_document_page_lists_what_it_mentions(client):
    root, _ = page(client, "/documents/ar-00")
    rows = root.find("table", cls="meta").find_all("tr")
    mentioned = [tr for tr in rows if "mentions-mentioned_place" in tr.attrs.get("class", "")]
    doc = client.get("/api/documents/ar-00").get_json()
    if not doc.get("mentioned_place"):
        pytest.skip("the record mentions no place")
    links = mentioned[0].find_all("a")
    assert len(links) == len(doc["mentioned_place"])
    assert all("mentioned_place=" in a.attrs["href"] for a in links)
