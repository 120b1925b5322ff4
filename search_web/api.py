"""The JSON API under /api (described by /api/openapi.json)."""
from __future__ import annotations

import itertools
from pathlib import Path

from flask import Blueprint, current_app, request, stream_with_context

from corpus.errors import IndexProblem
from corpus.messages import Notice
from corpus.search import QueryError, SearchRequest
from corpus.serialize import results_dict
from search_web import export, params
from search_web.limits import heavy
from search_web.openapi import spec
from search_web.responses import json_error, json_response, query_error, unavailable

api = Blueprint("api", __name__, url_prefix="/api")


def _corpus():
    return current_app.extensions["corpus"]


@api.errorhandler(QueryError)
def bad_request(e: QueryError):
    return query_error(e)


@api.errorhandler(IndexProblem)
def index_problem(e: IndexProblem):
    return unavailable(str(e))


@api.get("/search")
def search():
    p = params.parse_args(request.args, api=True, export_limit=current_app.config["EXPORT_LIMIT"])
    if p.format in params.EXPORT_FORMATS:
        return heavy(_export)(p)
    res = _corpus().search(p.q, page=p.page, size=p.size, histogram=p.interval,
                           **p.facet_limits(), **p.search_kwargs())
    body = results_dict(res)
    body["pages"] = res.pages
    return json_response(body)


def _export(p: params.SearchParams):
    rows = _corpus().export(p.q, limit=p.limit, offset=p.offset, text="text" in p.include,
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


@api.get("/documents/<docid:doc_id>")
def document(doc_id: str):
    params.check_names(request.args, ("q", "op", "lang"), ("q", "op", "lang"))     # lang: of an error
    req = SearchRequest.build(request.args.get("q", ""), op=request.args.get("op", ""))
    doc = _corpus().document(doc_id, q=req.q, op=req.op)
    if doc is None:
        return json_error(404, Notice("no_document", value=doc_id))
    return json_response(doc)


@api.get("/stats")
def stats():
    params.check_names(request.args, ())
    return json_response(public_stats(_corpus().stats()))


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
