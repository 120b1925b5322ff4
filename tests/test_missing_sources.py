"""A source that has disappeared (moved, unmounted, unreadable) keeps its documents: a bare
`corpus index` reports it, indexes the other sources, commits them and exits non-zero; only
`corpus index --prune` deletes its documents and forgets it. Files removed inside a source
that is still there are deleted as before. Library runs on both engines, CLI runs on Whoosh."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NEWS, fresh_target, write_news
from corpus.engines import open_searcher, open_sink
from corpus.errors import IndexProblem
from corpus.indexer import index_paths

CLI = [sys.executable, "-m", "corpus"]


target = fresh_target("missing")


def run(target, paths=(), **kw):
    return index_paths(open_sink(*target), [str(p) for p in paths], **kw)


def ids(target) -> set[str]:
    return {h["id"] for h in open_searcher(*target).export("", limit=1000)}


def two_sources(tmp_path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    write_news(a, NEWS[:3])
    write_news(b, NEWS[3:5])
    return a, b


def test_moved_source_is_kept_until_prune(target, tmp_path):
    a, b = two_sources(tmp_path)
    run(target, [a, b])
    a.rename(tmp_path / "a.moved")
    write_news(b, NEWS[5:6], "more.jsonl")             # the other source goes on
    report = run(target)
    assert [(m.source, m.why, m.documents) for m in report.missing] == [(str(a), "is missing", 3)]
    assert (report.indexed, report.deleted, report.skipped) == (1, 0, [])
    assert ids(target) == {r[0] for r in NEWS[:6]}
    assert "--prune" in report.missing[0].kept()

    pruned = run(target, prune=True)
    assert (pruned.missing, [(m.source, m.documents) for m in pruned.pruned]) == ([], [(str(a), 3)])
    assert pruned.deleted == 3 and ids(target) == {r[0] for r in NEWS[3:6]}
    assert open_sink(*target).meta()["sources"] == [str(b)]
    assert run(target).missing == []                    # forgotten


def test_emptied_folder_is_kept_but_removed_files_are_deleted(target, tmp_path):
    """An existing folder with no supported files (an unmounted mount point) is missing; a
    folder that still has files loses the documents of the files removed from it."""
    a, b = two_sources(tmp_path)
    write_news(a, NEWS[5:7], "second.jsonl")
    run(target, [a, b])
    (a / "news.jsonl").unlink()                         # one of a's two files: deleted as before
    report = run(target)
    assert (report.deleted, report.missing) == (3, [])
    (a / "second.jsonl").unlink()                       # its last one: a looks unmounted
    report = run(target)
    assert report.deleted == 0 and [(m.why, m.documents) for m in report.missing] == \
        [("has no supported files now (an unmounted drive?)", 2)]
    assert ids(target) == {r[0] for r in NEWS[3:7]}
    assert run(target, prune=True).deleted == 2 and ids(target) == {r[0] for r in NEWS[3:5]}


def test_unreadable_source_is_kept(tmp_path, monkeypatch):
    """A folder that cannot be listed (as root, simulated), the source itself or a sub-folder:
    nothing under it is deleted."""
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_news(src, NEWS[:2])
    write_news(src / "sub", NEWS[2:4])
    index_paths(ix, [str(src)])
    real_scandir, real_stat = os.scandir, os.stat
    locked: list[str] = []

    def denied(path):
        if any(str(path) == p or str(path).startswith(p + "/") for p in locked):
            raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", lambda path=".": denied(path) or real_scandir(path))
    monkeypatch.setattr(os, "stat", lambda path, *a, **kw: denied(path) or real_stat(path, *a, **kw))
    locked.append(str(src / "sub"))
    report = index_paths(ix)
    assert (report.unchanged, report.deleted, report.missing) == (2, 0, [])
    locked.append(str(src))
    report = index_paths(ix)
    assert [(m.why, m.documents) for m in report.missing] == [("cannot be read (Permission denied)", 4)]
    assert report.deleted == 0 and report.skipped == []
    locked.clear()
    assert index_paths(ix).unchanged == 4


def test_rebuild_with_a_missing_source_is_refused(tmp_path):
    a, b = two_sources(tmp_path)
    ix = tmp_path / "ix"
    index_paths(ix, [str(a), str(b)])
    a.rename(tmp_path / "a.moved")
    with pytest.raises(IndexProblem, match=f"source {a} is missing: a rebuild would drop its 3 documents"):
        index_paths(ix, rebuild=True)
    assert ids(("whoosh", ix)) == {r[0] for r in NEWS[:5]}
    report = index_paths(ix, rebuild=True, prune=True)
    assert report.documents == 2 and open_sink("whoosh", ix).meta()["sources"] == [str(b)]


def cli(*args):
    r = subprocess.run(CLI + ["index", *map(str, args)], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def test_cli_mv_scenario(tmp_path):
    """`corpus index data/ && mv data data.moved && corpus index` used to delete everything."""
    data, ix = tmp_path / "data", tmp_path / "ix"
    write_news(data)
    assert cli(data, "--index", ix).returncode == 0
    data.rename(tmp_path / "data.moved")
    r = cli("--index", ix)
    assert r.returncode == 1, r.stdout
    assert r.stderr.strip() == (f"source {data} is missing: its {len(NEWS)} documents are kept; "
                                f"`corpus index --prune` deletes them and forgets the source")
    assert f"deleted 0, unchanged 0, skipped 0 file(s) or record(s); {len(NEWS)} documents" in r.stdout
    assert len(ids(("whoosh", ix))) == len(NEWS)
    r = cli(data, "--index", ix)                        # named on the command line: the same
    assert r.returncode == 1 and "is missing" in r.stderr and len(ids(("whoosh", ix))) == len(NEWS)
    (tmp_path / "data.moved").rename(data)              # back: nothing to do
    r = cli("--index", ix)
    assert r.returncode == 0 and f"unchanged {len(NEWS)}" in r.stdout and not r.stderr
    data.rename(tmp_path / "data.moved")
    r = cli("--index", ix, "--prune")
    assert r.returncode == 0, r.stderr
    assert f"source {data} is missing: pruned (its {len(NEWS)} documents deleted" in r.stdout
    assert f"deleted {len(NEWS)}," in r.stdout and ids(("whoosh", ix)) == set()
    r = cli("--index", ix)
    assert r.returncode == 1 and "nothing to index" in r.stderr


def test_cli_empty_folder_scenario(tmp_path):
    """An unmounted mount point: the folder is there, empty."""
    mnt, other, ix = tmp_path / "mnt", tmp_path / "other", tmp_path / "ix"
    write_news(mnt, NEWS[:4])
    write_news(other, NEWS[4:])
    assert cli(mnt, other, "--index", ix).returncode == 0
    (mnt / "news.jsonl").rename(tmp_path / "away.jsonl")
    write_news(other, NEWS[:1], "again.jsonl")          # ar1 now also in `other`: re-read there
    r = cli("--index", ix)
    assert r.returncode == 1
    assert f"source {mnt} has no supported files now (an unmounted drive?): its 4 documents are kept" in r.stderr
    assert "nothing usable" not in r.stderr and "indexed 0, updated 1, deleted 0" in r.stdout
    assert len(ids(("whoosh", ix))) == len(NEWS)
