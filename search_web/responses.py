"""JSON responses (orjson) and the error shape of the API."""
from __future__ import annotations

import orjson
from flask import current_app, render_template, request

from corpus.messages import say as say_in
from search_web.messages import api_lang


def wants_json() -> bool:
    """Everything under /api answers in JSON, errors included."""
    return request.path == "/api" or request.path.startswith("/api/")


def json_response(data, status: int = 200, headers: dict | None = None):
    return current_app.response_class(orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS),
                                      status=status, mimetype="application/json", headers=headers)


CODES = {404: "not_found", 405: "method_not_allowed", 500: "internal_error", 503: "unavailable"}


def json_error(status: int, message, code: str | None = None):
    """The API's error: a status, a code (400: the QueryError's, from corpus/messages.py; else
    named after the status) and the message, English unless the request says hl=ar."""
    code = code or CODES.get(status, "error")
    text = say_in(message, api_lang())
    return json_response({"error": {"status": status, "code": code, "message": text}}, status)


def query_error(e):
    """A QueryError as the API's 400."""
    return json_error(400, e, e.code)


RETRY_AFTER = 10        # seconds: a cluster that lost a node answers again within this


def unavailable(message: str):
    """503 (an index or cluster that cannot answer now) saying when to ask again."""
    if wants_json():
        resp = json_error(503, message)
    else:
        resp = current_app.response_class(render_template("error.html", status=503, message=message),
                                          status=503, mimetype="text/html")
    resp.headers["Retry-After"] = str(RETRY_AFTER)
    return resp
