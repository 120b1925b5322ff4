"""The JSON API under /api (described by /api/openapi.json).

The pages' JSON twins (/api/search, /api/documents/<id>, /api/stats, /api/concordance, ...)
are their TwinViews' (search_web/render.py), registered by the pages' modules; here: what
only the API has (the exports' stream, the statistics without paths, the description)."""
from __future__ import annotations

import itertools
from pathlib import Path

from flask import Blueprint, current_app, stream_with_context

from search_web import export, params
from search_web.openapi import spec
from search_web.render import searcher
from search_web.responses import json_response

api = Blueprint("api", __name__, url_prefix="/api")


def export_response(p: params.SearchParams):
    """A csv / jsonl export of every hit (up to p.limit), streamed."""
    rows = searcher().export(p.q, limit=p.limit, offset=p.offset, text="text" in p.include,
                             snippets="snippet" in p.include, **p.search_kwargs())
    try:    # run the search now: a bad query is a 400, not a broken download
        first = next(rows)
    except StopIteration:
        rows = iter(())
    else:
        rows = export.until_failure(itertools.chain([first], rows), p.offset)
    columns = export.columns(p.include)
    chunks = export.csv_chunks(rows, columns) if p.format == "csv" else export.jsonl_chunks(rows, columns)
    return current_app.response_class(
        stream_with_context(chunks), mimetype=export.MIMETYPES[p.format],
        headers={"Content-Disposition": f'attachment; filename="{export.filename(p.format)}"',
                 "X-Export-Limit": str(p.limit), "X-Export-Offset": str(p.offset)})


UNKNOWN = "(unknown)"     # the row of documents with no value (no date, source or language)


def public_stats(st: dict) -> dict:
    """Statistics without the server's paths: sources by their last path component; each
    table with an UNKNOWN row, so that its counts add up to the documents."""
    out = {k: v for k, v in st.items() if k != "index"}
    out["sources"] = [Path(s).name or s for s in st.get("sources", [])]
    for name in ("lang", "source", "year"):
        missing = st.get("documents", 0) - sum(st.get(name, {}).values())
        if missing > 0:
            out[name] = {**st[name], UNKNOWN: st[name].get(UNKNOWN, 0) + missing}
    return out


@api.get("/openapi.json")
def openapi():
    return json_response(spec(current_app.config["EXPORT_LIMIT"]))
