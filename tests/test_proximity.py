"""Proximity (corpus/engines/proximity.py): documents where the query's words stand close
together rank higher, on both engines, by the same rule and the same formula (each engine's
BM25 as for the keyword score)."""
from __future__ import annotations

import json

import pytest

from corpus import querylang as ql
from corpus.analysis.analyzer import analyze_tokens, terms
from corpus.engines import proximity

from conftest import corpus_fixtures

# A name in an article, and line-ups and rosters holding the same words apart, more often
# and in shorter texts: keyword scores alone put them first.
DOCS = [
    ("saleh", "خطاب في صنعاء",
     "قال الرئيس اليمني السابق علي عبدالله صالح إن الحوار هو الطريق الوحيد لإنهاء الأزمة "
     "في البلاد وإن حزبه مستعد للمشاركة في الحكومة المقبلة وأكد أن الجيش سيبقى على الحياد "
     "في هذه المرحلة الصعبة من تاريخ اليمن"),
    ("lineup", "تشكيلة المباراة",
     "علي عبدالله حارس المرمى ثم فهد سالم وماجد خالد وصالح ناصر وسعد تركي وراشد منصور "
     "وعلي عبدالله يوسف ونايف حمد وبندر فيصل وصالح ياسر في الهجوم"),
    ("ar-other", "أسعار النفط", "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج"),
    ("ar-other2", "الطقس", "أمطار غزيرة على مناطق واسعة من المملكة مع انخفاض درجات الحرارة"),
    ("jubeir", "Talks in Riyadh",
     "Foreign Minister Adel al-Jubeir told reporters in Riyadh that the kingdom supports the "
     "political process in Yemen and expects the talks to resume next month after the holiday"),
    ("roster", "Match roster",
     "Adel Hassan in goal, Omar Farouk, Sami Nasser and Khaled Youssef in defence, then Jubeir "
     "Mansour, Fahd Salem and Majed Saad in midfield; on the bench Adel Karim, Nasser Omar, "
     "Salem Fahd, Hamad Saleh, Youssef Sami, Khaled Majed and Jubeir Hamad"),
    ("en-other", "Oil prices rise", "Oil prices rose on world markets after OPEC decided to cut production"),
    ("en-other2", "Weather", "Heavy rain over wide areas of the kingdom as temperatures fall"),
]
CASES = [("علي عبدالله صالح", "saleh", "lineup"), ("Adel Jubeir", "jubeir", "roster")]


def write_docs(folder):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "prox.jsonl").open("w", encoding="utf-8") as f:
        for id_, title, body in DOCS:
            f.write(json.dumps({"id": id_, "title": title, "content": body, "date": "2015-05-01"},
                               ensure_ascii=False) + "\n")


prox_src, prox_index, prox_opensearch, prox_searcher = corpus_fixtures("prox", write_docs)


@pytest.fixture
def no_proximity(monkeypatch):
    monkeypatch.setattr(proximity, "MAX_PAIRS", 0)


def ranks(searcher, q, **kw):
    res = searcher.search(q, size=10, facets=(), snippets=False, translate="off", **kw)
    return [h.id for h in res.hits], {h.id: h.score for h in res.hits}


# -- which words pair up
def test_pairs_are_the_typed_words_next_to_or_one_apart_in_order():
    # علي normalises to the stopword على: no position of its own
    assert proximity.pairs(ql.parse("علي عبدالله صالح").tree) == (tuple(terms("عبدالله صالح")),)
    a, b, c, d = terms("محمد نايف ولي العهد")
    assert proximity.pairs(ql.parse("محمد بن نايف ولي العهد").tree) == \
        ((a, "بن"), (a, b), ("بن", b), ("بن", c), (b, c), (b, d), (c, d))
    assert proximity.pairs(ql.parse("Interior Ministry officials", "or").tree) == \
        (("interior", "ministri"), ("interior", "offici"), ("ministri", "offici"))
    # stopwords are no positions; a repeated stem pairs once, where it first stands
    assert proximity.pairs(ql.parse("the king of Saudi king").tree) == (("king", "saudi"),)
    assert len(proximity.pairs(ql.parse(" ".join(f"z{a}{b}" for a in "abcdef" for b in "abcde")).tree)) == proximity.MAX_PAIRS


def test_negated_fielded_phrased_and_translated_words_do_not_pair():
    tree = ql.Alternatives((ql.Word("ministry"), ql.Word("وزارة", None, 0.9)))
    assert proximity.stems(ql.And((ql.Word("interior"), tree))) == ["interior", "ministri"]
    for q in ("king NOT salman", "title:king salman", '"king salman" visit', "king* salman"):
        assert proximity.pairs(ql.parse(q).tree) == (), q


