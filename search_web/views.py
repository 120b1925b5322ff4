"""HTML pages: search (/), document (/documents/<id>), statistics (/stats).

Every page state is a GET URL; each page links its JSON twin under /api. No JavaScript.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from babel import Locale
from flask import Blueprint, current_app, url_for
from flask_babel import format_datetime, format_decimal, gettext, lazy_gettext
from markupsafe import Markup, escape
from werkzeug.exceptions import NotFound

from corpus import metadata
from corpus.coverage import coverage
from corpus.fields import FACET_BY_NAME, FACET_REGISTRY, FACETS, MULTI_FACETS
from corpus.messages import Notice
from corpus.request import MAX_SPLIT
from corpus.search import QueryError, SearchRequest
from corpus.serialize import results_dict
from search_web import charts, messages, params, timeline, workflow
from search_web.api import UNKNOWN, api, export_response, public_stats
from search_web.entities import entity_urls
from search_web.i18n import ui_dir, ui_lang
from search_web.limits import heavy
from search_web.render import TwinView, searcher

views = Blueprint("views", __name__)

RTL_LANGS = {"ar", "fa", "ur", "he", "ps", "ckb", "sd", "ug", "yi", "dv"}
FACET_LABELS = {f.name: (f.label_ar, f.label_en) for f in FACET_REGISTRY}
OPEN_FACETS = {f.name for f in FACET_REGISTRY if f.expanded}   # the others start collapsed
# Choices of the search form, in the interface language (msgids: search_web/translations).
SORT_LABELS = {"relevance": lazy_gettext("Relevance"), "-date": lazy_gettext("Newest"),
               "date": lazy_gettext("Oldest")}
OP_LABELS = {"and": lazy_gettext("all words"), "or": lazy_gettext("any word")}
PERIOD_NAMES = {"day": lazy_gettext("day"), "week": lazy_gettext("week"),
                "month": lazy_gettext("month"), "year": lazy_gettext("year")}
INTERVAL_LABELS = {"auto": lazy_gettext("automatic"), "day": lazy_gettext("per day"),
                   "week": lazy_gettext("per week"), "month": lazy_gettext("per month"),
                   "year": lazy_gettext("per year")}


def text_dir(lang: str | None) -> str:
    """ltr / rtl for a language code, else auto (the browser looks at the first letter)."""
    if not lang:
        return "auto"
    return "rtl" if lang.lower() in RTL_LANGS else "ltr"


def lang_label(lang: str) -> str:
    """A language code by its name in the interface language (CLDR): ar -> Arabic / العربية."""
    return Locale.parse(ui_lang()).languages.get(lang, lang)


def facet_name(name: str) -> str:
    """A facet's label in the interface language (corpus/fields.py FACET_REGISTRY)."""
    facet = FACET_BY_NAME.get(name)
    if facet is None:
        return name
    return facet.label_ar if ui_lang() == "ar" else facet.label_en


def is_web_url(url: str | None) -> bool:
    """Only http(s) URLs become links (never javascript:, data:, file: ...)."""
    u = (url or "").strip().lower()
    return u.startswith(("http://", "https://")) and len(u) > len("https://")


def facet_label(facet: str, value: str, lang: str | None = None, short: bool = False) -> Markup:
    """A facet value as shown: languages by name; places, outlets and sections in the
    page's language with the other in brackets (not when short: a narrow column), isolated
    so that the scripts do not mix."""
    lang = lang or ui_lang()
    if facet == "lang":
        return Markup.escape(lang_label(value))
    first, other = metadata.names(facet, value, lang)
    if not other or short:
        return Markup.escape(first)
    other_dir = "rtl" if lang == "en" else "ltr"
    return Markup(f'{escape(first)} <small class="alt" dir="{other_dir}"><bdi>({escape(other)})</bdi></small>')


# 'value' or "value" as repr() writes it, escaped; a `command` as the messages write one
_QUOTED = re.compile(r"&#39;.*?&#39;|&#34;.*?&#34;|`[^`]*`")
# a run of Latin names in an Arabic sentence: relevance, date, -date (a list of choices)
_LATIN_RUN = re.compile(r"-?[A-Za-z][\w.:\-]*(?:(?:, | )-?[A-Za-z][\w.:\-]*)*")


