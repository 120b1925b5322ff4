"""Our query language -> an engine-neutral query tree.

    البيشمركة الجيش            words: all required (op="and") or any (op="or")
    "غرف عمليات مشتركة"        a phrase
    a OR b, a AND b, NOT a      operators (upper case), parentheses group
    title:كركوك place:اربيل    a field; `field:"two words"`, `field:(a OR b)`
    بيشمر*  k?rd*               prefix and wildcard; `*` alone: every document
    date:[2019-01-01 TO 2019-06-30], date:2019-05, date:[2019 TO]

Each engine compiles the tree into its own query objects (corpus/engines/*/compile.py).
Text is not analysed here: the leaves keep what the user typed, so every engine applies
the same analyzer to it. A query that is not valid syntax is searched as plain words, with
a notice, as web search engines do (`Parsed.notices`).
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re

from corpus.fields import FACETS, TEXT_FIELDS
from corpus.messages import Notice

# Fields a query may name: full text, the date, identifiers and the metadata facets.
QUERY_FIELDS = (*TEXT_FIELDS, "date", "url", "id", *FACETS)
MAX_DEPTH = 24          # nested groups and NOTs; deeper queries are searched as words
MAX_CLAUSES = 256       # leaves; longer queries are searched as their first words
MAX_PATTERNS = 16       # prefixes and wildcards; more: searched as plain words


# -- the tree
@dataclasses.dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None        # None: the default full-text fields
    weight: float = 1.0             # below 1: a translation (corpus/translate), ranked lower


def searched_in(field: str, weight: float) -> bool:
    """Whether an unfielded word of this weight searches a full-text field: translations
    (weight < 1) leave titles out -- short headlines matching one translated word outranked
    the articles (XQuAD en->ar + 31k news: MRR@10 0.479 -> 0.494)."""
    return weight >= 1.0 or field != "title"


@dataclasses.dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    field: str | None = None
    weight: float = 1.0             # below 1: a translation, as Word's
    slop: int = 0                   # other words allowed between (0: adjacent, in order)
    written: bool = False           # held to its words as written (a name: طالبان, not طالب)


@dataclasses.dataclass(frozen=True)
class Prefix:
    text: str
    field: str | None = None


@dataclasses.dataclass(frozen=True)
class Wildcard:
    pattern: str                    # * and ? as wildcards
    field: str | None = None


@dataclasses.dataclass(frozen=True)
class DateRange:
    start: dt.date | None           # inclusive; None: open
    end: dt.date | None


@dataclasses.dataclass(frozen=True)
class And:
    children: tuple


@dataclasses.dataclass(frozen=True)
class Or:
    children: tuple


@dataclasses.dataclass(frozen=True)
class Alternatives(Or):
    """One word's alternatives (the word and its translations, corpus/translate): matches
    as an Or, scores as Lucene's dis_max -- the best alternative plus TIE_BREAK times the
    others -- so that a word with many translations counts about once among the query's
    words (a flat Or: XQuAD en->ar + 31k distractors MRR@10 0.496, dis_max 0.527)."""


TIE_BREAK = 0.1         # 0: 0.527, 0.1: 0.526 (R@10 better), 0.3: 0.521


@dataclasses.dataclass(frozen=True)
class Not:
    child: object


@dataclasses.dataclass(frozen=True)
class All:
    """Every document."""


@dataclasses.dataclass(frozen=True)
class Nothing:
    """No document (an empty query part, e.g. only stopwords: engines decide)."""


Node = Word | Phrase | Prefix | Wildcard | DateRange | And | Or | Alternatives | Not | All | Nothing


@dataclasses.dataclass
class Parsed:
    tree: Node
    notices: list[str] = dataclasses.field(default_factory=list)


class SyntaxProblem(ValueError):
    """Syntax the parser cannot take: a code of corpus/messages.py (the notice said when the
    query is searched as plain words instead)."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)