def test_near_within_slop_either_order():
    assert proximity.near([3], [3 + proximity.SLOP + 1]) and proximity.near([9], [5])
    assert not proximity.near([0, 20], [0 + proximity.SLOP + 2, 40])
    assert not proximity.near([], [1])


# -- ranking, on both engines
@pytest.mark.parametrize("q, about, apart", CASES)
def test_the_words_together_rank_first(prox_searcher, q, about, apart):
    ids, _ = ranks(prox_searcher, q)
    assert ids.index(about) < ids.index(apart)
    ids, _ = ranks(prox_searcher, q, op="or")
    assert ids.index(about) < ids.index(apart)


@pytest.mark.parametrize("q, about, apart", CASES)
def test_without_proximity_the_words_apart_rank_first(prox_searcher, no_proximity, q, about, apart):
    """The cases above fail without the bonus: keyword scores prefer the line-ups."""
    ids, _ = ranks(prox_searcher, q)
    assert ids.index(apart) < ids.index(about)


def test_a_translated_name_query_still_ranks_the_name_first(prox_searcher):
    res = prox_searcher.search("علي عبدالله صالح", size=10, facets=(), snippets=False)
    ids = [h.id for h in res.hits]
    assert ids.index("saleh") < ids.index("lineup")


@pytest.fixture(scope="module")
def pair(prox_index, prox_opensearch):
    from corpus.engines import open_searcher
    return open_searcher("whoosh", prox_index), open_searcher("opensearch", prox_opensearch)


@pytest.mark.parametrize("q", ["علي عبدالله صالح", "Adel Jubeir", "الرئيس اليمني السابق",
                               "Foreign Minister Riyadh", "أسعار النفط الأسواق", "rain kingdom temperatures"])
def test_same_bonus_rule_and_formula_on_both_engines(pair, monkeypatch, q):
    """Each engine: score - keyword score = WEIGHT * (body score of a + body score of b)
    summed over the pairs near in the document (its own BM25, as `body:a` scores); the same
    documents get it, and both engines rank alike."""
    orders = []
    for searcher in pair:
        ids, scores = ranks(searcher, q, op="or")
        with monkeypatch.context() as m:
            m.setattr(proximity, "MAX_PAIRS", 0)
            _, keyword = ranks(searcher, q, op="or")
        doc = {d: searcher.document(d)["body"] for d in ids}
        expected = {}
        word = {terms(w)[0]: w for w in q.split() if terms(w)}
        for a, b in proximity.pairs(ql.parse(q, "or").tree):
            _, sa = ranks(searcher, f"body:{word[a]}")
            _, sb = ranks(searcher, f"body:{word[b]}")
            for d in ids:
                positions = _positions(doc[d])
                if d in sa and d in sb and proximity.near(positions[a], positions[b]):
                    expected[d] = expected.get(d, 0.0) + proximity.WEIGHT * (sa[d] + sb[d])
        for d in ids:
            assert scores[d] - keyword[d] == pytest.approx(expected.get(d, 0.0), abs=5e-4), (searcher.engine, d)
        assert expected, "a case with no near pair tests nothing"
        orders.append(ids)
    assert orders[0] == orders[1]


def _positions(text: str) -> dict[str, list[int]]:
    """stem -> its positions in a text, stopwords not counted (as both indexes hold them)."""
    out: dict[str, list[int]] = {}
    for i, (_, stem, _, _) in enumerate(analyze_tokens(text)):
        out.setdefault(stem, []).append(i)
    return out


@pytest.mark.parametrize("q, op", [("علي عبدالله صالح", "and"), ("Adel Jubeir Riyadh", "or"),
                                   ("أسعار النفط OR الطقس", "and")])
def test_only_the_order_changes(prox_searcher, monkeypatch, q, op):
    """Matches, totals and facets are the keyword query's."""
    def run():
        res = prox_searcher.search(q, op=op, size=50, snippets=False)
        return res.total, {h.id for h in res.hits}, {f: [(v.value, v.count) for v in vs] for f, vs in res.facets.items()}
    with_pairs = run()
    monkeypatch.setattr(proximity, "MAX_PAIRS", 0)
    assert run() == with_pairs



@pytest.mark.parametrize("q, about, apart", CASES)
def test_a_short_page_shows_the_same_first_hits(prox_searcher, q, about, apart):
    """Whoosh rescores only the documents that could reach the page shown: the first hits
    and their scores are those of a longer page."""
    res = prox_searcher.search(q, size=10, facets=(), snippets=False, translate="off")
    longer = [(h.id, h.score) for h in res.hits]
    assert longer[0][0] == about
    for size in (1, 2):
        res = prox_searcher.search(q, size=size, facets=(), snippets=False, translate="off")
        assert [(h.id, h.score) for h in res.hits] == longer[:size]
