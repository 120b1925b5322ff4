"""Semantic retrieval (issue 10): what `corpus index --embeddings` costs and what it gains.

    nice -n 10 python bench/embeddings.py --sample 2000           # everything below but +d
    python bench/embeddings.py --only quality --engines whoosh,opensearch
    python bench/embeddings.py --only quality --distractors /tmp/idx31k-emb
    python bench/embeddings.py --only quality --directions en-ar,ar-en   # Arabic questions too

Sections (--only speed,latency,quality):

    speed     encoding speed (documents/s) on the first N SaudiNewsNet articles (title + the
              head of the body, as indexed), and the indexing cost: the same N articles indexed
              into Whoosh with and without --embeddings; extrapolated to the 31,030 articles
    ann       the vector store (float16 in faiss) and the HNSW graph (corpus/embeddings/ann.py) at
              31,030 and 124,120 documents (--vectors: the real vectors of bench/encode_corpus.py,
              copied with noise to 124k): recall@100 of the graph against the exact scan, with
              and without date filters, p50/p95 of the top-100, graph build and add times,
              memory, and the float16 / int8 loss against float32
    latency   query-time cost of the vector path: encoding a query (uncached) and the top-100
              over a 31,030 x 512 float32 matrix with a date filter and without; p50/p95
    quality   XQuAD en→ar, English questions -> the 240 Arabic paragraphs indexed WITHOUT
              their titles (English in xquad.ar.json), op=or: MRR@10, R@1, R@10 for keyword only
              (semantic=off), dense only (the vector top-10) and the hybrid (semantic=auto) with
              each fusion, translate=auto. --distractors: a Whoosh index of SaudiNewsNet built
              with --embeddings, copied, the paragraphs added incrementally.
"""
from __future__ import annotations

import argparse
import functools
import glob
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crosslingual import ENGLISH_QUERIES, build, paragraphs  # noqa: E402
from quality import K, load_xquad, plain_words, score  # noqa: E402

from corpus.embeddings import K as NEIGHBOURS, MIN_SIMILARITY, TEXT_CHARS  # noqa: E402
from corpus.embeddings import fusion, search as semantic  # noqa: E402
from corpus.engines import open_searcher  # noqa: E402
from corpus.indexer import index_paths  # noqa: E402

SAUDINEWSNET = Path("/work/shared/data/saudinewsnet")
FULL = 31_030
FUSIONS = [("score", 0.2), ("score", 0.3), ("score", 0.5), ("rrf", None)]


def pct(values, p):
    values = sorted(values)
    return values[max(0, int(round(len(values) * p / 100)) - 1)]


def sample_docs(n: int) -> list:
    from corpus.readers import read_file
    out = []
    for path in sorted(glob.glob(str(SAUDINEWSNET / "*.zip"))):
        out += list(read_file(path, lambda reason: None))
        if len(out) >= n:
            break
    return out[:n]


def speed(n: int, work: Path) -> dict:
    from corpus.embeddings.encoder import document_text, encode, model
    docs = sample_docs(n)
    t = time.perf_counter()
    model()
    load = time.perf_counter() - t
    texts = [document_text(d.title, d.body) for d in docs]
    t = time.perf_counter()
    encode(texts)
    enc = time.perf_counter() - t
    jsonl = work / "sample.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d.id, "title": d.title, "content": d.body, "source": d.source,
                                "date": d.date.isoformat() if d.date else None}, ensure_ascii=False) + "\n")
    times = {}
    for label, flag in (("without", False), ("with", True)):
        t = time.perf_counter()
        index_paths(work / f"speed-{label}", [str(jsonl)], embeddings=flag)
        times[label] = time.perf_counter() - t
    vec_file = next((work / "speed-with").glob("*vectors*"))
    return {"index": work / "speed-with", "docs": len(docs), "chars": statistics.mean(map(len, texts)), "load_s": load,
            "encode_s": enc, "docs_per_s": len(docs) / enc, "index_without_s": times["without"],
            "index_with_s": times["with"], "file_bytes": vec_file.stat().st_size}


