"""The token store (corpus/research/tokens.py) gives the research views exactly what reading
the texts through the seam gives: every concordance line, total, order and page, every
collocate and key term, on both engines (CORPUS_RESEARCH_STORE=off is the seam path)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import corpus_fixtures, fresh_target
from corpus.engines import open_searcher, open_sink
from corpus.indexer import index_paths
from waiting import wait_for
from conftest_research import RECORDS, research_index, research_opensearch, research_searcher, research_src  # noqa: F401
from corpus.research import collocations as colloc, concordance as conc, tokens

# hard texts: punctuation runs, apostrophes (TOKEN joins Latin parts there), presentation
# forms and marks, tatweel, numbers, the keyword first and last, the same story twice
TRICKY = [
    ("t1", "وزير", "وزير، الصحة!! قال: «الوزير» (وزير) وزيرا... ثم 2015 وزير", "2015-07-21", "عكاظ", "ar"),
    ("t2", "ﻻ وزير", "ﻻ يزال الوزيـــر يقول إن وَزِيرَ الصحة والوزير السابق وزير", "2015-07-22", "اليوم", "ar"),
    ("t3", "Minister's day", "The minister's aide said ministers' O'Brien met the Minister; minister-led talks.",
     "2015-07-23", "Arab News", "en"),
    ("t4", "وزير", "وزير", "2015-07-24", "عكاظ", "ar"),
    ("t5", "empty", "", "2015-07-24", "عكاظ", "ar"),
    ("t6", "الرياض", "في الرياض والرياضة ورياض الأطفال، الرياض: وزير النفط وزير الطاقة وزير النفط السعودي",
     "2015-07-25", "الرياض", "ar"),
    ("t7", "الرياض", "في الرياض والرياضة ورياض الأطفال، الرياض: وزير النفط وزير الطاقة وزير النفط السعودي",
     "2015-07-25", "عكاظ", "ar"),
] + [(f"r{i}", t, b, d, s, lang) for i, (_, t, b, d, s, lang) in enumerate(RECORDS)]


def write_tricky(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tricky.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for id_, title, body, date, source, lang in TRICKY:
            f.write(json.dumps({"id": id_, "title": title, "content": body, "date": date,
                                "source": source, "lang": lang}, ensure_ascii=False) + "\n")
    return path


tricky_src, tricky_index, tricky_opensearch, tricky_searcher = corpus_fixtures("tricky", write_tricky)

QUERIES = ["وزير", "الوزير", "الرياض", "رياض*", '"وزير النفط"', "minister", "minister's", "O'Brien",
           "وزير -النفط", "الصحة OR الطاقة", "لا", "2015", "nothing_here"]


def _both(monkeypatch, run):
    """(seam path, store path) results of run()."""
    out = []
    for mode in ("off", "on"):
        monkeypatch.setenv(tokens.SWITCH, mode)
        conc._held.clear()
        out.append(run())
    return out


def _concordance(searcher, q, **kw):
    d = conc.as_dict(conc.concordance(searcher, q, **kw))
    d.pop("took_ms")
    return d


@pytest.mark.parametrize("q", QUERIES)
def test_concordance_from_the_store_equals_reading_the_texts(tricky_searcher, monkeypatch, q):
    for exact in (False, True):
        for sort in conc.SORTS:
            for per_story in (False, True):
                old, new = _both(monkeypatch, lambda: _concordance(
                    tricky_searcher, q, exact=exact, sort=sort, per_story=per_story, size=3, page=2, width=3))
                assert new == old, (q, exact, sort, per_story)
                everything = _both(monkeypatch, lambda: _concordance(
                    tricky_searcher, q, exact=exact, sort=sort, per_story=per_story, all_lines=True))
                assert everything[1] == everything[0]


def test_the_store_path_is_taken_and_finds_lines(tricky_searcher, monkeypatch):
    monkeypatch.setenv(tokens.SWITCH, "on")
    conc._held.clear()
    c = conc.concordance(tricky_searcher, "وزير", sort="left")
    held = next(v for v in conc._held.values() if isinstance(v, conc._Indexed))
    assert held.occurrences == c.occurrences > 10
    assert [ln.keyword for ln in c.lines].count("وزير") >= 5


def test_filters_and_dates_on_both_paths(tricky_searcher, monkeypatch):
    for kw in ({"filters": {"source": ["عكاظ"]}}, {"since": "2015-07-23"}, {"filters": {"lang": ["en"]}}):
        old, new = _both(monkeypatch, lambda: _concordance(tricky_searcher, "وزير OR minister", sort="right", **kw))
        assert new == old and old["occurrences"], kw


def test_research_corpus_concordance_on_both_paths(research_searcher, monkeypatch):
    for q in ("وزير", "الصحة", "oil", "المصابين"):
        old, new = _both(monkeypatch, lambda: _concordance(research_searcher, q, sort="left", per_story=True))
        assert new == old


def _collocations(searcher, q, **kw):
    d = colloc.as_dict(colloc.collocations(searcher, q, **kw))
    d.pop("took_ms")
    return d


@pytest.mark.parametrize("q", ["وزير", "الرياض", "minister", "رياض*", '"وزير النفط"', "nothing_here"])
def test_collocations_from_the_store_equal_reading_the_texts(tricky_searcher, research_searcher, monkeypatch, q):
    for searcher in (tricky_searcher, research_searcher):
        for kw in ({}, {"window": 2, "ngram": "2"}, {"exact": True, "ngram": "3"}, {"docs": 3, "top": 200}):
            old, new = _both(monkeypatch, lambda: _collocations(searcher, q, **kw))
            assert new == old, (q, kw)


def test_a_stale_store_falls_back_to_the_texts(tricky_searcher, monkeypatch):
    """A store lacking a matching document (the index changed while it was built) is not used."""
    monkeypatch.setenv(tokens.SWITCH, "on")
    conc._held.clear()
    store = conc.token_store(tricky_searcher)
    assert store.numbers(["t1", "no-such-document"]) is None
    monkeypatch.setattr(store, "index", {k: v for k, v in store.index.items() if k != "t1"})
    c = conc.concordance(tricky_searcher, "وزير")
    assert any(isinstance(v, conc._Read) for v in conc._held.values())
    assert "t1" in {ln.doc_id for ln in c.lines}


def test_ranked_ids_are_the_export_order(tricky_searcher):
    for q, kw in (("وزير", {}), ("وزير OR minister", {"filters": {"source": ["عكاظ"]}}), ("", {}),
                  ("minister", {"since": "2015-07-22"}), ("وزير", {"limit": 2})):
        kw = {"limit": 100, **kw}
        assert tricky_searcher.ranked_ids(q, sort="relevance", **kw) == \
            [row["id"] for row in tricky_searcher.export(q, sort="relevance", **kw)], (q, kw)


# -- the store on disk: built once per index version, memory-mapped, never used stale or damaged

target = fresh_target("store")


def _index(engine, where, folder: Path, records):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{records[0][0]}.jsonl").open("w", encoding="utf-8") as f:
        for id_, title, body, date, source, lang in records:
            f.write(json.dumps({"id": id_, "title": title, "content": body, "date": date,
                                "source": source, "lang": lang}, ensure_ascii=False) + "\n")
    index_paths(open_sink(engine, where), [str(folder)])


@pytest.fixture
def stores(tmp_path, monkeypatch):
    """A folder of its own for this test's stores; nothing held in this process."""
    monkeypatch.setenv(tokens.DIR_SWITCH, str(tmp_path / "stores"))
    monkeypatch.setenv(tokens.SWITCH, "on")
    tokens._stores.clear()
    conc.forget()
    yield tmp_path / "stores"
    tokens._stores.clear()
    conc.forget()


