"""The result page's shortcuts build exactly the links and labels of the slow way: a facet
value's link from the state's query string quoted once (SearchParams.with_filter_queries),
an entity page's from its route built once (entity_urls), the labels looked up once per
request (ui_lang, the templates' gettext)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from flask import url_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import client, web_app, web_index  # noqa: E402,F401  (fixtures)

from corpus.fields import FACETS  # noqa: E402
from search_web.entities import entity_url, entity_urls  # noqa: E402
from search_web.i18n import ENVIRON_KEY, ui_lang  # noqa: E402
from search_web.params import SearchParams  # noqa: E402

VALUES = ["spa", "SPA", " Spa ", "وكالة الأنباء السعودية", "الرياض", "a&b=c", "x+y z", "50%", "/etc/passwd",
          "https://x.org/a?b=1#c", "منصور التركي", "عبدالملك", "عبد الملك", "", "'\"<>", "a/b:c"]
STATES = [
    SearchParams(),
    SearchParams(q="اليمن"),
    SearchParams(q="oil & gas", op="or", page=3, size=20, sort="-date", since="2015-07-01",
                 until="2015-08-01", translate="off", drop=["نفط"], group="none", count="stories",
                 semantic="off", interval="week", split="source", normalize="volume", facet_size=5,
                 more="person"),
    SearchParams(q="x", filters={"source": ["spa"], "person": ["منصور التركي"], "lang": ["ar"]}),
    SearchParams(filters={"mentioned_place": ["Yemen", "Riyadh"], "org": ["a&b=c"]}, page=2),
]


@pytest.mark.parametrize("state", STATES)
def test_a_facet_values_link_is_the_states_with_that_filter(state):
    for name in FACETS:
        adding = state.with_filter_queries(name)
        for value in VALUES + state.filters.get(name, []):
            assert adding(value) == state.with_filter(name, value).query_string(), (name, value)


def test_a_value_already_chosen_in_another_spelling_is_not_added_again():
    state = SearchParams(q="x", filters={"source": ["spa"]}, page=4)
    assert state.with_filter_queries("source")(" SPA ") == "q=x&source=spa"


def test_an_entity_page_link_is_the_routes(web_app):
    with web_app.test_request_context("/"):
        for name in FACETS:
            make = entity_urls(name)
            if entity_url(name, "x") is None:
                assert make is None
                continue
            for value in VALUES[:-3] + ["'\"<>", "a/b:c", "?", "#", "%2F"]:
                assert make(value) == entity_url(name, value), (name, value)
        assert entity_urls("person")("منصور التركي") == url_for("entities.entity_page", kind="person",
                                                                value="منصور التركي")


@pytest.mark.parametrize("cookie, lang", [("en", "en"), ("ar", "ar")])
def test_the_interface_language_is_worked_out_once_per_request(web_app, cookie, lang):
    with web_app.test_request_context("/", headers={"Cookie": f"lang={cookie}"}) as ctx:
        assert ui_lang() == lang
        assert ctx.request.environ[ENVIRON_KEY] == lang
        ctx.request.environ[ENVIRON_KEY] = "xx"     # asked once: the request's answer is kept
        assert ui_lang() == "xx"


@pytest.mark.parametrize("lang, label", [("en", "Its page"), ("ar", "صفحته")])
def test_the_templates_labels_follow_each_requests_language(client, lang, label):
    """The templates' gettext remembers labels per language: a page in one language never
    gets the other's."""
    for first in ("ar", "en", lang):
        client.set_cookie("lang", first)
        client.get("/?q=oil")
    client.set_cookie("lang", lang)
    html = client.get("/?q=oil").get_data(as_text=True)
    other = {"en": 'lang="ar"', "ar": 'lang="en"'}[lang]
    assert f'<html lang="{lang}"' in html and f"<html {other}" not in html
    assert html.count('class="entity-link"') > 0
    assert html.count(f'title="{label}"') == html.count('class="entity-link"')


@pytest.mark.parametrize("state", STATES)
def test_a_histogram_bars_link_is_the_states_with_its_dates(state):
    period = state.dates_queries()
    for since, until in [("2015-07-01", "2015-07-07"), ("2015-08-01", "2015-08-31"), ("2015", "2016"),
                         ("", "2015-07-07"), ("2015-07-01", "")]:
        assert period(since, until) == state.query_string(since=since, until=until, page=1,
                                                          interval="auto"), (since, until)
