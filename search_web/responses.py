"""JSON responses (orjson) and the error shape of the API."""
from __future__ import annotations

import orjson
from flask import current_app, request


def wants_json() -> bool:
    """Everything under /api answers in JSON, errors included."""
    return request.path == "/api" or request.path.startswith("/api/")


def json_response(data, status: int = 200, headers: dict | None = None):
    return current_app.response_class(orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS),
                                      status=status, mimetype="application/json", headers=headers)


def json_error(status: int, message: str):
    return json_response({"error": {"status": status, "message": message}}, status)