def _lines(searcher, q="وزير"):
    return _concordance(searcher, q, sort="left", all_lines=True)


def _seam_lines(searcher, monkeypatch, q="وزير"):
    monkeypatch.setenv(tokens.SWITCH, "off")
    conc.forget()
    try:
        return _lines(searcher, q)
    finally:
        monkeypatch.setenv(tokens.SWITCH, "on")
        conc.forget()


def test_the_store_is_written_once_and_opened_memory_mapped(target, tmp_path, stores, monkeypatch):
    engine, where = target
    _index(engine, where, tmp_path / "src", TRICKY)
    searcher = open_searcher(engine, where)
    store, built = tokens.ensure(searcher)
    assert built and store.where.parent == tokens.folder_of(searcher) and (store.where / "manifest.json").exists()
    again, built = tokens.ensure(searcher)
    assert not built and again.where == store.where
    assert isinstance(again.codes.base, np.memmap) or isinstance(getattr(again.codes.base, "base", None), np.memmap)
    conc.forget()
    tokens._stores.clear()
    assert _lines(searcher) == _seam_lines(searcher, monkeypatch)
    assert conc.token_store(searcher).where == store.where      # opened from disk, not rebuilt


def test_a_whoosh_store_goes_beside_the_index(tmp_path, monkeypatch):
    monkeypatch.delenv(tokens.DIR_SWITCH, raising=False)
    _index("whoosh", tmp_path / "ix", tmp_path / "src", TRICKY[:3])
    store, _ = tokens.ensure(open_searcher("whoosh", tmp_path / "ix"))
    assert store.where.parent == tmp_path / "ix" / "research"
    index_paths(tmp_path / "ix", [str(tmp_path / "src")], rebuild=True)     # the index's own cleaning keeps it
    assert (store.where / "manifest.json").exists()


