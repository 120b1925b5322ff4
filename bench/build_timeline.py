"""Where a Whoosh build's wall time goes: a timeline of the parent and each indexing worker.

    python bench/build_timeline.py [--corpus DIR] [--slice N] [--procs N] [--bin S] [--index DIR]

Runs `corpus index CORPUS --rebuild --no-research-store` in this process (the code of the
checkout it is run from, PYTHONPATH=.), with the indexer's steps wrapped: each process (the
parent, each worker) adds up, per step, the wall and CPU seconds spent in it (exclusive of the
steps it calls), and keeps the spans. Prints per process the steps' totals, then a timeline in
bins of --bin seconds: for each process the step it spent most of the bin in, and the whole
tree's CPU use in the bin (of os.cpu_count() cores), sampled. The wrapping costs a little
(a few microseconds a call); the shape, not the last second, is what it shows.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet"
T0 = time.monotonic()


class Tracer:
    """Per-process step totals (exclusive) and spans, kept on a stack of open steps."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.pid = os.getpid()
        self.stack: list = []
        self.totals = defaultdict(lambda: [0.0, 0.0, 0])    # step -> [wall, cpu, calls]
        self.spans: list = []       # (start, end, step), exclusive parts merged per bin later

    def enter(self, name):
        now, cpu = time.monotonic(), time.thread_time()
        if self.stack:
            top = self.stack[-1]
            self.spans.append((top[3], now, top[0]))
        self.stack.append([name, now, cpu, now, 0.0, 0.0])

    def leave(self):
        now, cpu = time.monotonic(), time.thread_time()
        name, start, cpu0, seg, cw, cc = self.stack.pop()
        self.spans.append((seg, now, name))
        wall, used = now - start, cpu - cpu0
        t = self.totals[name]
        t[0] += wall - cw
        t[1] += used - cc
        t[2] += 1
        if self.stack:
            top = self.stack[-1]
            top[3] = now
            top[4] += wall
            top[5] += used

    def dump(self, folder: Path, role: str):
        (folder / f"{role}-{self.pid}.json").write_text(json.dumps(
            {"role": role, "pid": self.pid, "totals": self.totals, "spans": self.spans}))


TRACE = Tracer()


def wrap(owner, attr, name=None):
    """Replace owner.attr by a function that traces its calls as step `name`."""
    orig = getattr(owner, attr)

    def wrapped(*a, **k):
        TRACE.enter(name or attr)
        try:
            return orig(*a, **k)
        finally:
            TRACE.leave()
    setattr(owner, attr, wrapped)


def _gc_callback(phase, info):
    if phase == "start":
        TRACE.enter("gc")
    elif TRACE.stack and TRACE.stack[-1][0] == "gc":
        TRACE.leave()


def instrument(folder: Path):
    import corpus.indexer as indexer
    import corpus.prepare as prepare
    import corpus.stories as stories
    import corpus.engines.whoosh.writers as writers
    import corpus.engines.whoosh.fastwrite as fastwrite
    import corpus.engines.whoosh.sink as sink
    import corpus.engines.whoosh.store as store
    import corpus.fields as fields
    from whoosh.codec import whoosh3
    from whoosh.writing import SegmentWriter

    import corpus.readers as readers
    steps = (    # (owner, attribute, step); the workers are forked and inherit the wrappers
        # the parent
        (indexer, "read_file", "read+parse"),
        (readers.Documents, "_next", "read+parse"),
        (indexer.metadata, "warm", "warm tables"),
        (prepare, "fingerprints", "fingerprints"),
        (stories.StoryAssigner, "assign", "story assign"),
        (writers, "open_writer", "open writer (warm, freeze)"),
        (writers._ParallelWriter, "_enqueue", "pickle job"),
        (writers._ParallelWriter, "_put", "wait: job queue full"),
        (writers._Worker, "start", "fork worker"),
        (writers._ParallelWriter, "_result", "wait: worker results"),
        (writers._ParallelWriter, "_commit", "commit"),
        (writers._Committing, "_commit_toc", "commit toc"),
        (sink.WhooshSink, "_write_vectors", "vectors"),
        (store, "switch_generation", "switch generation"),
        (indexer.IndexReport, "summary", "summary"),
        # the workers
        (writers, "detect_language", "langid"),
        (writers, "document_fields", "document fields (rest)"),
        (fields, "indexed_metadata", "metadata+mentions"),
        (fastwrite.FastSegmentWriter, "add_document", "postings"),
        (fastwrite, "analyze_tokens", "analysis"),
        (writers.pickle, "load", "unpickle"),
        (fastwrite.FastSegmentWriter, "_flush_segment", "flush: terms"),
        (SegmentWriter, "_finalize_segment", "finalize segment"),
        (whoosh3.W3PerDocWriter, "close", "flush: stored fields+columns"),
        (fastwrite, "_write_hashes", "flush: term hashes"),
    )
    for owner, attribute, step in steps:
        wrap(owner, attribute, step)
    gc.callbacks.append(_gc_callback)

    run = writers._Worker._run

    def traced_run(self):
        TRACE.reset()
        q = self.jobqueue
        get = q.get

        def timed_get(*a, **k):
            TRACE.enter("wait: job")
            try:
                return get(*a, **k)
            finally:
                TRACE.leave()
        q.get = timed_get
        TRACE.enter("worker other")
        try:
            run(self)
        finally:
            TRACE.leave()
            TRACE.dump(folder, "worker")
    writers._Worker._run = traced_run


