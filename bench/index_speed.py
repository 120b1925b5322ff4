"""Indexing speed and memory on SaudiNewsNet (31,030 articles), side by side.

    python bench/index_speed.py [--corpus DIR] [--procs N] [--baseline] [--commits [--rounds N]]
                                [--root DIR --root DIR2 [--rounds N]] [--slice N] [--keep DIR]

Runs `corpus index --rebuild` on the corpus in a fresh temporary index and prints docs/s
(for a checkout whose `corpus index` ends by building the research views' token store: the index
with --no-research-store, then that step on its own row):
wall time, peak RSS and PSS (the whole process tree, sampled) and index size, next to the targets
and the reference figures from the issue. --baseline also times stock Whoosh (plain
StandardAnalyzer on title+content, MpWriter procs=2) on the same records in this run.
--commits times the build with one commit at the end and with the periodic commits of a
long run (the defaults: every 10,000 documents or 60 s), alternating, --rounds times each.
--root (repeatable) times the checkouts given (e.g. a worktree of main beside this one), in
turn, --rounds times each: before/after figures from one run on a shared machine.
--slice N indexes only the first N daily files of the corpus (2 files: 5,022 articles), for
quick comparisons; --keep DIR keeps each build's index there (DIR/1, DIR/2, ... in run order).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import NamedTuple

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet"
REFERENCE = [  # (what, seconds) on 31,495 docs of this corpus, from the issue
    ("stock Whoosh, plain analyzer, 1 process", 178), ("stock Whoosh, procs=2", 90),
    ("Lucene 8.7", 9), ("tantivy", 6)]


class Peak(NamedTuple):
    """Peak memory of a process tree, in bytes. rss sums each process's resident pages, so
    pages the forked writers share with the parent count once per process; pss (Linux's
    proportional set size) counts a shared page once in all: the memory the run takes."""
    rss: int
    pss: int


def run_measured(cmd: list[str], env: dict | None = None,
                 cwd: Path | None = None) -> tuple[float, float, Peak, str]:
    """(wall seconds, CPU seconds, peak memory of the process tree, stdout). CPU time is the
    steadier figure on a machine shared with other work."""
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=cwd)
    peak, parent = Peak(0, 0), psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [p.memory_full_info() for p in [parent] + parent.children(recursive=True)]
            peak = Peak(max(peak.rss, sum(m.rss for m in tree)), max(peak.pss, sum(m.pss for m in tree)))
        except psutil.Error:
            pass
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return time.perf_counter() - start, _children_cpu() - cpu, peak, out


def _children_cpu() -> float:
    """User + system seconds of the waited-for processes (workers the run joined included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def baseline(corpus: Path, workdir: Path) -> tuple[float, int, int]:
    script = f"""
import json, zipfile, glob
from whoosh import index, fields
from whoosh.analysis import StandardAnalyzer
from whoosh.multiproc import MpWriter
schema = fields.Schema(url=fields.ID(stored=True), title=fields.TEXT(analyzer=StandardAnalyzer(), stored=True),
                       content=fields.TEXT(analyzer=StandardAnalyzer(), stored=True))
ix = index.create_in({str(workdir)!r}, schema)
w = MpWriter(ix, procs=2, batchsize=200, multisegment=True)
for z in sorted(glob.glob({str(corpus)!r} + "/*.zip")):
    with zipfile.ZipFile(z) as zf:
        for name in zf.namelist():
            for r in json.loads(zf.read(name)):
                w.add_document(url=r["url"], title=r["title"] or "", content=r["content"] or "")
w.commit()
"""
    wall, cpu, peak, _ = run_measured([sys.executable, "-c", script])
    return wall, cpu, peak, dir_size(workdir)


# --commits: (label, environment) of the runs compared
COMMITS = [("one commit at the end", {"CORPUS_COMMIT_DOCS": "0", "CORPUS_COMMIT_SECONDS": "0"}),
           ("commits every 10,000 docs or 60 s", {"CORPUS_COMMIT_DOCS": "", "CORPUS_COMMIT_SECONDS": ""})]


KEEP: list = []      # --keep: where the indexes built go (the directory), else dropped


def build(corpus: Path, index: Path, procs: int | None, env: dict | None = None,
          root: Path = ROOT) -> tuple[float, float, int, str, int]:
    """(wall s, CPU s, Peak, stdout, index bytes) of `corpus index CORPUS --rebuild` into a
    new index, with the code of the checkout at `root`."""
    cmd = [sys.executable, "-m", "corpus", "index", str(corpus), "--index", str(index), "--rebuild"]
    if procs:
        cmd += ["--procs", str(procs)]
    env = {**(env or {}), "PYTHONPATH": str(root)}
    # `python -m` puts the working directory first on sys.path: run in the checkout itself
    store = has_research_store(root, env)
    wall, cpu, peak, out = run_measured(cmd + ["--no-research-store"] * store, env, cwd=root)
    size = dir_size(index)
    if store:       # the research views' token store, the separate step `corpus index` ends with
        STORE[root] = run_measured([sys.executable, "-c", STORE_STEP, str(index)], env, cwd=root)[:3]
    if KEEP:
        KEEP.append(KEEP[0] / str(len(KEEP)))
        shutil.move(index, KEEP[-1])
    shutil.rmtree(index, ignore_errors=True)
    return wall, cpu, peak, out, size


STORE: dict = {}     # root -> (wall s, CPU s, Peak) of its last research store step
STORE_STEP = ("import sys; from corpus.engines import open_searcher; from corpus.research import tokens; "
              "tokens.ensure(open_searcher('whoosh', sys.argv[1]))")


def has_research_store(root: Path, env: dict) -> bool:
    """Whether this checkout's `corpus index` ends by building the research store."""
    out = subprocess.run([sys.executable, "-m", "corpus", "index", "--help"], env={**os.environ, **env},
                         cwd=root, capture_output=True, text=True).stdout
    return "--no-research-store" in out


def sliced(corpus: Path, days: int, tmp: Path) -> Path:
    """A corpus of the first `days` daily files (links to them)."""
    part = tmp / "slice"
    part.mkdir()
    for z in sorted(corpus.glob("*.zip"))[:days]:
        (part / z.name).symlink_to(z.resolve())
    return part


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--procs", type=int, default=None)
    ap.add_argument("--baseline", action="store_true", help="also time stock Whoosh in this run")
    ap.add_argument("--commits", action="store_true",
                    help="time one commit against the periodic commits of a long run")
    ap.add_argument("--rounds", type=int, default=2, help="with --commits or --root: runs of each (alternating)")
    ap.add_argument("--root", type=Path, action="append", default=[],
                    help="a checkout whose code is timed (repeat to compare; default: this one)")
    ap.add_argument("--slice", type=int, default=0, help="only the first N daily files")
    ap.add_argument("--keep", type=Path, default=None, help="keep the indexes built in this directory")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    if args.slice:
        args.corpus = sliced(args.corpus, args.slice, tmp)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        KEEP.append(args.keep.absolute())
    n_records = sum(len(json.loads(zipfile.ZipFile(z).read(zipfile.ZipFile(z).namelist()[0])))
                    for z in sorted(args.corpus.glob("*.zip")))
    try:
        if args.commits:
            rows, outs = [], []
            for r in range(args.rounds):
                for label, env in COMMITS:
                    wall, cpu, peak, out, size = build(args.corpus, tmp / "ix", args.procs, env)
                    rows.append((f"{label}, round {r + 1}", wall, cpu, peak, size))
                    outs.append(out.strip())
            out = "\n".join(outs)
        elif args.root:
            rows, outs = [], []
            for r in range(args.rounds):
                for root in args.root:
                    wall, cpu, peak, out, size = build(args.corpus, tmp / "ix", args.procs, root=root.absolute())
                    rows.append((f"{root}, round {r + 1}", wall, cpu, peak, size))
                    if root.absolute() in STORE:
                        rows.append(("  + then the research store (separate step)", *STORE.pop(root.absolute()), 0))
                    outs.append(f"{root}: {out.strip()} (load {_load()})")
            out = "\n".join(outs)
        else:
            wall, cpu, peak, out, size = build(args.corpus, tmp / "ix", args.procs)
            rows = [("this project (langdetect, metadata, 3 text fields)", wall, cpu, peak, size)]
            rows += [("  + then the research store (separate step)", *step, 0) for step in STORE.values()]
        if args.baseline:
            (tmp / "base").mkdir()
            rows.append(("stock Whoosh, StandardAnalyzer, procs=2", *baseline(args.corpus, tmp / "base")))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"corpus: {args.corpus} ({n_records:,} records), {os.cpu_count()} cores, load average {_load()}")
    print(out.strip())
    print(f"\n{'indexer':<52} {'wall s':>8} {'docs/s':>8} {'CPU s':>8} {'peak RSS MB':>12} "
          f"{'peak PSS MB':>12} {'index MB':>9}")
    for name, w, cpu, p, size in rows:
        print(f"{name:<52} {w:>8.1f} {n_records / w:>8.0f} {cpu:>8.1f} {p.rss / 1e6:>12.0f} "
              f"{p.pss / 1e6:>12.0f} {size / 1e6:>9.0f}")
    print(f"{'target':<52} {'<= 60':>8} {n_records / 60:>8.0f} {'':>8} {'<= 1500':>12} {'<= 1500':>12}")
    print("(peak RSS sums each process's resident pages, counting pages shared with the parent "
          "once per writer; PSS counts them once: the memory the run takes)")
    for name, sec in REFERENCE:
        print(f"{'reference: ' + name:<52} {sec:>8} {31495 / sec:>8.0f}")


if __name__ == "__main__":
    main()
