"""Forgiving search (corpus/suggest): distance rules, variants and did-you-mean on both engines."""
from __future__ import annotations

import json

import pytest

from corpus.indexer import index_paths
from corpus.suggest import distance, variants, words
from conftest import ENGINES, opensearch_name

# -- the distance: one rule per case --------------------------------------------------------


@pytest.mark.parametrize("a, b, cost", [
    ("النفظ", "النفط", distance.CONFUSION),       # ظ/ط
    ("الرياظ", "الرياض", distance.CONFUSION),     # ظ/ض
    ("سنعاء", "صنعاء", distance.CONFUSION),       # س/ص
    ("تهران", "طهران", distance.CONFUSION),       # ت/ط
    ("الارحاب", "الارهاب", distance.CONFUSION),   # ح/ه
    ("البشمركه", "البيشمركه", distance.VOWEL),     # a long vowel
    ("وزيرالصحه", "وزير الصحه", distance.SPACE),   # a space
    ("الوزارء", "الوزراء", distance.SWAP),        # neighbours swapped
    ("النفك", "النفط", distance.KEY),             # ك is next to ط on the keyboard
    ("الحوثيبن", "الحوثيين", distance.CONFUSION), # ب/ي: the same shape, other dots
    ("parliment", "parliament", distance.VOWEL),  # English: a vowel left out
    ("اعدم", "عدم", distance.EDIT),               # a first alef is no long vowel
    ("النفر", "النفط", distance.EDIT),            # anything else
    ("النفط", "النفط", 0.0),
])
def test_distance(a, b, cost):
    assert distance.distance(a, b) == pytest.approx(cost)


def test_vowel_forms_leave_short_words_and_edges_alone():
    assert "البيشمركه" in variants.vowel_forms("البشمركه")
    assert variants.vowel_forms("الامير") == set()          # امير/امر are different words
    assert not any(f.endswith("يه") for f in variants.vowel_forms("الحكومه"))


def test_head_split():
    assert variants.head_split("عبدالعزيز") == "عبد العزيز"
    assert variants.head_split("ابوظبي") == "ابو ظبي"
    assert variants.head_split("عبد") == ""


def test_surface_keeps_the_users_letters():
    assert words.surface("الصحه", "الصحة") == "الصحة"
    assert words.surface("النفط", "النفظ") == "النفط"
    assert words.surface("اسعار", "أسعار") == "أسعار"


def test_only_bare_words_are_touched():
    toks = words.tokens('سلمن place:اربيل "a b" x* AND y')
    assert [(t.text, t.kind, t.field) for t in toks] == [
        ("سلمن", "word", None), ("place", "field", None), ("اربيل", "word", "place"),
        ('"a b"', "other", None), ("x*", "other", None), ("AND", "other", None), ("y", "word", None)]


# -- a small corpus whose vocabulary has a frequent word, its typo, and variant spellings ----

def _records():
    rows = []
    for i in range(25):
        rows.append(f"ارتفعت اسعار النفط في الاسواق اليوم رقم {i}")
    for i in range(6):
        rows.append(f"قوات البيشمركة تتقدم قرب كركوك {i}")
    for i in range(4):
        rows.append(f"قوات البشمركة في سنجار {i}")
    for i in range(5):
        rows.append(f"الملك عبدالعزيز مؤسس الدولة {i}")
    for i in range(4):
        rows.append(f"مكتبة الملك عبد العزيز العامة {i}")
    for i in range(30):
        rows.append(f"وزير الصحة يزور المستشفى {i}")
    rows.append("خبر عن النفظ مكتوب خطأ")
    return [{"id": f"s{i}", "title": t.split()[0], "content": t, "url": f"https://e.org/{i}"}
            for i, t in enumerate(rows)]


@pytest.fixture(scope="module")
def spelled_src(tmp_path_factory):
    src = tmp_path_factory.mktemp("spell") / "src"
    src.mkdir()
    with (src / "news.jsonl").open("w", encoding="utf-8") as f:
        for r in _records():
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return src


@pytest.fixture(scope="module", params=ENGINES)
def speller(request, spelled_src):
    from corpus.engines import open_searcher, open_sink
    if request.param == "whoosh":
        index = spelled_src.parent / "index"
        if not index.exists():
            index_paths(index, [str(spelled_src)])
        return open_searcher("whoosh", index)
    request.getfixturevalue("opensearch_client")
    name = opensearch_name("spell")
    index_paths(open_sink("opensearch", name), [str(spelled_src)])
    return open_searcher("opensearch", name)


def test_typo_gets_a_suggestion_with_its_count(speller):
    res = speller.search("اسعار النفظ")
    assert res.total == 0 or res.total == 1
    assert res.suggestion == {"query": "اسعار النفط", "total": 25}
    assert res.query == "اسعار النفظ"


def test_joined_words_are_split(speller):
    res = speller.search("وزيرالصحة")
    assert res.total == 0
    assert res.suggestion == {"query": "وزير الصحة", "total": 30}


def test_correct_query_gets_no_suggestion(speller):
    res = speller.search("اسعار النفط")
    assert res.total == 25 and res.suggestion is None


def test_vowel_variants_find_each_other(speller):
    for typed, other in (("البشمركة", "البيشمركة"), ("البيشمركة", "البشمركة")):
        res = speller.search(typed)
        assert res.total == 10, typed
        assert res.variants == [{"word": typed, "added": [other]}]
        assert res.query == typed