def latency(rounds: int = 3) -> dict:
    import datetime as dt

    from corpus.embeddings.encoder import encode, model
    from corpus.embeddings.vectors import Vectors
    from api_latency import QUERIES as ARABIC
    model()
    rng = np.random.default_rng(0)
    m = rng.standard_normal((FULL, 512)).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    days = rng.integers(735_000, 736_000, FULL)
    vectors = Vectors(list(range(FULL)), m, days=days)
    queries = ENGLISH_QUERIES + ARABIC
    enc, top, top_f = [], [], []
    since = dt.date.fromordinal(735_300)
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            v = encode([q])[0]          # uncached
            enc.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            vectors.nearest(v, NEIGHBOURS, MIN_SIMILARITY)
            top.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            vectors.nearest(v, NEIGHBOURS, MIN_SIMILARITY, vectors.allowed({}, since, None))
            top_f.append((time.perf_counter() - t) * 1000)
    both = [a + b for a, b in zip(enc, top)]
    return {"queries": len(queries) * rounds, "matrix_mb": vectors.nbytes / 1e6,
            **{f"{name}_{p}": pct(v, p) for name, v in (("encode", enc), ("topk", top),
                                                         ("topk_dated", top_f), ("total", both))
               for p in (50, 95)}}


def ranked_dense(searcher, engine: str, questions) -> list[list[str]]:
    from corpus.embeddings.encoder import encode_query
    if engine == "whoosh":
        from corpus.engines.whoosh.semantic import vectors
        s = searcher.searcher()
        vecs = vectors(searcher, s)
        name = lambda d: s.stored_fields(d)["id"]  # noqa: E731
    else:
        from corpus.engines.opensearch.semantic import vectors
        vecs = vectors(searcher, searcher.meta())
        name = str
    return [[name(d) for d, _ in vecs.nearest(encode_query(plain_words(q)), K, -1.0)]
            for q, _ in questions]


def run(searcher, questions, **kw):
    t = time.perf_counter()
    ranked = [[h.id for h in searcher.search(plain_words(q), op="or", size=K, facets=(),
                                             snippets=False, translate="auto", **kw).hits]
              for q, _ in questions]
    return score(ranked, questions), (time.perf_counter() - t) / len(questions) * 1000


def quality(engines: list[str], work: Path, distractors: Path | None, every: int,
            FULL: int = FULL, direction: str = "en-ar") -> list:  # noqa: N803 (the distractors' count)
    """en-ar: English questions -> the Arabic paragraphs without their (English) titles;
    ar-en: Arabic questions -> the English paragraphs with theirs."""
    rows = []
    asked, found = direction.split("-")
    docs, _ = paragraphs(found, titles=found == "en")
    _, questions = load_xquad(asked)
    questions = [(q, gold.replace(f"xquad-{asked}-", f"xquad-{found}-")) for q, gold in questions[::every]]
    for engine in engines:
        label = f"{found}-{engine}-emb"
        if distractors is not None:
            index = work / f"index-d{FULL}"
            shutil.copytree(distractors, index)
            jsonl = work / "xquad-ar.jsonl"
            from quality import write_jsonl
            write_jsonl(docs, jsonl)
            index_paths(index, [str(jsonl)], embeddings=True)
        else:
            index = _build_embedded(engine, label, docs, work)
        searcher = open_searcher(engine, index)
        n = f"{direction} {len(docs) + (FULL if distractors else 0):,}"
        m, ms = run(searcher, questions, semantic="off")
        rows.append((engine, n, "keyword (semantic=off)", m, ms))
        t = time.perf_counter()
        m = score(ranked_dense(searcher, engine, questions), questions)
        rows.append((engine, n, "dense only (vector top-10)", m, (time.perf_counter() - t) / len(questions) * 1000))
        real, saved = semantic.fuse, (fusion.SAME_LANGUAGE, fusion.CROSS_LANGUAGE)
        for method, weight in FUSIONS:
            semantic.fuse = functools.partial(real, method=method)
            if weight is not None:      # one weight for every language relation
                fusion.SAME_LANGUAGE = fusion.CROSS_LANGUAGE = fusion.Blend(weight)
            try:
                m, ms = run(searcher, questions, semantic="auto")
            finally:
                semantic.fuse = real
                fusion.SAME_LANGUAGE, fusion.CROSS_LANGUAGE = saved
            name = f"hybrid, {method}" + (f" w={weight}" if weight is not None else "")
            rows.append((engine, n, name, m, ms))
        for r in rows[-2 - len(FUSIONS):]:
            print(f"{r[0]} {r[1]} docs {r[2]}: MRR@10 {r[3]['mrr']:.3f} R@1 {r[3]['r1']:.3f} "
                  f"R@10 {r[3]['r10']:.3f} ({r[4]:.1f} ms/question)", flush=True)
    return rows


