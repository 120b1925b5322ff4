"""Candidates for corpus/analysis/data/radical_waw.txt from a corpus (SaudiNewsNet's zips).

    python scripts/derive_radical_waw.py /work/shared/data/saudinewsnet > candidates.tsv

A word W = و+X is a candidate when it is seen after the article (الW, والW, بالW, للW ...:
the conjunction cannot follow the article, so the و is radical) at least MIN_ARTICLE times.
Inflections of another candidate are folded into it (وزارات into وزاره, waw.bases).
For each candidate: its article count, its bare forms' count, and an estimate of how many
of those are و+X after all: ALPHA (the 90th percentile of n(وX)/n(X) over frequent words)
times n(X). The table was reviewed by hand from this list; forms a table word would cover
whose estimate says "mostly the conjunction" are listed as `-` exceptions.
"""
from __future__ import annotations

import collections
import glob
import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus.analysis.analyzer import TOKEN, is_arabic  # noqa: E402
from corpus.analysis.normalize import normalize  # noqa: E402
from corpus.analysis.stem import PREFIXES  # noqa: E402
from corpus.analysis.waw import bases  # noqa: E402

MIN_ARTICLE = 15
ALPHA = 0.3
ARTICLES = [p for p, _ in PREFIXES if p.endswith(("ال", "لل"))]


def counts(folder: str) -> collections.Counter:
    raw = collections.Counter()
    for z in sorted(glob.glob(f"{folder}/*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for a in json.loads(zf.read(name)):
                    for text in (a.get("title") or "", a.get("content") or ""):
                        raw.update(TOKEN.findall(text))
    words = collections.Counter()
    for w, n in raw.items():
        f = normalize(w)
        if f and is_arabic(f):
            words[f] += n
    return words


def candidates(words: collections.Counter):
    article = collections.Counter()
    for w, n in words.items():
        for p in ARTICLES:
            if w.startswith(p + "و") and len(w) - len(p) >= 3:
                article[w[len(p):]] += n
                break
    found = {v for v, n in article.items() if n >= MIN_ARTICLE}
    heads: set[str] = set()     # shortest first: a word is folded into a head it inflects
    for v in sorted(found, key=len):
        if not any(b != v and b in heads for b in bases(v)):
            heads.add(v)
    covered = collections.defaultdict(list)      # head -> bare forms it covers
    for w, n in words.items():
        if w.startswith("و") and len(w) >= 4:
            for b in bases(w):
                if b in heads:
                    covered[b].append((w, n, words.get(w[1:], 0)))
                    break
    for v in sorted(heads, key=lambda v: (-article[v], v)):
        forms = covered.get(v, [])
        bare = sum(n for _, n, _ in forms)
        conj = sum(min(n, ALPHA * x) for _, n, x in forms)
        risky = [f"{w}:{n}/{x}" for w, n, x in forms if n >= 5 and ALPHA * x > n / 2]
        yield v, article[v], bare, round(conj / bare, 2) if bare else 0.0, " ".join(risky)


def main(folder: str) -> None:
    print("word\tarticle\tbare\tconj_share\tmostly_conjunction_forms")
    for row in candidates(counts(folder)):
        print("\t".join(map(str, row)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/saudinewsnet")
