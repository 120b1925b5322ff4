"""A research view's request (concordance, collocations), validated once.

What to read is a search (q, op, filters, since, until: SearchRequest's rules); exact picks
the forms an occurrence may have; the rest are the view's own options (`options` in
concordance.py and collocations.py: numbers in range, a known sort). Every problem is a
QueryError by code (corpus/messages.py), as for a search.

    ResearchRequest.build("concordance", "وزير", width="6", sort="left").run(searcher)
"""
from __future__ import annotations

import dataclasses
import inspect

from corpus.errors import QueryError
from corpus.request import SearchRequest
from corpus.research import collocations as coll
from corpus.research import concordance as conc

KINDS = {"concordance": (conc.options, conc.concordance), "collocations": (coll.options, coll.collocations)}
EXACT = {"": False, "0": False, "false": False, "1": True, "true": True, "on": True}


def defaults(kind: str) -> dict:
    """A view's options when not given (its `options` function's defaults)."""
    check, _ = KINDS[kind]
    return {name: p.default for name, p in inspect.signature(check).parameters.items()}


@dataclasses.dataclass(frozen=True)
class ResearchRequest:
    kind: str                       # a key of KINDS
    q: str = ""
    op: str = "and"
    filters: dict = dataclasses.field(default_factory=dict)     # facet -> values, as given
    since: str = ""                 # ISO dates, checked ("": none)
    until: str = ""
    exact: bool = False
    options: dict = dataclasses.field(default_factory=dict)     # the view's, as numbers

    @classmethod
    def build(cls, kind: str, q: str = "", *, op: str = "", filters: dict | None = None, since: str = "",
              until: str = "", exact="", **options) -> "ResearchRequest":
        """Validate everything once. Empty options take the view's defaults; without q the
        request is valid (a page's empty form) but cannot run."""
        check, _ = KINDS[kind]
        filters = {name: list(v) for name, v in (filters or {}).items() if v}
        search = SearchRequest.build(q, op=op, filters=filters, since=since, until=until)
        if isinstance(exact, str):
            key = exact.strip().lower()
            if key not in EXACT:
                raise QueryError("exact", value=key)
            exact = EXACT[key]
        chosen = check(**{k: v for k, v in options.items() if v not in ("", None)})
        return cls(kind, search.q, search.op, filters, search.since_text or "", search.until_text or "",
                   bool(exact), chosen)

    def kwargs(self) -> dict:
        """What concordance() / collocations() take besides the searcher and q."""
        return {"op": self.op, "filters": self.filters, "since": self.since or None,
                "until": self.until or None, "exact": self.exact, **self.options}

    def run(self, searcher):
        """The Concordance or Collocations (QueryError: no query)."""
        _, compute = KINDS[self.kind]
        return compute(searcher, self.q, **self.kwargs())
