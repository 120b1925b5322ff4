"""A query's work is bounded whatever its input (corpus/budget.py): names, prefixes and
wildcards share one budget of names, postings and scan time; what a bound left out is
said in a notice. The hostile inputs of issue 16: runs of one letter, many names."""
from __future__ import annotations

import pytest

from corpus import budget, querylang as ql
from corpus.budget import WorkBudget
from corpus.engines.whoosh import expand
from corpus.translate import transliterate, translate


@pytest.mark.parametrize("word", ["ا" * 100, "ع" * 60, "ببب", "عبدالرحمنعبدالرحمن"])
def test_runs_and_overlong_arabic_words_are_not_names(word):
    assert transliterate.to_latin(word) is None


@pytest.mark.parametrize("word", ["a" * 100, "Aaaron", "Schwarzeneggerschwarz"])
def test_runs_and_overlong_latin_words_are_not_names(word):
    assert transliterate.to_arabic(word) is None


@pytest.mark.parametrize("word", ["عبدالرحمن", "الحوثي", "نايف"])
def test_real_names_still_are(word):
    assert transliterate.to_latin(word) is not None
    assert transliterate.to_arabic("Schwarzenegger") is not None


def _matcher(asked):
    def words_matching(pattern, limit, work=None):
        asked.append(pattern)
        return []
    return words_matching


def test_names_per_query_are_capped_with_a_notice(monkeypatch):
    monkeypatch.setattr(budget, "NAMES", 3)
    asked, work = [], WorkBudget()
    q = " ".join(f"Name{chr(ord('b') + i)}ov" for i in range(6))
    translate(ql.parse(q).tree, words_matching=_matcher(asked), query=q, budget=work)
    assert len(asked) == 3
    assert any(n.startswith("not matched as names (at most 3 per query)") for n in work.notices())


def test_a_scan_past_the_deadline_is_reported_not_waited_for():
    def words_matching(pattern, limit, work=None):
        raise TimeoutError
    work = WorkBudget()
    done = translate(ql.parse("Zebari").tree, words_matching=words_matching, budget=work)
    assert done.translations == []
    assert work.notices() == ["the query took too long to expand; partly searched: Zebari"]


def test_the_regex_scan_stops_at_its_deadline():
    """The vocabulary scan runs the `regex` module with a timeout: a spent deadline raises
    (the pattern is one `re` backtracks over for minutes)."""
    import regex
    nasty = regex.compile("^(?:" + "[aeo]?(a|e|i|o|u|ai|ou)?" * 40 + ")$", regex.MULTILINE)
    text = "\n".join("a" * n + "b" for n in range(5, 60))
    with pytest.raises(TimeoutError):
        expand._scan(nasty, text, 0, len(text), deadline=0.0)


def test_postings_shares_split_what_is_left():
    work = WorkBudget(postings=100)
    assert work.postings_share(4) == 25
    work.spend_postings(70)
    assert work.postings_share(2) == 15 and work.postings_share(0) == 30


def test_one_letter_runs_search_fast_and_say_nothing_strange(news_searcher):
    """The query that froze the server: no name pattern, an answer, no error (both engines)."""
    for n in (60, 100, 500):
        res = news_searcher.search("ا" * n)
        assert res.total == 0 and res.translations == []


def test_many_names_in_one_query_are_bounded_on_both_engines(news_searcher, monkeypatch):
    monkeypatch.setattr(budget, "NAMES", 2)
    res = news_searcher.search(" ".join(["Zebarix", "Barzanix", "Talabanix", "Maliki"]), op="or")
    assert any(n.startswith("not matched as names") for n in res.notices)

