"""Results -> JSON (orjson), shared by the CLI and the JSON API."""
from __future__ import annotations

import orjson

from corpus.histogram import histogram_dict
from corpus.results import Results

HIT_FIELDS = ("id", "title", "date", "lang", "source", "agency", "section", "author", "place", "url", "score", "snippet")


def hit_dict(h, group: str = "none") -> dict:
    out = {k: getattr(h, k) for k in HIT_FIELDS}
    if group == "story":    # the other matching versions of its story
        out.update(similar=h.similar, similar_count=h.similar_count)
    return out


def results_dict(res: Results) -> dict:
    return {
        "query": res.query, "op": res.op, "sort": res.sort, "filters": res.filters,
        "since": res.since, "until": res.until,
        "total": res.total, "group": res.group, "stories": res.stories, "count": res.count,
        "page": res.page, "size": res.size, "took_ms": res.took_ms,
        "results": [hit_dict(h, res.group) for h in res.hits],
        "facets": {f: [{"value": v.value, "count": v.count, "selected": v.selected} for v in vs]
                   for f, vs in res.facets.items()},
        "notices": res.notices,
        "notice_codes": [getattr(n, "code", None) for n in res.notices],
        "histogram": histogram_dict(res.histogram),
        "translations": [{"source": t.source, "terms": t.terms, "dropped": t.dropped,
                          "phrases": t.phrases, "written": t.written} for t in res.translations],
        "untranslated": res.untranslated,
        "suggestion": res.suggestion, "variants": res.variants,
        "semantic": res.semantic,
    }


def results_json(res: Results, indent: bool = True) -> str:
    return orjson.dumps(results_dict(res), option=orjson.OPT_INDENT_2 if indent else 0).decode()
