"""Retrieval quality on XQuAD: the project's analysis + ranking on each engine, vs stock Whoosh
and Lucene.

    python bench/quality.py                              # Whoosh engine, all six sets
    python bench/quality.py --sets ar,en,en-ar,ar-en     # the cross-language sets too, no distractors
    python bench/quality.py --translate off              # the words as typed (no translation)
    python bench/quality.py --engine both                # Whoosh and OpenSearch side by side
    python bench/quality.py --engine opensearch --opensearch-url http://127.0.0.1:9201
    python bench/quality.py --sets ar,en                 # skip the distractor run
    python bench/quality.py --no-distractors             # the same
    python bench/quality.py --cache /tmp/q --rebuild     # where the distractor index lives

XQuAD (Arabic and English; 240 Wikipedia paragraphs, 1,190 questions each) becomes one
document per paragraph, written as JSONL (id, title, content) and indexed by the normal
ingest path (`corpus.indexer.index_paths` into `corpus.engines.open_sink(engine, ...)`).
Every question, stripped of the punctuation the query language reads as syntax, is run
through the engine's searcher (`open_searcher(engine, ...).search(question, op="or",
size=10)`; spelling variants only with --suggest) and scored by the rank of its own
paragraph: MRR@10, R@1 and R@10. The baseline, in the same process, is stock Whoosh: one
TEXT(StandardAnalyzer()) field holding title + content, BM25F, an OrGroup parser. The
Lucene 8.7 columns are constants measured once on this machine under the same protocol.

The cross-language sets (issue 10) ask one language's questions of the other language's
paragraphs, with the default translate=auto: en-ar (the Arabic paragraphs WITHOUT their
titles -- the titles in xquad.ar.json are English and would leak matches), en-ar+d (the same
among the distractors; Whoosh only: on OpenSearch the paragraphs would join the shared
distractor alias twice) and ar-en (the English paragraphs with their titles). Monolingual
sets run with the same --translate as the others, so their figures are what users get.

The distractor set adds all 31,030 SaudiNewsNet articles. Their index is built once (keyed
by a fingerprint of the analysis, fields and the engine's schema or mapping, so a change to
any of them rebuilds it): for Whoosh into the cache directory, copied for each run and the
240 paragraphs added incrementally to the copy; for OpenSearch as an alias
`quality-distractors-<fingerprint>` kept on the cluster, the paragraphs added to it
incrementally once (later runs find them unchanged). The paragraph-only sets are indexed
fresh on every run (OpenSearch: aliases `quality-xquad-ar`, `quality-xquad-en`).

Levers for experiments:
    --boosts title=2,body=1,exact=0.5    the field weights (search time, both engines)
    --bm25 B=0.75,K1=1.2                 BM25 parameters (Whoosh: search time; OpenSearch:
                                         index settings, so its indices are rebuilt)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.engines import ENGINES, open_searcher, open_sink  # noqa: E402
from corpus.errors import IndexProblem, QueryError  # noqa: E402
from corpus.indexer import index_paths  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
XQUAD = DATA / "xquad"
DISTRACTORS = DATA / "saudinewsnet"
DEFAULT_CACHE = ROOT / "bench" / "out"
K = 10

# set name -> (XQuAD language of the paragraphs, with distractors, title)
SETS = {
    "ar": ("ar", False, "XQuAD-ar"),
    "ar+d": ("ar", True, "XQuAD-ar + 31,030 distractors"),
    "en": ("en", False, "XQuAD-en"),
    "en-ar": ("ar", False, "XQuAD en→ar"),
    "en-ar+d": ("ar", True, "XQuAD en→ar + 31,030 distractors"),
    "ar-en": ("en", False, "XQuAD ar→en"),
}
QUESTIONS = {"en-ar": "en", "en-ar+d": "en", "ar-en": "ar"}    # cross-language: the questions' language
DEFAULT_SETS = "ar,ar+d,en,en-ar,en-ar+d,ar-en"
# Lucene 8.7 (punctuation stripped, OR, BM25), measured on this machine: (MRR@10, R@10).
LUCENE_STANDARD = {"ar": (0.855, 0.946), "ar+d": (0.771, 0.858), "en": (0.948, 0.990)}
LUCENE_LANGUAGE = {"ar": (0.915, 0.981), "ar+d": (0.821, 0.895), "en": (0.954, 0.992)}
# issue 10: en-ar 0.85 and en-ar+d 0.70 with embeddings; the keyword path alone 0.55 on en-ar+d
TARGET = {"ar": 0.94, "ar+d": 0.86, "en": 0.965, "en-ar": 0.85, "en-ar+d": 0.55, "ar-en": 0.75}

# Query syntax of the Whoosh parser (quotes, groups, fields, ranges, wildcards, boosts) and
# all other punctuation and symbols become spaces; combining marks (harakat, shadda) stay,
# they are part of their word. Apostrophes stay only inside words ("Peshmerga's").
_APOSTROPHES = "'’"
_PUNCT = {c: " " for c in map(chr, range(sys.maxunicode + 1))
          if unicodedata.category(c)[0] in "PS" and c not in _APOSTROPHES}
_PUNCT = str.maketrans(_PUNCT)
_LOOSE_APOSTROPHE = re.compile(r"(?<!\w)['’]|['’](?!\w)")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def plain_words(question: str) -> str:
    """A question as plain words: punctuation gone, apostrophes only inside words, operator
    words (AND, OR, NOT, TO) lowercased so the parser reads them as words."""
    words = _LOOSE_APOSTROPHE.sub(" ", question.translate(_PUNCT)).split()
    return " ".join(w.lower() if w in _OPERATORS else w for w in words)


def load_set(key: str):
    """A set's (documents, questions): a cross-language set asks the other language's
    questions (same paragraph positions) of untitled Arabic paragraphs."""
    lang = SETS[key][0]
    docs, questions = load_xquad(lang)
    qlang = QUESTIONS.get(key)
    if qlang:
        questions = [(q, gold.replace(f"xquad-{qlang}-", f"xquad-{lang}-"))
                     for q, gold in load_xquad(qlang)[1]]
        if lang == "ar":
            docs = [{**d, "title": ""} for d in docs]
    return docs, questions


def load_xquad(lang: str):
    """(documents [{id, title, content}], questions [(text, document id)])."""
    data = json.loads((XQUAD / f"xquad.{lang}.json").read_text(encoding="utf-8"))
    docs, questions = [], []
    for a, article in enumerate(data["data"]):
        title = article.get("title", "").replace("_", " ")
        for p, para in enumerate(article["paragraphs"]):
            doc_id = f"xquad-{lang}-{a:02d}-{p:02d}"
            docs.append({"id": doc_id, "title": title, "content": para["context"].strip()})
            questions += [(qa["question"], doc_id) for qa in para["qas"]]
    return docs, questions


def write_jsonl(docs, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def score(ranked_ids, questions) -> dict:
    """MRR@10, R@1, R@10 over (ranked ids, gold id) pairs."""
    rr = r1 = r10 = 0.0
    for ids, (_, gold) in zip(ranked_ids, questions):
        if gold in ids[:K]:
            rank = ids.index(gold) + 1
            rr += 1 / rank
            r1 += rank == 1
            r10 += 1
    n = len(questions)
    return {"mrr": rr / n, "r1": r1 / n, "r10": r10 / n}


# -- the project's engines -------------------------------------------------------------

def fingerprint(engine: str) -> str:
    """Changes whenever what an engine's index holds could change: analysis, fields, the
    engine's schema (Whoosh) or settings and mapping (OpenSearch), the --bm25 lever."""
    h = hashlib.blake2b(digest_size=6)
    files = sorted((ROOT / "corpus" / "analysis").glob("*.py")) + [
        ROOT / "corpus" / name for name in ("document.py", "fields.py", "langid.py")]
    files.append(ROOT / "corpus" / "engines" / engine /
                 ("schema.py" if engine == "whoosh" else "mapping.py"))
    for f in files:
        h.update(f.read_bytes())
    if engine == "opensearch":
        from corpus.engines.opensearch import mapping
        h.update(json.dumps(mapping.settings(1, 0), sort_keys=True).encode())
    return h.hexdigest()


