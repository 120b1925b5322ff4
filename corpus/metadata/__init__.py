"""Clean metadata for the facets: bylines parsed into agency, place and person; places,
outlets (sources, agencies) and sections with Arabic and English names, spellings merged.

    values = indexed_metadata(doc)       # what the engines index for a Document
    canonical("place", "هەولێر")          # "Erbil": filters by any spelling find the same value
    label("place", "Erbil", "ar")         # "أربيل (Erbil)"

The tables are documented TSV files in corpus/metadata/data (extendable: tables.py).
"""
from __future__ import annotations

import functools
import hashlib
import os

from corpus.messages import Notice
from corpus.metadata import byline, gazetteer, mentions
from corpus.metadata.tables import files, table

# Fields an index needs for this module's values; an older index must be rebuilt once.
FIELDS = ("agency", "byline")
METADATA_REBUILD = Notice("rebuild_metadata")


def has_metadata_fields(names) -> bool:
    return all(f in names for f in FIELDS)


# People, organisations and places mentioned are extracted at index time unless
# $CORPUS_MENTIONS is "off" (their facets are then empty; bench/entities_cost.py compares).
MENTIONS_ENV = "CORPUS_MENTIONS"
TABLES_REBUILD = Notice("rebuild_tables")


def mentions_on() -> bool:
    return os.environ.get(MENTIONS_ENV, "").strip().lower() not in ("off", "0", "no")


def tables_version() -> str:
    """A digest of every table the indexed values come from (ours and $CORPUS_METADATA_DIR's,
    and whether mentions are extracted): an index records the one it was built with. The
    files are read again only when one of them changed (its size or time), or the list did:
    every search asks."""
    on, paths = mentions_on(), files()
    stamp = (on, tuple((str(p), st.st_mtime_ns, st.st_size) for p in paths for st in [os.stat(p)]))
    held = _VERSION.get("held")
    if held and held[0] == stamp:
        return held[1]
    digest = hashlib.sha256(b"mentions" if on else b"no mentions")
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    version = digest.hexdigest()[:16]
    _VERSION["held"] = (stamp, version)
    return version


_VERSION: dict[str, tuple] = {}     # "held": (the files' stamp, their digest)


def tables_current(meta: dict) -> bool:
    """The index was built with the tables in use now (an index without the record: no)."""
    return meta.get("tables") == tables_version()


def warm() -> None:
    """Load the tables now (the gazetteer is ~65 MB and ~1 s, the mention tables a few
    seconds), so worker processes forked later share them instead of each loading its own."""
    gazetteer.places()
    for name in set(_TABLES.values()):
        table(name)
    if mentions_on():
        mentions.warm()


# facet -> the table its values come from
_TABLES = {"source": "outlets", "agency": "outlets", "section": "sections"}
_PLACES = ("place", "mentioned_place")


def canonical(facet: str, value: str) -> str:
    """The facet value a spelling stands for (itself when no table knows it)."""
    if facet in _PLACES:
        return gazetteer.canonical(value)
    if facet in ("person", "org"):
        return mentions.canonical(facet, value)
    name = _TABLES.get(facet)
    return table(name).canonical(value) if name and value else value


def names(facet: str, value: str, lang: str = "ar") -> tuple[str, str]:
    """(the name in `lang`, the other language's name or "") of a facet value."""
    if facet in ("person", "org"):
        entry = mentions.entries(facet).get(value)
        return entry.names(lang) if entry else (value, "")
    table_ = gazetteer.places() if facet in _PLACES else table(_TABLES[facet]) if facet in _TABLES else None
    entry = table_ and value and (table_.entries.get(value) or table_.find(value))
    return entry.names(lang) if entry else (value, "")


def label(facet: str, value: str, lang: str = "ar") -> str:
    """How a facet value is shown: in `lang`, the other language in brackets."""
    if facet in _PLACES:
        return gazetteer.label(value, lang)
    if facet in ("person", "org"):
        entry = mentions.entries(facet).get(value)
        return entry.label(lang) if entry else value
    name = _TABLES.get(facet)
    return table(name).label(value, lang) if name and value else value


def indexed_metadata(doc) -> dict[str, str | list[str]]:
    """source, section, agency, place, author (a person), byline (the raw value) and the
    people, organisations and places mentioned (lists) of a Document as the engines index them."""
    found = mentions.extract(doc.title or "", doc.body or "") if mentions_on() else mentions.Mentions([], [], [])
    return {**_metadata(doc.author or "", doc.source, doc.section, doc.place,
                        table("outlets"), table("sections")),
            "person": found.person, "org": found.org, "mentioned_place": found.place}


@functools.lru_cache(maxsize=50_000)
def _metadata(author: str, source: str, section: str, place: str, *tables) -> dict[str, str]:
    """indexed_metadata's byline values, each combination worked out once: bylines, sources
    and sections repeat (a paper's desk, an agency, a columnist). `tables`: the ones in use,
    so tables read again (extended, tables.ENV_DIR) are not answered from the cache."""
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
