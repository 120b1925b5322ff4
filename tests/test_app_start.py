"""The app factory starts its warm-up threads only once every route is compiled (Werkzeug
compiles rules with ast.parse, which CPython 3.11 does not make safe beside another thread's
ast.parse, e.g. numpy reading an array header while the research store opens)."""
from __future__ import annotations

import threading

from werkzeug.routing import Map

from conftest_web import web_index  # noqa: F401  (fixture)


def test_no_route_is_compiled_after_a_warm_up_thread_starts(web_index, monkeypatch):  # noqa: F811
    from search_web import create_app
    events: list[str] = []
    add, start = Map.add, threading.Thread.start

    def recorded_add(self, rule):
        events.append("route")
        return add(self, rule)

    def recorded_start(self):
        events.append("thread")
        return start(self)

    monkeypatch.setattr(Map, "add", recorded_add)
    monkeypatch.setattr(threading.Thread, "start", recorded_start)
    create_app({"INDEX": str(web_index), "TESTING": True})
    assert "thread" in events and events.count("route") > 20
    assert "route" not in events[events.index("thread"):], "a route was compiled after a thread started"
