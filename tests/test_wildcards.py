"""Wildcards and prefixes: expanded against the vocabulary with a cap (corpus/expand.py),
`*` and `field:*` as every document, all on the fast path; notices when the cap cuts."""
from __future__ import annotations

import pytest

from conftest import write_news
from corpus import budget
from corpus.engines.whoosh import expand, fastsearch
from corpus.indexer import index_paths
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus

WORDS = [f"kurdx{a}{b}" for a in "bcd" for b in "fgkm"]      # 12 words; word i in i + 1 docs


@pytest.fixture(scope="module")
def wild(tmp_path_factory):
    base = tmp_path_factory.mktemp("wild")
    rows = []
    for i, word in enumerate(WORDS):
        for j in range(i + 1):
            rows.append((f"d{i}-{j}", f"report {i}", f"{word} near the river", "2020-01-01",
                         "Reuters", "Erbil"))
    rows.append(("plain", "nothing", "the river only", "2020-01-02", "Reuters", "Erbil"))
    index_paths(base / "index", [str(write_news(base / "src", rows))])
    return Corpus(base / "index")


def docs_with(words):
    return sum(WORDS.index(w) + 1 for w in words)


def test_prefix_expands_to_every_word_under_the_cap(wild):
    res = wild.search("kurdx*", size=100)
    assert res.total == docs_with(WORDS) and res.notices == []


def test_cap_keeps_the_most_frequent_words_and_says_so(wild, monkeypatch):
    monkeypatch.setattr(expand, "MAX_EXPANSIONS", 5)
    res = wild.search("kurdx*", size=100)
    assert res.total == docs_with(WORDS[-5:])
    assert len(res.notices) == 1 and "kurdx*" in res.notices[0] and "12 words" in res.notices[0]
    assert wild.search("kurdxb*").notices == []         # 4 words: under the cap


def test_postings_budget_caps_too(wild, monkeypatch):
    monkeypatch.setattr(budget, "POSTINGS", 25)
    res = wild.search("kurdx*", size=100)
    kept = [k for k in range(1, len(WORDS)) if res.total == docs_with(WORDS[-k:])]
    assert kept and res.total < docs_with(WORDS) and res.notices    # the most frequent first


def test_prefixes_of_one_query_share_the_budget(wild, monkeypatch):
    """Many prefixes do not each get the whole budget: a query's expansions hold at most
    about POSTINGS in all, and each prefix keeps at least its most frequent word."""
    monkeypatch.setattr(budget, "POSTINGS", 30)
    q = " OR ".join(f"kurdx{a}*" for a in "bcd")
    res = wild.search(q, size=100)
    assert res.total <= 30 + 3 * 12 and len(res.notices) == 3
    for a in "bcd":         # every prefix still finds its most frequent word
        best = max((w for w in WORDS if w.startswith(f"kurdx{a}")), key=WORDS.index)
        assert wild.search(best).total <= res.total
        assert any(h.id.startswith(f"d{WORDS.index(best)}-") for h in res.hits)


def test_too_many_prefixes_are_searched_as_words(wild):
    res = wild.search(" OR ".join(f"kurdx{a}{b}*" for a in "bcd" for b in "fgkm" * 2)[:400])
    assert any("more than 16 prefixes or wildcards" in n for n in res.notices)


def test_runs_of_stars_and_question_marks_are_one_pattern(wild):
    assert expand.canonical_wildcard("k*?*?dx*") == "k??*dx*"
    assert wild.search("k" + "*" * 100 + "?*?dxdm").total == docs_with(["kurdxdm"])


def test_wildcards_anywhere(wild):
    assert wild.search("*xbf").total == docs_with(["kurdxbf"])
    assert wild.search("kurdx?f").total == docs_with(["kurdxbf", "kurdxcf", "kurdxdf"])
    assert wild.search("*x?m").total == docs_with(["kurdxbm", "kurdxcm", "kurdxdm"])
    assert wild.search("k*dxdm").total == docs_with(["kurdxdm"])
    assert wild.search("*zzz*").total == 0


