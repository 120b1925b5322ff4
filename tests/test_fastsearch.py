"""The fast path (corpus/engines/whoosh/fastsearch/) against Whoosh's own matching and BM25F scoring.

Two indexes: the session's small `news_index`, and a generated one of a few hundred
documents in three segments, one with deleted documents, so that BM25 length
normalisation, ties, the per-segment matcher trees (huffman-like trees in segments, the
sequential ArrayUnionMatcher sum Whoosh picks for a 3-way Or in a small segment) and the
deleted-document filters all show.

Whoosh's TopCollector (searcher.search with a limit) prunes with two bugs that change its
top k (see `whoosh_fixed`); the fast path gives what Whoosh gives without them, which is
also what its exhaustive search (limit=None, no pruning) gives -- the second reference.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter

import pytest
from whoosh import query
from whoosh.matching import binary, combo, mcore

from corpus.engines.whoosh import fastsearch, store
from corpus.engines.whoosh.maxor import MaxOr
from corpus.engines.whoosh.schema import FACETS, build_schema
from corpus.fields import MULTI_FACETS, MULTI_SEPARATOR
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus, _facet_counts
from corpus.request import SearchRequest, facet_values

# -- a generated corpus

AR_WORDS = ["الجيش", "والجيش", "البيشمركة", "النفط", "أسعار", "الحكومة", "وزارة", "الصحة",
            "العراق", "أربيل", "بغداد", "الانتخابات", "البرلمان", "المياه", "الزراعة", "الطاقة",
            "الكهرباء", "المدارس", "الجامعة", "الطلاب", "الحدود", "التجارة", "السوق", "الأمن"]
EN_WORDS = ["army", "armies", "oil", "prices", "government", "ministry", "health", "iraq",
            "erbil", "baghdad", "election", "parliament", "water", "farming", "energy",
            "power", "schools", "university", "students", "border", "trade", "market"]
SOURCES = ["الأناضول", "رووداو", "Reuters", "Rudaw", "AP"]
PLACES = ["أربيل", "بغداد", "كركوك", "Erbil", "Baghdad"]
PEOPLE = ["مسرور بارزاني", "Masrour Barzani", "حيدر العبادي", "Haider al-Abadi", "نيجيرفان بارزاني"]


def _doc(rng: random.Random, i: int) -> dict:
    lang = "ar" if i % 3 else "en"
    words = AR_WORDS if lang == "ar" else EN_WORDS
    # a few words repeated (tf 1-4), bodies of 3-60 words: lengths and tf vary, ties happen
    body = [rng.choice(words[:8]) if rng.random() < 0.5 else rng.choice(words)
            for _ in range(rng.choice([3, 5, 8, 12, 20, 35, 60]))]
    title = [rng.choice(words) for _ in range(rng.choice([1, 2, 3, 4]))]
    date = dt.datetime(2019, 1, 1) + dt.timedelta(days=rng.randrange(700)) if i % 11 else None
    fields = {"id": f"doc{i:04d}", "path": f"/gen/{i}", "title": " ".join(title),
              "body": " ".join(body), "exact": " ".join(title + body), "lang": lang,
              "source": rng.choice(SOURCES), "place": rng.choice(PLACES),
              "section": rng.choice(["سياسة", "اقتصاد", ""]), "author": f"author {i % 7}"}
    if date:
        fields.update(date=date, year=f"{date:%Y}", month=f"{date:%Y-%m}")
    # people mentioned: none, one or several values (a multi facet), from the docnum alone
    fields["person"] = MULTI_SEPARATOR.join(PEOPLE[(i + j) % len(PEOPLE)] for j in range(i % 4))
    return {k: v for k, v in fields.items() if v != ""}


def small_index(directory, seed: int, n: int):
    """An index of n random documents (_doc) in one segment, its generation switched to; the
    Random that drew them, for more documents of the same kind."""
    rng = random.Random(seed)
    ix, name = store.new_generation(directory)
    w = ix.writer()
    for i in range(n):
        w.add_document(**_doc(rng, i))
    w.commit()
    store.switch_generation(directory, name, {})
    return rng


def another_doc(rng: random.Random, i: int) -> dict:
    """One more random document of small_index's kind."""
    return _doc(rng, i)


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """~380 live documents in 3 segments (the last with deletions)."""
    directory = tmp_path_factory.mktemp("fastsearch") / "index"
    rng = random.Random(20240611)
    ix, name = store.new_generation(directory)
    assert ix.schema.names() == build_schema().names()
    n = 0
    for batch, merge in ((220, True), (130, False), (60, False)):
        w = ix.writer()
        for _ in range(batch):
            w.add_document(**_doc(rng, n))
            n += 1
        w.commit(merge=merge)
    w = ix.writer()
    for i in range(0, n, 13):                   # delete some, in every segment
        w.delete_by_term("id", f"doc{i:04d}")
    w.commit(merge=False)
    store.switch_generation(directory, name, {"sources": []})
    ix = store.open_index(directory)
    with ix.searcher() as s:
        assert len(s.subsearchers) >= 3 and s.reader().has_deletions()
    return directory


