"""Errors carry a code (issue 17): one table, corpus/messages.py, holds each code's English
and Arabic; every QueryError the code raises names a code of the table, and the table has
no code nobody raises."""
from __future__ import annotations

import ast
import pickle
import re
import string
from pathlib import Path

import pytest

from corpus.errors import QueryError
from corpus.messages import MESSAGES
from corpus.request import SearchRequest

ROOT = Path(__file__).resolve().parents[1]
ARABIC = re.compile(r"[\u0600-\u06ff]")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_english_and_arabic(code):
    english, arabic = MESSAGES[code]
    assert english.strip() and not ARABIC.search(english)
    assert ARABIC.search(arabic)
    # the Arabic fills in only what the English has (name_ar: the name in Arabic)
    assert fields(arabic) <= fields(english) | {"name_ar"}


CODED = ("QueryError", "Notice", "SyntaxProblem")      # the calls that take a code of the table


def raised_codes() -> set[str]:
    """The first argument of every QueryError(...), Notice(...) and SyntaxProblem(...) in the
    source, and the cluster limits' codes."""
    codes = set()
    for path in [*ROOT.glob("corpus/**/*.py"), *ROOT.glob("search_web/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in CODED:
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant):
                    codes.add(first.value)
                else:           # a computed code: the cluster's limits (LIMITS' values), a syntax problem's
                    assert ast.unparse(first) in ("os_client.limit_reached(e)", "e.code"), (path, ast.unparse(node))
    from corpus.engines.opensearch.client import LIMITS
    return codes | set(LIMITS.values())


def test_every_raised_code_is_in_the_table_and_every_code_is_raised():
    codes = raised_codes()
    assert codes - set(MESSAGES) == set()
    assert set(MESSAGES) - codes == set()


@pytest.mark.parametrize("kwargs, code, english, arabic", [
    ({"sort": "best"}, "unknown_sort", "unknown sort 'best'; use one of relevance, date, -date",
     "ترتيب غير معروف \u2068'best'\u2069؛ الخيارات: \u2068relevance, date, -date\u2069"),
    ({"since": "2019-13-01"}, "date", "since must be an ISO date (YYYY-MM-DD), got '2019-13-01'",
     "\u2068تاريخ البداية (من)\u2069 يجب أن يكون تاريخاً بصيغة YYYY-MM-DD (مثل 2019-05-17)، وليس \u2068'2019-13-01'\u2069"),
    ({"page": 0}, "out_of_range", "page must be between 1 and 10,000", "\u2068page\u2069 يجب أن يكون بين 1 و10,000"),
    ({"q": "\ud800"}, "not_text", "the query is not valid text: a lone surrogate (U+D800) at character 1",
     "النص غير صالح: محرف بديل منفرد (U+D800) عند الحرف 1"),
])
def test_a_query_error_is_english_text_with_its_arabic_by_code(kwargs, code, english, arabic):
    with pytest.raises(QueryError) as e:
        SearchRequest.build(**kwargs)
    assert (e.value.code, str(e.value), e.value.arabic()) == (code, english, arabic)
    again = pickle.loads(pickle.dumps(e.value))      # between processes
    assert (again.code, again.params, str(again)) == (code, e.value.params, english)


@pytest.mark.parametrize("query, code, english, arabic", [
    ('"unclosed', "unbalanced_quote", 'searched as plain words: unbalanced quote: every " needs a closing "',
     'بُحث ككلمات عادية: علامة تنصيص " بلا إغلاق'),
    ("date:2019-02-30", "no_such_day", "searched as plain words: not a date: '2019-02-30' (no such day)",
     "بُحث ككلمات عادية: تاريخ غير صالح \u2068'2019-02-30'\u2069 (لا يوجد هذا اليوم)"),
    ("colour:red", "unknown_field", None, None),
])
def test_a_notice_is_english_text_with_a_code_for_either_language(query, code, english, arabic):
    from corpus import querylang
    from corpus.messages import say
    notice = querylang.parse(query).notices[0]
    assert notice.code == code and ARABIC.search(say(notice, "ar")) and say(notice, "en") == notice
    if english:
        assert (str(notice), say(notice, "ar")) == (english, arabic)
    again = pickle.loads(pickle.dumps(notice))      # between processes
    assert (again.code, again.params, again) == (notice.code, notice.params, notice)


def test_a_text_value_is_set_apart_from_the_arabic_around_it():
    """An English word inside an Arabic message sits between U+2068 and U+2069 (first-strong
    isolate): its colon stays on its own side, and numbers are left as they are."""
    from corpus.messages import Notice, say
    ar = say(Notice("untranslated_optional", words="Rural"), "ar")
    assert ar.startswith("بُحث دون \u2068Rural\u2069:")
    assert say(Notice("untranslated_optional", words="Rural"), "en").startswith("searched without Rural:")


def test_text_without_a_code_is_said_as_it_is():
    from corpus.messages import say
    assert say("index ./index not found", "ar") == "index ./index not found"
