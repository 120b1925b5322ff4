"""A full disk (or any write error, in the indexer or one of its writer processes) stops the
run at once: one line naming the cause, exit code 1, the lock released, the temporary and
uncommitted files removed, and the last committed index readable with its old count.
Every run here is a subprocess with a timeout: before this, such a run hung for ever."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import NEWS, write_news, write_wire
from corpus.engines.whoosh import store
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus

CLI = [sys.executable, "-m", "corpus"]
QUIET = {"CORPUS_COMMIT_DOCS": "0", "CORPUS_COMMIT_SECONDS": "0"}     # one commit: counts are exact


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MB tmpfs (root only: skipped elsewhere)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip() or 'not permitted'}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=True)


def files(ix: Path) -> dict[str, int]:
    """name -> size of what is in the index directory (the lock file's pid aside)."""
    return {p.name: p.stat().st_size for p in ix.iterdir() if p.name != store.LOCK}


def state(ix: Path) -> tuple[int, int, dict]:
    """(documents, hits for a word of the first index, meta)."""
    c = Corpus(ix)
    return c.stats()["documents"], c.search("النفط", translate="off").total, store.read_meta(ix)


def assert_lock_free(ix: Path) -> None:
    with store.writer_lock(ix):
        lock = store.open_index(ix).lock("WRITELOCK")
        assert lock.acquire(blocking=False), "Whoosh's write lock is still held"
        lock.release()


def fails_cleanly(cmd: list[str], ix: Path, before_files: dict, before_state: tuple) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env={**os.environ, **QUIET})
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert r.stderr.strip() == (f"Error: No space left on device writing the index at {ix}: "
                                f"the last committed index is kept"), r.stderr
    assert files(ix) == before_files
    assert state(ix) == before_state
    assert_lock_free(ix)


@pytest.mark.parametrize("mode,procs", [("incremental", 2), ("rebuild", 2), ("incremental", 1)])
def test_full_disk_stops_the_run(small_disk, tmp_path, mode, procs):
    small, big, ix = tmp_path / "small", tmp_path / "big", small_disk / "ix"
    write_news(small)
    write_wire(big, 1500, words=300)                    # ~40 MB of index
    assert subprocess.run(CLI + ["index", str(small), "--index", str(ix)], timeout=120).returncode == 0
    before_files, before_state = files(ix), state(ix)
    assert before_state[:2] == (len(NEWS), 1)
    args = [str(big)] if mode == "incremental" else [str(small), str(big), "--rebuild"]
    fails_cleanly(CLI + ["index", *args, "--index", str(ix), "--procs", str(procs)],
                  ix, before_files, before_state)
    # the disk has its space back and the index takes writes again
    write_news(small, NEWS[:1], "one.jsonl")
    r = subprocess.run(CLI + ["index", "--index", str(ix)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and f"{len(NEWS)} documents in the index" in r.stdout, r.stderr


def test_a_writer_process_failing_mid_run_stops_it(tmp_path):
    """A writer process that fails early while the indexer still has many batches to hand
    out: the indexer used to wait for ever on the full job queue."""
    small, big, ix = tmp_path / "small", tmp_path / "big", tmp_path / "ix"
    write_news(small)
    write_wire(big, 3000, words=20)                     # 15 batches for the writer processes
    assert subprocess.run(CLI + ["index", str(small), "--index", str(ix)], timeout=120).returncode == 0
    before_files, before_state = files(ix), state(ix)
    script = textwrap.dedent("""
        import errno, sys
        from corpus.engines.whoosh.fastwrite import FastSegmentWriter
        from corpus.cli import main
        real = FastSegmentWriter.add_document

        def add_document(self, **fields):      # only the writer processes add to one in parallel runs
            if self.docnum == 20:
                raise OSError(errno.ENOSPC, "No space left on device", "segment")
            return real(self, **fields)
        FastSegmentWriter.add_document = add_document
        main(sys.argv[1:])
    """)
    fails_cleanly([sys.executable, "-c", script, "index", str(big), "--index", str(ix), "--procs", "2"],
                  ix, before_files, before_state)