@pytest.fixture(params=["news", "big"])
def corpora(request, news_index, big_index):
    """(fast Corpus, Whoosh-only Corpus) on the same index."""
    directory = news_index if request.param == "news" else big_index
    return Corpus(directory), Corpus(directory, fast=False)


@pytest.fixture
def whoosh_fixed(monkeypatch):
    """Whoosh's top-k search without its two pruning bugs (whoosh-reloaded 2.7.5):

    * AndMaybeMatcher.skip_to(id) (matching/binary.py; UnionMatcher.replace makes one when
      a clause can't reach the minimum score alone) moves its optional matcher to `id`, not
      to where the required matcher landed, so the optional matcher can sit behind the
      current document and its score is not added: the document gets a lower score.
    * ArrayUnionMatcher.max_quality() (matching/combo.py; the Or of 3+ clauses in segments
      of up to 5,000 documents) is the largest of its clauses' maxima, not their sum, so
      IntersectionMatcher.replace() can drop a segment's remaining matches as unable to
      reach the minimum score.
    """
    monkeypatch.setattr(combo.ArrayUnionMatcher, "max_quality",
                        lambda self: sum(m.max_quality() for m in self._submatchers) * self._boost)

    def skip_to(self, id):
        if not self.a.is_active():
            raise mcore.ReadTooFar
        ra = self.a.skip_to(id)
        rb = False
        if self.a.is_active() and self.b.is_active():
            rb = self.b.skip_to(self.a.id())
        return ra or rb
    monkeypatch.setattr(binary.AndMaybeMatcher, "skip_to", skip_to)


QUERIES = [
    # Arabic, English, one word and several, stemmed variants
    "الجيش", "والجيش", "البيشمركة", "النفط أسعار", "وزارة الصحة", "الجيش أربيل بغداد",
    "army", "armies oil", "oil prices market", "health ministry government",
    # boolean operators, fields, boosts, groups
    "الجيش OR النفط", "army OR oil", "الجيش NOT البيشمركة", "oil NOT prices",
    "النفط AND NOT أسعار", "(الجيش OR النفط) بغداد", "(army OR oil) AND (iraq OR erbil)",
    "title:النفط", "title:oil body:prices", "source:رويترز", "source:Reuters army",
    "place:اربيل الجيش", "lang:en", "lang:ar الحكومة", "النفط^3 أسعار", "oil^0.5 prices^2",
    "NOT الجيش", "id:doc0005", "الجيش OR (النفط AND أسعار)", "الجيش ANDNOT البيشمركة",
    "army OR (oil ANDNOT prices)", "(الجيش OR النفط)^2 بغداد^0.7",
    # phrases: adjacent, sloppy, a word twice, three words, inside other clauses, boosted
    '"النفط أسعار"', '"oil prices"', '"army army"', '"الجيش النفط"~2', '"oil army prices"~3',
    '"وزارة الصحة" الجيش', 'army OR "oil prices"', '"oil prices"^2 market', 'title:"oil army"',
    '"الجيش الحكومة" OR "النفط أسعار"~1', 'army NOT "oil prices"', '"oil nosuchword"',
    # matches nothing, or only stopwords
    "nosuchword", "الجيش nosuchword", "the",
]


def _whoosh_top(s, q, limit, allow=None):
    return [(h.docnum, h.score) for h in s.search(q, limit=limit, filter=allow)]


def _assert_same_top(fast, whoosh):
    assert [d for d, _ in fast] == [d for d, _ in whoosh]
    for (_, a), (_, b) in zip(fast, whoosh):
        assert math.isclose(a, b, rel_tol=1e-4), (a, b)
    # stronger than asked: the same floats, summed in the same order
    assert fast == whoosh