def _build_distractors(sink, rebuild: bool) -> None:
    if rebuild or not sink.exists():
        if not DISTRACTORS.exists():
            sys.exit(f"no distractors at {DISTRACTORS}")
        print(f"building the distractor index: {sink.where()} (once; minutes) ...", flush=True)
        report = index_paths(sink, [str(DISTRACTORS)], rebuild=True)
        print(f"  {report.summary()}", flush=True)


def whoosh_index(lang: str, with_distractors: bool, jsonl: Path, work: Path, cache: Path,
                 rebuild: bool):
    """A Whoosh index directory of the set: the cached distractor index copied, then the
    paragraphs added incrementally (or the paragraphs alone)."""
    index = work / f"index-{lang}{'-d' if with_distractors else ''}"
    if with_distractors:
        cached = cache / f"quality-distractors-{fingerprint('whoosh')}"
        for stale in cache.glob("quality-distractors-*"):
            if stale != cached:
                shutil.rmtree(stale, ignore_errors=True)
        _build_distractors(open_sink("whoosh", cached), rebuild)
        shutil.copytree(cached, index)
    report = index_paths(open_sink("whoosh", index), [str(jsonl)])
    return index, report


def opensearch_index(lang: str, with_distractors: bool, jsonl: Path, work: Path, cache: Path,
                     rebuild: bool):
    """An OpenSearch alias of the set: the paragraphs alone, built fresh each run; or the
    distractor alias kept on the cluster (named by the fingerprint), the paragraphs added to
    it incrementally (unchanged on later runs: same ids, same content hashes)."""
    if not with_distractors:
        alias = f"quality-xquad-{lang}"
        return alias, index_paths(open_sink("opensearch", alias), [str(jsonl)], rebuild=True)
    alias = f"quality-distractors-{fingerprint('opensearch')}"
    _drop_stale_opensearch(alias)
    sink = open_sink("opensearch", alias)
    _build_distractors(sink, rebuild)
    return alias, index_paths(sink, [str(jsonl)])


