"""Messages in the language they are read in: a QueryError or a Notice by its code
(corpus/messages.py); text without a code (an index that cannot answer, an HTTP error) as it is.

The pages show the interface language (search_web/i18n.py); the API's `error.message` is
English unless the request says `hl=ar` (its `code` says the same in any language; `lang` is
the documents' language filter, not the message's).
"""
from __future__ import annotations

from flask import request

from corpus import messages
from search_web.i18n import LANGUAGES, ui_lang


def say(message) -> str:
    """A message in the interface language."""
    return messages.say(message, ui_lang())


def api_lang() -> str:
    """The language of the API's `message`: `hl=ar` (or en) on the request, else English."""
    chosen = request.args.get("hl", "")
    return chosen if chosen in LANGUAGES else "en"