def _build_embedded(engine, label, docs, work):
    from corpus.engines import open_sink
    from quality import write_jsonl
    jsonl = write_jsonl(docs, work / f"xquad-{label}.jsonl")
    index = f"embeddings-{label}" if engine == "opensearch" else work / f"index-{label}"
    index_paths(open_sink(engine, index), [str(jsonl)], rebuild=True, embeddings=True)
    return index


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="speed,latency,quality", help="also: requests (--full-index), ann")
    ap.add_argument("--vectors", type=Path, help="ann: vectors of the 31k corpus (bench/encode_corpus.py)")
    ap.add_argument("--sizes", default="31030,124120", help="ann: corpus sizes")
    ap.add_argument("--noise", type=float, default=0.02, help="ann: perturbation of the copies")
    ap.add_argument("--sample", type=int, default=2000, help="SaudiNewsNet articles for the speed section")
    ap.add_argument("--engines", default="whoosh")
    ap.add_argument("--distractors", type=Path, help="a Whoosh SaudiNewsNet index built with --embeddings")
    ap.add_argument("--every", type=int, default=1, help="every n-th question only")
    ap.add_argument("--directions", default="en-ar",
                    help="quality: en-ar (English questions, Arabic paragraphs) and/or ar-en, comma-separated")
    ap.add_argument("--full-index", type=Path,
                    help="requests section: a 31k Whoosh SaudiNewsNet index (copied; vectors tiled)")
    ap.add_argument("--fusions", help="e.g. score:0.2,rrf (default: score 0.2, 0.3, 0.5 and rrf)")
    ap.add_argument("--sample-distractors", action="store_true",
                    help="also run quality with the speed section's N articles as distractors")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    if args.fusions:
        FUSIONS[:] = [(f.split(":")[0], float(f.split(":")[1]) if ":" in f else None)
                      for f in args.fusions.split(",")]
    from corpus.translate import warm
    warm()
    print(f"text encoded: title + body, first {TEXT_CHARS} characters; k={NEIGHBOURS}, "
          f"min cosine {MIN_SIMILARITY}, fused keyword depth {fusion.DEPTH}", flush=True)
    with tempfile.TemporaryDirectory(prefix="embeddings-", dir="/tmp") as tmp:
        work = Path(tmp)
        if "speed" in only:
            s = speed(args.sample, work)
            extra = s["index_with_s"] - s["index_without_s"]
            print(f"\n| encoding, {s['docs']:,} SaudiNewsNet articles ({s['chars']:.0f} chars each) | value |")
            print("|---|---|")
            print(f"| model load (once per process) | {s['load_s']:.1f} s |")
            print(f"| encoding speed | {s['docs_per_s']:.1f} docs/s ({s['encode_s']:.1f} s) |")
            print(f"| index without --embeddings | {s['index_without_s']:.1f} s |")
            print(f"| index with --embeddings | {s['index_with_s']:.1f} s (+{extra:.1f} s) |")
            print(f"| extrapolated to {FULL:,} articles | +{extra / s['docs'] * FULL / 60:.0f} min "
                  f"(encoding {FULL / s['docs_per_s'] / 60:.0f} min) |")
            print(f"| vector file | {s['file_bytes'] / s['docs']:.0f} bytes/doc; "
                  f"{s['file_bytes'] / s['docs'] * FULL / 1e6:.0f} MB at {FULL:,} |")
        if "latency" in only:
            lat = latency()
            print(f"\n| vector path per query, {FULL:,} x 512 float32 ({lat['matrix_mb']:.0f} MB in memory), "
                  f"{lat['queries']} queries | p50 | p95 |")
            print("|---|---|---|")
            for name, label in (("encode", "encode the query (uncached)"), ("topk", "top-100"),
                                ("topk_dated", "top-100 with a date filter"), ("total", "encode + top-100")):
                print(f"| {label} | {lat[name + '_50']:.1f} ms | {lat[name + '_95']:.1f} ms |")
        if "ann" in only:
            print_ann(ann_section(args.vectors, [int(x) for x in args.sizes.split(",")], work, noise=args.noise),
                      args.vectors, args.noise)
        if "requests" in only:
            lat = request_latency(args.full_index, work)
            print(f"\n| full request, translate=auto, {lat.pop('documents'):,} documents | semantic "
                  f"| warm p50 | warm p95 | max | cold p50 |")
            print("|---|---|---|---|---|---|")
            for (mode, name), v in lat.items():
                print(f"| {name} | {mode} | {v['p50']:.1f} ms | {v['p95']:.1f} ms | {v['max']:.1f} ms "
                      f"| {v['cold_p50']:.1f} ms |")
        if "quality" in only:
            rows = []
            for direction in args.directions.split(","):
                rows += quality(args.engines.split(","), work, args.distractors if direction == "en-ar" else None,
                                args.every, direction=direction)
            if args.sample_distractors and "speed" in only:
                rows += quality(["whoosh"], work, s["index"], args.every * 2, FULL=s["docs"])
            print("\n| engine | set, docs | method (translate=auto, op=or) | MRR@10 | R@1 | R@10 | ms/question |")
            print("|---|---|---|---|---|---|---|")
            for engine, n, name, m, ms in rows:
                print(f"| {engine} | {n} | {name} | {m['mrr']:.3f} | {m['r1']:.3f} | {m['r10']:.3f} | {ms:.1f} |")