def sample(samples: list, stop: threading.Event):
    me = psutil.Process()
    last = {}
    while not stop.is_set():
        now = time.monotonic()
        row = {}
        for p in [me] + me.children(recursive=True):
            try:
                c = p.cpu_times()
                row[p.pid] = c.user + c.system
            except psutil.Error:
                pass
        samples.append((now, row))
        stop.wait(0.25)


def report(folder: Path, samples: list, start: float, end: float, bin_s: float):
    procs = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    procs.sort(key=lambda d: (d["role"] != "parent", min((s[0] for s in d["spans"]), default=0)))
    print(f"run: {end - start:.1f} s wall, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for d in procs:
        tot = d["totals"]
        wall = sum(v[0] for v in tot.values())
        cpu = sum(v[1] for v in tot.values())
        first = min((s[0] for s in d["spans"]), default=start) - start
        last = max((s[1] for s in d["spans"]), default=start) - start
        print(f"\n{d['role']} {d['pid']}: {first:.1f}-{last:.1f} s, traced {wall:.1f} s wall / {cpu:.1f} s CPU (main thread)")
        for name, (w, c, n) in sorted(tot.items(), key=lambda kv: -kv[1][0]):
            if w >= 0.05:
                print(f"  {name:<34} {w:7.1f} s wall {c:7.1f} s CPU {n:9d} calls")
    parent = next((d for d in procs if d["role"] == "parent"), None)
    if parent:      # the commits: the parent waiting for the workers' segments, then the rest
        waits = []
        for s0, s1, name in sorted(parent["spans"]):
            if name == "wait: worker results":
                if waits and s0 - waits[-1][1] < 0.5:
                    waits[-1][1] = s1
                else:
                    waits.append([s0, s1])
        print("\nthe parent waiting for the workers' segments (a commit's drain and flush): "
              + ", ".join(f"{a - start:.1f}-{b - start:.1f} s ({b - a:.1f})" for a, b in waits))
    # CPU of the tree per bin, from the samples
    nbins = int((end - start) / bin_s) + 1
    cpu_bins = [0.0] * nbins
    prev = dict(samples[0][1]) if samples else {}
    for t, row in samples[1:]:
        b = min(nbins - 1, int((t - start) / bin_s))
        for pid, c in row.items():
            cpu_bins[b] += c - prev.get(pid, 0.0)     # a forked worker starts at 0
            prev[pid] = c
    # dominant step per process per bin
    print(f"\ntimeline (bins of {bin_s:g} s; per process the step taking most of the bin, "
          f"'-' idle or not alive; tree CPU in cores):")
    head = f"{'t':>6} {'cores':>5}  " + "  ".join(f"{d['role'][:6] + str(i):<24}" for i, d in enumerate(procs))
    print(head)
    per = []
    for d in procs:
        bins = [defaultdict(float) for _ in range(nbins)]
        for s0, s1, name in d["spans"]:
            a, b = s0 - start, s1 - start
            while a < b:
                k = min(nbins - 1, int(a / bin_s))
                edge = min(b, (k + 1) * bin_s)
                bins[k][name] += edge - a
                if edge <= a:
                    break
                a = edge
        per.append(bins)
    for k in range(nbins):
        cells = []
        for bins in per:
            if not bins[k]:
                cells.append("-")
                continue
            name, w = max(bins[k].items(), key=lambda kv: kv[1])
            cells.append(f"{name[:18]} {w / bin_s:3.0%}")
        print(f"{k * bin_s:6.0f} {cpu_bins[k] / bin_s:5.2f}  " + "  ".join(f"{c:<24}" for c in cells))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--slice", type=int, default=0)
    ap.add_argument("--procs", type=int, default=None)
    ap.add_argument("--bin", type=float, default=2.0)
    ap.add_argument("--index", type=Path, default=None, help="build here (kept), else a temporary folder")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="corpus-timeline-"))
    corpus = args.corpus
    if args.slice:
        corpus = tmp / "slice"
        corpus.mkdir()
        for z in sorted(args.corpus.glob("*.zip"))[:args.slice]:
            (corpus / z.name).symlink_to(z.resolve())
    folder = tmp / "trace"
    folder.mkdir()
    index = args.index or tmp / "ix"
    instrument(folder)
    from corpus.cli import main as cli
    samples, stop = [], threading.Event()
    sampler = threading.Thread(target=sample, args=(samples, stop), daemon=True)
    start = time.monotonic()
    sampler.start()
    TRACE.enter("parent other")
    try:
        cli.main(["index", str(corpus), "--index", str(index), "--rebuild", "--no-research-store"]
                 + (["--procs", str(args.procs)] if args.procs else []), standalone_mode=False)
    finally:
        TRACE.leave()
        end = time.monotonic()
        stop.set()
        sampler.join()
        TRACE.dump(folder, "parent")
        report(folder, samples, start, end, args.bin)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
