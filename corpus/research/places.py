"""The places a result set mentions, with document counts and coordinates: what the map draws.

    place_counts(searcher, "الإرهاب", filters={"source": ["spa"]}) -> PlaceCounts

Any engine: two calls of searcher.search. The first reads the `mentioned_place` facet of the
hits (document counts, the MAX_PLACES most mentioned); places with coordinates (the
gazetteer's) go on the map, the others are listed as unmapped. The second counts the hits
that mention at least one place of the map (a filter on those places), so that the page can
say exactly how many hits have none. Counts are documents (never stories) and count where an
article's text names a place, not its dateline (the `place` facet).

A facet's counts follow the other filters only (post-filter rule), so a `mentioned_place`
filter is moved into the query for the first call: the map then counts the places mentioned
in the documents that pass every filter, that one included. A query that is not valid
syntax (searched as plain words) cannot take that clause, so then the places are counted
from the matching documents' own lists (searcher.export), as exactly.
"""
from __future__ import annotations

import dataclasses

from collections import Counter

from corpus import querylang
from corpus.engines.base import Searcher
from corpus.metadata.gazetteer import coordinates
from corpus.request import MAX_FACET_SIZE

FACET = "mentioned_place"
MAX_PLACES = MAX_FACET_SIZE         # the most mentioned places read (MAX_FILTER_VALUES too)


@dataclasses.dataclass
class Place:
    id: str
    count: int                  # documents among the hits that mention it
    lat: float | None = None    # None: the gazetteer has no coordinates for it
    lon: float | None = None


@dataclasses.dataclass
class PlaceCounts:
    query: str
    total: int                  # documents matching (every filter applied)
    places: list[Place]         # on the map: with coordinates, most mentioned first
    unmapped: list[Place]       # mentioned, but without coordinates
    without_mapped_place: int   # hits that mention no place of `places`
    cut: bool                   # more places are mentioned than MAX_PLACES read
    notices: list[str]


def _with_place_filter(q: str, values: list[str]) -> str:
    """q AND (mentioned_place:"a" OR mentioned_place:"b")."""
    clause = " OR ".join(f'{FACET}:"{v.replace(chr(34), " ")}"' for v in values)
    clause = f"({clause})" if len(values) > 1 else clause
    return f"({q}) AND {clause}" if q.strip() else clause


def place_counts(searcher: Searcher, q: str = "", *, filters: dict | None = None, **kwargs) -> PlaceCounts:
    """kwargs: the search's other arguments (op, since, until, translate, drop, semantic);
    grouping, sorting and paging do not apply (counts are of documents)."""
    for name in ("group", "count", "sort", "page", "size", "facets", "facet_limit", "facet_limits"):
        kwargs.pop(name, None)
    filters = {k: list(v) for k, v in (filters or {}).items() if v}
    chosen = filters.pop(FACET, [])
    if chosen and querylang.parse(q, kwargs.get("op") or "and").notices:
        return _from_documents(searcher, q, {**filters, FACET: chosen}, kwargs)
    counted_q = _with_place_filter(q, chosen) if chosen else q
    res = searcher.search(counted_q, filters=filters, size=0, facets=(FACET,),
                          facet_limits={FACET: MAX_PLACES}, group="none", count="documents",
                          suggest=False, **kwargs)
    values = res.facets.get(FACET, [])
    mapped, unmapped = _located([(fv.value, fv.count) for fv in values if fv.count])
    with_place = 0
    if mapped and res.total:
        counted = searcher.search(counted_q, filters={**filters, FACET: [p.id for p in mapped]},
                                  size=0, facets=(), group="none", suggest=False, **kwargs)
        with_place = counted.total
    return PlaceCounts(query=q, total=res.total, places=mapped, unmapped=unmapped,
                       without_mapped_place=res.total - with_place, cut=len(values) >= MAX_PLACES,
                       notices=list(res.notices))


def _located(counts) -> tuple[list[Place], list[Place]]:
    """(places with coordinates, places without) of (id, count) pairs, in their order."""
    mapped, unmapped = [], []
    for value, n in counts:
        at = coordinates(value)
        (mapped if at else unmapped).append(Place(value, n, *(at or (None, None))))
    return mapped, unmapped


def _from_documents(searcher: Searcher, q: str, filters: dict, kwargs: dict) -> PlaceCounts:
    """The counts read from every matching document's list of places (see the module's doc)."""
    res = searcher.search(q, filters=filters, size=0, facets=(), group="none", suggest=False, **kwargs)
    lists = [set(row.get(FACET) or ()) for row in
             searcher.export(q, limit=max(res.total, 1), filters=filters, group="none", **kwargs)]
    counts = Counter(p for places in lists for p in places)
    top = sorted(counts.items(), key=lambda vn: (-vn[1], vn[0]))
    mapped, unmapped = _located(top[:MAX_PLACES])
    on_map = {p.id for p in mapped}
    return PlaceCounts(query=q, total=res.total, places=mapped, unmapped=unmapped,
                       without_mapped_place=sum(1 for places in lists if not places & on_map),
                       cut=len(top) > MAX_PLACES, notices=list(res.notices))


def as_dict(pc: PlaceCounts) -> dict:
    """The JSON of /api/places."""
    return {
        "query": pc.query, "total": pc.total, "count": "documents",
        "counted": "documents whose text mentions the place (not the dateline)",
        "places": [dataclasses.asdict(p) for p in pc.places],
        "unmapped": [{"id": p.id, "count": p.count} for p in pc.unmapped],
        "without_mapped_place": pc.without_mapped_place,
        "places_cut": pc.cut, "max_places": MAX_PLACES, "notices": pc.notices,
    }