def _drop_stale_opensearch(keep: str) -> None:
    """Distractor aliases of an older analysis or mapping: deleted with their indices."""
    from corpus.engines.opensearch.client import connect
    client = connect()
    for index, info in client.indices.get_alias(index="quality-distractors-*").items():
        if keep not in info.get("aliases", {}):
            client.indices.delete(index=index)


BUILD = {"whoosh": whoosh_index, "opensearch": opensearch_index}


def run_project(engine: str, key: str, work: Path, cache: Path, rebuild: bool,
                suggest: bool = False, translate: str = "auto"):
    lang, with_distractors, _ = SETS[key]
    docs, questions = load_set(key)
    name = f"{lang}-untitled" if key in QUESTIONS and lang == "ar" else lang
    # a stable path: the ids and hashes of the paragraphs stay the same from run to run
    jsonl = write_jsonl(docs, cache / f"xquad-{name}.jsonl")
    index, report = BUILD[engine](name, with_distractors, jsonl, work, cache, rebuild)
    searcher = open_searcher(engine, index)
    started = time.perf_counter()
    ranked = [[h.id for h in searcher.search(plain_words(q), op="or", size=K, facets=(),
                                               snippets=False, suggest=suggest,
                                               translate=translate).hits]
              for q, _ in questions]
    took = time.perf_counter() - started
    return score(ranked, questions), report.documents, took / len(questions)


# -- stock Whoosh --------------------------------------------------------------------------

def run_stock(lang: str):
    from whoosh import fields, qparser, scoring
    from whoosh.analysis import StandardAnalyzer
    from whoosh.filedb.filestore import RamStorage
    docs, questions = load_xquad(lang)
    schema = fields.Schema(id=fields.ID(stored=True, unique=True),
                           content=fields.TEXT(analyzer=StandardAnalyzer()))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for d in docs:
            w.add_document(id=d["id"], content=f"{d['title']}\n{d['content']}")
    parser = qparser.QueryParser("content", schema, group=qparser.OrGroup)
    ranked = []
    with ix.searcher(weighting=scoring.BM25F()) as s:
        for q, _ in questions:
            ranked.append([h["id"] for h in s.search(parser.parse(plain_words(q)), limit=K)])
    return score(ranked, questions)


# -- levers ---------------------------------------------------------------------------------

def _pairs(text: str) -> dict[str, float]:
    return {k.strip(): float(v) for k, v in (kv.split("=") for kv in text.split(",") if kv.strip())}


def apply_levers(boosts: str | None, bm25: str | None) -> list[str]:
    """Patch the field weights (search time, both engines) or the BM25 parameters (Whoosh:
    search time; OpenSearch: index settings, so its indices are rebuilt) for an experiment;
    returns what was changed."""
    from corpus import fields
    from corpus.engines.opensearch import mapping
    from corpus.engines.whoosh import searcher
    changed = []
    if boosts:
        fields.FIELD_BOOSTS.clear()      # the one dict both query compilers read
        fields.FIELD_BOOSTS.update({k: v for k, v in _pairs(boosts).items() if v})
        changed.append(f"FIELD_BOOSTS={fields.FIELD_BOOSTS}")
    if bm25:
        params = {k.upper(): v for k, v in _pairs(bm25).items()}
        for module in (searcher, mapping):
            module.BM25_B = params.get("B", module.BM25_B)
            module.BM25_K1 = params.get("K1", module.BM25_K1)
        changed.append(f"BM25 B={searcher.BM25_B} K1={searcher.BM25_K1}")
    return changed


