"""Time the map and the entity pages (issue 18) on an index built with mentions.

    python bench/map_pages.py --index /tmp/idx31k [--engine opensearch] [--runs 5]

Prints, per endpoint, the median and the slowest of `runs` warm requests over a few queries
(the app in-process, no network), with `uptime` beside the figures: on a shared machine
they are noisy.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from urllib.parse import quote

QUERIES = ("", "اليمن", "الإرهاب", '"وزارة الداخلية"', "النفط")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--engine", default=None)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from search_web import create_app
    app = create_app({"INDEX": args.index, "ENGINE": args.engine, "WARM_TRANSLATION": False,
                      "WARM_EMBEDDINGS": False})
    client = app.test_client()
    top = client.get("/api/search?size=0&facet_size=3").get_json()["facets"]
    urls = {
        "/api/places": [f"/api/places?q={quote(q)}" for q in QUERIES],
        "/map": [f"/map?q={quote(q)}" for q in QUERIES],
        "/api/entities": [f"/api/entities/{kind}/{quote(v['value'])}"
                          for kind, facet in (("person", "person"), ("org", "org"), ("place", "mentioned_place"))
                          for v in top.get(facet, [])],
    }
    urls["/entities"] = [u.replace("/api/entities", "/entities") for u in urls["/api/entities"]]
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    for name, group in urls.items():
        times = []
        for url in group:
            assert client.get(url).status_code == 200, url        # warm
            for _ in range(args.runs):
                t = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(f"{name:15} {len(group)} urls x {args.runs}: median {statistics.median(times):7.1f} ms, "
              f"p95 {times[int(len(times) * 0.95) - 1]:7.1f} ms, max {times[-1]:7.1f} ms")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