@pytest.mark.parametrize("op", ["and", "or"])
@pytest.mark.parametrize("q", QUERIES)
def test_matches_and_ranks_like_whoosh(corpora, whoosh_fixed, q, op):
    fast, _ = corpora
    s = fast.searcher()
    text_q = fast.parse(q, op, searcher=s)
    node, run = fast.plan(s, text_q)
    assert node is not None, f"{q!r} should take the fast path"
    docs = run.docs(node)
    # per segment: Query.docs(top searcher) can raise IndexError (a scaled Or asking an
    # exhausted MultiMatcher for its term matchers)
    assert set(docs) == set(s.docs_for_query(text_q))
    top = run.rank(node, docs, 10)
    if top is None:         # an Or with a coordination scale (op="or"): ranked by Whoosh
        assert op == "or" and fastsearch._has_coord(node)
        return
    _assert_same_top(top, _whoosh_top(s, text_q, 10))
    # and the exhaustive search (no top-k pruning), page 2 included
    _assert_same_top(run.rank(node, docs, 20), _whoosh_top(s, text_q, None)[:20])
    # a filter: only the candidates count, scores unchanged
    rng = random.Random(q)
    allow = {d for d in docs if rng.random() < 0.4}
    if allow:
        _assert_same_top(run.rank(node, allow, 10), _whoosh_top(s, text_q, 10, allow))


TRANSLATED = ["army oil", "Peshmerga Erbil", "oil prices market", "الجيش النفط", "وزارة الصحة",
              "army OR البيشمركة", "health ministry government", "Ministry of Health",
              '"health ministry"', "oil prices", "Health Ministry army"]


@pytest.mark.parametrize("q", TRANSLATED)
def test_translated_queries_rank_like_whoosh(corpora, whoosh_fixed, q):
    """A word and its translations (ql.Alternatives -> MaxOr, a dis_max): the same
    documents, order and scores on the fast path as on Whoosh's, phrases (a name, a
    multiword term) included."""
    fast, _ = corpora
    s = fast.searcher()
    text_q = fast.parse(q, "or", searcher=s, request=SearchRequest(q=q))
    node, run = fast.plan(s, text_q)
    assert node is not None, text_q
    docs = run.docs(node)
    assert set(docs) == set(s.docs_for_query(text_q))
    _assert_same_top(run.rank(node, docs, 20), _whoosh_top(s, text_q, None)[:20])
    _assert_same_top(run.rank(node, docs, 10), _whoosh_top(s, text_q, 10))


def _walk(q):
    yield q
    for c in (q.children() if not q.is_leaf() else ()):
        yield from _walk(c)


def test_maxor_scores_the_best_alternative_plus_a_tenth_of_the_others():
    from whoosh import fields, scoring
    from whoosh.filedb.filestore import RamStorage
    ix = RamStorage().create_index(fields.Schema(id=fields.ID(stored=True), body=fields.TEXT))
    with ix.writer() as w:
        for i, text in enumerate(["oil x", "oil gas", "gas y z", "water"]):
            w.add_document(id=str(i), body=text)
    with ix.searcher(weighting=scoring.BM25F()) as s:
        def scores(q):
            return {s.stored_fields(h.docnum)["id"]: h.score for h in s.search(q, limit=None)}
        oil, gas = query.Term("body", "oil"), query.Term("body", "gas")
        a, b = scores(oil), scores(gas)
        both, flat = scores(MaxOr([oil, gas], tiebreak=0.1)), scores(query.Or([oil, gas]))
    assert set(both) == {"0", "1", "2"}
    assert both["0"] == a["0"] and both["2"] == b["2"]
    hi, lo = max(a["1"], b["1"]), min(a["1"], b["1"])
    assert math.isclose(both["1"], hi + 0.1 * lo)
    assert both["1"] < flat["1"]


def test_ranks_like_whooshs_exhaustive_search(big_index):
    """Whoosh unpatched: its exhaustive ranking (its top-k search may differ, see above)."""
    c = Corpus(big_index)
    s = c.searcher()
    for q in QUERIES:
        text_q = c.parse(q, "and", searcher=s)
        node, run = c.plan(s, text_q)
        docs = run.docs(node)
        _assert_same_top(run.rank(node, docs, 10), _whoosh_top(s, text_q, None)[:10])


def test_each_score_is_whooshs_score_for_that_document(big_index):
    c = Corpus(big_index)
    s = c.searcher()
    text_q = c.parse("الجيش النفط OR أسعار", "and", searcher=s)
    node, run = c.plan(s, text_q)
    docs = sorted(run.docs(node))
    assert docs
    for d, score in run.rank(node, docs, len(docs)):
        assert _whoosh_top(s, text_q, 1, {d}) == [(d, score)]


