"""HTML pages: search (/), document (/documents/<id>), statistics (/stats).

Every page state is a GET URL; each page links its JSON twin under /api. No JavaScript.
"""
from __future__ import annotations

import dataclasses
import re
import time
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from markupsafe import Markup

from corpus import metadata
from corpus.errors import IndexProblem
from corpus.fields import FACET_REGISTRY, FACETS, MULTI_FACETS
from corpus.search import QueryError
from search_web import messages, params, workflow

views = Blueprint("views", __name__)

RTL_LANGS = {"ar", "fa", "ur", "he", "ps", "ckb", "sd", "ug", "yi", "dv"}
LANG_LABELS = {"ar": "العربية", "en": "English", "fa": "فارسی", "ku": "Kurdî", "ckb": "کوردی",
               "tr": "Türkçe", "fr": "Français"}
FACET_LABELS = {f.name: (f.label_ar, f.label_en) for f in FACET_REGISTRY}
OPEN_FACETS = {f.name for f in FACET_REGISTRY if f.expanded}   # the others start collapsed
SORT_LABELS = {"relevance": ("الأكثر صلة", "Relevance"), "-date": ("الأحدث", "Newest"),
               "date": ("الأقدم", "Oldest")}
OP_LABELS = {"and": ("كل الكلمات", "all words"), "or": ("أي كلمة", "any word")}


def text_dir(lang: str | None) -> str:
    """ltr / rtl for a language code, else auto (the browser looks at the first letter)."""
    if not lang:
        return "auto"
    return "rtl" if lang.lower() in RTL_LANGS else "ltr"


def lang_label(lang: str) -> str:
    return LANG_LABELS.get(lang, lang)


def is_web_url(url: str | None) -> bool:
    """Only http(s) URLs become links (never javascript:, data:, file: ...)."""
    u = (url or "").strip().lower()
    return u.startswith(("http://", "https://")) and len(u) > len("https://")


def facet_label(facet: str, value: str, lang: str = "ar") -> Markup:
    """A facet value as shown: languages by name; places, outlets and sections in the
    page's language with the other in brackets, isolated so that the scripts do not mix."""
    if facet == "lang":
        return Markup.escape(lang_label(value))
    first, other = metadata.names(facet, value, lang)
    if not other:
        return Markup.escape(first)
    other_dir = "rtl" if lang == "en" else "ltr"
    return Markup('{} <small class="alt" dir="{}"><bdi>({})</bdi></small>').format(first, other_dir, other)


_QUOTED = re.compile(r"&#39;.*?&#39;|&#34;.*?&#34;")      # 'value' or "value" as repr() writes it, escaped


def isolate_quoted(text: str) -> Markup:
    """A message with each quoted value isolated (<bdi>): an Arabic id keeps its quotes around it."""
    return Markup(_QUOTED.sub(lambda m: f"<bdi>{m.group()}</bdi>", str(Markup.escape(text))))


def register_template_helpers(app) -> None:
    app.jinja_env.globals.update(
        text_dir=text_dir, lang_label=lang_label, is_web_url=is_web_url,
        FACET_LABELS=FACET_LABELS, SORT_LABELS=SORT_LABELS, OP_LABELS=OP_LABELS,
        facet_label=facet_label, corpus_summary=corpus_summary,
    )
    app.jinja_env.filters["num"] = lambda n: f"{n:,}"
    app.jinja_env.filters["arabic"] = messages.arabic
    app.jinja_env.filters["arabic_known"] = messages.arabic_known
    app.jinja_env.filters["isolate_quoted"] = isolate_quoted


def _corpus():
    return current_app.extensions["corpus"]


SUMMARY_MAX_AGE_S = 60


def corpus_summary() -> dict | None:
    """What the footer says of the corpus served (articles, sources, years, languages), from
    its statistics read at most a minute ago; None while the index cannot answer."""
    held = current_app.extensions.get("corpus_summary")
    if held and time.monotonic() - held[0] < SUMMARY_MAX_AGE_S:
        return held[1]
    try:
        st = _corpus().stats()
    except Exception:       # a footer never breaks a page (an error page above all)
        summary = None
    else:
        years = sorted(map(str, st["year"]))
        summary = {"documents": st["documents"], "sources": len(st["source"]),
                   "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(years),
                   "langs": [lang_label(k) for k in st["lang"]]}
    current_app.extensions["corpus_summary"] = (time.monotonic(), summary)
    return summary


