"""Who and where (issue 18): the map of the places a result set mentions (/map, /api/places)
and the entity pages (/entities/<kind>/<id>, /api/entities/...), on both engines.

The oracle is the JSON Lines export of the same search: its rows list the places, people and
organisations each document mentions, so every count the map and the entity pages show is
recounted here from the documents themselves."""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest_web import news_client  # noqa: E402,F401  (fixture)

from corpus.metadata.gazetteer import coordinates  # noqa: E402
from search_web import maps  # noqa: E402

STATES = [{}, {"lang": "ar"}, {"q": "الجيش"}, {"q": "oil", "lang": "en"}, {"mentioned_place": "Mosul"},
          {"mentioned_place": ["Mosul", "Kirkuk"], "lang": "ar"}, {"since": "2019-06-01"},
          {"q": "oil OR الجيش", "mentioned_place": "Kirkuk"},
          {"q": "oil army", "op": "or", "mentioned_place": ["Mosul", "Kirkuk"]},
          {"q": '"unbalanced (army', "op": "or", "mentioned_place": "Mosul"}]     # plain words


def _json(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, r.get_data(as_text=True)
    return r.get_json()


def _rows(client, state: dict) -> list[dict]:
    """Every hit of the search `state` as its export row (documents, not stories)."""
    r = client.get(f"/api/search?{urlencode(state, doseq=True)}&format=jsonl&group=none")
    assert r.status_code == 200
    return [json.loads(line) for line in r.get_data(as_text=True).splitlines() if line.strip()]


# -- /api/places: counts recounted from the documents ------------------------------------------

@pytest.mark.parametrize("state", STATES, ids=lambda s: urlencode(s, doseq=True) or "all")
def test_places_count_the_documents_that_mention_each_place(news_client, state):  # noqa: F811
    got = _json(news_client, f"/api/places?{urlencode(state, doseq=True)}")
    rows = _rows(news_client, state)
    assert got["total"] == len(rows)
    mentioned = Counter(p for row in rows for p in set(row["mentioned_place"] or ()))
    mapped = {p: n for p, n in mentioned.items() if coordinates(p)}
    assert {p["id"]: p["count"] for p in got["places"]} == mapped
    assert {p["id"]: p["count"] for p in got["unmapped"]} == {p: n for p, n in mentioned.items() if p not in mapped}
    assert got["without_mapped_place"] == sum(1 for row in rows if not set(row["mentioned_place"] or ()) & set(mapped))
    counts = [p["count"] for p in got["places"]]
    assert counts == sorted(counts, reverse=True)
    for p in got["places"]:
        assert (p["lat"], p["lon"]) == pytest.approx(coordinates(p["id"]))
    assert got["count"] == "documents" and got["places_cut"] is False


def test_the_news_corpus_mentions_mapped_places(news_client):  # noqa: F811
    """The fixture is worth testing with: several places on the map, some documents without."""
    got = _json(news_client, "/api/places")
    assert len(got["places"]) >= 3 and got["without_mapped_place"] > 0
    assert {"Mosul", "Kirkuk", "Baghdad"} <= {p["id"] for p in got["places"]}


@pytest.mark.parametrize("url, code", [
    ("/api/places?page=2", "unknown_parameter"), ("/api/places?interval=year", "unknown_parameter"),
    ("/api/places?view=world", "unknown_parameter"), ("/api/places?format=jsonl", "unknown_format"),
    ("/api/places?sort=best", "unknown_sort"),
    ("/api/places?lang=ar&since=2020-01-01&until=2019-01-01", "dates_reversed"),
    ("/api/places?bogus=1", "unknown_parameter"),
])
def test_places_api_refuses_what_does_not_apply(news_client, url, code):  # noqa: F811
    assert _json(news_client, url, 400)["error"]["code"] == code


def test_places_csv_lists_every_place_mentioned(news_client):  # noqa: F811
    import csv
    import io
    got = _json(news_client, "/api/places?lang=ar")
    r = news_client.get("/api/places?lang=ar&format=csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert {row["id"]: int(row["documents"]) for row in rows} == \
        {p["id"]: p["count"] for p in got["places"] + got["unmapped"]}
    mosul = next(row for row in rows if row["id"] == "Mosul")
    assert (mosul["name_ar"], mosul["name_en"]) == ("الموصل", "Mosul")
    assert float(mosul["lat"]) == pytest.approx(coordinates("Mosul")[0])
    assert all(row["lat"] == "" for row in rows if row["id"] in {p["id"] for p in got["unmapped"]})
    assert r.headers["X-Without-Mapped-Place"] == str(got["without_mapped_place"])


# -- /map --------------------------------------------------------------------------------------

def test_map_page_draws_each_place_as_a_link_to_its_search(news_client):  # noqa: F811
    r = news_client.get("/map?lang=ar")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    api = _json(news_client, "/api/places?lang=ar")
    svg = re.search(r'<svg class="map".*?</svg>', html, re.S).group()
    circles = re.findall(r'<a href="([^"]+)"><circle class="pt" cx="[\d.]+" cy="[\d.]+" r="([\d.]+)">', svg)
    height = int(re.search(r'<svg class="map" viewBox="0 0 720 (\d+)"', svg).group(1))
    name, view = next((n, v) for n, v in maps.basemap().items() if v["height"] == height)
    inside = [p for p in api["places"] if maps.inside(view, p["lon"], p["lat"])]
    assert len(circles) == len(inside) > 0
    for href, _ in circles:
        q = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert q["lang"] == ["ar"] and len(q["mentioned_place"]) == 1
    # area ∝ count: r² / count is the same for every point above the minimum radius
    top = max(p["count"] for p in inside)
    radii = sorted(float(r_) for _, r_ in circles)
    assert radii[-1] == maps.R_MAX_OF[name] and radii[0] >= maps.R_MIN
    assert maps.radius(top, top) == maps.R_MAX
    # the table lists the same counts, and the page says what is counted and what is left out
    table = re.search(r'<table class="places counts">.*?</table>', html, re.S).group()
    assert len(re.findall(r"<tr><td>", table)) == len(api["places"])
    assert f"<strong>{api['without_mapped_place']}</strong>" in html
    assert "/entities/place/" in table
    assert 'href="/api/places?lang=ar"' in html
    assert " style=" not in html and "<script" not in html


def test_map_views_and_bad_parameters(news_client):  # noqa: F811
    world = news_client.get("/map?view=world").get_data(as_text=True)
    region = news_client.get("/map?view=region").get_data(as_text=True)
    assert 'viewBox="0 0 720 %d"' % maps.basemap()["world"]["height"] in world
    assert 'viewBox="0 0 720 %d"' % maps.basemap()["region"]["height"] in region
    for url, code in (("/map?view=moon", "map_view"), ("/map?page=3", "unknown_parameter")):
        r = news_client.get(url)
        assert r.status_code == 400 and f'data-code="{code}"' in r.get_data(as_text=True)


def test_search_page_links_the_map_and_entity_pages(news_client):  # noqa: F811
    html = news_client.get("/?q=%D8%A7%D9%84%D8%AC%D9%8A%D8%B4").get_data(as_text=True)
    assert 'class="map-link" href="/map?q=' in html
    assert re.search(r'class="entity-link" href="/entities/(place|person|org)/', html)


# -- entity pages --------------------------------------------------------------------------------

def test_entity_api_counts_its_documents_and_what_is_mentioned_with_it(news_client):  # noqa: F811
    got = _json(news_client, "/api/entities/place/Mosul")
    rows = [r for r in _rows(news_client, {}) if "Mosul" in (r["mentioned_place"] or ())]
    assert got["documents"] == len(rows) > 0
    assert got["names"] == {"ar": "الموصل", "en": "Mosul"}
    with_places = Counter(p for r in rows for p in set(r["mentioned_place"]) if p != "Mosul")
    assert {v["value"]: v["count"] for v in got["mentioned_with"]["place"]} == dict(with_places)
    with_orgs = Counter(o for r in rows for o in set(r["org"] or ()))
    assert {v["value"]: v["count"] for v in got["mentioned_with"]["org"]} == dict(with_orgs)
    assert {v["value"]: v["count"] for v in got["sources"]} == dict(Counter(r["source"] for r in rows if r["source"]))
    dates = [h["date"] for h in got["latest"] if h["date"]]
    assert dates == sorted(dates, reverse=True) and len(got["latest"]) == len(rows)
    assert sum(b["count"] for b in got["histogram"]["buckets"]) + got["histogram"]["undated"] == len(rows)
    assert got["links"]["search"] == "/?mentioned_place=Mosul"


def test_entity_page_and_its_links(news_client):  # noqa: F811
    r = news_client.get("/entities/place/Mosul")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<svg class="chart bars"' in html
    assert 'href="/?mentioned_place=Mosul"' in html
    assert "/concordance?q=%22%D8%A7%D9%84%D9%85%D9%88%D8%B5%D9%84%22&amp;mentioned_place=Mosul" in html
    assert 'href="/api/entities/place/Mosul"' in html
    assert " style=" not in html
    # any spelling the gazetteer knows finds the same entity
    assert _json(news_client, "/api/entities/place/" + quote("الموصل"))["id"] == "Mosul"


def test_entity_of_each_kind_found_by_its_facet_values(news_client):  # noqa: F811
    facets = _json(news_client, "/api/search?size=0")["facets"]
    for kind, facet in (("person", "person"), ("org", "org"), ("place", "mentioned_place")):
        value = facets[facet][0]
        got = _json(news_client, f"/api/entities/{kind}/{quote(value['value'])}")
        assert got["documents"] == value["count"]


@pytest.mark.parametrize("url", ["/entities/planet/Mars", "/entities/place/Atlantis",
                                 "/api/entities/org/no such org", "/api/entities/planet/x"])
def test_unknown_entities_are_404(news_client, url):  # noqa: F811
    assert news_client.get(url).status_code == 404


def test_entity_interval_is_checked(news_client):  # noqa: F811
    assert _json(news_client, "/api/entities/place/Mosul?interval=fortnight", 400)["error"]["code"] == "unknown_interval"
    assert _json(news_client, "/api/entities/place/Mosul?page=2", 400)["error"]["code"] == "unknown_parameter"


# -- the drawing ----------------------------------------------------------------------------------

def test_area_is_proportional_to_count():
    top = 400
    for n in (100, 25, 16):
        assert maps.radius(n, top) ** 2 / maps.R_MAX ** 2 == pytest.approx(n / top, rel=0.01)
    assert maps.radius(1, 10_000) == maps.R_MIN      # never invisible
    assert [c for c, _ in maps.legend(297)] == [297, 50, 10]


def test_basemap_is_small_and_projects_both_views():
    assert maps.BASEMAP.stat().st_size < 300_000
    assert (maps.BASEMAP.parent / "BASEMAP.md").is_file()
    region, world = maps.basemap()["region"], maps.basemap()["world"]
    assert maps.project(region, region["lon0"], region["lat1"]) == (0, 0)
    x, y = maps.project(region, region["lon1"], region["lat0"])
    assert x == pytest.approx(720, abs=0.2) and y == pytest.approx(region["height"], abs=0.6)
    assert maps.inside(region, 44.4, 33.3) and not maps.inside(region, -77.0, 38.9)
    assert len(world["countries"]) > 150 and len(region["countries"]) > 20


def test_auto_view_is_the_region_when_it_holds_most_mentions():
    from corpus.research.places import Place
    baghdad, washington = Place("Baghdad", 5, 33.3, 44.4), Place("Washington", 3, 38.9, -77.0)
    assert maps.choose_view([baghdad, washington], "auto") == "region"
    assert maps.choose_view([baghdad, Place("Washington", 9, 38.9, -77.0)], "auto") == "world"
    assert maps.choose_view([baghdad], "world") == "world"


def test_map_and_entity_pages_in_both_interface_languages(news_client):  # noqa: F811
    client = news_client.application.test_client()
    ar = client.get("/map").get_data(as_text=True)
    assert "خريطة الأماكن المذكورة" in ar and 'dir="rtl"' in ar
    client.get("/lang/en")
    en = client.get("/map").get_data(as_text=True)
    assert "Map of places mentioned" in en and "mention no place on this map" in en
    page = client.get("/entities/place/Mosul").get_data(as_text=True)
    assert "<bdi>Mosul</bdi>" in page and "Places mentioned with it" in page


def test_entity_names_for_concordances_leave_out_longer_forms():
    from corpus.research.entities import Entity
    e = Entity("person", "محمد بن نايف", "person", "الأمير محمد بن نايف", "Mohammed bin Nayef", 1, None, {}, [])
    assert e.names == ["محمد بن نايف", "Mohammed bin Nayef"]