@pytest.mark.parametrize("kwargs", [
    {}, {"op": "or"}, {"filters": {"lang": ["ar"]}}, {"filters": {"source": ["Reuters", "رووداو"]}},
    {"since": "2019-06-01"}, {"until": "2019-12-31"}, {"since": "2020-01-01", "until": "2020-06-30"},
    {"filters": {"lang": ["en"]}, "since": "2019-03-01"}, {"page": 2, "size": 5},
    {"sort": "date"}, {"sort": "-date", "size": 7},
])
@pytest.mark.parametrize("q", ["", "الجيش", "وزارة الصحة", "army", "oil OR water",
                               "الجيش NOT البيشمركة", '"oil prices"', "arm*"])
def test_corpus_search_same_as_whoosh_path(corpora, whoosh_fixed, q, kwargs):
    """Totals, facets, hits (ids, order, scores, snippets): fast path == Whoosh path."""
    fast, slow = corpora
    a, b = fast.search(q, **kwargs), slow.search(q, **kwargs)
    assert a.total == b.total
    assert a.facets == b.facets
    assert [(h.id, h.score) for h in a.hits] == [(h.id, h.score) for h in b.hits]
    assert [(h.snippet, h.title_html) for h in a.hits] == [(h.snippet, h.title_html) for h in b.hits]


def test_date_range_matches_whooshs(big_index):
    c = Corpus(big_index)
    s = c.searcher()
    for since, until in [("2019-06-01", None), (None, "2019-12-31"), ("2020-01-01", "2020-03-31"),
                         ("2019-05-05", "2019-05-05"), ("2030-01-01", None)]:
        text_q = query.Every()
        plan = c.plan(s, text_q)
        d_since = dt.date.fromisoformat(since) if since else None
        d_until = dt.date.fromisoformat(until) if until else None
        fast, _ = c.match_sets(s, text_q, {}, d_since, d_until, plan)
        whoosh, _ = c.match_sets(s, text_q, {}, d_since, d_until)
        assert fast == whoosh


def test_norms_are_bm25_length_terms(big_index):
    c = Corpus(big_index)
    s = c.searcher()
    run = c.fastpath.run(c.version(s), s)
    w, r = s.weighting, s.reader()
    for field in ("title", "body", "exact"):
        avgfl = s.avg_field_length(field) or 1
        norms = run.st.norms(s, field, w)
        assert len(norms) == s.doc_count_all()
        for d in range(s.doc_count_all()):
            fl = r.doc_field_length(d, field, 1)
            if fl is not None:
                assert norms[d] == w.K1 * ((1 - w.B) + w.B * fl / avgfl)


def test_unsupported_queries_take_the_whoosh_path(news_index):
    c = Corpus(news_index)
    s = c.searcher()
    for q in ["date:[2020-01-01 TO 2020-12-31]"]:
        assert fastsearch.compile(c.parse(q, "and", searcher=s), s.schema) is None
    for q in ["بيشمر*", "*", "body:*", "*ركة", '"غرف عمليات مشتركة"']:     # expanded to terms / Every (corpus/engines/whoosh/expand.py)
        assert fastsearch.compile(c.parse(q, "and", searcher=s), s.schema) is not None
    assert fastsearch.compile(query.Or([query.Term("body", "x")], minmatch=1), s.schema) is None
    assert fastsearch.compile(query.Term("body", "x", boost=0), s.schema) is None
    assert c.search('"غرف عمليات مشتركة"').total == 2


@pytest.mark.parametrize("cache", [0, 50])
def test_small_or_no_posting_cache_gives_the_same_results(big_index, whoosh_fixed, monkeypatch, cache):
    monkeypatch.setenv("CORPUS_POSTINGS_CACHE", str(cache))
    small = Corpus(big_index)
    monkeypatch.delenv("CORPUS_POSTINGS_CACHE")
    whoosh = Corpus(big_index, fast=False)
    for q in QUERIES[:12]:
        for _ in range(2):
            a, b = small.search(q), whoosh.search(q)
            assert (a.total, [(h.id, h.score, h.snippet) for h in a.hits]) == \
                   (b.total, [(h.id, h.score, h.snippet) for h in b.hits])
    st = small.fastpath.current.stats()
    assert st["postings"] <= cache and st["values"] <= cache // 10


