"""One path for a page and its JSON twin: parse -> compute -> render (HTML, JSON or CSV).

A view is a TwinView: it parses the request's arguments (QueryError for anything wrong),
computes its data, and says how the data looks as a page (a template and its variables), as
JSON and, if it has one, as CSV. `register` puts it at two URLs, and the URL picks the
format: the page's is HTML, the API twin's is JSON, or CSV with format=csv. The page and the
API can never disagree, and a new endpoint is one class:

    class Concordance(TwinView):
        page_rule, api_rule = "/concordance", "/api/concordance"
        endpoint, api_endpoint = "concordance_page", "concordance_api"
        template, formats = "concordance.html", ("json", "csv")

        def parse(self, args, fmt): ...            # -> state (QueryError: 400)
        def compute(self, state): ...              # -> data, from searcher()
        def context(self, state, data, error): ... # the template's variables
        def json(self, state, data): ...           # the JSON body
        def csv(self, state, data): ...            # a Csv (only with "csv" in formats)

    Concordance.register(research_blueprint)      # or register(views, api): the twin under /api

A download that is no Csv (the search's streamed exports) overrides `download`.
Errors: a page with a form (form = True) shows it again with the message (400), from what
could be parsed (`fallback` when nothing could); everything else goes to the app's one
error handler (search_web/__init__.py: JSON under /api, error.html elsewhere).
"""
from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any, Iterable
from urllib.parse import quote

from flask import current_app, render_template, request

from corpus.errors import QueryError
from search_web.responses import json_response


def id_path(value: str) -> str:
    """An id (a document's, an entity's) as the last part of a URL path: everything
    percent-encoded but "/" and ":" (ids are file paths or URLs), so that ids round-trip."""
    return quote(value, safe="/:")


def searcher():
    """The app's searcher (corpus/engines/base.py Searcher): the one way views reach it."""
    return current_app.extensions["corpus"]


@dataclasses.dataclass
class Csv:
    """A CSV download: UTF-8 with a BOM (spreadsheets read Arabic), CRLF lines."""
    filename: str
    header: tuple
    rows: Iterable[Iterable]
    headers: dict = dataclasses.field(default_factory=dict)     # e.g. X-Lines

    def response(self):
        buf = io.StringIO()
        buf.write("\ufeff")
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(self.header)
        w.writerows(self.rows)
        return current_app.response_class(
            buf.getvalue(), mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{self.filename}"', **self.headers})


class TwinView:
    """A page and its JSON twin; subclasses set the class attributes and define parse and
    compute (and context, json, csv as they need)."""
    page_rule: str
    api_rule: str | None = None     # None: a page without a twin
    endpoint: str
    api_endpoint: str | None = None
    template: str
    formats: tuple = ("json",)      # format= on the twin ("csv": csv() or download()); ():
    #                                 the twin takes no format parameter
    what: str = "results"           # "{what} come as JSON only"
    decorators: tuple = ()          # around both URLs (e.g. limits.heavy)
    form: bool = False              # the page shows its form again on a QueryError (else error.html)

    def parse(self, args, fmt: str, **route) -> Any:
        """The request's arguments (and the URL's parts, e.g. doc_id), checked; fmt is
        "html", "json" or "csv"."""
        raise NotImplementedError

    def fallback(self, args) -> Any:
        """The state a page's form shows when the arguments could not be parsed."""
        return None

    def compute(self, state) -> Any:
        raise NotImplementedError

    def context(self, state, data, error: QueryError | None) -> dict:
        """The template's variables (data and state None-safe when error is set)."""
        return {"state": state, "data": data, "error": error}

    def json(self, state, data) -> Any:
        return data

    def csv(self, state, data) -> Csv:
        raise NotImplementedError

    # -- the one path
    def page(self, **route):
        state = None
        try:
            state = self.parse(request.args, "html", **route)
            data = self.compute(state)
        except QueryError as e:
            if not self.form:
                raise
            state = state if state is not None else self.fallback(request.args)
            return render_template(self.template, **self.context(state, None, e)), 400
        return render_template(self.template, **self.context(state, data, None))

    def download(self, state, fmt: str):
        """A format other than JSON (format=csv): by default the computed data's csv()."""
        return self.csv(state, self.compute(state)).response()

    def api(self, **route):
        fmt = (request.args.get("format", "").strip().lower() if self.formats else "") or "json"
        if fmt not in self.formats and self.formats:
            if fmt == "csv" and self.formats == ("json",):
                raise QueryError("json_only", what=self.what)
            raise QueryError("unknown_format", value=fmt, choices=", ".join(self.formats))
        state = self.parse(request.args, fmt, **route)
        if fmt != "json":
            return self.download(state, fmt)
        return json_response(self.json(state, self.compute(state)))

    @classmethod
    def register(cls, bp, api_bp=None) -> None:
        """The page on `bp`, its twin on `api_bp` (default: the same blueprint; api_rule is
        relative to that blueprint's url_prefix)."""
        view = cls()
        page, api = view.page, view.api
        for decorate in reversed(cls.decorators):
            page, api = decorate(page), decorate(api)
        bp.add_url_rule(cls.page_rule, cls.endpoint, page, methods=["GET"])
        if cls.api_rule:
            (api_bp or bp).add_url_rule(cls.api_rule, cls.api_endpoint, api, methods=["GET"])
