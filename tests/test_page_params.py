"""Pages refuse what their JSON twins refuse (issue 16): an unknown parameter or an invalid
value is a 400 page saying the error's message (looked up by its code, issue 17) in the
interface language: the API's English on an English page, its Arabic on an Arabic page (issue
20), with or without a query; and every link and form the pages make is still accepted."""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import client, web_app, web_index  # noqa: E402,F401  (fixtures)
from test_web_pages import Tree  # noqa: E402

from corpus.messages import MESSAGES  # noqa: E402

OIL = quote("النفط")

# (page, its API twin): the same parameters, refused with the same message
TWINS = [
    ("/?bogus=1", "/api/search?bogus=1"),
    ("/?q=oil&bogus=x", "/api/search?q=oil&bogus=x"),
    ("/?interval=hour", "/api/search?interval=hour"),
    ("/?q=oil&group=all", "/api/search?q=oil&group=all"),
    ("/concordance?width=%3Cscript%3E", "/api/concordance?width=%3Cscript%3E"),
    ("/concordance?bogus=1", "/api/concordance?bogus=1"),
    ("/concordance?sort=middle", "/api/concordance?sort=middle"),
    ("/concordance?since=yesterday", "/api/concordance?since=yesterday"),
    (f"/concordance?q={OIL}&size=0", f"/api/concordance?q={OIL}&size=0"),
    ("/collocations?window=99", "/api/collocations?window=99"),
    ("/collocations?bogus=1", "/api/collocations?bogus=1"),
    ("/collocations?op=xor", "/api/collocations?op=xor"),
    ("/collocations?exact=maybe", "/api/collocations?exact=maybe"),
    (f"/trends?q={OIL}&bogus=1", f"/api/trends?q={OIL}&bogus=1"),
    (f"/trends?q={OIL}&interval=hour", f"/api/trends?q={OIL}&interval=hour"),
    (f"/trends?q={OIL}&page=2", f"/api/trends?q={OIL}&page=2"),
    (f"/trends?q={OIL}&measure=mean", f"/api/trends?q={OIL}&measure=mean"),
    ("/documents/ar-00?bogus=1", "/api/documents/ar-00?bogus=1"),
    ("/documents/ar-00?op=xor", "/api/documents/ar-00?op=xor"),
    ("/documents/ar-00?q=" + "a" * 501, "/api/documents/ar-00?q=" + "a" * 501),
    ("/stats?bogus=1", "/api/stats?bogus=1"),
]

# pages only: their empty forms check the other parameters too, and the page's own ones
PAGE_ONLY = [
    ("/trends?interval=hour", "unknown interval"), ("/trends?bogus=1", "unknown parameter 'bogus'"),
    ("/trends?format=csv", "unknown parameter 'format'"), ("/trends?measure=mean", "measure"),
    ("/?spell=maybe", "spell"), ("/documents/ar-00?at=x", "at must be a whole number"),
    ("/documents/ar-00?at=0", "at must be between"), ("/documents/ar-00?sort=best", "unknown sort"),
    ("/documents/ar-00?format=json", "unknown parameter 'format'"),
]


def _message_line(client, url, lang):
    r = client.get(url, headers={"Accept-Language": lang})
    assert r.status_code == 400 and r.mimetype == "text/html", (url, r.status_code)
    (line,) = Tree(r.get_data(as_text=True)).root.find_all("p", cls="message")
    return line


def _page_message(client, url) -> tuple[str, str]:
    """(the English message, the code) of a 400 page in English; the Arabic page says the
    same code in Arabic."""
    english, arabic = _message_line(client, url, "en"), _message_line(client, url, "ar")
    code = english.attrs.get("data-code", "")
    assert code in MESSAGES and arabic.attrs.get("data-code") == code, (url, code)
    assert arabic.text() != english.text()
    assert any("\u0600" <= c <= "\u06ff" for c in arabic.text()), arabic.text()
    return english.text(), code


