"""The Python client (corpus/client.py) against a live server: a real (werkzeug, threaded)
HTTP server on a free port, started per engine, answering the client over HTTP."""
from __future__ import annotations

import ast
import sys
import threading
import types
from pathlib import Path

import pytest

from conftest import ENGINES
from conftest_research import research_index, research_opensearch, research_searcher, research_src  # noqa: F401
from corpus.client import BadRequest, Client, NotFound, Unreachable
from corpus.research.concordance import concordance

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=ENGINES)
def live(request):
    """(a Client of a live server, the engine's searcher for the expected figures)."""
    from werkzeug.serving import make_server

    from corpus.engines import open_searcher
    from search_web import create_app
    where = request.getfixturevalue("research_index" if request.param == "whoosh" else "research_opensearch")
    app = create_app({"ENGINE": request.param, "INDEX": str(where)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Client(f"http://127.0.0.1:{server.server_port}"), open_searcher(request.param, where)
    server.shutdown()
    thread.join(timeout=10)


def test_count_is_the_search_total(live):
    api, searcher = live
    assert api.count("وزير") == searcher.search("وزير", group="none").total > 0
    assert api.count("وزير", source="عكاظ") == searcher.search("وزير", filters={"source": ["عكاظ"]},
                                                               group="none").total
    assert api.count("") == 11


@pytest.mark.parametrize("via", ["export", "pages"])
def test_search_iterates_every_hit(live, via, monkeypatch):
    api, searcher = live
    monkeypatch.setattr("corpus.client.EXPORT_CHUNK", 3)       # several export slices
    hits = list(api.search("وزير OR minister", via=via, page_size=2, op="or"))
    expected = searcher.search("وزير OR minister", op="or", group="none").total
    assert len(hits) == expected > 3 and len({h["id"] for h in hits}) == expected


def test_search_with_filters_as_lists(live):
    api, _ = live
    ids = {h["id"] for h in api.search("", source=["عكاظ", "اليوم"])}
    assert ids == {"wa1", "d1", "c1", "wa3", "c2"}


def test_trends_split_one_call(live):
    api, _ = live
    rows = api.trends("", split="source", interval="day")
    sources = api.stats()["source"]                 # the index's source values (ids of known outlets)
    assert {r["value"] for r in rows} == set(sources) and len(sources) == 7
    assert sum(r["count"] for r in rows) == 11
    by = {(r["period_start"], r["value"]): r["count"] for r in rows}
    assert by[("2015-07-26", "okaz")] == 1 and by[("2015-07-21", "alyaum")] == 0     # zero-filled
    q = api.trends("وزير", split="source", interval="day")
    assert {r["query"] for r in q} == {"وزير"} and sum(r["count"] for r in q) == api.count("وزير")


def test_concordance_every_line_and_its_figures(live):
    api, searcher = live
    lines = api.concordance("وزير", sort="right")
    expected = concordance(searcher, "وزير", sort="right")
    assert [(ln["doc_id"], ln["start"]) for ln in lines] == [(ln.doc_id, ln.start) for ln in expected.lines]
    assert lines.meta["occurrences"] == len(lines) == 11 and lines.meta["per_million"] > 0
    page = api.concordance("وزير", sort="right", page=2, size=4)
    assert [ln["start"] for ln in page] == [ln.start for ln in expected.lines[4:8]]


def test_collocations_rows(live):
    api, _ = live
    rows = api.collocations("وزير", top=5)
    assert rows[0]["word"] == "مستشفى" and rows.meta["notes"][0]["code"] == "docs_all"


def test_typed_errors_carry_the_api_code_and_message(live):
    api, _ = live
    with pytest.raises(BadRequest) as e:
        api.count("وزير", since="2019-13-01")
    assert e.value.status == 400 and e.value.code == "date" and "ISO date" in e.value.message
    with pytest.raises(BadRequest) as e:
        api.concordance("")
    assert e.value.code == "concordance_needs_query"
    with pytest.raises(NotFound):
        api.document("no-such-id")


def test_unreachable_server():
    with pytest.raises(Unreachable):
        Client("http://127.0.0.1:9", timeout=2).count("x")


def test_to_dataframe_uses_pandas_when_installed(live, monkeypatch):
    api, _ = live
    rows = api.collocations("وزير", top=3)
    fake = types.ModuleType("pandas")
    fake.DataFrame = lambda data: ("frame", list(data))
    monkeypatch.setitem(sys.modules, "pandas", fake)
    assert rows.to_dataframe() == ("frame", list(rows))
    monkeypatch.setitem(sys.modules, "pandas", None)       # not installed: a clear ImportError
    with pytest.raises(ImportError, match="pandas"):
        rows.to_dataframe()


def test_the_client_needs_the_standard_library_only():
    tree = ast.parse((ROOT / "corpus" / "client.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "json", "urllib", "typing", "pandas"}, imported
