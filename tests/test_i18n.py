"""The interface language: chosen by the switch (cookie), else Accept-Language, else Arabic."""
from __future__ import annotations

import pytest

from tests.conftest_web import news_client  # noqa: F401  (fixture)


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