def isolate_quoted(text: str) -> Markup:
    """A message with each quoted value isolated (<bdi>): an Arabic id keeps its quotes around
    it; on a right-to-left page also each run of Latin names, so that a list keeps its order."""
    escaped = str(Markup.escape(text))
    if ui_dir() == "rtl":
        pattern = re.compile(f"{_QUOTED.pattern}|{_LATIN_RUN.pattern}")
        return Markup(pattern.sub(lambda m: f'<bdi>{m.group()}</bdi>', escaped))
    return Markup(_QUOTED.sub(lambda m: f"<bdi>{m.group()}</bdi>", escaped))


def bdi(text: str, cls: str = "") -> Markup:
    """A value isolated inside a translated sentence (its own direction)."""
    attr = Markup(' class="{}"').format(cls) if cls else ""
    return Markup("<bdi{}>{}</bdi>").format(attr, text)


def when(iso: str) -> str:
    """An ISO timestamp (the last indexing) in the interface language (CLDR medium format)."""
    try:
        return format_datetime(dt.datetime.fromisoformat(iso), "medium")
    except (TypeError, ValueError):
        return iso


_NUMBERS: dict[tuple, str] = {}


def number(n, lang: str | None = None) -> str:
    """format_decimal in the interface language (lang: the caller knows it), each (language,
    number) formatted once (a result page shows hundreds of counts: Babel's formatting was a
    tenth of its time)."""
    key = (lang or ui_lang(), type(n), n)
    try:
        text = _NUMBERS.get(key)
    except TypeError:       # not hashable: formatted as it is
        return format_decimal(n)
    if text is None:
        if len(_NUMBERS) > 100_000:
            _NUMBERS.clear()
        text = _NUMBERS[key] = format_decimal(n)
    return text


def register_template_helpers(app) -> None:
    app.jinja_env.globals.update(
        text_dir=text_dir, lang_label=lang_label, is_web_url=is_web_url,
        FACET_LABELS=FACET_LABELS, SORT_LABELS=SORT_LABELS, OP_LABELS=OP_LABELS,
        INTERVAL_LABELS=INTERVAL_LABELS, PERIOD_NAMES=PERIOD_NAMES, facet_name=facet_name, bdi=bdi, when=when,
        back_arrow=lambda: "→" if ui_dir() == "rtl" else "←",        # points the way the page reads
        forward_arrow=lambda: "←" if ui_dir() == "rtl" else "→",
        facet_label=facet_label, corpus_summary=corpus_summary,
    )
    app.jinja_env.filters["num"] = number
    app.jinja_env.filters["say"] = messages.say
    app.jinja_env.filters["isolate_quoted"] = isolate_quoted


SUMMARY_MAX_AGE_S = 60
SUMMARY_SOURCES = 3        # the footer names the largest sources


def corpus_summary() -> dict | None:
    """What the footer says of the corpus served (articles, sources, years, languages), from
    its statistics read at most a minute ago; None while the index cannot answer."""
    held = current_app.extensions.get("corpus_summary")
    if held and time.monotonic() - held[0] < SUMMARY_MAX_AGE_S:
        return held[1]
    try:
        st = searcher().stats()
    except Exception:       # a footer never breaks a page (an error page above all)
        summary = None
    else:
        years = sorted(map(str, st["year"]))
        top = sorted(st["source"], key=lambda s: -st["source"][s])[:SUMMARY_SOURCES]
        summary = {"documents": st["documents"], "sources": len(st["source"]), "top_sources": top,
                   "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(years),
                   "langs": list(st["lang"]),      # codes: named in the page's language
                   "indexed_from": [Path(s).name or s for s in st.get("sources", [])]}
    current_app.extensions["corpus_summary"] = (time.monotonic(), summary)
    return summary


class FacetRow(NamedTuple):
    """A facet value as the result page lists it (search.html)."""
    value: str
    selected: bool
    href: str                   # the search with the value added (removed when selected)
    label: Markup               # facet_label
    count: str                  # the count, formatted
    title: Markup               # what the count counts
    page_url: str | None        # an entity's page (people, organisations, places mentioned)
    page_label: Markup | None


