"""Retrieval quality on XQuAD: the project's analysis + ranking vs stock Whoosh and Lucene.

    python bench/quality.py                              # all three sets, one table
    python bench/quality.py --sets ar,en                 # skip the distractor run
    python bench/quality.py --no-distractors             # the same
    python bench/quality.py --cache /tmp/q --rebuild     # where the distractor index lives

XQuAD (Arabic and English; 240 Wikipedia paragraphs, 1,190 questions each) becomes one
document per paragraph, written as JSONL (id, title, content) and indexed by the normal
ingest path (`corpus.indexer.index_paths`). Every question, stripped of the punctuation the
query parser reads as syntax, is run through the core search function
(`Corpus.search(question, op="or", size=10)`) and scored by the rank of its own paragraph:
MRR@10, R@1 and R@10. The baseline, in the same process, is stock Whoosh: one
TEXT(StandardAnalyzer()) field holding title + content, BM25F, an OrGroup parser. The
Lucene 8.7 columns are constants measured once on this machine under the same protocol.

The distractor set adds all 31,030 SaudiNewsNet articles. Their index is built once into
the cache (keyed by a fingerprint of the analysis, schema and indexed fields, so a change
to any of them rebuilds it) and copied for each run, the 240 paragraphs then added
incrementally to the copy.

Levers for experiments (search-time only; the index is untouched):
    --boosts title=2,body=1,exact=0.5    FIELD_BOOSTS of corpus.search
    --bm25 B=0.75,K1=1.2                 the BM25F parameters of Corpus.searcher
    --or-scale 0                         the OR group's coordination scale (0: plain OrGroup)
"""
from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import re
import shutil
import sys
import tempfile
import time
import types
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
XQUAD = DATA / "xquad"
DISTRACTORS = DATA / "saudinewsnet"
DEFAULT_CACHE = ROOT / "bench" / "out"
K = 10

# set name -> (XQuAD language, with distractors, title)
SETS = {
    "ar": ("ar", False, "XQuAD-ar"),
    "ar+d": ("ar", True, "XQuAD-ar + 31,030 distractors"),
    "en": ("en", False, "XQuAD-en"),
}
# Lucene 8.7 (punctuation stripped, OR, BM25), measured on this machine: (MRR@10, R@10).
LUCENE_STANDARD = {"ar": (0.855, 0.946), "ar+d": (0.771, 0.858), "en": (0.948, 0.990)}
LUCENE_LANGUAGE = {"ar": (0.915, 0.981), "ar+d": (0.821, 0.895), "en": (0.954, 0.992)}
TARGET = {"ar": 0.94, "ar+d": 0.86, "en": 0.965}

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


# -- the project -------------------------------------------------------------------------

def fingerprint() -> str:
    """Changes whenever what the index holds could change: analysis, schema, indexed fields."""
    from corpus import indexer
    h = hashlib.blake2b(digest_size=6)
    for f in sorted((ROOT / "corpus" / "analysis").glob("*.py")) + [ROOT / "corpus" / "schema.py"]:
        h.update(f.read_bytes())
    h.update(inspect.getsource(indexer.document_fields).encode())
    return h.hexdigest()


def distractor_index(cache: Path, rebuild: bool) -> Path:
    """The SaudiNewsNet index for the current analysis, built once into the cache."""
    from corpus.engines.whoosh import store
    from corpus.indexer import index_paths
    target = cache / f"quality-distractors-{fingerprint()}"
    if rebuild and target.exists():
        shutil.rmtree(target)
    if not store.exists(target):
        for stale in cache.glob("quality-distractors-*"):
            if stale != target:
                shutil.rmtree(stale, ignore_errors=True)
        if not DISTRACTORS.exists():
            sys.exit(f"no distractors at {DISTRACTORS}")
        print(f"building the distractor index into {target} (once; several minutes) ...", flush=True)
        report = index_paths(target, [str(DISTRACTORS)])
        print(f"  {report.summary()}", flush=True)
    return target


def run_project(lang: str, with_distractors: bool, work: Path, cache: Path, rebuild: bool):
    from corpus.indexer import index_paths
    from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
    docs, questions = load_xquad(lang)
    jsonl = write_jsonl(docs, work / f"xquad-{lang}.jsonl")
    index = work / f"index-{lang}{'-d' if with_distractors else ''}"
    if with_distractors:
        shutil.copytree(distractor_index(cache, rebuild), index)
    report = index_paths(index, [str(jsonl)])
    corpus = Corpus(index)
    started = time.perf_counter()
    ranked = [[h.id for h in corpus.search(plain_words(q), op="or", size=K, facets=(),
                                             snippets=False).hits]
              for q, _ in questions]
    took = time.perf_counter() - started
    return score(ranked, questions), report.documents, took


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


