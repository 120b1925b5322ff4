"""The fields of an indexed document, engine-neutral: what every engine stores and searches.

FACET_REGISTRY is the one place a facet (a metadata field that is both a filter and a
facet) is declared: its name, labels in both languages, help, whether the page shows it
expanded, and how a document's value is derived. Both engines' writers index
`indexed_values(doc)`; their schemas, the request's validation, the pages, the API and
its OpenAPI document, and the CLI read the registry. A new facet is one entry here and
its extraction function.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from corpus.analysis.normalize import normalize
from corpus.metadata import indexed_metadata


@dataclasses.dataclass(frozen=True)
class Facet:
    name: str
    label_ar: str
    label_en: str
    help: str                   # for the API description (English)
    expanded: bool              # shown open on the search page; the others start collapsed
    derive: Callable[[object, dict], str]   # (Document, its parsed metadata) -> the value, "" if none


def _parsed(name: str):
    return lambda doc, meta: meta[name]


FACET_REGISTRY = (
    Facet("lang", "اللغة", "Language", "Language code (ar, en, ...).", True,
          lambda doc, meta: doc.lang or ""),
    Facet("source", "المصدر", "Source", "Source or agency, e.g. الأناضول, Reuters.", True,
          _parsed("source")),
    Facet("agency", "الوكالة", "Agency", "News agency or paper named in the byline (SPA, "
          "Reuters, aawsat; any spelling: واس).", True, _parsed("agency")),
    Facet("year", "السنة", "Year", "Publication year, e.g. 2019.", True,
          lambda doc, meta: f"{doc.date:%Y}" if doc.date else ""),
    Facet("month", "الشهر", "Month", "Publication month, YYYY-MM.", False,
          lambda doc, meta: f"{doc.date:%Y-%m}" if doc.date else ""),
    Facet("place", "المكان", "Place", "Place, any spelling: أربيل, Erbil and هەولێر are one "
          "value (Erbil).", True, _parsed("place")),
    Facet("author", "الكاتب", "Author", "Author.", False, _parsed("author")),
    Facet("section", "القسم", "Section", "Section of the newspaper.", True, _parsed("section")),
)
FACET_BY_NAME = {f.name: f for f in FACET_REGISTRY}
# Metadata fields that are both filters and facets, in display order.
FACETS = tuple(f.name for f in FACET_REGISTRY)


def indexed_values(doc) -> dict[str, str]:
    """Every facet's value of a Document (language already known), and the byline as given:
    what both engines index."""
    meta = indexed_metadata(doc)
    return {**{f.name: f.derive(doc, meta) for f in FACET_REGISTRY}, "byline": meta["byline"]}

# Full-text fields searched by default; `exact` holds unstemmed normalised title + body.
TEXT_FIELDS = ("title", "body", "exact")
# BM25F field weights. The exact (unstemmed) form adds to a stem match, so exact forms rank
# above mere stem matches. Title words are also in `exact`, so a small title weight suffices;
# a large one let short title-only matches outrank the article that answers the question.
FIELD_BOOSTS = {"title": 0.25, "body": 1.0, "exact": 0.5}
# BM25: a little more length normalisation and earlier tf saturation than the defaults
# (B .75, K1 1.2) measured better on XQuAD ar/en (bench/quality.py; README "Search quality").
BM25_B, BM25_K1 = 0.85, 0.9
# What a hit shows: its id and these stored values.
HIT_FIELDS = ("title", "date", "lang", "source", "agency", "section", "author", "place", "url")
# What an export row adds: the byline as given and the story (near-duplicates share it).
EXPORT_FIELDS = HIT_FIELDS + ("byline", "story")


def stored_values(stored: dict, names=HIT_FIELDS) -> dict:
    """A document's id, title and `names` from its stored fields (both engines): a missing
    value is None (JSON null, an empty CSV cell), never ""; the date is the caller's."""
    out = {"id": stored["id"], "title": stored.get("title") or ""}
    out.update({k: stored.get(k) or None for k in names if k not in ("title", "date")})
    return out


def facet_key(value: str) -> str:
    """How metadata values compare in filters: normalised, case- and spacing-insensitive."""
    return " ".join(normalize(value).split())