def test_posting_cache_hits_and_version_change(tmp_path):
    directory = tmp_path / "index"
    small_index(directory, 7, 40)
    c = Corpus(directory)
    first = c.search("الجيش", translate="off")
    st = c.fastpath.current
    misses = st.misses
    assert c.search("الجيش", translate="off").total == first.total and st.misses == misses and st.hits > 0
    # a commit makes a new index version: new caches, new documents found
    ix = store.open_index(directory)
    w = ix.writer()
    w.add_document(id="new1", title="الجيش الجيش", body="الجيش", exact="الجيش الجيش الجيش", lang="ar")
    w.commit()
    again = c.search("الجيش", size=100, translate="off")    # the Arabic word's own ranking
    assert c.fastpath.current is not st
    assert again.total == first.total + 1 and "new1" in {h.id for h in again.hits}
    assert again.hits[0].id == "new1"


def test_facet_counts_count_every_value(big_index):
    c = Corpus(big_index)
    s = c.searcher()
    cols = c.columns(s)
    rng = random.Random(3)
    live = list(s.reader().all_doc_ids())
    assert any(cols["person"][d] for d in live)
    for n in (0, 1, 2, 17, 63, 64, 200, len(live)):
        docs = set(rng.sample(live, n))
        for f in FACETS:
            if f in MULTI_FACETS:       # several values a document (people, places mentioned)
                expected = Counter(v for d in docs for v in cols[f][d])
            else:
                expected = Counter(cols[f][d] for d in docs)
            assert dict(_facet_counts(cols, f, docs)) == dict(expected)
            for limit in (1, 2, 3, 10):     # values left out can't change what is shown
                for chosen in ((), (PEOPLE[1],), ("nobody", PEOPLE[4])):
                    shown = facet_values(f, _facet_counts(cols, f, docs, limit, chosen), chosen, limit)
                    assert shown == facet_values(f, dict(expected), chosen, limit)


def test_snippets_from_cached_postings_equal_walking_them(corpora):
    fast, _ = corpora
    s = fast.searcher()
    from corpus.engines.whoosh.snippets import match_spans, positive_terms
    for q in QUERIES[:10]:
        text_q = fast.parse(q, "and", searcher=s)
        node, run = fast.plan(s, text_q)
        docs = sorted(run.docs(node))[:12] + [0, s.doc_count_all() - 1]
        words = positive_terms(text_q, s.reader())
        for field in ("title", "body"):
            assert match_spans(s, field, words.get(field, set()), docs, run.characters) == \
                match_spans(s, field, words.get(field, set()), docs)


def test_phrases_take_the_fast_path_and_match_some_documents(big_index):
    """The phrase cases above are not vacuous: each is a Phrase on the fast path, and most
    find documents (on the generated index, with deleted documents: positions are then
    read by walking the postings)."""
    fast = Corpus(big_index)
    s = fast.searcher()
    phrases = [q for q in QUERIES if '"' in q]
    found = 0
    for q in phrases:
        text_q = fast.parse(q, "and", searcher=s)
        assert any(isinstance(x, query.Phrase) for x in _walk(text_q)) or "nosuchword" in q, q
        node, run = fast.plan(s, text_q)
        assert node is not None, q
        found += bool(run.docs(node))
    assert found >= len(phrases) // 2
    translated = [fast.parse(q, "or", searcher=s, request=SearchRequest(q=q)) for q in TRANSLATED]
    assert any(isinstance(x, query.Phrase) for q in translated for x in _walk(q))


def test_phrase_documents_are_kept_per_version(big_index):
    c = Corpus(big_index)
    s = c.searcher()
    text_q = c.parse('"oil prices"', "and", searcher=s)
    node, run = c.plan(s, text_q)
    assert run.docs(node) == set(s.docs_for_query(text_q))
    phrases = [n for n in _nodes(node) if n.kind == "phrase"]
    assert phrases and c.fastpath.current.stats()["phrases"] == len(phrases)
    _, again = c.plan(s, text_q)
    assert all(again.docs(n) is run.docs(n) for n in phrases)


def _nodes(node):
    yield node
    for c in node.children:
        yield from _nodes(c)


def test_word_counts_from_the_vocabulary_equal_the_term_dictionary(big_index):
    """word_counts (name matching) answers from the warmed vocabulary: the same counts."""
    c = Corpus(big_index)
    s = c.searcher()
    r = s.reader()
    words = [w.decode() if isinstance(w, bytes) else w for w in r.lexicon("exact")]
    probes = words + [w + "x" for w in words[:20]] + ["zz", "ا", "nosuchword"]
    expected = {w: r.doc_frequency("exact", w) if ("exact", w) in r else 0 for w in probes}
    assert c._vocab.frequency(s, "exact", words[0]) is None      # not built: not waited for
    assert c.word_counts(probes) == expected
    cold = Corpus(big_index)
    cold._vocab.ready(cold.searcher(), "exact")
    assert all(cold._vocab.frequency(cold.searcher(), "exact", w) == n for w, n in expected.items())
    assert cold.word_counts(probes) == expected



