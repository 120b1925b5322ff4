"""The search engines behind one seam (corpus/engines/base.py): Whoosh (embedded, the
default) and OpenSearch. This registry is the one place that knows their names.

    open_sink(engine, index)      -> a Sink: what corpus/indexer.py writes to
    open_searcher(engine, index)  -> a Searcher: what the CLI, the JSON API and the pages search

`engine` is "whoosh" or "opensearch" (default: $CORPUS_ENGINE, else whoosh); `index` is a
directory for Whoosh and an index (alias) name for OpenSearch (default: $CORPUS_INDEX,
else ./index or "corpus").
"""
from __future__ import annotations

import os

from corpus.engines.base import Searcher, Sink
from corpus.errors import IndexProblem

ENGINES = ("whoosh", "opensearch")


def engine_name(engine: str | None = None) -> str:
    name = (engine or os.environ.get("CORPUS_ENGINE") or "whoosh").strip().lower()
    if name not in ENGINES:
        raise IndexProblem(f"unknown engine {name!r}; engines: {', '.join(ENGINES)}")
    return name


def _index_name(index) -> str:
    return str(index or os.environ.get("CORPUS_INDEX") or "corpus")


def open_sink(engine: str | None = None, index=None, procs: int | None = None) -> Sink:
    if engine_name(engine) == "opensearch":
        from corpus.engines.opensearch.sink import OpenSearchSink
        return OpenSearchSink(_index_name(index), procs=procs)
    from corpus.engines.whoosh.sink import WhooshSink
    return WhooshSink(index, procs=procs)


def open_searcher(engine: str | None = None, index=None, **kwargs) -> Searcher:
    """kwargs go to the Whoosh searcher (warm=True for a server)."""
    if engine_name(engine) == "opensearch":
        from corpus.engines.opensearch.searcher import OpenSearchCorpus
        return OpenSearchCorpus(_index_name(index))
    from corpus.engines.whoosh.searcher import WhooshCorpus
    return WhooshCorpus(index, **kwargs)
