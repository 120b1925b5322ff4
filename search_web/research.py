"""Research views: concordance (KWIC) and collocations, each a page and its JSON twin.

    /concordance?q=وزير&width=8&sort=left&page=2     /api/concordance (&format=csv)
    /collocations?q=وزير&window=5                   /api/collocations

One TwinView each (search_web/render.py): it parses, computes the data (corpus/research/*),
and the renderer shows it as the page, JSON or CSV. Every problem with the arguments is an
HTTP 400 with one sentence.
"""
from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from flask import Blueprint, request, url_for

from corpus.fields import FACETS
from corpus.research import collocations as coll
from corpus.research import concordance as conc
from corpus.research.request import ResearchRequest, defaults
from search_web import params
from search_web.export import neutralise
from search_web.limits import heavy
from search_web.render import Csv, TwinView, searcher

research = Blueprint("research", __name__)

CONCORDANCE = defaults("concordance")       # the options left out of canonical URLs
COLLOCATIONS = defaults("collocations")
CSV_LIMIT = 5_000       # lines in a CSV export of a concordance


@dataclasses.dataclass
class Args:
    """A research page's state: its request (corpus/research/request.py) and the format asked
    for; the templates read q, op, exact, filters, since, until and extra (the view's options)."""
    req: ResearchRequest
    format: str = "html"        # html (the page), json or csv (its twin)

    q = property(lambda self: self.req.q)
    op = property(lambda self: self.req.op)
    exact = property(lambda self: self.req.exact)
    filters = property(lambda self: self.req.filters)
    since = property(lambda self: self.req.since)
    until = property(lambda self: self.req.until)
    extra = property(lambda self: self.req.options)

    def query_string(self, defaults: dict, **changes) -> str:
        """Canonical query string of this state (defaults left out), with `changes`."""
        r = self.req
        extra = {**r.options, **changes}
        pairs = [("q", r.q)] if r.q else []
        if r.op != "and":
            pairs.append(("op", r.op))
        if r.exact:
            pairs.append(("exact", "1"))
        for name in FACETS:
            pairs += [(name, v) for v in r.filters.get(name, ())]
        pairs += [(k, getattr(r, k)) for k in ("since", "until") if getattr(r, k)]
        pairs += [(k, str(v)) for k, v in extra.items() if str(v) != str(defaults.get(k))]
        return urlencode(pairs)


def parse(args, kind: str, fmt: str) -> Args:
    """A page's (fmt "html") or its API twin's arguments, every one checked (QueryError), with
    or without q: the names by the parameter table (search_web/params.py), the values by
    ResearchRequest (as the search page's for q, op, since, until and filters)."""
    params.check(args, kind, api=fmt != "html")
    options = CONCORDANCE if kind == "concordance" else COLLOCATIONS
    req = ResearchRequest.build(
        kind, args.get("q", ""), op=args.get("op", ""), since=args.get("since", ""),
        until=args.get("until", ""), exact=args.get("exact", ""),
        filters={name: params.values(args, name) for name in FACETS},
        **{name: args.get(name, "").strip() for name in options})
    return Args(req, fmt)


def _fallback(kind: str, args) -> Args:
    """The form's state when the arguments could not be parsed: the query alone."""
    return Args(ResearchRequest(kind, q=args.get("q", "")[:params.MAX_QUERY_CHARS]))


class Concordance(TwinView):
    page_rule, api_rule = "/concordance", "/api/concordance"
    endpoint, api_endpoint = "concordance_page", "concordance_api"
    template, formats, decorators, form = "concordance.html", ("json", "csv"), (heavy,), True

    def parse(self, args, fmt):
        a = parse(args, "concordance", fmt)
        if fmt == "csv":        # every line (up to CSV_LIMIT) in the page's sort order
            a.req = dataclasses.replace(a.req, options={**a.req.options, "page": 1, "size": CSV_LIMIT})
        return a

    def fallback(self, args):
        return _fallback("concordance", args)

    def compute(self, a: Args):
        return a.req.run(searcher()) if a.q or a.format != "html" else None     # the empty form

    def context(self, a, data, error):
        if error:
            return {"a": a, "data": None, "error": error}
        page = url_for("research.concordance_page")
        api = url_for("research.concordance_api")

        def link(**changes) -> str:
            return f"{page}?{a.query_string(CONCORDANCE, **changes)}"
        return {"a": a, "data": data, "error": None, "link": link,
                "json_twin": f"{api}?{a.query_string(CONCORDANCE)}",
                "csv_url": f"{api}?{a.query_string(CONCORDANCE, page=1)}&format=csv",
                "collocations_url": url_for("research.collocations_page") + "?" + urlencode(
                    [(k, v) for k, v in [("q", a.q)] + ([("exact", "1")] if a.exact else [])])}

    def json(self, a, data):
        return conc.as_dict(data)

    def csv(self, a, data):
        doc_url = request.host_url.rstrip("/")
        rows = ([neutralise(getattr(ln, c)) if c != "start" else ln.start for c in conc.CSV_COLUMNS]
                + [doc_url + url_for("views.document", doc_id=ln.doc_id)] for ln in data.lines)
        return Csv("concordance.csv", conc.CSV_COLUMNS + ("document",), rows,
                   {"X-Lines": str(len(data.lines)), "X-More": "true" if data.more else "false"})


class Collocations(TwinView):
    page_rule, api_rule = "/collocations", "/api/collocations"
    endpoint, api_endpoint = "collocations_page", "collocations_api"
    template, what, decorators, form = "collocations.html", "collocations", (heavy,), True

    def parse(self, args, fmt):
        return parse(args, "collocations", fmt)

    def fallback(self, args):
        return _fallback("collocations", args)

    def compute(self, a: Args):
        return a.req.run(searcher()) if a.q or a.format != "html" else None     # the empty form

    def context(self, a, data, error):
        api = url_for("research.collocations_api")
        return {"a": a, "data": data, "error": error,
                **({} if error else {"json_twin": f"{api}?{a.query_string(COLLOCATIONS)}"})}

    def json(self, a, data):
        return coll.as_dict(data)


Concordance.register(research)
Collocations.register(research)
