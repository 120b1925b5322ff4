"""Cross-language retrieval on XQuAD (issue 10), and the monolingual sets with translation on.

    python bench/crosslingual.py --distractors /tmp/idx31k       # every set, Whoosh
    python bench/crosslingual.py --sets en-ar,ar-en --engines whoosh,opensearch
    python bench/crosslingual.py --latency-only --distractors /tmp/idx31k

Sets (questions -> the paragraph that answers them; MRR@10, R@1, R@10, op=or as in
bench/quality.py, whose loading, cleaning and scoring functions this reuses):

    en-ar     English questions -> the 240 Arabic paragraphs, indexed WITHOUT their titles
              (the titles in xquad.ar.json are English and would leak matches)
    en-ar+d   the same with the 31,030 SaudiNewsNet articles as distractors
    ar-en     Arabic questions -> the 240 English paragraphs (with their English titles)
    ar, en    the monolingual sets, translate=auto and off: translation must not hurt them

Each set runs with translate=auto and translate=off, in one process. The distractor set
copies a Whoosh index of SaudiNewsNet (--distractors; build one with `corpus index
/work/shared/data/saudinewsnet --index DIR`) and adds the paragraphs incrementally.

Latency: full requests (GET /api/search to `corpus serve --threads 4` in a subprocess, as
bench/api_latency.py: parameters, search with facets and 10 snippets, JSON) on the
distractor index (served read-only), translate=auto and off, for English and Arabic news
queries; the first pass (cold: a server just started, its warm-up of the dictionaries and
name matching running in the background, postings not yet cached) apart from three warm
passes; p50/p95/max.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import K, load_xquad, plain_words, score, write_jsonl  # noqa: E402

from corpus.engines import open_searcher, open_sink  # noqa: E402
from corpus.indexer import index_paths  # noqa: E402

# set -> (question language, document language, with distractors, title)
SETS = {
    "en-ar": ("en", "ar", False, "XQuAD en→ar (240 paragraphs)"),
    "en-ar+d": ("en", "ar", True, "XQuAD en→ar + 31,030 distractors"),
    "ar-en": ("ar", "en", False, "XQuAD ar→en (240 paragraphs)"),
    "ar": ("ar", "ar", False, "XQuAD-ar (monolingual)"),
    "ar+d": ("ar", "ar", True, "XQuAD-ar + 31,030 distractors (monolingual)"),
    "en": ("en", "en", False, "XQuAD-en (monolingual)"),
}
TARGETS = {("en-ar", "auto"): 0.85, ("en-ar+d", "auto"): 0.70, ("ar-en", "auto"): 0.75}
# The topics of bench/api_latency.py (July-August 2015 news) as an English reader types
# them, and the Arabic originals.
ENGLISH_QUERIES = [
    "ISIS", "Yemen", "Decisive Storm", "nuclear deal", "stock market", "Hilal Nassr",
    "education", "Ramadan", "terrorism", "traffic", "Houthis", "health ministry", "oil prices",
    "King Salman", "Iran", "Hajj", "Eid al-Fitr", "MERS coronavirus", "Saudi league",
    "labor ministry", "unemployment", "housing", "rain floods", "mosque bombing", "Qatif",
    "Taif", "King Saud University", "Saudi Airlines", "foreign investment", "Aramco",
    "Syria Bashar al-Assad", "Shura Council", "Saudi national team", "crown prince",
    "Arab coalition in Yemen", "civil defense", "human rights", "tourism", "European Union",
    "Houthi attack", "prime minister", "airstrike", "Kurdistan", "Peshmerga", "Sunni militia",
]


def paragraphs(lang: str, titles: bool) -> tuple[list[dict], list]:
    docs, questions = load_xquad(lang)
    if not titles:
        docs = [{**d, "title": ""} for d in docs]
    return docs, questions


def build(engine: str, label: str, docs: list[dict], work: Path, distractors: Path | None):
    jsonl = write_jsonl(docs, work / f"xquad-{label}.jsonl")
    if engine == "opensearch":
        alias = f"crosslingual-{label}"
        index_paths(open_sink("opensearch", alias), [str(jsonl)], rebuild=True)
        return alias
    index = work / f"index-{label}{'-d' if distractors else ''}"
    if distractors:
        shutil.copytree(distractors, index)
    index_paths(open_sink("whoosh", index), [str(jsonl)])
    return index


def run(searcher, questions, translate: str):
    started = time.perf_counter()
    ranked = [[h.id for h in searcher.search(plain_words(q), op="or", size=K, facets=(),
                                             snippets=False, translate=translate).hits]
              for q, _ in questions]
    return score(ranked, questions), (time.perf_counter() - started) / len(questions) * 1000


def latency(index: Path, passes: int = 3, modes=("auto", "off")) -> dict:
    """Full GET /api/search requests (facets, 10 snippets, JSON) to `corpus serve` on the
    index, one fresh server per translate mode: the first pass over the queries (cold: the
    server has just started, its warm-up running) apart from `passes` repeated ones."""
    from urllib.parse import quote

    import api_latency
    out = {}
    for mode in modes:
        port, stop = api_latency.start_server(index, threads=4, in_process=False)
        try:
            for name, queries in (("English", ENGLISH_QUERIES), ("Arabic", api_latency.QUERIES)):
                timings = []
                for n in range(passes + 1):
                    for q in queries:
                        _, s = api_latency.get_json(port, f"/api/search?q={quote(q)}&translate={mode}")
                        timings.append((n, s * 1000))
                cold = [ms for n, ms in timings if n == 0]
                warm = sorted(ms for n, ms in timings if n > 0)
                out[(name, mode)] = {"queries": len(queries), "cold_p50": statistics.median(cold),
                                     "cold_max": max(cold), "p50": statistics.median(warm),
                                     "p95": warm[int(len(warm) * 0.95) - 1], "max": warm[-1]}
        finally:
            stop()
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--engines", default="whoosh", help="whoosh, opensearch (not the +d sets)")
    ap.add_argument("--distractors", type=Path, help="a Whoosh index of SaudiNewsNet to copy")
    ap.add_argument("--modes", default="auto,off", help="translate modes to run: auto, off")
    ap.add_argument("--off-sets", help="run translate=off only for these sets (default: all)")
    ap.add_argument("--every", type=int, default=1,
                    help="every n-th question only (a smaller, fixed sample when time is short)")
    ap.add_argument("--latency-only", action="store_true")
    ap.add_argument("--no-latency", action="store_true")
    args = ap.parse_args(argv)
    keys = [k for k in args.sets.split(",") if k]
    for k in keys:
        if k not in SETS:
            ap.error(f"unknown set {k!r}; sets: {', '.join(SETS)}")
    if any(SETS[k][2] for k in keys) and not args.latency_only and not args.distractors:
        ap.error("the +d sets need --distractors (a Whoosh index of SaudiNewsNet)")
    from corpus.translate import warm
    t = time.perf_counter()
    warm()
    print(f"dictionaries loaded in {time.perf_counter() - t:.1f} s", flush=True)

    rows = []
    with tempfile.TemporaryDirectory(prefix="crosslingual-", dir="/tmp") as tmp:
        work = Path(tmp)
        for engine in [] if args.latency_only else args.engines.split(","):
            for key in keys:
                qlang, dlang, with_d, title = SETS[key]
                if with_d and engine != "whoosh":
                    continue
                docs, _ = paragraphs(dlang, titles=dlang == "en")
                _, questions = load_xquad(qlang)
                # the questions of the other language point at the same paragraph position
                questions = [(q, gold.replace(f"xquad-{qlang}-", f"xquad-{dlang}-"))
                             for q, gold in questions[::args.every]]
                index = build(engine, f"{dlang}-{engine}", docs, work, args.distractors if with_d else None)
                searcher = open_searcher(engine, index)
                off_sets = args.off_sets.split(",") if args.off_sets else keys
                for mode in [m for m in args.modes.split(",") if m != "off" or key in off_sets]:
                    m, ms = run(searcher, questions, mode)
                    rows.append((engine, key, mode, len(docs) + (31_030 if with_d else 0), len(questions), m, ms))
                    print(f"{engine} {title} translate={mode}: MRR@10 {m['mrr']:.3f} R@1 {m['r1']:.3f} "
                          f"R@10 {m['r10']:.3f} ({ms:.1f} ms/question)", flush=True)
        lat = None
        if args.distractors and not args.no_latency:
            lat = latency(args.distractors)       # read only: served as it is
    print()
    print("| engine | set | translate | docs | questions | MRR@10 | R@1 | R@10 | ms/question | target |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for engine, key, mode, docs, n, m, ms in rows:
        target = TARGETS.get((key, mode))
        ok = "" if target is None else f"≥ {target:g} {'✓' if m['mrr'] >= target else '✗'}"
        print(f"| {engine} | {SETS[key][3]} | {mode} | {docs:,} | {n:,} | {m['mrr']:.3f} | {m['r1']:.3f} "
              f"| {m['r10']:.3f} | {ms:.1f} | {ok} |")
    if lat:
        print()
        print("| full request through corpus serve, 31k index | translate | queries | cold p50 | cold max | warm p50 | warm p95 | warm max |")
        print("|---|---|---|---|---|---|---|---|")
        for (name, mode), v in lat.items():
            print(f"| {name} | {mode} | {v['queries']} | {v['cold_p50']:.1f} ms | {v['cold_max']:.1f} ms | "
                  f"{v['p50']:.1f} ms | {v['p95']:.1f} ms | {v['max']:.1f} ms |")


if __name__ == "__main__":
    main()
