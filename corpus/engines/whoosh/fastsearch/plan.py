"""The plan: a tree of Nodes mirroring a Whoosh query tree of Term queries (or None:
the caller keeps the Whoosh path)."""
from __future__ import annotations

from whoosh import query

from corpus.engines.whoosh.maxor import MaxOr

# -- the plan: a tree of Nodes mirroring the query tree
TERM, AND, OR, NOT, ANDNOT, EVERY, NULL = "term", "and", "or", "not", "andnot", "every", "null"
DMAX = "dmax"   # MaxOr (corpus/engines/whoosh/maxor.py): matches as OR, scale = tie-break
HAS = "has"     # Every(field): the documents with a term in the field
PHRASE = "phrase"   # Phrase: its words (TERM children) in order, each within `slop` of the last

# Or._matcher heuristics (whoosh.query.compound.Or)
_TOO_MANY_CLAUSES = query.Or.TOO_MANY_CLAUSES
_SMALL_SEGMENT = 5000


class Node:
    __slots__ = ("kind", "q", "children", "boost", "field", "btext", "scale", "scorable", "slop")

    def __init__(self, kind, q, children=(), boost=1.0, field=None, btext=None, scale=None,
                 scorable=True, slop=None):
        self.kind, self.q, self.children, self.boost = kind, q, list(children), boost
        self.field, self.btext, self.scale, self.scorable = field, btext, scale, scorable
        self.slop = slop

    def __repr__(self):
        if self.kind == TERM:
            return f"Term({self.field}:{self.btext!r}^{self.boost})"
        return f"{self.kind}({', '.join(map(repr, self.children))})^{self.boost}"


def compile(q, schema) -> Node | None:
    """The plan for a query, or None when the query needs the Whoosh path."""
    try:
        return _compile(q, schema)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


def _compile(q, schema) -> Node:
    t = type(q)
    if q is query.NullQuery:
        return Node(NULL, q)
    if t is query.Term:
        if getattr(q, "minquality", None) or not isinstance(q.text, str):
            raise _Unsupported
        if q.fieldname not in schema:
            return Node(NULL, q)        # Term.matcher gives a NullMatcher
        field = schema[q.fieldname]
        if field.format is None:
            raise _Unsupported
        try:
            btext = field.to_bytes(q.text)
        except ValueError:
            return Node(NULL, q)
        _check_boost(q.boost)
        return Node(TERM, q, boost=q.boost, field=q.fieldname, btext=btext,
                    scorable=field.scorable)
    if t is query.Phrase:
        return _phrase(q, schema)
    if t is query.And:
        _check_boost(q.boost)
        return Node(AND, q, [_compile(c, schema) for c in q.subqueries], boost=q.boost)
    if t is MaxOr:
        _check_boost(q.boost)
        return Node(DMAX, q, [_compile(c, schema) for c in q.subqueries], boost=q.boost,
                    scale=q.tiebreak)
    if t is query.Or:
        _check_boost(q.boost)
        if q.minmatch:
            raise _Unsupported
        return Node(OR, q, [_compile(c, schema) for c in q.subqueries], boost=q.boost,
                    scale=q.scale)
    if t is query.Not:
        return Node(NOT, q, [_compile(q.query, schema)])
    if t is query.AndNot:
        return Node(ANDNOT, q, [_compile(q.a, schema), _compile(q.b, schema)])
    if t is query.Every and q.fieldname in (None, "*"):
        return Node(EVERY, q, boost=q.boost)
    if t is query.Every:
        return Node(HAS, q, boost=q.boost, field=q.fieldname) if q.fieldname in schema \
            else Node(NULL, q)
    raise _Unsupported


def _phrase(q, schema) -> Node:
    """Phrase.matcher: a SpanNear2 (ordered, mindist 1) over Term(field, word) per word,
    scored as the binary tree of IntersectionMatchers over them, times the boost."""
    if q.fieldname not in schema:
        return Node(NULL, q)
    field = schema[q.fieldname]
    if not field.format or not field.format.supports("positions") or not q.words:
        raise _Unsupported      # Whoosh raises QueryError / normalizes these away
    _check_boost(q.boost)
    if not isinstance(q.slop, int) or q.slop < 1:
        raise _Unsupported
    kids = []
    for word in q.words:
        if not isinstance(word, str):
            raise _Unsupported
        try:
            btext = field.to_bytes(word)
        except ValueError:
            return Node(NULL, q)
        kids.append(Node(TERM, query.Term(q.fieldname, btext), field=q.fieldname, btext=btext,
                         scorable=field.scorable))
    return Node(PHRASE, q, kids, boost=q.boost, field=q.fieldname, slop=q.slop)


def _check_boost(boost):
    # Whoosh's ArrayUnionMatcher drops documents whose summed score is not > 0; keep
    # zero and negative boosts on the Whoosh path rather than reproduce that.
    if not boost > 0:
        raise _Unsupported


# -- reading posting lists
