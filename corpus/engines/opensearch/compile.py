"""The neutral query tree (corpus/querylang.py) -> OpenSearch query DSL (dicts).

Text is analysed by our Python analyzer, here exactly as the Whoosh engine analyses it;
the index holds the analysed terms in whitespace-tokenised fields (mapping.py), so both
engines match the same terms. The tree's shape is kept: And -> bool must (scores add up),
Or -> bool should, Alternatives (a word and its translations) -> dis_max, Not -> must_not
that does not score, as Whoosh's matchers do.
"""
from __future__ import annotations

from corpus import querylang as ql
from corpus.analysis.analyzer import analyze_prefix, as_written, terms
from corpus.analysis.normalize import normalize
from corpus.analysis.stem import PROCLITICS
from corpus.engines import proximity
from corpus.fields import FACETS, FIELD_BOOSTS, TEXT_FIELDS, facet_key

MATCH_NONE = {"match_none": {}}
# The cluster refuses a query of more than indices.query.bool.max_clause_count (default 1024)
# clauses: term, prefix, wildcard ... queries, nested ones included, a phrase one per word.
# A query within CLAUSE_BUDGET leaves room for the date range and the vector join.
CLAUSE_BUDGET = 1000


def term_field(field: str) -> str:
    """The indexed field holding a full-text field's analysed terms."""
    return f"{field}_terms"


def analysed(text: str, field: str) -> list[str]:
    """The terms of `text` in a full-text field (stems, or exact forms for `exact`)."""
    return terms(text, "exact" if field == "exact" else "stem")


def compile_tree(tree, op: str = "and") -> dict:
    return _compile(tree, op) or MATCH_NONE


def with_proximity(query: dict, tree) -> dict:
    """The query with the proximity bonus (corpus/engines/proximity.py) as optional clauses:
    per pair of the query's words, span_near in a filter (within SLOP words, either order)
    and the two terms scored, times WEIGHT. The matches are the query's; a query that would
    pass CLAUSE_BUDGET with them goes without."""
    name = term_field(proximity.FIELD)
    pairs = [{"bool": {"filter": [{"span_near": {
                 "clauses": [{"span_term": {name: a}}, {"span_term": {name: b}}],
                 "slop": proximity.SLOP, "in_order": False}}],
              "must": [_term(name, a, 1.0), _term(name, b, 1.0)],
              "boost": proximity.WEIGHT}}
             for a, b in proximity.pairs(tree)]
    if not pairs or query == MATCH_NONE or clauses(query) + 4 * len(pairs) > CLAUSE_BUDGET:
        return query
    return {"bool": {"must": [query], "should": pairs}}


def clauses(query: dict) -> int:
    """How many clauses the cluster counts in a compiled query."""
    (kind, body), = query.items()
    if kind == "bool":
        return sum(clauses(q) for occur in ("must", "should", "filter", "must_not") for q in body.get(occur, ()))
    if kind == "dis_max":
        return sum(clauses(q) for q in body["queries"])
    if kind in ("span_near", "span_or"):
        return sum(clauses(q) for q in body["clauses"])
    if kind == "match_phrase":
        return len(next(iter(body.values()))["query"].split())
    return 1


def _bool(kind: str, clauses: list[dict], boost: float = 1.0) -> dict:
    body = {kind: clauses}
    if kind == "should":
        body["minimum_should_match"] = 1
    if boost != 1.0:
        body["boost"] = boost
    return {"bool": body}