def request_latency(source_index: Path, work: Path, real: int = 500, passes: int = 3) -> dict:
    """Full GET /api/search (translate=auto, facets, snippets, JSON) on a copy of a 31k Whoosh
    index given vectors: the first `real` articles encoded, the others copies of those (the
    cost of the vector path does not depend on which vectors they are; the number it adds
    does, and copies keep it realistic), semantic=auto against semantic=off."""
    from urllib.parse import quote

    from api_latency import QUERIES as ARABIC
    from corpus.embeddings import info, wfile
    from corpus.embeddings.encoder import document_text, encode
    from corpus.engines.whoosh import store
    from search_web import create_app
    index = work / "latency-31k"
    shutil.copytree(source_index, index)
    meta = store.read_meta(index)
    with store.open_index(index).searcher() as s:
        rows = [(f["id"], f.get("title", ""), f.get("body", "")) for _, f in zip(range(10**9), s.all_stored_fields())]
    vecs = encode([document_text(t, b) for _, t, b in rows[:real]])
    tiled = np.vstack([vecs] * (-(-len(rows) // real)))[:len(rows)]
    wfile.write(index, meta["indexname"], [r[0] for r in rows], tiled)
    store.write_meta(index, {**meta, "embeddings": info(), "vectors_version": time.time_ns()})
    client = create_app({"ENGINE": "whoosh", "INDEX": str(index)}).test_client()
    out = {"documents": len(rows)}
    for mode in ("off", "auto"):
        for name, queries in (("English", ENGLISH_QUERIES), ("Arabic", ARABIC)):
            timings = []
            for n in range(passes + 1):
                for q in queries:
                    t = time.perf_counter()
                    r = client.get(f"/api/search?q={quote(q)}&translate=auto&semantic={mode}")
                    timings.append((n, (time.perf_counter() - t) * 1000))
                    assert r.status_code == 200, r.data[:200]
            warm = sorted(ms for n, ms in timings if n > 0)
            out[(mode, name)] = {"p50": statistics.median(warm), "p95": pct(warm, 95), "max": warm[-1],
                                 "cold_p50": statistics.median(ms for n, ms in timings if n == 0)}
    return out


# --- ann: the vector store and the HNSW graph at 31k and 124k (issue 22, item 4) -------------

def corpus_vectors(path: Path | None, n: int, noise: float):
    """(vectors, days, how many are real) of `n` documents: the real vectors of an encode run
    (bench/encode_corpus.py; the rows it encoded, at most 31,030) or, without one, clustered
    random ones; the rest perturbed copies of those (Gaussian noise of `noise` per dimension
    before renormalising: cosine about 1 / sqrt(1 + 512 noise^2) to its source), standing in
    for a larger corpus."""
    rng = np.random.default_rng(11)
    if path is not None:
        with np.load(path) as z:
            done = int(z["done"][0])
            rows = z["order"][:done]
            base, days = z["vectors"][rows][:n], z["days"][rows][:n]
    else:
        real = min(n, FULL)
        centres = rng.standard_normal((200, 512))
        base = centres[rng.integers(0, 200, real)] + rng.standard_normal((real, 512)) * 0.8
        days = rng.integers(735_000, 737_000, real)
    base = base / np.linalg.norm(base, axis=1, keepdims=True)
    parts, part_days, have = [base], [days], len(base)
    while have < n:
        p = base + rng.standard_normal(base.shape) * noise
        parts.append(p / np.linalg.norm(p, axis=1, keepdims=True))
        part_days.append(days)
        have += len(base)
    return np.vstack(parts)[:n].astype(np.float32), np.concatenate(part_days)[:n], len(base)


def searcher_memory(m: np.ndarray, work: Path) -> float:
    """MB a fresh process grows by holding these vectors as a searcher does (graph + codes;
    the float32 input freed)."""
    import subprocess
    np.save(work / "m.npy", m)
    code = ("import gc, numpy as np, psutil; from corpus.embeddings import ann; "
            "from corpus.embeddings.vectors import Vectors; ann.ANN_MIN = 0; "
            "rss = lambda: psutil.Process().memory_info().rss / 1e6; ann.graph(np.zeros((2, 512), np.float32)); "
            "gc.collect(); base = rss(); m = np.load(%r); v = Vectors(list(range(len(m))), m); "
            "del m; gc.collect(); print(rss() - base)" % str(work / "m.npy"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    (work / "m.npy").unlink()
    return float(out.stdout.split()[-1])


def ann_section(path: Path | None, sizes: list[int], work: Path, queries: int = 200,
                noise: float = 0.02) -> list[dict]:
    """recall@100 of the graph against the exact scan, p50/p95 of top-100 (exact float16 scan,
    graph, graph with date filters, float32 numpy scan as before), build and add times, memory."""
    import datetime as dt
    import gc

    from corpus.embeddings import ann
    from corpus.embeddings.encoder import encode, model
    from api_latency import QUERIES as ARABIC
    out = []
    model()
    texts = (ENGLISH_QUERIES + ARABIC)
    t = time.perf_counter()
    encoded = encode(texts)
    for n_docs in sizes:
        m, days, real = corpus_vectors(path, n_docs, noise)
        n = len(m)
        rng = np.random.default_rng(5)
        picks = rng.choice(n, queries - len(texts), replace=False)
        q_doc = m[picks] + rng.standard_normal((len(picks), 512)) * 0.03     # near a document, not on it
        qs = np.vstack([encoded, q_doc / np.linalg.norm(q_doc, axis=1, keepdims=True)]).astype(np.float32)
        from corpus.embeddings.vectors import Vectors
        graph_mb = searcher_memory(m, work)
        t = time.perf_counter()
        saved = ann.ANN_MIN
        ann.ANN_MIN = 0
        try:
            graph = Vectors(list(range(n)), m, days=days)
        finally:
            ann.ANN_MIN = saved
        build_s = time.perf_counter() - t
        links = ann._faiss().downcast_index(graph.index).hnsw.neighbors.size() * 4
        dated = {share: graph.allowed({}, dt.date.fromordinal(int(np.quantile(days, 1 - share))), None)
                 for share in (0.5, 0.05)}
        rows = {"exact": [], "graph": [], "graph 50% dated": [], "graph 5% dated": []}
        recall = {"graph": [], "graph 50% dated": [], "graph 5% dated": []}
        for q in qs:
            for name, mask in (("graph", None), ("graph 50% dated", dated[0.5]), ("graph 5% dated", dated[0.05])):
                t = time.perf_counter()
                exact = graph.nearest(q, NEIGHBOURS, -1.0, mask, exact=True)
                if name == "graph":
                    rows["exact"].append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                got = graph.nearest(q, NEIGHBOURS, -1.0, mask)
                rows[name].append((time.perf_counter() - t) * 1000)
                recall[name].append(len({k for k, _ in got} & {k for k, _ in exact}) / max(1, len(exact)))
        # float16 against float32: cosines and the exact top-100
        f32 = m @ qs[:50].T
        f16 = graph.matrix.astype(np.float32) @ qs[:50].T
        top32 = np.argsort(-f32, axis=0)[:NEIGHBOURS]
        top16 = np.argsort(-f16, axis=0)[:NEIGHBOURS]
        f16_recall = np.mean([len(set(top32[:, j]) & set(top16[:, j])) / NEIGHBOURS for j in range(50)])
        # int8 (faiss per-dimension 8-bit scalar quantizer), for comparison
        import faiss
        sq8 = faiss.IndexScalarQuantizer(512, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        sq8.train(m[:min(n, 50_000)])
        sq8.add(m)
        _, top8 = sq8.search(qs[:50], NEIGHBOURS)
        i8_recall = np.mean([len(set(top32[:, j]) & set(top8[j])) / NEIGHBOURS for j in range(50)])
        dec8 = sq8.sa_decode(np.ascontiguousarray(faiss.rev_swig_ptr(sq8.codes.data(), sq8.codes.size()).reshape(n, -1)[:2000]))
        i8_err = float(np.abs(dec8 @ qs[:50].T - f32[:2000]).max())
        del sq8
        numpy32 = []
        for q in qs[:60]:
            t = time.perf_counter()
            s = m @ q
            top = np.argpartition(-s, NEIGHBOURS)[:NEIGHBOURS]
            top[np.argsort(-s[top])]
            numpy32.append((time.perf_counter() - t) * 1000)
        add = m[:1000] + rng.standard_normal((1000, 512)) * noise
        t = time.perf_counter()
        ann._add(graph.index, (add / np.linalg.norm(add, axis=1, keepdims=True)).astype(np.float32))
        add_s = time.perf_counter() - t
        res = {"n": n, "real": real, "build_s": build_s, "add_1000_s": add_s, "graph_mb_rss": graph_mb,
               "codes_mb": n * 1024 / 1e6, "links_mb": links / 1e6,
               "f16_max_err": float(np.abs(f16 - f32).max()), "f16_recall": f16_recall,
               "i8_max_err": i8_err, "i8_recall": i8_recall,
               "recall": {k: float(np.mean(v)) for k, v in recall.items()},
               "ms": {k: (pct(v, 50), pct(v, 95)) for k, v in {**rows, "float32 numpy (before)": numpy32}.items()}}
        out.append(res)
        print(json.dumps(res), flush=True)
        del graph, m
        gc.collect()
    return out


def print_ann(results: list[dict], path: Path | None, noise: float) -> None:
    import os
    what = (f"vectors of {path}" if path else "clustered random vectors")
    print(f"\n{what}; larger sizes: perturbed copies (noise {noise}/dimension); "
          f"top-{NEIGHBOURS}; efSearch {__import__('corpus.embeddings.ann', fromlist=['x']).EF_SEARCH}; "
          f"load: {os.getloadavg()[0]:.1f} (uptime)")
    print("\n| documents (real vectors) | recall@100 graph vs exact (all / 50 % dated / 5 % dated) | exact float16 scan p50/p95 "
          "| graph p50/p95 | graph, 50 % dated | graph, 5 % dated | float32 numpy scan (before) | graph build | add 1,000 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        ms = {k: f"{a:.1f} / {b:.1f} ms" for k, (a, b) in r["ms"].items()}
        rec = r["recall"]
        print(f"| {r['n']:,} ({r['real']:,}) | {rec['graph']:.3f} / {rec['graph 50% dated']:.3f} / {rec['graph 5% dated']:.3f} "
              f"| {ms['exact']} | {ms['graph']} | {ms['graph 50% dated']} | {ms['graph 5% dated']} "
              f"| {ms['float32 numpy (before)']} | {r['build_s']:.0f} s | {r['add_1000_s']:.1f} s |")
    print("\n| documents | float16 codes | graph links | searcher RSS growth (graph + codes) | float16: max cosine error, "
          "exact top-100 vs float32 | int8 (per-dimension): same |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['n']:,} | {r['codes_mb']:.0f} MB | {r['links_mb']:.0f} MB | {r['graph_mb_rss']:.0f} MB "
              f"| {r['f16_max_err']:.4f}, {r['f16_recall']:.3f} | {r['i8_max_err']:.4f}, {r['i8_recall']:.3f} |")
    big = results[-1]
    per_doc = (big["codes_mb"] + big["links_mb"]) * 1e6 / big["n"]
    print(f"\nprojected per searcher at 1,000,000 documents: {per_doc * 1e6 / 1e9:.2f} GB "
          f"({per_doc:.0f} bytes a document: 1,024 float16 + {big['links_mb'] * 1e6 / big['n']:.0f} graph links; "
          f"float32 before: 2.05 GB)")


if __name__ == "__main__":
    main()
