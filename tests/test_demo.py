"""The demo corpus a fresh clone serves (issue 20): the two seeds and a sample of SaudiNewsNet
(demo/), small in git, read by the ordinary readers; every view shows something true on it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus import cli
from corpus.readers import discover, read_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "demo" / "saudinewsnet-sample.zip"
MAX_BYTES = 5_000_000


def test_serve_indexes_the_seeds_and_the_sample():
    assert [p.name for p in cli.DEMO] == ["seeds", "demo"] and all(p.is_dir() for p in cli.DEMO)
    assert list((ROOT / "seeds").glob("*.zip")) == []        # the tests' seeds stay the two articles
    readme = (ROOT / "demo" / "README.md").read_text(encoding="utf-8")
    assert "CC BY-NC-SA 4.0" in readme and "Alhagri" in readme and "SaudiNewsNet" in readme


def test_the_sample_is_small_and_spans_the_two_months_and_the_sources():
    assert SAMPLE.stat().st_size <= MAX_BYTES
    found, problems = discover([str(SAMPLE)])
    docs = [d for path in found for d in read_file(path)]
    assert not problems
    assert len(docs) >= 1500
    months = {d.date.strftime("%Y-%m") for d in docs if d.date}
    sources = {d.source for d in docs}
    assert months == {"2015-07", "2015-08"} and len(sources) == 14


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory):
    from corpus.indexer import index_paths
    from search_web import create_app
    index = tmp_path_factory.mktemp("demo") / "index"
    index_paths(index, [str(p) for p in cli.DEMO])
    app = create_app({"INDEX": str(index), "TESTING": True, "WARM_TRANSLATION": False,
                      "WARM_EMBEDDINGS": False})
    return app.test_client()


def test_every_view_shows_something_true_on_the_demo(demo_client):
    c = demo_client
    st = c.get("/api/stats").get_json()
    assert st["documents"] >= 1502 and len(st["source"]) >= 14
    hist = c.get("/api/search?q=السعودية&size=0").get_json()["histogram"]
    assert sum(b["count"] > 0 for b in hist["buckets"]) > 10             # many bars, not one
    trends = c.get("/api/trends?q=السعودية&since=2015-07-01&until=2015-08-31").get_json()
    assert sum(n > 0 for n in trends["series"][0]["counts"]) > 1          # a line, not a point
    page = c.get("/trends?q=السعودية&since=2015-07-01&until=2015-08-31").get_data(as_text=True)
    assert re.search(r'<path class="line s0" d="M[\d.,]+ L', page)        # drawn with segments
    col = c.get("/api/collocations?q=السعودية").get_json()
    assert col["corpus_documents"] == st["documents"] and col["collocates"] and col["key_terms"]
    conc = c.get("/api/concordance?q=السعودية").get_json()
    assert conc["documents"] > 100 and conc["lines"]
    footer = c.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True).split("<footer")[1]
    assert "the demo corpus" in footer and "corpus index PATH" in footer