def facet_boxes(res, p: params.SearchParams, home: str) -> list[tuple[str, bool, list[FacetRow]]]:
    """(facet, open, rows) of each facet with values, in FACETS order. A page lists some 220
    values: what is the same for all of them (the language, the labels, the state's query
    string around the value, an entity page's route) is worked out once per facet or page."""
    lang = ui_lang()
    title = Markup(gettext("stories: %(n)s") if res.count == "stories" else gettext("articles: %(n)s"))
    titles: dict[str, Markup] = {}          # count -> title (counts repeat)
    page_of = gettext("Page of %(name)s")   # as Markup % would: the name escaped
    boxes = []
    for name in FACETS:
        values = res.facets.get(name) or []
        if not values:
            continue
        adding, page_url = p.with_filter_queries(name), entity_urls(name)
        rows = []
        for fv in values:
            qs = p.without_filter(name, fv.value).query_string() if fv.selected else adding(fv.value)
            count = number(fv.count, lang)
            if count not in titles:
                titles[count] = title % {"n": count}
            rows.append(FacetRow(fv.value, fv.selected, f"{home}?{qs}" if qs else home,
                                 facet_label(name, fv.value, lang), count, titles[count],
                                 page_url(fv.value) if page_url else None,
                                 Markup(page_of % {"name": escape(fv.value)}) if page_url else None))
        boxes.append((name, name in OPEN_FACETS or any(fv.selected for fv in values), rows))
    return boxes


