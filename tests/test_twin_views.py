"""One path through the web layer (issue 17): every page and its JSON twin are one TwinView
(search_web/render.py), the app has the only error handlers, and views reach the searcher
one way."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import orjson
import pytest

from search_web import render

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import client, web_app, web_index  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[1]
TWINS = [("/?q=x&sort=best", "/api/search?q=x&sort=best"),
         ("/documents/ar-00?op=xor", "/api/documents/ar-00?op=xor"),
         ("/stats?x=1", "/api/stats?x=1"),
         ("/concordance?q=x&width=0", "/api/concordance?q=x&width=0"),
         ("/collocations?q=x&top=0", "/api/collocations?q=x&top=0"),
         ("/trends?q=x&measure=best", "/api/trends?q=x&measure=best")]


def test_only_the_app_handles_errors(web_app):
    """No blueprint has an error handler of its own: the app's answers for every view."""
    assert set(web_app.error_handler_spec) == {None}


def test_views_reach_the_searcher_one_way():
    """render.searcher() is the only reader of the app's searcher (create_app opens it)."""
    readers = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "search_web").glob("*.py")
                     if p.name != "__init__.py" and re.search(r"extensions(\[|\.get\()\"corpus\"", p.read_text()))
    assert readers == ["search_web/render.py"]


@pytest.mark.parametrize("page, api", TWINS)
def test_a_page_and_its_twin_refuse_alike(client, page, api):
    """The same parse: the page's 400 names the rule the JSON twin's 400 names."""
    r_api, r_page = client.get(api), client.get(page)
    assert r_api.status_code == r_page.status_code == 400
    code = orjson.loads(r_api.data)["error"]["code"]
    assert f'data-code="{code}"' in r_page.get_data(as_text=True)


def test_the_twin_keeps_the_did_you_mean(client):
    body = orjson.loads(client.get("/api/search?q=parliment").data)
    assert body["total"] == 0 and body["suggestion"]["query"] == "parliament"


def test_an_unknown_document_is_404_in_both_formats(client):
    r = client.get("/api/documents/no-such-id")
    assert r.status_code == 404 and orjson.loads(r.data)["error"]["code"] == "not_found"
    r = client.get("/documents/no-such-id")
    assert r.status_code == 404 and r.mimetype == "text/html" and "no-such-id" in r.get_data(as_text=True)


def test_csv_is_only_where_the_view_has_it(client):
    r = client.get("/api/collocations?q=oil&format=xml")      # collocations have CSV too (issue 21)
    assert r.status_code == 400 and orjson.loads(r.data)["error"]["code"] == "unknown_format"
    r = client.get("/api/stats?format=csv")                   # a twin without formats
    assert r.status_code == 400 and orjson.loads(r.data)["error"]["code"] == "unknown_parameter"
    r = client.get("/api/collocations?q=oil&format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    r = client.get("/api/concordance?q=oil&format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.data.startswith("\ufeff".encode())


def test_every_twin_view_is_registered(web_app):
    names = {e.rsplit(".", 1)[-1] for e in web_app.view_functions}
    for view in render.TwinView.__subclasses__():
        assert view.endpoint in names and (view.api_endpoint is None or view.api_endpoint in names), view