def _four_segments(tmp_path):
    """An index of 4 segments, no deletions: each segment its own words, some of the
    others', a word in one document only here and there (a list held in the term's entry)."""
    directory = tmp_path / "index"
    ix, name = store.new_generation(directory)
    words = ["النفط", "oil", "army", "الجيش", "بغداد", "erbil", "market", "الحكومة"]
    n = 0
    from corpus.engines.whoosh.fastwrite import FastSegmentWriter
    for part, size in enumerate((60, 10, 45, 12)):     # lists of 16 or more: blocks
        w = FastSegmentWriter(ix)       # (what the indexer writes with: short lists inlined)
        for i in range(size):
            text = " ".join(words[(part + j) % len(words)] for j in range(i % 3 + 1)) + f" only{part}"
            text += f" once{i % 10} common" if i % 7 else f" oil once{part}"
            w.add_document(id=f"d{n}", path=f"/p/{n}", title=text, body=text + " common", exact=text)
            n += 1
        w.commit(merge=False)
    store.switch_generation(directory, name, {"sources": []})
    return directory


def test_values_of_lists_held_in_term_entries_equal_walking_them(tmp_path):
    """Postings whose segments hold blocks or a short list in the term's entry keep where
    each segment's values are: positions and characters read from there equal walking them."""
    from corpus.engines.whoosh.fastsearch.postings import walk_values
    c = Corpus(_four_segments(tmp_path))
    s = c.searcher()
    run = c.fastpath.run(c.version(s), s)
    leaves = s.leaf_searchers()
    mixed = 0
    for field in ("title", "body"):
        for btext in s.reader().lexicon(field):
            p = run.postings(field, btext)
            assert p.parts is not None
            mixed += any(b is None for _, _, b in p.parts) and any(b is not None for _, _, b in p.parts)
            for docs in (list(p.ids), list(p.ids)[1::3]):
                want = walk_values(leaves, field, btext, docs, "characters")
                assert run.characters(field, btext.decode(), docs) == want
                assert sorted(run.positions(field, btext, docs).items()) == \
                    [(d, [pos for pos, _, _ in v]) for d, v in want]
    assert mixed >= 2


def test_segments_holding_a_word_from_the_vocabulary_equal_the_term_dictionaries(tmp_path):
    """The vocabulary's segment bits (which segments a postings read looks the word up in)
    are those whose term dictionary holds it; the postings read with them are the same."""
    directory = _four_segments(tmp_path)
    c = Corpus(directory)
    s = c.searcher()
    leaves = s.leaf_searchers()
    assert len(leaves) == 4
    partly = 0
    for field in ("title", "body", "exact"):
        known = [w.decode() for w in s.reader().lexicon(field)]
        assert c._vocab.segments(s, field, known[0]) is None      # not built: not known
        c._vocab.ready(s, field)
        for w in known + [w + "x" for w in known] + ["nosuchword"]:
            bits = sum(1 << i for i, (sub, _) in enumerate(leaves) if (field, w) in sub.reader())
            assert c._vocab.segments(s, field, w) == bits, (field, w)
            partly += 0 < bits < (1 << len(leaves)) - 1
    assert partly > 10
    cold = Corpus(directory)        # no vocabulary: every segment looked up
    cold_s = cold.searcher()
    runs = c.fastpath.run(c.version(s), s), cold.fastpath.run(cold.version(cold_s), cold_s)
    for field in ("title", "body", "exact"):
        for w in list(s.reader().lexicon(field)) + [b"nosuchword"]:
            a, b = (run.postings(field, w) for run in runs)
            assert (a.ids, list(a.weights), a.df, a.parts) == (b.ids, list(b.weights), b.df, b.parts)
            assert [[sz.get((field, w)) for sz in run.st.sizes] for run in runs] == \
                [[sub.reader().doc_frequency(field, w) for sub, _ in leaves]] * 2