def test_joined_and_split_names_find_each_other(speller):
    joined, split = speller.search("عبدالعزيز"), speller.search("عبد العزيز")
    assert joined.total == split.total == 9
    assert joined.variants == [{"word": "عبدالعزيز", "added": ["عبد العزيز"]}]
    assert split.variants == [{"word": "عبد العزيز", "added": ["عبدالعزيز"]}]


def test_any_word_mode_corrects_only_words_no_document_has(speller):
    assert speller.search("وزيرالصحة سنجار", op="or").suggestion == {"query": "وزير الصحة سنجار", "total": 34}
    assert speller.search("النفظ سنجار", op="or").suggestion is None    # النفظ: in one document


def test_suggest_off_searches_as_typed(speller):
    res = speller.search("البشمركة", suggest=False)
    assert res.total == 4 and res.variants == [] and res.suggestion is None


def test_syntax_is_left_alone(speller):
    res = speller.search('"البشمركة في" OR النفظ*')
    assert res.variants == [] and res.suggestion is None


def test_suggest_never_asks_the_index():
    """corpus/suggest decides from plain counts: it names the words, the caller counts them."""
    import corpus.suggest as suggest
    q = "اسعار النفظ"
    asked = suggest.words_to_count(q)
    assert {"اسعار", "النفظ"} <= set(asked)
    counts = {"اسعار": 25, "النفظ": 1}
    found = suggest.with_variants(q, counts)
    more = suggest.correction_words(found, counts)
    assert "النفط" in more and "اسعار" not in more          # only the rare word's candidates
    counts["النفط"] = 26
    fix = suggest.correction(q, "and", found, counts)
    assert fix.query == "اسعار النفط"


def test_forgiving_step_counts_in_two_batches(speller, monkeypatch):
    """The engine counts words twice per query (step 1, step 2), never once per candidate."""
    calls = []
    real = speller.word_counts
    monkeypatch.setattr(speller, "word_counts", lambda words: calls.append(list(words)) or real(words))
    res = speller.search("اسعار النفظ", translate="off")     # translation counts words too
    assert res.suggestion["query"] == "اسعار النفط"
    assert len(calls) == 2
    calls.clear()
    speller.search("وزيرالصحة النفظ", translate="off")      # two rare words, one split too
    assert len(calls) == 2


# -- the JSON API and the page ------------------------------------------------------------------

@pytest.fixture(scope="module")
def spell_client(spelled_src):
    from search_web import create_app
    index = spelled_src.parent / "index"
    if not index.exists():
        index_paths(index, [str(spelled_src)])
    return create_app({"INDEX": str(index), "TESTING": True}).test_client()


def test_api_returns_suggestion_and_variants(spell_client):
    body = spell_client.get("/api/search?q=اسعار النفظ").get_json()
    assert body["suggestion"] == {"query": "اسعار النفط", "total": 25} and body["variants"] == []
    body = spell_client.get("/api/search?q=البشمركة").get_json()
    assert body["suggestion"] is None and body["total"] == 10
    assert body["variants"] == [{"word": "البشمركة", "added": ["البيشمركة"]}]


def test_page_searches_the_suggestion_when_nothing_is_found(spell_client):
    en = {"Accept-Language": "en"}
    html = spell_client.get("/?q=وزيرالصحة", headers=en).get_data(as_text=True)
    assert 'value="وزير الصحة"' in html                    # the form holds the corrected query
    assert "found nothing" in html and "spell=off" in html  # said so, with a link back
    assert "لم يجد شيئاً" in spell_client.get("/?q=وزيرالصحة").get_data(as_text=True)
    typed = spell_client.get("/?q=وزيرالصحة&spell=off", headers=en).get_data(as_text=True)
    assert 'value="وزيرالصحة"' in typed and "found nothing" not in typed


def test_page_offers_did_you_mean(spell_client):
    html = spell_client.get("/?q=النفظ").get_data(as_text=True)       # one hit as typed
    assert 'class="did-you-mean" href="/?q=%D8%A7%D9%84%D9%86%D9%81%D8%B7"' in html
    assert "found nothing" not in html
    html = spell_client.get("/?q=البشمركة").get_data(as_text=True)
    assert 'class="variant"' in html and "البيشمركة" in html


def test_opensearch_word_counts_are_kept_per_index_version(request, tmp_path, monkeypatch):
    """A server asks the cluster once per word and commit; a commit's counts replace them."""
    from corpus.engines import open_searcher, open_sink
    request.getfixturevalue("opensearch_client")
    src = tmp_path / "src"
    src.mkdir()
    rows = [{"id": f"k{i}", "title": "خبر", "content": f"النفط يرتفع {i}"} for i in range(3)]
    (src / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                 encoding="utf-8")
    name = opensearch_name("counts")
    index_paths(open_sink("opensearch", name), [str(src)])
    corpus = open_searcher("opensearch", name)
    calls = []
    search = corpus.client.search
    monkeypatch.setattr(corpus.client, "search", lambda **kw: calls.append(kw) or search(**kw))
    assert corpus.word_counts(["النفط", "يرتفع", "nosuch"]) == {"النفط": 3, "يرتفع": 3, "nosuch": 0}
    assert corpus.word_counts(["النفط", "nosuch"]) == {"النفط": 3, "nosuch": 0}
    assert len(calls) == 1
    more = [{"id": f"m{i}", "title": "خبر", "content": f"النفط {i}"} for i in range(2)]
    (src / "b.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in more),
                                 encoding="utf-8")
    index_paths(open_sink("opensearch", name), [str(src)])
    corpus._meta_held = None            # as META_AGE seconds later
    assert corpus.word_counts(["النفط"]) == {"النفط": 5}
    assert len(calls) == 2
