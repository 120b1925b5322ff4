"""Research views: concordance (KWIC) and collocations, each a page and its JSON twin.

    /concordance?q=وزير&width=8&sort=left&page=2     /api/concordance (&format=csv)
    /collocations?q=وزير&window=5                   /api/collocations

One function computes the data (corpus/research/*); the page renders it, the API serialises
it. Every problem with the arguments is an HTTP 400 with one sentence.
"""
from __future__ import annotations

import csv
import dataclasses
import io
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from corpus.errors import QueryError
from corpus.fields import FACETS
from corpus.research import collocations as coll
from corpus.research import concordance as conc
from search_web.export import neutralise
from search_web.limits import heavy
from search_web.params import MAX_QUERY_CHARS, check_names, parse_args
from search_web.responses import json_response, query_error

research = Blueprint("research", __name__)

SEARCH_ARGS = ("q", "op", "since", "until", *FACETS)     # as the search page takes them
COMMON = (*SEARCH_ARGS, "exact")
CONCORDANCE = {"width": 8, "sort": "position", "page": 1, "size": 100, "per_story": "0"}
COLLOCATIONS = {"window": 5, "docs": coll.MAX_DOCS, "top": 50, "ngram": ""}


@dataclasses.dataclass
class Args:
    q: str = ""
    op: str = "and"
    since: str = ""
    until: str = ""
    exact: bool = False
    filters: dict = dataclasses.field(default_factory=dict)
    extra: dict = dataclasses.field(default_factory=dict)     # the view's own (width, sort, ...)
    format: str = "json"

    def kwargs(self) -> dict:
        return {"op": self.op, "filters": self.filters, "since": self.since or None,
                "until": self.until or None, "exact": self.exact, **self.extra}

    def query_string(self, defaults: dict, **changes) -> str:
        """Canonical query string of this state (defaults left out), with `changes`."""
        extra = {**self.extra, **changes}
        pairs = [("q", self.q)] if self.q else []
        if self.op != "and":
            pairs.append(("op", self.op))
        if self.exact:
            pairs.append(("exact", "1"))
        for name in FACETS:
            pairs += [(name, v) for v in self.filters.get(name, ())]
        pairs += [(k, getattr(self, k)) for k in ("since", "until") if getattr(self, k)]
        pairs += [(k, _text(v)) for k, v in extra.items() if _text(v) != str(defaults.get(k))]
        return urlencode(pairs)


def _text(value) -> str:
    return str(int(value)) if isinstance(value, bool) else str(value)


def parse(args, defaults: dict, check, *, api: bool) -> Args:
    """A page's or its API twin's arguments, every one checked (QueryError), with or without q:
    the search page's rules for q, op, since, until and filters; `check(**options)` for the
    view's own (concordance.options, collocations.options)."""
    known = (*COMMON, *defaults, *(("format",) if api else ()))
    check_names(args, known, [n for n in known if n not in FACETS])
    p = parse_args(MultiDict([(k, v) for k, v in args.items(multi=True) if k in SEARCH_ARGS]))
    a = Args(q=p.q, op=p.op, since=p.since, until=p.until, filters=p.filters)
    exact = args.get("exact", "").strip().lower()
    if exact not in ("", "0", "1", "true", "false", "on"):
        raise QueryError("exact", value=exact)
    a.exact = exact in ("1", "true", "on")
    a.extra = check(**{name: args.get(name, "").strip() or default for name, default in defaults.items()})
    if api:
        a.format = args.get("format", "").strip().lower() or "json"
        if a.format not in ("json", "csv"):
            raise QueryError("unknown_format", value=a.format, choices="json, csv")
    return a


def _corpus():
    return current_app.extensions["corpus"]


FILTER_CHOICES = ("source", "lang")      # offered as selects on the research pages


def _error(e: QueryError, template: str, a: Args | None):
    return render_template(template, a=a or Args(q=request.args.get("q", "")[:MAX_QUERY_CHARS]),
                           data=None, error=e, chips=[], choices={}, max_docs=coll.MAX_DOCS), 400


def _filters_context(a: Args, endpoint: str, defaults: dict) -> dict:
    """The page's filters shown and editable: a chip per active filter (its link drops it)
    and the values offered for source and lang (the index's, most documents first)."""
    page = url_for(endpoint)
    chips = []
    for name in FACETS:
        for v in a.filters.get(name, ()):
            rest = {k: [x for x in vals if not (k == name and x == v)] for k, vals in a.filters.items()}
            without = dataclasses.replace(a, filters={k: x for k, x in rest.items() if x})
            chips.append((name, v, f"{page}?{without.query_string(defaults, page=1) if 'page' in defaults else without.query_string(defaults)}"))
    for name, value in (("since", a.since), ("until", a.until)):
        if value:
            chips.append((name, value, f"{page}?{dataclasses.replace(a, **{name: ''}).query_string(defaults)}"))
    try:
        st = _corpus().stats()
        choices = {name: list(st.get(name) or {}) for name in FILTER_CHOICES}
    except Exception:       # the form still works without the lists
        choices = {}
    return {"chips": chips, "choices": choices}


