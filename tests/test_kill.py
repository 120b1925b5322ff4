"""`kill -9` at 20 random points of full and incremental runs (among them the commit, the
table-of-contents write and the generation switch, reached through the CORPUS_TEST_PAUSE
hook): the index stays at its last commit, no worker outlives the run, and the very next
`corpus index` starts at once and succeeds."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from corpus.engines.whoosh import store
from tests.waiting import exited, wait_for

CLI = [sys.executable, "-m", "corpus"]
TAG = "CORPUS_KILL_TRIAL"
WORDS = "الجيش العراقي قوات البيشمركة إقليم كوردستان بغداد أربيل الموصل كركوك الانتخابات النفط".split()


def _write(path: Path, ids: range, version: int, rnd: random.Random) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in ids:
            body = " ".join(rnd.choice(WORDS) + str(rnd.randrange(300)) for _ in range(20))
            f.write(json.dumps({"id": f"k{i}", "title": f"خبر {i} نسخة {version}", "content": body},
                               ensure_ascii=False) + "\n")


def _state(ix: Path) -> dict[str, str]:
    """id -> content hash of the live documents; fails if an id is there twice."""
    with store.open_index(ix).reader() as r:
        ids, hashes = r.column_reader("id"), r.column_reader("hash")
        pairs = [(ids[n], hashes[n]) for n in r.all_doc_ids()]
    assert len({i for i, _ in pairs}) == len(pairs), "an id is in the index twice"
    return dict(pairs)


def _tagged(tag: str) -> list[psutil.Process]:
    """Live (not zombie) processes started by the run tagged `tag`."""
    found = []
    for p in psutil.process_iter():
        try:
            if p.environ().get(TAG) == tag and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return found


def _run(args, tag: str, pause: str | None = None, marker: Path | None = None, log: Path | None = None):
    """`corpus index ARGS` as a subprocess tagged `tag` (its workers inherit the tag); output to
    `log` (.out/.err) if given, else to pipes."""
    env = {**os.environ, TAG: tag, "CORPUS_TEST_PAUSE": pause or "", "CORPUS_TEST_MARKER": str(marker)}
    if log is None:
        return subprocess.Popen(CLI + ["index", *args], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    with log.with_suffix(".out").open("w") as out, log.with_suffix(".err").open("w") as err:
        return subprocess.Popen(CLI + ["index", *args], env=env, stdout=out, stderr=err)


def _locks_free(ix: Path) -> None:
    """Both locks (ours and Whoosh's) can be taken now: no process of the killed run holds one."""
    with store.writer_lock(ix):
        lock = store.open_index(ix).lock("WRITELOCK")
        assert lock.acquire(blocking=False), "a worker of the killed run holds Whoosh's lock"
        lock.release()


def _change(src: Path, trial: int, rnd: random.Random, files: dict[str, range], big: bool) -> None:
    """Add a file (small, or with `big` one for the parallel writer), rewrite one or delete one."""
    op = "add" if big or len(files) < 2 else rnd.choice(["add", "edit", "delete"])
    if op == "delete" or sum(len(r) for r in files.values()) > 800:
        del files[name := rnd.choice(sorted(files))]
        (src / name).unlink()
    if op == "edit":
        name = rnd.choice(sorted(files))
        _write(src / name, files[name], trial, rnd)
    elif op == "add":
        start = 1000 * (trial + 1)
        files[f"f{trial}.jsonl"] = range(start, start + (410 if big else 40))
        _write(src / f"f{trial}.jsonl", files[f"f{trial}.jsonl"], trial, rnd)


def test_kill_at_random_points(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "DEAD_HOLDER_WAIT", 0.0)    # a lock held by an orphan fails at once
    rnd = random.Random(20240607)
    src, ix, marker = tmp_path / "src", tmp_path / "ix", tmp_path / "paused"
    src.mkdir()
    files = {"base.jsonl": range(0, 450)}
    _write(src / "base.jsonl", files["base.jsonl"], 0, rnd)
    first = _run([str(src), "--index", str(ix), "--procs", "2"], "setup")
    assert first.wait(timeout=120) == 0
    committed = _state(ix)
    worker_kills = 0
    full_phases = ["commit", "toc", "switch", "drop", "delay"]    # one rebuild killed at each
    rnd.shuffle(full_phases)
    for trial in range(20):
        full = trial % 4 == 3
        phase = full_phases.pop() if full else rnd.choice(["commit", "toc", "delay"])
        if not full or rnd.random() < 0.5:      # killed at the commit: while workers are there
            _change(src, trial, rnd, files, big=phase == "commit" or rnd.random() < 0.3)
        args = ["--index", str(ix), "--procs", "2"] + (["--rebuild"] if full else [])
        tag = f"trial{trial}-{os.getpid()}"
        marker.unlink(missing_ok=True)
        log = tmp_path / f"trial{trial}"
        proc = _run(args, tag, None if phase == "delay" else phase, marker, log)
        if phase == "delay":
            time.sleep(rnd.uniform(0.0, 1.5))   # anywhere; the checks don't depend on where
        else:
            wait_for(lambda: marker.exists() or proc.poll() is not None, what=f"the {phase} pause")
            assert proc.poll() is None, log.with_suffix(".err").read_text()
            worker_kills += len(_tagged(tag)) > 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)                   # the run itself; its workers are not waited for
        _locks_free(ix)

        killed = _state(ix)                     # the last commit: before or after, never between
        again = _run(args, tag + "-next")
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0 and "locked" not in err and "Traceback" not in err, (trial, phase, err)
        after = _state(ix)
        assert killed in (committed, after), (trial, phase, len(killed), len(committed), len(after))
        assert set(after) == {f"k{i}" for r in files.values() for i in r}
        assert f"{len(after)} documents in the index" in out
        wait_for(lambda: not _tagged(tag), timeout=5, what="the killed run's workers to exit")
        assert "Traceback" not in log.with_suffix(".err").read_text(), (trial, phase)
        committed = after
    assert worker_kills >= 2                    # some kills did hit running workers


def test_a_killed_worker_fails_the_run_cleanly(tmp_path):
    rnd = random.Random(3)
    src, ix, marker = tmp_path / "src", tmp_path / "ix", tmp_path / "paused"
    src.mkdir()
    _write(src / "a.jsonl", range(0, 20), 0, rnd)
    assert _run([str(src), "--index", str(ix)], "setup").wait(timeout=60) == 0
    before = _state(ix)
    _write(src / "b.jsonl", range(100, 550), 0, rnd)
    proc = _run(["--index", str(ix), "--procs", "2"], "worker", "commit", marker)
    wait_for(lambda: marker.exists() or proc.poll() is not None, what="the commit pause")
    workers = psutil.Process(proc.pid).children()
    assert len(workers) == 2
    workers[0].kill()
    marker.unlink()                             # resume: the commit finds a worker missing
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "an indexing worker died" in err and "Traceback" not in err, err
    wait_for(lambda: exited(workers), timeout=5, what="the other worker to exit")
    assert _state(ix) == before
    assert _run(["--index", str(ix), "--procs", "2"], "again").wait(timeout=60) == 0
    assert len(_state(ix)) == 470