def test_a_store_of_another_version_or_format_is_not_used(target, tmp_path, stores, monkeypatch):
    engine, where = target
    _index(engine, where, tmp_path / "src", TRICKY)
    searcher = open_searcher(engine, where)
    folder = tokens.folder_of(searcher)
    arrays, scalars = tokens.arrays_of(tokens.build_rows(searcher))
    tokens.write(folder, arrays, scalars, "another version")
    old = tokens.open_store(folder, "another version")
    assert tokens.open_store(folder, tokens.version_key(searcher)) is None
    store, built = tokens.ensure(searcher)
    assert built and not old.where.exists()         # the other version's store is removed
    manifest = store.where / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b'"format":1', b'"format":0'))
    assert tokens.open_store(folder, tokens.version_key(searcher)) is None
    assert tokens.ensure(searcher)[1]
    assert _lines(searcher) == _seam_lines(searcher, monkeypatch)


@pytest.mark.parametrize("damage", ["truncate", "bytes", "missing", "manifest"])
def test_a_damaged_store_is_rebuilt(tricky_searcher, stores, monkeypatch, damage):
    store, _ = tokens.ensure(tricky_searcher)
    path = store.where / ("codes.npy" if damage != "manifest" else "manifest.json")
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[:-8])
    elif damage == "bytes":
        path.write_bytes(data[:-12] + bytes(b ^ 0xFF for b in data[-12:]))
    elif damage == "missing":
        path.unlink()
    else:
        path.write_bytes(data[:len(data) // 2])
    del store
    tokens._stores.clear()
    assert tokens.open_store(tokens.folder_of(tricky_searcher), tokens.version_key(tricky_searcher)) is None
    assert _lines(tricky_searcher) == _seam_lines(tricky_searcher, monkeypatch)
    assert conc.token_store(tricky_searcher).where is not None     # rebuilt on disk


def test_a_build_killed_before_its_rename_leaves_nothing_used(tricky_searcher, tricky_index, tricky_opensearch,
                                                             stores, tmp_path, monkeypatch):
    where = tricky_index if tricky_searcher.engine == "whoosh" else tricky_opensearch
    marker = tmp_path / "paused"
    env = {**os.environ, "CORPUS_TEST_PAUSE": "store-write", "CORPUS_TEST_MARKER": str(marker),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, "-c", "import sys; from corpus.engines import open_searcher; "
                              "from corpus.research import tokens; tokens.ensure(open_searcher(sys.argv[1], sys.argv[2]))",
                              tricky_searcher.engine, str(where)], env=env)
    try:
        wait_for(marker.exists, timeout=60, what="the build to reach its pause")
    finally:
        child.kill()
        child.wait()
    folder = tokens.folder_of(tricky_searcher)
    assert [p.name for p in folder.iterdir() if p.name.startswith(".build-")]     # its files, unfinished
    assert tokens.open_store(folder, tokens.version_key(tricky_searcher)) is None
    assert _lines(tricky_searcher) == _seam_lines(tricky_searcher, monkeypatch)
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".build-")]  # cleaned by the next build


