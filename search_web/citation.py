"""How to cite a document: plain text (shown on its page), BibTeX and RIS (downloads).

    /cite/txt/<id>   /cite/bib/<id>   /cite/ris/<id>

The original article's URL when there is one, else the document's page here; the corpus id
in a note, so a citation finds the document again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re

from flask import Blueprint, current_app, url_for
from werkzeug.exceptions import NotFound

from corpus import metadata
from search_web.render import searcher

cite = Blueprint("cite", __name__)

FORMATS = {"txt": ("text/plain", "txt"), "bib": ("application/x-bibtex", "bib"),
           "ris": ("application/x-research-info-systems", "ris")}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# BibTeX counts braces even after a backslash (\} would end a field): braces and backslashes
# become commands whose own braces are balanced.
_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
                **{c: "\\" + c for c in "%&$#_"}}
_BIB_RE = re.compile("|".join(map(re.escape, _BIB_SPECIAL)))
_URL_UNSAFE = re.compile(r"[{}\\\s]")      # percent-encoded in a BibTeX url (a verbatim field)


def one_line(value: str) -> str:
    """Whitespace runs, line and paragraph separators included (CR, LF, U+2028 ...), as one space."""
    return " ".join(str(value or "").split())


def _fields(doc: dict, page_url: str, today: dt.date) -> dict:
    from search_web.views import is_web_url
    url = doc.get("url") if is_web_url(doc.get("url")) else page_url
    date = str(doc.get("date") or "")[:10]
    lang = "ar" if doc.get("lang") == "ar" else "en"      # outlets and places named in the article's language
    shown = {k: metadata.names(k, one_line(doc.get(k)), lang)[0] for k in ("source", "agency", "place")}
    if shown["agency"] == shown["source"]:
        shown["agency"] = ""                              # an agency's own story: no "via"
    fields = {"title": doc.get("title") or doc["id"], "author": doc.get("author"), **shown,
              "date": date, "url": url, "accessed": today.isoformat(), "id": doc["id"],
              "lang": doc.get("lang")}
    return {k: one_line(v) for k, v in fields.items()}     # no field can start a line of its own


def segments(f: dict) -> list[tuple[str, bool]]:
    """The plain citation as (text, is a value) pieces: a page isolates each value (<bdi>), so
    that an Arabic title or name keeps its own direction and the punctuation its place."""
    pieces = [(f["author"], True), (". ", False)] if f["author"] else []
    pieces += [("“", False), (f["title"], True), (".” ", False)]
    if f["source"]:
        pieces += [(f["source"], True), (", ", False)]
    if f.get("agency"):
        pieces += [("via ", False), (f["agency"], True), (", ", False)]
    pieces += [(f["date"] or "n.d.", True), (". ", False), (f["url"], True),
               (" (accessed ", False), (f["accessed"], True), ("). Corpus id: ", False),
               (f["id"], True), (".", False)]
    return pieces


def plain(f: dict) -> str:
    return "".join(text for text, _ in segments(f))


def _note(f: dict) -> str:
    return (f"Via {f['agency']}. " if f.get("agency") else "") + f"Corpus id: {f['id']}"


def _bib(value: str) -> str:
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group()], one_line(value))


def _bib_url(value: str) -> str:
    return _URL_UNSAFE.sub(lambda m: "%" + "%".join(f"{b:02X}" for b in m.group().encode()), value)


def bibtex(f: dict) -> str:
    key = f"news{f['date'][:4]}{hashlib.sha1(f['id'].encode()).hexdigest()[:8]}"
    rows = [("title", f["title"]), ("author", f["author"]), ("journal", f["source"]),
            ("date", f["date"]), ("year", f["date"][:4]),
            ("month", MONTHS[int(f["date"][5:7]) - 1] if len(f["date"]) >= 7 else ""),
            ("url", f["url"]), ("urldate", f["accessed"]), ("langid", f["lang"]),
            ("note", _note(f))]
    body = ",\n".join(f"  {k} = {{{_bib_url(v) if k == 'url' else _bib(v)}}}" for k, v in rows if v)
    return f"@article{{{key},\n{body}\n}}\n"


def ris(f: dict) -> str:
    rows = [("TY", "NEWS"), ("TI", f["title"]), ("AU", f["author"]), ("T2", f["source"]),
            ("DA", f["date"].replace("-", "/")), ("PY", f["date"][:4]), ("CY", f["place"]),
            ("LA", f["lang"]), ("UR", f["url"]), ("Y2", f["accessed"].replace("-", "/")),
            ("N1", _note(f))]
    return "".join(f"{k}  - {v}\r\n" for k, v in rows if v) + "ER  - \r\n"


RENDER = {"txt": plain, "bib": bibtex, "ris": ris}


def citation(doc: dict, fmt: str = "txt", today: dt.date | None = None) -> str:
    page = url_for("views.document", doc_id=doc["id"], _external=True)
    return RENDER[fmt](_fields(doc, page, today or dt.date.today()))


@cite.get("/cite/<fmt>/<docid:doc_id>")
def download(fmt: str, doc_id: str):
    if fmt not in FORMATS:      # the app's error handler answers
        raise NotFound(f"unknown citation format {fmt!r}; use txt, bib or ris")
    doc = searcher().document(doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    mimetype, ext = FORMATS[fmt]
    name = f"citation-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}.{ext}"
    return current_app.response_class(
        citation(doc, fmt), mimetype=f"{mimetype}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@cite.app_template_global()
def citation_segments(doc: dict) -> list[str]:
    """The plain-text citation shown on the document page, in parts."""
    page = url_for("views.document", doc_id=doc["id"], _external=True)
    return segments(_fields(doc, page, dt.date.today()))
