"""The query language: one rule, one case; bad syntax is searched as plain words."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from whoosh import query

from corpus import querylang as ql
from corpus.engines.whoosh.compile import compile_tree
from corpus.engines.whoosh.schema import build_schema

W, P = ql.Word, ql.Phrase

CASES = [
    ("البيشمركة الجيش", ql.And((W("البيشمركة"), W("الجيش")))),
    ('"غرف عمليات مشتركة"', P(("غرف", "عمليات", "مشتركة"))),
    ("a OR b", ql.Or((W("a"), W("b")))),
    ("a b OR c", ql.And((W("a"), ql.Or((W("b"), W("c")))))),
    ("a OR b AND c", ql.Or((W("a"), ql.And((W("b"), W("c")))))),
    ("NOT a", ql.Not(W("a"))),
    ("(a OR b) c", ql.And((ql.Or((W("a"), W("b"))), W("c")))),
    ("title:كركوك", W("كركوك", "title")),
    ('source:"Al Jazeera"', P(("Al", "Jazeera"), "source")),
    ('title:(a "b c")', ql.And((W("a", "title"), P(("b", "c"), "title")))),
    ("بيشمر*", ql.Prefix("بيشمر")),
    ("k?rd*", ql.Wildcard("k?rd*")),
    ("*", ql.All()),
    ("body:*", ql.All()),
    ("place:*", ql.Wildcard("*", "place")),
    ("date:[2019-01-01 TO 2019-06-30]", ql.DateRange(dt.date(2019, 1, 1), dt.date(2019, 6, 30))),
    ("date:2019-02", ql.DateRange(dt.date(2019, 2, 1), dt.date(2019, 2, 28))),
    ("date:[2019 TO]", ql.DateRange(dt.date(2019, 1, 1), None)),
    ("date:[TO 2019]", ql.DateRange(None, dt.date(2019, 12, 31))),
    ("http://example.com/a", W("http://example.com/a")),
    ("{Mosul}", W("{Mosul}")),                 # braces are not syntax: a pasted title works
]


@pytest.mark.parametrize("text, tree", CASES)
def test_parse(text, tree):
    parsed = ql.parse(text)
    assert parsed.tree == tree
    assert parsed.notices == []


def test_op_or_joins_words_with_or():
    assert ql.parse("a b", "or").tree == ql.Or((W("a"), W("b")))


@pytest.mark.parametrize("text, words", [
    ('Iraq "Kurdistan', ["Iraq", "Kurdistan"]),             # unclosed quote
    ("Kirkuk (oil", ["Kirkuk", "oil"]),                     # unclosed (
    ("oil) price", ["oil", "price"]),                       # stray )
    ("NOT " * 120 + "x", ["x"]),                            # nested too deeply
    ("a AND", ["a"]),                                       # operator without operand
    ("date:[2020 TO 2019]", ["date:", "2020", "TO", "2019"]),  # backwards range
    ("date:yesterday", ["date:yesterday"]),
])
def test_invalid_syntax_is_searched_as_plain_words_with_a_notice(text, words):
    parsed = ql.parse(text)
    assert parsed.notices and parsed.notices[0].startswith("searched as plain words")
    got = [leaf.text for leaf in ql.leaves(parsed.tree)]
    assert got == words


def test_unknown_field_is_a_word_with_a_notice():
    parsed = ql.parse("foo:bar")
    assert [leaf.text for leaf in ql.leaves(parsed.tree)] == ["foo:", "bar"]
    assert "unknown field 'foo'" in parsed.notices[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list('ab كرد()"[]{}*?:^-+ ') + ["AND", "OR", "NOT", "title:", "date:", "TO", "2019"]),
                max_size=40).map("".join))
def test_any_text_parses_to_a_tree(text):
    parsed = ql.parse(text)
    compile_tree(parsed.tree, build_schema())     # and every engine can compile it


def _xquad_questions():
    root = Path(__file__).resolve().parents[2] / "shared" / "data" / "xquad"
    out = []
    for lang in ("ar", "en"):
        f = root / f"xquad.{lang}.json"
        if f.exists():
            data = json.loads(f.read_text(encoding="utf-8"))
            out += [re.sub(r"[^\w\s]", " ", qa["question"]) for a in data["data"]
                    for p in a["paragraphs"] for qa in p["qas"]]
    return out


def test_whoosh_compilation_matches_whooshs_own_parser():
    """On every XQuAD question (and some operators), the tree compiles to the query Whoosh's
    MultifieldParser built before the seam: rankings stay as they were measured."""
    from whoosh import qparser
    from corpus.fields import FIELD_BOOSTS
    schema = build_schema()
    questions = _xquad_questions() or pytest.skip("../shared/data/xquad not found")
    extra = ["النفط OR الغاز NOT ايران", "a b OR c", "(a OR b) c", "title:كركوك body:نفط",
             "place:اربيل", '"غرف عمليات مشتركة"', "وزير الصحة"]
    for op, group in (("and", qparser.AndGroup), ("or", qparser.OrGroup)):
        parser = qparser.MultifieldParser(list(FIELD_BOOSTS), schema, fieldboosts=FIELD_BOOSTS, group=group)
        parser.remove_plugin_class(qparser.SingleQuotePlugin)
        for text in questions + extra:
            assert compile_tree(ql.parse(text, op).tree, schema, op) == parser.parse(text), text


def test_stopwords_only_match_nothing():
    assert compile_tree(ql.parse("من في على").tree, build_schema()) is query.NullQuery
