"""Who and where: the map of a result set's places and a page per entity, each with its JSON twin.

    /map?q=الإرهاب&source=spa&view=region        /api/places?q=...   (every search filter applies)
    /entities/person/منصور التركي                  /api/entities/person/منصور التركي
    /entities/org/...  /entities/place/Riyadh       (kinds: corpus/research/entities.KINDS)

The data come from corpus/research/places.py and entities.py (any engine); the map is drawn
here (search_web/maps.py) as SVG, the histogram by search_web/charts.py.
"""
from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from corpus.errors import QueryError
from corpus.histogram import histogram_dict
from corpus.metadata import names
from corpus.research import entities as ent
from corpus.research import places as plc
from corpus.serialize import hit_dict
from search_web import maps, params, workflow
from search_web.i18n import ui_lang
from search_web.responses import json_error, json_response, query_error

bp = Blueprint("entities", __name__)

# Search parameters the map has no use for: it counts documents per place, on one page.
NOT_FOR_MAP = ("page", "size", "sort", "facet_size", "more", "group", "count", "interval",
               "limit", "offset", "include")
TABLE_ROWS = 200        # places listed under the map (all of them in the JSON)
UNMAPPED_ROWS = 30


def _corpus():
    return current_app.extensions["corpus"]


def entity_url(facet: str, value: str) -> str | None:
    """The entity page of a facet value (None for facets that are not entities)."""
    kind = ent.KIND_OF_FACET.get(facet)
    return url_for("entities.entity_page", kind=kind, value=value) if kind else None


def _search_link(p: params.SearchParams) -> str:
    home = url_for("views.search")
    qs = p.query_string()
    return f"{home}?{qs}" if qs else home


# -- the map
def _parse_map(args, api: bool) -> tuple[params.SearchParams, str]:
    for name in NOT_FOR_MAP:
        if name in args:
            raise QueryError("not_for_map", name=name)
    view = "auto"
    if not api:
        if len(args.getlist("view")) > 1:
            raise QueryError("given_twice", name="view")
        view = args.get("view", "").strip() or "auto"
        if view not in maps.VIEWS:
            raise QueryError("map_view", value=view)
    rest = MultiDict([(k, v) for k, v in args.items(multi=True) if k != "view" or api])
    p = params.parse_args(rest, api=api)
    if api and p.format != "json":
        raise QueryError("json_only", what="places")
    return p, view


def _places(p: params.SearchParams) -> plc.PlaceCounts:
    kwargs = p.search_kwargs()
    return plc.place_counts(_corpus(), p.q, **kwargs)


@bp.get("/api/places")
def places_api():
    try:
        p, _ = _parse_map(request.args, api=True)
        return json_response(plc.as_dict(_places(p)))
    except QueryError as e:
        return query_error(e)


@bp.get("/map")
def map_page():
    raw_q = request.args.get("q", "")[:params.MAX_QUERY_CHARS]
    try:
        p, view = _parse_map(request.args, api=False)
        pc = _places(p)
    except QueryError as e:
        return render_template("map.html", error=e, p=params.SearchParams(q=raw_q), pc=None,
                               view="auto", ui=ui_lang()), 400
    page = url_for("entities.map_page")
    qs = p.query_string(paging=False)

    def place_link(place) -> str:
        return _search_link(p.with_filter(plc.FACET, place.id))
    ui = ui_lang()
    m = maps.draw(pc.places, view, place_link, lambda value: names(plc.FACET, value, ui)[0])

    def view_link(name: str) -> str:
        return f"{page}?{'&'.join(x for x in (qs, '' if name == 'auto' else f'view={name}') if x)}"
    return render_template(
        "map.html", error=None, p=p, pc=pc, m=m, view=view,
        view_links=[(name, view_link(name), name == view) for name in maps.VIEWS],
        rows=pc.places[:TABLE_ROWS], unmapped=pc.unmapped[:UNMAPPED_ROWS],
        place_link=place_link, search_url=_search_link(p),
        json_twin=f"{url_for('entities.places_api')}?{qs}".rstrip("?"), ui=ui)


# -- entity pages
def _entity_or_404(kind: str, value: str, interval: str):
    if kind not in ent.KINDS:
        return None, f"no entity kind {kind!r}; kinds: {', '.join(ent.KINDS)}"
    e = ent.entity(_corpus(), kind, value, interval=interval)
    if e is None:
        return None, f"no document mentions the {kind} {value!r}"
    return e, None


def _interval(args) -> str:
    params.check_names(args, ("interval",), ("interval",))
    interval = args.get("interval", "").strip() or "auto"
    if interval not in workflow.INTERVAL_CHOICES:
        raise QueryError("unknown_interval", value=interval, choices=", ".join(workflow.INTERVAL_CHOICES))
    return interval


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


@bp.get("/api/entities/<kind>/<docid:value>")
def entity_api(kind: str, value: str):
    try:
        interval = _interval(request.args)
        e, missing = _entity_or_404(kind, value, interval)
    except QueryError as err:
        return query_error(err)
    if e is None:
        return json_error(404, missing)
    links = _links(e)
    return json_response({
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
    })


@bp.get("/entities/<kind>/<docid:value>")
def entity_page(kind: str, value: str):
    try:
        interval = _interval(request.args)
        e, missing = _entity_or_404(kind, value, interval)
    except QueryError as err:
        return render_template("error.html", status=400, message=err), 400
    if e is None:
        return render_template("error.html", status=404, message=missing), 404
    state = params.SearchParams(filters={e.facet: [e.id]}, interval=interval)
    page = url_for("entities.entity_page", kind=e.kind, value=e.id)

    def link(**changes) -> str:
        """Histogram links: the bars go to the search of their period; intervals stay here."""
        if "interval" in changes and "since" not in changes:
            name = changes["interval"]
            return page if name == "auto" else f"{page}?interval={name}"
        return _search_link(dataclasses.replace(state, **changes))
    ui = ui_lang()
    name, other = (e.name_ar, e.name_en) if ui == "ar" else (e.name_en, e.name_ar)
    return render_template(
        "entity.html", e=e, links=_links(e), ui=ui, name=name or other, other=other if name else "",
        kind_label={"person": _("Person"), "org": _("Organisation"), "place": _("Place mentioned")}[e.kind],
        json_twin=url_for("entities.entity_api", kind=e.kind, value=e.id,
                          **({"interval": interval} if interval != "auto" else {})),
        co_link=lambda kind, v: _search_link(state.with_filter(ent.KINDS[kind], v)),
        **workflow.histogram_context(e.results, state, link))
