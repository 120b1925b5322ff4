"""The seam (corpus/engines/base.py): both engines' classes offer every method of the
protocols, with signatures a caller of the protocol can use."""
from __future__ import annotations

import inspect

import pytest

from corpus.engines.base import Searcher, Sink
from corpus.engines.opensearch.searcher import OpenSearchCorpus
from corpus.engines.opensearch.sink import OpenSearchSink
from corpus.engines.whoosh.searcher import WhooshCorpus
from corpus.engines.whoosh.sink import WhooshSink

CLASSES = [(Searcher, WhooshCorpus), (Searcher, OpenSearchCorpus),
           (Sink, WhooshSink), (Sink, OpenSearchSink)]
KINDS = inspect.Parameter


def protocol_methods(protocol) -> dict:
    return {name: value for name, value in vars(protocol).items()
            if callable(value) and not name.startswith("_")}


def incompatibilities(wanted: inspect.Signature, given: inspect.Signature) -> list[str]:
    """What a call that fits `wanted` could not do with `given`: a parameter missing, of
    another kind or at another position, a default missing or different, or a parameter
    the protocol does not know that has no default."""
    problems = []
    want = [p for p in wanted.parameters.values() if p.name != "self"]
    have = {p.name: p for p in given.parameters.values() if p.name != "self"}
    order = [p.name for p in given.parameters.values() if p.name != "self"]
    star = {k: any(p.kind is k for p in have.values()) for k in (KINDS.VAR_POSITIONAL, KINDS.VAR_KEYWORD)}
    for i, p in enumerate(want):
        if p.kind in star:
            if not star[p.kind]:
                problems.append(f"no {'**' if p.kind is KINDS.VAR_KEYWORD else '*'}{p.name}")
            continue
        q = have.get(p.name)
        if q is None:
            problems.append(f"no parameter {p.name!r}")
            continue
        if q.kind is not p.kind:
            problems.append(f"{p.name!r} is {q.kind.description}, not {p.kind.description}")
        if p.kind is KINDS.POSITIONAL_OR_KEYWORD and order.index(p.name) != i:
            problems.append(f"{p.name!r} is parameter {order.index(p.name) + 1}, not {i + 1}")
        if p.default is not KINDS.empty and q.default != p.default:
            problems.append(f"{p.name!r} defaults to {q.default!r}, not {p.default!r}")
    known = {p.name for p in want}
    for q in have.values():
        if q.name not in known and q.default is KINDS.empty and q.kind not in star:
            problems.append(f"{q.name!r} is not in the protocol and has no default")
    return problems


@pytest.mark.parametrize("protocol, cls", CLASSES, ids=lambda x: x.__name__)
def test_engine_class_offers_every_protocol_method(protocol, cls):
    for name, method in protocol_methods(protocol).items():
        assert callable(getattr(cls, name, None)), f"{cls.__name__} has no {name}()"
        problems = incompatibilities(inspect.signature(method), inspect.signature(getattr(cls, name)))
        assert not problems, f"{cls.__name__}.{name}: {'; '.join(problems)}"
    for name in protocol.__annotations__:
        assert isinstance(getattr(cls, name, None), str), f"{cls.__name__} has no {name}"


def test_every_protocol_method_has_a_one_line_contract():
    for protocol in (Searcher, Sink):
        for name, method in protocol_methods(protocol).items():
            assert (method.__doc__ or "").strip(), f"{protocol.__name__}.{name} says nothing"


def test_the_checker_sees_what_breaks_a_caller():
    def proto(self, pattern, limit: int, budget=None): ...
    assert not incompatibilities(inspect.signature(proto), inspect.signature(lambda self, pattern, limit, budget=None, extra=1: 0))
    for wrong in (lambda self, pattern, limit: 0,                      # budget missing
                  lambda self, pattern, budget=None, limit=5: 0,       # moved
                  lambda self, pattern, limit, budget=0: 0,            # another default
                  lambda self, pattern, limit, budget=None, more=None, *, must: 0):   # a new required one
        assert incompatibilities(inspect.signature(proto), inspect.signature(wrong))


def test_searchers_opened_through_the_registry_are_searchers(news_searcher):
    assert isinstance(news_searcher, Searcher)


def test_sinks_opened_through_the_registry_are_sinks(tmp_path):
    from corpus.engines import open_sink
    assert isinstance(open_sink("whoosh", tmp_path / "index"), Sink)
