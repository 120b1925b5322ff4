"""The seam's search side: a request -> an engine -> Results (hits, facets, snippets).

The CLI, the JSON API and the pages call only this (and corpus/engines for opening one):

    searcher = open_searcher(engine, index)          # "whoosh" (default) or "opensearch"
    searcher.search(q, filters=..., sort=..., page=..., ...) -> Results
    searcher.export(q, ..., limit=...) -> rows;  .document(id, q) -> dict;  .stats() -> dict

Both engines validate through corpus/request.py, parse through corpus/querylang.py and
return corpus/results.py, so a request means the same on either.
"""
from __future__ import annotations

from corpus.engines import ENGINES, engine_name, open_searcher  # noqa: F401
from corpus.errors import IndexProblem, QueryError  # noqa: F401
from corpus.request import MAX_PAGE, MAX_SIZE, SORTS, SearchRequest, parse_date  # noqa: F401
from corpus.results import FacetValue, Hit, Results  # noqa: F401


def search(index=None, q: str = "", engine: str | None = None, **kwargs) -> Results:
    """Search an index (a directory for Whoosh, an alias for OpenSearch, or an opened
    searcher); see SearchRequest.build for the arguments."""
    searcher = index if hasattr(index, "search") else open_searcher(engine, index)
    return searcher.search(q, **kwargs)
