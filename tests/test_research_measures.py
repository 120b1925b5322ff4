"""Measurement-grade research views (issue 21) on both engines: the concordance over every
line (occurrences, documents, stories, per million words, one line per story), collocations
of words, pairs and triples with per-million figures and CSV, the corpus's size in words,
coverage per day per source with its gaps, and the search histogram split and normalised."""
from __future__ import annotations

import csv
import io

import pytest

from conftest_research import RECORDS, research_index, research_opensearch, research_searcher, research_src  # noqa: F401
from corpus.analysis.analyzer import analyze_tokens
from corpus.coverage import coverage
from corpus.errors import QueryError
from corpus.research import concordance as conc
from corpus.research.collocations import collocations
from corpus.research.concordance import concordance

WORDS = sum(len(analyze_tokens(body)) for _, _, body, *_ in RECORDS)


def test_corpus_words_are_the_analysed_body_terms(research_searcher):
    assert research_searcher.corpus_words() == WORDS > 0


def test_concordance_figures(research_searcher):
    c = concordance(research_searcher, "وزير", size=2)
    assert (c.occurrences, c.documents, c.documents_with_lines, c.stories) == (11, 6, 6, 3)
    assert c.corpus_words == WORDS and c.per_million == round(11 * 1_000_000 / WORDS, 2)
    assert len(c.lines) == 2 and c.line_count == 11 and c.more
    codes = [n["code"] for n in c.notes]
    assert "lines_cap" in codes and "per_million" in codes
    assert all(n["en"] and n["ar"] != n["en"] for n in c.notes)


def test_sorting_covers_every_line_not_the_first_ones(research_searcher, monkeypatch):
    """The lines are read whole before sorting: a sorted page draws on the last document too."""
    everything = concordance(research_searcher, "وزير", sort="left", size=100).lines
    monkeypatch.setattr(conc, "DOC_BATCH", 1)          # documents read one by one: same lines
    monkeypatch.setattr(conc, "_held", conc.OrderedDict())
    pages = [concordance(research_searcher, "وزير", sort="left", size=3, page=n).lines for n in (1, 2, 3, 4)]
    assert [(ln.doc_id, ln.start) for page in pages for ln in page] == \
        [(ln.doc_id, ln.start) for ln in everything]
    keys = [ln.left_word for ln in everything]
    assert keys == sorted(keys, key=lambda k: (k == "", k))


def test_cap_is_stated_when_it_cuts(research_searcher, monkeypatch):
    monkeypatch.setattr(conc, "MAX_LINES", 4)
    monkeypatch.setattr(conc, "_held", conc.OrderedDict())
    c = concordance(research_searcher, "وزير")
    assert c.occurrences == 4 and not c.complete
    cut = next(n for n in c.notes if n["code"] == "lines_cut")
    assert "4" in cut["en"] and "4" in cut["ar"] and cut["en"] in c.notices


def test_one_line_per_story(research_searcher):
    c = concordance(research_searcher, "وزير", per_story=True)
    # the four wire versions (wa1-wa4) are one story: one line for them, d1 and d2 one each
    assert c.line_count == len(c.lines) == 3 == c.stories
    assert len({ln.doc_id for ln in c.lines}) == 3 and sum(ln.doc_id.startswith("wa") for ln in c.lines) == 1
    assert c.occurrences == 11
    with pytest.raises(QueryError, match="per_story"):
        concordance(research_searcher, "وزير", per_story="maybe")


def test_collocations_rank_pairs_and_triples_as_rows(research_searcher):
    c = collocations(research_searcher, "وزير")
    rows = {x.word: x for x in c.collocates}
    assert rows["مستشفى الملك"].n == 2 and rows["مستشفى الملك"].together == 4
    assert rows["زيارته مستشفى الملك"].n == 3
    assert rows["مستشفى"].per_million == round(8 * 1_000_000 / c.tokens, 2)
    assert {x.n for x in collocations(research_searcher, "وزير", ngram="2").collocates} == {2}
    # no n-gram spans punctuation or an occurrence: "جدة - واس:" and "وزير الصحة" are not pairs
    assert not any("واس" in x.word.split() and "جدة" in x.word.split() for x in c.collocates)
    assert c.notes[0]["code"] == "docs_all" and not c.sample and c.read_documents == c.documents
    with pytest.raises(QueryError, match="ngram"):
        collocations(research_searcher, "وزير", ngram="4")


def test_collocations_sample_is_stated(research_searcher):
    c = collocations(research_searcher, "وزير", docs=2)
    assert c.sample and c.notes[0]["code"] == "docs_sample" and c.per_million is None
    assert "2" in c.notes[0]["ar"] and "6" in c.notes[0]["ar"]


def test_coverage_is_the_same_on_both_engines(research_searcher):
    assert research_searcher.coverage() == {
        "2015-07-21": {"Arab News": 1, "okaz": 1},
        "2015-07-22": {"Saudi Gazette": 1, "alriyadh": 1, "alyaum": 1},
        "2015-07-23": {"almadina": 1}, "2015-07-24": {"okaz": 1},
        "2015-07-25": {"Reuters": 1, "alriyadh": 1}, "2015-07-26": {"alyaum": 1, "okaz": 1}}


def test_coverage_flags_periods_without_documents():
    cov = coverage({"2015-07-21": {"a": 2, "b": 1}, "2015-07-24": {"a": 1}})
    assert cov["interval"] == "day" and cov["periods"] == ["2015-07-21", "2015-07-22", "2015-07-23", "2015-07-24"]
    assert cov["empty"] == ["2015-07-22", "2015-07-23"] and cov["documents"] == [3, 0, 0, 1]
    assert cov["sources"][0] == {"source": "a", "documents": 3, "counts": [2, 0, 0, 1], "missing": 2}
    assert coverage({})["periods"] == []