def apply_levers(boosts: str | None, bm25: str | None, or_scale: str | None = None) -> list[str]:
    """Monkeypatch corpus.search for an experiment; returns what was changed."""
    from whoosh import qparser, scoring
    from corpus import search
    changed = []
    if or_scale is not None:
        scale = float(or_scale)
        group = qparser.OrGroup.factory(scale) if scale else qparser.OrGroup
        make = search._parser

        def parser(schema, op):
            p = make(schema, op)
            if op != "and":
                p.group = group
            return p
        search._parser = parser
        changed.append(f"OR group: {'OrGroup.factory(%g)' % scale if scale else 'OrGroup'}")
    if boosts:
        search.FIELD_BOOSTS.clear()
        search.FIELD_BOOSTS.update({k: v for k, v in _pairs(boosts).items() if v})
        changed.append(f"FIELD_BOOSTS={search.FIELD_BOOSTS}")
    if bm25:
        params = {k.upper() if k.lower() in ("b", "k1") else k: v for k, v in _pairs(bm25).items()}
        search.scoring = types.SimpleNamespace(
            **{**vars(scoring), "BM25F": lambda **kw: scoring.BM25F(**{**kw, **params})})
        changed.append(f"BM25F({params})")
    return changed


# -- report ---------------------------------------------------------------------------------

def table(rows) -> str:
    head = ("| set | docs | project MRR@10 | R@1 | R@10 | stock Whoosh MRR@10 | R@1 | R@10 "
            "| Lucene Standard MRR@10 / R@10 | Lucene Arabic/English MRR@10 / R@10 | target MRR@10 |")
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for key, docs, mine, stock in rows:
        f = lambda m: (f"{m['mrr']:.3f} | {m['r1']:.3f} | {m['r10']:.3f}" if m else "– | – | –")
        ls, ll = LUCENE_STANDARD[key], LUCENE_LANGUAGE[key]
        ok = "✓" if mine and mine["mrr"] >= TARGET[key] else "✗"
        out.append(f"| {SETS[key][2]} | {docs:,} | {f(mine)} | {f(stock)} | {ls[0]:.3f} / {ls[1]:.3f} "
                   f"| {ll[0]:.3f} / {ll[1]:.3f} | ≥ {TARGET[key]:g} {ok} |")
    return "\n".join(out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="ar,ar+d,en", help="comma-separated: " + ", ".join(SETS))
    ap.add_argument("--no-distractors", action="store_true", help="skip the ar+d set")
    ap.add_argument("--no-baseline", action="store_true", help="skip the stock Whoosh runs")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the distractor index lives")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached distractor index")
    ap.add_argument("--boosts", help="experiment: FIELD_BOOSTS, e.g. title=2,body=1,exact=0.5")
    ap.add_argument("--bm25", help="experiment: BM25F parameters, e.g. B=0.75,K1=1.2")
    ap.add_argument("--or-scale", help="experiment: OrGroup coordination scale (0 = plain OrGroup)")
    args = ap.parse_args(argv)
    keys = [k.strip() for k in args.sets.split(",") if k.strip()]
    for k in keys:
        if k not in SETS:
            ap.error(f"unknown set {k!r}; sets: {', '.join(SETS)}")
    if args.no_distractors:
        keys = [k for k in keys if not SETS[k][1]]
    for change in apply_levers(args.boosts, args.bm25, args.or_scale):
        print(f"lever: {change}")

    args.cache.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="quality-", dir=args.cache) as tmp:
        for key in keys:
            lang, with_d, title = SETS[key]
            mine, docs, took = run_project(lang, with_d, Path(tmp), args.cache, args.rebuild)
            stock = None if (with_d or args.no_baseline) else run_stock(lang)
            rows.append((key, docs, mine, stock))
            print(f"{title}: project MRR@10 {mine['mrr']:.4f} R@1 {mine['r1']:.4f} "
                  f"R@10 {mine['r10']:.4f} ({took / 1190 * 1000:.1f} ms/query)"
                  + (f"; stock Whoosh MRR@10 {stock['mrr']:.3f}" if stock else ""), flush=True)
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
