"""The neutral query tree (corpus/querylang.py) -> Whoosh query objects.

Unfielded leaves search the full-text fields with their BM25F weights, as Whoosh's
MultifieldParser does; text is analysed by each field's analyzer (our one analyzer, stem or
exact form); metadata values are compared as facet keys.
"""
from __future__ import annotations

import datetime as dt

from whoosh import query

from corpus import querylang as ql
from corpus.analysis.analyzer import as_written
from corpus.analysis import stem as arabic_stem
from corpus.engines.whoosh.maxor import MaxOr
from corpus.fields import FIELD_BOOSTS, TEXT_FIELDS


def compile_tree(tree, schema, op: str = "and") -> query.Query:
    """A Whoosh query for the tree; NullQuery where nothing can match (stopwords only)."""
    q = _compile(tree, schema, op)
    return (q or query.NullQuery).normalize()


def _group(op):
    return query.And if op == "and" else query.Or


def _compile(node, schema, op):
    if isinstance(node, (ql.And, ql.Or)):
        kids = [k for k in (_compile(c, schema, op) for c in node.children) if k is not None]
        if isinstance(node, ql.Alternatives) and len(kids) > 1:
            return MaxOr(kids, tiebreak=ql.TIE_BREAK)
        cls = query.And if isinstance(node, ql.And) else query.Or
        return cls(kids) if kids else None
    if isinstance(node, ql.Not):
        inner = _compile(node.child, schema, op)
        return query.Not(inner) if inner is not None else None
    if isinstance(node, ql.All):
        return query.Every()
    if isinstance(node, ql.Nothing):
        return None
    if isinstance(node, ql.DateRange):
        lo = dt.datetime.combine(node.start, dt.time()) if node.start else None
        hi = dt.datetime.combine(node.end, dt.time.max) if node.end else None
        return query.DateRange("date", lo, hi)
    weight = getattr(node, "weight", 1.0)
    if node.field == "exact" and isinstance(node, (ql.Word, ql.Phrase)):
        return _as_written(node, weight)
    if isinstance(node, ql.Phrase) and node.written and not node.field:
        return _written_phrase(node, schema, op, weight)
    fields = [node.field] if node.field else [f for f in FIELD_BOOSTS if ql.searched_in(f, weight)]
    parts = [_leaf(node, f, schema, op, (FIELD_BOOSTS.get(f, 1.0) if not node.field else 1.0) * weight)
             for f in fields]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if node.field else query.Or(parts)


def _as_written(node, boost):
    """A word or phrase held to its words as written in `exact` (as_written: the first may
    carry attached و ف ب ك ل); None for stopwords only."""
    written = as_written(node.text if isinstance(node, ql.Word) else " ".join(node.words))
    if not written:
        return None
    rest = [form for (form,) in written[1:]]
    slop = getattr(node, "slop", 0) + 1         # Whoosh: 1 is adjacent
    return query.Or([query.Phrase("exact", [first, *rest], slop=slop, boost=boost) if rest
                     else query.Term("exact", first, boost=boost) for first in written[0]])


def _written_phrase(node, schema, op, weight):
    """A phrase held to its words as written (a translated name): matched by its written
    forms in `exact` (title and body), ranked by them plus its stems in the fields its weight
    searches (ql.searched_in) where those hold it: the better of the two (a dis_max without
    tie-break), so a title-only match is matched as `exact:` matches it."""
    held = _as_written(node, FIELD_BOOSTS["exact"] * weight)
    ranked = [p for p in (_leaf(node, f, schema, op, FIELD_BOOSTS[f] * weight)
                          for f in TEXT_FIELDS if f != "exact" and ql.searched_in(f, weight))
              if p is not None]
    if not ranked or held is None:
        return held
    return MaxOr([query.And([query.Or(ranked), held]), held], tiebreak=0.0)


def _texts(schema, field: str, text: str, tokenize: bool = True) -> list[str]:
    return list(schema[field].process_text(text, mode="query", tokenize=tokenize))


def _leaf(node, field, schema, op, boost):
    if isinstance(node, ql.Word):
        texts = _texts(schema, field, node.text)
        if not texts:
            return None
        if len(texts) == 1:
            return query.Term(field, texts[0], boost=boost)
        return _group(op)([query.Term(field, t, boost=boost) for t in texts])
    if isinstance(node, ql.Phrase):
        if field not in TEXT_FIELDS:        # a metadata value with spaces: one facet key
            return _leaf(ql.Word(" ".join(node.words)), field, schema, op, boost)
        texts = _texts(schema, field, " ".join(node.words))
        if not texts:
            return None
        if len(texts) == 1:
            return query.Term(field, texts[0], boost=boost)
        return query.Phrase(field, texts, slop=node.slop + 1, boost=boost)     # Whoosh: 1 adjacent
    if isinstance(node, ql.Prefix):
        texts = _texts(schema, field, node.text, tokenize=False)
        if not texts or not texts[0]:
            return None
        return _proclitic_variants(query.Prefix(field, texts[0], boost=boost))
    if isinstance(node, ql.Wildcard):
        if node.pattern.strip("*") == "":
            return query.Every(field)
        texts = _texts(schema, field, node.pattern, tokenize=False)
        return query.Wildcard(field, texts[0], boost=boost) if texts and texts[0] else None
    raise TypeError(f"not a query node: {node!r}")


def _proclitic_variants(q: query.Prefix) -> query.Query:
    """`بيشمر*` on a stemmed field also looks for `يشمر*`: the stemmer takes a leading ل ب ك
    off a word once its ending is known (البيشمركة -> يشمرك), which a prefix can't know."""
    if q.fieldname in ("title", "body"):
        for letter, keep in getattr(arabic_stem, "PROCLITICS", ()):
            if q.text.startswith(letter) and len(q.text) > keep:
                return query.Or([q, query.Prefix(q.fieldname, q.text[1:], boost=q.boost)])
    return q
