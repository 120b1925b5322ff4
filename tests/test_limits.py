"""Heavy requests run a few at a time (search_web/limits.py): past the limit a clear 503
with Retry-After, in both languages on a page; a streamed export keeps its slot until it
is closed."""
from __future__ import annotations

import sys
from pathlib import Path

import orjson
import pytest

from search_web import create_app, limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import web_index  # noqa: E402,F401

HEAVY_URLS = ["/api/search?q=*&format=csv", "/api/search?q=*&format=jsonl",
              "/api/concordance?q=oil", "/api/collocations?q=oil",
              "/concordance?q=oil", "/collocations?q=oil"]


@pytest.fixture()
def one_slot_app(web_index, monkeypatch):
    monkeypatch.setattr(limits, "HEAVY_WAIT", 0.0)
    return create_app({"INDEX": str(web_index), "TESTING": True, "HEAVY_REQUESTS": 1,
                       "WARM_TRANSLATION": False, "WARM_EMBEDDINGS": False})


@pytest.mark.parametrize("url", HEAVY_URLS)
def test_a_heavy_request_past_the_limit_gets_503_with_retry_after(one_slot_app, url):
    slots = one_slot_app.extensions["corpus.heavy"]
    client = one_slot_app.test_client()
    assert slots.acquire(blocking=False)        # another heavy request holds the only slot
    try:
        r = client.get(url)
        assert r.status_code == 503 and r.headers["Retry-After"] == str(limits.RETRY_AFTER)
        if url.startswith("/api/"):
            assert "busy" in orjson.loads(r.data)["error"]["message"]
        else:
            assert "الخادم مشغول" in r.get_data(as_text=True)          # the interface's language
            english = client.get(url, headers={"Accept-Language": "en"})
            assert english.status_code == 503 and "server is busy" in english.get_data(as_text=True)
        assert client.get("/api/search?q=oil").status_code == 200     # searches are not held
    finally:
        slots.release()
    with client.get(url) as r:
        assert r.status_code == 200


def test_a_streamed_export_holds_its_slot_until_closed(one_slot_app):
    slots = one_slot_app.extensions["corpus.heavy"]
    client = one_slot_app.test_client()
    r = client.get("/api/search?q=*&format=jsonl", buffered=False)
    assert r.status_code == 200
    assert not slots.acquire(blocking=False)    # streaming: the slot is taken
    assert client.get("/api/collocations?q=oil").status_code == 503
    b"".join(r.response)
    r.close()
    assert slots.acquire(blocking=False)        # closed: given back
    slots.release()


def test_a_failing_heavy_request_gives_its_slot_back(one_slot_app):
    client = one_slot_app.test_client()
    for url in ("/api/concordance?q=oil&width=x", "/api/search?q=oil&format=csv&limit=x",
                "/concordance?q=oil&width=x"):
        with client.get(url) as r:          # the WSGI server closes every response
            assert r.status_code == 400
        with client.get("/api/concordance?q=oil") as r:
            assert r.status_code == 200
