"""One entity (a person, an organisation, a place mentioned) across the corpus: what its page shows.

    entity(searcher, "person", "منصور التركي") -> Entity, or None when no document mentions it

Any engine: one searcher.search over the documents that mention it (its facet value as a
query clause, not a filter: facet counts ignore their own facet's filter, and the people
mentioned with a person are counted in the person facet), with their histogram, the
people, organisations, places and sources most often mentioned with it, and the latest.
"""
from __future__ import annotations

import dataclasses

from corpus.engines.base import Searcher
from corpus.metadata import canonical, names
from corpus.results import FacetValue, Results

KINDS = {"person": "person", "org": "org", "place": "mentioned_place"}     # kind -> its facet
KIND_OF_FACET = {facet: kind for kind, facet in KINDS.items()}
CO_FACETS = ("person", "org", "mentioned_place")
TOP = 15            # values listed per co-mention facet
SOURCES = 15
LATEST = 10


@dataclasses.dataclass
class Entity:
    kind: str
    id: str
    facet: str
    name_ar: str
    name_en: str
    documents: int                              # documents that mention it
    results: Results                            # their histogram and the latest of them
    mentioned_with: dict[str, list[FacetValue]]   # kind -> the values most often with it
    sources: list[FacetValue]

    @property
    def names(self) -> list[str]:
        """Its names as written in texts (the id, Arabic and English), for concordances; a
        name holding another (الأمير محمد بن نايف holds محمد بن نايف) is left out, as the
        shorter one finds it too."""
        given = list(dict.fromkeys(n for n in (self.id, self.name_ar, self.name_en) if n))
        return [n for n in given if not any(o != n and o in n for o in given)]


def clause(facet: str, value: str) -> str:
    """The query clause matching the documents whose `facet` holds `value`."""
    return f'{facet}:"{value.replace(chr(34), " ")}"'


def entity(searcher: Searcher, kind: str, value: str, interval: str = "auto") -> Entity | None:
    facet = KINDS[kind]
    value = canonical(facet, value)
    res = searcher.search(clause(facet, value), size=LATEST, sort="-date", histogram=interval,
                          facets=(*CO_FACETS, "source"), facet_limit=TOP + 1,
                          facet_limits={"source": SOURCES}, group="none", count="documents",
                          translate="off", suggest=False, snippets=False)
    if not res.total:
        return None
    with_it = {KIND_OF_FACET[f]: [fv for fv in res.facets.get(f, []) if not (f == facet and fv.value == value)][:TOP]
               for f in CO_FACETS}
    ar, en = _names(facet, value)
    return Entity(kind=kind, id=value, facet=facet, name_ar=ar, name_en=en, documents=res.total,
                  results=res, mentioned_with=with_it, sources=res.facets.get("source", []))


def _names(facet: str, value: str) -> tuple[str, str]:
    """(Arabic name, English name); "" where the tables know none (its script decides)."""
    first, other = names(facet, value, "ar")
    if other:
        return first, other
    return ("", first) if first.isascii() else (first, "")
