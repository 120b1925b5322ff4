"""Who and where: the map of a result set's places and a page per entity, each with its JSON twin.

    /map?q=الإرهاب&source=spa&view=region        /api/places?q=...   (every search filter applies)
    /entities/person/منصور التركي                  /api/entities/person/منصور التركي
    /entities/org/...  /entities/place/Riyadh       (kinds: corpus/research/entities.KINDS)

The data come from corpus/research/places.py and entities.py (any engine); the map is drawn
here (search_web/maps.py) as SVG, the histogram by search_web/charts.py.
"""
from __future__ import annotations

import dataclasses
from typing import Callable
from urllib.parse import urlencode

from flask import Blueprint, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from corpus.errors import QueryError
from corpus.histogram import histogram_dict
from corpus.metadata import names
from corpus.research import entities as ent
from corpus.research import places as plc
from corpus.serialize import hit_dict
from search_web import maps, params, workflow
from search_web.i18n import ui_lang
from search_web.export import neutralise
from search_web.render import Csv, TwinView, id_path, searcher

bp = Blueprint("entities", __name__)

TABLE_ROWS = 200        # places listed under the map (all of them in the JSON)
UNMAPPED_ROWS = 30


def entity_url(facet: str, value: str) -> str | None:
    """The entity page of a facet value (None for facets that are not entities)."""
    kind = ent.KIND_OF_FACET.get(facet)
    return url_for("entities.entity_page", kind=kind, value=value) if kind else None


def entity_urls(facet: str) -> Callable[[str], str] | None:
    """value -> entity_url(facet, value) for the many values of one facet (the route built
    once), or None for a facet that is not an entity."""
    kind = ent.KIND_OF_FACET.get(facet)
    if not kind:
        return None
    prefix = url_for("entities.entity_page", kind=kind, value="-")[:-1]
    return lambda value: prefix + id_path(value)


def _search_link(p: params.SearchParams) -> str:
    home = url_for("views.search")
    qs = p.query_string()
    return f"{home}?{qs}" if qs else home


def _names_ar_en(place_id: str) -> tuple[str, str]:
    ar, en = names(plc.FACET, place_id, "ar")[0], names(plc.FACET, place_id, "en")[0]
    return ar, en


# -- the map
@dataclasses.dataclass
class MapState:
    p: params.SearchParams
    view: str = "auto"


class PlacesMap(TwinView):
    """/map and /api/places: the places mentioned in a result set (every search filter)."""
    page_rule, api_rule, endpoint, api_endpoint = "/map", "/api/places", "map_page", "places_api"
    template, what, form, formats = "map.html", "places", True, ("json", "csv")

    def parse(self, args, fmt):
        p = params.parse_args(args, api=fmt != "html", endpoint="places")     # checks the names
        view = args.get("view", "").strip() or "auto"
        if view not in maps.VIEWS:
            raise QueryError("map_view", value=view)
        # sort, group and count carry over from a search but change nothing: counts are of documents
        return MapState(dataclasses.replace(p, sort="", group="story", count=""), view)

    def fallback(self, args):
        return MapState(params.SearchParams(q=args.get("q", "")[:params.MAX_QUERY_CHARS]))

    def compute(self, state: MapState) -> plc.PlaceCounts:
        return plc.place_counts(searcher(), state.p.q, **state.p.search_kwargs())

    def json(self, state, pc):
        return plc.as_dict(pc)

    def csv(self, state, pc):
        """Every place mentioned, located or not, most mentioned first (a GIS can read it)."""
        rows = sorted((*pc.places, *pc.unmapped), key=lambda pl: (-pl.count, pl.id))
        return Csv("places.csv", ("id", "name_ar", "name_en", "documents", "lat", "lon"),
                   ([neutralise(pl.id), *(neutralise(n) for n in _names_ar_en(pl.id)), pl.count,
                     "" if pl.lat is None else pl.lat, "" if pl.lon is None else pl.lon] for pl in rows),
                   {"X-Total": str(pc.total), "X-Without-Mapped-Place": str(pc.without_mapped_place)})

    def context(self, state: MapState, pc, error):
        p, view, ui = state.p, state.view, ui_lang()
        if error:
            return {"error": error, "p": p, "pc": None, "view": view, "ui": ui}
        page, home = url_for("entities.map_page"), url_for("views.search")
        qs = p.query_string(paging=False)
        links = {pl.id: f"{home}?{p.with_filter(plc.FACET, pl.id).query_string()}"
                 for pl in (*pc.places, *pc.unmapped)}       # once per place: points and rows share them
        titles = {pl.id: names(plc.FACET, pl.id, ui) for pl in pc.places}

        def place_link(place) -> str:
            return links[place.id]

        def view_link(name: str) -> str:
            return f"{page}?{'&'.join(x for x in (qs, '' if name == 'auto' else f'view={name}') if x)}"
        return {
            "error": None, "p": p, "pc": pc, "view": view, "ui": ui,
            "m": maps.draw(pc.places, view, place_link, lambda value: titles[value][0]), "titles": titles,
            "view_links": [(name, view_link(name), name == view) for name in maps.VIEWS],
            "rows": pc.places[:TABLE_ROWS], "unmapped": pc.unmapped[:UNMAPPED_ROWS],
            "place_link": place_link, "search_url": _search_link(p),
            "json_twin": f"{url_for('entities.places_api')}?{qs}".rstrip("?"),
            "csv_url": f"{url_for('entities.places_api')}?{'&'.join(x for x in (qs, 'format=csv') if x)}"}