@pytest.mark.parametrize("q", ["*", "body:*", "title:*", "exact:*", "id:*", "* river"])
def test_star_is_every_document_on_the_fast_path(wild, q):
    s = wild.searcher()
    assert fastsearch.compile(wild.parse(q, "and", searcher=s), s.schema) is not None
    assert wild.search(q).total == len(list(s.reader().all_doc_ids()))


def test_expanded_queries_rank_and_export(wild):
    res = wild.search("kurdx* river", size=5, sort="relevance")
    assert res.total == docs_with(WORDS) and all(h.score for h in res.hits)
    assert len(list(wild.export("kurdx*"))) == docs_with(WORDS)
    assert wild.search("kurdx*", sort="-date").hits[0].score is None


def test_proclitic_prefix_variants_still_work(news_index):
    c = Corpus(news_index)
    ids = {h.id for h in c.search("بيشمر*", size=50).hits}
    assert "ar2" in ids and c.search("بيشمر*").notices == []


def test_notices_reach_api_page_and_cli(wild, monkeypatch):
    from search_web import create_app
    monkeypatch.setattr(expand, "MAX_EXPANSIONS", 3)
    client = create_app({"INDEX": str(wild.directory)}).test_client()
    body = client.get("/api/search?q=kurdx*").get_json()
    assert body["notices"] and "kurdx*" in body["notices"][0]
    page = client.get("/?q=kurdx*").get_data(as_text=True)
    assert 'class="notice"' in page and "kurdx*" in page
    from click.testing import CliRunner
    from corpus.cli import main
    r = CliRunner().invoke(main, ["search", "kurdx*", "--index", str(wild.directory), "--json"])
    assert r.exit_code == 0 and "only the most frequent" in r.output


@pytest.mark.parametrize("q, expected", [("place:*", "all"), ("url:*", "all"), ("author:*", 0),
                                         ("source:* kurdxbf", 1)])
def test_field_star_of_metadata_is_the_documents_with_a_value(wild, q, expected):
    s = wild.searcher()
    assert fastsearch.compile(wild.parse(q, "and", searcher=s), s.schema) is not None
    total = len(list(s.reader().all_doc_ids())) if expected == "all" else expected
    assert wild.search(q).total == total == len(list(wild.export(q)))
    slow = Corpus(wild.directory, fast=False)
    assert slow.search(q).total == total


def test_transliteration_patterns_matched_slot_by_slot_as_the_regex_matches():
    """Few candidate words are matched without compiling the pattern: the same words."""
    import itertools
    import re

    from corpus.translate import transliterate
    names = ["محمد", "نايف", "الغاب", "تركي", "صالح", "عبدالله", "Mohammed", "Nasrallah",
             "Velayati", "Hollande", "Isa", "Schwarzenegg"]
    patterns = [p for n in names for p in (transliterate.to_latin(n), transliterate.to_arabic(n),
                                           transliterate.to_arabic(n, loose=True)) if p]
    assert len(patterns) > 10
    words = ["mohammed", "muhammad", "mhmd", "mohamad", "naif", "nayef", "nif", "ghab",
             "alghab", "turki", "torky", "salih", "saleh", "abdullah", "abdallah", "محمد",
             "المحمدي", "نصرالله", "ولايتي", "هولاند", "عيسى", "عيسي", "شوارزنيغ", "ناصر"]
    words += ["".join(t) for t in itertools.product("ahmdk", repeat=4)]
    for p in patterns:
        slots = expand.pattern_slots(p.regex)
        assert slots is not None, p.regex
        for w in words:
            assert expand.slots_fit(slots, w) == (re.fullmatch(p.regex, w) is not None), (p.regex, w)
    assert sum(expand.slots_fit(expand.pattern_slots(p.regex), w) for p in patterns for w in words) > 5
    for other in ("a.b", "a*", "(a(b))", "[a-z]", "a{2}", "a|b", "(a|)"):
        assert expand.pattern_slots(other) is None
