"""People, organisations and places mentioned: precision and recall against a hand-labelled set.

    python bench/entities_eval.py                     # extraction + both engines' read-back
    python bench/entities_eval.py --engines whoosh    # one engine
    python bench/entities_eval.py --errors 20         # also list misses and false values
    python bench/entities_eval.py --sets holdout      # one set (default: gold,holdout,holdout2,holdout3,holdout4,holdout5)

The set (bench/entities_gold.jsonl, 190 texts): 160 SaudiNewsNet articles (title and the
first ~600 characters of the text; 10 per source at random over the 18 days, plus 20 hard
cases picked by pattern: المدينة, الجزيرة, تعز, عدن, clubs, العربية, الخبر, spokesmen,
اليمن, عمان) and 30 English XQuAD paragraphs (CC BY-SA 4.0, one per article). Labelled by
reading the texts, before and without running the extractor. What is labelled:
  - person: every named person (the fullest form the text gives; reporters' names in the
    text included), not roles without a name;
  - org: named organisations: ministries and other bodies with their complement (وزارة
    الداخلية, not الوزارة), companies, clubs, parties, armed groups (داعش, الحوثيون),
    papers, channels and agencies named in the text; not nationalities or products;
  - place: named places (countries, regions, cities, districts, rivers), not adjectives
    (القوات السعودية) and not places inside an organisation's name (صحيفة الرياض);
    `=Id` names a gazetteer id where the spelling is ambiguous (عمان: =Oman or =Amman).
The held-out set (bench/entities_holdout.jsonl, 64 texts, drawn by
bench/entities_holdout_sample.py with a fixed seed and labelled by the same rules before the
extractor was run on it or changed for it): 50 SaudiNewsNet articles not in the gold set (3 per
source, cut the same way, plus 8 long ones up to 1,600 characters), 10 English XQuAD paragraphs
from articles the gold set does not use (CC BY-SA 4.0) and 4 English news-style texts written
for it (CC0). Some rules and table rows were added after reading its misses (where the gold set
failed the same way), so a second held-out set was drawn afterwards (bench/entities_holdout2.jsonl,
24 texts: 19 SaudiNewsNet articles and 5 XQuAD paragraphs, seed 7, same rules), labelled before the
extractor was run on it. Two changes came after reading it (a surname of the tables beside a
local full name, also a gold failure; clubs named like their city in football texts); the
README gives its figures before them too, the honest estimate (small: read the counts).
A third held-out set (bench/entities_holdout3.jsonl, 52 texts, seed 2403, same rules, labelled
before the extractor was run on it): 40 SaudiNewsNet articles (2 per source, 12 long ones) and
12 XQuAD paragraphs (CC BY-SA 4.0) that no other set uses, from 8 articles on the Middle East
and Asia (XQuAD has no unused article left). Rules and tables were then changed after reading
its misses; a fourth set (bench/entities_holdout4.jsonl, 22 texts, seed 2404: 17 SaudiNewsNet
articles, one from each of 14 sources and 3 long ones, 5 unused XQuAD paragraphs) was drawn and
labelled after those changes, before the extractor ran on it: the README gives its unseen figures
(small); five general rules came after reading its misses. A fifth set (bench/entities_holdout5.jsonl,
36 texts, seed 2405: 31 SaudiNewsNet articles, 2 per source and 3 long ones, and 5 unused XQuAD
paragraphs from Harvard_University, American_Broadcasting_Company, Rhine, Warsaw and
Scottish_Parliament) was drawn and labelled by the same rules before the extractor ran on it;
it is not read for tuning: its figures are the honest estimate.
How values are compared, per text: places by gazetteer id (a labelled spelling the gazetteer
does not know counts as missed); people and organisations by normalised words: equal, or
one's words a run inside the other's with at least two words in the shorter (منصور التركي
matches اللواء منصور التركي; الملك سلمان matches سلمان بن عبدالعزيز through the table).
Each engine indexes the texts into a fresh index (Whoosh: a temporary directory;
OpenSearch: a unique index on $CORPUS_OPENSEARCH_URL, deleted afterwards) and the figures are
computed again from the facet values read back from it.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from corpus.analysis.normalize import normalize  # noqa: E402
from corpus.metadata import gazetteer, mentions  # noqa: E402

SETS = {"gold": HERE / "entities_gold.jsonl", "holdout": HERE / "entities_holdout.jsonl",
        "holdout2": HERE / "entities_holdout2.jsonl", "holdout3": HERE / "entities_holdout3.jsonl",
        "holdout4": HERE / "entities_holdout4.jsonl", "holdout5": HERE / "entities_holdout5.jsonl"}
KINDS = (("person", "person"), ("org", "org"), ("place", "mentioned_place"))
TARGET_P, TARGET_R = 0.85, 0.70


def load(name: str = "gold") -> list[dict]:
    path = SETS.get(name) or Path(name)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _words(value: str) -> list[str]:
    words = [normalize(w) for w in mentions._words(value) if w.isalnum() or w[:1].isalpha()]
    # عبد joined to the next word, as the extractor writes it
    out: list[str] = []
    for w in words:
        if out and out[-1] == "عبد":
            out[-1] += w
        else:
            out.append(w)
    return out


def _inside(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def same(kind: str, gold: str, found: str) -> bool:
    if kind == "place":
        return place_id(gold) == found
    g, f = _words(mentions.canonical(kind, gold)), _words(found)
    if g == f or _words(gold) == f:
        return True
    short, long = (g, f) if len(g) <= len(f) else (f, g)
    return len(short) >= 2 and _inside(short, long)


def place_id(gold: str) -> str:
    return gold[1:] if gold.startswith("=") else gazetteer.canonical(gold)


def score(rows: list[dict], found: dict[str, dict[str, list[str]]], errors: list | None = None):
    """kind -> (tp_found, n_found, tp_gold, n_gold) over the rows; `found`: id -> kind -> values."""
    out = {}
    for kind, _facet in KINDS:
        tp_f = n_f = tp_g = n_g = 0
        for r in rows:
            gold, got = r[kind], found[r["id"]][kind]
            n_g += len(gold)
            n_f += len(got)
            hit_g = [g for g in gold if any(same(kind, g, f) for f in got)]
            hit_f = [f for f in got if any(same(kind, g, f) for g in gold)]
            tp_g += len(hit_g)
            tp_f += len(hit_f)
            if errors is not None:
                errors += [(r["id"], kind, "missed", g) for g in gold if g not in hit_g]
                errors += [(r["id"], kind, "false", f) for f in got if f not in hit_f]
        out[kind] = (tp_f, n_f, tp_g, n_g)
    return out


def table(title: str, rows: list[dict], found) -> None:
    print(f"\n{title}")
    print(f"  {'':8} {'type':8} {'precision':>10} {'recall':>8} {'F1':>6}   found / labelled")
    for lang in ("ar", "en", "all"):
        part = [r for r in rows if lang == "all" or r["lang"] == lang]
        for kind, (tp_f, n_f, tp_g, n_g) in score(part, found).items():
            p = tp_f / n_f if n_f else 1.0
            r = tp_g / n_g if n_g else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            ok = "" if lang != "all" else ("  meets target" if p >= TARGET_P and r >= TARGET_R else "  BELOW target")
            print(f"  {lang + f' ({len(part)})':8} {kind:8} {p:10.3f} {r:8.3f} {f1:6.3f}   {n_f:5} / {n_g:<5}{ok}")


def extracted(rows) -> dict:
    out = {}
    for r in rows:
        m = mentions.extract(r["title"], r["text"])
        out[r["id"]] = {"person": m.person, "org": m.org, "place": m.place}
    return out


def through_engine(engine: str, rows: list[dict]) -> dict:
    """Index the texts into a fresh index of `engine`; the facet values read back."""
    from corpus.engines import open_searcher, open_sink
    from corpus.fields import multi_values
    from corpus.indexer import index_paths
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "gold.jsonl"
        src.write_text("".join(json.dumps({"id": r["id"], "title": r["title"], "text": r["text"],
                                           "date": r.get("day") or "2015-08-01", "lang": r["lang"],
                                           "source": r.get("source", "xquad")}, ensure_ascii=False) + "\n"
                               for r in rows), encoding="utf-8")
        where = Path(tmp) / "index" if engine == "whoosh" else f"h18-entities-eval-{uuid.uuid4().hex[:8]}"
        try:
            index_paths(open_sink(engine, where), [str(src)], rebuild=True)
            s = open_searcher(engine, where)
            out = {}
            for r in rows:
                doc = s.document(r["id"]) or {}
                out[r["id"]] = {kind: multi_values(doc.get(facet)) for kind, facet in KINDS}
            return out
        finally:
            if engine == "opensearch":
                from opensearchpy import OpenSearch
                urls = os.environ["CORPUS_OPENSEARCH_URL"].split(",")
                OpenSearch(urls).indices.delete(index=f"{where}*", expand_wildcards="all",
                                                ignore_unavailable=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engines", default="whoosh,opensearch")
    ap.add_argument("--sets", default="gold,holdout,holdout2,holdout3,holdout4,holdout5",
                    help="comma-separated: gold, holdout or a .jsonl path of the same form")
    ap.add_argument("--errors", type=int, default=0, help="list this many misses and false values")
    a = ap.parse_args()
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    mentions.names()
    for name in [x for x in a.sets.split(",") if x]:
        evaluate(name, load(name), [e for e in a.engines.split(",") if e], a.errors)


def evaluate(name: str, rows: list[dict], engines: list[str], n_errors: int) -> None:
    licences = sorted({r.get("licence", "").split(" (")[0].split(",")[-1].strip() for r in rows if r["lang"] == "en"})
    print(f"\n=== set {name}: {len(rows)} labelled texts: {sum(r['lang'] == 'ar' for r in rows)} Arabic "
          f"(SaudiNewsNet), {sum(r['lang'] == 'en' for r in rows)} English ({', '.join(licences)})")
    started = time.perf_counter()
    direct = extracted(rows)
    print(f"extraction: {(time.perf_counter() - started) / len(rows) * 1000:.2f} ms per text")
    table(f"{name}: extraction (corpus/metadata/mentions.py)", rows, direct)
    for engine in engines:
        if engine == "opensearch" and not os.environ.get("CORPUS_OPENSEARCH_URL"):
            print("\nopensearch: skipped (set CORPUS_OPENSEARCH_URL)")
            continue
        back = through_engine(engine, rows)
        same_values = sum(all(sorted(back[i][k]) == sorted(direct[i][k]) for k, _ in KINDS) for i in direct)
        table(f"{name}: {engine}: facet values read back from the index "
              f"({same_values}/{len(rows)} texts hold exactly the extracted values)", rows, back)
    if n_errors:
        errors: list = []
        score(rows, direct, errors)
        print(f"\n{name}: first {n_errors} of {len(errors)} errors:")
        for e in errors[:n_errors]:
            print("  ", *e)


if __name__ == "__main__":
    main()