def _pages(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to show: 1, …, page-2..page+2, …, last (None = a gap)."""
    keep = {1, pages, *range(max(1, page - around), min(pages, page + around) + 1)}
    out: list[int | None] = []
    for n in sorted(keep):
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def _spell(value: str) -> bool:
    """spell=off: search exactly as typed, no did-you-mean (corpus/suggest)."""
    if value not in ("", "on", "off"):
        raise QueryError("spell", value=value)
    return value != "off"


class Search(TwinView):
    """The search page and /api/search (format=json, or a csv / jsonl export of every hit)."""
    page_rule, api_rule, endpoint, api_endpoint = "/", "/search", "search", "search"
    template, formats, form = "search.html", params.FORMATS, True

    def parse(self, args, fmt):
        if fmt == "html":
            p = params.parse_args(args)
            return fmt, p, _spell(args.get("spell", ""))
        return fmt, params.parse_args(args, api=True, export_limit=current_app.config["EXPORT_LIMIT"]), True

    def fallback(self, args):
        # Keep what can be kept of the form, show the message, answer 400.
        return "html", params.SearchParams(q=args.get("q", "")[: params.MAX_QUERY_CHARS]), True

    def compute(self, state):
        """(the state searched, results, the query corrected from): a page that finds nothing
        searches the suggestion at once."""
        fmt, p, spell = state
        res = searcher().search(p.q, page=p.page, size=p.size, histogram=p.interval, suggest=spell,
                                **p.facet_limits(), **p.search_kwargs())
        corrected_from = None
        if fmt == "html" and res.total == 0 and res.suggestion:
            corrected_from, p = p.q, dataclasses.replace(p, q=res.suggestion["query"], page=1)
            res = searcher().search(p.q, page=1, size=p.size, histogram=p.interval,
                                    **p.facet_limits(), **p.search_kwargs())
        over_time = timeline.compute(searcher(), p) if res.total or fmt != "html" else None
        return p, res, corrected_from, over_time

    def json(self, state, data):
        p, res, _, over_time = data
        return {**results_dict(res), "pages": res.pages,
                **({"timeline": timeline.as_dict(over_time, p)} if over_time is not None else {})}

    def download(self, state, fmt):
        return heavy(export_response)(state[1])

    def context(self, state, data, error):
        home, api_url = url_for("views.search"), url_for("api.search")
        if error:
            return dict(p=state[1], res=None, error=error, home=home, api_url=api_url, facets=FACETS)
        p, res, corrected_from, over_time = data

        def link(state: params.SearchParams | None = None, **changes) -> str:
            qs = (state or p).query_string(**changes)
            return f"{home}?{qs}" if qs else home

        suggestions = []
        if res.total == 0:
            if p.op == "and" and len(p.q.split()) > 1:
                suggestions.append(("op", link(op="or", page=1)))
            for name, value in p.active_filters():
                suggestions.append(("filter", (name, value, link(p.without_filter(name, value)))))
            for name in ("since", "until"):
                if getattr(p, name):
                    suggestions.append((name, link(**{name: "", "page": 1})))
        return dict(
            p=p, res=res, error=None, home=home, facets=FACETS, link=link,
            pages=_pages(res.page, res.pages), suggestions=suggestions, corrected_from=corrected_from,
            first=(res.page - 1) * res.size + 1, facet_boxes=facet_boxes(res, p, home),
            api_url=api_url,
            map_url=f"{url_for('entities.map_page')}?{p.query_string(paging=False, sort='', more='', facet_size=params.FACET_SIZE, interval='auto', group='story', count='')}".rstrip("?"),
            trends_url=f"{url_for('trends.page')}?"     # the trends page takes no paging, sort or facet sizes
                       f"{p.query_string(paging=False, sort='', more='', facet_size=params.FACET_SIZE)}",
            json_twin=f"{api_url}?{'&'.join(x for x in (p.query_string(), 'group=story' if p.group == 'story' else '') if x)}".rstrip("?"),
            doc_args=workflow.state_args(p),    # the state travels to the document and back
            **workflow.export_context(res, p, api_url, current_app.config["EXPORT_LIMIT"]),
            **workflow.histogram_context(res, p, link, home),
            **timeline.context(over_time, p), split_choices=FACETS, max_split=MAX_SPLIT,
        )


class Document(TwinView):
    """A document; the page also carries the search it was opened from (and back to it)."""
    page_rule = api_rule = "/documents/<docid:doc_id>"
    endpoint = api_endpoint = "document"
    template, formats = "document.html", ()

    def parse(self, args, fmt, doc_id: str):
        if fmt == "html":
            state, at = workflow.document_state(args)     # the search it was opened from
            return fmt, doc_id, state, at
        params.check(args, "document", api=True)
        req = SearchRequest.build(args.get("q", ""), op=args.get("op", ""))
        return fmt, doc_id, params.SearchParams(q=req.q, op=req.op), None

    def compute(self, state):
        fmt, doc_id, p, at = state
        notice = None
        try:
            doc = searcher().document(doc_id, q=p.q, op=p.op)
        except QueryError as e:
            if fmt != "html":
                raise
            doc, notice = searcher().document(doc_id), e    # a page only loses the highlighting
        if doc is None:
            raise NotFound(Notice("no_document", value=doc_id))
        return doc, notice

    def json(self, state, data):
        return data[0]

    def context(self, state, data, error):
        _, doc_id, p, at = state
        (doc, notice), q, op = data, p.q, p.op
        args = {"q": q} if q else {}
        if q and op != "and":
            args["op"] = op
        back = workflow.back_state(p, at).query_string()
        home = url_for("views.search")
        return dict(
            doc=doc, q=q, notice=notice, versions=searcher().story_versions(doc_id),
            json_twin=url_for("api.document", doc_id=doc_id, **args),
            back=f"{home}?{back}" if back else home, from_results=bool(back),
            state_args=workflow.state_args(p), neighbours=workflow.neighbours(searcher(), p, at),
            meta_links=workflow.metadata_links(doc, home),
            meta_rows=[(k, doc.get(k)) for k in ("date", "source", "agency", "author", "place", "section",
                                                 "byline", "lang", "id") if doc.get(k)],
            # people, organisations and places mentioned, each a link to the search filtered by it
            mention_rows=[(k, [(v, f"{home}?{urlencode({k: v})}") for v in doc[k]])
                          for k in MULTI_FACETS if doc.get(k)],
        )


class Stats(TwinView):
    page_rule, api_rule, endpoint, api_endpoint = "/stats", "/stats", "stats", "stats"
    template, formats = "stats.html", ()

    def parse(self, args, fmt):
        params.check(args, "stats", api=fmt != "html")

    def compute(self, state):
        return {**public_stats(searcher().stats()), "coverage": coverage(searcher().coverage())}

    def context(self, state, st, error):
        home = url_for("views.search")

        def filter_link(name: str, value: str) -> str:
            return f"{home}?{params.SearchParams(filters={name: [value]}).query_string()}"
        cov = st["coverage"]
        grid = charts.heatmap(cov, lambda source: metadata.names("source", source, ui_lang())[0] or "—")
        return dict(st=st, filter_link=filter_link, UNKNOWN=UNKNOWN, json_twin=url_for("api.stats"),
                    cov=cov, grid=grid)


Search.register(views, api)
Document.register(views, api)
Stats.register(views, api)


@views.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.svg")

