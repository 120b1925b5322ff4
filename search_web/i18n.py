"""The interface language: Arabic (right to left) or English (left to right).

Chosen, in this order, by the `lang` cookie that the switch on every page sets, by the
browser's Accept-Language, else Arabic. Labels in templates and code are English msgids
wrapped in gettext (`_()`); their Arabic lives in search_web/translations/ar/LC_MESSAGES/
messages.po (committed), compiled to .mo when the app starts if the .mo is missing or older.
Regenerate the catalog after adding labels:  bash scripts/i18n  (extract + update + compile).
The API stays language-neutral apart from the `message` of an error, chosen by `?hl=`.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, redirect, request, url_for
from flask_babel import Babel, get_locale, get_translations

log = logging.getLogger(__name__)

LANGUAGES = ("ar", "en")
DEFAULT = "ar"
RTL = {"ar"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
ENVIRON_KEY = "corpus.ui_lang"      # the language, once worked out, in the request's WSGI environ
CATALOGS = Path(__file__).parent / "translations"

switch = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def ui_lang() -> str:
    """The interface language of this request ("ar" or "en"), worked out once per request (a
    result page asks hundreds of times; Flask-Babel's answer costs some 10 microseconds)."""
    try:
        environ = request.environ
    except RuntimeError:        # outside a request
        return str(get_locale() or DEFAULT)
    lang = environ.get(ENVIRON_KEY)
    if lang is None:
        lang = environ[ENVIRON_KEY] = str(get_locale() or DEFAULT)
    return lang


def ui_dir() -> str:
    return "rtl" if ui_lang() in RTL else "ltr"


@switch.route("/lang/<code>")
def choose(code: str):
    """The switch: remember the language (cookie) and go back to the page it was clicked on."""
    if code not in LANGUAGES:
        return redirect(url_for("views.search"))
    target = request.args.get("next") or url_for("views.search")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):   # no open redirect
        target = url_for("views.search")
    resp = redirect(target)
    resp.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return resp


def compiled_catalogs() -> str:
    """A translations directory whose .mo files are at least as new as the committed .po
    files: the package's own, or a private copy when the package is read-only."""
    pos = list(CATALOGS.glob("*/LC_MESSAGES/messages.po"))
    if all(_fresh(po, po.with_suffix(".mo")) for po in pos):
        return str(CATALOGS)
    target = CATALOGS if os.access(CATALOGS, os.W_OK) else Path(tempfile.mkdtemp(prefix="corpus-i18n-"))
    for po in pos:
        mo = target / po.relative_to(CATALOGS).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with open(po, "rb") as f:
            catalog = read_po(f)
        tmp = mo.with_suffix(".mo.tmp")
        with open(tmp, "wb") as f:
            write_mo(f, catalog)
        os.replace(tmp, mo)
    return str(target)


def _fresh(po: Path, mo: Path) -> bool:
    return mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime


def cached_gettext():
    """gettext for the templates: each (language, label) looked up in the catalog once (the
    result page says "Its page" and "articles: %(n)s" for every facet value it lists)."""
    said: dict[tuple[str, str], str] = {}

    def gettext(text: str) -> str:
        key = (ui_lang(), text)
        out = said.get(key)
        if out is None:
            out = said[key] = get_translations().ugettext(text)
        return out
    return gettext


def init_app(app) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = compiled_catalogs()
    Babel(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=cached_gettext(), ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True, pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n))
    app.register_blueprint(switch)
    app.jinja_env.globals.update(ui_lang=ui_lang, ui_dir=ui_dir, LANGUAGES=LANGUAGES)
