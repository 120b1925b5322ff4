"""What the search result page costs in process: CPU ms per page, the engine's share, a
profile, and the HTML itself (to prove that a speed-up changed nothing on the page).

    python bench/page_cost.py --index /tmp/s5/w31k                       # CPU/wall ms per page
    python bench/page_cost.py --engine opensearch --index os31k-s5 --profile 25
    python bench/page_cost.py --index /tmp/s5/w31k --root /work/main --dump /tmp/pages-before
    python bench/page_cost.py --index /tmp/s5/w31k --compare /tmp/pages-before

The pages are bench/search_latency.py's list `page` (40 queries, then 10 with a person
filter), GET through the Flask test client in this process (no HTTP, no server threads), in
each interface language (--langs ar,en). After a warm-up pass, --rounds passes: per page the
CPU time of this process (time.process_time: the figure least moved by other load on a shared
machine) and the wall time, and how much of each went to the engine's search calls. --root
imports the app from another checkout (before/after in one run: call once per root).
--dump writes each page's HTML; --compare reads such a dump and says, byte for byte, which
pages differ (the "(N ms)" the page shows of the search's time is masked).
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


# Further states of the page, for --dump/--compare only (not timed): no result (suggestions),
# later pages, chosen filters and dates, other counts, the timeline split and normalised.
MORE_STATES = [
    "/?q=zzzqqqxxx", "/?q=%D8%A7%D9%84%D9%8A%D9%85%D9%86+zzzqqq", "/?q=%D8%A7%D9%84%D9%8A%D9%85%D9%86&page=3",
    "/?q=%D8%A7%D9%84%D9%8A%D9%85%D9%86&group=none&count=stories&sort=-date",
    "/?q=%D8%A7%D9%84%D9%8A%D9%85%D9%86&source=spa&lang=ar&since=2015-07-01&until=2015-07-31",
    "/?q=%D8%A7%D9%84%D9%8A%D9%85%D9%86&more=person&facet_size=5",
    "/?q=%D8%A7%D9%84%D9%8A%D9%85%D9%86&split=source&normalize=volume",
    "/?q=%D8%A7%D9%84%D9%8A%D9%85%D9%86&interval=week&translate=off",
    "/?q=Yemen", "/?q=Saudi+Arabia+oil", "/?q=", "/?q=%22%D9%88%D8%B2%D8%A7%D8%B1%D8%A9+%D8%A7%D9%84%D8%AF%D8%A7%D8%AE%D9%84%D9%8A%D8%A9%22&mentioned_place=Yemen&org=x%26y%3Cz%3E",
]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


TOOK = re.compile(rb'<span class="took" dir="ltr">\([0-9]+ ms\)</span>')


def masked(html: bytes) -> bytes:
    """The page without the search's own time (the one part that changes run to run)."""
    return TOOK.sub(b'<span class="took" dir="ltr">(N ms)</span>', html)


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--engine", default="whoosh", choices=("whoosh", "opensearch"))
    ap.add_argument("--root", type=Path, default=HERE.parent, help="the checkout to import (default this one)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--langs", default="ar,en")
    ap.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cProfile)")
    ap.add_argument("--profile-out", type=Path, help="save the profile (pstats) here")
    ap.add_argument("--dump", type=Path, help="write each page's HTML here")
    ap.add_argument("--compare", type=Path, help="compare each page's HTML with this dump")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from search_latency import urls          # the list `page` (imports this checkout's corpus)
    sys.path.insert(0, str(a.root.resolve()))
    for name in [m for m in sys.modules if m.split(".")[0] in ("corpus", "search_web")]:
        del sys.modules[name]               # imported again from --root
    import corpus
    from search_web import create_app
    from search_web import render
    print("uptime:", uptime())
    print(f"checkout {Path(corpus.__file__).resolve().parent.parent}, engine {a.engine}, index {a.index}")
    app = create_app({"ENGINE": a.engine, "INDEX": a.index, "TESTING": True, "WARM_WAIT": True,
                      "WARM_RESEARCH": False})
    client = app.test_client()
    searcher = app.extensions["corpus"]
    engine_s = [0.0, 0.0]       # (cpu, wall) inside searcher.search

    search = searcher.search

    depth = [0]

    def timed_search(*args, **kwargs):     # the outermost call (the engine may call itself)
        depth[0] += 1
        c, w = time.process_time(), time.perf_counter()
        try:
            return search(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                engine_s[0] += time.process_time() - c
                engine_s[1] += time.perf_counter() - w
    searcher.search = timed_search
    pages = [timed for timed, _ in urls("page", None)]
    langs = [x for x in a.langs.split(",") if x]

    def get(url: str, lang: str) -> bytes:
        client.set_cookie("lang", lang)
        r = client.get(url)
        if r.status_code != 200:
            sys.exit(f"{url} ({lang}): HTTP {r.status_code}")
        return r.data

    # warm-up, and the pages as they are
    htmls = {(lang, url): masked(get(url, lang)) for lang in langs for url in pages}
    if a.dump or a.compare:
        htmls.update({(lang, url): masked(get(url, lang)) for lang in langs for url in MORE_STATES})
    cpu, wall, eng_cpu, eng_wall = [], [], [], []
    prof = cProfile.Profile() if a.profile or a.profile_out else None
    for _ in range(a.rounds):
        for lang in langs:
            for url in pages:
                engine_s[:] = [0.0, 0.0]
                if prof:
                    prof.enable()
                c, w = time.process_time(), time.perf_counter()
                get(url, lang)
                cpu.append((time.process_time() - c) * 1000)
                wall.append((time.perf_counter() - w) * 1000)
                if prof:
                    prof.disable()
                eng_cpu.append(engine_s[0] * 1000)
                eng_wall.append(engine_s[1] * 1000)
    n = len(cpu)
    print(f"{n} pages ({len(pages)} URLs x {len(langs)} languages x {a.rounds} rounds), ms per page:")
    for label, v in (("CPU, whole page", cpu), ("CPU, engine search", eng_cpu),
                     ("CPU, web layer", [x - y for x, y in zip(cpu, eng_cpu)]),
                     ("wall, whole page", wall), ("wall, engine search", eng_wall)):
        print(f"  {label:22} mean {statistics.fmean(v):6.1f}  p50 {statistics.median(v):6.1f}  "
              f"p95 {pct(v, 95):6.1f}")
    if prof and a.profile_out:
        prof.dump_stats(a.profile_out)
    if a.profile:
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats("tottime").print_stats(a.profile)
        stats.sort_stats("cumulative").print_stats(a.profile)
        print(out.getvalue())
    if a.dump:
        a.dump.mkdir(parents=True, exist_ok=True)
        for i, ((lang, url), html) in enumerate(htmls.items()):
            (a.dump / f"{lang}-{i:02d}.html").write_bytes(html)
        (a.dump / "urls.txt").write_text("\n".join(f"{lang} {url}" for lang, url in htmls) + "\n")
        print(f"{len(htmls)} pages written to {a.dump}")
    if a.compare:
        differ = []
        for i, ((lang, url), html) in enumerate(htmls.items()):
            before = (a.compare / f"{lang}-{i:02d}.html").read_bytes()
            if before != html:
                differ.append((lang, url, hashlib.sha1(before).hexdigest()[:8], hashlib.sha1(html).hexdigest()[:8]))
        print(f"compared with {a.compare}: {len(htmls) - len(differ)} of {len(htmls)} pages byte-for-byte equal")
        for d in differ:
            print("  differs:", *d)
    print("uptime:", uptime())


if __name__ == "__main__":
    if "CORPUS_OPENSEARCH_URL" not in os.environ:
        os.environ.setdefault("CORPUS_OPENSEARCH_URL", "http://127.0.0.1:9201")
    main()
