"""The words of a query that suggestions and variants may touch, and how to put them back.

Only bare words outside fields, quotes, operators and wildcards are touched; a query with
anything else keeps those parts as they are. `surface()` writes an index word (normalised:
ه for ة, bare alef) back in the letters the user typed where they agree.
"""
from __future__ import annotations

import dataclasses
import difflib
import re

from corpus.analysis import analyze_word
from corpus.analysis.normalize import DELETE, normalize
from corpus.querylang import SYNTAX_TOKEN, OPERATORS

_PLAIN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclasses.dataclass
class Token:
    start: int
    end: int
    text: str
    kind: str                  # "word" (touchable), "field", "other"
    field: str | None = None   # the field of a word after field:


def tokens(q: str) -> list[Token]:
    out, field = [], None
    for m in SYNTAX_TOKEN.finditer(q):
        kind = m.lastgroup
        if kind == "ws":
            continue
        text = m.group(kind)
        if kind == "field":
            field = text
            out.append(Token(m.start(), m.end(), text, "field"))
            continue
        plain = kind == "word" and text not in OPERATORS and _PLAIN.fullmatch(text) is not None
        out.append(Token(m.start(), m.end(), text, "word" if plain else "other", field))
        field = None
    return out


def exact(word: str) -> str:
    """The index's exact form of a word ("" for a stopword)."""
    form, _, stop = analyze_word(word)
    return "" if stop else form


def surface(found: str, typed: str) -> str:
    """`found` (an index word) in the user's letters where they agree: الصحه + الصحة -> الصحة."""
    typed = "".join(c for c in typed if c not in DELETE)
    if len(normalize(typed)) != len(typed):
        return found
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, normalize(typed), found, autojunk=False).get_opcodes():
        out.append(typed[i1:i2] if op == "equal" else found[j1:j2])
    text = "".join(out)
    if text.endswith("ه") and typed.endswith("ة"):
        text = text[:-1] + "ة"
    return text


def replace(q: str, changes: dict[int, str]) -> str:
    """`q` with the tokens starting at the given offsets replaced."""
    out, last = [], 0
    for tok in tokens(q):
        if tok.start in changes:
            out += [q[last:tok.start], changes[tok.start]]
            last = tok.end
    return "".join(out) + q[last:]
