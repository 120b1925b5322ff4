"""The token store (corpus/research/tokens.py) gives the research views exactly what reading
the texts through the seam gives: every concordance line, total, order and page, every
collocate and key term, on both engines (CORPUS_RESEARCH_STORE=off is the seam path)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import corpus_fixtures
from conftest_research import RECORDS, research_index, research_opensearch, research_searcher, research_src  # noqa: F401
from corpus.research import collocations as colloc, concordance as conc, tokens

# hard texts: punctuation runs, apostrophes (TOKEN joins Latin parts there), presentation
# forms and marks, tatweel, numbers, the keyword first and last, the same story twice
TRICKY = [
    ("t1", "وزير", "وزير، الصحة!! قال: «الوزير» (وزير) وزيرا... ثم 2015 وزير", "2015-07-21", "عكاظ", "ar"),
    ("t2", "ﻻ وزير", "ﻻ يزال الوزيـــر يقول إن وَزِيرَ الصحة والوزير السابق وزير", "2015-07-22", "اليوم", "ar"),
    ("t3", "Minister's day", "The minister's aide said ministers' O'Brien met the Minister; minister-led talks.",
     "2015-07-23", "Arab News", "en"),
    ("t4", "وزير", "وزير", "2015-07-24", "عكاظ", "ar"),
    ("t5", "empty", "", "2015-07-24", "عكاظ", "ar"),
    ("t6", "الرياض", "في الرياض والرياضة ورياض الأطفال، الرياض: وزير النفط وزير الطاقة وزير النفط السعودي",
     "2015-07-25", "الرياض", "ar"),
    ("t7", "الرياض", "في الرياض والرياضة ورياض الأطفال، الرياض: وزير النفط وزير الطاقة وزير النفط السعودي",
     "2015-07-25", "عكاظ", "ar"),
] + [(f"r{i}", t, b, d, s, lang) for i, (_, t, b, d, s, lang) in enumerate(RECORDS)]


def write_tricky(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tricky.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for id_, title, body, date, source, lang in TRICKY:
            f.write(json.dumps({"id": id_, "title": title, "content": body, "date": date,
                                "source": source, "lang": lang}, ensure_ascii=False) + "\n")
    return path


tricky_src, tricky_index, tricky_opensearch, tricky_searcher = corpus_fixtures("tricky", write_tricky)

QUERIES = ["وزير", "الوزير", "الرياض", "رياض*", '"وزير النفط"', "minister", "minister's", "O'Brien",
           "وزير -النفط", "الصحة OR الطاقة", "لا", "2015", "nothing_here"]


def _both(monkeypatch, run):
    """(seam path, store path) results of run()."""
    out = []
    for mode in ("off", "on"):
        monkeypatch.setenv(tokens.SWITCH, mode)
        conc._held.clear()
        out.append(run())
    return out


def _concordance(searcher, q, **kw):
    d = conc.as_dict(conc.concordance(searcher, q, **kw))
    d.pop("took_ms")
    return d


@pytest.mark.parametrize("q", QUERIES)
def test_concordance_from_the_store_equals_reading_the_texts(tricky_searcher, monkeypatch, q):
    for exact in (False, True):
        for sort in conc.SORTS:
            for per_story in (False, True):
                old, new = _both(monkeypatch, lambda: _concordance(
                    tricky_searcher, q, exact=exact, sort=sort, per_story=per_story, size=3, page=2, width=3))
                assert new == old, (q, exact, sort, per_story)
                everything = _both(monkeypatch, lambda: _concordance(
                    tricky_searcher, q, exact=exact, sort=sort, per_story=per_story, all_lines=True))
                assert everything[1] == everything[0]


def test_the_store_path_is_taken_and_finds_lines(tricky_searcher, monkeypatch):
    monkeypatch.setenv(tokens.SWITCH, "on")
    conc._held.clear()
    c = conc.concordance(tricky_searcher, "وزير", sort="left")
    held = next(v for v in conc._held.values() if isinstance(v, conc._Indexed))
    assert held.occurrences == c.occurrences > 10
    assert [ln.keyword for ln in c.lines].count("وزير") >= 5


def test_filters_and_dates_on_both_paths(tricky_searcher, monkeypatch):
    for kw in ({"filters": {"source": ["عكاظ"]}}, {"since": "2015-07-23"}, {"filters": {"lang": ["en"]}}):
        old, new = _both(monkeypatch, lambda: _concordance(tricky_searcher, "وزير OR minister", sort="right", **kw))
        assert new == old and old["occurrences"], kw


def test_research_corpus_concordance_on_both_paths(research_searcher, monkeypatch):
    for q in ("وزير", "الصحة", "oil", "المصابين"):
        old, new = _both(monkeypatch, lambda: _concordance(research_searcher, q, sort="left", per_story=True))
        assert new == old


def _collocations(searcher, q, **kw):
    d = colloc.as_dict(colloc.collocations(searcher, q, **kw))
    d.pop("took_ms")
    return d


@pytest.mark.parametrize("q", ["وزير", "الرياض", "minister", "رياض*", '"وزير النفط"', "nothing_here"])
def test_collocations_from_the_store_equal_reading_the_texts(tricky_searcher, research_searcher, monkeypatch, q):
    for searcher in (tricky_searcher, research_searcher):
        for kw in ({}, {"window": 2, "ngram": "2"}, {"exact": True, "ngram": "3"}, {"docs": 3, "top": 200}):
            old, new = _both(monkeypatch, lambda: _collocations(searcher, q, **kw))
            assert new == old, (q, kw)


def test_a_stale_store_falls_back_to_the_texts(tricky_searcher, monkeypatch):
    """A store lacking a matching document (the index changed while it was built) is not used."""
    monkeypatch.setenv(tokens.SWITCH, "on")
    conc._held.clear()
    store = conc.token_store(tricky_searcher)
    assert store.numbers(["t1", "no-such-document"]) is None
    monkeypatch.setattr(store, "index", {k: v for k, v in store.index.items() if k != "t1"})
    c = conc.concordance(tricky_searcher, "وزير")
    assert any(isinstance(v, conc._Read) for v in conc._held.values())
    assert "t1" in {ln.doc_id for ln in c.lines}