@views.app_errorhandler(IndexProblem)
def index_problem(e: IndexProblem):
    from search_web.responses import unavailable
    return unavailable(str(e))


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


@views.get("/")
def search():
    home = url_for("views.search")
    api_url = url_for("api.search")
    try:
        p = params.parse_args(request.args, extra=("spell",))
        spell = _spell(request.args.get("spell", ""))
    except QueryError as e:
        # Keep what can be kept of the form, show the message, answer 400.
        p = params.SearchParams(q=request.args.get("q", "")[: params.MAX_QUERY_CHARS])
        return render_template("search.html", p=p, res=None, error=e, home=home,
                               api_url=api_url, facets=FACETS), 400
    try:
        res = _corpus().search(p.q, page=p.page, size=p.size, histogram=p.interval, suggest=spell,
                               **p.facet_limits(), **p.search_kwargs())
        corrected_from = None
        if res.total == 0 and res.suggestion:       # nothing found: search the suggestion at once
            corrected_from, p = p.q, dataclasses.replace(p, q=res.suggestion["query"], page=1)
            res = _corpus().search(p.q, page=1, size=p.size, histogram=p.interval,
                                   **p.facet_limits(), **p.search_kwargs())
    except QueryError as e:
        return render_template("search.html", p=p, res=None, error=e, home=home,
                               api_url=api_url, facets=FACETS), 400

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
    return render_template(
        "search.html", p=p, res=res, error=None, home=home, facets=FACETS, link=link,
        pages=_pages(res.page, res.pages), suggestions=suggestions, corrected_from=corrected_from,
        first=(res.page - 1) * res.size + 1, open_facets=OPEN_FACETS,
        api_url=api_url,
        trends_url=f"{url_for('trends.page')}?"     # the trends page takes no paging, sort or facet sizes
                   f"{p.query_string(paging=False, sort='', more='', facet_size=params.FACET_SIZE)}",
        json_twin=f"{api_url}?{'&'.join(x for x in (p.query_string(), 'group=story' if p.group == 'story' else '') if x)}".rstrip("?"),
        doc_args=workflow.state_args(p),    # the state travels to the document and back
        **workflow.export_context(res, p, api_url, current_app.config["EXPORT_LIMIT"]),
        **workflow.histogram_context(res, p, link),
    )


def _bad_request(e: QueryError):
    """A page's 400 (error.html shows the Arabic first)."""
    return render_template("error.html", status=400, message=e), 400


@views.get("/documents/<docid:doc_id>")
def document(doc_id: str):
    try:
        state, at = workflow.document_state(request.args)     # the search it was opened from
    except QueryError as e:
        return _bad_request(e)
    q, op = state.q, state.op
    try:
        doc = _corpus().document(doc_id, q=q, op=op)
        notice = None
    except QueryError as e:           # a query the highlighter cannot use only loses the highlighting
        doc, notice = _corpus().document(doc_id), e
    if doc is None:
        return render_template("error.html", status=404,
                               message=f"no document with id {doc_id!r}"), 404
    args = {"q": q} if q else {}
    if q and op != "and":
        args["op"] = op
    back = workflow.back_state(state, at).query_string()
    home = url_for("views.search")
    return render_template(
        "document.html", doc=doc, q=q, notice=notice, versions=_corpus().story_versions(doc_id),
        json_twin=url_for("api.document", doc_id=doc_id, **args),
        back=f"{home}?{back}" if back else home, from_results=bool(back),
        state_args=workflow.state_args(state), neighbours=workflow.neighbours(_corpus(), state, at),
        meta_links=workflow.metadata_links(doc, home),
        meta_rows=[(k, doc.get(k)) for k in ("date", "source", "agency", "author", "place", "section",
                                             "byline", "lang", "id") if doc.get(k)],
        # people, organisations and places mentioned, each a link to the search filtered by it
        mention_rows=[(k, [(v, f"{home}?{urlencode({k: v})}") for v in doc[k]])
                      for k in MULTI_FACETS if doc.get(k)],
    )


@views.get("/stats")
def stats():
    from search_web.api import UNKNOWN, public_stats
    try:
        params.check_names(request.args, ())
    except QueryError as e:
        return _bad_request(e)
    st = public_stats(_corpus().stats())
    home = url_for("views.search")

    def filter_link(name: str, value: str) -> str:
        return f"{home}?{params.SearchParams(filters={name: [value]}).query_string()}"

    return render_template("stats.html", st=st, filter_link=filter_link, UNKNOWN=UNKNOWN,
                           json_twin=url_for("api.stats"))


@views.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.svg")