@pytest.mark.parametrize("page, api", TWINS)
def test_page_refuses_what_its_api_twin_refuses(client, page, api):
    english, code = _page_message(client, page)
    r = client.get(api)
    assert r.status_code == 400
    error = r.get_json()["error"]
    # the same reason; an unknown name's list of parameters is each route's own
    assert error["message"].split("; parameters:")[0] == english.split("; parameters:")[0]
    assert error["code"] == code


@pytest.mark.parametrize("url, contains", PAGE_ONLY)
def test_page_refuses_its_own_bad_parameters(client, url, contains):
    english, _ = _page_message(client, url)
    assert contains in english


@pytest.mark.parametrize("url", ["/?q=oil&spell=off", "/?q=oil&spell=on", "/documents/ar-00?at=3&q=oil&size=5",
                                 "/concordance", "/collocations", "/trends", "/stats", "/?"])
def test_legitimate_page_parameters(client, url):
    assert client.get(url).status_code == 200


# -- every link and form on the pages is accepted

SEEDS = [
    "/?q=" + quote("العراق") + "&size=5&group=none",
    "/?q=" + quote("العراق") + "&size=5&page=2&count=stories&facet_size=3&interval=month",
    "/?q=" + quote("Erbil OR أربيل") + "&lang=en&sort=date&op=or&since=2018-01-01&until=2020-12-31",
    "/?q=" + quote("oil parliament") + "&translate=off",
    "/?q=" + quote("Reuters") + "&source=AP&lang=en&since=2030-01-01",
    "/?q=" + quote("البيشمركة") + "&more=source",
    "/?q=oil&semantic=off&drop=" + quote("نفط"),
    "/concordance?q=" + OIL + "&size=2&width=3&exact=1&lang=ar",
    "/collocations?q=" + OIL + "&window=3&docs=20",
    "/trends?q=" + OIL + "&q=oil&interval=year&source=Reuters",
    "/stats",
]


def _links(root) -> list[str]:
    return [a.attrs["href"] for a in root.find_all("a") if a.attrs.get("href", "").startswith("/")
            and not a.attrs["href"].startswith("/static/")]


def _forms(root) -> list[str]:
    """Each form submitted as it stands (checked boxes, selected options)."""
    urls = []
    for form in root.find_all("form"):
        pairs = []
        for node in form.walk():
            name = node.attrs.get("name")
            if not name:
                continue
            if node.tag == "input" and (node.attrs.get("type") != "checkbox" or "checked" in node.attrs):
                pairs.append((name, node.attrs.get("value") or ""))
            elif node.tag == "select":
                options = node.find_all("option")
                chosen = [o for o in options if "selected" in o.attrs] or options[:1]
                pairs += [(name, o.attrs.get("value", "")) for o in chosen]
        urls.append(f"{form.attrs['action']}?{urlencode(pairs)}")
    return urls


def test_no_link_or_form_on_the_pages_is_refused(client):
    seen: set[str] = set()
    pages = list(SEEDS)
    root, _ = _get(client, SEEDS[0])
    pages.append(next(u for u in _links(root) if u.startswith("/documents/") and "at=" in u))   # with the state
    for seed in pages:
        root, status = _get(client, seed)
        assert status == 200, seed
        for url in _links(root) + _forms(root):
            if url in seen:
                continue
            seen.add(url)
            r = client.get(url)
            assert r.status_code not in (400, 500), (seed, url, r.get_data(as_text=True)[:300])
            r.close()
    paths = {urlsplit(u).path.split("/")[1] for u in seen}
    assert {"", "documents", "concordance", "collocations", "trends", "stats", "api", "cite"} <= paths
    assert any("at=" in u for u in seen) and any("measure=" in u for u in seen)


def _get(client, url):
    r = client.get(url)
    return Tree(r.get_data(as_text=True)).root, r.status_code