# -- entity pages
def quoted(name: str) -> str:
    """A name as a phrase query."""
    return '"' + name.replace('"', " ") + '"'


def _links(e: ent.Entity) -> dict:
    """Where the entity leads: the search filtered by it, its map, concordances of its names."""
    state = params.SearchParams(filters={e.facet: [e.id]})
    conc = url_for("research.concordance_page")
    return {
        "search": _search_link(state),
        "map": f"{url_for('entities.map_page')}?{state.query_string()}",
        "concordance": [(name, f"{conc}?{urlencode([('q', quoted(name)), (e.facet, e.id)])}")
                        for name in e.names],
    }


@dataclasses.dataclass
class EntityState:
    kind: str
    value: str
    interval: str = "auto"


class EntityPage(TwinView):
    """/entities/<kind>/<id> and /api/entities/<kind>/<id>: one person, organisation or place."""
    page_rule, api_rule = "/entities/<kind>/<docid:value>", "/api/entities/<kind>/<docid:value>"
    endpoint, api_endpoint, template, what = "entity_page", "entity_api", "entity.html", "entities"

    def parse(self, args, fmt, kind: str, value: str):
        params.check(args, "entity", api=fmt != "html")
        interval = args.get("interval", "").strip() or "auto"
        if interval not in workflow.INTERVAL_CHOICES:
            raise QueryError("unknown_interval", value=interval, choices=", ".join(workflow.INTERVAL_CHOICES))
        if kind not in ent.KINDS:
            raise NotFound(f"no entity kind {kind!r}; kinds: {', '.join(ent.KINDS)}")
        return EntityState(kind, value, interval)

    def compute(self, state: EntityState) -> ent.Entity:
        e = ent.entity(searcher(), state.kind, state.value, interval=state.interval)
        if e is None:
            raise NotFound(f"no document mentions the {state.kind} {state.value!r}")
        return e

    def json(self, state, e: ent.Entity):
        links = _links(e)
        return {
            "kind": e.kind, "id": e.id, "facet": e.facet, "names": {"ar": e.name_ar, "en": e.name_en},
            "documents": e.documents, "count": "documents",
            "histogram": histogram_dict(e.results.histogram),
            "mentioned_with": {k: [{"value": fv.value, "count": fv.count} for fv in vs]
                               for k, vs in e.mentioned_with.items()},
            "sources": [{"value": fv.value, "count": fv.count} for fv in e.sources],
            "latest": [hit_dict(h) for h in e.results.hits],
            "links": {"page": url_for("entities.entity_page", kind=e.kind, value=e.id),
                      "search": links["search"], "map": links["map"],
                      "concordance": [url for _, url in links["concordance"]]},
            "notices": e.results.notices,
        }

    def context(self, state: EntityState, e: ent.Entity, error):
        search_state = params.SearchParams(filters={e.facet: [e.id]}, interval=state.interval)
        page = url_for("entities.entity_page", kind=e.kind, value=e.id)

        def link(interval: str, **_) -> str:
            """The histogram's intervals stay on this page (its bars go to the search)."""
            return page if interval == "auto" else f"{page}?interval={interval}"
        ui = ui_lang()
        name, other = (e.name_ar, e.name_en) if ui == "ar" else (e.name_en, e.name_ar)
        return dict(
            e=e, links=_links(e), ui=ui, name=name or other, other=other if name else "",
            kind_label={"person": _("Person"), "org": _("Organisation"), "place": _("Place mentioned")}[e.kind],
            json_twin=url_for("entities.entity_api", kind=e.kind, value=e.id,
                              **({"interval": state.interval} if state.interval != "auto" else {})),
            co_link=lambda kind, v: _search_link(search_state.with_filter(ent.KINDS[kind], v)),
            **workflow.histogram_context(e.results, search_state, link, url_for("views.search")))


PlacesMap.register(bp)
EntityPage.register(bp)