def _search_url(a: Args) -> str:
    pairs = [("q", a.q)] + ([("op", a.op)] if a.op != "and" else [])
    pairs += [(name, v) for name in FACETS for v in a.filters.get(name, ())]
    pairs += [(k, getattr(a, k)) for k in ("since", "until") if getattr(a, k)]
    return f"{url_for('views.search')}?{urlencode(pairs)}"


# -- concordance
def _concordance(a: Args):
    return conc.concordance(_corpus(), a.q, **a.kwargs())


@research.get("/concordance")
@heavy
def concordance_page():
    a = None
    try:
        a = parse(request.args, CONCORDANCE, conc.options, api=False)
        data = _concordance(a) if a.q else None
    except QueryError as e:
        return _error(e, "concordance.html", a)
    page = url_for("research.concordance_page")
    api = url_for("research.concordance_api")

    def link(**changes) -> str:
        return f"{page}?{a.query_string(CONCORDANCE, **changes)}"
    return render_template("concordance.html", a=a, data=data, error=None, link=link,
                           search_url=_search_url(a),
                           **_filters_context(a, "research.concordance_page", CONCORDANCE),
                           json_twin=f"{api}?{a.query_string(CONCORDANCE)}",
                           csv_url=f"{api}?{a.query_string(CONCORDANCE, page=1)}&format=csv",
                           collocations_url=url_for("research.collocations_page") + "?" +
                           dataclasses.replace(a, extra={}).query_string({}))


@research.get("/api/concordance")
@heavy
def concordance_api():
    try:
        a = parse(request.args, CONCORDANCE, conc.options, api=True)
        if a.format == "csv":
            return _concordance_csv(a)
        return json_response(conc.as_dict(_concordance(a)))
    except QueryError as e:
        return query_error(e)


def _concordance_csv(a: Args):
    """Every line (up to concordance.MAX_LINES) in the page's sort order, one CSV."""
    data = conc.concordance(_corpus(), a.q, **a.kwargs(), all_lines=True)
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(conc.CSV_COLUMNS + ("document",))
    doc_url = request.host_url.rstrip("/")
    for ln in data.lines:
        w.writerow([neutralise(getattr(ln, c)) if c != "start" else ln.start for c in conc.CSV_COLUMNS]
                   + [doc_url + url_for("views.document", doc_id=ln.doc_id)])
    headers = {"Content-Disposition": 'attachment; filename="concordance.csv"',
               "X-Lines": str(len(data.lines)), "X-Occurrences": str(data.occurrences),
               "X-Complete": "true" if data.complete else "false"}
    return current_app.response_class(buf.getvalue(), mimetype="text/csv", headers=headers)


# -- collocations
def _collocations(a: Args):
    return coll.collocations(_corpus(), a.q, **a.kwargs())


@research.get("/collocations")
@heavy
def collocations_page():
    a = None
    try:
        a = parse(request.args, COLLOCATIONS, coll.options, api=False)
        data = _collocations(a) if a.q else None
    except QueryError as e:
        return _error(e, "collocations.html", a)
    api = url_for("research.collocations_api")
    return render_template("collocations.html", a=a, data=data, error=None, max_docs=coll.MAX_DOCS,
                           json_twin=f"{api}?{a.query_string(COLLOCATIONS)}",
                           csv_url=f"{api}?{a.query_string(COLLOCATIONS)}&format=csv",
                           search_url=_search_url(a),
                           concordance_url=url_for("research.concordance_page") + "?" +
                           dataclasses.replace(a, extra={}).query_string({}),
                           **_filters_context(a, "research.collocations_page", COLLOCATIONS))


@research.get("/api/collocations")
@heavy
def collocations_api():
    try:
        a = parse(request.args, COLLOCATIONS, coll.options, api=True)
        if a.format == "csv":
            return _collocations_csv(_collocations(a))
        return json_response(coll.as_dict(_collocations(a)))
    except QueryError as e:
        return query_error(e)


def _collocations_csv(data):
    """The collocates (one row per word, pair or triple), in rank order, one CSV."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(coll.CSV_COLUMNS)
    for c in data.collocates:
        w.writerow([neutralise(v) if isinstance(v, str) else ("" if v is None else v)
                    for v in (getattr(c, k) for k in coll.CSV_COLUMNS)])
    headers = {"Content-Disposition": 'attachment; filename="collocations.csv"',
               "X-Documents-Read": str(data.read_documents), "X-Documents": str(data.documents),
               "X-Sample": "true" if data.sample else "false"}
    return current_app.response_class(buf.getvalue(), mimetype="text/csv", headers=headers)
