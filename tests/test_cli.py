"""The `corpus search` and `corpus stats` commands."""
from __future__ import annotations

import subprocess
import sys

import orjson

CLI = [sys.executable, "-m", "corpus"]


def run(*args):
    return subprocess.run(CLI + list(args), capture_output=True, text=True)


def test_search_json(news_index):
    r = run("search", "البيشمركة", "--index", str(news_index), "--json", "--limit", "2")
    data = orjson.loads(r.stdout)
    assert r.returncode == 0 and data["total"] == 4 and len(data["results"]) == 2   # + Peshmerga
    assert "<mark>" in data["results"][0]["snippet"]
    assert "also searched: \u2068البيشمركة\u2069 -> \u2068peshmerga\u2069" in r.stderr
    r = run("search", "البيشمركة", "--index", str(news_index), "--json", "--translate", "off")
    assert orjson.loads(r.stdout)["total"] == 3 and "also searched" not in r.stderr


def test_search_text_is_rtl_safe(news_index):
    r = run("search", "oil", "--index", str(news_index), "--lang", "en")
    assert r.returncode == 0 and r.stdout.startswith("1 results")
    assert "\u2068Oil prices rise after OPEC cut\u2069" in r.stdout     # isolated for bidi
    assert "[[Oil]]" in r.stdout and "«" not in r.stdout                # match marked without a tty


def test_snippets_are_one_line_and_quotes_stay_quotes():
    """Issue 20: « » are the text's own quotation marks, not hit markers; no blank lines."""
    from corpus.cli import _plain
    text = _plain("لقوات «<mark>البيشمركة</mark>»،\n\n وقال &amp; أضاف", tty=False)
    assert text == "لقوات «[[البيشمركة]]»، وقال & أضاف"


def test_search_filters_and_dates(news_index):
    r = run("search", "", "--index", str(news_index), "--json", "--source", "Reuters",
            "--since", "2019-03-01", "--until", "2019-12-31")
    # رويترز and Reuters are one outlet (corpus/metadata)
    assert [h["id"] for h in orjson.loads(r.stdout)["results"]] == ["ar3", "en3"]


def test_search_errors_are_one_line(news_index):
    r = run("search", '"unclosed', "--index", str(news_index))
    assert r.returncode == 0 and "searched as plain words: unbalanced quote" in r.stderr
    assert "Traceback" not in r.stderr
    r = run("search", "x", "--index", str(news_index), "--since", "May")
    assert r.returncode == 1 and "ISO date" in r.stderr
    r = run("search", "x", "--index", str(news_index) + "-missing")
    assert r.returncode == 1 and "no index" in r.stderr


def test_stats(news_index):
    r = run("stats", "--index", str(news_index), "--json")
    st = orjson.loads(r.stdout)
    assert st["documents"] == 10 and st["lang"] == {"ar": 7, "en": 3} and st["year"]["2019"] == 5
    r = run("stats", "--index", str(news_index))
    assert "10 documents" in r.stdout and "Anadolu" in r.stdout      # outlet ids (corpus/metadata)