# -- tokens (public: corpus/suggest/words.py reads queries with the same rules)
SYNTAX_TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<lpar>\()
  | (?P<rpar>\))
  | (?P<phrase>"[^"]*")
  | (?P<range>\[[^\[\]]*\])
  | (?P<field>[A-Za-z_][A-Za-z0-9_]*):(?![/\s]|$)
  | (?P<word>[^\s()"]+)
  | (?P<quote>")
''', re.VERBOSE)
OPERATORS = {"AND", "OR", "NOT"}


def _tokens(text: str, notices: list[str]) -> list[tuple[str, str]]:
    out = []
    for m in SYNTAX_TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        value = m.group(kind)
        if kind == "quote":
            raise SyntaxProblem("unbalanced_quote")
        if kind == "word" and value in OPERATORS:
            kind = value.lower()
        elif kind == "field" and value not in QUERY_FIELDS:
            notices.append(Notice("unknown_field", value=value, choices=", ".join(QUERY_FIELDS)))
            kind, value = "word", value + ":"
        out.append((kind, value))
    return out


# -- the parser: or_expr := and_expr (OR and_expr)*; and_expr := unary (AND unary)*;
#    a query is a sequence of or_exprs joined by the default operator.
class _Parser:
    def __init__(self, text: str, op: str):
        self.notices = []
        self.toks, self.i, self.op = _tokens(text, self.notices), 0, op
        self.leaves = 0
        self.patterns = 0

    def peek(self):
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def take(self):
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def sequence(self, depth: int, closing: str | None = None) -> Node:
        parts = []
        while self.peek() not in (None, closing):
            if self.peek() == "rpar":
                raise SyntaxProblem("unopened_paren")
            parts.append(self.or_expr(depth))
        return _join(And if self.op == "and" else Or, parts)

    def or_expr(self, depth):
        parts = [self.and_expr(depth)]
        while self.peek() == "or":
            self.take()
            parts.append(self.and_expr(depth))
        return _join(Or, parts)

    def and_expr(self, depth):
        parts = [self.unary(depth)]
        while self.peek() == "and":
            self.take()
            parts.append(self.unary(depth))
        return _join(And, parts)

    def unary(self, depth):
        if depth > MAX_DEPTH:
            raise SyntaxProblem("nested_too_deeply")
        if self.peek() == "not":
            self.take()
            return Not(self.unary(depth + 1))
        return self.atom(depth, None)

    def atom(self, depth, field):
        kind = self.peek()
        if kind is None:
            raise SyntaxProblem("ends_early")
        kind, value = self.take()
        if kind == "lpar":
            inner = self.sequence(depth + 1, closing="rpar")
            if self.peek() != "rpar":
                raise SyntaxProblem("unclosed_paren")
            self.take()
            return _with_field(inner, field) if field else inner
        if kind == "field":
            if field is not None:
                raise SyntaxProblem("field_in_field")
            return self.atom(depth, value)
        self.leaves += 1
        if self.leaves > MAX_CLAUSES:
            raise SyntaxProblem("too_many_words", max=MAX_CLAUSES)
        if kind == "phrase":
            words = tuple(value[1:-1].split())
            if field == "date":
                return _date_leaf(" ".join(words))
            return Phrase(words, field) if words else Nothing()
        if kind == "range":
            if field != "date":
                raise SyntaxProblem("range_not_date")
            return _date_range(value[1:-1])
        if kind in ("rpar", "and", "or", "not"):
            raise SyntaxProblem("unexpected", value=value)
        if field == "date":
            return _date_leaf(value)
        leaf = _word_leaf(value, field)
        if isinstance(leaf, (Prefix, Wildcard)):
            self.patterns += 1
            if self.patterns > MAX_PATTERNS:
                raise SyntaxProblem("too_many_patterns", max=MAX_PATTERNS)
        return leaf


def _join(cls, parts):
    if len(parts) == 1:
        return parts[0]
    return cls(tuple(parts))


def _with_field(node, field):
    """`title:(a OR "b c")`: the field applies to every leaf of the group."""
    if isinstance(node, (Word, Phrase, Prefix, Wildcard)):
        return dataclasses.replace(node, field=node.field or field)
    if isinstance(node, (And, Or)):
        return type(node)(tuple(_with_field(c, field) for c in node.children))
    if isinstance(node, Not):
        return Not(_with_field(node.child, field))
    return node


def _word_leaf(value: str, field):
    if value == "*" and field in (None, *TEXT_FIELDS):
        return All()
    if "*" in value or "?" in value:
        body = value.rstrip("*")
        if "*" not in body and "?" not in body and body:
            return Prefix(body, field)
        return Wildcard(value, field)
    return Word(value, field)


def _parse_date(text: str, end: bool) -> dt.date:
    """2019, 2019-05 or 2019-05-17 -> the first (or, with end, the last) day it covers."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not m:
        raise SyntaxProblem("not_a_date", value=text)
    y, mo, d = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    try:
        if d is None:
            d = calendar.monthrange(y, mo)[1] if end else 1
        return dt.date(y, mo, int(d))
    except (ValueError, calendar.IllegalMonthError):
        raise SyntaxProblem("no_such_day", value=text) from None


def _date_leaf(text: str) -> DateRange:
    return DateRange(_parse_date(text, False), _parse_date(text, True))


def _date_range(inner: str) -> DateRange:
    m = re.fullmatch(r"\s*(\S*)\s+TO\s+(\S*)\s*|\s*(\S*)\s+TO\s*|\s*TO\s+(\S*)\s*", inner)
    if not m:
        raise SyntaxProblem("not_a_date_range")
    lo, hi = (m[1], m[2]) if m[1] is not None else (m[3], m[4])
    start = _parse_date(lo, False) if lo else None
    end = _parse_date(hi, True) if hi else None
    if start and end and start > end:
        raise SyntaxProblem("range_reversed")
    return DateRange(start, end)


def plain_words(text: str, op: str) -> Node:
    """The query's words with every operator character taken as text."""
    words = [w for w in re.split(r'[\s()"\[\]{}]+', text) if w][:MAX_CLAUSES]
    leaves = [Word(w) for w in words if w not in OPERATORS]
    if not leaves:
        return Nothing()
    return _join(And if op == "and" else Or, leaves)


def parse(text: str, op: str = "and") -> Parsed:
    """The tree of a query string. Invalid syntax falls back to plain words, with a notice."""
    text = (text or "").strip()
    if not text:
        return Parsed(All())
    try:
        p = _Parser(text, op)
        tree = p.sequence(0)
        return Parsed(tree, p.notices)
    except SyntaxProblem as e:
        return Parsed(plain_words(text, op), [Notice(e.code, **e.params)])
    except RecursionError:
        return Parsed(plain_words(text, op), [Notice("nested_too_deeply")])


def ranking_only(tree, hints: tuple) -> Alternatives:
    """`tree`, with `hints` that only rank: Alternatives(T, And(T, Or(hints))) matches what T
    matches, and a document also holding hints scores higher (corpus/translate)."""
    return Alternatives((tree, And((tree, Or(tuple(hints))))))


def searched_part(node):
    """T of a ranking_only(T, hints) node, else None: what such a node looks for."""
    if (isinstance(node, Alternatives) and len(node.children) == 2
            and isinstance(node.children[1], And) and len(node.children[1].children) == 2
            and node.children[1].children[0] == node.children[0]):
        return node.children[0]
    return None


def leaves(node) -> list:
    """The leaves of a tree that are not under a NOT nor ranking-only hints (what a search
    looks for, and what a hit shows as matches)."""
    if (base := searched_part(node)) is not None:
        return leaves(base)
    if isinstance(node, (And, Or)):
        return [x for c in node.children for x in leaves(c)]
    if isinstance(node, Not):
        return []
    return [node]
