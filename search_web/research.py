"""Research views: concordance (KWIC) and collocations, each a page and its JSON twin.

    /concordance?q=وزير&width=8&sort=left&page=2     /api/concordance (&format=csv)
    /collocations?q=وزير&window=5                   /api/collocations

One TwinView each (search_web/render.py): it parses, computes the data (corpus/research/*),
and the renderer shows it as the page, JSON or CSV. Every problem with the arguments is an
HTTP 400 with one sentence.
"""
from __future__ import annotations

import dataclasses
import time
from urllib.parse import urlencode

from flask import Blueprint, current_app, request, url_for

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
FILTER_CHOICES = ("source", "lang")      # offered as selects on the research pages
CHOICES_MAX_AGE_S = 60


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
        pairs += [(k, _text(v)) for k, v in extra.items() if _text(v) != _text(defaults.get(k))]
        return urlencode(pairs)

    def changed(self, **fields) -> "Args":
        """This state with some of its request's fields replaced (filters, since, options ...)."""
        return Args(dataclasses.replace(self.req, **fields), self.format)


def _text(value) -> str:
    return str(int(value)) if isinstance(value, bool) else str(value)


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


def _filters_context(a: Args, endpoint: str, defaults: dict) -> dict:
    """The page's filters shown and editable: a chip per active filter (its link drops it)
    and the values offered for source and lang (the index's, most documents first)."""
    page = url_for(endpoint)
    first = {"page": 1} if "page" in defaults else {}
    chips = []
    for name in FACETS:
        for v in a.filters.get(name, ()):
            rest = {k: [x for x in vals if not (k == name and x == v)] for k, vals in a.filters.items()}
            without = a.changed(filters={k: x for k, x in rest.items() if x})
            chips.append((name, v, f"{page}?{without.query_string(defaults, **first)}"))
    for name in ("since", "until"):
        if getattr(a, name):
            chips.append((name, getattr(a, name), f"{page}?{a.changed(**{name: ''}).query_string(defaults, **first)}"))
    return {"chips": chips, "choices": _choices()}


def _choices() -> dict:
    """The values offered for FILTER_CHOICES (the index's, most documents first), read at
    most a minute ago; {} while the index cannot answer (the form works without them)."""
    held = current_app.extensions.get("research_choices")
    if held and time.monotonic() - held[0] < CHOICES_MAX_AGE_S:
        return held[1]
    try:
        st = searcher().stats()
        choices = {name: list(st.get(name) or {}) for name in FILTER_CHOICES}
    except Exception:       # the form still works without the lists
        choices = {}
    current_app.extensions["research_choices"] = (time.monotonic(), choices)
    return choices


def _search_url(a: Args) -> str:
    """The search page with this view's query and filters."""
    pairs = [("q", a.q)] + ([("op", a.op)] if a.op != "and" else [])
    pairs += [(name, v) for name in FACETS for v in a.filters.get(name, ())]
    pairs += [(k, getattr(a, k)) for k in ("since", "until") if getattr(a, k)]
    return f"{url_for('views.search')}?{urlencode(pairs)}"


def _twin_url(endpoint: str, a: Args) -> str:
    """Another research view with this one's query and filters."""
    return f"{url_for(endpoint)}?{a.changed(options={}).query_string({})}"


class Concordance(TwinView):
    page_rule, api_rule = "/concordance", "/api/concordance"
    endpoint, api_endpoint = "concordance_page", "concordance_api"
    template, formats, decorators, form = "concordance.html", ("json", "csv"), (heavy,), True

    def parse(self, args, fmt):
        return parse(args, "concordance", fmt)

    def fallback(self, args):
        return _fallback("concordance", args)

    def compute(self, a: Args):
        if not a.q and a.format == "html":
            return None     # the empty form
        # the CSV: every line (up to concordance.MAX_LINES) in the page's sort order
        return conc.concordance(searcher(), a.q, **a.req.kwargs(), all_lines=a.format == "csv")

    def context(self, a, data, error):
        if error:
            return {"a": a, "data": None, "error": error, "chips": [], "choices": {}}
        page = url_for("research.concordance_page")
        api = url_for("research.concordance_api")

        def link(**changes) -> str:
            return f"{page}?{a.query_string(CONCORDANCE, **changes)}"
        return {"a": a, "data": data, "error": None, "link": link,
                "json_twin": f"{api}?{a.query_string(CONCORDANCE)}",
                "csv_url": f"{api}?{a.query_string(CONCORDANCE, page=1)}&format=csv",
                "collocations_url": _twin_url("research.collocations_page", a), "search_url": _search_url(a),
                **_filters_context(a, "research.concordance_page", CONCORDANCE)}

    def json(self, a, data):
        return conc.as_dict(data)

    def csv(self, a, data):
        doc_url = request.host_url.rstrip("/")
        rows = ([neutralise(getattr(ln, c)) if c != "start" else ln.start for c in conc.CSV_COLUMNS]
                + [doc_url + url_for("views.document", doc_id=ln.doc_id)] for ln in data.lines)
        return Csv("concordance.csv", conc.CSV_COLUMNS + ("document",), rows,
                   {"X-Lines": str(len(data.lines)), "X-Occurrences": str(data.occurrences),
                    "X-Complete": "true" if data.complete else "false"})


class Collocations(TwinView):
    page_rule, api_rule = "/collocations", "/api/collocations"
    endpoint, api_endpoint = "collocations_page", "collocations_api"
    template, formats, decorators, form = "collocations.html", ("json", "csv"), (heavy,), True

    def parse(self, args, fmt):
        return parse(args, "collocations", fmt)

    def fallback(self, args):
        return _fallback("collocations", args)

    def compute(self, a: Args):
        return a.req.run(searcher()) if a.q or a.format != "html" else None     # the empty form

    def context(self, a, data, error):
        api = url_for("research.collocations_api")
        if error:
            return {"a": a, "data": None, "error": error, "chips": [], "choices": {}, "max_docs": coll.MAX_DOCS}
        return {"a": a, "data": data, "error": error, "max_docs": coll.MAX_DOCS,
                "json_twin": f"{api}?{a.query_string(COLLOCATIONS)}",
                "csv_url": f"{api}?{a.query_string(COLLOCATIONS)}&format=csv",
                "search_url": _search_url(a), "concordance_url": _twin_url("research.concordance_page", a),
                **_filters_context(a, "research.collocations_page", COLLOCATIONS)}

    def json(self, a, data):
        return coll.as_dict(data)

    def csv(self, a, data):
        """The collocates (one row per word, pair or triple) in rank order."""
        rows = ([neutralise(v) if isinstance(v, str) else ("" if v is None else v)
                 for v in (getattr(c, k) for k in coll.CSV_COLUMNS)] for c in data.collocates)
        return Csv("collocations.csv", coll.CSV_COLUMNS, rows,
                   {"X-Documents-Read": str(data.read_documents), "X-Documents": str(data.documents),
                    "X-Sample": "true" if data.sample else "false"})


Concordance.register(research)
Collocations.register(research)
