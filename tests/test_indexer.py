"""Indexing: full and incremental builds, remembered sources, the lock, interrupted runs,
bad input. Every run here goes through corpus.indexer.index_paths or the `corpus` CLI."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from corpus.engines.whoosh import store
from corpus.indexer import index_paths
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
from tests.conftest import NEWS, SEEDS, write_news
from tests.waiting import exited, wait_for

CLI = [sys.executable, "-m", "corpus"]


def ids(index: Path) -> set[str]:
    return {h["id"] for h in Corpus(index).export("", limit=100_000)}


def test_seeds_index_with_their_metadata(tmp_path):
    report = index_paths(tmp_path / "ix", [str(SEEDS)])
    assert (report.indexed, report.documents, report.skipped) == (2, 2, [])
    c = Corpus(tmp_path / "ix")
    by_name = {Path(i).name: i for i in ids(tmp_path / "ix")}     # ids are relative to the source
    doc = c.document(by_name["000_2b962490b787794b.txt"])
    assert doc["date"] == "2019-01-22" and doc["source"] == "Anadolu" and doc["lang"] == "ar"
    doc = c.document(by_name["004_3984e7fda9c7b76c.txt"])
    assert "May be an image" not in doc["body"] and "Privacy Policy" not in doc["body"]


def test_incremental_add_change_delete(tmp_path):
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_news(src, NEWS[:4], "a.jsonl")
    write_news(src, NEWS[4:6], "b.jsonl")
    first = index_paths(ix, [str(src)])
    assert (first.indexed, first.documents) == (6, 6)

    again = index_paths(ix, [str(src)])                      # nothing changed
    assert (again.indexed, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 6)

    changed = list(NEWS[:4])
    changed[0] = (changed[0][0], "عنوان جديد كليا", *changed[0][2:])
    write_news(src, changed[:3] + [changed[0]], "a.jsonl")   # ar1 changed, ar4 gone from a.jsonl
    write_news(src, NEWS[6:8], "c.jsonl")                    # a new file
    (src / "b.jsonl").unlink()                               # a deleted file
    run = index_paths(ix)                                    # bare run: remembered sources
    assert (run.indexed, run.updated, run.deleted, run.unchanged) == (2, 1, 3, 2)
    assert ids(ix) == {"ar1", "ar2", "ar3", "en2", "en3"}
    assert Corpus(ix).document("ar1")["title"] == "عنوان جديد كليا"


def test_duplicate_ids_are_reported_naming_the_first_file(tmp_path, monkeypatch):
    from corpus import readers
    src, ix = tmp_path / "src", tmp_path / "ix"
    a = write_news(src, NEWS[:3], "a.jsonl")
    b = write_news(src, [NEWS[1], NEWS[3], NEWS[1]], "b.jsonl")       # ar2 again, twice
    report = index_paths(ix, [str(src)])
    assert (report.indexed, report.documents) == (4, 4)
    assert report.skipped == [(str(b), f"duplicate id 'ar2', skipped: already read from {a}")] * 2
    assert ids(ix) == {"ar1", "ar2", "ar3", "ar4"}
    monkeypatch.setattr(readers, "MAX_PROBLEMS", 1)                  # many: a count after the first
    report = index_paths(ix, [str(src)])
    assert [r for _, r in report.skipped] == [f"duplicate id 'ar2', skipped: already read from {a}",
                                              "1 more bad record(s) skipped"]


def test_sources_are_remembered_and_other_sources_kept(tmp_path):
    a, b, ix = tmp_path / "a", tmp_path / "b", tmp_path / "ix"
    write_news(a, NEWS[:2])
    write_news(b, NEWS[2:4])
    index_paths(ix, [str(a)])
    index_paths(ix, [str(b)])                                # indexing b leaves a's documents
    assert ids(ix) == {"ar1", "ar2", "ar3", "ar4"}
    assert store.read_meta(ix)["sources"] == sorted([str(a), str(b)])
    with pytest.raises(store.IndexProblem, match="nothing to index"):
        index_paths(tmp_path / "empty")


def test_rebuild_switches_generation_atomically(tmp_path):
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_news(src)
    index_paths(ix, [str(src)])
    before = store.read_meta(ix)["indexname"]
    reader = Corpus(ix)
    assert reader.search("النفط", translate="off").total == 1
    report = index_paths(ix, rebuild=True)
    assert report.indexed == len(NEWS)
    after = store.read_meta(ix)["indexname"]
    assert after != before and not any(p.name.startswith(f"_{before}_") for p in ix.iterdir())
    assert reader.search("النفط", translate="off").total == 1                  # an open Corpus follows the switch


def test_second_writer_is_refused_with_pid(tmp_path):
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_news(src)
    with store.writer_lock(ix):
        with pytest.raises(store.IndexLocked, match=f"locked by pid {os.getpid()}"):
            index_paths(ix, [str(src)])
        r = subprocess.run(CLI + ["index", str(src), "--index", str(ix)], capture_output=True, text=True)
        assert r.returncode == 1 and f"locked by pid {os.getpid()}" in r.stderr
        assert "Traceback" not in r.stderr
    assert index_paths(ix, [str(src)]).indexed == len(NEWS)   # the lock is gone afterwards


def _big_corpus(folder: Path, n: int) -> Path:
    words = "الجيش العراقي قوات البيشمركة إقليم كوردستان بغداد أربيل الموصل كركوك الانتخابات النفط".split()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            body = " ".join(words[(i * 7 + k) % len(words)] + str(k % 50) for k in range(300))
            f.write(json.dumps({"id": f"big{i}", "title": f"خبر رقم {i}", "content": body}, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_run_keeps_last_commit(tmp_path, sig):
    src, ix, marker = tmp_path / "src", tmp_path / "ix", tmp_path / "paused"
    write_news(src)
    index_paths(ix, [str(src)])
    before = ids(ix)
    _big_corpus(tmp_path / "big", 600)
    env = {**os.environ, "CORPUS_TEST_PAUSE": "commit", "CORPUS_TEST_MARKER": str(marker)}
    # SIGINT as a terminal delivers it, even when this test runs in a background job (which
    # starts with SIGINT ignored, and Python then keeps ignoring it)
    proc = subprocess.Popen(CLI + ["index", str(tmp_path / "big"), "--index", str(ix), "--procs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wait_for(lambda: marker.exists() or proc.poll() is not None, what="the run to reach its commit")
    assert proc.poll() is None, proc.communicate()
    workers = psutil.Process(proc.pid).children()
    assert workers                                            # the parallel writer's, busy
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    if sig == signal.SIGINT:
        assert "interrupted" in err
    assert "Traceback" not in err
    assert ids(ix) == before                                  # the last commit, intact
    assert Corpus(ix).search("النفط", translate="off").total == 1
    report = index_paths(ix, [str(src)])                      # the next run works at once
    assert report.unchanged == len(NEWS)
    wait_for(lambda: exited(workers), timeout=5, what="the workers to exit")


def test_bad_input_is_reported_and_skipped(tmp_path):
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_news(src, NEWS[:2], "good.jsonl")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (src / "truncated.json").write_text('[{"title": "abc', encoding="utf-8")
    (src / "cp1256.txt").write_bytes("عنوان الخبر\n\nهذا نص عربي مكتوب بترميز ويندوز العربي.".encode("cp1256"))
    r = subprocess.run(CLI + ["index", str(src), "--index", str(ix)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "indexed 3" in r.stdout and "skipped 3 file(s)" in r.stdout
    for name, reason in [("empty.txt", "empty file"), ("binary.txt", "binary file"),
                         ("truncated.json", "invalid JSON")]:
        assert f"{src / name}: {reason}" in r.stderr
    assert "Traceback" not in r.stderr


def test_nothing_usable_exits_nonzero_and_keeps_index(tmp_path):
    src, bad, ix = tmp_path / "src", tmp_path / "bad", tmp_path / "ix"
    write_news(src)
    index_paths(ix, [str(src)])
    bad.mkdir()
    (bad / "x.json").write_text("{oops", encoding="utf-8")
    r = subprocess.run(CLI + ["index", str(bad), "--index", str(ix)], capture_output=True, text=True)
    assert r.returncode == 1 and "nothing usable" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run(CLI + ["index", str(tmp_path / "missing"), "--index", str(ix)], capture_output=True, text=True)
    assert r.returncode == 1 and "missing" in r.stderr
    assert len(ids(ix)) == len(NEWS)


def test_index_location_from_environment(tmp_path):
    src = tmp_path / "src"
    write_news(src, NEWS[:1])
    env = {**os.environ, "CORPUS_INDEX": str(tmp_path / "envix")}
    r = subprocess.run(CLI + ["index", str(src)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0 and (tmp_path / "envix" / "meta.json").exists()


def test_parallel_workers_split_segments_to_bound_memory(tmp_path, monkeypatch):
    import corpus.engines.whoosh.writers as indexer
    monkeypatch.setattr(indexer, "SEGMENT_POSTINGS", 20_000)     # workers are forked: they see it
    _big_corpus(tmp_path / "big", 800)
    report = index_paths(tmp_path / "ix", [str(tmp_path / "big")], procs=2)
    assert report.indexed == 800 and report.documents == 800
    ix = store.open_index(tmp_path / "ix")
    with ix.reader() as r:
        assert len(r.leaf_readers()) > 2                             # more than one per worker
    c = Corpus(tmp_path / "ix")
    assert c.search("خبر رقم 799", translate="off").total == 1
    assert c.search("البيشمركة", op="or", translate="off").total == 800


def test_rebuild_that_reads_nothing_keeps_the_index(tmp_path):
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_news(src)
    index_paths(ix, [str(src)])
    (src / "news.jsonl").write_text("{broken", encoding="utf-8")
    report = index_paths(ix, rebuild=True)
    assert not report.usable and report.skipped and report.documents == len(NEWS)
    assert ids(ix) == {row[0] for row in NEWS}
