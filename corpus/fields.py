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
    multi: bool = False         # a document holds several values (derive gives a list)


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
    Facet("place", "مكان الإرسال", "Dateline", "Dateline: the place the story was filed from, "
          "any spelling: أربيل, Erbil and هەولێر are one value (Erbil).", True, _parsed("place")),
    Facet("author", "الكاتب", "Author", "Author.", False, _parsed("author")),
    Facet("section", "القسم", "Section", "Section of the newspaper.", True, _parsed("section")),
    # mentioned in the title or text (corpus/metadata/mentions.py): several values a document
    Facet("person", "أشخاص مذكورون", "People mentioned", "A person the article mentions, one "
          "value per person (سلمان بن عبدالعزيز; any spelling filters).", True,
          _parsed("person"), multi=True),
    Facet("org", "جهات مذكورة", "Organisations mentioned", "An organisation the article "
          "mentions (وزارة الداخلية, الأمم المتحدة).", True, _parsed("org"), multi=True),
    Facet("mentioned_place", "أماكن مذكورة", "Places mentioned", "A place the article "
          "mentions (not the dateline), one value per place: صنعاء and Sanaa are Sanaa.", True,
          _parsed("mentioned_place"), multi=True),
)
FACET_BY_NAME = {f.name: f for f in FACET_REGISTRY}
# Metadata fields that are both filters and facets, in display order.
FACETS = tuple(f.name for f in FACET_REGISTRY)
# Facets whose documents hold a list of values (mentions).
MULTI_FACETS = tuple(f.name for f in FACET_REGISTRY if f.multi)
# How the Whoosh engine stores a list of values in one field (its analyzer splits on it).
MULTI_SEPARATOR = "\n"


def indexed_values(doc) -> dict[str, str | list[str]]:
    """Every facet's value of a Document (language already known), and the byline as given:
    what both engines index. A multi facet's value is a list (maybe empty)."""
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
# What an export row adds: the byline as given, the story (near-duplicates share it) and the
# people, organisations and places mentioned.
EXPORT_FIELDS = HIT_FIELDS + ("byline", "story", *MULTI_FACETS)


def stored_values(stored: dict, names=HIT_FIELDS) -> dict:
    """A document's id, title and `names` from its stored fields (both engines): a missing
    value is None (JSON null, an empty CSV cell), never ""; the date is the caller's."""
    out = {"id": stored["id"], "title": stored.get("title") or ""}
    out.update({k: stored.get(k) or None for k in names if k not in ("title", "date")})
    for k in MULTI_FACETS:
        if k in names:
            out[k] = multi_values(out[k])
    return out


def multi_values(value) -> list[str]:
    """A multi facet's stored value as a list: Whoosh keeps one string (MULTI_SEPARATOR
    between values), OpenSearch a list."""
    if not value:
        return []
    return list(value) if isinstance(value, (list, tuple)) else value.split(MULTI_SEPARATOR)


def facet_key(value: str) -> str:
    """How metadata values compare in filters: normalised, case- and spacing-insensitive."""
    return " ".join(normalize(value).split())
