"""Draw the texts of bench/entities_holdout.jsonl (labels are added by hand afterwards).

    python bench/entities_holdout_sample.py > /tmp/holdout_unlabelled.jsonl
    python bench/entities_holdout_sample.py --seed 7 --per-source 1 --long 5 --english 5 \
        --prefix hold2 --exclude bench/entities_holdout.jsonl       # the second held-out set
    python bench/entities_holdout_sample.py --seed 2403 --per-source 2 --long 12 --english 12 \
        --prefix hold3 --exclude bench/entities_holdout.jsonl --exclude bench/entities_holdout2.jsonl \
        --english-articles Islamism,1973_oil_crisis,Imperialism,Genghis_Khan,Yuan_dynasty,Normans,Black_Death,Kenya
                                                                    # the third: XQuAD has no unused article
                                                                    # left, so unused paragraphs of these
    python bench/entities_holdout_sample.py --seed 2405 --per-source 2 --long 3 --english 5 \
        --prefix hold5 --exclude bench/entities_holdout.jsonl --exclude bench/entities_holdout2.jsonl \
        --exclude bench/entities_holdout3.jsonl --exclude bench/entities_holdout4.jsonl \
        --english-articles Warsaw,Scottish_Parliament,Rhine,American_Broadcasting_Company,Harvard_University,Kenya,Southern_California,Jacksonville,_Florida
                                                                    # the fifth (labelled before any run)

Held out from bench/entities_gold.jsonl (no URL or XQuAD article of it): with a fixed seed,
3 SaudiNewsNet articles per source over the 18 days, cut like the gold set (title and the
text up to the last space before 600 characters), plus 8 long ones (up to 1,600 characters)
from any source; and 10 English XQuAD paragraphs (CC BY-SA 4.0), one from each of 10 articles
the gold set does not use.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path("/work/shared/data")
SEED = 2318
SNN = "SaudiNewsNet (research corpus, github.com/ParallelMazen/SaudiNewsNet)"


def cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:text.rfind(" ", 0, limit)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--per-source", type=int, default=3)
    ap.add_argument("--long", type=int, default=8)
    ap.add_argument("--english", type=int, default=10)
    ap.add_argument("--prefix", default="hold")
    ap.add_argument("--exclude", action="append", default=[], help="another labelled set to leave out")
    ap.add_argument("--english-articles", default="",
                    help="comma-separated XQuAD articles: draw their paragraphs no set uses instead")
    opt = ap.parse_args()
    gold = [json.loads(x) for f in [HERE / "entities_gold.jsonl", *map(Path, opt.exclude)]
            for x in f.read_text(encoding="utf-8").splitlines() if x]
    seen_urls = {r.get("url") for r in gold}
    seen_articles = {r.get("article") for r in gold}
    articles = []
    for z in sorted((DATA / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as f:
            for a in json.loads(f.read(f.namelist()[0])):
                if a["url"] not in seen_urls and len(a.get("content") or "") >= 300:
                    a["day"] = z.stem
                    articles.append(a)
    rnd = random.Random(opt.seed)
    rnd.shuffle(articles)
    picked, per_source, texts = [], {}, set()
    for a in articles:
        if per_source.get(a["source"], 0) < opt.per_source and a["content"][:200] not in texts:
            per_source[a["source"]] = per_source.get(a["source"], 0) + 1
            picked.append((a, 600, "random"))
            texts.add(a["content"][:200])
    long_ = [a for a in articles if len(a["content"]) >= 1600 and a["content"][:200] not in texts][:opt.long]
    picked += [(a, 1600, "random long") for a in long_]
    out = []
    for n, (a, limit, why) in enumerate(picked):
        out.append({"id": f"{opt.prefix}-{n:04d}", "lang": "ar", "licence": SNN, "source": a["source"], "day": a["day"],
                    "url": a["url"], "why": why, "title": " ".join(a["title"].split()),
                    "text": cut(a["content"], limit)})
    xq = json.loads((DATA / "xquad" / "xquad.en.json").read_text(encoding="utf-8"))["data"]
    if opt.english_articles:
        seen_texts = {r["text"] for r in gold}
        wanted = opt.english_articles.split(",")
        pool = [(art, p) for art in xq if art["title"] in wanted
                for p in art["paragraphs"] if p["context"] not in seen_texts]
        english = rnd.sample(pool, min(opt.english, len(pool)))
    else:
        unused = [art for art in xq if art["title"] not in seen_articles]
        english = [(art, rnd.choice(art["paragraphs"]))
                   for art in rnd.sample(unused, min(opt.english, len(unused)))]
    for n, (art, para) in enumerate(english):
        out.append({"id": f"{opt.prefix}-{1000 + n:04d}", "lang": "en", "licence": "XQuAD (Wikipedia), CC BY-SA 4.0",
                    "title": "", "article": art["title"], "text": para["context"]})
    for r in out:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
