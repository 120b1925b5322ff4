"""Flask web front end and JSON API for the corpus (see create_app).

    create_app({"INDEX": "/path/to/index"})   # what `corpus serve` runs under waitress
    create_app({"ENGINE": "opensearch", "INDEX": "news"})

Blueprints: `views` (HTML pages, Arabic-first, no JavaScript) and `api` (JSON under /api).
One searcher per app (corpus/search.py), shared by the threads; with Whoosh, one searcher
per index version, reopened when the index changes.
"""
from __future__ import annotations

import gc
import logging

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import BaseConverter

from corpus.engines import engine_name, open_searcher
from corpus.errors import IndexProblem, QueryError
from search_web import i18n, limits, params
from search_web.render import id_path
from search_web.responses import json_error, query_error, unavailable, wants_json

log = logging.getLogger(__name__)

# No inline scripts or styles anywhere: the pages need neither.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class DocIdConverter(BaseConverter):
    """Document ids are file paths or URLs: any characters, slashes (even leading or doubled)
    included. Built URLs percent-encode everything but "/" and ":", so ids round-trip."""

    regex = ".+"
    part_isolating = False
    weight = 300

    def to_url(self, value: str) -> str:
        return id_path(value)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        ENGINE=None,                         # default: $CORPUS_ENGINE, else whoosh
        INDEX=None,                          # default: $CORPUS_INDEX, else ./index (Whoosh) or "corpus"
        EXPORT_LIMIT=params.EXPORT_LIMIT,
        JSON_AS_ASCII=False,
    )
    app.config.update(config or {})
    app.config["ENGINE"] = engine_name(app.config["ENGINE"])

    # ids like "/data/a.txt" or "https://x/y" hold "//": never merge or redirect slashes
    app.url_map.merge_slashes = False
    app.url_map.converters["docid"] = DocIdConverter
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from search_web.api import api
    from search_web.views import views, register_template_helpers
    app.register_blueprint(api)
    app.register_blueprint(views)
    from search_web.citation import cite
    from search_web.trends import bp as trends
    app.register_blueprint(cite)
    app.register_blueprint(trends)
    from search_web.research import research
    app.register_blueprint(research)
    from search_web.entities import bp as entities, entity_url
    app.register_blueprint(entities)
    app.jinja_env.globals["entity_url"] = entity_url
    register_template_helpers(app)
    limits.init_app(app)
    i18n.init_app(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            # read-only public data: notebooks on other origins may fetch it (no credentials)
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
        return response

    # The one error handler: every blueprint's views raise, and the answer is JSON under
    # /api, a page elsewhere (a page with a form shows it again: search_web/render.py).
    @app.errorhandler(QueryError)
    def bad_request(e: QueryError):
        if wants_json():
            return query_error(e)
        return render_template("error.html", status=400, message=e), 400

    @app.errorhandler(IndexProblem)
    def index_problem(e: IndexProblem):
        return unavailable(str(e))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return _error_response(e.code or 500, e.description or e.name, e)

    @app.errorhandler(Exception)
    def unexpected_error(e: Exception):
        log.exception("unhandled error on %s", request.path)
        return _error_response(500, InternalServerError.description, None)

    # The searcher and its warm-up threads come last, once every route is compiled: Werkzeug
    # compiles a rule with ast.parse, numpy reads an array file's header (a warm-up thread
    # opening the research store) with ast.literal_eval, and on CPython 3.11 the interpreter's
    # threads share the AST conversion's depth counter: the two at once failed an app's
    # creation in the test suite ("SystemError: AST constructor recursion depth mismatch").
    app.extensions["corpus"] = open_searcher(app.config["ENGINE"], app.config["INDEX"], warm=True)
    if app.config.get("WARM_TRANSLATION", True):    # dictionaries and name matching, in the background
        from corpus import translate              # (WARM_WAIT: before the app is returned)
        translate.warm(app.extensions["corpus"], background=not app.config.get("WARM_WAIT"))
    if app.config.get("WARM_EMBEDDINGS", True):     # the sentence encoder, if the index has vectors
        from corpus.embeddings.encoder import warm
        warm(app.extensions["corpus"])
    if app.config.get("WARM_RESEARCH", True):       # the token store of the research views: opened
        from corpus.research import tokens          # (WARM_WAIT: before the app is returned), or built
        tokens.prepare(app.extensions["corpus"], background=not app.config.get("WARM_WAIT"))   # in a thread

    if app.config.get("WARM_WAIT"):     # a server: before the first page, templates compiled
        for name in app.jinja_env.list_templates(extensions=("html",)):
            app.jinja_env.get_template(name)
        from corpus import metadata     # and the names of places, people, outlets (seconds)
        metadata.warm()
        # what was read to warm up stays for the process' life: the collector's full passes
        # need not walk it again (one took 0.2-0.6 s of a search on the 31k index)
        gc.collect()
        gc.freeze()
    return app


def _error_response(status: int, message: str, e: HTTPException | None):
    if status == 500:
        message = "internal server error; the problem was logged"
    if wants_json():
        resp = json_error(status, message)
    else:
        resp = current_app.response_class(
            render_template("error.html", status=status, message=message), status=status,
            mimetype="text/html")
    if e is not None:       # keep Allow (405) and similar headers
        for name, value in e.get_headers():
            if name.lower() != "content-type":
                resp.headers[name] = value
    return resp
