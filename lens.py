import sys, collections
sys.path.insert(0, "/work/wt-b")
from corpus.engines import open_searcher
o = open_searcher("opensearch", "probe-h16b-sn")
# longest frequent words: scan exact_terms is not stored; use suggest vocabulary by sampling docs
from corpus.analysis.analyzer import analyze_tokens
from opensearchpy.helpers import scan
df = collections.Counter()
for h in scan(o.client, index=o.name, query={"_source": ["title", "body"], "query": {"match_all": {}}}, size=2000):
    s = h["_source"]
    df.update({t[0] for t in analyze_tokens(s.get("title", "") + " " + s.get("body", ""))})
by = collections.Counter()
for w, n in df.items():
    if n >= 3: by[len(w)] += 1
print(sorted(by.items())[-15:])
print(sorted((w for w, n in df.items() if n >= 3), key=len)[-10:])