# -- report ---------------------------------------------------------------------------------

def _m(m) -> str:
    return f"{m['mrr']:.3f} / {m['r1']:.3f} / {m['r10']:.3f}" if m else "–"


def table(engines, rows) -> str:
    """rows: (set key, docs, {engine: metrics}, stock Whoosh metrics or None)."""
    head = ["set", "docs"] + [f"{e} MRR@10 / R@1 / R@10" for e in engines]
    both = len(engines) == 2
    if both:
        head.append("Δ MRR@10 (≤ 0.01)")
    head += ["stock Whoosh", "Lucene Standard MRR@10 / R@10", "Lucene Arabic/English MRR@10 / R@10",
             "target MRR@10"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, docs, mine, stock in rows:
        cells = [SETS[key][2], f"{docs:,}"] + [_m(mine[e]) for e in engines]
        if both and all(mine.values()):
            delta = mine["opensearch"]["mrr"] - mine["whoosh"]["mrr"]
            cells.append(f"{delta:+.3f} {'✓' if abs(delta) <= 0.01 else '✗'}")
        elif both:
            cells.append("–")
        ls, ll = LUCENE_STANDARD.get(key), LUCENE_LANGUAGE.get(key)
        ok = " ".join("✓" if mine[e]["mrr"] >= TARGET[key] else "✗" for e in engines if mine[e])
        cells += [_m(stock), f"{ls[0]:.3f} / {ls[1]:.3f}" if ls else "–",
                  f"{ll[0]:.3f} / {ll[1]:.3f}" if ll else "–", f"≥ {TARGET[key]:g} {ok}"]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="whoosh", choices=(*ENGINES, "both"),
                    help="the engine(s) measured; both: side by side in one table")
    ap.add_argument("--opensearch-url", help="the cluster (default: $CORPUS_OPENSEARCH_URL)")
    ap.add_argument("--sets", default=DEFAULT_SETS, help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--no-distractors", action="store_true", help="skip the +d sets")
    ap.add_argument("--translate", default="auto", choices=("auto", "off"),
                    help="every set's translate mode (default auto, as the pages and API search)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the stock Whoosh runs")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the distractor index lives")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached distractor index")
    ap.add_argument("--suggest", action="store_true",
                    help="search with spelling variants and did-you-mean (corpus/suggest) as the "
                         "pages do; default: the engine's ranking alone")
    ap.add_argument("--boosts", help="experiment: FIELD_BOOSTS, e.g. title=2,body=1,exact=0.5")
    ap.add_argument("--bm25", help="experiment: BM25 parameters, e.g. B=0.75,K1=1.2")
    args = ap.parse_args(argv)
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    keys = [k.strip() for k in args.sets.split(",") if k.strip()]
    for k in keys:
        if k not in SETS:
            ap.error(f"unknown set {k!r}; sets: {', '.join(SETS)}")
    if args.no_distractors:
        keys = [k for k in keys if not SETS[k][1]]
    if args.opensearch_url:
        os.environ["CORPUS_OPENSEARCH_URL"] = args.opensearch_url
    for change in apply_levers(args.boosts, args.bm25):
        print(f"lever: {change}")

    args.cache.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="quality-", dir=args.cache) as tmp:
            for key in keys:
                lang, with_d, title = SETS[key]
                mine, docs = {}, 0
                for engine in engines:
                    if engine == "opensearch" and with_d and key in QUESTIONS:
                        mine[engine] = None         # see the docstring: Whoosh only
                        continue
                    mine[engine], docs, took = run_project(engine, key, Path(tmp), args.cache,
                                                           args.rebuild, args.suggest, args.translate)
                    m = mine[engine]
                    print(f"{title}, {engine}, translate={args.translate}: MRR@10 {m['mrr']:.4f} "
                          f"R@1 {m['r1']:.4f} R@10 {m['r10']:.4f} ({docs:,} docs; "
                          f"{took * 1000:.1f} ms/query)", flush=True)
                stock = None if (with_d or args.no_baseline or key in QUESTIONS) else run_stock(lang)
                rows.append((key, docs, mine, stock))
    except (IndexProblem, QueryError) as e:
        sys.exit(f"quality: {e}")
    print()
    print(f"translate={args.translate}")
    print(table(engines, rows))


if __name__ == "__main__":
    main()