def test_term_documents_from_the_vocabulary_equal_the_term_dictionary(big_index):
    """term_documents (key terms of a translation) answers from the warmed body vocabulary
    when it is built: the same counts as the term dictionaries."""
    r = Corpus(big_index).searcher().reader()
    stems = [w.decode() if isinstance(w, bytes) else w for w in r.lexicon("body")]
    probes = stems + [w + "x" for w in stems[:20]] + ["zz", "nosuchstem"]
    expected = {t: r.doc_frequency("body", t) for t in probes}
    cold = Corpus(big_index)
    assert cold.term_documents(probes)[0] == expected
    warm = Corpus(big_index)
    warm._vocab.ready(warm.searcher(), "body")
    assert warm._vocab.frequency(warm.searcher(), "body", stems[0]) == expected[stems[0]]
    assert warm.term_documents(probes) == (expected, warm.searcher().doc_count())

def _w3_blocks(directory, fields=("title", "body", "exact")):
    """(field, matcher positioned on a block) for every posting block of the index's W3
    posting lists."""
    from whoosh.codec.whoosh3 import W3LeafMatcher
    ix = store.open_index(directory)
    with ix.searcher() as s:
        for sub, _ in s.leaf_searchers():
            r = sub.reader()
            for field in fields:
                for btext in list(r.lexicon(field)):
                    m = r.postings(field, btext)
                    m = getattr(m, "child", m)      # FilterMatcher: deleted documents
                    if type(m) is not W3LeafMatcher:
                        continue
                    while m.is_active():
                        yield field, m
                        m._next_block()


def test_block_values_decoded_at_once_equal_whooshs_decoders(big_index):
    """decode_many (one pickle load for a block's wanted values) gives what the format's
    decoder gives value by value: positions (Positions and Characters fields), characters."""
    from corpus.engines.whoosh.fastsearch.postings import decode_many
    rng = random.Random(7)
    checked = 0
    for field, m in _w3_blocks(big_index):
        m._read_ids()
        m._read_values()
        js = sorted(rng.sample(range(len(m._ids)), rng.randint(1, len(m._ids))))
        for kind in ("positions", "characters"):
            if not m.supports(kind):
                continue
            want = []
            for j in js:
                m._i = j
                want.append(m.value_as(kind))
            assert decode_many(m.format, [m._values[j] for j in js], kind) == want, (field, kind)
            checked += 1
    assert checked > 50


def test_block_ids_and_weights_from_a_partly_inflated_block(big_index, monkeypatch):
    """A block's ids and weights read from its pickle's head (inflated a few bytes at a
    time here, so the values marker falls across chunks) equal Whoosh's whole-block read."""
    from corpus.engines.whoosh.fastsearch import postings
    monkeypatch.setattr(postings, "_HEAD_CHUNK", 7)
    checked = 0
    for _, m in _w3_blocks(big_index, ("body", "exact")):
        m._data = None      # (a fresh matcher has read its first block)
        ids, ws = postings._block_ids_weights(m)
        head_only = m._data is None
        m._data = None
        m._read_ids()
        m._read_weights()
        got = tuple(ids) if m._byteids else tuple(__import__("itertools").accumulate(ids))
        assert got == tuple(m._ids)
        if ws is None or isinstance(ws, float):
            assert set(m._weights) <= {1.0 if ws is None else ws}
        else:
            assert list(ws) == list(m._weights)
        checked += head_only
    assert checked > 20


@pytest.mark.parametrize("which", ["news", "big", "four"])
def test_postings_read_in_place_equal_whooshs_matchers(news_index, big_index, tmp_path, which):
    """segment_arrays (a term's postings read straight from the segment's term index and
    postings file) gives what Whoosh's matcher gives, block lists and lists held in the
    term's entry alike, and says where each block's data is: Whoosh's own offsets."""
    from whoosh.matching import ListMatcher
    from whoosh.reading import TermNotFound
    from corpus.engines.whoosh.fastsearch.postings import _leaf_arrays, segment_arrays
    directory = {"news": news_index, "big": big_index}.get(which) or _four_segments(tmp_path)
    ix = store.open_index(directory)
    kinds = Counter()
    with ix.searcher() as s:
        for sub, _ in s.leaf_searchers():
            r = sub.reader()
            for field in ("title", "body", "exact"):
                for btext in list(r.lexicon(field)):
                    ids, ws, blocks, held = segment_arrays(r, field, btext)
                    kinds["blocks" if blocks else "held"] += 1
                    m = r.postings(field, btext)
                    if r.has_deletions():       # the live ones: what the filtered matcher reads
                        live = []
                        while m.is_active():
                            live.append((m.id(), m.weight()))
                            m.next()
                        assert [(d, w) for d, w in zip(ids, ws) if not r.is_deleted(d)] == live
                        continue
                    want_ids, want_ws, want_blocks = _leaf_arrays(m)
                    assert (ids, ws, held) == (want_ids, want_ws, type(m) is ListMatcher)
                    assert blocks == want_blocks
            with pytest.raises(TermNotFound):
                segment_arrays(r, "body", "no such word".encode())
    assert kinds["blocks"] > 10 or which == "news"     # (short lists only there)
    assert kinds["held"] > 10 or which == "big"        # (Whoosh's writer: blocks only)