def _compile(node, op):
    if isinstance(node, (ql.And, ql.Or)):
        kids = [k for k in (_compile(c, op) for c in node.children) if k is not None]
        if not kids:
            return None
        if len(kids) == 1:
            return kids[0]
        if isinstance(node, ql.Alternatives):     # a word and its translations
            return {"dis_max": {"queries": kids, "tie_breaker": ql.TIE_BREAK}}
        return _bool("must" if isinstance(node, ql.And) else "should", kids)
    if isinstance(node, ql.Not):
        inner = _compile(node.child, op)
        if inner is None:
            return None
        return {"bool": {"filter": [{"match_all": {}}], "must_not": [inner]}}
    if isinstance(node, ql.All):
        return {"match_all": {}}
    if isinstance(node, ql.Nothing):
        return None
    if isinstance(node, ql.DateRange):
        rng = {}
        if node.start:
            rng["gte"] = node.start.isoformat()
        if node.end:
            rng["lte"] = node.end.isoformat()
        return {"range": {"date": rng}}
    weight = getattr(node, "weight", 1.0)
    if node.field == "exact" and isinstance(node, (ql.Word, ql.Phrase)):
        return _as_written(node, weight)
    if node.field:
        return _leaf(node, node.field, op, weight)
    if isinstance(node, ql.Phrase) and node.written:
        return _written_phrase(node, op, weight)
    parts = [p for p in (_leaf(node, f, op, b * weight) for f, b in FIELD_BOOSTS.items()
                         if ql.searched_in(f, weight)) if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else _bool("should", parts)


def _as_written(node, boost):
    """A word or phrase held to its words as written in `exact`, as the Whoosh engine holds
    it (as_written: the first may carry attached و ف ب ك ل); None for stopwords only."""
    written = as_written(node.text if isinstance(node, ql.Word) else " ".join(node.words))
    if not written:
        return None
    name = term_field("exact")
    if len(written) == 1:       # one clause for the cluster's limit (a long list of names)
        return {"terms": {name: list(written[0]), "boost": boost}}
    return {"span_near": {"clauses": [{"span_or": {"clauses": [{"span_term": {name: f}} for f in written[0]]}},
                                      *({"span_term": {name: form}} for (form,) in written[1:])],
                          "slop": getattr(node, "slop", 0), "in_order": True, "boost": boost}}


def _written_phrase(node, op, weight):
    """A phrase held to its words as written (a translated name), as the Whoosh engine
    searches it: matched by its written forms in `exact`, ranked by them plus its stems in
    the fields its weight searches where those hold it (dis_max without tie-break)."""
    held = _as_written(node, FIELD_BOOSTS["exact"] * weight)
    ranked = [p for p in (_leaf(node, f, op, FIELD_BOOSTS[f] * weight) for f in TEXT_FIELDS
                          if f != "exact" and ql.searched_in(f, weight)) if p is not None]
    if not ranked or held is None:
        return held
    both = _bool("must", [ranked[0] if len(ranked) == 1 else _bool("should", ranked), held])
    return {"dis_max": {"queries": [both, held], "tie_breaker": 0.0}}


def _term(field: str, value: str, boost: float) -> dict:
    body = {"value": value}
    if boost != 1.0:
        body["boost"] = boost
    return {"term": {field: body}}


def _wildcard(field: str, pattern: str, boost: float) -> dict:
    """* and ? match; a backslash is a character, as in Whoosh (Lucene's escape, escaped)."""
    return {"wildcard": {field: {"value": pattern.replace("\\", "\\\\"), "boost": boost}}}


def _leaf(node, field, op, boost):
    if field in TEXT_FIELDS:
        return _text_leaf(node, field, op, boost)
    name, value = _keyword_value(node, field)
    if isinstance(node, ql.Wildcard) and node.pattern.strip("*") == "":
        return {"exists": {"field": name}}
    if not value:
        return None
    if isinstance(node, ql.Prefix):
        return {"prefix": {name: {"value": value, "boost": boost}}}
    if isinstance(node, ql.Wildcard):
        return _wildcard(name, value, boost)
    return _term(name, value, boost)


def _keyword_value(node, field) -> tuple[str, str]:
    """(indexed field, the value as indexed) for metadata and identifier fields."""
    raw = {ql.Word: lambda n: n.text, ql.Phrase: lambda n: " ".join(n.words),
           ql.Prefix: lambda n: n.text, ql.Wildcard: lambda n: n.pattern}[type(node)](node)
    if field in FACETS:
        return f"{field}_key", facet_key(raw)
    return field, raw


def _text_leaf(node, field, op, boost):
    name = term_field(field)
    if isinstance(node, ql.Word):
        terms = analysed(node.text, field)
        if not terms:
            return None
        if len(terms) == 1:
            return _term(name, terms[0], boost)
        return _bool("must" if op == "and" else "should", [_term(name, t, boost) for t in terms])
    if isinstance(node, ql.Phrase):
        terms = analysed(" ".join(node.words), field)
        if not terms:
            return None
        if len(terms) == 1:
            return _term(name, terms[0], boost)
        body = {"query": " ".join(terms), "analyzer": "terms", "boost": boost}
        if node.slop:
            body["slop"] = node.slop
        return {"match_phrase": {name: body}}
    if isinstance(node, ql.Prefix):
        text = analyze_prefix(node.text) if field != "exact" else normalize(node.text)
        if not text:
            return None
        variants = prefix_variants(text) if field != "exact" else [text]
        qs = [{"prefix": {name: {"value": v, "boost": boost}}} for v in variants]
        return qs[0] if len(qs) == 1 else _bool("should", qs)
    if isinstance(node, ql.Wildcard):
        if node.pattern.strip("*") == "":
            return {"exists": {"field": name}}
        text = analyze_prefix(node.pattern) if field != "exact" else normalize(node.pattern)
        return _wildcard(name, text, boost) if text else None
    raise TypeError(f"not a query node: {node!r}")


def prefix_variants(text: str) -> list[str]:
    """A prefix of a stemmed field, and the same without a leading ل ب ك: the stemmer takes
    one off a word once its ending is known (البيشمركة -> يشمرك), which a prefix can't know."""
    for letter, keep in PROCLITICS:
        if text.startswith(letter) and len(text) > keep:
            return [text, text[1:]]
    return [text]


def positive_stems(tree) -> tuple[set[str], list[str]]:
    """(stems, prefixes) a hit's title and body may show as matches: the words of the
    leaves that are not negated, as the Whoosh engine highlights them."""
    stems, prefixes = set(), []
    for leaf in ql.leaves(tree):
        if getattr(leaf, "field", None) not in (None, *TEXT_FIELDS):
            continue
        if isinstance(leaf, ql.Word):
            stems.update(analysed(leaf.text, "body"))
        elif isinstance(leaf, ql.Phrase):
            stems.update(analysed(" ".join(leaf.words), "body"))
        elif isinstance(leaf, ql.Prefix):
            text = analyze_prefix(leaf.text)
            if text:
                prefixes.extend(prefix_variants(text))
    return stems, prefixes
