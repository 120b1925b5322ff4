"""Long runs commit as they go (every N documents or T seconds): a first build killed with
`kill -9` after a commit leaves a committed partial index, and running `corpus index` again
(bare, or with the same path) ends with exactly the full index, story grouping included.
Commits along the way change nothing else: stories, metadata and vectors are those of a
run that commits once."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import ENGINES, NEWS, opensearch_name, write_news, write_wire
from corpus.engines import open_searcher, open_sink
from corpus.engines.whoosh import store
from corpus.errors import IndexProblem
from corpus.indexer import CommitEvery, index_paths
from tests.waiting import wait_for

CLI = [sys.executable, "-m", "corpus"]
ONCE = CommitEvery(documents=0, seconds=0)


def stories(ix: Path) -> dict[str, str]:
    """id -> story of the live documents of a Whoosh index; fails if an id is there twice."""
    with store.open_index(ix).reader() as r:
        ids, story = r.column_reader("id"), r.column_reader("story")
        pairs = [(ids[n], story[n]) for n in r.all_doc_ids()]
    assert len({i for i, _ in pairs}) == len(pairs), "an id is in the index twice"
    return dict(pairs)


@pytest.mark.parametrize("again", [[], ["SRC"]], ids=["bare", "same-path"])
def test_killed_first_build_resumes_to_the_full_index(tmp_path, again):
    src, ix, ref = write_wire(tmp_path / "src", 1500), tmp_path / "ix", tmp_path / "ref"
    index_paths(ref, [str(src)], procs=2, commit_every=ONCE)
    env = {**os.environ, "CORPUS_COMMIT_DOCS": "450", "CORPUS_COMMIT_SECONDS": "0"}
    proc = subprocess.Popen(CLI + ["index", str(src), "--index", str(ix), "--procs", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: store.exists(ix) or proc.poll() is not None, what="the first periodic commit")
    assert proc.poll() is None, proc.communicate()     # still building
    proc.kill()
    proc.wait(timeout=30)
    committed = stories(ix)
    assert 450 <= len(committed) < 1500
    assert store.read_meta(ix)["sources"] == [str(src)]

    args = [str(src) if a == "SRC" else a for a in again]
    r = subprocess.run(CLI + ["index", *args, "--index", str(ix), "--procs", "2"], env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert (f"indexed {1500 - len(committed)}, updated 0, deleted 0, unchanged {len(committed)}, "
            f"skipped 0 file(s) or record(s); 1500 documents in the index") in r.stdout
    assert stories(ix) == stories(ref)                  # every story as one uninterrupted run makes
    assert len(set(stories(ix).values())) < 60          # ~50 wire stories: grouping did happen
    exported = [sorted(open_searcher("whoosh", d).export("", limit=2000), key=lambda h: h["id"])
                for d in (ix, ref)]
    assert [{**h, "score": 0} for h in exported[0]] == [{**h, "score": 0} for h in exported[1]]


@pytest.fixture(params=ENGINES)
def engine(request):
    if request.param == "opensearch":
        request.getfixturevalue("opensearch_client")
    return request.param


def _target(engine: str, where: Path, label: str):
    return where if engine == "whoosh" else opensearch_name(label)


def _versions(engine: str, target, doc_ids) -> dict[str, set[str]]:
    """id -> the ids of its story (itself included): the grouping, whatever the story ids."""
    s = open_searcher(engine, target)
    return {i: {i, *(v["id"] for v in s.story_versions(i))} for i in doc_ids}


def _vectors(engine: str, target) -> dict[str, np.ndarray]:
    if engine == "whoosh":
        from corpus.embeddings import wfile
        ids, vectors = wfile.read(target, store.read_meta(target)["indexname"])
        return dict(zip(ids, vectors.astype(np.float32)))
    from opensearchpy.helpers import scan
    from corpus.embeddings.vectors import unpack
    from corpus.engines.opensearch.client import connect
    return {h["_source"]["id"]: np.asarray(unpack(h["_source"]["vector"]), np.float32)
            for h in scan(connect(), index=target, query={"_source": ["id", "vector"]})
            if h["_source"].get("vector")}


def _more(src: Path) -> None:
    """New versions of indexed stories, and three changed documents."""
    lines = (src / "wire0.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    extra = [{**r, "id": f"x{n}", "content": r["content"] + " إضافة"} for n, r in enumerate(records[:12])]
    for r in records[3:6]:
        r["title"] += " (محدث)"
    (src / "wire0.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                     encoding="utf-8")
    (src / "more.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in extra),
                                    encoding="utf-8")


def test_commits_along_the_way_change_nothing_else(engine, tmp_path):
    src = write_wire(tmp_path / "src", 60, stories=8, words=40, files=2)
    often, once = (_target(engine, tmp_path / name, name) for name in ("often", "once"))
    every = CommitEvery(documents=7, seconds=0)
    for phase in range(2):
        if phase:
            _more(src)
        a = index_paths(open_sink(engine, often), [str(src)], commit_every=every, embeddings=True)
        b = index_paths(open_sink(engine, once), [str(src)], commit_every=ONCE, embeddings=True)
        assert a.commits > 0 and b.commits == 0
        assert (a.indexed, a.updated, a.unchanged, a.documents) == (b.indexed, b.updated, b.unchanged,
                                                                    b.documents)
        rows = [sorted(open_searcher(engine, t).export("", limit=1000), key=lambda h: h["id"])
                for t in (often, once)]
        assert [{**h, "score": 0} for h in rows[0]] == [{**h, "score": 0} for h in rows[1]]
        doc_ids = [h["id"] for h in rows[0]]
        assert _versions(engine, often, doc_ids) == _versions(engine, once, doc_ids)
        va, vb = _vectors(engine, often), _vectors(engine, once)
        assert sorted(va) == sorted(vb) == sorted(doc_ids)
        assert all(np.allclose(va[i], vb[i], atol=1e-2) for i in doc_ids)
        ma, mb = (open_sink(engine, t).meta() for t in (often, once))
        for key in ("sources", "analysis", "embeddings"):
            assert ma[key] == mb[key]
    assert (a.indexed, a.updated) == (12, 3)
    grouping = _versions(engine, often, doc_ids)
    assert all(len(grouping[f"x{n}"]) > 1 for n in range(12))     # new versions joined their stories


def test_commits_by_time_and_not_in_a_rebuild(tmp_path):
    src, ix = write_news(tmp_path / "src"), tmp_path / "ix"
    report = index_paths(ix, [str(src)], commit_every=CommitEvery(documents=0, seconds=1e-9))
    assert (report.commits, report.documents) == (len(NEWS), len(NEWS))     # one after each
    # a rebuild's generation replaces the live index at its end only
    report = index_paths(ix, rebuild=True, commit_every=CommitEvery(documents=2, seconds=0))
    assert (report.commits, report.documents) == (0, len(NEWS))


def test_commit_settings_are_checked(tmp_path, monkeypatch):
    src = write_news(tmp_path / "src")
    monkeypatch.setenv("CORPUS_COMMIT_DOCS", "many")
    with pytest.raises(IndexProblem, match=re.escape("$CORPUS_COMMIT_DOCS must be a number (0: never), not 'many'")):
        index_paths(tmp_path / "ix", [str(src)])
    monkeypatch.delenv("CORPUS_COMMIT_DOCS")
    r = subprocess.run(CLI + ["index", str(src), "--index", str(tmp_path / "ix")], capture_output=True,
                       text=True, env={**os.environ, "CORPUS_COMMIT_SECONDS": "-5"}, timeout=120)
    assert r.returncode == 1 and r.stderr.strip() == \
        "Error: $CORPUS_COMMIT_SECONDS must be a number (0: never), not '-5'"