def test_an_index_changed_after_its_store_was_built_gets_a_new_one(target, tmp_path, stores, monkeypatch):
    engine, where = target
    _index(engine, where, tmp_path / "src", TRICKY)
    searcher = open_searcher(engine, where)
    old = conc.token_store(searcher)
    assert "new1" not in old.index
    _index(engine, where, tmp_path / "src", [("new1", "وزير جديد", "قال وزير الإعلام الجديد", "2015-08-01", "عكاظ", "ar")])
    wait_for(lambda: tokens.version_key(searcher) != old.version, timeout=10, what="the new commit to be seen")
    got = _lines(searcher)
    assert "new1" in {ln["doc_id"] for ln in got["lines"]}
    assert got == _seam_lines(searcher, monkeypatch)
    new = conc.token_store(searcher)
    assert new.version != old.version and not old.where.exists()
    assert new.reused == len(TRICKY)        # only the new document was cut and analysed


def test_a_store_analysed_otherwise_is_not_reused(tricky_searcher, tmp_path, stores, monkeypatch):
    folder = tokens.folder_of(tricky_searcher)
    arrays, scalars = tokens.arrays_of(tokens.build_rows(tricky_searcher))
    meta = tricky_searcher.meta()
    tokens.write(folder, arrays, scalars, "earlier", [meta.get("analysis"), "other tables"])
    store, built = tokens.ensure(tricky_searcher)
    assert built and store.reused == 0
    tokens.write(folder, arrays, scalars, "earlier", [meta.get("analysis"), meta.get("tables")])
    shutil.rmtree(store.where)          # the current one gone: rebuilt from "earlier"
    store, built = tokens.ensure(tricky_searcher)
    assert built and store.reused == len(TRICKY)
    assert _lines(tricky_searcher) == _seam_lines(tricky_searcher, monkeypatch)


def test_corpus_index_builds_the_store_after_its_commit(tmp_path, stores):
    from click.testing import CliRunner
    from corpus.cli import main
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text(json.dumps({"id": "a", "title": "وزير", "content": "قال وزير الصحة",
                                             "date": "2015-07-21", "source": "عكاظ"}, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    ix = str(tmp_path / "ix")
    first = CliRunner().invoke(main, ["index", str(src), "--index", ix])
    assert first.exit_code == 0 and "research store built" in first.output, first.output
    searcher = open_searcher("whoosh", ix)
    assert tokens.open_store(tokens.folder_of(searcher), tokens.version_key(searcher)) is not None
    skipped = CliRunner().invoke(main, ["index", str(src), "--index", ix, "--no-research-store"])
    assert skipped.exit_code == 0 and "research store" not in skipped.output


def test_a_server_start_opens_the_store_on_disk(tricky_index, stores):
    from search_web import create_app
    searcher = open_searcher("whoosh", tricky_index)
    built, _ = tokens.ensure(searcher)
    tokens._stores.clear()
    app = create_app({"ENGINE": "whoosh", "INDEX": str(tricky_index), "WARM_TRANSLATION": False,
                      "WARM_EMBEDDINGS": False})
    wait_for(lambda: tokens.built(), timeout=10, what="the store to be opened")
    assert tokens.built()[0].where == built.where
    r = app.test_client().get("/api/concordance?q=%D9%88%D8%B2%D9%8A%D8%B1&size=5")
    assert r.status_code == 200 and r.get_json()["occurrences"] > 10