# -- the web: pages and JSON twins
@pytest.fixture(scope="module")
def client(research_index):
    from search_web import create_app
    return create_app({"INDEX": str(research_index)}).test_client()


def test_concordance_page_shows_and_edits_its_filters(client):
    html = client.get("/concordance?q=وزير&source=okaz&since=2015-07-01").get_data(as_text=True)
    assert 'name="since" value="2015-07-01"' in html and '<option value="okaz" selected' in html
    assert "/concordance?q=%D9%88%D8%B2%D9%8A%D8%B1&amp;since=2015-07-01" in html     # the chip drops source
    assert 'data-code="per_million"' in html and 'data-code="lines_cap"' in html
    english = client.get("/concordance?q=وزير", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "every line is read, sorted and exported up to" in english
    assert "تُقرأ كل السطور" in client.get("/concordance?q=وزير", headers={"Accept-Language": "ar"}).get_data(as_text=True)


def test_concordance_csv_has_every_line_in_the_sort_order(client):
    r = client.get("/api/concordance?q=وزير&sort=right&size=2&page=3&format=csv")
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    body = client.get("/api/concordance?q=وزير&sort=right&size=100").get_json()
    assert [(x["doc_id"], int(x["start"])) for x in rows] == [(ln["doc_id"], ln["start"]) for ln in body["lines"]]
    assert r.headers["X-Occurrences"] == "11" and r.headers["X-Complete"] == "true"
    assert body["occurrences"] == 11 and body["per_million"] > 0 and body["max_lines"] == conc.MAX_LINES
    assert {n["code"] for n in body["notes"]} >= {"lines_cap", "per_million"}


def test_collocations_csv_and_page(client):
    r = client.get("/api/collocations?q=وزير&format=csv&top=5")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.headers["X-Sample"] == "false"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["word"] == "مستشفى" and {"n", "per_million", "score"} <= set(rows[0])
    html = client.get("/collocations?q=وزير&docs=2", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "counted in a sample: the first 2 of 6" in html and 'data-code="docs_sample"' in html


def test_search_histogram_normalised_with_gaps(client):
    body = client.get("/api/search?q=وزير OR minister&op=or&source=okaz&interval=day&normalize=volume&size=0").get_json()
    t = body["timeline"]
    assert t["normalize"] == "volume" and t["gaps"] == ["2015-07-22", "2015-07-23", "2015-07-25"]
    rates = dict(zip([p["start"] for p in t["periods"]], t["series"][0]["per_1000"]))
    assert rates["2015-07-22"] is None and rates["2015-07-21"] == 1000.0
    html = client.get("/?q=وزير&source=okaz&interval=day&normalize=volume").get_data(as_text=True)
    assert 'class="gap"' in html and "2015-07-22, 2015-07-23, 2015-07-25" in html
    assert client.get("/api/search?q=x&normalize=weekly").get_json()["error"]["code"] == "normalize"


def test_search_histogram_split_by_a_facet(client):
    t = client.get("/api/search?q=وزير&split=source&interval=day&size=0").get_json()["timeline"]
    # وزير counts its translation (minister) too, as the search does
    assert {s["value"] for s in t["series"]} == {"okaz", "alriyadh", "alyaum", "almadina", "Arab News",
                                                 "Saudi Gazette", "Reuters"}
    assert sum(sum(s["counts"]) for s in t["series"]) == client.get("/api/search?q=وزير&size=0").get_json()["total"]
    html = client.get("/?q=وزير&split=source").get_data(as_text=True)
    assert 'class="legend"' in html and html.count('class="line s') == 7
    assert client.get("/api/search?q=x&split=colour").status_code == 400


def test_stats_coverage(client):
    st = client.get("/api/stats").get_json()
    assert st["coverage"]["interval"] == "day" and st["coverage"]["empty"] == []
    assert sum(s["documents"] for s in st["coverage"]["sources"]) == st["documents"]
    html = client.get("/stats").get_data(as_text=True)
    assert 'class="chart heatmap"' in html and html.count('class="row-label"') == 7


@pytest.mark.parametrize("q, exact", [("وزير", False), ("الوزير", True), ("وزار*", False), ("المصابين", False)])
def test_the_fast_scan_finds_the_same_lines_as_the_full_one(q, exact):
    """Arabic queries scan for candidate tokens (every spelling of the stem's letters, marks
    and tatweel between them) before analysing: the same lines as analysing every token."""
    words, prefixes = conc.query_words(q, exact=exact)
    finder = conc.candidate_finder(words, prefixes)
    assert finder is not None
    texts = [body for _, _, body, *_ in RECORDS] + [
        "قال وَزِيرُ الخارجية ووزيـــر الداخلية إن الوزراء والوزارة والمصابيـن وإلى الوزيرة؛ وزارة وزير2 x'وزير",
        "أكد الوزير—وزيرٌ سابق—أن ﺍﻟﻮﺯﻳﺮ (presentation forms) والوزير"]
    found = 0
    for text in texts:
        full = list(conc.lines_of(text, words, prefixes, 3, exact, {}))
        fast = list(conc.lines_of(text, words, prefixes, 3, exact, {}, finder))
        assert fast == full
        found += len(fast)
    assert found > 0
    assert conc.candidate_finder({"minist"}, []) is None       # English stems: the full scan
