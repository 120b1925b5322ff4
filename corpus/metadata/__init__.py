"""Clean metadata for the facets: bylines parsed into agency, place and person; places,
outlets (sources, agencies) and sections with Arabic and English names, spellings merged.

    values = indexed_metadata(doc)       # what the engines index for a Document
    canonical("place", "هەولێر")          # "Erbil": filters by any spelling find the same value
    label("place", "Erbil", "ar")         # "أربيل (Erbil)"

The tables are documented TSV files in corpus/metadata/data (extendable: tables.py).
"""
from __future__ import annotations

import functools

from corpus.metadata import byline, gazetteer
from corpus.metadata.tables import table

# Fields an index needs for this module's values; an older index must be rebuilt once.
FIELDS = ("agency", "byline")
METADATA_REBUILD = ("this index was built before bylines were parsed into agency, place and person "
                    "(and places, outlets and sections merged across spellings); rebuild it once "
                    "with `corpus index --rebuild` (same --engine/--index)")


def has_metadata_fields(names) -> bool:
    return all(f in names for f in FIELDS)


# facet -> the table its values come from
_TABLES = {"source": "outlets", "agency": "outlets", "section": "sections"}


def canonical(facet: str, value: str) -> str:
    """The facet value a spelling stands for (itself when no table knows it)."""
    if facet == "place":
        return gazetteer.canonical(value)
    name = _TABLES.get(facet)
    return table(name).canonical(value) if name and value else value


def names(facet: str, value: str, lang: str = "ar") -> tuple[str, str]:
    """(the name in `lang`, the other language's name or "") of a facet value."""
    table_ = gazetteer.places() if facet == "place" else table(_TABLES[facet]) if facet in _TABLES else None
    entry = table_ and value and (table_.entries.get(value) or table_.find(value))
    return entry.names(lang) if entry else (value, "")


def label(facet: str, value: str, lang: str = "ar") -> str:
    """How a facet value is shown: in `lang`, the other language in brackets."""
    if facet == "place":
        return gazetteer.label(value, lang)
    name = _TABLES.get(facet)
    return table(name).label(value, lang) if name and value else value


def preload() -> None:
    """Load the tables indexed_metadata reads (the gazetteer is ~65 MB and ~1 s): once in an
    indexer before it forks its workers, which then share them instead of each loading its own."""
    gazetteer.places()
    for name in set(_TABLES.values()):
        table(name)


def indexed_metadata(doc) -> dict[str, str]:
    """source, section, agency, place, author (a person) and byline (the raw value) of a
    Document as the engines index them."""
    return dict(_metadata(doc.author or "", doc.source, doc.section, doc.place,
                          table("outlets"), table("sections")))


@functools.lru_cache(maxsize=50_000)
def _metadata(author: str, source: str, section: str, place: str, *tables) -> dict[str, str]:
    """indexed_metadata's values, each combination worked out once: bylines, sources and
    sections repeat (a paper's desk, an agency, a columnist). `tables`: the ones in use, so
    tables read again (extended, tables.ENV_DIR) are not answered from the cache."""
    parsed = byline.parse(author) if author else byline.Byline()
    agency = parsed.agency or (table("outlets").canonical(source)
                               if table("outlets").find(source) and not _is_paper(source) else "")
    return {
        "source": canonical("source", source),
        "section": canonical("section", section),
        "agency": agency,
        "place": gazetteer.canonical(place) if place else parsed.place,
        "author": parsed.person,
        "byline": byline.clean(author),
    }


def _is_paper(source: str) -> bool:
    """A source that is a newspaper's slug (aawsat), not an agency (الأناضول) in a dateline."""
    entry = table("outlets").find(source)
    return entry is not None and entry.id.isascii() and (entry.id.islower() or entry.id[:1].isdigit())