def test_hash_file_lookups_in_place_equal_whooshs(big_index):
    """_hash_get finds what HashReader.get finds in the term index, and nothing for absent keys."""
    from corpus.engines.whoosh.fastsearch.postings import _hash_get
    ix = store.open_index(big_index)
    checked = 0
    with ix.searcher() as s:
        for sub, _ in s.leaf_searchers():
            table = sub.reader()._terms._tindex
            assert getattr(table.dbfile, "_buf", None) is not None      # read in place
            keys = list(table.keys())
            for key in keys:
                assert _hash_get(table, key) == table.get(key)
                checked += 1
            for key in keys[:50]:
                assert _hash_get(table, key + b"x") is None
                assert _hash_get(table, key[:-1]) == table.get(key[:-1])
    assert checked > 500


@pytest.mark.parametrize("which", ["news", "big"])
def test_document_frequencies_noted_by_the_postings_read_equal_the_readers(news_index, big_index, which):
    """The postings read notes each term's document frequency (per segment for the scorer's
    tree shapes, in all for idf): the term dictionaries' counts, deleted documents included."""
    from corpus.engines.whoosh.fastsearch.scorer import _Scorer, _SizeReader
    c = Corpus(news_index if which == "news" else big_index)
    s = c.searcher()
    run = c.fastpath.run(c.version(s), s)
    checked = 0
    for field in ("title", "body", "exact"):
        for btext in list(s.reader().lexicon(field))[:60]:
            p = run.postings(field, btext)
            assert p.df == s.reader().doc_frequency(field, btext)
            node = fastsearch.compile(query.Term(field, btext.decode()), s.schema)
            sub = s.leaf_searchers()[0][0]
            scorer = _Scorer(run, _SizeReader(sub.reader(), run.st.sizes[0]), sub.doc_count_all(),
                             s.weighting, [0])
            assert scorer.idf(field, btext, p.df) == s.idf(field, btext)
            for i, (sub, _) in enumerate(s.leaf_searchers()):
                sizes = _SizeReader(sub.reader(), run.st.sizes[i])
                assert sizes.doc_frequency(field, btext.decode()) == \
                    sub.reader().doc_frequency(field, btext.decode())
            checked += node is not None
    assert checked > 100


def test_segments_of_one_shape_are_scored_in_one_pass(big_index, monkeypatch):
    """A search's segments with the same addition trees (scorer.shape) are scored together:
    one pass per shape, the same floats as Whoosh's (test_ranks_like_whooshs_exhaustive_search)."""
    from corpus.engines.whoosh.fastsearch import run as run_module
    from corpus.engines.whoosh.fastsearch.scorer import _SizeReader, shape
    passes = []
    scorer = run_module._Scorer

    def counted(*args, **kwargs):
        passes.append(1)
        return scorer(*args, **kwargs)
    monkeypatch.setattr(run_module, "_Scorer", counted)
    c = Corpus(big_index)
    s = c.searcher()
    fewer = several = 0
    # and many words: their order by count differs between segments, and so do the trees
    many = [" ".join(AR_WORDS[i:i + 3]) for i in range(0, 20)] + \
        [" ".join(EN_WORDS[i:i + 3]) for i in range(0, 18)]
    for q, op in [(q, "and") for q in QUERIES + many] + [(q, "or") for q in many]:
        text_q = c.parse(q, op, searcher=s)
        node, run = c.plan(s, text_q)
        if node is None:
            continue
        docs = run.docs(node)
        held = [i for i, (lo, n, _) in enumerate(run.st.segments) if any(lo <= d < lo + n for d in docs)]
        shapes = {repr(shape(node, _SizeReader(s.leaf_searchers()[i][0].reader(), run.st.sizes[i]),
                             s.leaf_searchers()[i][0].doc_count_all())) for i in held}
        passes.clear()
        top = run.rank(node, docs, 10)
        if top is None:
            continue
        assert len(passes) == len(shapes)
        _assert_same_top(top, _whoosh_top(s, text_q, None)[:10])
        fewer += len(passes) < len(held)
        several += len(shapes) > 1
    assert fewer and several
